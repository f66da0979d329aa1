"""The signals of the target year (annual report version 2, `signals`): exact figures for the own signals of every
approach (`SignalFigures`), from the `signals` blocks of a target and the plan of its cases.

A figure of an approach is the sum over its subtree (the report's roll-up), so each figure is planned top-down
over the tree of approaches, one figure at a time: an approach the target gives keeps its value, so do its
children that the target gives, and the rest goes to its other children in proportion to their natural number,
the parent's own signals only as a last resort (and taken away first). `count` comes first; then the meldingen
(`by_kind`: the adviesgesprekken are the rest), `to_registration` and each listed `by_reporter_kind` kind, each
within the counts (and the kinds together within them). Natural numbers follow the approach's
`signals_csv.SignalProfile` and the registrations the plan gives it; an approach no figure reaches keeps them.
Figures that cannot be met together are refused, naming the figure; the build makes sure that every approach has
the registrations in the year its `to_registration` needs.
"""

from dataclasses import dataclass, field

from ..signals_csv import SignalFigures, reporter_weights, signal_profile
from .plan import Plan
from .target import CalibrationError, Target

COUNT, MELDING, ADVIES, LED = "count", "melding", "adviesgesprek", "to_registration"
REPORTER = "by_reporter_kind."  # + organisation kind


@dataclass
class _Node:
    code: str
    children: list["_Node"] = field(default_factory=list)
    given: dict[str, int] = field(default_factory=dict)  # figure → the target's value for the subtree
    natural: dict[str, int] = field(default_factory=dict)  # figure → natural value of the own signals
    own: dict[str, int] = field(default_factory=dict)  # figure → the planned value of the own signals
    need: int = 0  # the least count the approach's own figures need (when the target leaves the count open)
    lo: int = 0  # the bounds of the subtree's value of the figure being planned
    hi: int | None = None  # None: no upper bound

    def subtree(self) -> list["_Node"]:
        return [self, *(node for child in self.children for node in child.subtree())]

    def total(self, figure: str) -> int:
        return sum(node.own[figure] for node in self.subtree())


def _label(figure: str) -> str:
    if figure in (MELDING, ADVIES):
        return f"by_kind.{figure}"
    return figure


def plan_signals(target: Target, plan: Plan) -> dict[str, SignalFigures]:
    """The exact figures of the own signals of every approach of the plan in the target year."""
    region = plan.region
    nodes = {approach.code: _Node(approach.code) for approach in region.approaches}
    roots = []
    for approach in region.approaches:
        if approach.parent in nodes:
            nodes[approach.parent].children.append(nodes[approach.code])
        else:
            roots.append(nodes[approach.code])
    kinds = {organisation.kind for organisation in region.organisations}
    listed = sorted({kind for block in target.approaches.values() for kind in block.signals.get("by_reporter_kind", {})})
    for code, block in target.approaches.items():
        _given(nodes[code], block.signals, kinds)
    for approach in region.approaches:
        node = nodes[approach.code]
        profile, unit = signal_profile(approach), plan.unit(approach.code)
        registrations = unit.flow.get("inflow", 0) + unit.scalars.get(
            "declined", round(unit.flow.get("inflow", 0) * unit.profile.decline_rate / (1 - unit.profile.decline_rate)))
        node.natural = {COUNT: round(profile.per_registration * registrations)}
        node.natural[LED] = round(profile.from_signal * registrations)  # at most the count: `_spread` caps it
        node.natural[MELDING] = profile.melding_share  # a share until the count is known
        node.natural["weights"] = reporter_weights(profile, kinds)

    _spread(roots, COUNT, cap=lambda node: None, natural=lambda node: node.natural[COUNT])
    for node in nodes.values():
        _kinds_as_meldingen(node)
    if any(MELDING in node.given for node in nodes.values()):
        _spread(roots, MELDING, cap=lambda node: node.own[COUNT],
                natural=lambda node: round(node.natural[MELDING] * node.own[COUNT]))
    if any(LED in node.given for node in nodes.values()):
        _spread(roots, LED, cap=lambda node: node.own[COUNT], natural=lambda node: node.natural[LED])
    for kind in listed:
        figure = REPORTER + kind

        def room(node) -> int:
            return node.own[COUNT] - sum(value for key, value in node.own.items() if key.startswith(REPORTER))

        def natural(node, kind=kind) -> int:
            weights = node.natural["weights"]
            return round(node.own[COUNT] * weights.get(kind, 0) / sum(weights.values()))

        _spread(roots, figure, cap=room, natural=natural)
    return {code: _figures(node, listed, kinds) for code, node in nodes.items()}


