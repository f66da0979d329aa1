"""Corrections and restrictions of processing: recorded by the privacy officer on the subject page, visible on the
subject's case page and registration page to whoever sees them, a restriction until the officer ends it
(decision 0019)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.core.errors import DomainError, NotFound
from procesregie.privacy import services
from procesregie.subjects.models import RightsRequest, RightsRequestKind

from ..logins import verified_client as logged_in

pytestmark = pytest.mark.django_db

RESTRICTION = "Synthetisch: geen gegevens delen met de woningcorporatie"
CORRECTION = "Synthetisch: geboortedatum was verkeerd overgenomen"


def record(officer: Client, person, kind: str, description: str, received_on=None):
    received_on = received_on or timezone.localdate().isoformat()
    return officer.post(reverse("privacy:rights-request-create", args=[person.subject_key]), {
        "verzoek-kind": kind, "verzoek-received_on": received_on, "verzoek-description": description})


def case_page(client: Client, world) -> str:
    response = client.get(reverse("casework:case-detail", args=[world.case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_restriction_shows_on_the_case_until_the_officer_ends_it(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    response = record(officer, person, "beperking", RESTRICTION)
    assert response.status_code == 302
    restriction = RightsRequest.objects.get(person=person)
    assert restriction.kind == RightsRequestKind.BEPERKING and restriction.ended_on is None

    for persona in ("regisseur", "participant"):
        page = case_page(logged_in(world.users[persona]), world)
        assert RESTRICTION in page and "Beperking van de verwerking sinds" in page
    registration = logged_in(world.users["regisseur"]).get(
        reverse("casework:registration-detail", args=[world.case.registration.pk])).content.decode()
    assert RESTRICTION in registration
    print_view = logged_in(world.users["regisseur"]).get(reverse("casework:case-print", args=[world.case.pk]))
    assert RESTRICTION in print_view.content.decode()
    # Another case (another subject) shows nothing of it.
    other = logged_in(world.users["regisseur_elsewhere"]).get(
        reverse("casework:case-detail", args=[world.other_case.pk])).content.decode()
    assert RESTRICTION not in other and 'data-testid="rights-notices"' not in other

    subject_page = officer.get(reverse("privacy:subject-detail", args=[person.subject_key])).content.decode()
    assert "van kracht" in subject_page and "Beperking beëindigen" in subject_page
    ended = officer.post(reverse("privacy:restriction-end", args=[person.subject_key, restriction.pk]),
                         {f"einde-{restriction.pk}-ended_on": timezone.localdate().isoformat()})
    assert ended.status_code == 302
    restriction.refresh_from_db()
    assert restriction.ended_on == timezone.localdate()
    assert RESTRICTION not in case_page(logged_in(world.users["regisseur"]), world)


def test_corrections_stay_visible_on_the_case(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    assert record(officer, person, "correctie", CORRECTION).status_code == 302
    page = case_page(logged_in(world.users["participant"]), world)
    assert CORRECTION in page
    notices = page[page.index('data-testid="rights-notices"'):]
    notices = notices[:notices.index("</section>")]
    date = timezone.localdate()
    assert f"Correctie (verzoek van {date.day} " in notices  # not "Gecorrigeerd op verzoek van": nobody asked for it
    # a correction is done: a neutral notice, not the warning that a restriction in force is
    assert "utrecht-alert--warning" not in notices and "utrecht-alert--info" in notices


def test_the_reporter_who_does_not_see_the_case_sees_no_notices(world):
    """The municipality reported the pending registration and sees only what it typed: not the officer's notes."""
    person = world.pending.person
    services.rights_request_record(actor=world.users["privacy_officer"], kind="correctie", subject=person,
                               received_on=timezone.localdate(), description=CORRECTION)
    reporter = logged_in(world.users["other_org"])
    response = reporter.get(reverse("casework:registration-detail", args=[world.pending.pk]))
    assert response.status_code == 200 and CORRECTION not in response.content.decode()
    regisseur = logged_in(world.users["regisseur"])
    assert CORRECTION in regisseur.get(reverse("casework:registration-detail", args=[world.pending.pk])).content.decode()


def test_recording_and_ending_are_logged_for_the_subject(world):
    person = world.case.registration.person
    officer = world.users["privacy_officer"]
    restriction = services.rights_request_record(actor=officer, kind="beperking", subject=person, received_on=timezone.localdate(),
                                              description=RESTRICTION)
    services.restriction_end(actor=officer, rights_request=restriction, ended_on=timezone.localdate())
    entries = AccessLogEntry.objects.filter(subject_key=person.subject_key, object_type="subjects.rightsrequest")
    assert list(entries.values_list("action", "actor_username")) == [("create", "privacy"), ("update", "privacy")]


