"""Zeros hidden as complements that the other figures give away (security review of issue 15).

Secondary suppression prefers to hide a zero ("<N" may be 0): it costs the reader nothing. But in a recidivism
group a side's registrations and the persons with a registration on that side are zero together: a shown
"0 registrations in the year before" says the hidden "<5 persons with a registration before" is 0, and then the
parent approach's sum over its children gives the other child's hidden count. Such zeros are no complements.
"""

from procesregie.reporting.rendering.outcomes import publish_outcomes

from .rendering_sample import group, sample_outcome_labels, sample_outcomes


def _block(n, before, after, any_before, any_after):
    kinds = {"misdrijf": {"before": before, "after": after}} if before or after else {}
    cohort = group(n, before, after, by_kind=kinds, any_before=any_before, any_after=any_after, ci=None)
    cohort["comparison"] = group(0, 0, 0, by_kind={}, ci=None)
    return {"recidivism": cohort, "domain_progress": {}, "follow_through": {}}


def test_a_child_without_registrations_before_does_not_give_its_sibling_away():
    labels = sample_outcome_labels()
    labels["approaches"]["topx-zuid"] = {**labels["approaches"]["topx-west"], "name": "Top X Zuid", "parent": "topx"}
    document = sample_outcomes()
    document["approaches"] = {
        "topx": _block(60, 80, 56, 12, 20),  # the children's persons are disjoint: the parent is their sum
        "topx-oost": _block(40, 60, 40, 10, 9),
        "topx-west": _block(12, 20, 10, 2, 6),  # 2 persons with a registration before: hidden
        "topx-zuid": _block(8, 0, 6, 0, 5),  # nobody with a registration before
    }
    shown = {code: block["recidivism"] for code, block in
             publish_outcomes(document, 5, labels=labels).document["approaches"].items()}
    assert shown["topx-west"]["persons_any_before"] == "<5"

    # The attacker: a shown count of registrations before of 0 means nobody had one.
    known = {}
    for code, figures in shown.items():
        value = figures["persons_any_before"]
        if isinstance(value, int):
            known[code] = value
        elif figures["registrations_before"] == 0:
            known[code] = 0
    children = ("topx-oost", "topx-west", "topx-zuid")
    unknown = [code for code in ("topx", *children) if code not in known]
    recovered = None
    if unknown == ["topx-west"]:
        recovered = known["topx"] - known["topx-oost"] - known["topx-zuid"]
    assert recovered is None, f"topx-west: {recovered} persons with a registration before"


def test_an_organisation_with_nothing_open_does_not_give_a_siblings_overdue_away():
    labels = sample_outcome_labels()
    labels["approaches"]["topx-zuid"] = {**labels["approaches"]["topx-west"], "name": "Top X Zuid", "parent": "topx"}
    empty = _block(0, 0, 0, 0, 0)

    def with_follow_through(counts):
        return {**empty, "follow_through": {"reclassering-nederland": counts}}

    document = sample_outcomes()
    document["approaches"] = {
        "topx": with_follow_through({"agreed": 10, "running": 10, "done": 40, "overdue": 7}),
        "topx-oost": with_follow_through({"agreed": 5, "running": 5, "done": 10, "overdue": 5}),
        "topx-west": with_follow_through({"agreed": 5, "running": 5, "done": 10, "overdue": 2}),  # hidden
        "topx-zuid": with_follow_through({"done": 20}),  # nothing agreed or running: nothing overdue
    }
    shown = {code: block["follow_through"]["reclassering-nederland"] for code, block in
             publish_outcomes(document, 5, labels=labels).document["approaches"].items()}
    assert shown["topx-west"]["overdue"] == "<5"
    known = {}
    for code, row in shown.items():
        if isinstance(row["overdue"], int):
            known[code] = row["overdue"]
        elif row["agreed"] == 0 and row["running"] == 0:  # the attacker: nothing open, nothing overdue
            known[code] = 0
    recovered = None
    if set(known) == {"topx", "topx-oost", "topx-zuid"}:
        recovered = known["topx"] - known["topx-oost"] - known["topx-zuid"]
    assert recovered is None, f"topx-west: {recovered} overdue"
