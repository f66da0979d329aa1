"""Request id and client address reach the log; a view that cannot log shows a 503 without personal data."""

import uuid

import pytest
from django.http import HttpResponse
from django.urls import path

from procesregie.audit.errors import AccessLogUnavailable
from procesregie.audit.models import AccessLogEntry, Action
from procesregie.audit.services import record_access
from procesregie.subjects.models import Person
from tests.factories import PersonFactory, UserFactory

from .conftest import break_log_inserts

UNAVAILABLE = "Het toegangslogboek is niet beschikbaar; er worden geen persoonsgegevens getoond."


def person_page(request, pk: int):
    person = Person.objects.get(pk=pk)
    html = f"<p>{person.given_name} {person.family_name}, BSN {person.bsn}</p>"  # rendered, not yet returned
    record_access(actor=request.user, action=Action.READ, obj=person, request=request)
    return HttpResponse(html)


def raising_page(request):
    rendered = HttpResponse("<p>Jan Jansen</p>")  # noqa: F841 - rendered, then the log fails
    raise AccessLogUnavailable("test")


def logged_page(request):
    entry = record_access(actor=request.user, action=Action.READ, request=request)
    return HttpResponse(str(entry.sequence))


urlpatterns = [
    path("persoon/<int:pk>/", person_page),
    path("fout/", raising_page),
    path("gelogd/", logged_page),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture(autouse=True)
def middleware(settings):
    settings.MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "procesregie.audit.middleware.RequestContextMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]


def test_view_that_cannot_log_answers_503_without_personal_data(client):
    person = PersonFactory(given_name="Maartje", family_name="Vermeulen-Synthetisch")
    client.force_login(UserFactory())
    break_log_inserts()
    response = client.get(f"/persoon/{person.pk}/")
    assert response.status_code == 503
    body = response.content.decode()
    assert UNAVAILABLE in body
    for personal in ("Maartje", "Vermeulen", person.bsn):
        assert personal not in body
    assert response["Cache-Control"] == "no-store"
    uuid.UUID(response["X-Request-ID"])


def test_access_log_unavailable_from_any_view_is_a_503(client):
    response = client.get("/fout/")
    assert response.status_code == 503
    assert "Jansen" not in response.content.decode()
    assert UNAVAILABLE in response.content.decode()


def test_readable_view_logs_with_the_request_id_and_address(client):
    user = UserFactory(username="partner1")
    client.force_login(user)
    first = client.get("/gelogd/")
    second = client.get("/gelogd/")
    assert first.status_code == 200
    request_id = first["X-Request-ID"]
    assert uuid.UUID(request_id).version == 4
    assert request_id != second["X-Request-ID"]
    entry = AccessLogEntry.objects.get(sequence=int(first.content))
    assert (entry.request_id, entry.ip, entry.actor_username) == (request_id, "127.0.0.1", "partner1")


def test_forwarded_for_is_ignored_without_trusted_proxies(client, settings):
    settings.PROCESREGIE_TRUSTED_PROXIES = 0
    response = client.get("/gelogd/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert AccessLogEntry.objects.get(sequence=int(response.content)).ip == "10.0.0.5"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the client wrote the left part: not trusted
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.5"),  # fewer entries than proxies: fall back to the peer
        (1, "niet-een-adres", "10.0.0.5"),  # not an address (proxy count set too high): the peer, as the lockout
        (1, "fe80::1%eth0", "fe80::1"),
    ],
)
def test_forwarded_for_behind_trusted_proxies(client, settings, proxies, forwarded, expected):
    settings.PROCESREGIE_TRUSTED_PROXIES = proxies
    response = client.get("/gelogd/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert AccessLogEntry.objects.get(sequence=int(response.content)).ip == expected
