"""The plan's data: a unit (the own cases of one approach), a node of the approach tree, the plan, and the
vocabulary of figures they hold; `build_tree` makes the tree of a target with the target's figures."""

import math
from dataclasses import dataclass, field

from procesregie.reporting.annual.definitions import DURATION_BUCKETS

from ...profiles import ApproachProfile, approach_profile
from ...region import Approach, Region
from ..flows import Bounds, check_given, determined
from ..target import CalibrationError, Target

TRANSFER_REASON = "overdracht_intern"
LONG_BUCKETS = ("1_2y", "2_4y", "gt_4y")
DELTAS = ("+4", "+3", "+2", "+1", "0", "-1", "-2", "-3", "-4")
NO_DELTA = "none"  # pseudo key of domain_progress: an ended trajectory without a delta in that domain
MAX_SYSTEM_SIZE = 8
FIGURE_FORM = {"start": "start", "end": "end", "plus": "plus", "minus": "minus", "caseload": "caseload"}


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


# --- the tree of a target ------------------------------------------------------------------------------


def build_tree(target: Target, region: Region) -> tuple[dict[str, Node], list[Node]]:
    """The approaches of the region as nodes with the target's figures (by code), and the virtual totals
    nodes over the root approaches of each unit kind the target gives totals for."""
    nodes: dict[str, Node] = {}
    totals: list[Node] = []
    for approach in region.approaches:
        block = target.approaches.get(approach.code)
        node = Node(
            code=approach.code, label=approach.code, unit_kind=approach.unit, scheme=approach.duration_scheme,
            approach=approach, profile=approach_profile(approach), given=dict(block.figures) if block else {},
        )
        node.own = Unit(approach=approach, profile=node.profile, label=f"{approach.code} (own cases)")
        nodes[approach.code] = node
    for approach in region.approaches:
        if approach.parent:
            parent = nodes[approach.parent]
            parent.children.append(nodes[approach.code])
            parent.own.is_parent = True
    for unit_kind, figures in target.totals.items():
        for node in nodes.values():
            if node.unit_kind == unit_kind and node.children:
                node.own_allowed = False
        roots = [node for node in nodes.values() if node.approach.parent == "" and node.unit_kind == unit_kind]
        flow = {key: figures[key] for key in ("start", "inflow", "outflow", "end", "caseload") if key in figures}
        given = {"flow": flow}
        if "persons_involved" in figures:
            given["persons_involved"] = figures["persons_involved"]
        totals.append(Node(
            code=f"totals.{unit_kind}", label=f"totals.{unit_kind}", unit_kind=unit_kind, scheme="years",
            approach=None, profile=None, given=given, children=roots, own_allowed=False,
        ))
    for node in [*totals, *nodes.values()]:
        node.given_maps = _given_maps(node)
        node.given_scalars = _given_scalars(node)
        node.maps = {name: dict(values) for name, values in node.given_maps.items()}
        node.scalars = dict(node.given_scalars)
        check_given(node.label, node.given.get("flow", {}))
        node.fixed = determined(node.label, node.given.get("flow", {}))
    return nodes, totals


def _given_maps(node: Node) -> dict[str, dict]:
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


def _given_scalars(node: Node) -> dict[str, int]:
    g = node.given
    scalars = {key: g[key] for key in ("declined", "persons_involved") if key in g}
    for key, number in g.get("discussions", {}).items():
        scalars[f"discussions.{key}"] = number
    for domain, figures in g.get("domain_progress", {}).items():
        if "n" in figures:
            scalars[f"progress_n:{domain}"] = figures["n"]
    return scalars


def duration_buckets(scheme: str) -> list[str]:
    return [key for key, _, _ in DURATION_BUCKETS[scheme]]


def bucket_probability(profile: ApproachProfile | None, bucket: str) -> float:
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
