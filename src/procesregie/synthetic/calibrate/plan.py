"""From a target to exact figures per *unit*: the own cases of one approach.

Every approach is a node; a node's figures are the sum of its children's and of its own cases (the
report's roll-up), and `totals` are a virtual node over the root approaches of a unit (with totals given,
parents get no cases of their own, since totals count leaf approaches only). Planning:

1. bounds: what each node's own figures need of its flow (a count map cannot sum to more than its flow)
   and what its children need (a parent is at least the sum of its children, and without own cases at most
   what they can make up); the contradictions a target can hold are refused here, naming the figure;
2. estimates: every flow completed bottom-up as if the node stood alone (a parent without figures is the
   sum of its children), then distributed top-down once;
3. spreading: the count maps and scalars of a parent go to its children that do not give them, within
   what the target fixes for each child (its figures, or what the parent leaves after its siblings), by
   preference and size, the parent's own cases only as a last resort; every unit ends up with an exact
   count (possibly 0) for each key an ancestor lists;
4. flows: what each unit's maps need becomes a lower bound of its flow; the flows are completed and
   distributed top-down again, each child within its own figures, the rest moved into children where they
   allow before it becomes cases of the parent's own.

Spreading is greedy; `make_plan` retries it with varied preferences before it refuses a target. The result
lists per unit the exact figures its cases must produce; `build` makes the cases.
"""

import math
import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import product

from procesregie.reporting.annual.definitions import DURATION_BUCKETS

from ..profiles import ApproachProfile, approach_profile
from ..region import Approach, Municipality, Organisation, Region
from .allocate import figure_intervals
from .flows import BASE, FLOW, FORM_NAMES, FORMS, Bounds, check_given, complete_flow, determined, full_flow, value_of
from .target import END_REASONS, CalibrationError, Target

TRANSFER_REASON = "overdracht_intern"
LONG_BUCKETS = ("1_2y", "2_4y", "gt_4y")
DELTAS = ("+4", "+3", "+2", "+1", "0", "-1", "-2", "-3", "-4")
NO_DELTA = "none"  # pseudo key of domain_progress: an ended trajectory without a delta in that domain
MAX_SYSTEM_SIZE = 8
MAX_DISCUSSIONS_PER_CASE = 60  # in one year; only a bound for spreading a parent's count over children
MAX_INTERVENTIONS_PER_CASE = 12
FIGURE_FORM = {"start": "start", "end": "end", "plus": "plus", "minus": "minus", "caseload": "caseload"}
DEFAULT_STOCK_RATIO = 2.0


# --- the tree ------------------------------------------------------------------------------------------


@dataclass
class Unit:
    """The own cases of one approach, with the exact figures they must produce."""

    approach: Approach
    profile: ApproachProfile
    is_parent: bool = False
    label: str = ""
    distinct_persons: bool = False  # it or an ancestor counts distinct persons (persons_involved)
    flow: dict[str, int] = field(default_factory=dict)
    maps: dict[str, dict] = field(default_factory=dict)  # map name → key → exact count
    scalars: dict[str, int] = field(default_factory=dict)  # declined, persons_involved, discussions.*, progress_n:*
    bounds: Bounds = field(default_factory=Bounds)  # what its maps and scalars need of its flow

    @property
    def code(self) -> str:
        return self.approach.code

    def map(self, name: str) -> dict:
        return self.maps.get(name, {})


@dataclass
class Node:
    code: str
    label: str  # how messages name the node: the approach code, or "totals.person"
    unit_kind: str
    scheme: str
    approach: Approach | None  # None for the virtual totals nodes
    profile: ApproachProfile | None
    given: dict = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)
    own: Unit | None = None  # None for virtual nodes: totals have no cases of their own
    own_allowed: bool = True  # False for a parent when totals (which count leaves only) are given for its unit
    bounds: Bounds = field(default_factory=Bounds)
    standalone: dict[str, int] = field(default_factory=dict)
    flow: dict[str, int] = field(default_factory=dict)
    maps: dict[str, dict] = field(default_factory=dict)  # given ∪ received, exact
    scalars: dict[str, int] = field(default_factory=dict)
    lb_maps: dict[str, dict] = field(default_factory=dict)  # what the subtree's given maps need at least
    lb_scalars: dict[str, int] = field(default_factory=dict)
    given_maps: dict[str, dict] = field(default_factory=dict)  # the target's maps, flattened
    given_scalars: dict[str, int] = field(default_factory=dict)
    fixed: dict[str, int] = field(default_factory=dict)  # the flow forms the target fixes
    cap: dict[str, int | None] = field(default_factory=dict)  # the most each form can be (fixed, or what the
    #                                                           parent leaves after its other members' needs)
    estimate: dict[str, int] = field(default_factory=dict)  # a first distributed flow, to spread maps over

    @property
    def is_virtual(self) -> bool:
        return self.approach is None

    def members(self) -> list:
        """The units that share this node's figures: its children and its own cases."""
        return [*self.children, *([self.own] if self.own is not None and self.own_allowed else [])]


@dataclass
class Plan:
    year: int
    region: Region
    units: list[Unit]
    nodes: dict[str, Node]
    totals_nodes: list[Node]
    no_transfer_pairs: set[tuple[str, str]]  # approach pairs whose in-year transfers would break a distinct count
    overlaps: list[tuple[str, int]] = field(default_factory=list)  # (parent, subjects discussed in two children)

    def unit(self, code: str) -> Unit:
        return next(unit for unit in self.units if unit.code == code)


# --- the region the target describes -------------------------------------------------------------------


def target_region(target: Target, builtin: Region) -> Region:
    """Municipalities and organisations of the target's `reference` (or built in), the approaches of the
    target (on top of the built-in ones when the target has no reference), the built-in catalogues."""
    if target.reference and target.reference.get("municipalities"):
        municipalities = [Municipality(m["code"], m["name"], m["district"]) for m in target.reference["municipalities"]]
    else:
        municipalities = list(builtin.municipalities)
    if target.reference and target.reference.get("organisations"):
        known = {organisation.code: organisation for organisation in builtin.organisations}
        organisations = [
            Organisation(
                o["code"], o["name"], o["kind"],
                o.get("wgs_participant") or (known[o["code"]].wgs_participant if o["code"] in known else "publiek"),
            )
            for o in target.reference["organisations"]
        ]
    else:
        organisations = list(builtin.organisations)

    builtin_approaches = {approach.code: approach for approach in builtin.approaches}
    defined: dict[str, Approach] = {}
    if target.reference is None:
        defined.update(builtin_approaches)
    for code, block in target.approaches.items():
        base = builtin_approaches.get(code)
        name = block.name or (base.name if base else None)
        unit = block.unit or (base.unit if base else None)
        if name is None or unit is None:
            raise CalibrationError(f"{code}: unknown approach; give its name and unit")
        scheme = block.duration_scheme or (base.duration_scheme if base else "years")
        parent = block.parent if block.parent is not None else (base.parent if base else "")
        defined[code] = Approach(code, name, unit, scheme, parent or "")
    for approach in list(defined.values()):  # parents named but not described: the built-in ones
        parent = approach.parent
        while parent and parent not in defined:
            if parent not in builtin_approaches:
                raise CalibrationError(f"approaches.{approach.code}.parent: unknown approach {parent!r}")
            defined[parent] = builtin_approaches[parent]
            parent = defined[parent].parent
    ordered: list[Approach] = []  # parents before children, otherwise in the target's order
    visiting: set[str] = set()

    def visit(code: str) -> None:
        if any(approach.code == code for approach in ordered):
            return
        if code in visiting:
            raise CalibrationError(f"approaches.{code}.parent: the parents form a cycle")
        visiting.add(code)
        if defined[code].parent:
            visit(defined[code].parent)
        visiting.discard(code)
        ordered.append(defined[code])

    for code in defined:
        visit(code)
    return Region(
        municipalities=municipalities, organisations=organisations, approaches=ordered,
        domains=list(builtin.domains), interventions=list(builtin.interventions),
    )


