"""Verifying the access log: recompute every chain in position order, streaming, in bounded memory.

Finds the first damaged place and raises `ChainBroken` naming its chain and position:
- a changed entry: its stored hash differs from the recomputed one;
- a removed entry: a gap in a chain's positions, a head naming a position after its chain's last entry, or
  an anchored entry that is gone;
- an inserted entry: a position that occurs twice, a `prev_hash` that is not the previous entry's hash,
  entries after the one the head names, or an entry in a chain outside the fixed set;
- the set of chains: exactly chains 1 to CHAIN_COUNT have a head (an empty log may have none yet).
Writers may keep appending while this runs: the heads are read before and after the scan, and entries that
arrive after the scan began are left for the next run.

A pruned chain (docs/decisions/0018) begins after its pruning anchor: the first remaining entry must sit at the
anchor's position + 1 and link to the anchor's hash. A pruning that commits while the scan runs is harmless: a
chain the scan still finds from position 1 is checked from the genesis hash (and the entry at the anchor's
position must be the one the anchor names); a chain whose first entry the anchor read before the scan does not
explain is looked up again. A recorded `--anchor` whose entry has been pruned can be checked only when it is
a chain's pruning anchor; one further back is reported as no longer checkable (`Verified.unverifiable`).
"""

import datetime
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from .chain import CHAIN_COUNT, CHAINS, GENESIS_HASH, HASHED_FIELDS, entry_hash
from .errors import ChainBroken
from .models import AccessLogEntry, ChainHead, PruningAnchor

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Head:
    """The last entry of a chain: what a head row says, or what the scan found."""

    position: int
    sequence: int
    hash: str


EMPTY = Head(0, 0, GENESIS_HASH)


@dataclass(frozen=True)
class Pruned:
    """A chain's pruning anchor: its last removed entry (`head`; EMPTY if nothing was pruned) and when that entry
    was written, and the pruning that removed it (entries written before the day `before`, at `pruned_at`)."""

    head: Head
    occurred_at: datetime.datetime | None = None
    before: datetime.date | None = None
    pruned_at: datetime.datetime | None = None


NOT_PRUNED = Pruned(EMPTY)


@dataclass(frozen=True)
class Verified:
    count: int
    heads: dict[int, Head]  # every chain -> its last entry (EMPTY for an empty chain); record these as anchors
    pruned: dict[int, Pruned] = field(default_factory=dict)  # every chain -> its pruning anchor
    unverifiable: tuple[int, ...] = ()  # recorded anchors (sequence numbers) pruned away, no longer checkable


def _heads() -> dict[int, Head]:
    rows = ChainHead.objects.values_list("id", "last_position", "last_sequence", "last_hash")
    return {chain: Head(position, sequence, hash_) for chain, position, sequence, hash_ in rows}


def _pruned() -> dict[int, Pruned]:
    rows = PruningAnchor.objects.values_list("id", "position", "sequence", "hash", "occurred_at", "before", "pruned_at")
    return {
        chain: Pruned(Head(position, sequence, hash_), occurred_at, before, pruned_at)
        for chain, position, sequence, hash_, occurred_at, before, pruned_at in rows
    }


def _check_entry(
    row: Mapping, expected: int, prev_hash: str, anchors: Mapping[int, str], head: Head | None, pruned: Head
) -> None:
    chain, position, sequence = row["chain"], row["position"], row["sequence"]
    if position < 1:
        raise ChainBroken(chain, position, _("Ongeldige plaats %(pos)s.") % {"pos": position})
    if position < expected:
        raise ChainBroken(
            chain, position, _("Plaats %(pos)s komt meer dan eens voor (ingevoegde regel).") % {"pos": position}
        )
    if position > expected:
        raise ChainBroken(
            chain,
            expected,
            _("Plaats %(pos)s ontbreekt: na %(prev)s volgt %(next)s (verwijderde regel).")
            % {"pos": expected, "prev": expected - 1, "next": position},
        )
    if row["prev_hash"] != prev_hash:
        raise ChainBroken(
            chain,
            position,
            _("Regel %(seq)s sluit niet aan op de regel ervoor: er is een regel gewijzigd, ingevoegd of verwijderd.")
            % {"seq": sequence},
        )
    if entry_hash(row) != row["hash"]:
        raise ChainBroken(chain, position, _("De inhoud van regel %(seq)s is gewijzigd.") % {"seq": sequence})
    if sequence in anchors and anchors[sequence] != row["hash"]:
        raise ChainBroken(
            chain, position, _("Regel %(seq)s heeft niet de hash van het vastgelegde anker.") % {"seq": sequence}
        )
    if head is not None and head.position == position and (head.sequence, head.hash) != (sequence, row["hash"]):
        raise ChainBroken(chain, position, _("Regel %(seq)s is niet de regel die de kop noemt.") % {"seq": sequence})
    if pruned.position == position and (pruned.sequence, pruned.hash) != (sequence, row["hash"]):
        raise ChainBroken(
            chain, position, _("Regel %(seq)s is niet de regel die het opschoonanker noemt.") % {"seq": sequence}
        )


def _start(position: int, pruned: Head) -> tuple[int, str]:
    """Where a chain whose first remaining entry sits at `position` is checked from: the position expected first
    and the hash it must link to. From its pruning anchor when the chain begins right after it; else from 1."""
    if position > 1 and position > pruned.position:
        return pruned.position + 1, pruned.hash
    return 1, GENESIS_HASH


