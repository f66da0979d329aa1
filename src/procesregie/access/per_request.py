"""Rule builders whose queryset is built once per user object, that is once per request.

A request's user is read fresh from the database for each request, so what is kept on it lives exactly as long as
the request (as its roles do: `User.role_set`). The kept queryset is SQL that PostgreSQL or SQLite evaluates when
it runs, so a table membership or a participation that changes in the request still counts; what the builder
decides in Python (the user's roles, organisation, whether active, today's date) is in the key.
"""

import functools

from django.utils import timezone

_KEPT = "_access_querysets"


def once_per_request(builder):
    """`builder(user)` built once per user object and kept on it; each call returns a fresh copy (`.all()`), so
    no caller sees another's evaluated rows."""

    @functools.wraps(builder)
    def kept(user):
        target = getattr(user, "_wrapped", user)  # request.user is a lazy object around the user
        if getattr(target, "pk", None) is None:
            return builder(user)
        key = (builder.__qualname__, target.is_active, target.organisation_id, target.role_set(),
               timezone.localdate())
        memo = target.__dict__.setdefault(_KEPT, {})
        if key not in memo:
            memo[key] = builder(user)
        return memo[key].all()

    return kept
