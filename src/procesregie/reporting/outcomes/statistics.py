"""The uncertainty of the outcomes report: the Wilson score interval of a share and the seeded percentile
bootstrap of the change in police registrations. Informational figures: the exact counts are elsewhere."""

import math
from collections import Counter

Z95 = 1.96
RESAMPLES = 10_000
SEED = 20160101  # constant: every block starts from the same generator state, so the same data gives the same interval


def _percent(value: float) -> float:
    """A share as a percentage, rounded to 1 decimal, within [0, 100] and never -0.0."""
    return round(min(100.0, max(0.0, 100 * value)), 1) + 0.0


def wilson95(successes: int, n: int) -> list[float] | None:
    """The Wilson score interval (z = 1.96) of `successes / n` as [low, high] in %, 1 decimal; None for n = 0."""
    if n <= 0:
        return None
    p = successes / n
    z2 = Z95 * Z95
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return [_percent(centre - half), _percent(centre + half)]


def bootstrap_change_pct(pairs: Counter, *, resamples: int = RESAMPLES, seed: int = SEED) -> list[float] | None:
    """The 95 % percentile bootstrap interval of `100 × (Σafter / Σbefore − 1)` over persons.

    `pairs`: (before, after) of a person → the number of persons with exactly those counts. Drawing n persons
    with replacement is the same as a multinomial draw of n over the distinct pairs with their shares, which
    is what this does (far less work than n draws when many persons share a pair). Resamples with Σbefore = 0
    are dropped. The generator is `numpy.random.Generator(PCG64(seed))`, fresh per call, over the pairs in
    sorted order: the same pairs give the same interval. None when there is nobody or nothing before.
    """
    n = sum(pairs.values())
    if n == 0 or not any(before * count for (before, _), count in pairs.items()):
        return None
    # Imported here: a quarter of a second that only computing an interval needs (not `report annual`, not the
    # web process's start, which import this package through the command and the views).
    import numpy

    keys = sorted(pairs)
    counts = numpy.array([pairs[key] for key in keys], dtype=numpy.float64)
    before = numpy.array([key[0] for key in keys], dtype=numpy.int64)
    after = numpy.array([key[1] for key in keys], dtype=numpy.int64)
    generator = numpy.random.Generator(numpy.random.PCG64(seed))
    draws = generator.multinomial(n, counts / n, size=resamples)
    sum_before = draws @ before
    sum_after = draws @ after
    kept = sum_before > 0
    if not kept.any():
        return None
    change = 100 * (sum_after[kept] / sum_before[kept] - 1)
    low, high = numpy.percentile(change, [2.5, 97.5])
    return [round(float(low), 1) + 0.0, round(float(high), 1) + 0.0]
