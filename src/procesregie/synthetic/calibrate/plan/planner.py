"""The planner: the steps in order over the tree of a target, and `make_plan`, which retries the greedy
spreading with varied preferences before it refuses a target."""

import random

from ...region import Region
from ..flows import FORMS
from ..target import CalibrationError, Target
from .bounds import _children_bounds, _demand_bounds, _own_bounds
from .distribute import _distribute_flow, _standalone
from .finish import _ancestors, _finish_unit, _no_transfer_pairs
from .maps import MapSpreader
from .region import _check_codes, target_region
from .scalars import _spread_scalars
from .spread import _caps, _lower_bounds
from .tree import TRANSFER_REASON, Node, Plan, build_tree


class Planner:
    def __init__(self, target: Target, builtin: Region, attempt: int = 0):
        self._jitter = random.Random(f"calibrate-plan:{attempt}") if attempt else None
        self.target = target
        self.region = target_region(target, builtin)
        _check_codes(target, self.region)
        self.organisation_kind = {o.code: o.kind for o in self.region.organisations}
        self.nodes: dict[str, Node] = {}
        self.totals: list[Node] = []
        self.overlaps: list[tuple[str, int]] = []
        self.map_spreader = MapSpreader(self.region, self.organisation_kind, self._jittered)

    def all_nodes(self) -> list[Node]:
        return [*self.totals, *self.nodes.values()]

    def roots(self) -> list[Node]:
        """Top-down starting points: the totals nodes, then the root approaches not under one."""
        covered = {id(child) for total in self.totals for child in total.children}
        return [*self.totals, *(node for node in self.nodes.values()
                                if node.approach.parent == "" and id(node) not in covered)]

    # the planning

    def plan(self) -> Plan:
        try:  # the target's own figures: the same on every attempt
            self.nodes, self.totals = build_tree(self.target, self.region)
            for node in self.all_nodes():
                _own_bounds(node, self.organisation_kind)
                node.bounds.tighten(node.label)
            for root in self.roots():
                _children_bounds(root)
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
            _lower_bounds(root)
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
            _children_bounds(root)
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
            _finish_unit(node.own, self.region, self.organisation_kind)
            node.own.distinct_persons = any(
                "persons_involved" in other.given for other in [node, *_ancestors(node, self.nodes)]
            ) or any(total.unit_kind == node.unit_kind and "persons_involved" in total.given for total in self.totals)
        for node in self.all_nodes():
            reasons = node.given.get("outflow_by_reason", {})
            if TRANSFER_REASON in reasons and reasons[TRANSFER_REASON] != node.flow["transfer_out"]:
                raise CalibrationError(f"{node.label}.outflow_by_reason.{TRANSFER_REASON} ({reasons[TRANSFER_REASON]}) "
                                       f"!= transfer_out ({node.flow['transfer_out']})")
        return Plan(
            year=self.target.year, region=self.region, units=units, nodes=self.nodes, totals_nodes=self.totals,
            no_transfer_pairs=_no_transfer_pairs(self.nodes, self.totals), overlaps=self.overlaps,
        )

    def _spread_all(self, node: Node) -> None:
        """Step 3 over the subtree: each parent's scalars, then its maps, go to its members."""
        if node.children:
            _spread_scalars(node, jittered=self._jittered, overlaps=self.overlaps)  # first: n bounds the deltas
            self.map_spreader.spread_maps(node)
        for child in node.children:
            self._spread_all(child)

    def _jittered(self, weight: float) -> float:
        """On a retry, preferences vary a little, so that another spread can be found."""
        return weight if self._jitter is None else weight * self._jitter.uniform(0.3, 3.0)


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
