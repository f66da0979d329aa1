"""The koppelingen pages as the functional administrator hands a koppeling over: the example on a client's page is a
call its scopes allow (a monitor that reads figures only is not shown a call that answers 403), and the page of a
revoked client does not offer a new secret."""

import html
import json
import re
import shlex
from urllib.parse import urlsplit

import pytest
from django.test import Client

from procesregie.accounts.models import ApiClient, ApiScope
from procesregie.api.clients import IssuedSecret, client_revoke

from .. import factories as f
from .conftest import bearer, token_for
from .manage_helpers import admin_client, create, detail_url, shown_credentials

pytestmark = pytest.mark.django_db


def example_call(page) -> list[str]:
    """The example's call with the token (the last line of the curl example on the page), as words."""
    block = re.search(r'<pre class="utrecht-code-block api-example"[^>]*><code[^>]*>(.*?)</code></pre>',
                      page.content.decode(), re.S).group(1)
    return shlex.split(html.unescape(block).strip().splitlines()[-1])


def call(words: list[str], token: str):
    """Do what the example's curl command does, with `token` for TOKEN, on the test server."""
    assert words[:3] == ["curl", "-H", "Authorization: Bearer TOKEN"], words
    path = urlsplit(words[-1]).path
    if "-d" not in words:
        return Client().get(path, **bearer(token))
    body = words[words.index("-d") + 1]
    body = "{}" if body.startswith("@") else body  # a file of the partner's own: an empty message is refused, not 403
    return Client().post(path, body, content_type="application/json", **bearer(token))


SCOPE_SETS = {
    "figures only": ((ApiScope.REPORTS_READ,), "/api/v1/reports/annual/", 200),
    "hit/no-hit only": ((ApiScope.HITNOHIT,), "/api/v1/hitnohit/", 200),
    "registrations": ((ApiScope.REGISTRATIONS_WRITE, ApiScope.REGISTRATIONS_READ), "/api/v1/registrations/", 200),
    "registering only": ((ApiScope.REGISTRATIONS_WRITE,), "/api/v1/registrations/", 400),
}


@pytest.mark.parametrize("scopes, path, status", SCOPE_SETS.values(), ids=SCOPE_SETS.keys())
def test_the_example_call_on_a_clients_page_is_one_its_scopes_allow(issue_client, scopes, path, status):
    issued = issue_client(f.OrganisationFactory(), *scopes)
    words = example_call(admin_client().get(detail_url(issued.client.pk)))
    assert path in words[-1]
    assert call(words, token_for(issued)).status_code == status


def test_the_example_call_beside_a_new_secret_works_with_that_secret(db):
    organisation = f.OrganisationFactory()
    page = create(admin_client(), organisation, scopes=[ApiScope.REPORTS_READ])
    assert page.status_code == 200
    client_id, secret = shown_credentials(page)
    issued = IssuedSecret(client=ApiClient.objects.get(application__client_id=client_id), client_id=client_id,
                          secret=secret)
    response = call(example_call(page), token_for(issued))
    assert response.status_code == 200 and json.loads(response.content)["report"] == "annual"


def test_a_revoked_clients_page_does_not_speak_of_a_new_secret(issue_client):
    issued = issue_client(f.OrganisationFactory(), ApiScope.HITNOHIT)
    administrator = admin_client()
    client_revoke(actor=administrator.admin, client=issued.client)
    page = administrator.get(detail_url(issued.client.pk)).content.decode()
    assert "ingetrokken" in page
    assert "nieuw geheim" not in page.lower()
