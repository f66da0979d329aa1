"""GET /api/v1/registrations/ and /api/v1/registrations/<referentie>/: a partner system follows the registrations its
organisation made (received, accepted, declined with advice) and nothing of the case; every read is logged like the
partner's own registrations page; anything else is a 404 that says nothing more."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from procesregie.accounts.models import ApiScope
from procesregie.api.clients import client_revoke, client_update
from procesregie.audit.models import AccessLogEntry
from procesregie.casework.models import Registration

from .. import factories as f
from .registrations_world import LIST, PERSON, SYSTEM, build

pytestmark = pytest.mark.django_db

ITEM_KEYS = {"referentie", "status", "aangemeld_op", "besluit_op", "advies", "url"}


@pytest.fixture
def world(issue_client):
    return build(issue_client)


def detail(ref: str) -> str:
    return f"{LIST}{ref}/"


def test_a_partner_system_registers_and_follows_its_registration_to_accepted(world):
    caller = world.http()
    ref = caller.post(LIST, PERSON).json()["referentie"]
    received = caller.get(detail(ref)).json()
    assert (received["status"], received["besluit_op"], received["advies"]) == ("ontvangen", None, None)

    case = world.accept(ref)

    response = caller.get(detail(ref))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ITEM_KEYS
    assert body["referentie"] == ref and body["status"] == "geaccepteerd"
    assert body["besluit_op"] == timezone.localdate().isoformat() and body["advies"] is None
    assert body["url"] == f"http://testserver{detail(ref)}"
    listed = caller.get(LIST).json()["results"]
    assert [(item["referentie"], item["status"]) for item in listed] == [(ref, "geaccepteerd")]
    # nothing of the case: not its id, its regisseur, its table, nor the person's stored name
    for content in (response.content.decode(), caller.get(LIST).content.decode()):
        assert world.regisseur.username not in content and world.table.name not in content
        assert f'"{case.pk}"' not in content and "Geheimzinnig" not in content and "999990019" not in content


def test_a_declined_registration_shows_the_advice_and_the_decision_date(world):
    caller = world.http()
    ref = caller.post(LIST, SYSTEM).json()["referentie"]
    world.decline(ref, "Eerst via het sociaal wijkteam; bel ons bij nieuwe zorgen.")
    body = caller.get(detail(ref)).json()
    assert body["status"] == "afgewezen" and body["besluit_op"] == timezone.localdate().isoformat()
    assert body["advies"] == "Eerst via het sociaal wijkteam; bel ons bij nieuwe zorgen."
    assert caller.get(LIST).json()["results"][0]["advies"] == body["advies"]


def test_an_accepted_registration_shows_no_note(world):
    """Only a declined registration's note is advice for the partner (imported data may hold a note on others)."""
    registration = f.RegistrationFactory(reported_by=world.police, accepted=True, triage_note="Intern: zwaar dossier")
    body = world.http().get(detail(registration.ref)).json()
    assert body["status"] == "geaccepteerd" and body["advies"] is None
    assert "zwaar dossier" not in world.http().get(LIST).content.decode()


def test_another_organisations_client_gets_404_and_does_not_list_it(world):
    ref = world.http().post(LIST, PERSON).json()["referentie"]
    other = world.http(world.other_client)
    response = other.get(detail(ref))
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["title"], body["detail"], body["status"]) == ("Niet gevonden", "Niet gevonden", 404)
    assert "Geheimzinnig" not in response.content.decode() and "top-x" not in response.content.decode()
    assert other.get(LIST).json() == {"count": 0, "next": None, "previous": None, "results": []}
    denied = AccessLogEntry.objects.filter(outcome="denied", object_type="casework.registration")
    assert [(e.actor_username, e.actor_organisation, e.action) for e in denied] == [
        (world.other_client.client.user.username, "gemeente", "read")]


