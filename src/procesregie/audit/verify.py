"""Verifying the access log: recompute the chain in sequence order, streaming, in bounded memory.

Finds the first damaged place and raises `ChainBroken` naming its sequence number:
- a changed entry: its stored hash differs from the recomputed one;
- a removed entry: a gap in the sequence numbers, or the head names an entry after the last one;
- an inserted entry: a duplicate sequence number, a `prev_hash` that is not the previous entry's hash,
  or entries after the one the head names.
Writers may keep appending while this runs: the head is read before and after the scan, and entries that
arrive after the scan began are left for the next run.
"""

from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .chain import GENESIS_HASH, HASHED_FIELDS, entry_hash
from .errors import ChainBroken
from .models import AccessLogEntry, ChainHead

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Verified:
    count: int
    last_sequence: int
    last_hash: str


def _head() -> tuple[int, str] | None:
    return ChainHead.objects.filter(pk=1).values_list("last_sequence", "last_hash").first()


def _scan(anchors: Mapping[int, str], head_before: tuple[int, str]) -> Verified:
    expected, prev_hash, count = 1, GENESIS_HASH, 0
    rows = AccessLogEntry.objects.order_by("sequence").values(*HASHED_FIELDS, "hash")
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        sequence = row["sequence"]
        if sequence < 1:
            raise ChainBroken(sequence, _("Ongeldig volgnummer %(seq)s.") % {"seq": sequence})
        if sequence < expected:
            raise ChainBroken(
                sequence, _("Volgnummer %(seq)s komt meer dan eens voor (ingevoegde regel).") % {"seq": sequence}
            )
        if sequence > expected:
            raise ChainBroken(
                expected,
                _("Volgnummer %(seq)s ontbreekt: na %(prev)s volgt %(next)s (verwijderde regel).")
                % {"seq": expected, "prev": expected - 1, "next": sequence},
            )
        if row["prev_hash"] != prev_hash:
            raise ChainBroken(
                sequence,
                _("Regel %(seq)s sluit niet aan op regel %(prev)s: er is een regel gewijzigd, ingevoegd of verwijderd.")
                % {"seq": sequence, "prev": sequence - 1},
            )
        if entry_hash(row) != row["hash"]:
            raise ChainBroken(sequence, _("De inhoud van regel %(seq)s is gewijzigd.") % {"seq": sequence})
        if sequence in anchors and anchors[sequence] != row["hash"]:
            raise ChainBroken(
                sequence, _("Regel %(seq)s heeft niet de hash van het vastgelegde anker.") % {"seq": sequence}
            )
        if sequence == head_before[0] and row["hash"] != head_before[1]:
            raise ChainBroken(sequence, _("Regel %(seq)s heeft niet de hash die de kop noemt.") % {"seq": sequence})
        prev_hash, expected, count = row["hash"], expected + 1, count + 1
    return Verified(count=count, last_sequence=expected - 1, last_hash=prev_hash)


def _check_end(scanned: Verified, anchors: Mapping[int, str], head_before, head_after) -> None:
    last = scanned.last_sequence
    missing_anchor = max((seq for seq in anchors if seq > last), default=None)
    if missing_anchor is not None:
        raise ChainBroken(
            last + 1,
            _("Het logboek eindigt bij regel %(last)s, maar het anker noemt regel %(anchor)s (verwijderde regels).")
            % {"last": last, "anchor": missing_anchor},
        )
    if head_before[0] > last:
        raise ChainBroken(
            last + 1,
            _("Het logboek eindigt bij regel %(last)s, maar de kop noemt regel %(head)s (verwijderde regels).")
            % {"last": last, "head": head_before[0]},
        )
    if head_after is None and last > 0:
        raise ChainBroken(last, _("De kop van de keten ontbreekt."))
    if head_after is not None and head_after[0] < last:
        raise ChainBroken(
            head_after[0] + 1,
            _("Na regel %(head)s, de laatste volgens de kop, staan nog regels (ingevoegde regels).")
            % {"head": head_after[0]},
        )
    if head_after is not None and head_after[0] == last and head_after[1] != scanned.last_hash:
        raise ChainBroken(last, _("Regel %(seq)s heeft niet de hash die de kop noemt.") % {"seq": last})


def verify_chain(anchors: Mapping[int, str] | None = None) -> Verified:
    """Check the whole chain (and the anchors: sequence -> hash recorded earlier); raise `ChainBroken` if damaged."""
    anchors = dict(anchors or {})
    # PostgreSQL: one transaction lets the iterator stream with a plain server-side cursor. SQLite: no
    # transaction, since this project begins them IMMEDIATE, which would block every writer for the scan.
    scope = nullcontext() if connection.vendor == "sqlite" else transaction.atomic()
    with scope:
        head_before = _head() or (0, GENESIS_HASH)
        scanned = _scan(anchors, head_before)
        _check_end(scanned, anchors, head_before, _head())
    return scanned
