"""Access as a partner or an attacker would notice it: removal, leaks, the log entry of every read, CSRF."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.casework.models import Participation
from procesregie.subjects.models import Person, System

from ..audit.conftest import break_log_inserts
from ..logins import verified_login
from ..personas import build_world
from .test_matrix import PERSONAS, ROUTES, client_for

pytestmark = pytest.mark.django_db

ENTRY_FIELDS = ["sequence", "occurred_at", "actor_id", "actor_username", "actor_organisation", "actor_roles",
                "action", "object_type", "object_id", "subject_key", "purpose_case_id", "purpose_approach", "ip",
                "request_id", "outcome", "prev_hash", "hash"]


@pytest.fixture
def world():
    return build_world(limited_partners=True)  # the matrix's personas (PERSONAS) include the limited partners


def logged_in(user) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def new_entries(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(sequence__gt=since).order_by("sequence"))


def last_sequence() -> int:
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


def test_removal_of_a_participant_takes_effect_on_the_next_request(world):
    partner = logged_in(world.users["participant"])
    url = reverse("casework:case-detail", args=[world.case.pk])
    assert partner.get(url).status_code == 200
    Participation.objects.filter(case=world.case, organisation=world.users["participant"].organisation).update(
        removed_at=timezone.now()
    )
    response = partner.get(url)
    assert response.status_code == 404 and "Geheime" not in response.content.decode()
    assert "Geheime" not in partner.get(reverse("casework:case-list")).content.decode()


@pytest.mark.parametrize("persona", ["other_org", "removed", "colleague", "manager", "regisseur_elsewhere"])
def test_lists_do_not_leak_names_or_counts(world, persona):
    html = client_for(world, persona).get(reverse("casework:case-list")).content.decode()
    assert "Geheime" not in html and world.case.registration.ref not in html
    visible = 1 if persona in ("other_org", "regisseur_elsewhere") else 0  # their own case only
    assert re.search(rf"\b{visible} casus(sen)? gevonden", html), html[:2000]
    for page in ("2", "999", "-1"):  # paging past the end shows nothing more
        assert "Geheime" not in client_for(world, persona).get(reverse("casework:case-list"), {"page": page}).content.decode()


def test_case_page_writes_one_complete_entry_per_subject(world):
    before = last_sequence()
    response = logged_in(world.users["participant"]).get(
        reverse("casework:case-detail", args=[world.case.pk]), REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 200
    (entry,) = new_entries(before)
    person = world.case.registration.person
    assert (entry.actor_username, entry.actor_organisation, entry.actor_roles) == ("partner", "politie", "ketenpartner")
    assert entry.actor_id == world.users["participant"].pk
    assert (entry.action, entry.outcome) == ("read", "granted")
    assert (entry.object_type, entry.object_id, entry.subject_key) == ("subjects.person", str(person.pk), person.subject_key)
    assert entry.purpose_case_id == world.case.pk
    assert entry.purpose_approach == world.case.registration.approach.code
    assert entry.ip == "192.0.2.7" and entry.request_id == response["X-Request-ID"]
    assert all(getattr(entry, field) not in (None, "") for field in ENTRY_FIELDS), entry.__dict__


def test_case_list_writes_one_entry_per_case_shown(world):
    before = last_sequence()
    logged_in(world.users["regisseur"]).get(reverse("casework:case-list"))
    entries = new_entries(before)
    assert [e.subject_key for e in entries] == [world.case.registration.person.subject_key]
    assert entries[0].purpose_case_id == world.case.pk


def test_a_refused_case_is_logged_as_denied_without_a_subject(world):
    before = last_sequence()
    assert logged_in(world.users["other_org"]).get(reverse("casework:case-detail", args=[world.case.pk])).status_code == 404
    (entry,) = new_entries(before)
    assert (entry.outcome, entry.action, entry.object_type, entry.actor_username) == ("denied", "read", "casework.case", "andere-org")
    assert entry.subject_key is None  # the log does not tie the refused user to the person


def test_cli_export_logs_every_exported_subject(world, tmp_path):
    before = last_sequence()
    call_command("export", str(tmp_path / "out"), verbosity=0)
    entries = new_entries(before)
    expected = set(Person.objects.values_list("subject_key", flat=True)) | set(System.objects.values_list("subject_key", flat=True))
    assert {e.subject_key for e in entries} == expected and len(entries) == len(expected)
    assert {(e.action, e.actor_username) for e in entries} == {("export", "system")}


def test_when_the_log_cannot_be_written_no_personal_data_is_shown(world):
    client = logged_in(world.users["participant"])
    break_log_inserts()
    response = client.get(reverse("casework:case-detail", args=[world.case.pk]))
    body = response.content.decode()
    assert response.status_code == 503
    assert "Geheime" not in body and world.case.registration.person.bsn not in body
    assert "toegangslogboek" in body.lower()


def unsafe_requests():
    """Every (route, persona) whose POST reaches a view (not a redirect to the login, not 405).

    Not the partner API's (`api:`): it takes no session, only a bearer token, so a forged cross-site request carries
    nothing it accepts (every session persona gets 401 there: tests/access/routes/api.py)."""
    for route, (_kwargs, expect) in sorted(ROUTES.items()):
        if route.startswith("api:"):
            continue
        for persona in PERSONAS:
            if expect(persona, "post") not in (302, 405):
                yield route, persona
            elif route.startswith("accounts:") and expect(persona, "post") == 302:
                yield route, persona


@pytest.mark.parametrize(("route", "persona"), list(unsafe_requests()))
def test_csrf_is_enforced_on_every_unsafe_route(world, route, persona):
    kwargs_of, _expect = ROUTES[route]
    client = client_for(world, persona)
    client.handler.enforce_csrf_checks = True
    url = reverse(route, kwargs=kwargs_of(world) if kwargs_of else None)
    assert client.post(url, {"username": "partner", "password": "x"}).status_code == 403
