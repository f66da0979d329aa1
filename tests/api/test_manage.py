"""The koppelingen pages: the functional administrator registers a partner system's API client, sees its secret
once, changes its scopes and limits, gives it a new secret and revokes it. Nobody else sees these pages."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.views.debug import ExceptionReporter
from oauth2_provider.models import AccessToken, Application

from procesregie.access.api import has_scope
from procesregie.accounts.models import ApiClient, ApiScope, RoleAssignment, User
from procesregie.accounts.roles import Role
from procesregie.api.clients import client_create, client_revoke
from procesregie.api.manage import views
from procesregie.audit.models import AccessLogEntry
from tests.logins import verified_client

from .. import factories as f
from .conftest import bearer, functional_admin, token_for
from .manage_helpers import (
    CREATE_URL,
    LIST_URL,
    admin_client,
    create,
    detail_url,
    once_of,
    revoke_url,
    rotate_url,
    settings_data,
    shown_credentials,
    token_response,
)

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return (ApiClient.objects.count(), User.objects.count(), Application.objects.count(),
            AccessLogEntry.objects.count())


# -- who ---------------------------------------------------------------------------------------------------------

def _pages(pk: int) -> list[str]:
    return [LIST_URL, CREATE_URL, detail_url(pk), rotate_url(pk), revoke_url(pk)]


def test_the_functional_administrator_opens_every_page_and_finds_them_in_the_menu(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ)
    client = admin_client()
    for url in _pages(issued.client.pk):
        assert client.get(url).status_code == 200, url
    assert f'href="{LIST_URL}"' in client.get("/werk/").content.decode()


@pytest.mark.parametrize("role", [Role.PROCESREGISSEUR, Role.KETENPARTNER, Role.MANAGER, Role.PRIVACY_OFFICER])
def test_everyone_else_gets_404_and_changes_nothing(issue_client, role):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ)
    user = f.UserFactory()
    RoleAssignment.objects.create(user=user, role=role)
    client = verified_client(user)
    assert f'href="{LIST_URL}"' not in client.get("/werk/").content.decode()
    before = _counts()
    for url in _pages(issued.client.pk):
        assert client.get(url).status_code == 404, url
        assert client.post(url, settings_data(organisation=issued.client.organisation.pk)).status_code in (404, 405)
    assert _counts() == before
    issued.client.refresh_from_db()
    assert not issued.client.is_revoked
    assert token_response(issued.client_id, issued.secret).status_code == 200


def test_anonymous_is_sent_to_the_login(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ)
    from django.test import Client

    for url in _pages(issued.client.pk):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/"), url


# -- a new client: the secret once ----------------------------------------------------------------------------------

def test_a_new_client_shows_its_secret_once_uncached_and_the_secret_gets_a_token():
    police = f.OrganisationFactory(police=True, name="Politie Midden (synthetisch)")
    client = admin_client()
    response = create(client, police, name="Meldsysteem politie", scopes=["registrations:write", "hitnohit"],
                      rate_per_minute="30", hitnohit_per_day="50")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Bewaar dit geheim nu; het wordt niet opnieuw getoond." in body
    client_id, secret = shown_credentials(response)

    stored = ApiClient.objects.get()
    assert stored.application.client_id == client_id and stored.organisation == police
    assert stored.name == "Meldsysteem politie" and stored.scopes == ["registrations:write", "hitnohit"]
    assert (stored.rate_per_minute, stored.hitnohit_per_day) == (30, 50)
    assert stored.created_by == client.admin
    assert token_response(client_id, secret).status_code == 200


def test_the_secret_is_never_shown_again_nor_kept_anywhere():
    client = admin_client()
    response = create(client, f.OrganisationFactory())
    client_id, secret = shown_credentials(response)
    stored = ApiClient.objects.get()

    for url in (LIST_URL, detail_url(stored.pk), rotate_url(stored.pk), revoke_url(stored.pk)):
        page = client.get(url).content.decode()
        assert secret not in page, url
    assert client_id in client.get(detail_url(stored.pk)).content.decode()
    # not in the session, the access log or the stored application (hashed there)
    assert not [s for s in Session.objects.all() if secret in str(s.get_decoded())]
    assert not [entry for entry in AccessLogEntry.objects.values_list() if secret in str(entry)]
    assert secret not in Application.objects.get().client_secret


def test_reloading_the_secret_page_issues_nothing_and_shows_no_secret():
    client = admin_client()
    organisation = f.OrganisationFactory()
    once = once_of(client.get(CREATE_URL))
    data = {"once": once, **settings_data(organisation=organisation.pk)}
    first = client.post(CREATE_URL, data)
    client_id, secret = shown_credentials(first)
    before = _counts()

    again = client.post(CREATE_URL, data)  # the browser's "resend the form?" after a reload
    stored = ApiClient.objects.get()
    assert again.status_code == 302 and again["Location"] == detail_url(stored.pk)
    assert ApiClient.objects.count() == before[0] == 1 and Application.objects.count() == 1
    followed = client.get(again["Location"]).content.decode()
    assert "wordt niet opnieuw getoond" in followed and secret not in followed
    assert token_response(client_id, secret).status_code == 200  # the shown secret still works


def test_a_form_without_its_one_time_token_writes_nothing():
    client = admin_client()
    organisation = f.OrganisationFactory()
    client.get(CREATE_URL)
    before = _counts()
    for once in ("", "not-issued-here"):
        response = client.post(CREATE_URL, {"once": once, **settings_data(organisation=organisation.pk)})
        assert response.status_code == 200
        assert "Dit formulier was verlopen of is al verstuurd; er is niets opgeslagen." in response.content.decode()
    assert _counts() == before
    # another session's token does not work either
    other = admin_client(client.admin)
    token = once_of(other.get(CREATE_URL))
    assert client.post(CREATE_URL, {"once": token, **settings_data(organisation=organisation.pk)}).status_code == 200
    assert _counts() == before



def test_an_error_report_does_not_show_the_secret(monkeypatch, rf):
    """If rendering the secret's page failed, the error report (mailed to the ADMINS) hides the issued secret."""
    client = admin_client()
    organisation = f.OrganisationFactory()
    once = once_of(client.get(CREATE_URL))

    def failing_page(request, issued, **kwargs):
        raise RuntimeError("the page failed")

    monkeypatch.setattr(views, "_secret_page", failing_page)
    request = rf.post(CREATE_URL, {"once": once, **settings_data(organisation=organisation.pk)})
    request.user = client.admin
    request.session = SessionStore(session_key=client.session.session_key)
    with pytest.raises(RuntimeError) as failure:
        views.client_create(request)
    reporter = ExceptionReporter(request, failure.type, failure.value, failure.tb)
    frames = reporter.get_traceback_data()["frames"]
    shown = [value for frame in frames for name, value in frame["vars"] if name == "issued"]
    assert shown and not [value for value in shown if "IssuedSecret(" in str(value)]  # the secret is in there

