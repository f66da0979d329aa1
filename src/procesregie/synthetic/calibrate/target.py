"""Reading a calibration target: the JSON shape of the annual report (shared/spec/annual-report.md, version 1
or 2: version 2 adds `signals` per approach), any key left out, plus `name`, `parent`, `duration_scheme` and
`unit` per approach and an optional `reference`.

Only the shape is checked here (known keys, whole numbers >= 0, known codes); whether the figures can be
met together is for `plan`. Every problem is a `CalibrationError` whose message names the figure.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from procesregie.reporting.annual.definitions import DELTA_KEYS, DURATION_BUCKETS, FLOW_KEYS, MUNICIPALITY_KEYS

UNITS = ("person", "system")
SCHEMES = tuple(DURATION_BUCKETS)
DISTRICT_KEYS = (*MUNICIPALITY_KEYS, "caseload")
DISCUSSION_KEYS = ("count", "unique_subjects", "client_present", "expert_present")
TOTAL_KEYS = ("start", "inflow", "outflow", "end", "caseload")
COUNT_MAPS = ("outflow_by_reason", "inflow_by_reporter", "inflow_by_reporter_kind", "durations", "interventions")
META_KEYS = ("name", "parent", "duration_scheme", "unit")
FIGURE_KEYS = (
    "flow", *COUNT_MAPS, "declined", "by_municipality", "by_district", "discussions", "domain_progress",
    "persons_involved", "signals", "escalations",
)
# Version 2: the signals of the year (meldingen and adviesgesprekken); see `signal_plan`.
SIGNAL_KEYS = ("count", "by_kind", "by_reporter_kind", "to_registration")
SIGNAL_KINDS = ("melding", "adviesgesprek")
VERSIONS = (1, 2)
END_REASONS = (
    "positief", "negatief", "detentie_maatregel", "overdracht_intern", "overdracht_extern", "overleden", "overig",
)
ORGANISATION_KINDS = (
    "gemeente", "politie", "om", "reclassering", "rvdk", "jeugdbescherming", "ggz", "zorg", "wonen", "zvh", "overig",
)


class CalibrationError(ValueError):
    """A target that cannot be read or met; the message names the figure."""


@dataclass
class ApproachTarget:
    code: str
    name: str | None = None
    unit: str | None = None
    duration_scheme: str | None = None
    parent: str | None = None  # None: not given (the built-in parent, if any); "": explicitly none
    figures: dict = field(default_factory=dict)  # the block without the meta keys and signals, as validated
    signals: dict = field(default_factory=dict)  # `signals`, as validated: count, to_registration, by_kind, ...


@dataclass
class Target:
    year: int
    approaches: dict[str, ApproachTarget]  # in the target's order
    totals: dict[str, dict[str, int]]
    reference: dict | None  # {"municipalities": [...], "organisations": [...]} or None


def count(value, path: str) -> int:
    """A figure: a whole number >= 0 (JSON booleans and fractions are refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise CalibrationError(f"{path}: must be a whole number >= 0, not {json.dumps(value)}")
    return value


def _mapping(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise CalibrationError(f"{path}: must be an object, not {json.dumps(value)[:60]}")
    return value


def _text(value, path: str, choices: tuple[str, ...] | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CalibrationError(f"{path}: must be a non-empty string")
    if choices is not None and value not in choices:
        raise CalibrationError(f"{path}: {value!r} is not one of {', '.join(choices)}")
    return value.strip()


def _counts(value, path: str, keys: tuple[str, ...] | None = None, what: str = "key") -> dict[str, int]:
    result = {}
    for key, number in _mapping(value, path).items():
        if keys is not None and key not in keys:
            raise CalibrationError(f"{path}: unknown {what} {key!r} (known: {', '.join(keys)})")
        result[key] = count(number, f"{path}.{key}")
    return result


def _approach(code: str, block, path: str) -> ApproachTarget:
    block = _mapping(block, path)
    target = ApproachTarget(code)
    for key, value in block.items():
        here = f"{path}.{key}"
        if key.startswith("_"):
            continue
        if key == "name":
            target.name = _text(value, here)
        elif key == "unit":
            target.unit = _text(value, here, UNITS)
        elif key == "duration_scheme":
            target.duration_scheme = _text(value, here, SCHEMES)
        elif key == "parent":
            target.parent = "" if value in (None, "") else _text(value, here)  # "": explicitly none
        elif key == "flow":
            target.figures[key] = _counts(value, here, FLOW_KEYS, "flow figure")
        elif key in ("outflow_by_reason",):
            target.figures[key] = _counts(value, here, END_REASONS, "end reason")
        elif key == "inflow_by_reporter_kind":
            target.figures[key] = _counts(value, here, ORGANISATION_KINDS, "organisation kind")
        elif key in ("inflow_by_reporter", "durations", "interventions"):
            target.figures[key] = _counts(value, here)  # codes and buckets are checked against the reference
        elif key in ("declined", "persons_involved"):
            target.figures[key] = count(value, here)
        elif key == "discussions":
            target.figures[key] = _counts(value, here, DISCUSSION_KEYS, "discussion figure")
        elif key == "by_municipality":
            target.figures[key] = {
                municipality: _counts(figures, f"{here}.{municipality}", MUNICIPALITY_KEYS, "figure")
                for municipality, figures in _mapping(value, here).items()
            }
        elif key == "by_district":
            target.figures[key] = {
                district: _counts(figures, f"{here}.{district}", DISTRICT_KEYS, "figure")
                for district, figures in _mapping(value, here).items()
            }
        elif key == "signals":
            target.signals = _signals(value, here)
        elif key == "escalations":
            _no_escalations(value, here)
        elif key == "domain_progress":
            target.figures[key] = {
                domain: _counts(figures, f"{here}.{domain}", ("n", *DELTA_KEYS), "delta")
                for domain, figures in _mapping(value, here).items()
            }
        else:
            raise CalibrationError(f"{here}: unknown key (known: {', '.join((*META_KEYS, *FIGURE_KEYS))})")
    return target


def _signals(value, path: str) -> dict:
    result = {}
    for key, figure in _mapping(value, path).items():
        here = f"{path}.{key}"
        if key in ("count", "to_registration"):
            result[key] = count(figure, here)
        elif key == "by_kind":
            result[key] = _counts(figure, here, SIGNAL_KINDS, "signal kind")
        elif key == "by_reporter_kind":
            result[key] = _counts(figure, here, ORGANISATION_KINDS, "organisation kind")
        else:
            raise CalibrationError(f"{here}: unknown key (known: {', '.join(SIGNAL_KEYS)})")
    return result


def _no_escalations(value, path: str) -> None:
    """`escalations` (report version 2) are not part of the interchange format: a dataset has none, so a target
    may only ask for zeros (as the report of an imported dataset has them)."""
    for key, figure in _mapping(value, path).items():
        here = f"{path}.{key}"
        if key in ("count", "resolved"):
            figures = {here: figure}
        elif key == "by_outcome":
            figures = {f"{here}.{outcome}": number for outcome, number in _mapping(figure, here).items()}
        else:
            raise CalibrationError(f"{here}: unknown key (known: count, resolved, by_outcome)")
        for where, number in figures.items():
            if count(number, where):
                raise CalibrationError(f"{where}: escalations are not part of the interchange format; a calibrated "
                                       f"dataset has none (only 0)")


def _reference(value) -> dict:
    value = _mapping(value, "reference")
    result = {}
    for key, items in value.items():
        if key.startswith("_"):
            continue
        if key not in ("municipalities", "organisations"):
            raise CalibrationError(f"reference.{key}: unknown key (known: municipalities, organisations)")
        if not isinstance(items, list) or not items:
            raise CalibrationError(f"reference.{key}: must be a non-empty list")
        columns = ("code", "name", "district") if key == "municipalities" else ("code", "name", "kind")
        rows, seen = [], set()
        for index, item in enumerate(items):
            here = f"reference.{key}[{index}]"
            item = _mapping(item, here)
            row = {column: _text(item.get(column), f"{here}.{column}") for column in columns}
            if key == "organisations":
                _text(row["kind"], f"{here}.kind", ORGANISATION_KINDS)
                row["wgs_participant"] = item.get("wgs_participant") or ""
            if row["code"] in seen:
                raise CalibrationError(f"{here}.code: {row['code']!r} is listed twice")
            seen.add(row["code"])
            rows.append(row)
        result[key] = rows
    return result


def parse_target(document, *, year: int | None = None) -> Target:
    """A `Target` from the parsed JSON document; `year` overrides the document's year."""
    document = _mapping(document, "target")
    if document.get("report", "annual") != "annual":
        raise CalibrationError(f"report: {document['report']!r} is not 'annual'")
    if document.get("version", 1) not in VERSIONS:
        raise CalibrationError(f"version: {document['version']!r} is not supported (only 1 and 2)")
    if year is None:
        if "year" not in document:
            raise CalibrationError("year: missing (give it in the target or with --year)")
        year = document["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 3000:
        raise CalibrationError(f"year: {json.dumps(year)} is not a year")
    approaches = {}
    for code, block in _mapping(document.get("approaches", {}), "approaches").items():
        if not isinstance(code, str) or not code.strip() or len(code) > 64:
            raise CalibrationError(f"approaches: {code!r} is not an approach code")
        approaches[code] = _approach(code, block, code)
    totals = {}
    for unit, figures in _mapping(document.get("totals", {}), "totals").items():
        if unit not in UNITS:
            raise CalibrationError(f"totals.{unit}: unknown unit (known: {', '.join(UNITS)})")
        keys = (*TOTAL_KEYS, "persons_involved") if unit == "system" else TOTAL_KEYS
        totals[unit] = _counts(figures, f"totals.{unit}", keys, "figure")
    for key in document:
        if key not in ("report", "version", "year", "approaches", "totals", "reference") and not key.startswith("_"):
            raise CalibrationError(f"{key}: unknown key in the target")
    reference = _reference(document["reference"]) if document.get("reference") is not None else None
    return Target(year=year, approaches=approaches, totals=totals, reference=reference)


def load_target(path: Path, *, year: int | None = None) -> Target:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CalibrationError(f"cannot read the target {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise CalibrationError(f"the target {path} is not UTF-8") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CalibrationError(f"the target {path} is not valid JSON: {error}") from None
    return parse_target(document, year=year)