# --- checks of codes against the region -----------------------------------------------------------------


def _check_codes(target: Target, region: Region) -> None:
    districts = sorted({municipality.district for municipality in region.municipalities})
    municipalities = {municipality.code for municipality in region.municipalities}
    organisations = {organisation.code for organisation in region.organisations}
    kinds = {organisation.kind for organisation in region.organisations}
    domains = [domain.code for domain in region.domains]
    interventions = {intervention.code for intervention in region.interventions}
    schemes = {approach.code: approach.duration_scheme for approach in region.approaches}
    for code, block in target.approaches.items():
        figures = block.figures
        path = f"{code}"
        for district in figures.get("by_district", {}):
            if district not in districts:
                raise CalibrationError(
                    f"{path}.by_district: unknown district {district!r} (reference districts: {', '.join(districts)})"
                )
        for municipality in figures.get("by_municipality", {}):
            if municipality not in municipalities:
                raise CalibrationError(f"{path}.by_municipality: unknown municipality {municipality!r}")
        for organisation in figures.get("inflow_by_reporter", {}):
            if organisation not in organisations:
                raise CalibrationError(f"{path}.inflow_by_reporter: unknown organisation {organisation!r}")
        for kind, number in figures.get("inflow_by_reporter_kind", {}).items():
            if number and kind not in kinds:
                raise CalibrationError(
                    f"{path}.inflow_by_reporter_kind.{kind}: the reference has no organisation of kind {kind!r}"
                )
        buckets = [key for key, _, _ in DURATION_BUCKETS[schemes[code]]]
        for bucket in figures.get("durations", {}):
            if bucket not in buckets:
                raise CalibrationError(
                    f"{path}.durations: unknown bucket {bucket!r} for duration scheme {schemes[code]!r} "
                    f"(known: {', '.join(buckets)})"
                )
        for domain in figures.get("domain_progress", {}):
            if domain not in domains:
                raise CalibrationError(f"{path}.domain_progress: unknown domain {domain!r}")
        for intervention in figures.get("interventions", {}):
            if intervention not in interventions:
                raise CalibrationError(f"{path}.interventions: unknown intervention {intervention!r}")
        discussions = figures.get("discussions", {})
        if "count" in discussions:
            for key in ("unique_subjects", "client_present", "expert_present"):
                if discussions.get(key, 0) > discussions["count"]:
                    raise CalibrationError(
                        f"{path}.discussions.{key} ({discussions[key]}) > discussions.count ({discussions['count']})"
                    )
        if discussions.get("count", 0) > 0 and discussions.get("unique_subjects") == 0:
            raise CalibrationError(f"{path}.discussions.unique_subjects is 0 but count is {discussions['count']}")
        if discussions.get("unique_subjects", 0) > 0 and discussions.get("count") == 0:
            raise CalibrationError(f"{path}.discussions.count is 0 but unique_subjects is {discussions['unique_subjects']}")


# --- step 1: bounds ------------------------------------------------------------------------------------


def _why(template: str):
    """A bound's message: `template` with "{v}" replaced by the value that breaks the bound."""
    return lambda value: template.replace("{v}", str(value))


def _flow_path(node: Node, figure: str) -> str:
    """How a message names a flow figure: `topx-west.flow.start`, or `totals.person.start`."""
    return f"{node.label}.{figure}" if node.is_virtual else f"{node.label}.flow.{figure}"


def _own_bounds(node: Node, organisation_kind: dict[str, str]) -> None:
    """What a node's own figures need of its flow (and, for its parent, its given flow figures)."""
    code, g, b = node.label, node.given, node.bounds
    flow_given = g.get("flow", {})
    check_given(code, flow_given)
    _map_bounds(node, organisation_kind)
    _complete_map_bounds(code, b, node.given_maps, node.scheme if node.approach is not None else None,
                         organisation_kind)
    for form, value in determined(code, flow_given).items():
        b.at_least(form, value, _why(f"{_flow_path(node, form)} would be {{v}}"))
        b.at_most(form, value, _why(f"{_flow_path(node, form)} would be {{v}}"))


def _map_bounds(node: Node, organisation_kind: dict[str, str]) -> None:
    code, g, b = node.label, node.given, node.bounds
    flow_given = g.get("flow", {})
    reasons = g.get("outflow_by_reason", {})
    if reasons:
        total = sum(reasons.values())
        plain = sum(number for reason, number in reasons.items() if reason != TRANSFER_REASON)
        b.at_least("minus", total, _why(f"{code}.outflow_by_reason sums to {total} > outflow + transfer_out {{v}}"))
        if TRANSFER_REASON in reasons:
            intern = reasons[TRANSFER_REASON]
            why = _why(f"{code}.outflow_by_reason.{TRANSFER_REASON} ({intern}) != transfer_out ({{v}})")
            b.at_least("transfer_out", intern, why)
            b.at_most("transfer_out", intern, why)
            b.at_least("outflow", plain, _why(f"{code}.outflow_by_reason sums to {plain} without {TRANSFER_REASON} "
                                              f"> outflow {{v}}"))
        elif flow_given.get("transfer_out"):
            b.at_least("outflow", plain, _why(
                f"{code}.outflow_by_reason sums to {plain} > outflow {{v}} (the transfer_out trajectories end with "
                f"{TRANSFER_REASON}, which the map does not list)"
            ))
        else:
            b.at_least("outflow", plain, lambda v, plain=plain: (
                f"{code}.outflow_by_reason sums to {plain} > outflow + transfer_out {v}"
            ))
    reporters = g.get("inflow_by_reporter", {})
    kinds = g.get("inflow_by_reporter_kind", {})
    if reporters:
        total = sum(reporters.values())
        b.at_least("inflow", total, _why(f"{code}.inflow_by_reporter sums to {total} > inflow {{v}}"))
    if kinds:
        total = sum(kinds.values())
        b.at_least("inflow", total, _why(f"{code}.inflow_by_reporter_kind sums to {total} > inflow {{v}}"))
    if reporters and kinds:
        per_kind: dict[str, int] = {}
        for organisation, number in reporters.items():
            per_kind[organisation_kind[organisation]] = per_kind.get(organisation_kind[organisation], 0) + number
        for kind, number in per_kind.items():
            if kind in kinds and number > kinds[kind]:
                raise CalibrationError(
                    f"{code}.inflow_by_reporter lists {number} inflow reported by organisations of kind {kind!r} "
                    f"> inflow_by_reporter_kind.{kind} ({kinds[kind]})"
                )
        needed = sum(reporters.values()) + sum(kinds[k] - per_kind.get(k, 0) for k in kinds)
        b.at_least("inflow", needed, _why(f"{code}.inflow_by_reporter and inflow_by_reporter_kind together need "
                                          f"{needed} inflow trajectories > inflow {{v}}"))
    durations = g.get("durations", {})
    if durations:
        total = sum(durations.values())
        b.at_least("minus", total, _why(f"{code}.durations sums to {total} > outflow + transfer_out {{v}}"))
        long = sum(number for bucket, number in durations.items() if bucket in LONG_BUCKETS)
        b.at_least("start", long, _why(f"{code}.durations: {long} trajectories of a year or longer ended in the year, "
                                       "but only {v} were in regie on 1 January (start)"))
    for name in ("by_district", "by_municipality"):
        groups = g.get(name, {})
        for figure in ("start", "end", "plus", "minus", "caseload"):
            total = sum(figures.get(figure, 0) for figures in groups.values())
            if total:
                flow_name = {"plus": "inflow + transfer_in", "minus": "outflow + transfer_out"}.get(figure, figure)
                b.at_least(FIGURE_FORM[figure], total, _why(f"{code}.{name}: {figure} sums to {total} > "
                                                            f"{flow_name} {{v}}"))
        for group, figures in groups.items():
            if "caseload" in figures and "start" in figures and "plus" in figures:
                if figures["caseload"] != figures["start"] + figures["plus"]:
                    raise CalibrationError(
                        f"{code}.{name}.{group}.caseload ({figures['caseload']}) != start + plus "
                        f"({figures['start'] + figures['plus']})"
                    )
            if all(key in figures for key in ("start", "plus", "end", "minus")):
                if figures["start"] + figures["plus"] != figures["end"] + figures["minus"]:
                    raise CalibrationError(
                        f"{code}.{name}.{group}: start + plus ({figures['start'] + figures['plus']}) != end + minus "
                        f"({figures['end'] + figures['minus']})"
                    )
    discussions = g.get("discussions", {})
    if discussions.get("unique_subjects"):
        unique = discussions["unique_subjects"]
        b.at_least("caseload", unique, _why(f"{code}.discussions.unique_subjects ({unique}) > caseload ({{v}}): only "
                                            "cases in regie in the year are discussed in it"))
    for key in ("count", "client_present", "expert_present"):
        if discussions.get(key):
            b.at_least("caseload", 1, _why(f"{code}.discussions.{key} ({discussions[key]}) needs a case in regie in "
                                           "the year, but caseload is {v}"))
    if any(g.get("interventions", {}).values()):
        b.at_least("caseload", 1, _why(f"{code}.interventions needs a case in regie in the year, but caseload is {{v}}"))
    if "persons_involved" in g:
        persons = g["persons_involved"]
        if node.unit_kind != "system":
            raise CalibrationError(f"{code}.persons_involved: only system approaches have persons_involved")
        b.at_most("caseload", persons, _why(f"{code}.persons_involved ({persons}) < caseload ({{v}}): every system "
                                            "has at least one person"))
        least = math.ceil(persons / MAX_SYSTEM_SIZE)
        b.at_least("caseload", least, _why(f"{code}.persons_involved ({persons}) > {MAX_SYSTEM_SIZE} × caseload "
                                           f"({{v}}): systems of more than {MAX_SYSTEM_SIZE} persons are not generated"))
    for domain, figures in g.get("domain_progress", {}).items():
        listed = sum(number for key, number in figures.items() if key != "n")
        if "n" in figures:
            n = figures["n"]
            if listed > n:
                raise CalibrationError(f"{code}.domain_progress.{domain}: the deltas sum to {listed} > n ({n})")
            b.at_least("minus", n, _why(f"{code}.domain_progress.{domain}.n ({n}) > outflow + transfer_out {{v}}"))
        else:
            b.at_least("minus", listed, _why(f"{code}.domain_progress.{domain} sums to {listed} > outflow + "
                                             "transfer_out {v}"))