# -- bad input ------------------------------------------------------------------------------------------------------

BAD = [
    ({"organisation": None}, "Kies de organisatie van de koppeling."),
    ({"organisation": "999999"}, "Kies een organisatie uit de lijst."),
    ({"organisation": "9" * 30}, "Kies een organisatie uit de lijst."),
    ({"name": ""}, "Geef de koppeling een naam."),
    ({"name": "x" * 201}, "Gebruik ten hoogste 200 tekens."),
    ({"scopes": None}, "Kies ten minste één recht."),
    ({"scopes": ["registrations:write", "admin"]}, "Kies rechten uit de lijst."),
    ({"rate_per_minute": "0"}, "Vul ten minste 1 in."),
    ({"rate_per_minute": "6001"}, "Vul ten hoogste 6000 in."),
    ({"rate_per_minute": "veel"}, "Vul een heel getal in."),
    ({"hitnohit_per_day": ""}, "Vul het aantal hit/no-hit-vragen per dag in."),
    ({"hitnohit_per_day": "100001"}, "Vul ten hoogste 100000 in."),
]


@pytest.mark.parametrize(("fields", "message"), BAD)
def test_bad_input_for_a_new_client_gets_a_dutch_error_and_writes_nothing(fields, message):
    client = admin_client()
    organisation = f.OrganisationFactory()
    once = once_of(client.get(CREATE_URL))
    before = _counts()
    response = client.post(CREATE_URL, {"once": once, **settings_data(**{"organisation": organisation.pk, **fields})})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _counts() == before
    # the form can be sent again as it is corrected: the refused form got a new token
    fixed = client.post(CREATE_URL, {"once": once_of(response), **settings_data(organisation=organisation.pk)})
    assert fixed.status_code == 200 and ApiClient.objects.count() == 1


