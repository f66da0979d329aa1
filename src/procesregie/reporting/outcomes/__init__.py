"""The outcomes report (shared/spec/outcomes.md, version 1): `outcomes_report(first=, last=, as_of=)`.

Did it work? Per approach (parents rolling up their subtree): recidivism around the first discussion with a
declined-at-triage comparison group and a bootstrap interval, life-domain progress with Wilson intervals, and
the follow-through of agreed interventions per organisation.

How it is computed, as the annual report: a fixed set of queries (`selectors`: 8 SELECTs whatever the amount of
data or the window, plus BEGIN, SET TRANSACTION and COMMIT on PostgreSQL when called outside a transaction: one
read-only snapshot, `reporting.readonly`) reads compact tuples; `tally` collects per approach what its own cases
and registrations contribute, merges them over each subtree and measures; `document` writes the spec's JSON
shape. Every rule that decides whether something counts is in `definitions`; the intervals in `statistics`.
Only police registrations that some figure can count are read (from a year before `first` to a year after the
last eligible reference day).

Choices where the spec leaves room (decision record 0022; each is tested in tests/reporting/outcomes):

- Dates inclusive; `first > last` is an `OutcomesWindowError`.
- Reference day `d` of a person for approach A: the earliest discussion over the cases of A's subtree whose
  subject is the person or a system the person is a member of (membership regardless of dates). A parent is
  measured over the union of its subtree's distinct persons (each once, with the earliest `d` over the
  subtree), not by summing its children.
- `excluded_deceased`: an eligible person with a case of A's subtree (theirs or their system's) that ended
  `overleden` on or before `d + 365`.
- Comparison group: declined registrations of A's subtree with a triage day in the window (person, or the
  members of the system); `d` = the earliest such triage day; persons with any case of A's subtree (any date,
  any status, theirs or their system's) are left out. The same figures as the main block, without a nested
  comparison; `excluded_deceased` is always 0 there (they have no cases).
- `ci95_change_pct`: see `statistics.bootstrap_change_pct` (seeded, 10,000 resamples); None when n = 0 or
  nothing before.
- `domain_progress`: trajectories of A's subtree ending in the window, the annual report's nulmeting/eindmeting
  rule (`annual.definitions.nul_and_eind_levels`); additive over the subtree.
- `follow_through`: additive over the subtree; `overdue` = agreed or running with a due date before `as_of`,
  whatever the case's status (the spec's rule; the work list's `overdue` leaves closed cases out).
- Persons erased by retention (tombstones, police registrations deleted) stay in the cohorts with what is left.
"""

import datetime

from ..annual.document import ApproachTree
from ..readonly import read_only_snapshot
from . import selectors
from .definitions import OutcomesWindowError, Window, annual_chapter_window, default_cohort_year
from .document import approach_block
from .tally import (
    Own,
    Owns,
    PoliceRecord,
    tally_cases,
    tally_declined,
    tally_follow_through,
    tally_progress,
)

__all__ = ["outcomes_report", "default_cohort_year", "annual_chapter_window", "OutcomesWindowError", "REPORT",
           "VERSION"]

REPORT = "outcomes"
VERSION = 1


def outcomes_report(*, first: datetime.date, last: datetime.date, as_of: datetime.date) -> dict:
    """The outcomes report of the cohort window [`first`, `last`] measured on `as_of`, as the JSON document of the
    spec (plain ints, floats, None, strings, lists and dicts). Raises `OutcomesWindowError` for a bad window."""
    window = Window(first, last, as_of)
    with read_only_snapshot():
        approaches = selectors.approaches()
        domains = selectors.domains()
        cases = selectors.cases()
        declined = selectors.declined(first, last)
        members = selectors.memberships()
        police_rows = selectors.police_registrations(*window.police_span())
        measurements = selectors.end_measurements(first, last)
        follow_through = selectors.follow_through(first, last, as_of)

    owns = Owns()
    tally_cases(owns, cases, members)
    tally_declined(owns, window, declined, members)
    tally_progress(owns, window, cases, measurements)
    tally_follow_through(owns, follow_through)

    tree = ApproachTree(approaches)
    police = PoliceRecord(police_rows)
    return {
        "report": REPORT,
        "version": VERSION,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "as_of": as_of.isoformat(),
        "approaches": {
            approach.code: approach_block(
                window, Own.merged(owns[member] for member in tree.subtree(approach.id) if member in owns),
                police, domains,
            )
            for approach in approaches
        },
    }