# --- step 2: flows -------------------------------------------------------------------------------------


def _stock_ratio(node: Node, nodes: list[Node]) -> float:
    """in regie on 1 January ÷ the average of inflow and outflow, as the target's other blocks have it:
    those of the node's siblings, or else all of them."""

    def ratio(other: Node) -> float | None:
        flow = other.given.get("flow", {})
        flows = [flow[key] for key in ("inflow", "outflow") if key in flow]
        if "start" not in flow or not flows or not sum(flows):
            return None
        return flow["start"] / (sum(flows) / len(flows))

    siblings = [other for other in nodes if other is not node and other.approach is not None
                and node.approach is not None and other.approach.parent == node.approach.parent
                and node.approach.parent]
    for group in (siblings, nodes):
        ratios = [r for r in (ratio(other) for other in group if other is not node) if r is not None]
        if ratios:
            return statistics.median(ratios)
    return DEFAULT_STOCK_RATIO


def _leaf_guess(node: Node, ratio: float) -> Callable[[str, dict], int]:
    flow = node.given.get("flow", {})
    size = max(2, round((node.profile.weight if node.profile else 10) * 0.5))

    def guess(name: str, chosen: dict[str, int]) -> int:
        if name in ("transfer_in", "transfer_out"):
            return 0
        if name == "inflow":
            if "outflow" in flow:
                return flow["outflow"] + chosen["transfer_out"] - chosen["transfer_in"]
            for key, divisor in (("start", ratio), ("end", ratio), ("caseload", ratio + 1)):
                if key in flow:
                    return round(flow[key] / divisor)
            return size
        if name == "outflow":
            return chosen["inflow"] + chosen["transfer_in"] - chosen["transfer_out"]
        # start
        if "end" in flow:
            return flow["end"] - chosen["inflow"] - chosen["transfer_in"] + chosen["outflow"] + chosen["transfer_out"]
        if "caseload" in flow:
            return flow["caseload"] - chosen["inflow"] - chosen["transfer_in"]
        return round(ratio * (chosen["inflow"] + chosen["outflow"]) / 2)

    return guess


def _toward(target: dict[str, int]) -> Callable[[str, dict], int]:
    return lambda name, chosen: target.get(name, 0)


def _standalone(node: Node, nodes: list[Node]) -> None:
    """Each node completed on its own figures, children first; a parent's guess is the sum of its children."""
    for child in node.children:
        _standalone(child, nodes)
    if node.children:
        guess = _toward({key: sum(child.standalone[key] for child in node.children) for key in FLOW})
    else:
        guess = _leaf_guess(node, _stock_ratio(node, nodes))
    node.standalone = complete_flow(node.label, node.given.get("flow", {}), node.bounds.copy(), guess)


def _form(flow: dict[str, int], form: str) -> int:
    if form == "plus":
        return flow["inflow"] + flow["transfer_in"]
    if form == "minus":
        return flow["outflow"] + flow["transfer_out"]
    return flow[form]


MOVES = [move for move in product((-1, 0, 1), repeat=len(BASE)) if any(move)]


def _within(flow: dict[str, int], bounds: Bounds) -> bool:
    for form in FORMS:
        value = value_of(form, flow)
        if value < max(bounds.lo[form], 0) or (bounds.hi[form] is not None and value > bounds.hi[form]):
            return False
    return True


def _repair(node: Node, rest: dict[str, int], own_bounds: Bounds | None) -> dict[str, int]:
    """Move what is left for the parent's own cases into children, where their figures allow, one small step
    at a time (each step keeps every figure a child or the own cases have fixed)."""
    rest = {key: rest[key] for key in BASE}
    candidates = []
    for child in node.children:
        fixed = set(child.fixed)
        moves = [dict(zip(BASE, move, strict=True)) for move in MOVES
                 if all(value_of(form, dict(zip(BASE, move, strict=True))) == 0 for form in fixed)]
        candidates.append((child, moves))
    for _ in range(10_000):
        size = sum(abs(value) for value in rest.values())
        if not size:
            break
        best = None
        for child, moves in candidates:
            base = {key: child.flow[key] for key in BASE}
            for move in moves:
                after = {key: rest[key] - move[key] for key in BASE}
                gain = size - sum(abs(value) for value in after.values())
                if gain <= 0 or (best is not None and gain <= best[0]):
                    continue
                if own_bounds is not None and not _within(after, own_bounds):
                    continue
                if not _within({key: base[key] + move[key] for key in BASE}, child.bounds):
                    continue
                best = (gain, child, move, after)
        if best is None:
            break
        _, child, move, rest = best
        child.flow = full_flow({key: child.flow[key] + move[key] for key in BASE})
    return full_flow(rest)


