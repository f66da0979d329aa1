"""The units' final figures: what each unit's cases must show, checked against its final flow (the
trajectories without a delta added to domain_progress); the approach pairs that must not transfer."""

from ...region import Region
from ..target import END_REASONS, CalibrationError
from .tree import (
    DELTAS,
    FIGURE_FORM,
    LONG_BUCKETS,
    MAX_SYSTEM_SIZE,
    NO_DELTA,
    TRANSFER_REASON,
    Node,
    Unit,
    duration_buckets,
)


def _form(flow: dict[str, int], form: str) -> int:
    if form == "plus":
        return flow["inflow"] + flow["transfer_in"]
    if form == "minus":
        return flow["outflow"] + flow["transfer_out"]
    return flow[form]


def _finish_unit(unit: Unit, region: Region, organisation_kind: dict[str, str]) -> None:
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
        per_kind[organisation_kind[organisation]] = per_kind.get(organisation_kind[organisation], 0) + number
    for kind, number in kinds.items():
        if per_kind.get(kind, 0) > number:
            raise CalibrationError(f"{label}.inflow_by_reporter: {per_kind[kind]} reported by organisations of "
                                   f"kind {kind} > inflow_by_reporter_kind.{kind} ({number})")
        if number > per_kind.get(kind, 0) and not [
            o for o in region.organisations if o.kind == kind and o.code not in codes
        ]:
            raise CalibrationError(f"{label}.inflow_by_reporter_kind.{kind}: every organisation of that kind is "
                                   "listed in inflow_by_reporter, which leaves no room for the rest")
    covered = sum(codes.values()) + sum(kinds[k] - per_kind.get(k, 0) for k in kinds)
    if covered > flow["inflow"]:
        raise CalibrationError(f"{label}: inflow_by_reporter and inflow_by_reporter_kind together need "
                               f"{covered} > inflow {flow['inflow']}")
    if covered < flow["inflow"] and not [
        o for o in region.organisations if o.kind not in kinds and o.code not in codes
    ]:
        raise CalibrationError(f"{label}.inflow_by_reporter_kind sums to {covered} < inflow {flow['inflow']} but "
                               "lists every kind of organisation of the reference")
    durations = unit.map("durations")
    buckets = duration_buckets(unit.approach.duration_scheme)
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


def _ancestors(node: Node, nodes: dict[str, Node]) -> list[Node]:
    chain, current = [], node
    while current.approach.parent:
        current = nodes[current.approach.parent]
        chain.append(current)
    return chain


def _no_transfer_pairs(nodes: dict[str, Node], totals: list[Node]) -> set[tuple[str, str]]:
    """Approach pairs under a common ancestor (or totals) that counts distinct subjects or persons: an
    in-year transfer between them would count one subject in two children but once in that ancestor."""
    blocked = set()
    members = list(nodes.values())
    for a in members:
        for b in members:
            if a is b or a.unit_kind != b.unit_kind:
                continue
            own_a = {id(n) for n in [a, *_ancestors(a, nodes)]}
            common = [n for n in [b, *_ancestors(b, nodes)] if id(n) in own_a]
            if any("persons_involved" in n.given or "unique_subjects" in n.given.get("discussions", {})
                   for n in common):
                blocked.add((a.code, b.code))
            if any(t.unit_kind == a.unit_kind and "persons_involved" in t.given for t in totals):
                blocked.add((a.code, b.code))
    return blocked
