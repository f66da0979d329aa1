"""Reading an outcomes target (`"report": "outcomes"`, the JSON shape of shared/spec/outcomes.md) for
`demo-data --calibrate`: the window (`from`, `to`, `as_of`) and per approach its recidivism figures, optionally
per cohort year (`recidivism.cohorts`) and for the comparison group (`recidivism.comparison`).

Checked here: the shape (known keys, whole numbers >= 0, dates), that the figures agree with each other
(`change_pct` with before and after, cohorts with the totals, kinds with the totals) and that the window can hold
them (a day for every kind of person). Every problem is a `CalibrationError` whose message names the figure.
`cohort_cells` splits an approach's figures over the years of the window.
"""

import datetime
import json
from dataclasses import dataclass, field

from ..police import KINDS, YEAR_DAYS
from ..region import Approach, Region
from .target import CalibrationError, _mapping, count

DAY = datetime.timedelta(days=1)
FIGURES = ("n", "excluded_deceased", "not_eligible", "registrations_before", "registrations_after")
EXTRA = ("persons_any_before", "persons_any_after", "by_kind")  # only for the whole window, without cohorts
INFORMATIONAL = ("change_pct", "ci95_change_pct")  # change_pct is checked; the interval is not a target
COMPARISON = ("n", "registrations_before", "registrations_after")
NOT_TARGETS = ("domain_progress", "follow_through")


@dataclass
class Cell:
    """Recidivism figures of one group: the whole window, one cohort year, or the comparison group."""

    n: int = 0
    excluded_deceased: int = 0
    not_eligible: int = 0
    registrations_before: int = 0
    registrations_after: int = 0
    persons_any_before: int | None = None
    persons_any_after: int | None = None
    by_kind: dict[str, tuple[int, int]] | None = None  # kind -> (before, after)


@dataclass
class ApproachOutcomes:
    approach: Approach
    total: Cell
    cohorts: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> the figures the target gives
    comparison: Cell | None = None
    cells: dict[int, Cell] = field(default_factory=dict)  # per year of the window (`cohort_cells`)


@dataclass
class OutcomesTarget:
    first: datetime.date
    last: datetime.date
    as_of: datetime.date
    approaches: dict[str, ApproachOutcomes]

    @property
    def eligible_days(self) -> tuple[datetime.date, datetime.date]:
        """Reference days with a full year of follow-up: [from, min(to, as_of - 365)] (may be empty)."""
        return self.first, min(self.last, self.as_of - DAY * YEAR_DAYS)

    @property
    def early_days(self) -> tuple[datetime.date, datetime.date]:
        """Reference days without a full year of follow-up (not eligible), not after as_of."""
        return max(self.first, self.as_of - DAY * (YEAR_DAYS - 1)), min(self.last, self.as_of)


def _day(value, path: str) -> datetime.date:
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CalibrationError(f"{path}: {json.dumps(value)} is not a date (YYYY-MM-DD)") from None


def change_pct(before: int, after: int) -> float | None:
    """The spec's change: round(100 x (after - before) / before, 1); None when before = 0."""
    return round(100 * (after - before) / before, 1) if before else None


def _check_change(block: dict, before: int, after: int, path: str) -> None:
    if "change_pct" not in block:
        return
    expected = change_pct(before, after)
    given = block["change_pct"]
    if given is not None and (isinstance(given, bool) or not isinstance(given, int | float)):
        raise CalibrationError(f"{path}.change_pct: must be a number or null, not {json.dumps(given)}")
    if given != expected:
        raise CalibrationError(f"{path}.change_pct ({json.dumps(given)}): registrations_before {before} and "
                               f"registrations_after {after} give {json.dumps(expected)}")


