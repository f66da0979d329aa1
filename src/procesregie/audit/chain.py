"""The hash chains of the access log: how the log is laid out and how the hash of one entry is computed.

This module is the specification an auditor re-implements to verify the log independently of Procesregie.

Layout
------
The log is ``CHAIN_COUNT`` (16) hash chains, numbered 1 to 16; the number is fixed (a migration changes it).
Every entry sits in one chain (column ``chain``) at a ``position``: 1, 2, 3, ... without gaps within its
chain. Each chain has one head row in ``audit_chainhead`` (``id`` = the chain's number) naming the chain's
last entry: ``last_position``, ``last_sequence`` and ``last_hash`` (0, 0 and the genesis hash while empty).
Retention removes the oldest entries of a chain (`audit.pruning`, docs/decisions/0018): each chain has one row
in ``audit_pruninganchor`` (``id`` = the chain's number) naming its last *removed* entry: ``position``,
``sequence``, ``hash`` (0, 0 and the genesis hash while nothing was pruned). The chain's entries then run
``position + 1``, ``position + 2``, ... and the first of them follows the anchor's hash.
Several chains exist so that concurrent requests append side by side instead of queueing on one head; the
order *between* chains carries no meaning. ``sequence`` numbers every entry across all chains: unique and
increasing in the order entries were appended, but not contiguous (a rolled-back append leaves its number
unused), so gaps are found through ``position``, never ``sequence``.

Formula
-------
Within one chain, in ``position`` order::

    hash(p)      = lowercase_hex( SHA-256( ascii(prev_hash(p)) || utf8(canonical(p)) ) )
    prev_hash(1) = "0" * 64
    prev_hash(p) = hash(p - 1)            (the previous entry of the *same* chain)
    prev_hash(a + 1) = anchor hash        (a pruned chain: a = its pruning anchor's position)

``canonical(p)`` is the JSON object holding every column of the entry except ``hash``, ``chain`` and
``position`` (so ``prev_hash`` is both the prefix and a member), serialised with sorted keys, no
insignificant whitespace and UTF-8 characters unescaped -- in Python:
``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``.
``chain`` and ``position`` say where an entry sits; the links check them: an entry moved to another place
no longer follows its predecessor's hash, or leaves a gap, or leaves a head naming a missing entry.
The members and their JSON types are those of `HASHED_FIELDS`:

- integers (``sequence``, ``actor_id``, ``purpose_case_id``) as JSON numbers, or ``null``;
- ``occurred_at`` as a string in UTC with microseconds: ``YYYY-MM-DDTHH:MM:SS.ffffffZ``;
- ``subject_key`` as the lowercase hyphenated UUID (``8-4-4-4-12``), or ``null``;
- every other member as the JSON string stored in the column (possibly empty).

Example: an auditor exports the table ordered by ``chain, position`` (e.g. ``\\copy (SELECT ... ORDER BY
chain, position) TO 'log.csv' CSV HEADER`` with ``occurred_at`` converted to UTC), and for every chain
rebuilds each object with the rules above, checks that positions run 1, 2, 3, ... (a pruned chain: from its
anchor's position + 1, the first ``prev_hash`` equal to the anchor's hash), that every ``prev_hash``
equals the previous entry's ``hash`` and every ``hash`` equals the formula. Then ``audit_chainhead`` must
hold exactly the rows 1 to 16 (or no row at all while the log is empty), each naming its chain's last
entry (``last_position``, ``last_sequence``, ``last_hash``; an empty chain: 0, 0, genesis; a chain pruned to
its end: its anchor), and no entry may sit in a chain outside 1 to 16.

A chain without a secret key shows changes by anybody who does not recompute the rest of the chain.
Someone with write access to the database *can* recompute it, or cut entries off the end of a chain and
move its head back; against that, record the heads (printed by ``procesregie audit verify``) outside the
database and check them later with ``--anchor SEQUENCE:HASH`` (one per head): an anchored entry must still
be there, with that hash (or, once pruned, be a chain's pruning anchor with that hash).
"""

import datetime
import functools
import hashlib
import json
import uuid
from collections.abc import Mapping

GENESIS_HASH = "0" * 64
CHAIN_COUNT = 16
CHAINS = range(1, CHAIN_COUNT + 1)

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


@functools.lru_cache(maxsize=64)  # the entries of one append share their moment
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
