"""The case page, composed above the apps that each show a part of a case.

casework (subject, trajectory, registration, participants), meetings (discussions), plans (the plan of action)
and monitoring (measurements) each give the prefetches their panel needs and arrange their panel; this module
reads the case once through the access rule with all of them, decides "may change" once, and hands that
answer to every panel. The number of queries does not depend on the size of the case.
"""

from dataclasses import dataclass

from django.http import Http404

from procesregie.access.cases import changes_shown_case
from procesregie.access.rules import REOPEN, can, cases_visible_to
from procesregie.access.shielding import shield_case
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access
from procesregie.casework import lifecycle
from procesregie.casework import selectors as casework
from procesregie.casework.models import Case
from procesregie.escalations.selectors import EscalationPanel, escalation_panel, escalation_prefetches
from procesregie.meetings.selectors import discussion_prefetches
from procesregie.monitoring.selectors import MeasurementPanel, measurement_panel, measurement_prefetches
from procesregie.plans.selectors import PlanView, plan_prefetches, plan_view

from .timeline import TimelineEvent, case_timeline
from .timeline_pages import PAGE_SIZE, TimelinePage, timeline_page


@dataclass
class CasePage:
    case: Case
    can_change: bool  # `can(user, CHANGE, case)` of a case that takes changes, asked once for every panel
    plan: PlanView
    measurement_panel: MeasurementPanel
    timeline: list[TimelineEvent]  # every event, newest first
    timeline_page: TimelinePage  # the page of it that is shown
    may_reopen: bool = False  # `can(user, REOPEN, case)`, asked for a closed case only
    escalations: EscalationPanel | None = None  # the case's escalations and, for who may, the form to escalate


def check_visible(*, user, case_id: int, request=None) -> None:
    """404 (logged as a denied read) unless `user` may see the case; reads nothing of it, so logs no read (for a
    redirect to the case page)."""
    if not cases_visible_to(user).filter(pk=case_id).exists():
        record_access(actor=user, action=Action.READ, obj=Case, outcome=Outcome.DENIED, request=request)
        raise Http404


def case_page(*, user, case_id: int, request=None, timeline_number: int = 1, read_only: bool = False) -> CasePage:
    """The case with every panel, read through the access rule and logged (404 when out of scope, logged as denied).

    `timeline_number`: the page of the timeline to show (1: the newest). `read_only`: the print view, which offers
    no changes and shows the whole timeline."""
    case = casework.case_detail(
        user=user, case_id=case_id, request=request,
        prefetch=[*discussion_prefetches(), *plan_prefetches(), *measurement_prefetches(), *escalation_prefetches()],
    )
    shield_case(user, case)  # what a private or incidental participant may not see is gone before any panel reads it
    # One access question either way: a case that takes changes asks CHANGE (of a case just read through the access
    # rule: `changes_shown_case`, mostly without a query), a closed one (which offers nothing but reading and
    # reopening) asks REOPEN.
    if read_only:
        can_change = may_reopen = False
    elif lifecycle.accepts_changes(case):
        can_change, may_reopen = changes_shown_case(user, case), False
    else:
        can_change, may_reopen = False, can(user, REOPEN, case)
    timeline = case_timeline(case)
    return CasePage(
        case=case,
        can_change=can_change,
        may_reopen=may_reopen,
        plan=plan_view(case, user, can_change=can_change),
        # A closed case is read or reopened, nothing else (casework.lifecycle.accepts_changes): no new measurement.
        measurement_panel=measurement_panel(case, can_change=can_change and lifecycle.accepts_changes(case)),
        timeline=timeline,
        timeline_page=timeline_page(timeline, timeline_number, size=None if read_only else PAGE_SIZE),
        escalations=escalation_panel(case, user, read_only=read_only),
    )