def _figures(block: dict, path: str, keys: tuple[str, ...], extra: tuple[str, ...] = ()) -> dict:
    result = {}
    for key, value in _mapping(block, path).items():
        here = f"{path}.{key}"
        if key.startswith("_") or key in INFORMATIONAL or key in ("comparison", "cohorts"):
            continue
        if key in keys or key in ("persons_any_before", "persons_any_after") and key in extra:
            result[key] = count(value, here)
        elif key == "by_kind" and key in extra:
            result[key] = {}
            for kind, pair in _mapping(value, here).items():
                if kind not in KINDS:
                    raise CalibrationError(f"{here}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
                pair = _mapping(pair, f"{here}.{kind}")
                unknown = set(pair) - {"before", "after"}
                if unknown:
                    raise CalibrationError(f"{here}.{kind}: unknown key {sorted(unknown)[0]!r} (known: before, after)")
                result[key][kind] = (count(pair.get("before", 0), f"{here}.{kind}.before"),
                                     count(pair.get("after", 0), f"{here}.{kind}.after"))
        else:
            raise CalibrationError(f"{here}: not a figure a target can give (known: {', '.join(keys + extra)})")
    return result


def _cell(figures: dict, path: str) -> Cell:
    cell = Cell(**{key: value for key, value in figures.items() if key != "by_kind"})
    for side in ("before", "after"):
        number = getattr(cell, f"registrations_{side}")
        if number and not cell.n:
            raise CalibrationError(f"{path}.registrations_{side} ({number}): there are no persons to register (n is 0)")
        anyone = getattr(cell, f"persons_any_{side}")
        if anyone is not None and (anyone > cell.n or anyone > number or (number and not anyone)):
            raise CalibrationError(f"{path}.persons_any_{side} ({anyone}): must lie between 1 and both n ({cell.n}) "
                                   f"and registrations_{side} ({number}) (0 only when there are none)")
    if "by_kind" in figures:
        kinds = {kind: figures["by_kind"].get(kind, (0, 0)) for kind in KINDS}
        for index, side in enumerate(("before", "after")):
            total = sum(pair[index] for pair in kinds.values())
            if total != getattr(cell, f"registrations_{side}"):
                raise CalibrationError(f"{path}.by_kind: the kinds add up to {total} registrations {side}, not "
                                       f"registrations_{side} ({getattr(cell, f'registrations_{side}')})")
        cell.by_kind = kinds
    return cell


def _within(days: tuple[datetime.date, datetime.date], year: int | None = None) -> bool:
    low, high = days
    if year is not None:
        low, high = max(low, datetime.date(year, 1, 1)), min(high, datetime.date(year, 12, 31))
    return low <= high


def _approach(target: OutcomesTarget, code: str, block, region: Region) -> ApproachOutcomes:
    block = _mapping(block, code)
    approaches = {approach.code: approach for approach in region.approaches}
    if code not in approaches:
        raise CalibrationError(f"approaches.{code}: not an approach of the region (known: {', '.join(approaches)})")
    approach = approaches[code]
    for key in block:
        if key in NOT_TARGETS:
            raise CalibrationError(f"{code}.{key}: not supported in a target (only recidivism)")
        if key not in ("unit", "recidivism", "name", "parent") and not key.startswith("_"):
            raise CalibrationError(f"{code}.{key}: unknown key (known: unit, recidivism)")
    if "unit" in block and block["unit"] != approach.unit:
        raise CalibrationError(f"{code}.unit: {block['unit']!r}, but the region's {code} is a {approach.unit!r} approach")
    path = f"{code}.recidivism"
    recidivism = _mapping(block.get("recidivism", {}), path)
    figures = _figures(recidivism, path, FIGURES, EXTRA)
    total = _cell(figures, path)
    _check_change(recidivism, total.registrations_before, total.registrations_after, path)
    outcomes = ApproachOutcomes(approach, total)
    eligible, early = target.eligible_days, target.early_days
    for key, days, what in (("n", eligible, "a full year of follow-up"),
                            ("excluded_deceased", eligible, "a full year of follow-up"),
                            ("not_eligible", early, "less than a year of follow-up")):
        if getattr(total, key) and not _within(days):
            raise CalibrationError(f"{path}.{key} ({getattr(total, key)}): no day of the window "
                                   f"{target.first}..{target.last} has {what} by as_of {target.as_of}")
    if "comparison" in recidivism:
        here = f"{path}.comparison"
        comparison = _mapping(recidivism["comparison"], here)
        outcomes.comparison = _cell(_figures(comparison, here, COMPARISON), here)
        _check_change(comparison, outcomes.comparison.registrations_before, outcomes.comparison.registrations_after,
                      here)
        if outcomes.comparison.n and not _within(eligible):
            raise CalibrationError(f"{here}.n ({outcomes.comparison.n}): no day of the window has a full year of "
                                   f"follow-up by as_of {target.as_of}")
    if "cohorts" in recidivism:
        outcomes.cohorts = _cohorts(target, outcomes, recidivism["cohorts"], f"{path}.cohorts")
    return outcomes


def _cohorts(target: OutcomesTarget, outcomes: ApproachOutcomes, value, path: str) -> dict[int, dict[str, int]]:
    total = outcomes.total
    if total.persons_any_before is not None or total.persons_any_after is not None or total.by_kind is not None:
        raise CalibrationError(f"{path}: cohorts cannot be combined with persons_any_before, persons_any_after or "
                               "by_kind (give those for the whole window only)")
    cohorts = {}
    for key, block in _mapping(value, path).items():
        here = f"{path}.{key}"
        if not (isinstance(key, str) and key.isdigit() and len(key) == 4):
            raise CalibrationError(f"{here}: not a year")
        year = int(key)
        if not target.first.year <= year <= target.last.year:
            raise CalibrationError(f"{here}: outside the window {target.first}..{target.last}")
        figures = _figures(block, here, FIGURES)
        for required in ("n", "registrations_before", "registrations_after"):
            if required not in figures:
                raise CalibrationError(f"{here}.{required}: missing (a cohort gives n, registrations_before and "
                                       "registrations_after)")
        cell = _cell(figures, here)
        _check_change(_mapping(block, here), cell.registrations_before, cell.registrations_after, here)
        for figure, days, what in (("n", target.eligible_days, "a full year of follow-up"),
                                   ("excluded_deceased", target.eligible_days, "a full year of follow-up"),
                                   ("not_eligible", target.early_days, "less than a year of follow-up")):
            if figures.get(figure) and not _within(days, year):
                raise CalibrationError(f"{here}.{figure} ({figures[figure]}): no day of {year} in the window has "
                                       f"{what} by as_of {target.as_of}")
        cohorts[year] = figures
    for figure in FIGURES:
        listed = sum(figures.get(figure, 0) for figures in cohorts.values())
        if listed > getattr(total, figure):
            raise CalibrationError(f"{path}: the cohorts' {figure} add up to {listed}, more than the window's "
                                   f"{getattr(total, figure)}")
    return cohorts


def _share(amount: int, weights: dict[int, float]) -> dict[int, int]:
    """`amount` over the keys in proportion to the weights (largest remainders; ties to the earlier key)."""
    total = sum(weights.values())
    if not amount:
        return dict.fromkeys(weights, 0)
    exact = {key: amount * weight / total for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = amount - sum(shares.values())
    for key in sorted(exact, key=lambda key: (-(exact[key] - shares[key]), key))[:left]:
        shares[key] += 1
    return shares


def cohort_cells(target: OutcomesTarget, outcomes: ApproachOutcomes, path: str) -> dict[int, Cell]:
    """The approach's figures per year of the window: the cohorts as the target gives them, the rest of every
    figure spread over the years (and cohorts) that do not fix it, by the number of days each can hold (the
    registrations by the persons). Without cohorts the registrations are spread over the whole window at once
    (`total`), so only the persons per year count then."""
    years = range(target.first.year, target.last.year + 1)
    total = outcomes.total
    cells = {year: Cell() for year in years}

    def days(year: int, span: tuple[datetime.date, datetime.date]) -> int:
        low, high = max(span[0], datetime.date(year, 1, 1)), min(span[1], datetime.date(year, 12, 31))
        return max(0, (high - low).days + 1)

    for figure in FIGURES:
        fixed = {year: figures[figure] for year, figures in outcomes.cohorts.items() if figure in figures}
        free = [year for year in years if year not in fixed]
        rest = getattr(total, figure) - sum(fixed.values())
        if figure in ("registrations_before", "registrations_after"):
            weights = {year: cells[year].n for year in free if year not in outcomes.cohorts}
        else:
            span = target.early_days if figure == "not_eligible" else target.eligible_days
            weights = {year: days(year, span) for year in free}
        weights = {year: weight for year, weight in weights.items() if weight}
        if rest and not weights:
            raise CalibrationError(f"{path}.{figure} ({getattr(total, figure)}): the cohorts give {sum(fixed.values())} "
                                   "and no other year of the window can take the rest")
        for year, number in (fixed | _share(rest, weights)).items():
            setattr(cells[year], figure, number)
    return cells


def parse_outcomes_target(document: dict, region: Region, *, today: datetime.date) -> OutcomesTarget:
    document = _mapping(document, "target")
    if document.get("report") != "outcomes":
        raise CalibrationError(f"report: {document.get('report')!r} is not 'outcomes'")
    if document.get("version", 1) != 1:
        raise CalibrationError(f"version: {document['version']!r} is not supported (only 1)")
    for key in document:
        if key not in ("report", "version", "from", "to", "as_of", "approaches") and not key.startswith("_"):
            raise CalibrationError(f"{key}: unknown key in the target")
    for key in ("from", "to", "as_of"):
        if key not in document:
            raise CalibrationError(f"{key}: missing")
    first, last, as_of = (_day(document[key], key) for key in ("from", "to", "as_of"))
    if first > last:
        raise CalibrationError(f"from ({first}) lies after to ({last})")
    if as_of > today:
        raise CalibrationError(f"as_of ({as_of}) lies after today ({today}): the importer refuses what happened later")
    target = OutcomesTarget(first, last, as_of, {})
    for code, block in _mapping(document.get("approaches", {}), "approaches").items():
        target.approaches[code] = _approach(target, code, block, region)
        target.approaches[code].cells = cohort_cells(target, target.approaches[code], f"{code}.recidivism")
    parents = {approach.code: approach.parent for approach in region.approaches}
    for code in target.approaches:
        parent = parents[code]
        while parent:
            if parent in target.approaches:
                raise CalibrationError(f"approaches.{code}: lies within approaches.{parent}, which is a target too "
                                       "(give figures for one of them)")
            parent = parents[parent]
    return target
