"""Step 1, bounds: what a node's own figures need of its flow, and what its children need (a parent is at
least the sum of its children, and without own cases at most what they can make up); the contradictions a
target can hold are refused here, naming the figure. Step 4 bounds the final flows again with what the
spread maps and scalars need (`_demand_bounds`)."""

import math

from ...region import Municipality
from ..allocate import figure_intervals
from ..flows import FORM_NAMES, FORMS, Bounds, check_given, determined
from ..target import END_REASONS, CalibrationError
from .tree import FIGURE_FORM, LONG_BUCKETS, MAX_SYSTEM_SIZE, TRANSFER_REASON, Node, duration_buckets


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


def _children_bounds(node: Node) -> None:
    """A parent is at least the sum of its children and its own cases (bottom-up)."""
    for child in node.children:
        _children_bounds(child)
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
    if durations is not None and scheme is not None and all(b in durations for b in duration_buckets(scheme)):
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
