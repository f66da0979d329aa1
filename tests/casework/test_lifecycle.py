"""The transition tables themselves: complete, closed, and exactly the documented lifecycles."""

import itertools
import re
from pathlib import Path

import pytest

from procesregie.casework import lifecycle
from procesregie.casework.models import CaseStatus, RegistrationStatus
from procesregie.core.errors import IllegalTransition
from tests.factories import closing_reason

MACHINES = [(lifecycle.REGISTRATION, RegistrationStatus), (lifecycle.CASE, CaseStatus)]


@pytest.mark.parametrize("machine, statuses", MACHINES, ids=lambda m: getattr(m, "name", ""))
def test_every_status_has_a_row_and_every_target_is_a_status(machine, statuses):
    assert set(machine.transitions) == set(statuses.values)
    for targets in machine.transitions.values():
        assert targets <= set(statuses.values)


def test_registration_is_triaged_once():
    assert dict(lifecycle.REGISTRATION.transitions) == {
        "pending": {"accepted", "declined"},
        "accepted": set(),
        "declined": set(),
    }


def test_case_is_closed_and_can_be_reopened():
    assert dict(lifecycle.CASE.transitions) == {"in_regie": {"closed"}, "closed": {"in_regie"}}


@pytest.mark.parametrize(
    "machine, current, target",
    [
        (machine, current, target)
        for machine, statuses in MACHINES
        for current, target in itertools.product(statuses.values, repeat=2)
    ],
    ids=lambda v: getattr(v, "name", v),
)
def test_check_agrees_with_allowed(machine, current, target):
    if machine.allowed(current, target):
        machine.check(current, target)
    else:
        with pytest.raises(IllegalTransition, match=f"'{current}' naar '{target}'"):
            machine.check(current, target)


# --- "does this case still take changes?": one answer, asked everywhere ---------------------------------------

SOURCE = Path(lifecycle.__file__).resolve().parents[1]  # src/procesregie
IN_REGIE_COMPARISON = re.compile(
    r"""status\s*(?:==|!=)\s*(?:CaseStatus\.IN_REGIE|lifecycle\.IN_REGIE|IN_REGIE\b|["']in_regie["'])"""  # an object
    r"""|(?:\b|__)status=(?:CaseStatus\.IN_REGIE|lifecycle\.IN_REGIE|IN_REGIE\b|["']in_regie["'])"""  # a lookup
)
# The rule itself, and the constraint that ties the statuses to an end date and reason.
RULE_FILES = {"casework/lifecycle.py", "casework/models.py"}


def test_no_module_decides_itself_whether_a_case_still_takes_changes():
    """Everyone asks `lifecycle.accepts_changes(case)` or filters on `lifecycle.accepting_changes()`."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = path.relative_to(SOURCE).as_posix()
        if name in RULE_FILES or "/migrations/" in name:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if IN_REGIE_COMPARISON.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.django_db
def test_the_query_form_selects_the_cases_that_accept_changes():
    from tests.personas import build_world

    world = build_world()
    closed = world.case
    type(closed).objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, end_date=closed.start_date,
                                                     end_reason=closing_reason("positief"))
    cases = list(type(closed).objects.all())
    assert {case.pk for case in cases if lifecycle.accepts_changes(case)} == set(
        type(closed).objects.filter(lifecycle.accepting_changes()).values_list("pk", flat=True))
    assert closed.pk not in type(closed).objects.filter(lifecycle.accepting_changes()).values_list("pk", flat=True)
    assert any(lifecycle.accepts_changes(case) for case in cases)
