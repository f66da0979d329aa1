"""The 95 % interval of the change, published with `--suppress-below N`, read by an attacker (security review of
issue 15).

The interval is a percentile bootstrap over persons. When only a few persons have any police registration, its
ends are not a blur of many resamples but the change of one person each: the resamples made of copies of a single
person are more than 2.5 % of all. Beside the published totals that gives those persons' own registrations, and
with one person (a group shown as "<N") the interval is a single point. So the interval is shown only when the
counts of persons it is computed from (n, and the persons with a registration before and after) are shown too.
"""

import csv
import io
from collections import Counter

from procesregie.reporting.outcome_formats import OUTCOME_FORMATS
from procesregie.reporting.outcomes.statistics import bootstrap_change_pct
from procesregie.reporting.rendering.outcomes import publish_outcomes, render_outcomes_html

from .rendering_sample import group, one_approach, sample_outcome_labels


def _document(pairs: Counter) -> dict:
    """One approach whose persons have these (before, after) counts; the interval as the report computes it."""
    before = sum(b * count for (b, _a), count in pairs.items())
    after = sum(a * count for (_b, a), count in pairs.items())
    cohort = group(sum(pairs.values()), before, after, by_kind={"misdrijf": {"before": before, "after": after}},
                   any_before=sum(count for (b, _a), count in pairs.items() if b),
                   any_after=sum(count for (_b, a), count in pairs.items() if a), ci=bootstrap_change_pct(pairs))
    cohort["comparison"] = group(0, 0, 0, by_kind={}, ci=None)
    return one_approach({"recidivism": cohort, "domain_progress": {}, "follow_through": {}})


def _published(document: dict, n: int) -> dict[tuple[str, str, str], str]:
    rows = csv.DictReader(io.StringIO(OUTCOME_FORMATS["csv"](document, n, sample_outcome_labels()).decode()))
    return {(row["table"], row["key"], row["subkey"]): row["value"] for row in rows}


def test_two_persons_registrations_cannot_be_read_from_the_interval_and_the_totals():
    # 100 persons, two of whom had police registrations: 10 before and 2 after, 3 before and 9 after.
    pairs = Counter({(10, 2): 1, (3, 9): 1, (0, 0): 98})
    document = _document(pairs)
    assert document["approaches"]["topx-oost"]["recidivism"]["ci95_change_pct"] == [-80.0, 200.0]  # each one's own
    shown = _published(document, 5)
    assert shown[("recidivism", "n", "")] == "100"
    assert shown[("recidivism", "registrations_before", "")] == "13"
    assert shown[("recidivism", "registrations_after", "")] == "11"
    assert shown[("recidivism", "persons_any_before", "")] == "<5"

    low, high = shown[("recidivism", "ci95_change_pct", "low")], shown[("recidivism", "ci95_change_pct", "high")]
    recovered = None
    if low not in ("afg.", "") and high not in ("afg.", ""):
        # the attacker: a + b = 13 before, a(1 + low) + b(1 + high) = 11 after
        rate_a, rate_b = 1 + float(low) / 100, 1 + float(high) / 100
        a = round((11 - 13 * rate_b) / (rate_a - rate_b))
        recovered = {(a, round(a * rate_a)), (13 - a, round((13 - a) * rate_b))}
    assert recovered is None, f"the two persons' registrations (before, after): {recovered}"
    assert (low, high) == ("afg.", "afg.")


def test_a_group_of_one_is_not_given_away_by_a_single_point_interval():
    document = _document(Counter({(7, 11): 1}))
    assert document["approaches"]["topx-oost"]["recidivism"]["ci95_change_pct"] == [57.1, 57.1]
    published = publish_outcomes(document, 5, labels=sample_outcome_labels()).document
    cohort = published["approaches"]["topx-oost"]["recidivism"]
    assert cohort["n"] == "<5" and cohort["registrations_before"] == 7 and cohort["registrations_after"] == 11
    assert cohort["ci95_change_pct"] == "afg."  # [57.1, 57.1]: everybody alike, 7 and 11 prime: one person
    html = render_outcomes_html(document, labels=sample_outcome_labels(), suppress_below=5)
    assert "57,1\u00a0% tot" not in html and "loopt van" not in html  # no cell, no sentence
    assert 'data-key="cohort-ci"' not in html  # no error bar


def test_the_interval_of_a_group_whose_persons_are_all_shown_stays():
    pairs = Counter({(b, a): 1 for b, a in [(10, 2), (3, 9), (4, 5), (6, 1), (5, 5), (8, 4), (2, 6), (7, 7),
                                              (9, 3), (4, 4)]})
    shown = _published(_document(pairs), 5)
    assert shown[("recidivism", "ci95_change_pct", "low")] not in ("afg.", "")
