"""The hash chain of the access log: how the hash of one entry is computed.

This module is the specification an auditor re-implements to verify the log independently of Procesregie.

Formula
-------
For entry number ``n`` (``sequence``, contiguous from 1)::

    hash(n)      = lowercase_hex( SHA-256( ascii(prev_hash(n)) || utf8(canonical(n)) ) )
    prev_hash(1) = "0" * 64
    prev_hash(n) = hash(n - 1)

``canonical(n)`` is the JSON object holding every column of the entry except ``hash`` (so ``prev_hash``
is both the prefix and a member), serialised with sorted keys, no insignificant whitespace and UTF-8
characters unescaped -- in Python: ``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``.
The members and their JSON types are those of `HASHED_FIELDS`:

- integers (``sequence``, ``actor_id``, ``purpose_case_id``) as JSON numbers, or ``null``;
- ``occurred_at`` as a string in UTC with microseconds: ``YYYY-MM-DDTHH:MM:SS.ffffffZ``;
- ``subject_key`` as the lowercase hyphenated UUID (``8-4-4-4-12``), or ``null``;
- every other member as the JSON string stored in the column (possibly empty).

Example: an auditor exports the table ordered by ``sequence`` (e.g. ``\\copy (SELECT ... ORDER BY sequence)
TO 'log.csv' CSV HEADER`` with ``occurred_at`` converted to UTC), rebuilds each object with the rules above,
and checks that every ``prev_hash`` equals the previous ``hash`` and every ``hash`` equals the formula.
Finally the one row of ``audit_chainhead`` must name the last entry: ``last_sequence`` and ``last_hash``.

A chain without a secret key shows changes by anybody who does not recompute the rest of the chain.
Someone with write access to the database *can* recompute it; against that, record the head (printed by
``procesregie audit verify``) outside the database and check it later with ``--anchor SEQUENCE:HASH``.
"""

import datetime
import hashlib
import json
import uuid
from collections.abc import Mapping

GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_organisation",
    "actor_roles",
    "action",
    "object_type",
    "object_id",
    "subject_key",
    "purpose_case_id",
    "purpose_approach",
    "ip",
    "request_id",
    "outcome",
    "prev_hash",
)


def canonical_time(moment: datetime.datetime) -> str:
    """`moment` in UTC, always with microseconds, e.g. ``2025-03-01T09:15:00.000000Z``."""
    if moment.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical_value(value):
    if isinstance(value, datetime.datetime):
        return canonical_time(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if value is None or isinstance(value, (int, str)):
        return value
    raise TypeError(f"no canonical form for {type(value).__name__}")


def canonical_json(values: Mapping) -> str:
    """The canonical serialisation of an entry: sorted-key compact JSON of the `HASHED_FIELDS`."""
    obj = {name: _canonical_value(values[name]) for name in HASHED_FIELDS}
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(values: Mapping) -> str:
    """The hash an entry with these values must carry (`values` includes its ``prev_hash``)."""
    digest = hashlib.sha256(values["prev_hash"].encode("ascii"))
    digest.update(canonical_json(values).encode("utf-8"))
    return digest.hexdigest()
