"""Placing the trajectories of one unit in municipalities so that `by_district` and `by_municipality` hold.

A unit's trajectories of the year fall in four classes:

- A: in regie on 1 January and ended in the year   (start, minus)
- B: in regie on 1 January and still at year end   (start, end)
- C: came in during the year and ended in it       (plus, minus)
- D: came in during the year and still at year end (plus, end)

so a place's figures are the margins of a 2×2 table: start = A+B, plus = C+D, minus = A+C, end = B+D and
caseload = start + plus. Placing runs in two steps:

1. margins: each place with figures in the target gets (start, plus, minus), nearest to its fair share
   first (a small search; a district with listed municipalities only takes margins its municipalities can
   realise); the places without figures share the rest, which must not be negative;
2. classes: with its margins fixed, a place's class-A count can be anything in
   [max(0, minus - plus), min(start, minus)] (the rest follows), so the unit's class-A total only has to
   fit the sum of those intervals.

The places without figures then get their trajectories one by one, drawn by where people live.
"""

import random

from ..profiles import DEFAULT_MUNICIPALITY_WEIGHT, MUNICIPALITY_WEIGHTS
from ..region import Region
from .target import CalibrationError

CLASSES = ("A", "B", "C", "D")
FIGURES = ("start", "end", "plus", "minus", "caseload")
RADII = (2, 6, 16, None)
PLACE_ATTEMPTS = 25
SEARCH_LIMIT = 40_000

Margins = tuple[int, int, int]  # start, plus, minus
Constraints = dict[str, tuple[int, int | None]]  # figure → (lowest, highest or None)


def inhabitants(code: str) -> float:
    return MUNICIPALITY_WEIGHTS.get(code, DEFAULT_MUNICIPALITY_WEIGHT)


def complete_figures(figures: dict[str, int]) -> dict[str, int]:
    """A place's figures with the ones that follow from them: caseload = start + plus = end + minus."""
    known = dict(figures)
    for _ in range(3):
        if "caseload" not in known and "start" in known and "plus" in known:
            known["caseload"] = known["start"] + known["plus"]
        if "caseload" not in known and "end" in known and "minus" in known:
            known["caseload"] = known["end"] + known["minus"]
        for one, other in (("start", "plus"), ("plus", "start"), ("end", "minus"), ("minus", "end")):
            if "caseload" in known and one in known and other not in known:
                known[other] = known["caseload"] - known[one]
    return known


def figure_intervals(known: dict[str, tuple[int, int | None]]) -> dict[str, tuple[int, int | None]]:
    """A place's figures as intervals, narrowed by caseload = start + plus = end + minus."""
    box = {name: known.get(name, (0, None)) for name in FIGURES}

    def add(a, b):
        return a[0] + b[0], None if a[1] is None or b[1] is None else a[1] + b[1]

    def sub(a, b):  # a - b, not below 0
        low = 0 if b[1] is None else max(0, a[0] - b[1])
        return low, None if a[1] is None else a[1] - b[0]

    def meet(a, b):
        high = a[1] if b[1] is None else b[1] if a[1] is None else min(a[1], b[1])
        return max(a[0], b[0]), high

    for _ in range(4):
        box["caseload"] = meet(meet(box["caseload"], add(box["start"], box["plus"])), add(box["end"], box["minus"]))
        for one, other in (("start", "plus"), ("plus", "start"), ("end", "minus"), ("minus", "end")):
            box[one] = meet(box[one], sub(box["caseload"], box[other]))
    return box


def _figures(margins: Margins) -> dict[str, int]:
    start, plus, minus = margins
    return {"start": start, "plus": plus, "minus": minus, "end": start + plus - minus, "caseload": start + plus}


def _fits(margins: Margins, constraints: Constraints) -> bool:
    figures = _figures(margins)
    if figures["end"] < 0:
        return False
    for name, (low, high) in constraints.items():
        if figures[name] < low or (high is not None and figures[name] > high):
            return False
    return True