@pytest.mark.parametrize("ref", ["A-BESTAATNIET", "a-t00001", "x" * 101, "A\x00B", "../../token", "%00", "\u202e"])
def test_an_unknown_reference_is_404_logged_as_denied(world, ref):
    f.RegistrationFactory(reported_by=world.police, ref="A-T00001")
    response = world.http().get(detail(ref))
    assert response.status_code == 404 and response.json()["title"] == "Niet gevonden"
    assert AccessLogEntry.objects.filter(outcome="denied", actor_username=world.police_client.client.user.username
                                         ).count() == 1


def test_a_destroyed_registration_is_gone(world):
    registration = f.RegistrationFactory(reported_by=world.police, declined=True)
    Registration.objects.filter(pk=registration.pk).update(destroyed_on=timezone.localdate())
    caller = world.http()
    assert caller.get(detail(registration.ref)).status_code == 404
    assert caller.get(LIST).json()["count"] == 0


def test_an_imported_reference_with_a_slash_can_be_read(world):
    f.RegistrationFactory(reported_by=world.police, ref="2019/0042 a")
    response = world.http().get(LIST)
    url = response.json()["results"][0]["url"]
    assert url == "http://testserver/api/v1/registrations/2019/0042%20a/"
    assert world.http().get(url.removeprefix("http://testserver")).json()["referentie"] == "2019/0042 a"


def test_every_read_is_logged_per_subject_naming_the_client_and_its_organisation(world):
    caller = world.http()
    person_ref = caller.post(LIST, PERSON).json()["referentie"]
    system_ref = caller.post(LIST, SYSTEM).json()["referentie"]
    person = Registration.objects.get(ref=person_ref).person
    system = Registration.objects.get(ref=system_ref).system
    subjects = {person.subject_key, system.subject_key,
                *(membership.person.subject_key for membership in system.memberships.all())}
    client_user = world.police_client.client.user

    def reads_since(position):
        return AccessLogEntry.objects.filter(action="read", pk__gt=position)

    start = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    caller.get(LIST)
    listed = reads_since(start)
    assert {e.subject_key for e in listed} == subjects and listed.count() == len(subjects)
    assert {(e.actor_username, e.actor_organisation, e.outcome) for e in listed} == {
        (client_user.username, "politie", "granted")}

    start = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    caller.get(detail(person_ref))
    assert [(e.subject_key, e.actor_username, e.actor_organisation, e.purpose_approach)
            for e in reads_since(start)] == [(person.subject_key, client_user.username, "politie", "top-x")]


def test_an_empty_page_is_logged_as_one_read_of_the_list(world):
    world.http().get(LIST)
    entries = AccessLogEntry.objects.filter(action="read")
    assert [(e.object_type, e.object_id, e.subject_key, e.actor_username) for e in entries] == [
        ("casework.registration", "", None, world.police_client.client.user.username)]


def test_the_list_filters_on_status_and_registration_dates_newest_first(world):
    day = datetime.date(2024, 5, 1)
    made = {
        "old": f.RegistrationFactory(reported_by=world.police, registered_on=day - datetime.timedelta(days=30)),
        "declined": f.RegistrationFactory(reported_by=world.police, registered_on=day, declined=True),
        "accepted": f.RegistrationFactory(reported_by=world.police, registered_on=day + datetime.timedelta(days=1),
                                          accepted=True),
    }
    f.RegistrationFactory(registered_on=day)  # another organisation's
    caller = world.http()

    def refs(**query):
        response = caller.get(LIST, query)
        assert response.status_code == 200, response.content
        return [item["referentie"] for item in response.json()["results"]]

    ref = {name: registration.ref for name, registration in made.items()}
    assert refs() == [ref["accepted"], ref["declined"], ref["old"]]
    assert refs(status="afgewezen") == [ref["declined"]]
    assert refs(status="ontvangen") == [ref["old"]]
    assert refs(aangemeld_vanaf="2024-05-01") == [ref["accepted"], ref["declined"]]
    assert refs(aangemeld_tot="2024-05-01") == [ref["declined"], ref["old"]]
    assert refs(aangemeld_vanaf="2024-05-01", aangemeld_tot="2024-05-01", status="afgewezen") == [ref["declined"]]
    assert refs(aangemeld_vanaf="2024-06-01", aangemeld_tot="2024-05-01") == []
    assert refs(aangemeld_vanaf="0001-01-01", aangemeld_tot="9999-12-31") == [ref["accepted"], ref["declined"],
                                                                                  ref["old"]]


