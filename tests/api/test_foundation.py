"""The API's foundation: clients get tokens with client credentials; a revoked or rotated secret stops at once."""

import base64

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken, Application

from procesregie.access.capabilities import REGISTER, may
from procesregie.accounts.models import ApiScope
from procesregie.api.clients import client_revoke, client_rotate
from procesregie.audit.models import AccessLogEntry

from .. import factories as f
from .conftest import token_for

pytestmark = pytest.mark.django_db


def _token_response(client_id, secret, **data):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return Client().post("/api/v1/token/", {"grant_type": "client_credentials", **data},
                         HTTP_AUTHORIZATION=f"Basic {basic}")


def test_a_client_gets_a_token_with_its_scopes_and_the_secret_is_stored_hashed(issue_client):
    issued = issue_client(f.OrganisationFactory(police=True), ApiScope.REGISTRATIONS_WRITE, ApiScope.HITNOHIT)
    response = _token_response(issued.client_id, issued.secret)
    assert response.status_code == 200
    body = response.json()
    assert set(body["scope"].split()) == {"registrations:write", "hitnohit"}
    assert body["token_type"] == "Bearer" and body["expires_in"] == 600
    stored = Application.objects.get(client_id=issued.client_id).client_secret
    assert issued.secret not in stored and stored.startswith("sha256_generated_secret$")


def test_a_generated_secret_is_checked_fast_and_a_person_s_password_still_gets_argon2(issue_client):
    """A wrong secret of a known client is refused as an unknown client is, without Argon2's 450 ms: no oracle
    for which client_ids exist, no cheap way to keep the cores busy. A person's password keeps the slow hash."""
    from django.contrib.auth.hashers import get_hasher, identify_hasher

    issued = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ)
    stored = Application.objects.get(client_id=issued.client_id).client_secret
    assert identify_hasher(stored).algorithm == "sha256_generated_secret"
    assert identify_hasher(stored).verify(issued.secret, stored)
    assert not identify_hasher(stored).verify(issued.secret + "x", stored)
    assert get_hasher("default").algorithm == "argon2"
    user = f.UserFactory()
    user.set_password("een lang wachtwoord 123")
    assert user.password.startswith("argon2")


def test_a_token_asks_for_fewer_scopes_never_more(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    assert _token_response(issued.client_id, issued.secret, scope="registrations:read").status_code == 200
    refused = _token_response(issued.client_id, issued.secret, scope="registrations:read hitnohit")
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_scope"


def test_a_wrong_secret_gets_no_token(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    response = _token_response(issued.client_id, issued.secret[:-1] + ("x" if issued.secret[-1] != "x" else "y"))
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_rotating_ends_the_old_secret_and_its_tokens_at_once(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    token_for(issued)
    rotated = client_rotate(actor=issue_client.admin, client=issued.client)
    assert not AccessToken.objects.filter(application__client_id=issued.client_id).exists()
    assert _token_response(issued.client_id, issued.secret).status_code == 401
    assert _token_response(rotated.client_id, rotated.secret).status_code == 200


def test_a_revoked_client_gets_no_token_and_loses_its_capabilities(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_WRITE)
    token_for(issued)
    assert may(issued.client.user, REGISTER)
    client_revoke(actor=issue_client.admin, client=issued.client)
    assert _token_response(issued.client_id, issued.secret).status_code == 401
    assert not AccessToken.objects.filter(application__client_id=issued.client_id).exists()
    issued.client.user.refresh_from_db()
    assert not may(issued.client.user, REGISTER)


def test_only_the_functional_administrator_manages_clients_and_each_change_is_logged(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ)
    stranger = f.UserFactory()
    from procesregie.core.errors import NotFound

    with pytest.raises(NotFound):
        client_rotate(actor=stranger, client=issued.client)
    assert AccessLogEntry.objects.filter(object_type="accounts.apiclient", object_id=str(issued.client.pk),
                                         action="create", actor_id=issue_client.admin.pk).exists()


def test_a_path_under_the_api_that_names_no_operation_is_a_404_problem_not_the_login_page():
    for path in ("/api/v1/bestaat-niet/", "/api/v1/registrations/a%0Ab/"):
        response = Client().get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["title"] == "Niet gevonden"
    assert Client().get("/bestaat-niet/").status_code == 302  # a page: the login first, as before


def test_a_method_the_operation_does_not_have_is_405_for_a_client_with_every_scope(issue_client):
    issued = issue_client(f.OrganisationFactory(), *ApiScope.values)
    response = Client().delete("/api/v1/registrations/", HTTP_AUTHORIZATION=f"Bearer {token_for(issued)}")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json" and "GET" in response["Allow"]


def test_without_credentials_any_body_gets_401_and_is_not_read():
    for content_type, body in (("multipart/form-data; boundary=x", b"--x--"), ("application/json", b"{broken")):
        response = Client().post("/api/v1/registrations/", body, content_type=content_type)
        assert response.status_code == 401, content_type
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_when_the_access_log_cannot_be_written_the_api_answers_a_503_problem_and_shows_nothing(issue_client):
    from tests.audit.conftest import break_log_inserts

    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    token = token_for(issued)
    break_log_inserts()
    response = Client().get("/api/v1/registrations/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json" and "results" not in response.json()


def test_a_body_larger_than_django_accepts_is_a_400_problem(issue_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_WRITE)
    response = Client().post("/api/v1/registrations/", b'{"verzoek": "' + b"x" * 5000 + b'"}',
                             content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token_for(issued)}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_the_rate_limit_counts_per_minute_and_keeps_only_the_last_hour(issue_client):
    import datetime

    from procesregie.api.models import ApiUsage
    from procesregie.api.throttling import count_call

    client = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ).client
    start = datetime.datetime(2026, 3, 1, 10, 0, 5, tzinfo=datetime.UTC)
    assert [count_call(client, start + datetime.timedelta(seconds=s)) for s in (0, 10, 50)] == [1, 2, 3]
    assert count_call(client, start + datetime.timedelta(minutes=30)) == 1
    assert ApiUsage.objects.filter(client=client).count() == 2
    assert count_call(client, start + datetime.timedelta(minutes=61)) == 1
    assert sorted(ApiUsage.objects.filter(client=client).values_list("calls", flat=True)) == [1, 1]  # 10:00 gone


def test_the_framework_s_own_refusals_say_in_dutch_what_to_send(issue_client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(issue_client(f.OrganisationFactory(), *ApiScope.values))}"}
    broken = Client().post("/api/v1/registrations/", b"{broken", content_type="application/json", **headers)
    assert broken.status_code == 400 and broken.json()["detail"] == "De inhoud is geen geldige JSON."
    form = Client().post("/api/v1/registrations/", {"soort": "ZVH"}, **headers)
    assert form.status_code in (400, 415)  # the form body is read by the token check's request object first
    wrong_accept = Client().get("/api/v1/registrations/", HTTP_ACCEPT="text/html", **headers)
    assert wrong_accept.status_code == 406 and "alleen in JSON" in wrong_accept.json()["detail"]


def test_the_reference_page_keeps_the_content_security_policy_and_says_its_language():
    page = Client().get("/api/v1/docs/").content.decode()
    assert '<html lang="nl">' in page and "<style" not in page and "api/reference.css" in page