def _range(name: str, constraints: Constraints, total: int, centre: int, radius: int | None) -> range:
    low, high = 0, total
    if name in constraints:
        low = max(low, constraints[name][0])
        if constraints[name][1] is not None:
            high = min(high, constraints[name][1])
    if radius is not None:
        low, high = max(low, centre - radius), min(high, centre + radius)
    return range(low, high + 1)


def _candidates(totals: Margins, constraints: Constraints, centre: Margins, radius: int | None,
                shuffle: random.Random | None = None) -> list[Margins]:
    """Margins within `radius` of `centre` that meet the constraints, nearest first."""
    found = []
    caseload = constraints.get("caseload")
    end = constraints.get("end")
    for start in _range("start", constraints, totals[0], centre[0], radius):
        if caseload and caseload[0] == caseload[1]:
            pluses = [caseload[0] - start] if 0 <= caseload[0] - start <= totals[1] else []
        else:
            pluses = _range("plus", constraints, totals[1], centre[1], radius)
        for plus in pluses:
            if end and end[0] == end[1]:
                minuses = [start + plus - end[0]] if 0 <= start + plus - end[0] <= totals[2] else []
            else:
                minuses = _range("minus", constraints, totals[2], centre[2], radius)
            for minus in minuses:
                if _fits((start, plus, minus), constraints):
                    found.append((start, plus, minus))
    if shuffle is not None:  # a retry: roughly near the centre, in another order
        keys = {m: sum(abs(v - w) for v, w in zip(m, centre, strict=True)) + shuffle.uniform(0, 4) for m in found}
        found.sort(key=lambda m: (keys[m], m))
    else:
        found.sort(key=lambda m: (sum(abs(v - w) for v, w in zip(m, centre, strict=True)), m))
    return found


