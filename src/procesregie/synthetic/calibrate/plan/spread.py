"""Step 3, spreading, the shared part: splitting one figure over the members of a node (D'Hondt, within
what each member must and can take), what a member has and can hold, and what a subtree's given figures
need at least."""

from collections.abc import Callable

from ..flows import BASE, FORMS, full_flow
from ..target import CalibrationError
from .tree import Node


def spread(label: str, amount: int, names: list[str], lbs: list[int], rooms: list[int | None],
           weights: list[float], soft: list[int | None] | None = None) -> list[int]:
    """Split `amount` over members: each at least its lb, at most its room, the rest by weight (D'Hondt),
    preferring members below their soft room (what their estimated flow holds)."""
    shares = list(lbs)
    rest = amount - sum(lbs)
    soft = soft or [None] * len(names)
    if rest < 0:
        parts = " + ".join(f"{name} {lb}" for name, lb in zip(names, lbs, strict=True) if lb)
        raise CalibrationError(f"{label} ({amount}) is smaller than the sum of its children ({sum(lbs)} = {parts})")
    for room, share, name in zip(rooms, shares, names, strict=True):
        if room is not None and share > room:
            raise CalibrationError(f"{label}: {name} needs {share} but has room for {room}")
    for _ in range(rest):
        best, best_score = None, -1.0
        for index, (room, weight) in enumerate(zip(rooms, weights, strict=True)):
            if room is not None and shares[index] >= room:
                continue
            score = (weight + 1e-9) / (shares[index] - lbs[index] + 1)
            if soft[index] is not None and shares[index] >= soft[index]:
                score *= 1e-6
            if score > best_score:
                best, best_score = index, score
        if best is None:
            space = sum(room - share for room, share in zip(rooms, shares, strict=True) if room is not None)
            raise CalibrationError(
                f"{label} ({amount}) does not fit in {', '.join(names)}: room for {space + amount - rest} only"
            )
        shares[best] += 1
    return shares


def _name_of(member) -> str:
    return member.label if isinstance(member, Node) else f"{member.code} (own cases)"


def _given_map(member, name: str) -> dict:
    return member.given_maps.get(name, {}) if isinstance(member, Node) else {}


def _lb_map(member, name: str) -> dict:
    return member.lb_maps.get(name, {}) if isinstance(member, Node) else {}


def _estimate(member) -> dict[str, int]:
    if isinstance(member, Node):
        return full_flow({key: (member.estimate or member.standalone)[key] for key in BASE})
    return {form: 0 for form in FORMS}


def _hard(member, form: str) -> int | None:
    """The most a form of the member can be (None: no limit known); `scalar:NAME` reads an exact scalar the
    member has (given or received)."""
    if form.startswith("scalar:"):
        return member.scalars.get(form[7:])
    return member.cap.get(form) if isinstance(member, Node) else None


def _caps(node: Node, parent_cap: dict[str, int | None] | None, reserved: dict[str, int]) -> None:
    """Top-down: a node's form is at most its fixed value or upper bound, and at most what its parent can
    be minus what the parent's other members need at least."""
    node.cap = {}
    for form in FORMS:
        values = [node.fixed.get(form), node.bounds.hi[form]]
        if parent_cap is not None and parent_cap.get(form) is not None:
            values.append(parent_cap[form] - reserved[form])
        known = [value for value in values if value is not None]
        node.cap[form] = min(known) if known else None
    members = node.children
    own = node.own if node.own is not None and node.own_allowed and node.children else None
    for child in members:
        others = {form: sum(m.bounds.lo[form] for m in members if m is not child)
                  + (own.bounds.lo[form] if own is not None else 0) for form in FORMS}
        _caps(child, node.cap, others)


def _soft(member, form: str) -> int:
    """The value a form probably has: fixed, or else estimated."""
    if form.startswith("scalar:"):
        value = member.scalars.get(form[7:])
        return _estimate(member)["minus"] if value is None else value
    return _estimate(member)[form]


def _group_room(member, group: tuple[frozenset | None, tuple[str, ...]], values: Callable[[object, str], int | None]
                ) -> int | None:
    caps = [values(member, form) for form in group[1]]
    return None if any(cap is None for cap in caps) else min(caps)


def _key_text(key) -> str:
    return ".".join(key) if isinstance(key, tuple) else str(key)


def _lower_bounds(node: Node) -> None:
    """What the given maps and scalars of a node's subtree add up to at least, per key."""
    for child in node.children:
        _lower_bounds(child)
    node.lb_maps = {name: dict(values) for name, values in node.given_maps.items()}
    node.lb_scalars = dict(node.given_scalars)
    for child in node.children:
        for name, values in child.lb_maps.items():
            mine = node.lb_maps.setdefault(name, {})
            for key, number in values.items():
                if key not in node.given_maps.get(name, {}):
                    mine[key] = mine.get(key, 0) + number
        for key, number in child.lb_scalars.items():
            if key not in node.given_scalars:
                node.lb_scalars[key] = node.lb_scalars.get(key, 0) + number