def _distribute_flow(node: Node) -> None:
    """Split the node's final flow over its children (each within its own figures) and its own cases."""
    own = node.own if node.own is not None and node.own_allowed and node.children else None
    if not node.children:
        if node.own is not None:
            node.own.flow = {key: node.flow[key] for key in FLOW}
        return
    reserved = own.bounds.lo if own is not None else {form: 0 for form in FORMS}
    remaining = full_flow({key: node.flow[key] for key in BASE})
    children = list(node.children)
    for index, child in enumerate(children):
        others = children[index + 1:]
        bounds = child.bounds.copy()
        for form in FORMS:
            room = remaining[form] - sum(other.bounds.lo[form] for other in others) - reserved[form]
            bounds.at_most(form, room, lambda v, f=form, r=room: (
                f"{child.label}.flow: {FORM_NAMES.get(f, f)} ({v}) does not fit in what {node.label} leaves for it ({r})"
            ))
        share = {}
        weights = [max(other.standalone["caseload"], 1) for other in [child, *others]]
        for key in BASE:
            difference = remaining[key] - reserved[key] - sum(other.standalone[key] for other in [child, *others])
            portion = round(difference * weights[0] / sum(weights)) if others else difference
            share[key] = max(0, child.standalone[key] + portion)
        child.flow = full_flow({key: value for key, value in complete_flow(
            child.label, child.given.get("flow", {}), bounds, _toward(share)).items() if key in BASE})
        remaining = full_flow({key: remaining[key] - child.flow[key] for key in BASE})
    rest = _repair(node, remaining, own.bounds if own is not None else None)
    left = ", ".join(f"{key} {rest[key]}" for key in FLOW if rest[key])
    if own is not None:
        own.flow = {key: rest[key] for key in FLOW}
    else:
        if node.own is not None:
            node.own.flow = {key: 0 for key in FLOW}
        if left:
            if node.is_virtual:
                raise CalibrationError(f"{node.label}: the approaches cannot make up these totals (left over: {left})")
            raise CalibrationError(
                f"{node.label}.flow: its children cannot make up its figures (left over: {left}), and cases of its "
                f"own would not count in totals.{node.unit_kind}, which the target gives"
            )
    for child in children:
        child.flow = {key: child.flow[key] for key in FLOW}
        _distribute_flow(child)


# --- step 3: maps and scalars --------------------------------------------------------------------------


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


@dataclass(frozen=True)
class MapKind:
    """How one count map is spread: the flow figures it counts in (per group of keys) and its preferences."""

    name: str
    groups: list[tuple[frozenset | None, tuple[str, ...]]]  # (keys or all, forms whose minimum is the room)
    weight: Callable[[object, str], float]


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


def location_totals(location: dict[tuple, int], municipalities: list[Municipality]
                    ) -> dict[str, tuple[int, int | None]]:
    """What a unit's figures per place need of its flow: per figure the sum over the districts of the least
    each district needs (by its own figures, and its municipalities' together), exact when every district's
    figure is."""
    districts = sorted({m.district for m in municipalities})
    inside = {d: [m.code for m in municipalities if m.district == d] for d in districts}
    raw: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    for (level, group, figure), value in location.items():
        raw.setdefault((level, group), {})[figure] = (value, value)
    places = {key: figure_intervals(figures) for key, figures in raw.items()}
    result = {figure: [0, 0] for figure in FIGURE_FORM}
    exact = {figure: True for figure in FIGURE_FORM}
    for district in districts:
        listed = [places[("municipality", m)] for m in inside[district] if ("municipality", m) in places]
        known = dict(raw.get(("district", district), {}))
        for figure in FIGURE_FORM:
            low = sum(place[figure][0] for place in listed)
            everyone = len(listed) == len(inside[district])
            high = sum(place[figure][1] for place in listed) if everyone and all(
                place[figure][1] is not None for place in listed) else None
            own = known.get(figure, (0, None))
            known[figure] = (max(own[0], low), own[1] if high is None else high if own[1] is None else min(own[1], high))
        box = figure_intervals(known)
        for figure in FIGURE_FORM:
            result[figure][0] += box[figure][0]
            if box[figure][1] is None or box[figure][0] != box[figure][1]:
                exact[figure] = False
    return {figure: (low, low if exact[figure] else None) for figure, (low, _) in result.items()}


def _complete_map_bounds(label: str, bounds: Bounds, maps: dict[str, dict], scheme: str | None,
                         organisation_kind: dict[str, str]) -> None:
    """A map that lists every possible key fixes its flow figure: it is the sum, not just at least."""
    reasons = maps.get("outflow_by_reason")
    if reasons is not None and all(r in reasons for r in END_REASONS if r != TRANSFER_REASON):
        total = sum(reasons.values())
        bounds.at_most("outflow", total, _why(f"{label}.outflow_by_reason lists every end reason and sums to {total} "
                                              "< outflow {v}"))
    durations = maps.get("durations")
    if durations is not None and scheme is not None and all(b in durations for b in _buckets(scheme)):
        total = sum(durations.values())
        bounds.at_most("minus", total, _why(f"{label}.durations lists every bucket and sums to {total} < outflow + "
                                            "transfer_out {v}"))
    codes, kinds = maps.get("inflow_by_reporter"), maps.get("inflow_by_reporter_kind")
    if codes is not None and all(code in codes for code in organisation_kind):
        total = sum(codes.values())
        bounds.at_most("inflow", total, _why(f"{label}.inflow_by_reporter lists every organisation and sums to "
                                             f"{total} < inflow {{v}}"))
    if kinds is not None and all(kind in kinds for kind in set(organisation_kind.values())):
        total = sum(kinds.values())
        bounds.at_most("inflow", total, _why(f"{label}.inflow_by_reporter_kind lists every kind of organisation and "
                                             f"sums to {total} < inflow {{v}}"))


def _demand_bounds(label: str, bounds: Bounds, maps: dict[str, dict], scalars: dict[str, int],
                   organisation_kind: dict[str, str], municipalities: list[Municipality],
                   scheme: str | None = None) -> None:
    """What a unit's exact maps and scalars (given or spread from a parent) need of its flow."""
    _complete_map_bounds(label, bounds, maps, scheme, organisation_kind)

    def need(form: str, value: int, what: str) -> None:
        bounds.at_least(form, value, _why(f"{label}.{what} needs {FORM_NAMES.get(form, form)} >= {value}, but it is "
                                          "{v}"))

    need("outflow", sum(maps.get("outflow_by_reason", {}).values()), "outflow_by_reason")
    codes, kinds = maps.get("inflow_by_reporter", {}), maps.get("inflow_by_reporter_kind", {})
    per_kind: dict[str, int] = {}
    for code, number in codes.items():
        per_kind[organisation_kind[code]] = per_kind.get(organisation_kind[code], 0) + number
    covered = sum(codes.values()) + sum(max(0, number - per_kind.get(kind, 0)) for kind, number in kinds.items())
    need("inflow", covered, "inflow_by_reporter(_kind)")
    durations = maps.get("durations", {})
    need("minus", sum(durations.values()), "durations")
    need("start", sum(n for bucket, n in durations.items() if bucket in LONG_BUCKETS), "durations (a year or longer)")
    for name, values in maps.items():
        if name.startswith("progress:"):
            need("minus", sum(values.values()), f"domain_progress.{name.split(':', 1)[1]}")
    for name, value in scalars.items():
        if name.startswith("progress_n:"):
            need("minus", value, f"domain_progress.{name.split(':', 1)[1]}.n")
    location = maps.get("location", {})
    if location:
        for figure, (low, high) in location_totals(location, municipalities).items():
            need(FIGURE_FORM[figure], low, f"by_district/by_municipality ({figure})")
            if high is not None:
                bounds.at_most(FIGURE_FORM[figure], high, _why(
                    f"{label}.by_district: the districts' {figure} add up to {high}, but {figure} is {{v}}"
                ))
    if any(maps.get("interventions", {}).values()):
        need("caseload", 1, "interventions")
    need("caseload", scalars.get("discussions.unique_subjects", 0), "discussions.unique_subjects")
    if any(scalars.get(f"discussions.{key}", 0) for key in ("count", "client_present", "expert_present")):
        need("caseload", 1, "discussions")
    if "persons_involved" in scalars:
        persons = scalars["persons_involved"]
        bounds.at_most("caseload", persons, _why(f"{label}.persons_involved ({persons}) < caseload ({{v}}): every "
                                                 "system has at least one person"))
        need("caseload", math.ceil(persons / MAX_SYSTEM_SIZE), "persons_involved")


def _key_text(key) -> str:
    return ".".join(key) if isinstance(key, tuple) else str(key)


# --- the planner ---------------------------------------------------------------------------------------


