"""`overdue` in the follow-through table, published with `--suppress-below N`, read by an attacker (security review
of issue 15).

The spec defines `overdue` as the interventions with status agreed or running whose due date has passed, so a
reader knows `overdue <= agreed + running`. That is no sum, and secondary suppression only protects sums: with
`agreed` hidden as "<5" and `overdue` shown, the row's total and this bound together can leave the hidden count a
single value. So `overdue` is hidden whenever `agreed` or `running` of its row is.
"""

import pytest

from procesregie.reporting.rendering.outcomes import publish_outcomes

from .rendering_sample import group, one_approach, sample_outcome_labels, sample_outcomes

STATUSES = ("agreed", "running", "done", "cancelled")


def _published(follow_through: dict) -> dict:
    cohort = group(0, 0, 0, by_kind={}, ci=None)
    cohort["comparison"] = group(0, 0, 0, by_kind={}, ci=None)
    document = one_approach({"recidivism": cohort, "domain_progress": {}, "follow_through": follow_through})
    return publish_outcomes(document, 5, labels=sample_outcome_labels()).document["approaches"]["topx-oost"]


def attack(row: dict, n: int) -> dict[str, int]:
    """The statuses a reader pins down from the row's total, "<N" (0..N-1), "afg." (N or more), shown counts and
    overdue <= agreed + running: every combination of the hidden statuses that fits, and the ones with one value."""
    hidden = [status for status in STATUSES if not isinstance(row[status], int)]
    ranges = {status: range(0, n) if row[status] == f"<{n}" else range(n, 200) for status in hidden}
    rest = row["total"] - sum(row[status] for status in STATUSES if status not in hidden)
    fits = []

    def walk(index: int, chosen: dict):
        if index == len(hidden):
            values = {**{s: row[s] for s in STATUSES if s not in hidden}, **chosen}
            if sum(chosen.values()) == rest and (not isinstance(row["overdue"], int)
                                                 or row["overdue"] <= values["agreed"] + values["running"]):
                fits.append(values)
            return
        for value in ranges[hidden[index]]:
            if sum(chosen.values()) + value <= rest:
                walk(index + 1, {**chosen, hidden[index]: value})

    walk(0, {})
    return {status: fits[0][status] for status in hidden if status in ("agreed", "running")
            and 0 < fits[0][status] < n and len({fit[status] for fit in fits}) == 1}


@pytest.mark.parametrize("follow_through", [
    {"agreed": 4, "running": 9, "done": 20, "overdue": 13},  # all open ones overdue: agreed = 4
    {"agreed": 4, "running": 4, "done": 20, "overdue": 8},  # two small ones, all overdue: both 4
    {"agreed": 2, "running": 30, "done": 12, "cancelled": 6, "overdue": 32},
])
def test_a_small_open_count_is_not_given_away_by_overdue(follow_through):
    row = _published({"reclassering-nederland": follow_through})["follow_through"]["reclassering-nederland"]
    assert not isinstance(row["agreed"], int)  # primary: below 5
    assert attack(row, 5) == {}, row


def test_overdue_stays_when_the_open_counts_are_shown():
    row = _published({"reclassering-nederland": {"agreed": 6, "running": 9, "done": 20, "overdue": 13}})
    assert row["follow_through"]["reclassering-nederland"]["overdue"] == 13


def test_the_sample_publishes_no_overdue_beside_a_hidden_open_count():
    for n in (3, 5, 10):
        published = publish_outcomes(sample_outcomes(), n, labels=sample_outcome_labels()).document
        for block in published["approaches"].values():
            for row in block["follow_through"].values():
                if not (isinstance(row["agreed"], int) and isinstance(row["running"], int)):
                    assert not isinstance(row["overdue"], int), row  # a 0 too: "hidden" would then say >= 1
