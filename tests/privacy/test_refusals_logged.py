"""A refused request on the privacy pages (someone other than the privacy officer, an unknown subject, a request
of another subject, a format that does not exist) answers 404 and is logged as denied, as casework logs refused
reads: without a subject or any other personal datum (security review of issue 14, finding 7)."""

import uuid

import pytest
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry
from procesregie.subjects.models import RightsRequest, RightsRequestKind

from ..logins import verified_client as logged_in

pytestmark = pytest.mark.django_db

UNKNOWN = uuid.UUID("00000000-0000-0000-0000-000000000000")


def _requests(world, key, restriction_pk, inzage_pk):
    """(method, url, data, action, object type) for every privacy route, for the subject `key`."""
    return [
        ("get", reverse("privacy:subject-search"), {"q": "Geheime"}, "read", "subjects.person"),
        ("get", reverse("privacy:subject-log", args=[key]), {}, "read", "audit.accesslogentry"),
        ("get", reverse("privacy:subject-log", args=[key]), {"format": "csv"}, "export", "audit.accesslogentry"),
        ("get", reverse("privacy:subject-detail", args=[key]), {}, "read", "subjects.rightsrequest"),
        ("post", reverse("privacy:inzage-create", args=[key]), {"inzage-received_on": "2026-01-05"}, "create",
         "subjects.rightsrequest"),
        ("get", reverse("privacy:inzage-document", args=[key, inzage_pk]), {}, "export", "subjects.rightsrequest"),
        ("post", reverse("privacy:rights-request-create", args=[key]),
         {"verzoek-kind": "correctie", "verzoek-received_on": "2026-01-05", "verzoek-description": "x"}, "create",
         "subjects.rightsrequest"),
        ("post", reverse("privacy:restriction-end", args=[key, restriction_pk]),
         {f"einde-{restriction_pk}-ended_on": "2026-01-06"}, "update", "subjects.rightsrequest"),
    ]


def _assert_one_denial(client, method, url, data, action, object_type, username):
    before = AccessLogEntry.objects.count()
    response = getattr(client, method)(url, data)
    assert response.status_code == 404, url
    new = list(AccessLogEntry.objects.order_by("sequence")[before:])
    assert len(new) == 1, (url, [(e.action, e.outcome, e.subject_key) for e in new])
    (entry,) = new
    assert (entry.outcome, entry.action, entry.actor_username) == ("denied", action, username), url
    assert entry.object_type == object_type and entry.object_id == "" and entry.subject_key is None, url


@pytest.fixture
def requests_of(world):
    person = world.case.registration.person
    restriction = RightsRequest.objects.create(person=person, kind=RightsRequestKind.BEPERKING,
                                               received_on="2026-01-01", description="Synthetisch: beperkt")
    inzage = RightsRequest.objects.create(person=person, kind=RightsRequestKind.INZAGE, received_on="2026-01-01")
    return person, restriction, inzage


@pytest.mark.parametrize("persona", ["regisseur", "participant", "manager", "functional_admin"])
def test_someone_else_is_refused_and_it_is_logged_without_the_subject(world, requests_of, persona):
    person, restriction, inzage = requests_of
    client = logged_in(world.users[persona])
    for method, url, data, action, object_type in _requests(world, person.subject_key, restriction.pk, inzage.pk):
        _assert_one_denial(client, method, url, data, action, object_type, world.users[persona].username)
    assert not AccessLogEntry.objects.filter(subject_key=person.subject_key, actor_username=world.users[persona].username).exists()


def test_the_officer_asking_for_an_unknown_subject_is_logged_as_denied(world, requests_of):
    _person, restriction, inzage = requests_of
    officer = logged_in(world.users["privacy_officer"])
    for method, url, data, action, object_type in _requests(world, UNKNOWN, restriction.pk, inzage.pk)[1:]:
        _assert_one_denial(officer, method, url, data, action, object_type, "privacy")


def test_another_subjects_request_or_an_unknown_format_is_logged_as_denied(world, requests_of):
    person, restriction, inzage = requests_of
    other = world.other_case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    foreign = RightsRequest.objects.create(person=other, kind=RightsRequestKind.BEPERKING, received_on="2026-01-01",
                                           description="Synthetisch: ander")
    # Showing the subject is a logged read of it; the refusal after it is one more entry, denied, without subject.
    for url, data, action in [
        (reverse("privacy:inzage-document", args=[person.subject_key, foreign.pk]), {}, "export"),
        (reverse("privacy:inzage-document", args=[person.subject_key, inzage.pk]), {"format": "xml"}, "export"),
    ]:
        before = AccessLogEntry.objects.count()
        assert officer.get(url, data).status_code == 404
        (entry,) = AccessLogEntry.objects.order_by("sequence")[before:]
        assert (entry.outcome, entry.action, entry.subject_key, entry.object_id) == ("denied", action, None, "")
    before = AccessLogEntry.objects.count()
    url = reverse("privacy:restriction-end", args=[person.subject_key, foreign.pk])
    assert officer.post(url, {f"einde-{foreign.pk}-ended_on": "2026-01-06"}).status_code == 404
    (entry,) = AccessLogEntry.objects.order_by("sequence")[before:]
    assert (entry.outcome, entry.action, entry.subject_key) == ("denied", "update", None)
    assert RightsRequest.objects.get(pk=foreign.pk).ended_on is None
