"""Secondary suppression: hide extra counts so that no hidden count can be worked out from what is shown.

Primary suppression (suppression.py) hides every count `0 < c < N`. A published table also shows sums (a row
total, a column total, a district over its municipalities, a parent approach over its children, the totals
of the house); a reader who knows the sum and every other part of it recomputes the hidden count. This module
is the general part, for any report (the annual report's tables are described in `annual_tables.py`; the
outcomes report of issue 15 describes its own):

- a **cell** is any hashable name (the renderings use the path of the count in the report dict) with its
  exact value;
- an **equation** says that a signed sum of cells is zero (`total - part1 - part2 = 0`);
- `protect(values, equations, n)` returns the cells to hide: the primary ones and, added one at a time, the
  smallest extra ("complementary") cells until no hidden cell can be pinned down.

A hidden cell counts as pinned down when either

1. one equation on its own leaves it a single possible value, given what a reader knows of every hidden cell
   of that equation: a cell shown as "<N" is 0…N-1 (a small count, or a zero hidden as a complement: both are
   "<N", so "<N" does not tell the reader "at least 1"), a cell shown as "afg." is at least N (a larger count
   hidden as a complement). This covers "one unknown in a row" and also "two hidden cells of a row that sum
   to 2N-2";
2. or the equations together determine it (exact linear algebra over the rationals: the cell's unit vector
   lies in the row space of the equations restricted to the hidden cells).

What this does not claim: bounds obtained by combining several equations *and* the ranges at once (that
would take linear programming) may narrow a hidden count to fewer values than "<N" says, but not to one
value through any single line or through the equations alone. The decision record 0021 has the details.

Deterministic: cells are considered in the order of `values`, equations in the order given, and ties
between equally small candidates go to the earlier cell. The smallest candidates are zeros: hiding a zero
costs the reader nothing worth knowing and, shown as "<N" like a small count, it makes every "<N" of its
sums possibly 0 (in a district of four municipalities with 1 each and a total of 4, all "<5", every cell
would otherwise be pinned to 1).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

Cell = Hashable
Interval = tuple[float, float]  # inclusive integer bounds; math.inf for "no upper bound"

INF = math.inf
LAST_RESORT_ROUNDS = 3


@dataclass(frozen=True)
class Equation:
    """`sum(coefficient * value(cell)) == 0`; coefficients are +1 or -1."""

    name: str
    terms: tuple[tuple[Cell, int], ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(cell for cell, _ in self.terms)


def sum_equation(name: str, totals: Iterable[Cell], parts: Iterable[Cell]) -> Equation:
    """`sum(totals) == sum(parts)`; a cell on both sides cancels."""
    coefficients: dict[Cell, int] = {}
    for cell in totals:
        coefficients[cell] = coefficients.get(cell, 0) + 1
    for cell in parts:
        coefficients[cell] = coefficients.get(cell, 0) - 1
    return Equation(name, tuple((cell, c) for cell, c in coefficients.items() if c))


def holding(equations: Iterable[Equation], values: Mapping[Cell, int]) -> list[Equation]:
    """The equations that hold for `values`, restricted to the cells that are published (a cell missing from
    `values` is a known zero: count maps leave out their zeros). An equation left with one cell tells the
    reader that cell (it is 0): `protect` never hides it. Duplicates are dropped."""
    result, seen = [], set()
    for equation in equations:
        if any(abs(c) != 1 for _, c in equation.terms):
            raise ValueError(f"{equation.name}: coefficients must be +1 or -1")
        terms = tuple((cell, c) for cell, c in equation.terms if cell in values)
        if not terms or sum(c * values[cell] for cell, c in terms) != 0:
            continue
        key = frozenset(terms)
        if key in seen or frozenset((cell, -c) for cell, c in terms) in seen:
            continue
        seen.add(key)
        result.append(Equation(equation.name, terms))
    return result


# --- what a reader knows of a hidden cell ---------------------------------------------------------------
def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[list[float]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _add(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    return _merge((alo + blo, ahi + bhi) for alo, ahi in a for blo, bhi in b)


def _scale(domain: Sequence[Interval], coefficient: int) -> list[Interval]:
    return list(domain) if coefficient > 0 else _merge((-hi, -lo) for lo, hi in domain)


def _intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    return _merge((max(alo, blo), min(ahi, bhi)) for alo, ahi in a for blo, bhi in b if max(alo, blo) <= min(ahi, bhi))


def _single_value(domain: Sequence[Interval]) -> bool:
    return len(domain) == 1 and domain[0][0] == domain[0][1]


@dataclass
class _State:
    values: Mapping[Cell, int]
    n: int
    primary: set[Cell]
    hidden: set[Cell]
    order: dict[Cell, int] = field(default_factory=dict)

    def domain(self, cell: Cell) -> list[Interval]:
        """What the reader knows of a hidden cell's value: "<N" (0…N-1) or "afg." (N or more)."""
        if self.values[cell] < self.n:
            return [(0, self.n - 1)]
        return [(self.n, INF)]

    def pinned(self, equation: Equation, hidden: set[Cell] | None = None) -> list[Cell]:
        """The hidden cells of `equation` that it leaves with a single possible value."""
        hidden = self.hidden if hidden is None else hidden
        unknown = [(cell, c) for cell, c in equation.terms if cell in hidden]
        if not unknown:
            return []
        known = sum(c * self.values[cell] for cell, c in equation.terms if cell not in hidden)
        target = -known  # sum(c * x for the unknown) == target
        scaled = [_scale(self.domain(cell), c) for cell, c in unknown]
        prefix: list[list[Interval]] = [[(0, 0)]]
        for domain in scaled:
            prefix.append(_add(prefix[-1], domain))
        suffix: list[list[Interval]] = [[(0, 0)]]
        for domain in reversed(scaled):
            suffix.append(_add(suffix[-1], domain))
        suffix.reverse()
        result = []
        for index, (cell, c) in enumerate(unknown):
            others = _add(prefix[index], suffix[index + 1])
            possible = _scale(_merge((target - hi, target - lo) for lo, hi in others), c)
            if _single_value(_intersect(possible, self.domain(cell))):
                result.append(cell)
        return result