class Planner:
    def __init__(self, target: Target, builtin: Region, attempt: int = 0):
        self._jitter = random.Random(f"calibrate-plan:{attempt}") if attempt else None
        self.target = target
        self.region = target_region(target, builtin)
        _check_codes(target, self.region)
        self.organisation_kind = {o.code: o.kind for o in self.region.organisations}
        self.district_of = {m.code: m.district for m in self.region.municipalities}
        self.nodes: dict[str, Node] = {}
        self.totals: list[Node] = []
        self.overlaps: list[tuple[str, int]] = []

    # the tree

    def build_tree(self) -> None:
        for approach in self.region.approaches:
            block = self.target.approaches.get(approach.code)
            node = Node(
                code=approach.code, label=approach.code, unit_kind=approach.unit, scheme=approach.duration_scheme,
                approach=approach, profile=approach_profile(approach), given=dict(block.figures) if block else {},
            )
            node.own = Unit(approach=approach, profile=node.profile, label=f"{approach.code} (own cases)")
            self.nodes[approach.code] = node
        for approach in self.region.approaches:
            if approach.parent:
                parent = self.nodes[approach.parent]
                parent.children.append(self.nodes[approach.code])
                parent.own.is_parent = True
        for unit_kind, figures in self.target.totals.items():
            for node in self.nodes.values():
                if node.unit_kind == unit_kind and node.children:
                    node.own_allowed = False
            roots = [node for node in self.nodes.values() if node.approach.parent == "" and node.unit_kind == unit_kind]
            flow = {key: figures[key] for key in ("start", "inflow", "outflow", "end", "caseload") if key in figures}
            given = {"flow": flow}
            if "persons_involved" in figures:
                given["persons_involved"] = figures["persons_involved"]
            self.totals.append(Node(
                code=f"totals.{unit_kind}", label=f"totals.{unit_kind}", unit_kind=unit_kind, scheme="years",
                approach=None, profile=None, given=given, children=roots, own_allowed=False,
            ))
        for node in self.all_nodes():
            node.given_maps = self._given_maps(node)
            node.given_scalars = self._given_scalars(node)
            node.maps = {name: dict(values) for name, values in node.given_maps.items()}
            node.scalars = dict(node.given_scalars)
            check_given(node.label, node.given.get("flow", {}))
            node.fixed = determined(node.label, node.given.get("flow", {}))

    def all_nodes(self) -> list[Node]:
        return [*self.totals, *self.nodes.values()]

    def roots(self) -> list[Node]:
        """Top-down starting points: the totals nodes, then the root approaches not under one."""
        covered = {id(child) for total in self.totals for child in total.children}
        return [*self.totals, *(node for node in self.nodes.values()
                                if node.approach.parent == "" and id(node) not in covered)]

    def _given_maps(self, node: Node) -> dict[str, dict]:
        """The node's count maps, flattened to one level (keys are tuples for nested maps)."""
        g = node.given
        maps: dict[str, dict] = {}
        if "outflow_by_reason" in g:
            maps["outflow_by_reason"] = {k: v for k, v in g["outflow_by_reason"].items() if k != TRANSFER_REASON}
        for name in ("inflow_by_reporter", "inflow_by_reporter_kind", "durations", "interventions"):
            if name in g:
                maps[name] = dict(g[name])
        location = {}
        for level, name in (("district", "by_district"), ("municipality", "by_municipality")):
            for group, figures in g.get(name, {}).items():
                figures = dict(figures)
                if "caseload" in figures and ("start" in figures) != ("plus" in figures):
                    if "start" in figures:
                        figures["plus"] = figures["caseload"] - figures["start"]
                    else:
                        figures["start"] = figures["caseload"] - figures["plus"]
                    if min(figures["start"], figures["plus"]) < 0:
                        raise CalibrationError(f"{node.label}.{name}.{group}.caseload ({figures['caseload']}) < "
                                               f"{'start' if figures['plus'] < 0 else 'plus'}")
                if "caseload" in figures and "start" in figures and "plus" in figures:
                    del figures["caseload"]
                for figure, number in figures.items():
                    location[(level, group, figure)] = number
        if location:
            maps["location"] = location
        for domain, figures in g.get("domain_progress", {}).items():
            maps[f"progress:{domain}"] = {k: v for k, v in figures.items() if k != "n"}
        return maps

    def _given_scalars(self, node: Node) -> dict[str, int]:
        g = node.given
        scalars = {key: g[key] for key in ("declined", "persons_involved") if key in g}
        for key, number in g.get("discussions", {}).items():
            scalars[f"discussions.{key}"] = number
        for domain, figures in g.get("domain_progress", {}).items():
            if "n" in figures:
                scalars[f"progress_n:{domain}"] = figures["n"]
        return scalars

    # the planning

    def plan(self) -> Plan:
        try:  # the target's own figures: the same on every attempt
            self.build_tree()
            for node in self.all_nodes():
                _own_bounds(node, self.organisation_kind)
                node.bounds.tighten(node.label)
            for root in self.roots():
                self._children_bounds(root)
            for root in self.roots():
                _standalone(root, list(self.nodes.values()))
        except CalibrationError as error:
            error.final = True
            raise
        for root in self.roots():
            _caps(root, None, {form: 0 for form in FORMS})
        try:  # a first distribution of the flows, to spread the maps over
            for root in self.roots():
                root.flow = dict(root.standalone)
                _distribute_flow(root)
            for node in self.all_nodes():
                node.estimate = dict(node.flow)
        except CalibrationError:
            for node in self.all_nodes():
                node.estimate = dict(node.standalone)
        # Spread maps and scalars over the estimated flows; what they need becomes bounds of the final flows.
        for root in self.roots():
            self._lower_bounds(root)
        for root in self.roots():
            self._spread_all(root)
        for node in self.all_nodes():
            _demand_bounds(node.label, node.bounds, node.maps, node.scalars, self.organisation_kind,
                           self.region.municipalities, node.scheme if node.approach is not None else None)
            node.bounds.tighten(node.label)
            if node.own is not None and node.children and node.own_allowed:
                _demand_bounds(node.own.label, node.own.bounds, node.own.maps, node.own.scalars,
                               self.organisation_kind, self.region.municipalities, node.scheme)
                node.own.bounds.tighten(node.own.label)
        for root in self.roots():
            self._children_bounds(root)
        for root in self.roots():
            _standalone(root, list(self.nodes.values()))
        for root in self.roots():
            root.flow = dict(root.standalone)
            _distribute_flow(root)
        units = [node.own for node in self.nodes.values()]
        for node in self.nodes.values():
            if not node.children:
                node.own.maps = {name: dict(values) for name, values in node.maps.items()}
                node.own.scalars = dict(node.scalars)
            self._finish_unit(node.own)
            node.own.distinct_persons = any(
                "persons_involved" in other.given for other in [node, *self._ancestors(node)]
            ) or any(total.unit_kind == node.unit_kind and "persons_involved" in total.given for total in self.totals)
        for node in self.all_nodes():
            reasons = node.given.get("outflow_by_reason", {})
            if TRANSFER_REASON in reasons and reasons[TRANSFER_REASON] != node.flow["transfer_out"]:
                raise CalibrationError(f"{node.label}.outflow_by_reason.{TRANSFER_REASON} ({reasons[TRANSFER_REASON]}) "
                                       f"!= transfer_out ({node.flow['transfer_out']})")
        return Plan(
            year=self.target.year, region=self.region, units=units, nodes=self.nodes, totals_nodes=self.totals,
            no_transfer_pairs=self._no_transfer_pairs(), overlaps=self.overlaps,
        )

    def _children_bounds(self, node: Node) -> None:
        """A parent is at least the sum of its children and its own cases (bottom-up)."""
        for child in node.children:
            self._children_bounds(child)
        if not node.children:
            return
        own = node.own if node.own is not None and node.own_allowed else None
        for form in FORMS:
            parts = [(child.label, child.bounds.lo[form]) for child in node.children if child.bounds.lo[form]]
            if own is not None and own.bounds.lo[form]:
                parts.append((own.label, own.bounds.lo[form]))
            total = sum(number for _, number in parts)
            if total > node.bounds.lo[form]:
                terms = " + ".join(f"{label} {number}" for label, number in parts)
                name = {"plus": "inflow + transfer_in", "minus": "outflow + transfer_out"}.get(form)
                figure = _flow_path(node, form) if name is None else f"{node.label}: {name}"
                node.bounds.at_least(form, total, _why(f"{figure} ({{v}}) is smaller than the sum of its children "
                                                       f"({total} = {terms})"))
            if own is None and all(child.bounds.hi[form] is not None for child in node.children):
                most = sum(child.bounds.hi[form] for child in node.children)
                name = {"plus": "inflow + transfer_in", "minus": "outflow + transfer_out"}.get(form)
                figure = _flow_path(node, form) if name is None else f"{node.label}: {name}"
                node.bounds.at_most(form, most, _why(f"{figure} ({{v}}) is larger than its children can make up "
                                                     f"({most}) without cases of its own"))
        node.bounds.tighten(node.label)

    def _lower_bounds(self, node: Node) -> None:
        """What the given maps and scalars of a node's subtree add up to at least, per key."""
        for child in node.children:
            self._lower_bounds(child)
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

    # spreading maps and scalars

    def _map_kinds(self) -> list[MapKind]:
        kind_of = self.organisation_kind

        def reporter_kind_weight(member, kind: str) -> float:
            weight = 0.5
            for key, value in (member.profile.reporters.items() if member.profile else ()):
                if key == kind or kind_of.get(key) == kind:
                    weight += value
            return weight * max(_estimate(member)["inflow"], 1)

        def reason_weight(member, reason: str) -> float:
            base = member.profile.end_reasons.get(reason, 1) if member.profile else 1
            return (base + 0.5) * max(_estimate(member)["outflow"], 1)

        def duration_weight(member, bucket: str) -> float:
            return _bucket_probability(member.profile, bucket) * max(_estimate(member)["minus"], 1)

        def location_weight(member, key) -> float:
            level, group, figure = key
            district = group if level == "district" else self.district_of.get(group)
            profile = member.profile
            fits = profile is None or profile.districts is None or district in profile.districts
            return (1.0 if fits else 0.02) * max(_estimate(member)[FIGURE_FORM[figure]], 1)

        def intervention_weight(member, code: str) -> float:
            favoured = member.profile is not None and code in member.profile.interventions
            return (6 if favoured else 1) * max(_estimate(member)["caseload"], 1)

        def by_size(form):
            return lambda member, key: max(_estimate(member)[form], 1)

        location_keys = self._location_keys()
        location_groups = [
            (frozenset(k for k in location_keys if k[2] == figure), (FIGURE_FORM[figure],)) for figure in FIGURE_FORM
        ]
        kinds = [
            MapKind("inflow_by_reporter", [(None, ("inflow",))], by_size("inflow")),
            MapKind("inflow_by_reporter_kind", [(None, ("inflow",))], reporter_kind_weight),
            MapKind("outflow_by_reason", [(None, ("outflow",))], reason_weight),
            MapKind("durations", [(None, ("minus",)), (frozenset(LONG_BUCKETS), ("start", "minus"))], duration_weight),
            MapKind("interventions", [], intervention_weight),
            MapKind("location", location_groups, location_weight),
        ]
        for domain in self.region.domains:
            kinds.append(MapKind(f"progress:{domain.code}", [(None, ("minus", f"scalar:progress_n:{domain.code}"))],
                                 by_size("minus")))
        return kinds

    def _location_keys(self) -> list[tuple]:
        keys = []
        for district in sorted({m.district for m in self.region.municipalities}):
            keys += [("district", district, figure) for figure in FIGURE_FORM]
        for municipality in self.region.municipalities:
            keys += [("municipality", municipality.code, figure) for figure in FIGURE_FORM]
        return keys

    def _spread_all(self, node: Node) -> None:
        if node.children:
            self._spread_scalars(node)  # first: domain_progress n bounds the deltas
            for kind in self._map_kinds():
                self._spread_map(node, kind)
        for child in node.children:
            self._spread_all(child)

    def _ceiling(self, member, kind: MapKind, key, with_own: bool = True) -> int | None:
        """The most of `key` the member's subtree can take as far as the target's figures fix it; without
        `with_own`, a parent's own cases take nothing (the soft ceiling: own cases only as a last resort)."""
        if not isinstance(member, Node):
            return None if with_own else 0
        given = member.given_maps.get(kind.name, {})
        if key in given:
            return given[key]
        caps = []
        for group in kind.groups:
            if group[0] is not None and key not in group[0]:
                continue
            room = _group_room(member, group, _hard)
            if room is not None:
                caps.append(room - self._taken(kind.name, given, key, group[0]))
        coupled = self._coupled_ceiling(member, kind.name, key)
        if coupled is not None:
            caps.append(coupled)
        if member.children:
            below = [self._ceiling(m, kind, key, with_own) for m in member.members()]
            if all(cap is not None for cap in below):
                caps.append(sum(below))
        return min(caps) if caps else None

    def _taken(self, name: str, values: dict, key, group_keys: frozenset | None) -> int:
        """How much of a capacity group the member's other keys already use. For places: the districts other
        than the key's, each its own figure or its municipalities' together, whichever is more, plus the
        key's fellow municipalities."""
        if name != "location":
            return sum(n for k, n in values.items() if k != key and (group_keys is None or k in group_keys))
        level, group, figure = key
        district = group if level == "district" else self.district_of[group]
        use = 0
        for other in {self.district_of[m.code] for m in self.region.municipalities}:
            own = values.get(("district", other, figure), 0)
            inside = sum(n for (lvl, g, f), n in values.items()
                         if lvl == "municipality" and f == figure and self.district_of[g] == other and (lvl, g, f) != key)
            if other != district:
                use += max(own, inside)
            elif level == "municipality":
                use += inside
        return use

    def _coupled_ceiling(self, member: Node, name: str, key) -> int | None:
        """Codes within their kind, municipalities within their district, and the other way round when every
        member of a kind or district is fixed."""
        current = member.maps.get(name, {})
        if name == "inflow_by_reporter":
            kind = self.organisation_kind[key]
            if kind in member.maps.get("inflow_by_reporter_kind", {}):
                others = sum(n for code, n in current.items() if code != key and self.organisation_kind[code] == kind)
                return member.maps["inflow_by_reporter_kind"][kind] - others
        if name == "inflow_by_reporter_kind":
            return self._kind_ceiling(member, key)
        if name == "location":
            level, group, figure = key
            if level == "municipality":
                district = ("district", self.district_of[group], figure)
                if district in current:
                    others = sum(n for (lvl, g, f), n in current.items() if lvl == "municipality" and f == figure
                                 and g != group and self.district_of[g] == district[1])
                    return current[district] - others
            else:
                inside = [m.code for m in self.region.municipalities if m.district == group]
                keys = [("municipality", m, figure) for m in inside]
                if inside and all(k in current for k in keys):
                    return sum(current[k] for k in keys)
        return None

    def _coupled_floor(self, member, name: str, key) -> int:
        if name == "inflow_by_reporter_kind":
            return self._codes_of_kind(member, key)
        if name == "inflow_by_reporter":
            return self._code_floor(member, key)
        if name == "location":
            current = dict(_lb_map(member, "location"))
            current.update(member.maps.get("location", {}))
            level, group, figure = key
            if level == "district":
                return sum(n for (lvl, g, f), n in current.items()
                           if lvl == "municipality" and f == figure and self.district_of[g] == group)
            district = ("district", self.district_of[group], figure)
            others = [m.code for m in self.region.municipalities if m.district == district[1] and m.code != group]
            if district in current and all(("municipality", m, figure) in current for m in others):
                return max(0, current[district] - sum(current[("municipality", m, figure)] for m in others))
        return 0

    def _spread_map(self, node: Node, kind: MapKind) -> None:
        """Give every member of `node` an exact count for each key of the node's map."""
        mine = node.maps.get(kind.name, {})
        members = node.members()
        label = f"{node.label}.{kind.name.replace('progress:', 'domain_progress.')}"
        keys = sorted(mine, key=lambda k: k[0] != "municipality") if kind.name == "location" else list(mine)
        for key in keys:
            amount = mine[key]
            fixed = [m for m in members if key in _given_map(m, kind.name)]
            open_members = [m for m in members if key not in _given_map(m, kind.name)]
            left = amount - sum(_given_map(m, kind.name)[key] for m in fixed)
            if left < 0:
                parts = " + ".join(f"{m.label} {_given_map(m, kind.name)[key]}" for m in fixed)
                raise CalibrationError(f"{label}.{_key_text(key)} ({amount}) is smaller than the sum of its children "
                                       f"({amount - left} = {parts})")
            if not open_members:
                if left:
                    raise CalibrationError(f"{label}.{_key_text(key)}: {left} more than its children's figures give")
                continue
            lbs, rooms, soft, weights = [], [], [], []
            for member in open_members:
                current = member.maps.setdefault(kind.name, {})
                lb = max(_lb_map(member, kind.name).get(key, 0), self._coupled_floor(member, kind.name, key))
                hard_room = self._ceiling(member, kind, key)
                soft_room = self._ceiling(member, kind, key, with_own=False)
                for group in kind.groups:
                    if group[0] is not None and key not in group[0]:
                        continue
                    merged = {k: max(current.get(k, 0), _lb_map(member, kind.name).get(k, 0))
                              for k in set(current) | set(_lb_map(member, kind.name))}
                    taken = self._taken(kind.name, merged, key, group[0])
                    estimate = _group_room(member, group, _soft)
                    soft_room = estimate - taken if soft_room is None else min(soft_room, estimate - taken)
                    hard = _group_room(member, group, _hard)
                    if hard is not None:
                        hard_room = hard - taken if hard_room is None else min(hard_room, hard - taken)
                if not isinstance(member, Node):
                    soft_room = 0  # the parent's own cases only take what the children cannot
                lbs.append(lb)
                rooms.append(None if hard_room is None else max(hard_room, 0))
                soft.append(None if soft_room is None else max(soft_room, lb))
                weights.append(self._jittered(kind.weight(member, key)) if isinstance(member, Node) else 1e-6)
            shares = spread(f"{label}.{_key_text(key)}", left, [_name_of(m) for m in open_members], lbs, rooms,
                            weights, soft)
            for member, share in zip(open_members, shares, strict=True):
                member.maps.setdefault(kind.name, {})[key] = share

    def _kind_ceiling(self, member, kind: str) -> int | None:
        """When every organisation of a kind has an exact count for the member, the kind has that count."""
        codes = member.maps.get("inflow_by_reporter", {})
        of_kind = [o.code for o in self.region.organisations if o.kind == kind]
        if of_kind and all(code in codes for code in of_kind):
            return sum(codes[code] for code in of_kind)
        return None

    def _codes_of_kind(self, member, kind: str) -> int:
        codes = dict(_lb_map(member, "inflow_by_reporter"))
        codes.update(member.maps.get("inflow_by_reporter", {}))
        return sum(number for code, number in codes.items() if self.organisation_kind.get(code) == kind)

    def _code_floor(self, member, code: str) -> int:
        """A kind count that only this organisation can still make up."""
        kind = self.organisation_kind[code]
        wanted = max(_lb_map(member, "inflow_by_reporter_kind").get(kind, 0),
                     member.maps.get("inflow_by_reporter_kind", {}).get(kind, 0))
        codes = member.maps.get("inflow_by_reporter", {})
        others = [o.code for o in self.region.organisations if o.kind == kind and o.code != code]
        if all(other in codes for other in others):
            return max(0, wanted - sum(codes[other] for other in others))
        return 0

    def _jittered(self, weight: float) -> float:
        """On a retry, preferences vary a little, so that another spread can be found."""
        return weight if self._jitter is None else weight * self._jitter.uniform(0.3, 3.0)

    def _scalar_ceiling(self, member, key: str, with_own: bool = True) -> int | None:
        if not isinstance(member, Node):
            return None if with_own else 0
        if key in member.given_scalars:
            return member.given_scalars[key]
        if member.children:
            below = [self._scalar_ceiling(m, key, with_own) for m in member.members()]
            if all(cap is not None for cap in below):
                return sum(below)
        return None

    def _spread_scalars(self, node: Node) -> None:
        members = node.members()
        order = ["declined", "persons_involved", "discussions.unique_subjects", "discussions.count",
                 "discussions.client_present", "discussions.expert_present"]
        order += sorted(key for key in node.scalars if key.startswith("progress_n:"))
        for key in order:
            if key not in node.scalars:
                continue
            amount = node.scalars[key]
            fixed = [m for m in members if isinstance(m, Node) and key in m.given_scalars]
            open_members = [m for m in members if not (isinstance(m, Node) and key in m.given_scalars)]
            left = amount - sum(m.given_scalars[key] for m in fixed)
            label = f"{node.label}.{key.replace('progress_n:', 'domain_progress.')}"
            if key.startswith("progress_n:"):
                label += ".n"
            if left < 0 and key == "discussions.unique_subjects" and node.unit_kind == "person" and not node.is_virtual:
                # The parent counts a subject once: some subjects are discussed in two of its children.
                for member in open_members:
                    member.scalars[key] = member.lb_scalars.get(key, 0) if isinstance(member, Node) else 0
                shared = -left + sum(member.scalars[key] for member in open_members)
                self.overlaps.append((node.code, shared))
                continue
            if left < 0:
                parts = " + ".join(f"{m.label} {m.given_scalars[key]}" for m in fixed)
                shared = (" (a system in two children, which the report counts once, is not generated)"
                          if key == "persons_involved" else "")
                raise CalibrationError(f"{label} ({amount}) is smaller than the sum of its children "
                                       f"({amount - left} = {parts}){shared}")
            if not open_members:
                if left:
                    raise CalibrationError(f"{label}: {left} more than its children's figures give")
                continue
            lbs, rooms, soft, weights = [], [], [], []
            for member in open_members:
                estimate, scalars = _estimate(member), member.scalars
                caseload = _hard(member, "caseload")
                lb = member.lb_scalars.get(key, 0) if isinstance(member, Node) else 0
                room, wish = None, None
                if key == "persons_involved":
                    lb = max(lb, caseload or 0)
                    room = None if caseload is None else MAX_SYSTEM_SIZE * caseload
                    wish = 4 * estimate["caseload"]
                elif key == "discussions.unique_subjects":
                    room = caseload
                    if "discussions.count" in scalars:
                        room = scalars["discussions.count"] if room is None else min(room, scalars["discussions.count"])
                    wish = estimate["caseload"]
                elif key == "discussions.count":
                    lb = max(lb, scalars.get("discussions.unique_subjects", 0))
                    wish = 6 * estimate["caseload"]
                elif key.startswith("discussions."):
                    room = scalars.get("discussions.count")
                    wish = 2 * estimate["caseload"]
                elif key.startswith("progress_n:"):
                    domain = key.split(":", 1)[1]
                    lb = max(lb, sum(member.maps.get(f"progress:{domain}", {}).values()))
                    room = _hard(member, "minus")
                    wish = estimate["minus"]
                else:  # declined
                    wish = estimate["inflow"]
                if not isinstance(member, Node):
                    wish = 0
                ceiling = self._scalar_ceiling(member, key)
                if ceiling is not None:
                    room = ceiling if room is None else min(room, ceiling)
                soft_ceiling = self._scalar_ceiling(member, key, with_own=False)
                if soft_ceiling is not None:
                    wish = soft_ceiling if wish is None else min(wish, soft_ceiling)
                lbs.append(lb)
                rooms.append(room)
                soft.append(None if wish is None else max(wish, lb))
                weights.append(self._jittered(max(estimate["caseload"], 1)) if isinstance(member, Node) else 1e-6)
            shares = spread(label, left, [_name_of(m) for m in open_members], lbs, rooms, weights, soft)
            for member, share in zip(open_members, shares, strict=True):
                member.scalars[key] = share

    # the units' final figures

    def _finish_unit(self, unit: Unit) -> None:
        """Check what the unit's cases must show against its final flow; add the trajectories without a
        delta to domain_progress."""
        flow, label = unit.flow, unit.label if unit.is_parent else unit.code
        if unit.is_parent and not any(flow.values()) and not any(unit.scalars.values()) and not any(
            any(values.values()) for values in unit.maps.values()
        ):
            return
        minus = _form(flow, "minus")
        for name, values in list(unit.maps.items()):
            if not name.startswith("progress:"):
                continue
            domain = name.split(":", 1)[1]
            if f"progress_n:{domain}" in unit.scalars:
                n = unit.scalars[f"progress_n:{domain}"]
                if n > minus or sum(values.values()) > n:
                    raise CalibrationError(f"{label}.domain_progress.{domain}.n ({n}) does not fit: {minus} ended, "
                                           f"{sum(values.values())} listed")
                values[NO_DELTA] = minus - n
            if sum(values.values()) < minus and len(values) == len(DELTAS) + 1:
                raise CalibrationError(f"{label}.domain_progress.{domain} lists every delta but does not cover all "
                                       f"{minus} ended trajectories")
        reasons = unit.map("outflow_by_reason")
        if sum(reasons.values()) > flow["outflow"]:
            raise CalibrationError(f"{label}.outflow_by_reason sums to {sum(reasons.values())} > outflow "
                                   f"{flow['outflow']}")
        if sum(reasons.values()) < flow["outflow"]:
            if not [r for r in END_REASONS if r != TRANSFER_REASON and r not in reasons]:
                raise CalibrationError(f"{label}.outflow_by_reason lists every end reason but sums to "
                                       f"{sum(reasons.values())} < outflow {flow['outflow']}")
        codes, kinds = unit.map("inflow_by_reporter"), unit.map("inflow_by_reporter_kind")
        per_kind: dict[str, int] = {}
        for organisation, number in codes.items():
            per_kind[self.organisation_kind[organisation]] = per_kind.get(self.organisation_kind[organisation], 0) + number
        for kind, number in kinds.items():
            if per_kind.get(kind, 0) > number:
                raise CalibrationError(f"{label}.inflow_by_reporter: {per_kind[kind]} reported by organisations of "
                                       f"kind {kind} > inflow_by_reporter_kind.{kind} ({number})")
            if number > per_kind.get(kind, 0) and not [
                o for o in self.region.organisations if o.kind == kind and o.code not in codes
            ]:
                raise CalibrationError(f"{label}.inflow_by_reporter_kind.{kind}: every organisation of that kind is "
                                       "listed in inflow_by_reporter, which leaves no room for the rest")
        covered = sum(codes.values()) + sum(kinds[k] - per_kind.get(k, 0) for k in kinds)
        if covered > flow["inflow"]:
            raise CalibrationError(f"{label}: inflow_by_reporter and inflow_by_reporter_kind together need "
                                   f"{covered} > inflow {flow['inflow']}")
        if covered < flow["inflow"] and not [
            o for o in self.region.organisations if o.kind not in kinds and o.code not in codes
        ]:
            raise CalibrationError(f"{label}.inflow_by_reporter_kind sums to {covered} < inflow {flow['inflow']} but "
                                   "lists every kind of organisation of the reference")
        durations = unit.map("durations")
        buckets = _buckets(unit.approach.duration_scheme)
        listed = sum(durations.values())
        long = sum(number for bucket, number in durations.items() if bucket in LONG_BUCKETS)
        free_short = [b for b in buckets if b not in LONG_BUCKETS and b not in durations]
        if listed > minus:
            raise CalibrationError(f"{label}.durations sums to {listed} > outflow + transfer_out {minus}")
        if listed < minus and not [b for b in buckets if b not in durations]:
            raise CalibrationError(f"{label}.durations lists every bucket but sums to {listed} < outflow + "
                                   f"transfer_out {minus}")
        needed = long + (minus - listed if not free_short else 0)
        if needed > min(flow["start"], minus):
            raise CalibrationError(
                f"{label}.durations: {needed} of the trajectories that ended in the year must have lasted a year or "
                f"longer, but only {flow['start']} were in regie on 1 January (start)"
            )
        for level, form_of in (("district", FIGURE_FORM), ("municipality", FIGURE_FORM)):
            for figure, form in form_of.items():
                total = sum(n for (lvl, _, fig), n in unit.map("location").items() if lvl == level and fig == figure)
                if total > _form(flow, form):
                    raise CalibrationError(f"{label}.by_{level}: {figure} sums to {total} > {form} {_form(flow, form)}")
        caseload, scalars = flow["caseload"], unit.scalars
        if scalars.get("discussions.unique_subjects", 0) > caseload:
            raise CalibrationError(f"{label}.discussions.unique_subjects ({scalars['discussions.unique_subjects']}) > "
                                   f"caseload ({caseload})")
        if "persons_involved" in scalars and not caseload <= scalars["persons_involved"] <= MAX_SYSTEM_SIZE * caseload:
            raise CalibrationError(f"{label}.persons_involved ({scalars['persons_involved']}) does not fit caseload "
                                   f"{caseload}")

    def _ancestors(self, node: Node) -> list[Node]:
        chain, current = [], node
        while current.approach.parent:
            current = self.nodes[current.approach.parent]
            chain.append(current)
        return chain

    def _no_transfer_pairs(self) -> set[tuple[str, str]]:
        """Approach pairs under a common ancestor (or totals) that counts distinct subjects or persons: an
        in-year transfer between them would count one subject in two children but once in that ancestor."""
        blocked = set()
        nodes = list(self.nodes.values())
        for a in nodes:
            for b in nodes:
                if a is b or a.unit_kind != b.unit_kind:
                    continue
                own_a = {id(n) for n in [a, *self._ancestors(a)]}
                common = [n for n in [b, *self._ancestors(b)] if id(n) in own_a]
                if any("persons_involved" in n.given or "unique_subjects" in n.given.get("discussions", {})
                       for n in common):
                    blocked.add((a.code, b.code))
                if any(t.unit_kind == a.unit_kind and "persons_involved" in t.given for t in self.totals):
                    blocked.add((a.code, b.code))
        return blocked


