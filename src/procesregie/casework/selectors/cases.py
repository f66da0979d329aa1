"""Reading cases for the case page and the case's change forms, in a number of queries that does
not grow with the data.

Every read starts from `access.cases_visible_to(user)` and writes the access log (one entry per data subject
shown) before anything is returned: no path reads personal data without an entry, and when the entry cannot
be written `AccessLogUnavailable` propagates and nothing is shown.

The case page (`casepage`) is composed above casework: it passes the prefetches of the other apps' panels.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from procesregie.access.rules import CHANGE, REOPEN, allowed, can, cases_visible_to, registrations_visible_to
from procesregie.accounts.models import Organisation
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.casework.models import Case, Participation, RegisseurChange, Registration, Reopening
from procesregie.casework.participations import is_active
from procesregie.core.prefetching import prefetch_present
from procesregie.reference.models import Approach
from procesregie.subjects.models import SystemMember


def _cases(*, user) -> QuerySet[Case]:
    return cases_visible_to(user)


def subject_targets(case: Case) -> list[AccessTarget]:
    """The data subjects a case shows: its person, or its system and the system's members."""
    registration = case.registration
    if registration.person_id:
        return [AccessTarget(obj=registration.person, purpose_case=case)]
    system = registration.system
    members = [AccessTarget(obj=member.person, purpose_case=case) for member in system.memberships.all()]
    return [AccessTarget(obj=system, purpose_case=case), *members]


def approach_with_descendants(approach: Approach) -> list[int]:
    """The ids of an approach and every approach below it: a parent (Top X) rolls up its children."""
    children: dict[int | None, list[int]] = {}
    for approach_id, parent_id in Approach.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(approach_id)
    found, todo = set(), [approach.pk]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return sorted(found)


def case_detail(*, user, case_id: int, request=None, prefetch=()) -> Case:
    """One case with what casework shows of it, and `prefetch` (the other panels' prefetches), in a fixed number
    of queries. Unknown or out of scope: 404.

    The read is logged per subject shown; a request for a case that does not exist or is out of scope is
    logged as denied (without telling the user which of the two it was).
    """
    cases = _cases(user=user).select_related(
        "registration__person__municipality",
        "registration__system__municipality",
        "registration__approach",
        "registration__municipality",
        "registration__reported_by",
        "end_reason",
        "table",
        "procesregisseur",
        "case_holder",
    ).annotate(
        # Whether any registration followed this case: most cases have none, and then the query below, through the
        # access rule, is not needed.
        has_later_registrations=Exists(Registration.objects.filter(previous_case=OuterRef("pk"))),
    )
    try:
        case = cases.get(pk=case_id)
    except Case.DoesNotExist:
        record_access(actor=user, action=Action.READ, obj=Case, outcome=Outcome.DENIED, request=request)
        raise Http404 from None
    # Only the relations that hold rows are prefetched (most cases have no reopenings, regisseur changes,
    # escalations or continuation): one query asks which, instead of a query built for each.
    prefetch_present(case, [
        Prefetch("participations", queryset=Participation.objects.select_related("organisation")),
        Prefetch("regisseur_changes", queryset=RegisseurChange.objects.select_related("procesregisseur", "previous")),
        Prefetch("reopenings", queryset=Reopening.objects.select_related("end_reason")),
        *prefetch,
        Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person")),
        # Prefetched, not joined: six more joins in the case's query cost PostgreSQL more planning time than
        # these two small queries take.
        Prefetch("transferred_from", queryset=Case.objects.select_related("registration__approach")),
        Prefetch("continuation", queryset=Case.objects.select_related("registration__approach")),
    ])
    _read_previous_case(user, case.registration)
    # New registrations of the subject after this case was closed, those the user may see.
    case.visible_later_registrations = list(
        registrations_visible_to(user).filter(previous_case=case).select_related("approach").order_by("registered_on", "pk")
    ) if case.has_later_registrations else []
    approach = case.registration.approach
    record_accesses(actor=user, action=Action.READ, targets=subject_targets(case), purpose_approach=approach, request=request)
    return case


def _read_previous_case(user, registration: Registration) -> None:
    """The closed case `registration` follows (`previous_case`), read with its registration only when there is one and
    the user may see it; `previous_case_visible` says whether it was (most registrations follow no case: no query)."""
    previous = None
    if registration.previous_case_id is not None:
        previous = cases_visible_to(user).select_related("registration").filter(pk=registration.previous_case_id).first()
    if previous is not None:
        registration.previous_case = previous
    registration.previous_case_visible = previous is not None


def changeable_case(*, user, case_id: int, request=None) -> Case:
    """A case that `user` may change (`can(user, CHANGE, case)`), with what its forms show. Otherwise 404.

    Nothing is logged as read here: the change itself is logged by its service. A refused attempt is logged
    as a denied update without a subject (the user is not told whether the case exists).
    """
    case = (
        _cases(user=user)
        .select_related(
            "registration__approach", "registration__person", "registration__system", "table", "procesregisseur"
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None or not can(user, CHANGE, case):
        record_access(actor=user, action=Action.UPDATE, obj=Case, outcome=Outcome.DENIED, request=request)
        raise Http404
    return case


def reopenable_case(*, user, case_id: int, request=None) -> Case:
    """A case that `user` may reopen (`can(user, REOPEN, case)`; whether it can be reopened now is the lifecycle's
    question). Otherwise 404, logged as a denied update without a subject, as for `changeable_case`."""
    case = (
        allowed(user, REOPEN, Case)
        .select_related("registration__approach", "registration__person", "registration__system", "end_reason")
        .prefetch_related(Prefetch("continuation", queryset=Case.objects.select_related("registration")))
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        record_access(actor=user, action=Action.UPDATE, obj=Case, outcome=Outcome.DENIED, request=request)
        raise Http404
    return case


@dataclass
class ParticipantsPanel:
    """The participants of a case as its page shows them: active first, then history, and who could be added."""

    active: list[Participation]
    former: list[Participation]
    addable: QuerySet[Organisation]


def participants_panel(case: Case) -> ParticipantsPanel:
    """From the prefetched participations of `case`; one query (run when rendered) for the organisations to add."""
    participations = list(case.participations.all())
    active = [p for p in participations if is_active(p)]
    former = [p for p in participations if not is_active(p)]
    addable = Organisation.objects.exclude(pk__in=[p.organisation_id for p in active]).order_by("name")
    return ParticipantsPanel(active=active, former=former, addable=addable)


def case_with_participants(*, case: Case) -> Case:
    """`case` again with its participations, for the participants panel after a change (no read entry:
    the change's own entry covers what the panel shows)."""
    return Case.objects.prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("organisation"))
    ).get(pk=case.pk)


def log_case_read(*, user, case: Case, request=None) -> None:
    """Log that a page about `case` (e.g. its closing form) showed its subjects."""
    record_accesses(
        actor=user, action=Action.READ, targets=subject_targets(case),
        purpose_approach=case.registration.approach, request=request,
    )
