"""The case page, composed above the apps that each show a part of a case.

casework (subject, trajectory, registration, participants), meetings (discussions), plans (the plan of action)
and monitoring (measurements) each give the prefetches their panel needs and arrange their panel; this module
reads the case once through the access rule with all of them, decides "may change" once, and hands that
answer to every panel. The number of queries does not depend on the size of the case.
"""

from dataclasses import dataclass

from procesregie.access.rules import CHANGE, can
from procesregie.casework import selectors as casework
from procesregie.casework.models import Case
from procesregie.meetings.selectors import discussion_prefetches
from procesregie.monitoring.selectors import MeasurementPanel, measurement_panel, measurement_prefetches
from procesregie.plans.selectors import PlanView, plan_prefetches, plan_view

from .timeline import TimelineEvent, case_timeline


@dataclass
class CasePage:
    case: Case
    can_change: bool  # `can(user, CHANGE, case)`, asked once for every panel
    plan: PlanView
    measurement_panel: MeasurementPanel
    timeline: list[TimelineEvent]


def case_page(*, user, case_id: int, request=None) -> CasePage:
    """The case with every panel, read through the access rule and logged (404 when out of scope, logged as denied)."""
    case = casework.case_detail(
        user=user, case_id=case_id, request=request,
        prefetch=[*discussion_prefetches(), *plan_prefetches(), *measurement_prefetches()],
    )
    can_change = can(user, CHANGE, case)
    return CasePage(
        case=case,
        can_change=can_change,
        plan=plan_view(case, user, can_change=can_change),
        measurement_panel=measurement_panel(case, can_change=can_change),
        timeline=case_timeline(case),
    )
