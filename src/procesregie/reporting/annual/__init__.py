"""The annual report (shared/spec/annual-report.md, version 1): `annual_report(year=Y)`, and with the
year-over-year comparison of the renderings `annual_report_with_comparison(year=Y)` (same queries);
`flow_comparison(year=Y)` alone.

How it is computed: a fixed set of queries (see `selectors`: 11 SELECTs whatever the amount of data, plus
BEGIN, SET TRANSACTION and COMMIT on PostgreSQL when called outside a transaction; with the comparison the
trajectories query spans two years) reads compact tuples and counts grouped in the database; `tally` adds up the
figures of each approach's *own* cases; `document` rolls them up and writes the spec's JSON shape. The
definitions of the spec are in `definitions`, nothing else decides whether a trajectory counts. Pure read:
on PostgreSQL all queries run in one REPEATABLE READ, READ ONLY transaction (one snapshot); on SQLite they run
in autocommit, because the installation opens SQLite transactions IMMEDIATE (a write lock) and a report must
not block an import. The flow figures all come from one query, so `end = caseload - outflow - transfer_out`
holds in every block either way.

Choices where the spec leaves room (each is tested in tests/reporting):

- Roll-up: a parent's block is computed over its own cases and those of all descendants (children,
  grandchildren: topx → topx-stad → topx-jeugd). For every additive figure that *is* the sum of the
  children's figures plus its own. For the distinct counts it is not: `persons_involved` and
  `discussions.unique_subjects` of a parent count each person/subject once over the union, where summing
  the children would count a subject in two children twice. We prefer distinct.
- An internal transfer between two children of one parent shows in the parent as both a transfer_out and a
  transfer_in (the sum of the children's figures, as the spec says), not as nothing.
- `durations` of a parent: the trajectories of the whole subtree bucketed by the *parent's* duration_scheme
  (the spec buckets "by the approach's scheme"); summing children with different schemes would mix keys.
- `totals`: exactly the keys of the spec (`start, inflow, outflow, end, caseload`, plus `persons_involved` for
  system), so no transfer_in/transfer_out. Hence `end = caseload - outflow` does not hold in totals when
  internal transfers happened (caseload includes transfer_in). Both units always appear, zero when the
  installation has no leaf approach of that unit. `persons_involved` in totals is distinct over the systems
  of all leaf system approaches. A consequence of "leaf approaches only": cases registered directly on a
  parent approach (one that has children) are counted in that parent's block but in no total.
- Every trajectory of the year (in regie on some day of Y) has a non-zero start or plus, so a municipality
  (or district) with all four figures zero never appears; districts follow the same rule.
- `domain_progress`: the measurements may be of any date (the nulmeting is usually years before Y); a
  domain without any case with a delta is left out; deltas are keyed `+4` … `-4`, zero counts left out.
- `discussions` and `interventions` count rows dated in Y of the approach's cases, whether or not the case
  was in regie in Y; interventions of every status count (the spec counts rows).
- `declined` needs a triage date in Y: declined registrations without one (historic data) count nowhere.
- `inflow_by_reporter*` count `inflow` only, not transfer_in (a continuation was not reported anew).
"""

import contextlib

from django.db import connection, transaction

from . import selectors
from .definitions import Period
from .document import ApproachTree, approach_block, flow_block, totals
from .tally import (
    Tallies,
    tally_declined,
    tally_discussions,
    tally_flows,
    tally_interventions,
    tally_progress,
    tally_trajectories,
)

__all__ = ["annual_report", "annual_report_with_comparison", "flow_comparison", "REPORT", "VERSION"]

REPORT = "annual"
VERSION = 1


@contextlib.contextmanager
def _snapshot():
    """One consistent, read-only snapshot on PostgreSQL when we are not already inside a transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def annual_report(*, year: int) -> dict:
    """The annual report of `year` as the JSON document of the spec (a dict of plain ints, strings and dicts)."""
    return _compute(year, compare=False)[0]


def annual_report_with_comparison(*, year: int) -> tuple[dict, dict[str, dict[str, dict[str, int]]]]:
    """`(annual_report(year=year), flow_comparison(year=year))` from the queries of the report alone.

    The trajectories query then spans `year - 1` and `year` (one query still), and one pass over it tallies the
    report's figures of `year` and the flow of both years.
    """
    report, comparison = _compute(year, compare=True)
    return report, comparison


def flow_comparison(*, year: int) -> dict[str, dict[str, dict[str, int]]]:
    """Approach code → {"current": flow of `year`, "previous": flow of `year - 1`} (roll-ups as in the report).

    For a caller that needs only the year-over-year columns; three queries, whatever the amount of data. With
    the report, use `annual_report_with_comparison` (no query more than the report alone).
    """
    current, previous = Period.of(year), Period.of(year - 1)
    with _snapshot():
        approaches = selectors.approaches()
        reasons = selectors.closing_reasons()
        trajectories = selectors.trajectories(previous.first, current.last)
    tree = ApproachTree(approaches)
    return _comparison(tree, *tally_flows([current, previous], trajectories, reasons))


def _comparison(tree: ApproachTree, current: Tallies, previous: Tallies) -> dict[str, dict[str, dict[str, int]]]:
    rolled = {"current": tree.rolled_up(current), "previous": tree.rolled_up(previous)}
    return {
        approach.code: {name: flow_block(rolled[name][approach.id].flow) for name in ("current", "previous")}
        for approach in tree.approaches
    }


def _compute(year: int, *, compare: bool) -> tuple[dict, dict | None]:
    """The report of `year` and, when `compare`, the flow comparison with `year - 1`: 11 queries either way."""
    period = Period.of(year)
    previous = Period.of(year - 1) if compare else None
    with _snapshot():
        approaches = selectors.approaches()
        municipalities = selectors.municipalities()
        organisations = selectors.organisations()
        reasons = selectors.closing_reasons()
        domains = selectors.domains()
        trajectories = selectors.trajectories((previous or period).first, period.last)
        declined = selectors.declined(period)
        discussions = selectors.discussion_groups(period)
        measurements = selectors.end_measurements(period)
        interventions = selectors.interventions(period)
        members = selectors.memberships(period.first, period.last)

    tallies, previous_tallies = Tallies(), Tallies()
    tally_trajectories(tallies, period, trajectories, reasons=reasons, municipalities=municipalities,
                       organisations=organisations, previous=(previous, previous_tallies) if compare else None)
    tally_declined(tallies, declined)
    tally_discussions(tallies, discussions)
    tally_progress(tallies, period, trajectories, measurements, domains)
    tally_interventions(tallies, interventions)

    tree = ApproachTree(approaches)
    rolled_up = tree.rolled_up(tallies)
    district_of = {code: district for code, district in municipalities.values()}
    domain_order = list(domains.values())
    report = {
        "report": REPORT,
        "version": VERSION,
        "year": year,
        "approaches": {
            approach.code: approach_block(approach, rolled_up[approach.id], district_of=district_of,
                                          domain_order=domain_order, members=members)
            for approach in approaches
        },
        "totals": totals(tree, tallies, members),
    }
    return report, _comparison(tree, tallies, previous_tallies) if compare else None
