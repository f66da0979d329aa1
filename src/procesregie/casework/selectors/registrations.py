"""Reading registrations: the confirmation page, the registrations of the user's organisation, the intake queue.

Every read starts from `access.registrations_visible_to(user)` and is logged once per data subject shown.
The intake queue holds the pending registrations at the approaches of the user's tables: exactly those
`can(user, TRIAGE, registration)` allows.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from procesregie.access.cases import triage_approaches as _triage_approaches
from procesregie.access.rules import TRIAGE, allowed, cases_visible_to, registrations_visible_to
from procesregie.access.shielding import shield_registration
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.models import Case, Registration, RegistrationStatus
from procesregie.reference.models import Approach
from procesregie.subjects.models import SystemMember

REGISTRATIONS_PER_PAGE = 50


def registration_subject_targets(registration: Registration) -> list[AccessTarget]:
    """The data subjects a registration shows: its person, or its system and the (prefetched) members."""
    if registration.person_id:
        return [AccessTarget(obj=registration.person, purpose_case=_case_id(registration))]
    system = registration.system
    members = [AccessTarget(obj=m.person, purpose_case=_case_id(registration)) for m in system.memberships.all()]
    return [AccessTarget(obj=system, purpose_case=_case_id(registration)), *members]


def _case_id(registration: Registration) -> int | None:
    return getattr(registration, "case_id_value", None)


def _with_subjects(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    return registrations.select_related(
        "person", "system", "approach", "municipality", "reported_by", "previous_case__registration",
        "previous_case__end_reason",
    ).prefetch_related(
        Prefetch("system__memberships", queryset=SystemMember.objects.select_related("person")),
    )


def _log_read(*, user, registrations, request, approach=None) -> None:
    targets = [target for registration in registrations for target in registration_subject_targets(registration)]
    if targets:
        record_accesses(actor=user, action=Action.READ, targets=targets, purpose_approach=approach, request=request)
    else:
        record_access(actor=user, action=Action.READ, obj=Registration, purpose_approach=approach, request=request)


def _annotated(user, registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Each registration with its case id and whether the user may see that case, and its previous case."""
    visible_case = cases_visible_to(user).filter(registration=OuterRef("pk"))
    visible_previous = cases_visible_to(user).filter(pk=OuterRef("previous_case_id"))
    return registrations.annotate(
        case_visible=Exists(visible_case), case_id_value=F("case__id"), previous_case_visible=Exists(visible_previous)
    )


def registration_detail(*, user, registration_id: int, request=None) -> Registration:
    """One registration the user may see (their organisation made it, it waits at their tables, or its case is
    visible). Unknown or out of scope: 404 (logged as denied)."""
    registrations = _annotated(user, _with_subjects(registrations_visible_to(user)))
    registration = registrations.filter(pk=registration_id).first()
    if registration is None:
        record_access(actor=user, action=Action.READ, obj=Registration, outcome=Outcome.DENIED, request=request)
        raise Http404
    log_registration_read(user=user, registration=registration, request=request)
    shield_registration(user, registration)  # a justice partner's reason: not for a private participant
    return registration


def own_registrations(user) -> QuerySet[Registration]:
    """The registrations the user's organisation made, newest first, with their subjects: what the page and the
    partner API (`procesregie.api.registrations`) list. Log each page shown with `log_registrations_shown`."""
    registrations = registrations_visible_to(user).filter(reported_by_id=user.organisation_id)
    return _with_subjects(registrations).order_by("-registered_on", "-id")


def log_registrations_shown(*, user, registrations, request) -> None:
    """One read per data subject of the registrations shown (from `own_registrations`); none shown: one read."""
    _log_read(user=user, registrations=registrations, request=request)


def own_registrations_page(*, user, request, page_number) -> Page:
    """The registrations the user's organisation made, newest first, one page; every subject shown is logged."""
    page = Paginator(_annotated(user, own_registrations(user)), REGISTRATIONS_PER_PAGE).get_page(page_number)
    log_registrations_shown(user=user, registrations=page.object_list, request=request)
    return page


def own_registration(*, user, ref: str, request=None) -> Registration:
    """One registration the user's organisation made, by its reference; every subject logged as read. Unknown, made
    by another organisation or destroyed: 404 (logged as denied), whichever it is."""
    possible = len(ref) <= Registration._meta.get_field("ref").max_length and "\x00" not in ref  # no query for those
    registration = own_registrations(user).filter(ref=ref).first() if possible else None
    if registration is None:
        record_access(actor=user, action=Action.READ, obj=Registration, outcome=Outcome.DENIED, request=request)
        raise Http404
    log_registration_read(user=user, registration=registration, request=request)
    return registration