@pytest.mark.parametrize(("kind", "description", "received_on", "message"), [
    ("beperking", "BSN 111222333 niet gebruiken", None, "Er staat een BSN in de toelichting"),
    ("correctie", "   ", None, "Beschrijf wat er is gecorrigeerd of beperkt."),
    ("correctie", CORRECTION, "2999-01-01", "De datum ligt in de toekomst."),
    ("inzage", CORRECTION, None, "Selecteer een geldige keuze"),
])
def test_bad_input_is_refused_and_changes_nothing(world, kind, description, received_on, message):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    before = AccessLogEntry.objects.filter(action="create").count()
    response = record(officer, person, kind, description, received_on)
    assert response.status_code == 200 and message in response.content.decode()
    assert not RightsRequest.objects.exists()
    assert AccessLogEntry.objects.filter(action="create").count() == before


def test_a_restriction_ends_once_and_not_before_it_began(world):
    person = world.case.registration.person
    officer = world.users["privacy_officer"]
    started = timezone.localdate() - datetime.timedelta(days=10)
    restriction = services.rights_request_record(actor=officer, kind="beperking", subject=person, received_on=started,
                                              description=RESTRICTION)
    with pytest.raises(DomainError, match="voordat zij begon"):
        services.restriction_end(actor=officer, rights_request=restriction, ended_on=started - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="toekomst"):
        services.restriction_end(actor=officer, rights_request=restriction,
                                 ended_on=timezone.localdate() + datetime.timedelta(days=1))
    services.restriction_end(actor=officer, rights_request=restriction, ended_on=started)
    with pytest.raises(DomainError, match="al beëindigd"):
        services.restriction_end(actor=officer, rights_request=restriction, ended_on=timezone.localdate())
    restriction.refresh_from_db()
    assert restriction.ended_on == started
    # A restriction that ended today no longer shows; one that ends later (recorded as ended on a past date) neither.
    assert RESTRICTION not in case_page(logged_in(world.users["regisseur"]), world)


def test_a_correction_cannot_be_ended_and_another_subjects_restriction_is_not_found(world):
    person = world.case.registration.person
    other = world.other_case.registration.person
    officer = world.users["privacy_officer"]
    correction = services.rights_request_record(actor=officer, kind="correctie", subject=person, received_on=timezone.localdate(),
                                            description=CORRECTION)
    with pytest.raises(NotFound):
        services.restriction_end(actor=officer, rights_request=correction, ended_on=timezone.localdate())
    theirs = services.rights_request_record(actor=officer, kind="beperking", subject=other, received_on=timezone.localdate(),
                                         description=RESTRICTION)
    client = logged_in(officer)
    response = client.post(reverse("privacy:restriction-end", args=[person.subject_key, theirs.pk]),
                           {f"einde-{theirs.pk}-ended_on": timezone.localdate().isoformat()})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_on is None


@pytest.mark.parametrize("persona", ["regisseur", "participant", "manager", "functional_admin"])
def test_only_the_privacy_officer_records(world, persona):
    person = world.case.registration.person
    with pytest.raises(NotFound):
        services.inzage_record(actor=world.users[persona], subject=person, received_on=timezone.localdate())
    with pytest.raises(NotFound):
        services.rights_request_record(actor=world.users[persona], kind="beperking", subject=person, received_on=timezone.localdate(),
                                    description=RESTRICTION)
    response = record(logged_in(world.users[persona]), person, "beperking", RESTRICTION)
    assert response.status_code == 404 and not RightsRequest.objects.exists()


def test_the_subject_page_leads_to_the_access_history_and_to_extending_the_retention(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    page = officer.get(reverse("privacy:subject-detail", args=[person.subject_key])).content.decode()
    for url in (reverse("privacy:subject-log", args=[person.subject_key]),
                reverse("retention:extend", args=[person.subject_key])):
        assert f'href="{url}"' in page
        assert officer.get(url).status_code == 200


def test_a_destroyed_subject_gets_no_new_requests(world):
    person = world.case.registration.person
    type(person).objects.filter(pk=person.pk).update(destroyed_on=timezone.localdate())
    officer = logged_in(world.users["privacy_officer"])
    page = officer.get(reverse("privacy:subject-detail", args=[person.subject_key])).content.decode()
    assert "Vernietigd op" in page and "Inzagedocument maken" not in page and "Vastleggen" not in page
    assert record(officer, person, "beperking", RESTRICTION).status_code == 404
    response = officer.post(reverse("privacy:inzage-create", args=[person.subject_key]),
                            {"inzage-received_on": timezone.localdate().isoformat()})
    assert response.status_code == 404 and not RightsRequest.objects.exists()