def _centre(totals: Margins, constraints: Constraints, share: float) -> Margins:
    """A fair share of the margins: a figure the place has, or else its share."""
    result = []
    for index, name in enumerate(("start", "plus", "minus")):
        if name in constraints and constraints[name][1] is not None:
            result.append((constraints[name][0] + constraints[name][1]) // 2)
        else:
            result.append(round(totals[index] * share))
    return tuple(result)


def solve_margins(totals: Margins, groups: list[tuple[str, Constraints, float]], rest_allowed: bool,
                  accept=None, shuffle: random.Random | None = None) -> dict[str, Margins] | None:
    """Margins for the places with figures, adding up to `totals` exactly (no other place) or leaving a rest
    whose figures are not negative. `accept(name, margins)` can refuse margins."""
    if not groups:
        return {} if _rest_ok(totals, rest_allowed) else None
    ordered = sorted(groups, key=lambda group: (-len(group[1]), group[0]))
    for radius in RADII:
        options = [_candidates(totals, constraints, _centre(totals, constraints, share), radius, shuffle)
                   for _, constraints, share in ordered]
        if any(not option for option in options):
            if radius is None:
                return None
            continue
        low = [tuple(min(m[i] for m in option) for i in range(3)) for option in options]
        high = [tuple(max(m[i] for m in option) for i in range(3)) for option in options]
        suffix_low = [(0, 0, 0)] * (len(options) + 1)
        suffix_high = [(0, 0, 0)] * (len(options) + 1)
        for index in range(len(options) - 1, -1, -1):
            suffix_low[index] = tuple(x + y for x, y in zip(low[index], suffix_low[index + 1], strict=True))
            suffix_high[index] = tuple(x + y for x, y in zip(high[index], suffix_high[index + 1], strict=True))
        nodes = 0
        chosen: list[Margins] = []

        def search(index: int, left: Margins) -> bool:
            nonlocal nodes
            if any(value < bound for value, bound in zip(left, suffix_low[index], strict=True)):
                return False
            if not rest_allowed and any(value > bound for value, bound in zip(left, suffix_high[index], strict=True)):
                return False
            if index == len(options):
                return _rest_ok(left, rest_allowed)
            for margins in options[index]:
                nodes += 1
                if nodes > SEARCH_LIMIT:
                    return False
                if any(v > w for v, w in zip(margins, left, strict=True)):
                    continue
                if accept is not None and not accept(ordered[index][0], margins):
                    continue
                chosen.append(margins)
                if search(index + 1, tuple(w - v for v, w in zip(margins, left, strict=True))):
                    return True
                chosen.pop()
            return False

        if search(0, totals):
            return {name: margins for (name, _, _), margins in zip(ordered, chosen, strict=True)}
    return None


def _rest_ok(rest: Margins, rest_allowed: bool) -> bool:
    if not rest_allowed:
        return not any(rest)
    return min(rest) >= 0 and rest[0] + rest[1] - rest[2] >= 0


def a_interval(margins: Margins) -> tuple[int, int]:
    """The class-A counts that margins allow."""
    start, plus, minus = margins
    return max(0, minus - plus), min(start, minus)


def classes(margins: Margins, a: int) -> tuple[int, int, int, int]:
    start, plus, minus = margins
    return a, start - a, minus - a, plus - minus + a


class Placer:
    """Places a unit's trajectories in municipalities, meeting its location figures."""

    def __init__(self, region: Region, rng: random.Random):
        self._rng = rng
        self._municipalities = [m.code for m in region.municipalities]
        self._district_of = {m.code: m.district for m in region.municipalities}
        self._districts = sorted(set(self._district_of.values()))
        self._in_district = {d: [m for m in self._municipalities if self._district_of[m] == d] for d in self._districts}

    def district(self, municipality: str) -> str:
        return self._district_of[municipality]

    def constraints(self, location: dict[tuple, int]) -> tuple[dict[str, Constraints], dict[str, Constraints]]:
        """(district → constraints, municipality → constraints) from a unit's flattened location map."""
        by_municipality: dict[str, Constraints] = {}
        by_district: dict[str, Constraints] = {}
        raw: dict[tuple[str, str], dict[str, int]] = {}
        for (level, group, name), value in location.items():
            raw.setdefault((level, group), {})[name] = value
        for (level, group), figures in raw.items():
            target = by_district if level == "district" else by_municipality
            target[group] = {name: (value, value) for name, value in complete_figures(figures).items()}
        for district in self._districts:
            listed = [by_municipality[m] for m in self._in_district[district] if m in by_municipality]
            if not listed:
                continue
            mine = by_district.setdefault(district, {})
            for name in FIGURES:
                values = [constraints[name][0] for constraints in listed if name in constraints]
                if not values:
                    continue
                everyone = len(values) == len(self._in_district[district])
                low, high = mine.get(name, (0, None))
                low = max(low, sum(values))
                if everyone:
                    high = sum(values) if high is None else min(high, sum(values))
                mine[name] = (low, high)
        return by_district, by_municipality

    def place(self, flow: dict[str, int], location: dict[tuple, int], districts: tuple[str, ...] | None,
              x_low: int, x_high: int, preferred: int) -> tuple[int, dict[str, list[str]]] | None:
        """(class-A count, class → municipality per trajectory in random order); None when impossible.

        When the margins found leave no room for the class-A count, other margins are tried (in a varied
        order) a number of times."""
        for attempt in range(PLACE_ATTEMPTS if location else 1):
            shuffle = random.Random(f"place:{attempt}") if attempt else None
            found = self._place(flow, location, districts, x_low, x_high, preferred, shuffle)
            if found is not None:
                return found
            if found is None and self._margins_failed:
                return None
        return None

    def _place(self, flow, location, districts, x_low, x_high, preferred, shuffle):
        totals = (flow["start"], flow["inflow"] + flow["transfer_in"], flow["outflow"] + flow["transfer_out"])
        by_district, by_municipality = self.constraints(location)
        weights = self._district_weights(districts)
        total_weight = sum(weights.values()) or 1
        free = [d for d in self._districts if d not in by_district]
        inner_results: dict[tuple, dict | None] = {}

        def inner(district: str, margins: Margins) -> dict | None:
            if (district, margins) not in inner_results:
                listed = [(m, by_municipality[m]) for m in self._in_district[district] if m in by_municipality]
                others = [m for m in self._in_district[district] if m not in by_municipality]
                total = sum(inhabitants(m) for m in self._in_district[district]) or 1
                inner_results[(district, margins)] = solve_margins(
                    margins, [(m, constraints, inhabitants(m) / total) for m, constraints in listed],
                    rest_allowed=bool(others), shuffle=shuffle,
                )
            return inner_results[(district, margins)]

        groups = [(d, constraints, weights[d] / total_weight) for d, constraints in by_district.items()]
        per_district = solve_margins(totals, groups, rest_allowed=bool(free),
                                     accept=lambda d, margins: inner(d, margins) is not None, shuffle=shuffle)
        self._margins_failed = per_district is None
        if per_district is None:
            return None
        # The places: listed municipalities, each district's unlisted rest, the rest of the region.
        places: list[tuple[Margins, list[str], list[float]]] = []
        rest = list(totals)
        for district, margins in per_district.items():
            listed = inner(district, margins)
            inside = list(margins)
            for municipality, own in listed.items():
                places.append((own, [municipality], [1.0]))
                inside = [a - b for a, b in zip(inside, own, strict=True)]
            others = [m for m in self._in_district[district] if m not in by_municipality]
            if any(inside):
                places.append((tuple(inside), others, [inhabitants(m) for m in others]))
            rest = [a - b for a, b in zip(rest, margins, strict=True)]
        if any(rest):
            pool = [d for d in free if weights[d] > 0] or free
            municipalities = [m for d in pool for m in self._in_district[d]]
            places.append((tuple(rest), municipalities,
                           [inhabitants(m) * (weights[self._district_of[m]] or 1) for m in municipalities]))
        # Class A: within every place's interval, adding up to a total in [x_low, x_high] near `preferred`.
        intervals = [a_interval(margins) for margins, _, _ in places]
        low = max(x_low, sum(lo for lo, _ in intervals))
        high = min(x_high, sum(hi for _, hi in intervals))
        if low > high:
            return None
        x = min(max(preferred, low), high)
        counts = [lo for lo, _ in intervals]
        extra = x - sum(counts)
        order = list(range(len(places)))
        self._rng.shuffle(order)
        while extra > 0:
            for index in order:
                if extra and counts[index] < intervals[index][1]:
                    counts[index] += 1
                    extra -= 1
        placed: dict[str, list[str]] = {cls: [] for cls in CLASSES}
        for (margins, municipalities, weights_), a in zip(places, counts, strict=True):
            for cls, number in zip(CLASSES, classes(margins, a), strict=True):
                if len(municipalities) == 1:
                    placed[cls] += municipalities * number
                elif number:
                    placed[cls] += self._rng.choices(municipalities, weights_, k=number)
        for cls in CLASSES:
            self._rng.shuffle(placed[cls])
        return x, placed

    def _district_weights(self, districts: tuple[str, ...] | None) -> dict[str, float]:
        fitting = [d for d in self._districts if districts is None or d in districts] or list(self._districts)
        return {d: (sum(inhabitants(m) for m in self._in_district[d]) if d in fitting else 0.0) for d in self._districts}

    def anywhere(self, districts: tuple[str, ...] | None) -> str:
        """A municipality in the districts (or the region), drawn by where people live."""
        weights = self._district_weights(districts)
        municipalities = [m for m in self._municipalities if weights[self._district_of[m]] > 0] or self._municipalities
        return self._rng.choices(municipalities, [inhabitants(m) for m in municipalities])[0]


def place_unit(placer: Placer, label: str, flow: dict[str, int], location: dict[tuple, int],
               districts: tuple[str, ...] | None, x_low: int, x_high: int, x_preferred: int
               ) -> tuple[int, dict[str, list[str]]]:
    """The number of class-A trajectories and where every trajectory is, meeting the location figures."""
    if x_low > x_high:
        raise CalibrationError(f"{label}: no split of the trajectories that ended in the year fits its figures")
    found = placer.place(flow, location, districts, x_low, x_high, x_preferred)
    if found is None:
        levels = sorted({"by_district" if level == "district" else "by_municipality" for level, _, _ in location})
        raise CalibrationError(f"{label}.{'/'.join(levels) or 'by_district'}: the figures per place cannot be met "
                               "together with the flow figures")
    return found
