"""The annual report (shared/spec/annual-report.md, version 2): `annual_report(year=Y)`, and with the
year-over-year comparison of the renderings `annual_report_with_comparison(year=Y)` (same queries);
`flow_comparison(year=Y)` alone.

How it is computed: a fixed set of queries (see `selectors`: 13 SELECTs whatever the amount of data, plus
BEGIN, SET TRANSACTION and COMMIT on PostgreSQL when called outside a transaction; with the comparison the
trajectories, signals and escalations queries span two years) reads compact tuples and counts grouped in the
database; `tally` adds up the figures of each approach's *own* cases; `document` rolls them up and writes the spec's JSON shape. The
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
- `signals` (version 2) count every signal dated in Y, open ones (no outcome yet) included; `to_registration`
  counts the outcome `aanmelding`, whether or not the registration became a case. All four figures are additive,
  so a parent's are exactly the sum of its children's and its own. `totals` stay flow figures only (the spec).
- `escalations` (version 2) count escalations raised in Y on the approach's cases, whatever the case's status
  or start date. `resolved` are those resolved on or before L, and `by_outcome` counts the outcomes of exactly
  those, so `by_outcome` sums to `resolved`: one raised on 31 December and resolved on 1 January counts in
  `count` but not in `resolved` or `by_outcome`, and the report of Y does not change when it is resolved later.
- The comparison (year-over-year, for the renderings) gives per approach last year's flow and last year's
  `signals.count` and `escalations.count`, next to this year's.
"""

from ..readonly import read_only_snapshot as _snapshot
from . import selectors
from .definitions import Period
from .document import ApproachTree, approach_block, flow_block, totals
from .tally import (
    Tallies,
    tally_declined,
    tally_discussions,
    tally_escalations,
    tally_flows,
    tally_interventions,
    tally_progress,
    tally_signals,
    tally_trajectories,
)

__all__ = ["annual_report", "annual_report_with_comparison", "flow_comparison", "REPORT", "VERSION"]

REPORT = "annual"
VERSION = 2


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
    """Approach code → {"current": flow of `year`, "previous": flow of `year - 1`, "signals": {"current": n,
    "previous": n}, "escalations": {"current": n, "previous": n}} (roll-ups as in the report): the flow figures
    of both years and the `count` of the `signals` and `escalations` figures of both years.

    For a caller that needs only the year-over-year columns; five queries, whatever the amount of data. With
    the report, use `annual_report_with_comparison` (no query more than the report alone).
    """
    current, previous = Period.of(year), Period.of(year - 1)
    with _snapshot():
        approaches = selectors.approaches()
        reasons = selectors.closing_reasons()
        trajectories = selectors.trajectories(previous.first, current.last)
        signals = selectors.signal_groups(current, previous.first)
        escalations = selectors.escalation_groups(current, previous.first)
    tree = ApproachTree(approaches)
    current_tallies, previous_tallies = tally_flows([current, previous], trajectories, reasons)
    tally_signals(current_tallies, signals, previous_tallies)
    tally_escalations(current_tallies, escalations, previous_tallies)
    return _comparison(tree, current_tallies, previous_tallies)


def _comparison(tree: ApproachTree, current: Tallies, previous: Tallies) -> dict[str, dict[str, dict[str, int]]]:
    rolled = {"current": tree.rolled_up(current), "previous": tree.rolled_up(previous)}
    years = ("current", "previous")
    return {
        approach.code: {
            **{name: flow_block(rolled[name][approach.id].flow) for name in years},
            "signals": {name: rolled[name][approach.id].signals["count"] for name in years},
            "escalations": {name: rolled[name][approach.id].escalations["count"] for name in years},
        }
        for approach in tree.approaches
    }


def _compute(year: int, *, compare: bool) -> tuple[dict, dict | None]:
    """The report of `year` and, when `compare`, the comparison with `year - 1`: 13 queries either way."""
    period = Period.of(year)
    previous = Period.of(year - 1) if compare else None
    since = (previous or period).first
    with _snapshot():
        approaches = selectors.approaches()
        municipalities = selectors.municipalities()
        organisations = selectors.organisations()
        reasons = selectors.closing_reasons()
        domains = selectors.domains()
        trajectories = selectors.trajectories(since, period.last)
        declined = selectors.declined(period)
        discussions = selectors.discussion_groups(period)
        measurements = selectors.end_measurements(period.first, period.last)
        interventions = selectors.interventions(period)
        members = selectors.memberships(period.first, period.last)
        signals = selectors.signal_groups(period, since)
        escalations = selectors.escalation_groups(period, since)

    tallies, previous_tallies = Tallies(), Tallies()
    tally_trajectories(tallies, period, trajectories, reasons=reasons, municipalities=municipalities,
                       organisations=organisations, previous=(previous, previous_tallies) if compare else None)
    tally_declined(tallies, declined)
    tally_discussions(tallies, discussions)
    tally_progress(tallies, period, trajectories, measurements, domains)
    tally_interventions(tallies, interventions)
    tally_signals(tallies, signals, previous_tallies if compare else None)
    tally_escalations(tallies, escalations, previous_tallies if compare else None)

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
