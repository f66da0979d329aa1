"""The region a target describes, and the check of the target's codes against it."""

from procesregie.reporting.annual.definitions import DURATION_BUCKETS

from ...region import Approach, Municipality, Organisation, Region
from ..target import CalibrationError, Target


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