def test_a_refusal_of_the_service_is_shown_on_the_form_and_writes_nothing():
    client = admin_client()
    before = _counts()
    response = create(client, f.OrganisationFactory(), name="<b></b>")  # no name left once the markup is gone
    assert response.status_code == 200
    assert "Geef de koppeling een naam." in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize(("fields", "message"), [b for b in BAD if "organisation" not in b[0]])
def test_bad_input_for_a_client_gets_a_dutch_error_and_changes_nothing(issue_client, fields, message):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ, name="Monitor")
    client = admin_client()
    before = _counts()
    response = client.post(detail_url(issued.client.pk), settings_data(**fields))
    assert response.status_code == 200 and message in response.content.decode()
    assert _counts() == before
    issued.client.refresh_from_db()
    assert (issued.client.name, issued.client.scopes) == ("Monitor", ["reports:read"])


# -- changing, a new secret, revoking ------------------------------------------------------------------------------

def test_a_clients_name_scopes_and_limits_change_and_a_scope_taken_away_counts_at_once(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ, ApiScope.HITNOHIT, name="Oud")
    client = admin_client()
    response = client.post(detail_url(issued.client.pk), settings_data(
        name="Nieuw", scopes=["registrations:read"], rate_per_minute="10", hitnohit_per_day="5"))
    assert response.status_code == 302 and response["Location"] == detail_url(issued.client.pk)
    issued.client.refresh_from_db()
    assert (issued.client.name, issued.client.scopes) == ("Nieuw", ["registrations:read"])
    assert (issued.client.rate_per_minute, issued.client.hitnohit_per_day) == (10, 5)
    assert not has_scope(User.objects.get(pk=issued.client.user_id), ApiScope.HITNOHIT)
    assert "De koppeling is opgeslagen." in client.get(response["Location"]).content.decode()


def test_a_revoked_client_cannot_be_changed_and_the_page_says_why(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ, name="Monitor")
    client_revoke(actor=issue_client.admin, client=issued.client)
    client = admin_client()
    before = _counts()
    response = client.post(detail_url(issued.client.pk), settings_data(name="Anders"))
    assert response.status_code == 200 and "Deze koppeling is ingetrokken." in response.content.decode()
    assert _counts() == before
    issued.client.refresh_from_db()
    assert issued.client.name == "Monitor"
    page = client.get(detail_url(issued.client.pk)).content.decode()
    assert rotate_url(issued.client.pk) not in page and revoke_url(issued.client.pk) not in page


def test_a_new_secret_is_shown_once_and_the_old_secret_and_its_tokens_stop_at_once(issue_client, probe):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    old_token = token_for(issued)
    assert probe(old_token).status_code == 200
    client = admin_client()
    confirm = client.get(rotate_url(issued.client.pk))
    assert confirm.status_code == 200 and issued.secret not in confirm.content.decode()
    data = {"once": once_of(confirm)}

    response = client.post(rotate_url(issued.client.pk), data)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    client_id, secret = shown_credentials(response)
    assert client_id == issued.client_id and secret != issued.secret
    assert token_response(issued.client_id, issued.secret).status_code == 401
    assert probe(old_token).status_code == 401
    assert token_response(client_id, secret).status_code == 200

    again = client.post(rotate_url(issued.client.pk), data)  # reloading the page of the new secret
    assert again.status_code == 302 and again["Location"] == detail_url(issued.client.pk)
    assert secret not in client.get(again["Location"]).content.decode()
    assert token_response(client_id, secret).status_code == 200  # not replaced by another one


