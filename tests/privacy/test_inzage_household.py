"""The inzage document and the household (security review of issue 14, finding 2): a household's texts hold other
members' data. The export is logged for everyone whose data is in the document; other members are named with their
role only; the household's parts are marked and the officer is told to weigh them (AVG art. 15 lid 4)."""

import json

import pytest

from procesregie.audit.models import AccessLogEntry
from procesregie.privacy.inzage_rendering import render_print_html
from procesregie.subjects.models import SystemMember

from .. import factories as f
from ..logins import verified_client as logged_in
from .test_inzage import produce

pytestmark = pytest.mark.django_db

SECRET = "Synthetisch: wordt op school gepest en is suicidaal"
NOTICE = "AVG artikel 15 lid 4"


@pytest.fixture
def household():
    """A household of a parent and a child, with the household's own registration about the child; the parent
    (the requester) also has a registration of their own."""
    parent, child = f.PersonFactory(given_name="Ouder", family_name="Synthetica"), f.PersonFactory(
        given_name="Kind", family_name="Synthetica")
    registration = f.RegistrationFactory(for_system=True, reason=SECRET)
    system = registration.system
    SystemMember.objects.create(system=system, person=parent, role="ouder")
    SystemMember.objects.create(system=system, person=child, role="kind")
    f.RegistrationFactory(person=parent, reason="Synthetische eigen aanmelding")
    return system, parent, child


def _exports(subject) -> int:
    return AccessLogEntry.objects.filter(subject_key=subject.subject_key, action="export").count()


@pytest.mark.parametrize("requester", ["parent", "system"])
def test_the_export_is_logged_for_every_subject_whose_data_is_in_it(world, household, requester):
    system, parent, child = household
    subject = parent if requester == "parent" else system
    officer = logged_in(world.users["privacy_officer"])
    url = produce(officer, subject)
    before = {s.pk: _exports(s) for s in (system, parent, child)}
    officer.get(url, {"format": "json"})
    # The household and each of its members: their own inzage will show that their data left the house.
    for shown in (system, parent, child):
        assert _exports(shown) == before[shown.pk] + 1, shown
    entry = AccessLogEntry.objects.filter(subject_key=child.subject_key, action="export").get()
    assert entry.actor_username == "privacy" and entry.outcome == "granted"


def test_a_persons_document_marks_the_household_and_names_other_members_by_role_only(world, household):
    system, parent, child = household
    officer = logged_in(world.users["privacy_officer"])
    url = produce(officer, parent)
    document = json.loads(officer.get(url, {"format": "json"}).content)
    assert NOTICE in document["document"]["household_notice"]
    by_reason = {r["reason"]: r for r in document["registrations"]}
    assert by_reason[SECRET]["about_household"] is True
    assert by_reason["Synthetische eigen aanmelding"]["about_household"] is False
    (membership,) = document["systems"]
    assert membership["members"] == [
        {"name": str(parent), "role": "ouder", "is_subject": True},
        {"name": str(child), "role": "kind", "is_subject": False},
    ]
    assert child.birth_date.isoformat() not in json.dumps(document)

    html = officer.get(url).content.decode()
    for page in (html, render_print_html(document)):  # the preview and what WeasyPrint lays out as the PDF
        assert NOTICE in page and page.index(NOTICE) < page.index("Gegevens van de betrokkene")
        assert "[over het huishouden]" in page and "[de betrokkene van dit verzoek]" in page
        assert child.ref not in page


def test_a_systems_document_lists_members_without_birth_dates_or_references(world, household):
    system, parent, child = household
    officer = logged_in(world.users["privacy_officer"])
    url = produce(officer, system)
    document = json.loads(officer.get(url, {"format": "json"}).content)
    assert document["members"] == [{"name": str(parent), "role": "ouder"}, {"name": str(child), "role": "kind"}]
    assert all(r["about_household"] for r in document["registrations"])
    assert NOTICE in document["document"]["household_notice"]
    text = json.dumps(document)
    for member in (parent, child):
        assert member.birth_date.isoformat() not in text and member.ref not in text
    html = officer.get(url).content.decode()
    assert NOTICE in html and "[over het huishouden]" in html and child.ref not in html


def test_a_person_without_a_household_gets_no_notice(world):
    person = world.case.registration.person
    assert not SystemMember.objects.filter(person=person).exists()
    officer = logged_in(world.users["privacy_officer"])
    url = produce(officer, person)
    document = json.loads(officer.get(url, {"format": "json"}).content)
    assert document["document"]["household_notice"] is None
    assert NOTICE not in officer.get(url).content.decode()