@pytest.mark.parametrize("query, field", [
    ({"aangemeld_vanaf": "gisteren"}, "aangemeld_vanaf"),
    ({"aangemeld_tot": "2024-02-30"}, "aangemeld_tot"),
    ({"aangemeld_tot": "10000-01-01"}, "aangemeld_tot"),
    ({"aangemeld_vanaf": "2024-01-01\x00"}, "aangemeld_vanaf"),
    ({"status": "pending"}, "status"),
])
def test_a_bad_filter_is_a_400_problem_at_its_field(world, query, field):
    response = world.http().get(LIST, query)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not AccessLogEntry.objects.filter(action="read").exists()  # nothing was shown


def test_pages_are_numbered_with_at_most_100_a_page(world):
    for _i in range(3):
        f.RegistrationFactory(reported_by=world.police)
    caller = world.http()
    first = caller.get(LIST, {"page_size": 2}).json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    second = caller.get(first["next"].removeprefix("http://testserver")).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert len(caller.get(LIST, {"page_size": 1000}).json()["results"]) == 3  # capped at 100, not refused
    assert len(caller.get(LIST, {"page_size": 0}).json()["results"]) == 3  # the default size
    for page in ("0", "5", "abc", "-1", "9" * 30):
        response = caller.get(LIST, {"page": page})
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", page


def _list_queries(caller) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert caller.get(LIST, {"page_size": 100}).status_code == 200
    return len(queries)


def test_the_number_of_queries_of_a_list_page_does_not_grow_with_its_size(world, issue_client):
    """Two organisations, one with 2 registrations and one with 20 (half of them systems with members), each read
    by its own client's first call (so the rate limit takes the same path in both)."""
    counts = {}
    for size in (2, 20):
        organisation = f.OrganisationFactory()
        for index in range(size):
            if index % 2:
                f.RegistrationFactory(reported_by=organisation, for_system=True, system__members=2)
            else:
                f.RegistrationFactory(reported_by=organisation, declined=True)
        caller = world.http(issue_client(organisation, ApiScope.REGISTRATIONS_READ))
        counts[size] = _list_queries(caller)
    assert counts[2] == counts[20], counts


def test_reading_without_the_read_scope_is_forbidden(world, issue_client):
    ref = world.http().post(LIST, PERSON).json()["referentie"]
    writer = world.http(issue_client(world.police, ApiScope.REGISTRATIONS_WRITE, ApiScope.HITNOHIT))
    for path in (LIST, detail(ref)):
        response = writer.get(path)
        assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
        assert ref not in response.content.decode() or path == detail(ref)
    assert not AccessLogEntry.objects.filter(action="read", outcome="granted").exists()


def test_reading_without_a_token_or_with_a_bad_one_is_unauthenticated(world):
    ref = world.http().post(LIST, PERSON).json()["referentie"]
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer nietsgeldigs"}):
        for path in (LIST, detail(ref)):
            response = Client().get(path, **headers)
            assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer"), path
            assert "Geheimzinnig" not in response.content.decode()


def test_a_revoked_client_is_refused_at_once(world, issue_client):
    caller = world.http()
    ref = caller.post(LIST, PERSON).json()["referentie"]
    assert caller.get(detail(ref)).status_code == 200
    client_revoke(actor=issue_client.admin, client=world.police_client.client)
    for path in (LIST, detail(ref)):
        assert caller.get(path).status_code == 401
    assert caller.post(LIST, PERSON).status_code == 401
    assert Registration.objects.count() == 1


def test_a_scope_taken_away_counts_at_once(world, issue_client):
    caller = world.http()
    assert caller.get(LIST).status_code == 200
    client = world.police_client.client
    client_update(actor=issue_client.admin, client=client, name=client.name, scopes=[ApiScope.REGISTRATIONS_WRITE],
                  rate_per_minute=client.rate_per_minute, hitnohit_per_day=client.hitnohit_per_day)
    assert caller.get(LIST).status_code == 403
