"""The privacy officer answers an inzageverzoek in one step: the document with everything the house holds about
the person, which organisations took part and who accessed the data when and why (decision 0019)."""

import json
from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry
from procesregie.privacy.inzage import access_summary, inzage_document
from procesregie.subjects.models import RightsRequest, RightsRequestKind

from ..casepage.long_case import SHORT
from ..logins import verified_client as logged_in
from .history import MARKERS, add_history

pytestmark = pytest.mark.django_db


def produce(officer: Client, person, received_on="2026-01-05"):
    """The one step: the button on the subject page. Returns the document page's URL."""
    page = officer.get(reverse("privacy:subject-detail", args=[person.subject_key]))
    assert page.status_code == 200 and "Inzagedocument maken" in page.content.decode()
    response = officer.post(reverse("privacy:inzage-create", args=[person.subject_key]),
                            {"inzage-received_on": received_on})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_one_step_gives_everything_the_house_holds(world):
    person = add_history(world, years=2, reads_per_year=5, size=replace(SHORT, years=2))
    partner = logged_in(world.users["participant"])
    assert partner.get(reverse("casework:case-detail", args=[world.case.pk])).status_code == 200

    officer = logged_in(world.users["privacy_officer"])
    url = produce(officer, person)
    html = officer.get(url).content.decode()
    for marker in MARKERS.values():
        assert marker in html, marker
    assert person.bsn in html and person.family_name in html
    assert "Voortgang besproken" in html  # a discussion's notes
    assert "Toelichting bij meting" in html  # a measurement's note
    assert "Synthetisch: niemand neemt de leiding." in html  # the escalation's explanation
    # Which organisations took part: the police (reported, took part), the probation service that was removed.
    assert "Politie (synthetisch)" in html and "Reclassering (synthetisch)" in html
    assert "nam deel aan de casus" in html and "meldde aan" in html

    document = json.loads(officer.get(url, {"format": "json"}).content)
    assert document["subject"]["bsn"] == person.bsn
    assert {r["reason"] for r in document["registrations"]} >= {MARKERS["earlier_reason"], MARKERS["system_reason"]}
    assert document["systems"][0]["role"] == "ouder"
    assert len(document["police_registrations"]) == 2
    removed = next(p for r in document["registrations"] if r["case"] for p in r["case"]["participants"]
                   if p["organisation"] == "Reclassering (synthetisch)")
    assert removed["removed_at"]
    # Who accessed it, when and why: the partner's read of the case, with the case and the approach as purpose.
    partner_reads = [e for e in document["access_log"] if e["actor"] == "partner" and e["purpose_case_id"] == world.case.pk]
    assert partner_reads and partner_reads[0]["organisation"] == "politie"
    assert partner_reads[0]["purpose_approach"] == world.case.registration.approach.code

    pdf = officer.get(url, {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def test_the_request_is_recorded_and_every_rendering_is_logged_as_an_export(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    url = produce(officer, person, received_on="2026-02-03")
    inzage = RightsRequest.objects.get(person=person, kind=RightsRequestKind.INZAGE)
    assert str(inzage.received_on) == "2026-02-03" and inzage.recorded_by == world.users["privacy_officer"]
    assert url == reverse("privacy:inzage-document", args=[person.subject_key, inzage.pk])

    before = AccessLogEntry.objects.filter(subject_key=person.subject_key, action="export").count()
    officer.get(url)
    officer.get(url, {"format": "json"})
    document = json.loads(officer.get(url, {"format": "json"}).content)
    exports = AccessLogEntry.objects.filter(subject_key=person.subject_key, action="export", actor_username="privacy")
    assert exports.count() == before + 3
    # The document's own access log already holds the export that produced it.
    assert document["access_log"][-1]["actor"] == "privacy" and document["access_log"][-1]["action"] == "exporteren"
    assert document["document"]["request_received_on"] == "2026-02-03"


def test_the_document_is_read_in_a_fixed_number_of_queries(world):
    def queries(person) -> int:
        with CaptureQueriesContext(connection) as captured:
            inzage_document(person)
        return len(captured)

    small = queries(add_history(world, years=1, reads_per_year=2, size=SHORT, case=world.other_case,
                                regisseur=world.users["regisseur_elsewhere"]))
    large = queries(add_history(world, years=3, reads_per_year=20, size=replace(SHORT, years=3, discussions_per_year=4,
                                                                                 partners=5, goals=4)))
    assert small == large


def test_a_system_gets_its_own_document(world):
    officer = logged_in(world.users["privacy_officer"])
    from .. import factories as f

    registration = f.RegistrationFactory(for_system=True, system__members=2, reason="Synthetische systeemreden")
    system = registration.system
    url = produce(officer, system)
    html = officer.get(url).content.decode()
    assert "Synthetische systeemreden" in html and system.name in html
    document = json.loads(officer.get(url, {"format": "json"}).content)
    assert document["subject"]["kind"] == "system" and len(document["members"]) == 2


def test_an_inzage_of_another_subject_is_not_found(world):
    officer = logged_in(world.users["privacy_officer"])
    person = world.case.registration.person
    other = world.other_case.registration.person
    produce(officer, other)
    other_inzage = RightsRequest.objects.get(person=other, kind=RightsRequestKind.INZAGE)
    response = officer.get(reverse("privacy:inzage-document", args=[person.subject_key, other_inzage.pk]))
    assert response.status_code == 404 and other.family_name not in response.content.decode()
    correction = RightsRequest.objects.create(person=person, kind=RightsRequestKind.CORRECTIE,
                                              received_on="2026-01-01", description="x")
    assert officer.get(reverse("privacy:inzage-document", args=[person.subject_key, correction.pk])).status_code == 404
    url = reverse("privacy:inzage-document", args=[other.subject_key, other_inzage.pk])
    assert officer.get(url, {"format": "xml"}).status_code == 404


def test_a_date_in_the_future_is_refused_and_nothing_is_recorded(world):
    officer = logged_in(world.users["privacy_officer"])
    person = world.case.registration.person
    response = officer.post(reverse("privacy:inzage-create", args=[person.subject_key]),
                            {"inzage-received_on": "2999-01-01"})
    assert response.status_code == 200 and "De datum ligt in de toekomst." in response.content.decode()
    assert not RightsRequest.objects.filter(person=person).exists()


@pytest.mark.parametrize("persona", ["regisseur", "participant", "manager", "functional_admin"])
def test_nobody_else_produces_one(world, persona):
    person = world.case.registration.person
    client = logged_in(world.users[persona])
    response = client.post(reverse("privacy:inzage-create", args=[person.subject_key]),
                           {"inzage-received_on": "2026-01-05"})
    assert response.status_code == 404 and person.family_name not in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_the_pages_show_the_access_log_per_month_and_the_json_every_entry(world):
    person = add_history(world, years=1, reads_per_year=24, size=SHORT)  # 12 visits of two reads over the year
    officer = logged_in(world.users["privacy_officer"])
    url = produce(officer, person)
    document = json.loads(officer.get(url, {"format": "json"}).content)
    reads = [e for e in document["access_log"] if e["action"] == "inzien" and e["actor"] in ("partner", "regisseur")]
    assert len(reads) == 24

    summary = access_summary(document["access_log"])
    months = {(row["month"], row["who"], row["action"], row["purpose_case_id"]): row["count"] for row in summary}
    assert sum(row["count"] for row in summary) == len(document["access_log"])
    expected: dict = {}
    for entry in document["access_log"]:
        key = (entry["occurred_at"][:7], entry["who"], entry["action"], entry["purpose_case_id"])
        expected[key] = expected.get(key, 0) + 1
    assert months == expected
    assert len({row["month"] for row in summary}) >= 12  # the reads are spread over the year's months
    html = officer.get(url).content.decode()
    assert "Toegang per maand" in html and f"{len(document['access_log']) + 1} vastleggingen" in html
