"""The intervals of the outcomes report: Wilson against published values, the bootstrap seeded and sensible."""

from collections import Counter

import pytest

from procesregie.reporting.outcomes.statistics import RESAMPLES, bootstrap_change_pct, wilson95


@pytest.mark.parametrize(("successes", "n", "interval"), [
    # Wilson score intervals, z = 1.96 (e.g. Newcombe 1998, table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605 (0.16049);
    # 0/20 → 0–0.1611; 1/29 → 0.0061–0.1718)
    (81, 263, [25.5, 36.6]),
    (15, 148, [6.2, 16.0]),  # 0.16049: Newcombe's 0.1605 rounded once more
    (0, 20, [0.0, 16.1]),
    (1, 29, [0.6, 17.2]),
    (21, 34, [45.0, 76.1]),
    (10, 10, [72.2, 100.0]),
    (2, 3, [20.8, 93.9]),
])
def test_wilson_against_known_values(successes, n, interval):
    assert wilson95(successes, n) == interval


def test_wilson_stays_within_0_and_100_and_has_no_negative_zero():
    low, high = wilson95(0, 1)
    assert (low, high) == (0.0, 79.3) and str(low) == "0.0"
    assert wilson95(1, 1)[1] == 100.0
    assert wilson95(0, 0) is None


def person_pairs() -> Counter:
    """40 persons: fewer registrations after than before on the whole (Σbefore 60, Σafter 30, -50 %)."""
    return Counter({(0, 0): 10, (1, 0): 10, (2, 1): 10, (3, 2): 10})


def test_the_bootstrap_is_reproducible_and_contains_the_point_estimate():
    pairs = person_pairs()
    interval = bootstrap_change_pct(pairs)
    assert interval == bootstrap_change_pct(Counter(dict(reversed(list(pairs.items())))))  # same data, any order
    low, high = interval
    assert all(isinstance(value, float) for value in interval)
    assert low < -50.0 < high
    assert -80 < low and high < -20  # a plausible width for 40 persons
    assert interval == [round(low, 1), round(high, 1)]
    # another seed gives (slightly) another interval: the seed is what makes it reproducible
    assert bootstrap_change_pct(pairs, seed=1) != interval


def test_more_persons_give_a_narrower_interval():
    small = bootstrap_change_pct(person_pairs())
    large = bootstrap_change_pct(Counter({pair: 10 * count for pair, count in person_pairs().items()}))
    assert large[1] - large[0] < small[1] - small[0]
    assert large[0] < -50.0 < large[1]


def test_no_interval_without_persons_or_without_registrations_before():
    assert bootstrap_change_pct(Counter()) is None
    assert bootstrap_change_pct(Counter({(0, 3): 5, (0, 0): 2})) is None


def test_resamples_without_registrations_before_are_dropped():
    # one of two persons has a registration before: a quarter of the resamples draws the other twice (Σbefore 0)
    interval = bootstrap_change_pct(Counter({(2, 1): 1, (0, 1): 1}), resamples=RESAMPLES)
    # kept resamples have 1 or 2 copies of (2, 1): change 100 × (Σafter/Σbefore − 1) is -50 % or 0 %
    assert interval == [-50.0, 0.0]
