"""The intake queue and triage: procesregisseurs at the registration's approach decide; the partner reads the advice."""

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Case, Registration, RegistrationStatus
from procesregie.reference.models import Table
from tests.factories import OrganisationFactory, RegistrationFactory, SystemFactory
from tests.personas import build_world

from .helpers import (
    assert_every_input_has_a_label,
    assert_no_inline_script_or_style,
    last_sequence,
    logged_in,
    new_entries,
    snapshot,
    summary,
)

pytestmark = pytest.mark.django_db

INTAKE_URL = reverse("casework:intake")


@pytest.fixture
def world():
    return build_world()


def triage_url(registration) -> str:
    return reverse("casework:triage", args=[registration.pk])


def accept_data(world, **overrides) -> dict:
    organisations = {user.organisation.code: user.organisation for user in world.users.values() if user}
    data = {
        "criterion_multi_problem": "on",
        "criterion_multiple_chains": "on",
        "decision": "accept",
        "decided_on": timezone.localdate().isoformat(),
        "table": Table.objects.get(code="tafel-a").pk,
        "procesregisseur": world.users["regisseur"].pk,
        "case_holder": organisations["politie"].pk,
        "participants": [organisations["gemeente"].pk, organisations["reclassering"].pk],
    }
    return {**data, **overrides}


def decline_data(**overrides) -> dict:
    data = {"decision": "decline", "decided_on": timezone.localdate().isoformat(),
            "advice": "Eerst via het <b>sociaal wijkteam</b>.", "criterion_local_safety": "on"}
    return {**data, **overrides}


def test_the_intake_queue_shows_what_waits_at_my_approaches(world):
    elsewhere = RegistrationFactory(approach=world.other_case.registration.approach)
    declined = RegistrationFactory(approach=world.pending.approach, declined=True)
    client = logged_in(world.users["regisseur"])
    before = last_sequence()
    html = client.get(INTAKE_URL).content.decode()
    assert world.pending.ref in html and str(world.pending.person) in html and "Aanpak A" in html
    assert elsewhere.ref not in html and declined.ref not in html
    assert triage_url(world.pending) in html
    assert summary(new_entries(before)) == [
        ("read", "subjects.person", world.pending.person.subject_key, None, "granted")
    ]
    assert_no_inline_script_or_style(html)

    other = logged_in(world.users["regisseur_elsewhere"]).get(INTAKE_URL).content.decode()
    assert elsewhere.ref in other and world.pending.ref not in other


def test_the_intake_queue_filters_by_approach(world):
    client = logged_in(world.users["regisseur"])
    assert world.pending.ref in client.get(INTAKE_URL, {"approach": "aanpak-a"}).content.decode()
    assert world.pending.ref in client.get(INTAKE_URL, {"approach": "aanpak-b"}).content.decode()  # not mine: ignored


def test_the_triage_page_lists_the_four_criteria(world):
    html = logged_in(world.users["regisseur"]).get(triage_url(world.pending)).content.decode()
    for text in ("Multiproblematiek op meer dan één leefgebied", "Meer dan één keten nodig (ten minste drang en dwang)",
                 "Impact op het huishouden of de sociale omgeving", "Ernstige lokale veiligheidsproblemen",
                 world.pending.reason):
        assert text in html, text
    assert_no_inline_script_or_style(html)
    assert_every_input_has_a_label(html)


