"""One submission per form: a page that shows a secret is the answer to a POST, and reloading it must not issue
another client or another secret.

A form that issues a secret (a new client, a new secret) carries a token of this session (`issue`). The POST
redeems it (`redeem`) before the service is called; a token that was redeemed already answers with the client it was
used for (`redeemed_for`): the view then sends the administrator to the client's page, where no secret is shown.
An unknown token (an old form, another session) is refused with a form error and nothing is written.

Only tokens and client ids are kept in the session, never a secret.
"""

import secrets

FIELD = "once"
SESSION_KEY = "koppelingen_once"
KEPT = 20  # the newest tokens of each kind a session keeps (a few forms open in tabs)


def _state(request) -> dict:
    state = request.session.get(SESSION_KEY) or {}
    return {"pending": list(state.get("pending", [])), "redeemed": dict(state.get("redeemed", {}))}


def _save(request, state: dict) -> None:
    state["pending"] = state["pending"][-KEPT:]
    state["redeemed"] = dict(list(state["redeemed"].items())[-KEPT:])
    request.session[SESSION_KEY] = state
    request.session.save()  # at once: a second POST of the same form must find the token used


def issue(request) -> str:
    """A new token for one form."""
    token = secrets.token_urlsafe(16)
    state = _state(request)
    state["pending"].append(token)
    _save(request, state)
    return token


def token_of(request) -> str:
    return str(request.POST.get(FIELD, ""))[:64]


def redeemed_for(request, token: str) -> int | None:
    """The id of the client `token` was used for, when its form was submitted before; None otherwise."""
    return _state(request)["redeemed"].get(token) if token else None


def redeem(request, token: str) -> bool:
    """Use `token` up: True when it was issued to this session and not used yet."""
    state = _state(request)
    if not token or token not in state["pending"]:
        return False
    state["pending"].remove(token)
    _save(request, state)
    return True


def remember(request, token: str, client_id: int) -> None:
    """`token` issued the secret of client `client_id`: a second POST of its form goes to the client's page."""
    state = _state(request)
    state["redeemed"][token] = client_id
    _save(request, state)