def _buckets(scheme: str) -> list[str]:
    return [key for key, _, _ in DURATION_BUCKETS[scheme]]


def _bucket_probability(profile: ApproachProfile | None, bucket: str) -> float:
    """How likely a trajectory of the profile lasts a number of months in the bucket (log-normal duration)."""
    median = profile.median_months if profile else 24
    sigma = profile.spread if profile else 0.8
    bounds = {key: (low, high) for scheme in DURATION_BUCKETS.values() for key, low, high in scheme}
    low, high = bounds[bucket]

    def cdf(months: float | None) -> float:
        if months is None:
            return 1.0
        if months <= 0:
            return 0.0
        return 0.5 * (1 + math.erf((math.log(months) - math.log(median)) / (sigma * math.sqrt(2))))

    return max(cdf(high) - cdf(low), 0.01)


PLAN_ATTEMPTS = 12


def make_plan(target: Target, builtin: Region) -> Plan:
    """The plan of a target. Spreading a parent's figures over its children is greedy; when it gets stuck,
    it is tried again with varied preferences (deterministically) before the target is refused with the
    first attempt's message."""
    first_error = None
    for attempt in range(PLAN_ATTEMPTS):
        try:
            return Planner(target, builtin, attempt).plan()
        except CalibrationError as error:
            if first_error is None:
                first_error = error
            if getattr(error, "final", False):
                break
    raise first_error
