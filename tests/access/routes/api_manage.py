"""The koppelingen pages (API clients, procesregie.api.manage): the functional administrator's; 404 for everyone else.

The pages of one client open on a client of the police, registered through the service by the world's
functional administrator. An empty POST changes nothing (the forms answer with their errors, 200), except
revoking, whose form has no fields: the client is revoked and the page sends the administrator back to it (302).
"""

from procesregie.accounts.models import ApiScope
from procesregie.api.clients import client_create

from .expect import gated, only

ADMIN = {"functional_admin"}


def _client(world) -> dict:
    issued = client_create(actor=world.users["functional_admin"], organisation=world.users["participant"].organisation,
                           name="Meldsysteem politie", scopes=[ApiScope.REGISTRATIONS_WRITE])
    return {"pk": issued.client.pk}


ROUTES = {
    "koppelingen:client-list": (None, gated(get=only(ADMIN))),
    "koppelingen:client-create": (None, gated(get=only(ADMIN), post=only(ADMIN))),
    "koppelingen:client-detail": (_client, gated(get=only(ADMIN), post=only(ADMIN))),
    # POST without the form's one-time token: the confirmation again with its error, no new secret.
    "koppelingen:client-rotate": (_client, gated(get=only(ADMIN), post=only(ADMIN))),
    "koppelingen:client-revoke": (_client, gated(get=only(ADMIN), post=only(ADMIN, yes=302))),
}
