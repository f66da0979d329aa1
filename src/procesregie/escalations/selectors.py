"""Reading escalations, always through `access.escalations`, in a number of queries that does not grow.

- On the case page (`casepage` composes it): the case's escalations come with the case (`escalation_prefetches`),
  arranged by `escalation_panel`, which says whether the user may raise one (no queries of their own); the form
  itself is fetched when its fold is opened (`case_to_escalate`, `raise_choices`).
- The managers' work list (`work_list_page`): the open escalations, the oldest on top (the default, as the menu
  counts them); asked for, also or only the resolved ones, the latest first; filtered on approach too (a parent
  approach takes in its children); paged.
- On /werk/ (`templatetags.escalation_work`): what waits for a manager (`waiting`) and one's own escalations, open or
  lately resolved (`own_escalations`); one query each, naming no case.
- One escalation (`escalation_for`): whoever reads it (`escalations_visible_to`). What is the case's content (the
  intervention it names, the link to the case) only for who sees the case.

A manager reads an escalation without reading the case, but the case reference is the subject's too: every page
that shows escalations with their case's reference logs a read per data subject of their cases, the escalation as object and its case as
purpose (one append per page). The case page logs its own read of the case.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from procesregie.access.escalations import escalates_in_shown_case, escalations_handled_by, escalations_raised_by
from procesregie.access.rules import ESCALATE, RESOLVE, VIEW, allowed, can
from procesregie.access.shielding import shield_case, shield_escalation
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.models import Case, Participation
from procesregie.casework.selectors import approach_with_descendants
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Approach
from procesregie.subjects.models import SystemMember

from .concerns import interventions_concerned, organisations_concerned
from .log_targets import escalation_targets
from .models import Escalation

PER_PAGE = 25
OWN_LIMIT = 10  # the user's own escalations on /werk/
RECENTLY_RESOLVED = datetime.timedelta(days=30)  # how long a resolved one stays there
OPEN, RESOLVED, ALL = "open", "afgehandeld", "alle"  # the work list's state filter (open unless asked otherwise)


def age_in_days(escalation: Escalation, today: datetime.date) -> int:
    """Days since it was raised; for a resolved one, the days it took."""
    return ((escalation.resolved_on or today) - escalation.raised_on).days


def _with_ages(escalations, today: datetime.date | None = None) -> list[Escalation]:
    today = today or timezone.localdate()
    escalations = list(escalations)
    for escalation in escalations:
        escalation.age = age_in_days(escalation, today)
    return escalations


def _members() -> Prefetch:
    return Prefetch("case__registration__system__memberships", queryset=SystemMember.objects.select_related("person"))


# --- the case page --------------------------------------------------------------------------------------------


def escalation_prefetches() -> list[Prefetch]:
    """What a case read needs for `escalation_panel` and the timeline (`casepage.timeline`)."""
    return [Prefetch("escalations", queryset=Escalation.objects.select_related(
        "raised_by_organisation", "concerns_organisation", "concerns_intervention__intervention",
    ))]


@dataclass
class EscalationPanel:
    escalations: list[Escalation]  # oldest first, each with its `age` in days
    can_raise: bool  # the user is offered the form to escalate (the service decides on saving)

    @property
    def shown(self) -> bool:
        return bool(self.escalations) or self.can_raise


def raise_choices(case: Case) -> tuple[list, list]:
    """The organisations and the agreed interventions of `case` that an escalation may name (`concerns`, as the
    service checks them), from what the case read prefetched (participations, interventions)."""
    return organisations_concerned(case), interventions_concerned(case)


def escalation_panel(case: Case, user, *, read_only: bool = False, today=None) -> EscalationPanel:
    """The escalations of `case`, read through `cases_visible_to(user)` with `escalation_prefetches`. The form
    itself is fetched when the user opens it (`views.escalation_raise`), with its choices."""
    can_raise = not read_only and accepts_changes(case) and escalates_in_shown_case(user, case)
    return EscalationPanel(_with_ages(case.escalations.all(), today), can_raise)


def case_to_escalate(*, user, case_id: int, request=None) -> Case:
    """A case `user` may escalate (rule ESCALATE), with what the form offers. Otherwise 404, logged as a denied
    read without a subject."""
    case = (
        allowed(user, ESCALATE, Case)
        .select_related("registration__person", "registration__system", "registration__approach")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("organisation")),
            Prefetch("interventions", queryset=CaseIntervention.objects.select_related("intervention", "organisation")),
            Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person")),
        )
        .filter(pk=case_id).first()
    )
    if case is None:
        record_access(actor=user, action=Action.READ, obj=Case, outcome=Outcome.DENIED, request=request)
        raise Http404
    shield_case(user, case)  # the form names no intervention of a justice partner to a private participant
    return case


# --- the managers' work list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkListFilters:
    """`state`: OPEN (the default: what the menu counts), RESOLVED or ALL; `approach`: that approach and the ones
    below it."""

    state: str = OPEN
    approach: Approach | None = None


def work_list(*, user, filters: WorkListFilters = WorkListFilters()) -> QuerySet[Escalation]:
    """The escalations in `user`'s work list that pass `filters`, open ones first (oldest on top), then the resolved
    ones (latest resolution first), with what a row shows and what its log entries need."""
    escalations = escalations_handled_by(user).select_related(
        "case__registration__person", "case__registration__system", "case__registration__approach",
        "raised_by_organisation", "concerns_organisation",
    ).prefetch_related(_members())
    if filters.state == OPEN:
        escalations = escalations.filter(resolved_on__isnull=True)
    elif filters.state == RESOLVED:
        escalations = escalations.filter(resolved_on__isnull=False)
    if filters.approach is not None:
        escalations = escalations.filter(case__registration__approach__in=approach_with_descendants(filters.approach))
    return escalations.order_by(F("resolved_on").desc(nulls_first=True), "raised_on", "id")


def work_list_page(*, user, request, page_number, filters: WorkListFilters = WorkListFilters(), today=None) -> Page:
    """One page of the work list, each row with its `age`; every data subject of its cases logged as read."""
    page = Paginator(work_list(user=user, filters=filters), PER_PAGE).get_page(page_number)
    page.object_list = _with_ages(page.object_list, today)
    log_read(user=user, escalations=page.object_list, request=request)
    return page


def open_count(user) -> int:
    """How many escalations in `user`'s work list are open (for the menu)."""
    return escalations_handled_by(user).filter(resolved_on__isnull=True).count()


