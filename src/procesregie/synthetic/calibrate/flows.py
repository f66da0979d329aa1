"""Completing a flow block from the figures a target gives, within bounds, closest to a guess.

A flow is five independent numbers (start, inflow, transfer_in, outflow, transfer_out); end, caseload and
the helper sums plus (= inflow + transfer_in) and minus (= outflow + transfer_out) are linear forms of
them. A target fixes some forms; count maps and children put bounds on others. `complete_flow` checks the
given figures against each other (naming the figure on a contradiction), then searches the free numbers
in a fixed order, each form's bounds applied as soon as its last number is chosen.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from .target import CalibrationError

BASE = ("start", "inflow", "transfer_in", "outflow", "transfer_out")
SEARCH_ORDER = ("transfer_in", "transfer_out", "inflow", "outflow", "start")
FLOW = ("start", "inflow", "transfer_in", "outflow", "transfer_out", "end", "caseload")
FORMS: dict[str, dict[str, int]] = {
    "start": {"start": 1},
    "inflow": {"inflow": 1},
    "transfer_in": {"transfer_in": 1},
    "outflow": {"outflow": 1},
    "transfer_out": {"transfer_out": 1},
    "end": {"start": 1, "inflow": 1, "transfer_in": 1, "outflow": -1, "transfer_out": -1},
    "caseload": {"start": 1, "inflow": 1, "transfer_in": 1},
    "plus": {"inflow": 1, "transfer_in": 1},
    "minus": {"outflow": 1, "transfer_out": 1},
}
CHECK_ORDER = ("start", "inflow", "transfer_in", "outflow", "transfer_out", "plus", "minus", "end", "caseload")
FORM_NAMES = {
    "plus": "inflow + transfer_in", "minus": "outflow + transfer_out",
}
SEARCH_LIMIT = 20_000
SPAN = 400  # how far above its guess an unbounded number is searched

Why = Callable[[int], str]  # the message for a form value that breaks a bound


def value_of(form: str, base: dict[str, int]) -> int:
    return sum(coefficient * base[name] for name, coefficient in FORMS[form].items())


def full_flow(base: dict[str, int]) -> dict[str, int]:
    """All nine forms of five base numbers."""
    return {form: value_of(form, base) for form in FORMS}


@dataclass
class Bounds:
    """Lower and upper bounds per form, each with the message to give when a determined value breaks it."""

    lo: dict[str, int] = field(default_factory=lambda: {form: 0 for form in FORMS})
    hi: dict[str, int | None] = field(default_factory=lambda: {form: None for form in FORMS})
    why_lo: dict[str, Why] = field(default_factory=dict)
    why_hi: dict[str, Why] = field(default_factory=dict)

    def at_least(self, form: str, value: int, why: Why) -> None:
        if value > self.lo[form]:
            self.lo[form], self.why_lo[form] = value, why

    def at_most(self, form: str, value: int, why: Why) -> None:
        if self.hi[form] is None or value < self.hi[form]:
            self.hi[form], self.why_hi[form] = value, why

    def tighten(self, code: str) -> None:
        """Lower bounds that follow from others: plus >= inflow + transfer_in, caseload >= start + plus, ..."""
        lo = self.lo

        def implied(form: str, value: int, parts: str) -> None:
            if value > lo[form]:
                self.at_least(form, value, lambda v, f=form, n=value, p=parts: (
                    f"{code}.flow: {FORM_NAMES.get(f, f)} ({v}) cannot hold what the other figures need ({p} >= {n})"
                ))

        for _ in range(3):
            implied("plus", lo["inflow"] + lo["transfer_in"], "inflow + transfer_in")
            implied("minus", lo["outflow"] + lo["transfer_out"], "outflow + transfer_out")
            implied("caseload", lo["start"] + lo["plus"], "start + inflow + transfer_in")
            implied("caseload", lo["end"] + lo["minus"], "end + outflow + transfer_out")

    def copy(self) -> "Bounds":
        return Bounds(dict(self.lo), dict(self.hi), dict(self.why_lo), dict(self.why_hi))

    def check(self, code: str, form: str, value: int) -> None:
        """Raise the bound's message when `value` of `form` (determined by the target) breaks it."""
        if value < self.lo[form]:
            why = self.why_lo.get(form)
            raise CalibrationError(why(value) if why else f"{code}.flow: {_name(form)} would be {value} < 0")
        if self.hi[form] is not None and value > self.hi[form]:
            why = self.why_hi.get(form)
            raise CalibrationError(
                why(value) if why else f"{code}.flow: {_name(form)} would be {value} > {self.hi[form]}"
            )


def _name(form: str) -> str:
    return FORM_NAMES.get(form, form)


def check_given(code: str, given: dict[str, int]) -> None:
    """The contradictions a target can hold within its flow block, each with its own message."""
    g = given
    if all(key in g for key in ("start", "inflow", "transfer_in", "outflow", "transfer_out", "end")):
        balance = g["start"] + g["inflow"] + g["transfer_in"] - g["outflow"] - g["transfer_out"]
        if balance != g["end"]:
            raise CalibrationError(
                f"{code}.flow: start + inflow + transfer_in - outflow - transfer_out ({balance}) != end ({g['end']})"
            )
    if all(key in g for key in ("start", "inflow", "transfer_in", "caseload")):
        total = g["start"] + g["inflow"] + g["transfer_in"]
        if total != g["caseload"]:
            raise CalibrationError(
                f"{code}.flow.caseload ({g['caseload']}) != start + inflow + transfer_in ({total})"
            )
    if all(key in g for key in ("caseload", "outflow", "transfer_out", "end")):
        rest = g["caseload"] - g["outflow"] - g["transfer_out"]
        if rest != g["end"]:
            raise CalibrationError(
                f"{code}.flow: caseload - outflow - transfer_out ({rest}) != end ({g['end']})"
            )


