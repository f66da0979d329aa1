"""The partner API attacked as an outsider, a partner system and a curious insider would (security review of issue 16).

Each test states what an attacker would notice; each failed before its fix.
"""

import base64

import pytest
from axes.models import AccessAttempt
from django.test import Client

from procesregie.accounts.models import ApiScope

from .. import factories as f
from . import registrations_world as rw
from .conftest import bearer, token_for

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/token/"


def _basic(client_id: str, secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


# -- the token endpoint knows one grant: client credentials ---------------------------------------------------------


def test_the_token_endpoint_is_no_way_to_try_a_staff_password(issue_client):
    """With a client's credentials, the password grant used to check a staff member's password without the second
    factor: `unauthorized_client` for the right password, `invalid_grant` for a wrong one. Now both are refused
    alike, before any password is looked at."""
    issued = issue_client(f.OrganisationFactory(police=True), ApiScope.REGISTRATIONS_READ)
    staff = f.UserFactory(username="j.jansen")
    staff.set_password("Juist-Wachtwoord-2026")
    staff.save()
    answers = [
        Client().post(TOKEN, {"grant_type": "password", "username": "j.jansen", "password": password},
                      **_basic(issued.client_id, issued.secret))
        for password in ("Juist-Wachtwoord-2026", "fout-wachtwoord-2026")
    ]
    assert [answer.status_code for answer in answers] == [400, 400]
    assert answers[0].content == answers[1].content
    assert answers[0].json()["error"] == "unsupported_grant_type"
    assert not AccessAttempt.objects.exists()  # no password was checked (django-axes counted none)


@pytest.mark.parametrize("grant_type", ["authorization_code", "refresh_token", "implicit", "",
                                        "urn:ietf:params:oauth:grant-type:jwt-bearer"])
def test_every_grant_but_client_credentials_is_unsupported(issue_client, grant_type):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    answer = Client().post(TOKEN, {"grant_type": grant_type, "code": "x", "refresh_token": "x",
                                   "redirect_uri": "https://example.org/"}, **_basic(issued.client_id, issued.secret))
    assert answer.status_code == 400 and answer.json() == {"error": "unsupported_grant_type"}
    assert answer["Cache-Control"] == "no-store"


def test_a_device_code_grant_is_refused_not_a_server_error():
    """Anyone could make the token endpoint fail with a 500 (django-oauth-toolkit reads `device_code` unchecked)."""
    for data in ({"grant_type": "urn:ietf:params:oauth:grant-type:device_code"},
                 {"grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": "raad-maar"}):
        answer = Client().post(TOKEN, data)
        assert answer.status_code == 400 and answer.json() == {"error": "unsupported_grant_type"}


def test_client_credentials_still_get_a_token_by_basic_auth_or_in_the_body(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    by_basic = Client().post(TOKEN, {"grant_type": "client_credentials"}, **_basic(issued.client_id, issued.secret))
    in_body = Client().post(TOKEN, {"grant_type": "client_credentials", "client_id": issued.client_id,
                                    "client_secret": issued.secret})
    assert by_basic.status_code == in_body.status_code == 200
    assert by_basic["Cache-Control"] == "no-store"


# -- the bearer token: only in the Authorization header ------------------------------------------------------------


def test_a_token_in_the_url_or_a_form_body_does_not_authenticate(issue_client):
    """A token in the query string ends up in proxy and server logs, browser history and Referer headers; the API
    documents the Authorization header, and only that counts."""
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ, ApiScope.REGISTRATIONS_WRITE)
    token = token_for(issued)
    in_url = Client().get(f"/api/v1/registrations/?access_token={token}")
    in_body = Client().post("/api/v1/registrations/", f"access_token={token}",
                            content_type="application/x-www-form-urlencoded")
    for answer in (in_url, in_body):
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"].startswith("Bearer")
    assert Client().get("/api/v1/registrations/", **bearer(token)).status_code == 200


# -- bad input: a clear error, never a server error ----------------------------------------------------------------


@pytest.mark.parametrize("body", ["[" * 50_000 + "]" * 50_000, '{"a":' * 20_000 + "1" + "}" * 20_000])
def test_deeply_nested_json_is_a_400_problem_not_a_server_error(issue_client, body):
    world = rw.build(issue_client)
    http = world.http()
    before = rw.rows()
    answer = http.client.post(rw.LIST, body, content_type="application/json", **http.headers)
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    assert rw.rows() == before


# -- a new secret ends the old one at once, also for a token being issued at that moment --------------------------


def test_a_token_asked_with_the_old_secret_while_it_is_rotated_is_not_issued(issue_client, monkeypatch):
    """A token request checks the secret, then stores the token. When the administrator gives the client a new secret
    in between (a thief of the old secret asking tokens in a loop, say), the token used to be stored after the
    rotation had deleted the client's tokens: valid for ten minutes with a secret that no longer exists."""
    from oauth2_provider.models import AccessToken

    from procesregie.api.authentication import ClientValidator
    from procesregie.api.clients import client_rotate

    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    checked = ClientValidator.authenticate_client

    def rotated_meanwhile(self, request, *args, **kwargs):
        authenticated = checked(self, request, *args, **kwargs)
        client_rotate(actor=issue_client.admin, client=issued.client)  # the administrator, at that moment
        return authenticated

    monkeypatch.setattr(ClientValidator, "authenticate_client", rotated_meanwhile)
    answer = Client().post(TOKEN, {"grant_type": "client_credentials"}, **_basic(issued.client_id, issued.secret))
    assert answer.status_code == 401 and answer.json()["error"] == "invalid_client"
    assert answer["Content-Type"] == "application/json" and answer["Cache-Control"] == "no-store"
    assert not AccessToken.objects.filter(application__client_id=issued.client_id).exists()


# -- a client's service account never logs in on the pages ---------------------------------------------------------


def test_a_service_account_never_logs_in_on_the_pages_even_with_a_password(issue_client):
    """The account has no usable password; should it ever get one (an installation administrator's `changepassword`,
    a future bug), the login still refuses it, and a session of it counts for nothing: on the pages a client with
    registrations:write and :read would get the registration form and its organisation's registrations with names,
    far more than the API shows it."""
    from tests.logins import verified_client

    issued = issue_client(f.OrganisationFactory(police=True), ApiScope.REGISTRATIONS_WRITE,
                          ApiScope.REGISTRATIONS_READ)
    account = issued.client.user
    account.set_password("Een-Wachtwoord-Gezet-2026")
    account.save()
    login = Client().post("/inloggen/", {"username": account.username, "password": "Een-Wachtwoord-Gezet-2026"})
    assert login.status_code == 200 and "_auth_user_id" not in login.client.session  # the form again, no login
    session = verified_client(account)  # a session made for it anyway
    for path in ("/aanmeldingen/nieuw/persoon/", "/aanmeldingen/"):
        page = session.get(path)
        assert page.status_code == 302 and page["Location"].startswith("/inloggen/"), path


# -- what the database keeps of a token -----------------------------------------------------------------------------


def test_an_access_token_is_stored_only_as_its_hash(issue_client):
    """Anyone who reads the database (a backup, a copy for a test) used to find every token of the last ten minutes in
    plain text, ready to use."""
    import hashlib

    from oauth2_provider.models import AccessToken

    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    token = token_for(issued)
    stored = AccessToken.objects.get(application__client_id=issued.client_id)
    assert token not in stored.token and stored.token_checksum == hashlib.sha256(token.encode()).hexdigest()
    assert Client().get("/api/v1/registrations/", **bearer(token)).status_code == 200


# -- the secret and the tokens never in a log -----------------------------------------------------------------------


def test_no_log_holds_a_secret_or_a_token_even_at_debug_level(issue_client, caplog):
    """PROCESREGIE_LOG_LEVEL=DEBUG (for a problem in production, say) made oauthlib log every issued access token."""
    import logging

    caplog.set_level(logging.DEBUG)  # the root logger at DEBUG, as PROCESREGIE_LOG_LEVEL=DEBUG sets it
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    tokens = [token_for(issued)]
    in_body = Client().post(TOKEN, {"grant_type": "client_credentials", "client_id": issued.client_id,
                                    "client_secret": issued.secret})
    tokens.append(in_body.json()["access_token"])
    Client().get("/api/v1/registrations/", **bearer(tokens[0]))
    Client().post(TOKEN, {"grant_type": "client_credentials"}, **_basic(issued.client_id, issued.secret[:-2]))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records  # the capture works (factory_boy and django-oauth-toolkit log at DEBUG)
    for secret in (issued.secret, *tokens):
        assert secret not in logged


def test_an_error_report_of_the_secrets_page_shows_the_secret_nowhere(monkeypatch, rf):
    """The page that shows a new secret hid the variable `issued` from an error report, but not the `context` it
    builds for the template from it, nor the template's frames: a failing page put the secret in the report mailed to
    the ADMINS (Django's SafeExceptionReporterFilter cleanses variables by name only)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.views.debug import ExceptionReporter

    from procesregie.api import clients as services
    from procesregie.api.manage import views

    from .manage_helpers import CREATE_URL, admin_client, once_of, settings_data

    client = admin_client()
    once = once_of(client.get(CREATE_URL))
    secrets_issued = []
    issue = services.client_create

    def noting_the_secret(**arguments):
        issued = issue(**arguments)
        secrets_issued.append(issued.secret)
        return issued

    def failing_render(request, template_name, context=None, *args, **kwargs):
        raise RuntimeError("the template failed")

    monkeypatch.setattr(services, "client_create", noting_the_secret)
    monkeypatch.setattr(views, "render", failing_render)
    request = rf.post(CREATE_URL, {"once": once, **settings_data(organisation=f.OrganisationFactory().pk)})
    request.user = client.admin
    request.session = SessionStore(session_key=client.session.session_key)
    with pytest.raises(RuntimeError) as failure:
        views.client_create(request)
    frames = ExceptionReporter(request, failure.type, failure.value, failure.tb).get_traceback_data()["frames"]
    shown = [(frame["function"], name) for frame in frames if frame["filename"] != __file__
             for name, value in frame["vars"] if secrets_issued[0] in str(value)]
    assert [frame["function"] for frame in frames][-1] == "failing_render"  # the report reaches the page's frames
    assert shown == []
