"""The privacy officer answers "who accessed the data of this person, when and why"."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry

from ..logins import verified_login
from ..personas import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def logged_in(user) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def test_officer_sees_who_read_a_case_and_why(world):
    person = world.case.registration.person
    partner = logged_in(world.users["participant"])
    assert partner.get(reverse("casework:case-detail", args=[world.case.pk])).status_code == 200

    officer = logged_in(world.users["privacy_officer"])
    results = officer.get(reverse("privacy:subject-search"), {"q": "Geheime"})
    assert "Geheime Persoon" in results.content.decode()
    page = officer.get(reverse("privacy:subject-log", args=[person.subject_key])).content.decode()
    assert "partner" in page and "politie" in page and "ketenpartner" in page
    assert world.case.registration.approach.code in page  # the purpose: the case's approach

    download = officer.get(reverse("privacy:subject-log", args=[person.subject_key]), {"format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    partner_reads = [row for row in rows if row["actor_username"] == "partner"]
    assert partner_reads and partner_reads[0]["action"] == "read"
    assert partner_reads[0]["purpose_case_id"] == str(world.case.pk)
    # The officer's own look-ups are in the log too: search, page and export.
    officer_actions = list(AccessLogEntry.objects.filter(actor_username="privacy", subject_key=person.subject_key)
                           .values_list("action", flat=True))
    assert officer_actions == ["read", "read", "export"]


def test_search_by_bsn_finds_exactly_that_person(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    html = officer.get(reverse("privacy:subject-search"), {"q": person.bsn}).content.decode()
    assert str(person.subject_key) in html


@pytest.mark.parametrize("persona", ["regisseur", "participant", "manager", "functional_admin"])
def test_only_the_privacy_officer_gets_these_pages(world, persona):
    person = world.case.registration.person
    client = logged_in(world.users[persona])
    assert client.get(reverse("privacy:subject-search"), {"q": "Geheime"}).status_code == 404
    response = client.get(reverse("privacy:subject-log", args=[person.subject_key]))
    assert response.status_code == 404 and "Geheime" not in response.content.decode()


def test_unknown_subject_is_not_found(world):
    officer = logged_in(world.users["privacy_officer"])
    assert officer.get("/privacy/betrokkenen/00000000-0000-0000-0000-000000000000/toegang/").status_code == 404