def _determined(equations: Sequence[Equation], hidden: set[Cell], order: Mapping[Cell, int]) -> list[Cell]:
    """The hidden cells whose value follows from the equations alone (reduced row echelon form over Q)."""
    pivots: dict[Cell, dict[Cell, int | Fraction]] = {}
    for equation in equations:
        row: dict[Cell, int | Fraction] = {cell: c for cell, c in equation.terms if cell in hidden}
        if not row:
            continue
        for column in [cell for cell in row if cell in pivots]:
            factor = row.get(column)
            if factor:
                for cell, value in pivots[column].items():
                    row[cell] = row.get(cell, 0) - factor * value
        row = {cell: value for cell, value in row.items() if value}
        if not row:
            continue
        column = min(row, key=order.__getitem__)
        scale = row[column]
        # Dividing by ±1 keeps whole numbers whole (plain ints are much faster than Fractions); exact either way.
        row = {cell: value * scale if scale in (1, -1) else Fraction(value) / scale for cell, value in row.items()}
        for other in pivots.values():
            factor = other.get(column)
            if factor:
                for cell, value in row.items():
                    other[cell] = other.get(cell, 0) - factor * value
                for cell in [cell for cell, value in other.items() if not value]:
                    del other[cell]
        pivots[column] = row
    return sorted((column for column, row in pivots.items() if len(row) == 1), key=order.__getitem__)


def _told(equations: Sequence[Equation]) -> set[Cell]:
    """The cells whose value the equations give whatever is hidden: an equation left with one cell (its other
    cells are absent, known zeros), then every equation whose other cells are all such cells."""
    told: set[Cell] = set()
    changed = True
    while changed:
        changed = False
        for equation in equations:
            rest = [cell for cell in equation.cells if cell not in told]
            if len(rest) == 1:
                told.add(rest[0])
                changed = True
    return told


@dataclass(frozen=True)
class Protection:
    primary: frozenset[Cell]  # 0 < value < n: shown as "<n"
    secondary: frozenset[Cell]  # hidden so that no hidden cell can be recomputed: "<n" for a 0, else "afg."
    exposed: tuple[Cell, ...]  # hidden cells still pinned down (no eligible complement was left); normally ()

    @property
    def hidden(self) -> frozenset[Cell]:
        return self.primary | self.secondary


def exposed_cells(values: Mapping[Cell, int], equations: Sequence[Equation], n: int, *, primary: Iterable[Cell],
                  secondary: Iterable[Cell]) -> list[Cell]:
    """The hidden cells a reader can pin down (one equation with the ranges, or all equations together)."""
    order = {cell: index for index, cell in enumerate(values)}
    state = _State(values, n, set(primary), set(primary) | set(secondary), order)
    found = {cell for equation in equations for cell in state.pinned(equation)}
    found.update(_determined(equations, state.hidden, order))
    return sorted(found, key=order.__getitem__)