def determined(code: str, given: dict[str, int]) -> dict[str, int]:
    """Every form whose value follows from the given figures (Gaussian elimination over the base numbers)."""
    rows: list[tuple[list[Fraction], Fraction]] = []
    for form, value in given.items():
        vector = [Fraction(FORMS[form].get(name, 0)) for name in BASE]
        rows.append((vector, Fraction(value)))
    # Reduced row echelon form.
    pivots: list[tuple[int, list[Fraction], Fraction]] = []
    for vector, value in rows:
        vector, value = list(vector), value
        for column, pivot_vector, pivot_value in pivots:
            factor = vector[column]
            if factor:
                vector = [a - factor * b for a, b in zip(vector, pivot_vector, strict=True)]
                value -= factor * pivot_value
        column = next((index for index, a in enumerate(vector) if a), None)
        if column is None:
            if value:
                figures = ", ".join(f"{key} {number}" for key, number in given.items())
                raise CalibrationError(f"{code}.flow: the figures contradict each other ({figures})")
            continue
        scale = vector[column]
        vector, value = [a / scale for a in vector], value / scale
        reduced = []
        for other_column, other_vector, other_value in pivots:
            factor = other_vector[column]
            if factor:
                other_vector = [a - factor * b for a, b in zip(other_vector, vector, strict=True)]
                other_value -= factor * value
            reduced.append((other_column, other_vector, other_value))
        pivots = reduced + [(column, vector, value)]
    result = {}
    for form, coefficients in FORMS.items():
        vector = [Fraction(coefficients.get(name, 0)) for name in BASE]
        value = Fraction(0)
        for column, pivot_vector, pivot_value in pivots:
            factor = vector[column]
            if factor:
                vector = [a - factor * b for a, b in zip(vector, pivot_vector, strict=True)]
                value += factor * pivot_value
        if not any(vector):
            if value.denominator != 1:
                raise CalibrationError(f"{code}.flow: {_name(form)} would be {value}, not a whole number")
            result[form] = int(value)
    return result


def _around(wish: int, low: int, top: int):
    """low..top, nearest to `wish` first (above before below on a tie)."""
    if low <= wish <= top:
        yield wish
    distance = 1
    while wish - distance >= low or wish + distance <= top:
        if low <= wish + distance <= top:
            yield wish + distance
        if low <= wish - distance <= top:
            yield wish - distance
        distance += 1


def _last_in_search(form: str) -> str:
    return max(FORMS[form], key=SEARCH_ORDER.index)


def complete_flow(
    code: str, given: dict[str, int], bounds: Bounds, guess: Callable[[str, dict[str, int]], int]
) -> dict[str, int]:
    """The seven flow figures: the given ones, the ones they determine, and the rest closest to `guess`.

    `guess(name, chosen)` proposes a base number given the ones chosen so far.
    """
    check_given(code, given)
    fixed = determined(code, given)
    for form in CHECK_ORDER:  # the figures the maps count in first, the sums after
        if form in fixed:
            bounds.check(code, form, fixed[form])
    lo, hi = dict(bounds.lo), dict(bounds.hi)
    for form, value in fixed.items():
        lo[form] = hi[form] = value
    closing = {name: [form for form in FORMS if _last_in_search(form) == name] for name in SEARCH_ORDER}
    nodes = 0

    def interval(name: str, chosen: dict[str, int]) -> tuple[int, int | None]:
        low, high = 0, None
        for form in closing[name]:
            rest = sum(c * chosen[other] for other, c in FORMS[form].items() if other != name)
            sign = FORMS[form][name]
            form_lo, form_hi = lo[form] - rest, None if hi[form] is None else hi[form] - rest
            if sign < 0:
                form_lo, form_hi = (None if form_hi is None else -form_hi), -form_lo
            if form_lo is not None:
                low = max(low, form_lo)
            if form_hi is not None:
                high = form_hi if high is None else min(high, form_hi)
        return low, high

    def search(index: int, chosen: dict[str, int]) -> dict[str, int] | None:
        nonlocal nodes
        if index == len(SEARCH_ORDER):
            return chosen
        name = SEARCH_ORDER[index]
        low, high = interval(name, chosen)
        if high is not None and low > high:
            return None
        wish = max(low, guess(name, chosen))
        if high is not None:
            wish = min(wish, high)
        top = high if high is not None else max(wish, low) + SPAN
        for candidate in _around(wish, low, top):
            nodes += 1
            if nodes > SEARCH_LIMIT:
                return None
            found = search(index + 1, {**chosen, name: candidate})
            if found is not None:
                return found
        return None

    base = search(0, {})
    if base is None:
        figures = ", ".join(f"{key} {value}" for key, value in given.items()) or "none"
        limits = ", ".join(
            f"{_name(form)} >= {lo[form]}" for form in FORMS if lo[form] and form not in fixed
        ) + "".join(f", {_name(form)} <= {hi[form]}" for form in FORMS if hi[form] is not None and form not in fixed)
        raise CalibrationError(
            f"{code}.flow: no flow meets the figures given ({figures}) and what the other figures need "
            f"({limits.strip(', ') or 'nothing'})"
        )
    flow = full_flow(base)
    return {key: flow[key] for key in FLOW}
