"""The privacy officer's pages about the API clients' hit/no-hit use (procesregie.api.review): only the privacy
officer; 404 for everyone else."""

from procesregie.accounts.models import ApiScope
from procesregie.api.clients import client_create

from .expect import gated, only

OFFICER = {"privacy_officer"}


def _client(world) -> dict:
    issued = client_create(actor=world.users["functional_admin"], organisation=world.users["participant"].organisation,
                           name="Politie hit/no-hit", scopes=[ApiScope.HITNOHIT])
    return {"pk": issued.client.pk}


ROUTES = {
    "api_review:client-list": (None, gated(get=only(OFFICER))),
    "api_review:client-detail": (_client, gated(get=only(OFFICER))),
}