# --- on /werk/ ------------------------------------------------------------------------------------------------
# Neither names a case (no reference, no subject), so neither logs a read: the escalation's page does, when opened.


@dataclass(frozen=True)
class Waiting:
    """The open escalations in a manager's work list: how many, and how many days the oldest has been open."""

    count: int
    oldest_days: int | None


def waiting(user, today: datetime.date | None = None) -> Waiting:
    """What waits for `user` in the work list (one query)."""
    today = today or timezone.localdate()
    row = escalations_handled_by(user).filter(resolved_on__isnull=True).aggregate(
        count=Count("pk"), oldest=Min("raised_on"))
    return Waiting(row["count"], (today - row["oldest"]).days if row["oldest"] else None)


@dataclass
class OwnEscalations:
    escalations: list[Escalation]  # the latest news first, each with its `age`
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.escalations)


def own_escalations(user, today: datetime.date | None = None) -> OwnEscalations:
    """The escalations `user` raised (and still reads) that are open or were resolved in the last RECENTLY_RESOLVED:
    the latest raised or resolved first, at most OWN_LIMIT with the number of all of them (one query)."""
    today = today or timezone.localdate()
    escalations = list(
        escalations_raised_by(user)
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=today - RECENTLY_RESOLVED))
        .select_related("raised_by_organisation")
        .annotate(total=Window(Count("pk")), latest=Coalesce("resolved_on", "raised_on"))
        .order_by("-latest", "-id")[:OWN_LIMIT]
    )
    return OwnEscalations(_with_ages(escalations, today), escalations[0].total if escalations else 0)


# --- one escalation -------------------------------------------------------------------------------------------


@dataclass
class EscalationView:
    escalation: Escalation  # with its `age`
    sees_case: bool  # the reader sees the case: the intervention it names and a link to the case are shown
    may_resolve: bool  # the reader resolves escalations (a manager): the form is offered while it is open


def escalation_for(*, user, escalation_id: int, request=None) -> EscalationView:
    """An escalation `user` may read. Unknown or out of scope: 404, logged as a denied read without a subject."""
    escalation = (
        allowed(user, VIEW, Escalation)
        .select_related(
            "case__registration__person", "case__registration__system", "case__registration__approach",
            "raised_by", "raised_by_organisation", "resolved_by", "concerns_organisation",
            "concerns_intervention__intervention", "case__procesregisseur",
        )
        .prefetch_related(_members())
        .filter(pk=escalation_id).first()
    )
    if escalation is None:
        record_access(actor=user, action=Action.READ, obj=Escalation, outcome=Outcome.DENIED, request=request)
        raise Http404
    (escalation,) = _with_ages([escalation])
    shield_escalation(user, escalation)  # a justice partner's explanation: not for a private participant
    return EscalationView(
        escalation=escalation,
        sees_case=can(user, VIEW, escalation.case),
        may_resolve=can(user, RESOLVE, escalation),
    )


def refuse(*, user, request=None):
    """Answer a refused resolution like an escalation that does not exist (404), logged as a denied update."""
    record_access(actor=user, action=Action.UPDATE, obj=Escalation, outcome=Outcome.DENIED, request=request)
    return Http404()


def log_read(*, user, escalations, request=None, purpose_approach=None) -> None:
    """One read entry per data subject of each escalation's case (the escalation as object, the case as purpose); a
    page that shows none, as a read of the set. One append. A list names no approach as purpose (as the case list);
    one escalation, its case's."""
    targets: list[AccessTarget] = [
        target for escalation in escalations for target in escalation_targets(escalation, escalation.case)
    ]
    if targets:
        record_accesses(actor=user, action=Action.READ, targets=targets, purpose_approach=purpose_approach,
                        request=request)
    else:
        record_access(actor=user, action=Action.READ, obj=Escalation, request=request)