def test_an_empty_post_makes_no_new_secret(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    client = admin_client()
    response = client.post(rotate_url(issued.client.pk))
    assert response.status_code == 200 and "er is niets opgeslagen" in response.content.decode()
    assert token_response(issued.client_id, issued.secret).status_code == 200


def test_revoking_ends_the_client_and_its_tokens_at_once(issue_client, probe):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REGISTRATIONS_READ)
    token = token_for(issued)
    assert probe(token).status_code == 200
    client = admin_client()
    confirm = client.get(revoke_url(issued.client.pk)).content.decode()
    assert "Intrekken kan niet ongedaan worden gemaakt." in confirm
    rotate_opened = once_of(client.get(rotate_url(issued.client.pk)))  # a new secret's page, open in another tab

    response = client.post(revoke_url(issued.client.pk))
    assert response.status_code == 302 and response["Location"] == detail_url(issued.client.pk)
    assert probe(token).status_code == 401
    assert not AccessToken.objects.filter(application__client_id=issued.client_id).exists()
    assert token_response(issued.client_id, issued.secret).status_code == 401
    issued.client.refresh_from_db()
    assert issued.client.is_revoked and issued.client.revoked_by == client.admin

    # a revoked client gets no new secret, and revoking twice is refused on the page
    assert "Nieuw geheim maken" not in client.get(rotate_url(issued.client.pk)).content.decode()
    refused = client.post(rotate_url(issued.client.pk), {"once": rotate_opened})
    assert refused.status_code == 200 and "Deze koppeling is ingetrokken." in refused.content.decode()
    assert token_response(issued.client_id, issued.secret).status_code == 401
    again = client.post(revoke_url(issued.client.pk))
    assert again.status_code == 200 and "Deze koppeling is ingetrokken." in again.content.decode()


# -- the list -------------------------------------------------------------------------------------------------------

def test_the_list_shows_each_client_with_organisation_scopes_limits_state_and_last_use(issue_client):
    police = f.OrganisationFactory(police=True, name="Politie (synthetisch)")
    used = issue_client(police, ApiScope.REGISTRATIONS_WRITE, ApiScope.HITNOHIT, name="Meldsysteem",
                        rate_per_minute=30, hitnohit_per_day=40)
    token_for(used)
    unused = issue_client(f.OrganisationFactory(name="Regio (synthetisch)"), ApiScope.REPORTS_READ, name="Monitor")
    revoked = issue_client(police, ApiScope.REGISTRATIONS_READ, name="Oud systeem")
    client_revoke(actor=issue_client.admin, client=revoked.client)

    body = admin_client().get(LIST_URL).content.decode()
    rows = {issued.client.name: _row_html(body, issued.client.pk) for issued in (used, unused, revoked)}
    assert "Politie (synthetisch)" in rows["Meldsysteem"] and "Aanmeldingen doen, hit/no-hit-bevraging" in rows["Meldsysteem"]
    assert "30 verzoeken per minuut; 40 hit/no-hit-vragen per dag" in rows["Meldsysteem"]
    assert "Actief" in rows["Meldsysteem"] and "Nog niet" not in rows["Meldsysteem"]
    assert "Cijfers lezen (jaarverslag en resultaten)" in rows["Monitor"] and "Nog niet" in rows["Monitor"]
    assert "hit/no-hit-vragen per dag" not in rows["Monitor"]  # no hit/no-hit scope: no daily limit shown
    assert "Ingetrokken op" in rows["Oud systeem"]
    assert body.index("Meldsysteem") < body.index("Oud systeem")  # the active ones first


def _row_html(body: str, pk: int) -> str:
    start = body.index(f'id="client-{pk}"')
    return body[start:body.index("</tr>", start)]


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_the_lists_queries_do_not_grow_with_the_number_of_clients():
    admin = functional_admin()
    client = admin_client(admin)
    client.get(LIST_URL)  # the session and the chain heads as every later request finds them

    def issue(count):
        for number in range(count):
            issued = client_create(actor=admin, organisation=f.OrganisationFactory(), name=f"Systeem {number}",
                                   scopes=[ApiScope.REPORTS_READ])
            if number % 2:
                client_revoke(actor=admin, client=issued.client)

    issue(2)
    two = _list_queries(client)
    issue(18)
    assert _list_queries(client) == two


def test_reading_the_list_and_a_client_is_logged(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ)
    client = admin_client()
    client.get(LIST_URL)
    client.get(detail_url(issued.client.pk))
    reads = list(AccessLogEntry.objects.filter(action="read", actor_id=client.admin.pk)
                 .values_list("object_type", "object_id"))
    assert reads == [("accounts.apiclient", ""), ("accounts.apiclient", str(issued.client.pk))]


# -- a real API call, to see a token stop working ------------------------------------------------------------------

@pytest.fixture
def probe(settings):
    """`probe(token)`: a GET of an API view that requires `registrations:read` (the answer's status tells whether
    the token works), mounted beside the real URLconf."""
    settings.ROOT_URLCONF = "tests.api.manage_probe_urls"
    from django.test import Client

    def call(token):
        return Client().get("/api/v1/manage-probe/", **bearer(token))

    return call
