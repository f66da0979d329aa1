"""Steps 2 and 4, flows: every flow completed bottom-up as if its node stood alone (a parent without figures
is the sum of its children), then distributed top-down over the children, each within its own figures, the
rest moved into children where they allow before it becomes cases of the parent's own."""

import statistics
from collections.abc import Callable
from itertools import product

from ..flows import BASE, FLOW, FORM_NAMES, FORMS, Bounds, complete_flow, full_flow, value_of
from ..target import CalibrationError
from .tree import Node

DEFAULT_STOCK_RATIO = 2.0


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
            bounds.at_most(form, room, lambda v, f=form, r=room, c=child: (
                f"{c.label}.flow: {FORM_NAMES.get(f, f)} ({v}) does not fit in what {node.label} leaves for it ({r})"
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
