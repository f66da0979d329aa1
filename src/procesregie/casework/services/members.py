"""A system's members as typed into a form (registration or signal): the rows that repeat each other, and each person
once.

Only what was typed decides that two rows are the same (`typed_twice`): the same BSN, or the same name and birth date
(not two different BSNs). Two rows typed differently that *match* the same known person (one by BSN, one by name and
birth date) are not refused: that refusal would tell the reporter that both belong to one known person, even one they
may not see. That person becomes a member once (`members_once`); the members as reported keep both rows.
"""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

BSN = "bsn"
NAME = "family_name"
TYPED_TWICE = {
    BSN: _("Dit BSN staat al bij een ander lid."),
    NAME: _("Deze naam en geboortedatum staan al bij een ander lid."),
}


def _name_key(details) -> tuple | None:
    if not details.birth_date or not (details.given_name or details.family_name):
        return None
    return (" ".join((details.given_name or "").split()).casefold(),
            " ".join((details.family_name or "").split()).casefold(), details.birth_date)


def typed_twice(entries: Sequence) -> dict[int, str]:
    """The positions of `entries` (`PersonDetails`, their BSN normalised) that repeat an earlier entry as typed, with
    what repeats: `BSN` (the same BSN) or `NAME` (the same given and family name, ignoring case and spacing, and the
    same birth date, unless the two carry different BSNs)."""
    repeated: dict[int, str] = {}
    bsns: set[str] = set()
    names: dict[tuple, set] = {}  # name key -> the BSNs typed with it (None: none)
    for position, details in enumerate(entries):
        key = _name_key(details)
        if details.bsn and details.bsn in bsns:
            repeated[position] = BSN
        elif key in names and (not details.bsn or None in names[key]):  # not two different BSNs
            repeated[position] = NAME
        if details.bsn:
            bsns.add(details.bsn)
        if key is not None:
            names.setdefault(key, set()).add(details.bsn)
    return repeated


def members_once(entries: Sequence, persons: Sequence) -> list[tuple]:
    """(entry, person) for each person once, in the order typed: a person two rows matched is a member with the first
    row's role."""
    seen: set[int] = set()
    pairs = []
    for details, person in zip(entries, persons, strict=True):
        if person.pk not in seen:
            seen.add(person.pk)
            pairs.append((details, person))
    return pairs
