"""The transition tables themselves: complete, closed, and exactly the documented lifecycles."""

import itertools

import pytest

from procesregie.casework import lifecycle
from procesregie.casework.models import CaseStatus, RegistrationStatus
from procesregie.core.errors import IllegalTransition

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