def test_accepting_starts_the_case_with_its_participants(world):
    client = logged_in(world.users["regisseur"])
    municipal = logged_in(world.users["other_org"])
    assert municipal.get(reverse("casework:registration-detail", args=[world.pending.pk])).status_code == 200
    before = last_sequence()

    response = client.post(triage_url(world.pending), accept_data(world))

    case = Case.objects.get(registration=world.pending)
    assert response.status_code == 302 and response["Location"] == reverse("casework:case-detail", args=[case.pk])
    registration = Registration.objects.get(pk=world.pending.pk)
    assert registration.status == RegistrationStatus.ACCEPTED and registration.triage_on == timezone.localdate()
    assert registration.criteria_met() == ["problemen op meer dan één leefgebied", "meer dan één keten nodig"]
    assert (case.table.code, case.procesregisseur, case.case_holder.code) == ("tafel-a", world.users["regisseur"],
                                                                             "politie")
    assert set(case.participations.values_list("organisation__code", flat=True)) == {"politie", "gemeente",
                                                                                     "reclassering"}
    assert summary(new_entries(before)) == [
        ("create", "casework.case", world.pending.person.subject_key, case.pk, "granted")
    ]
    # The participants see the case from the next request on.
    assert municipal.get(reverse("casework:case-detail", args=[case.pk])).status_code == 200
    assert "De aanmelding is geaccepteerd" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"criterion_multi_problem": "", "criterion_multiple_chains": ""}, "ten minste één criterium"),
        ({"table": ""}, "Kies de overlegtafel"),
        ({"procesregisseur": ""}, "Kies de procesregisseur"),
        ({"procesregisseur": "elsewhere"}, "Kies een procesregisseur van een overlegtafel van deze aanpak."),
        ({"decision": ""}, "Kies accepteren of afwijzen."),
        ({"decided_on": "2000-01-01"}, "vóór de datum van aanmelding"),
        ({"table": "other"}, "Kies een overlegtafel van deze aanpak."),
    ],
)
def test_bad_triage_input_changes_nothing(world, overrides, message):
    replacements = {"elsewhere": world.users["regisseur_elsewhere"].pk, "other": Table.objects.get(code="tafel-b").pk}
    overrides = {key: replacements.get(value, value) for key, value in overrides.items()}
    data = {key: value for key, value in accept_data(world, **overrides).items() if value != ""}
    client = logged_in(world.users["regisseur"])
    rows = snapshot()
    response = client.post(triage_url(world.pending), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert snapshot() == rows


def test_a_regisseur_not_at_the_table_is_refused(world):
    colleague = world.users["regisseur_elsewhere"]
    colleague.tables.add(Table.objects.get(code="tafel-a"))  # may triage approach A, but works at another table
    second_table = Table.objects.get(code="tafel-a2")  # the personas' second table of approach A
    data = accept_data(world, table=second_table.pk)
    response = logged_in(world.users["regisseur"]).post(triage_url(world.pending), data)
    assert "werkt niet aan de gekozen overlegtafel" in response.content.decode()
    assert Registration.objects.get(pk=world.pending.pk).status == RegistrationStatus.PENDING


def test_declining_stores_reason_and_advice_for_the_registering_partner(world):
    client = logged_in(world.users["regisseur"])
    before = last_sequence()
    response = client.post(triage_url(world.pending), decline_data())
    assert response.status_code == 302 and response["Location"] == INTAKE_URL
    registration = Registration.objects.get(pk=world.pending.pk)
    assert (registration.status, registration.triage_note) == (RegistrationStatus.DECLINED,
                                                               "Eerst via het sociaal wijkteam.")
    assert registration.criterion_local_safety and not registration.criterion_multi_problem
    assert not Case.objects.filter(registration=registration).exists()
    assert summary(new_entries(before)) == [
        ("update", "casework.registration", registration.person.subject_key, None, "granted")
    ]
    html = logged_in(world.users["other_org"]).get(
        reverse("casework:registration-detail", args=[registration.pk])
    ).content.decode()
    assert "afgewezen" in html and "Eerst via het sociaal wijkteam." in html and "Triage uitvoeren" not in html


def test_declining_needs_advice(world):
    rows = snapshot()
    response = logged_in(world.users["regisseur"]).post(triage_url(world.pending), decline_data(advice="  "))
    assert response.status_code == 200 and "Geef een reden en advies" in response.content.decode()
    assert snapshot() == rows


@pytest.mark.parametrize("persona", ["regisseur_elsewhere", "participant", "other_org", "manager"])
def test_others_cannot_triage(world, persona):
    rows = snapshot()
    before = last_sequence()
    client = logged_in(world.users[persona])
    assert client.get(triage_url(world.pending)).status_code == 404
    response = client.post(triage_url(world.pending), accept_data(world))
    assert response.status_code == 404 and str(world.pending.person) not in response.content.decode()
    assert snapshot() == rows
    assert {(e.action, e.outcome, e.subject_key) for e in new_entries(before)} == {("read", "denied", None)}


def test_a_decided_registration_is_not_triaged_again(world):
    client = logged_in(world.users["regisseur"])
    client.post(triage_url(world.pending), decline_data())
    response = client.get(triage_url(world.pending))
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:registration-detail", args=[world.pending.pk])
    rows = snapshot()
    response = client.post(triage_url(world.pending), accept_data(world))
    assert response.status_code == 200 and "niet toegestaan" in response.content.decode()
    assert snapshot() == rows


def test_a_system_registration_is_triaged_with_its_members(world):
    system = SystemFactory(members=2)
    registration = RegistrationFactory(for_system=True, system=system, approach=world.pending.approach,
                                       reported_by=OrganisationFactory())
    client = logged_in(world.users["regisseur"])
    html = client.get(triage_url(registration)).content.decode()
    for member in system.members.all():
        assert str(member) in html
    before = last_sequence()
    assert client.post(triage_url(registration), accept_data(world)).status_code == 302
    keys = [system.subject_key, *system.memberships.order_by("pk").values_list("person__subject_key", flat=True)]
    case = Case.objects.get(registration=registration)
    assert summary(new_entries(before)) == [("create", "casework.case", key, case.pk, "granted") for key in keys]