def intake_registrations(user) -> QuerySet[Registration]:
    """The pending registrations the user may triage."""
    return allowed(user, TRIAGE, Registration).filter(status=RegistrationStatus.PENDING)


def intake_count(user) -> int:
    return intake_registrations(user).count()


@dataclass
class IntakeGroup:
    approach: Approach
    registrations: list[Registration]


LONGEST_WAITING, SHORTEST_WAITING = "langst", "kortst"


def intake_queue(*, user, request, approach: Approach | None = None, sort: str = LONGEST_WAITING) -> list[IntakeGroup]:
    """The intake queue per approach, on waiting days (longest first, or `SHORTEST_WAITING` first), optionally one
    approach; each registration with its `waiting_days` (since the registration date). Logged per subject."""
    registrations = intake_registrations(user)
    if approach is not None:
        registrations = registrations.filter(approach=approach)
    order = ("registered_on", "id") if sort != SHORTEST_WAITING else ("-registered_on", "-id")
    rows = list(_with_subjects(registrations).order_by("approach__name", *order))
    today = timezone.localdate()
    groups: dict[int, IntakeGroup] = {}
    for registration in rows:
        registration.waiting_days = (today - registration.registered_on).days
        groups.setdefault(registration.approach_id, IntakeGroup(registration.approach, [])).registrations.append(
            registration
        )
    _log_read(user=user, registrations=rows, request=request, approach=approach)
    return list(groups.values())


def triage_approaches(user) -> QuerySet[Approach]:
    """The approaches whose registrations the user triages (for the queue's filter)."""
    return _triage_approaches(user).order_by("name")


@dataclass
class EarlierRegistrations:
    """Other registrations and cases of the same person(s), for the triage: how many registrations in the house, and
    those the user may open: still open (pending, or a case in regie) and the rest."""

    count: int
    visible: list[Registration]  # the visible other registrations that are no longer pending
    open_registrations: list[Registration] = field(default_factory=list)  # visible, pending
    open_cases: list[Case] = field(default_factory=list)  # visible, in regie


def earlier_registrations(*, user, registration: Registration) -> EarlierRegistrations:
    """The house's other registrations of this registration's person (or of its system's members) and the open
    cases among them the user may see: a partner who registered a known person without seeing them was not told
    (see `services.registration_submit`); the procesregisseur who triages is. Subjects already shown and logged by
    the triage page; three queries."""
    if registration.person_id:
        persons = [registration.person_id]
    else:
        persons = [membership.person_id for membership in registration.system.memberships.all()]
    same_subject = Q(person__in=persons) | Q(system__memberships__person__in=persons)
    if registration.system_id:
        same_subject |= Q(system=registration.system_id)
    others = Registration.objects.filter(same_subject).exclude(pk=registration.pk).values("pk").distinct()
    count = Registration.objects.filter(pk__in=others).count()
    visible = list(
        registrations_visible_to(user).filter(pk__in=others)
        .select_related("approach", "case__table", "case__procesregisseur")
        .order_by("-registered_on", "-id")
    )
    open_cases = [
        other.case for other in visible
        if other.status == RegistrationStatus.ACCEPTED and hasattr(other, "case") and accepts_changes(other.case)
    ]
    visible_case_ids = set(cases_visible_to(user).filter(pk__in=[case.pk for case in open_cases]).values_list(
        "pk", flat=True))
    return EarlierRegistrations(
        count=count,
        visible=[other for other in visible if other.status != RegistrationStatus.PENDING],
        open_registrations=[other for other in visible if other.status == RegistrationStatus.PENDING],
        open_cases=[case for case in open_cases if case.pk in visible_case_ids],
    )


def log_registration_read(*, user, registration: Registration, request=None) -> None:
    record_accesses(
        actor=user, action=Action.READ, targets=registration_subject_targets(registration),
        purpose_approach=registration.approach, request=request,
    )


def registration_for_triage(*, user, registration_id: int, request=None, log_read: bool = True) -> Registration:
    """A registration the user may triage (`can(user, TRIAGE, registration)`). Otherwise 404 (logged as denied).

    `log_read=False` when the caller will not show it (a triage decision that succeeds is logged by its service).
    """
    candidates = allowed(user, TRIAGE, Registration)
    registration = _annotated(user, _with_subjects(candidates)).filter(pk=registration_id).first()
    if registration is None:
        record_access(actor=user, action=Action.READ, obj=Registration, outcome=Outcome.DENIED, request=request)
        raise Http404
    if log_read:
        log_registration_read(user=user, registration=registration, request=request)
    return registration