def _given(node: _Node, signals: dict, kinds: set[str]) -> None:
    """The target's signals figures of an approach, checked for what the approach alone can tell."""
    label = f"{node.code}.signals"
    for key in (COUNT, LED):
        if key in signals:
            node.given[key] = signals[key]
    for kind, number in signals.get("by_kind", {}).items():
        node.given[kind] = number
    for kind, number in signals.get("by_reporter_kind", {}).items():
        if number and kind not in kinds:
            raise CalibrationError(f"{label}.by_reporter_kind.{kind}: the reference has no organisation of kind {kind!r}")
        node.given[REPORTER + kind] = number
    if MELDING in node.given and ADVIES in node.given:  # both kinds: their sum is the count
        both = node.given[MELDING] + node.given[ADVIES]
        if node.given.setdefault(COUNT, both) != both:
            raise CalibrationError(f"{label}.by_kind sums to {both} != count ({node.given[COUNT]})")
    reporters = sum(number for key, number in node.given.items() if key.startswith(REPORTER))
    if COUNT in node.given:
        for figure, number in [*((key, node.given[key]) for key in (MELDING, ADVIES, LED) if key in node.given),
                               ("by_reporter_kind", reporters)]:
            if number > node.given[COUNT]:
                what = "sums to" if figure == "by_reporter_kind" else "="
                raise CalibrationError(f"{label}.{_label(figure)} {what} {number} > count ({node.given[COUNT]})")
        if reporters < node.given[COUNT] and not kinds - {key[len(REPORTER):] for key in node.given if key.startswith(REPORTER)}:
            raise CalibrationError(f"{label}.by_reporter_kind: every kind of organisation is listed, but they sum to "
                                   f"{reporters} < count ({node.given[COUNT]})")
    node.need = max(node.given.get(MELDING, 0), node.given.get(ADVIES, 0), node.given.get(LED, 0), reporters)


def _kinds_as_meldingen(node: _Node) -> None:
    """A target's number of adviesgesprekken as a number of meldingen, now that the counts are known."""
    if ADVIES in node.given and MELDING not in node.given:
        count = node.total(COUNT)
        if node.given[ADVIES] > count:
            raise CalibrationError(f"{node.code}.signals.by_kind.adviesgesprek ({node.given[ADVIES]}) > count ({count})")
        node.given[MELDING] = count - node.given[ADVIES]


def _spread(roots: list[_Node], figure: str, *, cap, natural) -> None:
    """Plan `figure` for the own signals of every node: the target's values where given, natural elsewhere.

    `cap(node)`: the most the node's own signals can take (None: any number); `natural(node)`: what they would
    have on their own."""
    for root in roots:
        _bounds(root, figure, cap)
    for root in roots:
        _assign(root, figure, _natural(root, figure, natural), cap, natural)


def _bounds(node: _Node, figure: str, cap) -> None:
    for child in node.children:
        _bounds(child, figure, cap)
    low = sum(child.lo for child in node.children)
    highs = [child.hi for child in node.children] + [cap(node)]
    high = None if None in highs else sum(highs)
    if figure in node.given:
        value = node.given[figure]
        if value < low:
            raise CalibrationError(f"{node.code}.signals.{_label(figure)} ({value}) is smaller than the sum of its "
                                   f"children ({low})")
        if high is not None and value > high:
            raise CalibrationError(f"{node.code}.signals.{_label(figure)} ({value}) is more than its signals can hold "
                                   f"({high})")
        low = high = value
    elif figure == COUNT:
        low = max(low, node.need)
    node.lo, node.hi = low, high


def _natural(node: _Node, figure: str, natural) -> int:
    """The subtree's natural value within its bounds."""
    if figure in node.given:
        return node.given[figure]
    value = max(0, natural(node)) + sum(_natural(child, figure, natural) for child in node.children)
    value = max(value, node.lo)
    return value if node.hi is None else min(value, node.hi)


def _assign(node: _Node, figure: str, value: int, cap, natural) -> None:
    """Split a subtree's `value` over the node's own signals and its children, within their bounds."""
    own_cap = cap(node)
    own = max(0, natural(node))
    if own_cap is not None:
        own = min(own, own_cap)
    parts = [[child, _natural(child, figure, natural)] for child in node.children]
    difference = value - own - sum(part for _, part in parts)
    if difference < 0:  # take away: the own signals first, then the children down to what they need
        taken = min(own, -difference)
        own, difference = own - taken, difference + taken
        while difference < 0:
            part = max((p for p in parts if p[1] > p[0].lo), key=lambda p: (p[1] - p[0].lo, -parts.index(p)))
            part[1] -= 1
            difference += 1
    while difference > 0:  # add: to the children that can take more, in proportion; the own signals last
        growing = [p for p in parts if p[0].hi is None or p[1] < p[0].hi]
        if growing:
            part = max(growing, key=lambda p: (_weight(p[0], figure) / (p[1] + 1), -parts.index(p)))
            part[1] += 1
        elif own_cap is None or own < own_cap:
            own += 1
        else:  # the bounds said it fits: an internal error
            raise CalibrationError(f"internal error: {node.code}.signals.{_label(figure)} cannot take {value}")
        difference -= 1
    node.own[figure] = own
    for child, part in parts:
        _assign(child, figure, part, cap, natural)


def _weight(node: _Node, figure: str) -> int:
    """How much of a parent's rest a child takes: by its natural count, or (for the figures that share the signals)
    by its planned count."""
    if figure == COUNT:
        return sum(max(0, n.natural[COUNT]) for n in node.subtree()) + 1
    return node.total(COUNT) + 1


def _figures(node: _Node, listed: list[str], kinds: set[str]) -> SignalFigures:
    count = node.own[COUNT]
    reporters = {kind: node.own[REPORTER + kind] for kind in listed if REPORTER + kind in node.own}
    if reporters and sum(reporters.values()) < count and not kinds - set(reporters):
        raise CalibrationError(f"{node.code}.signals.by_reporter_kind: no kind of organisation is left for "
                               f"{count - sum(reporters.values())} of its {count} signals")
    return SignalFigures(count=count, melding=node.own.get(MELDING), by_reporter_kind=reporters,
                         to_registration=node.own.get(LED))
