"""Calling a service from a view, the same way in every app.

A view binds a form and calls one service. `call_service` turns the service's refusals into what the user sees:

- `NotFound` (it does not exist, or the user may not: never tell which): 404. Pass `not_found` to raise a
  refusal of your own instead (e.g. one that logs a denied change).
- `Conflict` (the form was opened on an older version; nothing was saved) and any other `DomainError` (the
  domain rules refuse; the message is safe to show): a `Refusal`, whose message also goes on `form`, above its
  fields, when a form is given. Answer a conflict with `refusal_status`: 409 for a plain POST, 200 for htmx
  (which swaps only 2xx answers).

`is_htmx(request)`: the request came from htmx (django-htmx's `request.htmx`); a fragment view answers with a
fragment, otherwise with a page around it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from .errors import Conflict, DomainError, NotFound

CONFLICT_STATUS = 409


@dataclass(frozen=True)
class Refusal:
    error: DomainError

    @property
    def message(self) -> str:
        return str(self.error)

    @property
    def conflict(self) -> bool:
        return isinstance(self.error, Conflict)


def call_service(call: Callable[[], Any], *, form=None, not_found: Callable[[], Exception] | None = None):
    """Run `call()`: `(result, None)` when it succeeded, `(None, Refusal)` when the service refused."""
    try:
        return call(), None
    except NotFound:
        raise (not_found() if not_found is not None else Http404()) from None
    except DomainError as error:
        if form is not None:
            form.add_error(None, str(error))
        return None, Refusal(error)


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def refusal_status(request, refusal: Refusal | None) -> int:
    """The status of the answer that shows a refused form again."""
    return CONFLICT_STATUS if refusal is not None and refusal.conflict and not is_htmx(request) else 200