def _scan(
    anchors: Mapping[int, str], heads_before: Mapping[int, Head], pruned: dict[int, Pruned]
) -> tuple[int, dict[int, Head]]:
    """Check every entry against its predecessor in its chain; return the count and each chain's last entry.

    `pruned` (the pruning anchors, read before the scan) is refreshed in place when a chain's first entry shows
    that a pruning committed after it was read."""
    ends: dict[int, Head] = {}
    chain, expected, prev_hash, count = None, 1, GENESIS_HASH, 0
    anchor = EMPTY
    rows = AccessLogEntry.objects.order_by("chain", "position").values(*HASHED_FIELDS, "chain", "position", "hash")
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        if row["chain"] != chain:
            chain = row["chain"]
            anchor = pruned.get(chain, NOT_PRUNED).head
            if row["position"] > 1 and row["position"] != anchor.position + 1:
                pruned.update(_pruned())  # pruned since the anchors were read: anchors only move forward
                anchor = pruned.get(chain, NOT_PRUNED).head
            expected, prev_hash = _start(row["position"], anchor)
            if chain not in CHAINS:
                raise ChainBroken(
                    chain,
                    row["position"],
                    _("Regel %(seq)s staat in keten %(chain)s, maar het logboek heeft de ketens 1 tot en met "
                      "%(count)s (ingevoegde regel).") % {"seq": row["sequence"], "chain": chain, "count": CHAIN_COUNT},
                )
        _check_entry(row, expected, prev_hash, anchors, heads_before.get(chain), anchor)
        ends[chain] = Head(row["position"], row["sequence"], row["hash"])
        prev_hash, expected, count = row["hash"], expected + 1, count + 1
    return count, ends


def _check_heads(ends: Mapping[int, Head], before: Mapping[int, Head], after: Mapping[int, Head]) -> None:
    """Each chain ends where its head says (allowing for appends during the scan); the set of heads is fixed."""
    strangers = sorted((set(before) | set(after)) - set(CHAINS))
    if strangers:
        raise ChainBroken(
            strangers[0],
            0,
            _("Er is een kop voor keten %(chain)s, maar het logboek heeft de ketens 1 tot en met %(count)s.")
            % {"chain": strangers[0], "count": CHAIN_COUNT},
        )
    for chain in CHAINS:
        end = ends.get(chain, EMPTY)
        if before.get(chain, EMPTY).position > end.position:
            raise ChainBroken(
                chain,
                end.position + 1,
                _("De keten eindigt bij plaats %(last)s, maar de kop noemt plaats %(head)s (verwijderde regels).")
                % {"last": end.position, "head": before[chain].position},
            )
        head = after.get(chain)
        if head is None:
            if after or ends:  # heads come all at once (migration 0003, or the first append after a flush)
                raise ChainBroken(chain, end.position, _("De kop van deze keten ontbreekt."))
            continue
        if head.position < end.position:
            raise ChainBroken(
                chain,
                head.position + 1,
                _("Na plaats %(head)s, de laatste volgens de kop, staan nog regels (ingevoegde regels).")
                % {"head": head.position},
            )
        if head.position == end.position and head != end:
            raise ChainBroken(
                chain, end.position, _("De laatste regel is niet de regel die de kop noemt (volgnummer en hash).")
            )


def _check_anchors_present(anchors: Mapping[int, str], pruned: Mapping[int, Pruned]) -> tuple[int, ...]:
    """Anchors whose entry the scan did not meet: the entry is gone (it would have been checked otherwise).

    Gone because it was pruned: if it is a chain's pruning anchor, the hashes must be equal; if its number lies
    below some chain's pruning anchor it may have been pruned with that chain, and is returned as no longer
    checkable (its chain is not recorded with it). Anything else: removed entries."""
    if not anchors:
        return ()
    present = set(AccessLogEntry.objects.filter(sequence__in=list(anchors)).values_list("sequence", flat=True))
    at_anchor = {p.head.sequence: (chain, p.head) for chain, p in pruned.items() if p.head.position}
    furthest = max((p.head.sequence for p in pruned.values()), default=0)
    unverifiable = []
    for sequence in sorted(set(anchors) - present):
        if sequence in at_anchor:
            chain, head = at_anchor[sequence]
            if head.hash != anchors[sequence]:
                raise ChainBroken(
                    chain,
                    head.position,
                    _("Regel %(seq)s, vastgelegd als anker, is opgeschoond, maar het opschoonanker van deze keten "
                      "noemt een andere hash.") % {"seq": sequence},
                )
        elif sequence < furthest:
            unverifiable.append(sequence)
        else:
            raise ChainBroken(
                None, None, _("Regel %(seq)s, vastgelegd als anker, ontbreekt (verwijderde regels).") % {"seq": sequence}
            )
    return tuple(unverifiable)


def verify_chain(anchors: Mapping[int, str] | None = None) -> Verified:
    """Check every chain (and the anchors: sequence -> hash recorded earlier); raise `ChainBroken` if damaged."""
    anchors = dict(anchors or {})
    # PostgreSQL: one transaction lets the iterator stream with a plain server-side cursor. SQLite: no
    # transaction, since this project begins them IMMEDIATE, which would block every writer for the scan.
    scope = nullcontext() if connection.vendor == "sqlite" else transaction.atomic()
    with scope:
        before = _heads()
        pruned = _pruned()
        count, ends = _scan(anchors, before, pruned)
        pruned.update(_pruned())  # a chain pruned to its end since the scan began ends at its anchor
        for chain in CHAINS:
            if chain not in ends and pruned.get(chain, NOT_PRUNED).head.position:
                ends[chain] = pruned[chain].head
        _check_heads(ends, before, _heads())
        unverifiable = _check_anchors_present(anchors, pruned)
    return Verified(
        count=count,
        heads={chain: ends.get(chain, EMPTY) for chain in CHAINS},
        pruned={chain: pruned.get(chain, NOT_PRUNED) for chain in CHAINS},
        unverifiable=unverifiable,
    )