def protect(values: Mapping[Cell, int], equations: Sequence[Equation], n: int, *,
            hidden: Iterable[Cell] = (), eligible: Callable[[Cell], bool] | None = None) -> Protection:
    """The cells to hide so that, with `equations` (which must hold for `values`; see `holding`), no hidden
    cell can be pinned down. `hidden`: cells that are hidden already (e.g. by an earlier, fixed publication);
    `eligible(cell)`: whether a cell may be chosen as a complement (default: every cell)."""
    order = {cell: index for index, cell in enumerate(values)}
    primary = {cell for cell, value in values.items() if 0 < value < n}
    state = _State(values, n, primary, primary | set(hidden), order)
    by_cell: dict[Cell, list[Equation]] = {}
    for equation in equations:
        for cell in equation.cells:
            by_cell.setdefault(cell, []).append(equation)
    told = _told(equations)

    def candidates(cells: Iterable[Cell]) -> list[Cell]:
        """Smallest first (zeros first)."""
        found = {cell for cell in cells if cell not in state.hidden and cell not in told
                 and (eligible is None or eligible(cell))}
        return sorted(found, key=lambda cell: (values[cell], order[cell]))

    def nearest_candidate(cell: Cell, added: set[Cell]) -> Cell | None:
        """The smallest candidate in the equations of `cell`, else in those of the hidden cells they share it
        with, and so on outwards: the sums that pin `cell` down run through hidden cells only, so hiding a
        cell of one of them breaks the chain. None when a complement was just added nearby (the next round
        sees its effect) or there is nothing left to hide."""
        seen, frontier = {cell}, {cell}
        while frontier:
            near = {other for hidden in frontier for equation in by_cell.get(hidden, ()) for other in equation.cells}
            if near & added:
                return None
            options = candidates(near)
            if options:
                return options[0]
            frontier = {other for other in near if other in state.hidden and other not in seen}
            seen |= frontier
        return None

    def dead_end(cell: Cell) -> bool:
        """Hiding `cell` pins a cell of another equation that has nothing left to hide."""
        hidden = state.hidden | {cell}
        return any(state.pinned(other, hidden) and not [c for c in other.cells if c not in hidden and c not in told
                                                         and (eligible is None or eligible(c))]
                   for other in by_cell.get(cell, ()))

    def complement(equation: Equation) -> Cell | None:
        """The smallest candidate that leaves nothing in `equation` pinned and leads to no dead end elsewhere,
        else the smallest that leaves nothing pinned here, else the smallest one."""
        options = candidates(equation.cells)
        unpinning = [cell for cell in options if not state.pinned(equation, state.hidden | {cell})]
        for cell in unpinning:
            if not dead_end(cell):
                return cell
        return (unpinning or options or [None])[0]

    # Equations to look at again, lowest index first: at the start all, later those of a newly hidden cell.
    index_of: dict[Cell, list[int]] = {}
    for number, equation in enumerate(equations):
        for cell in equation.cells:
            index_of.setdefault(cell, []).append(number)
    dirty = list(range(len(equations)))
    queued = set(dirty)

    def hide(cell: Cell) -> None:
        state.hidden.add(cell)
        for number in index_of.get(cell, ()):
            if number not in queued:
                queued.add(number)
                heapq.heappush(dirty, number)

    stuck: set[int] = set()
    rounds = 0
    while True:
        while dirty:
            number = heapq.heappop(dirty)
            queued.discard(number)
            equation = equations[number]
            while number not in stuck and state.pinned(equation):
                cell = complement(equation)
                if cell is None:
                    stuck.add(number)
                    break
                hide(cell)
        added: set[Cell] = set()
        for cell in _determined(equations, state.hidden, order):
            option = nearest_candidate(cell, added)
            if option is not None:
                hide(option)
                added.add(option)
        if added:
            continue
        # Last resort, rarely needed: every candidate of the sums of a cell still pinned down, then again.
        exposed = exposed_cells(values, equations, n, primary=primary, secondary=state.hidden - primary)
        last = candidates(other for cell in exposed for equation in by_cell.get(cell, ()) for other in equation.cells)
        if not last or rounds == LAST_RESORT_ROUNDS:
            break
        rounds += 1
        for cell in last:
            hide(cell)
    secondary = frozenset(state.hidden - primary)
    exposed = exposed_cells(values, equations, n, primary=primary, secondary=secondary)
    return Protection(frozenset(primary), secondary, tuple(exposed))


__all__ = ["Cell", "Equation", "Protection", "exposed_cells", "holding", "protect", "sum_equation"]
