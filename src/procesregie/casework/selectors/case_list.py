"""The case list: filtered, sorted and paged (or exported) in a number of queries that does not grow with the data.

Everything starts from `access.cases_visible_to(user)`: a filter only narrows that set, so a filter value that
names something out of scope (another house's table, a procesregisseur whose cases one cannot see) simply matches
nothing, exactly like one that names nothing at all. The values offered in the filter form come from the visible
cases too (`filter_options`).

Every case shown or exported is logged (one entry per data subject on a page or in a file) before anything is
returned.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import DateField, DurationField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from procesregie.access.caseload import directs_own_cases
from procesregie.access.rules import cases_visible_to, tables_directed_by
from procesregie.accounts.models import Organisation, User
from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.casework.models import Case
from procesregie.reference.models import Approach, Municipality, Table

from .cases import approach_with_descendants, subject_targets
from .registrations import registration_subject_targets

MINE = "mine"  # the regisseur filter: the cases I direct
NONE = "none"  # the regisseur or case holder filter: the cases without one
YEAR = datetime.timedelta(days=365)  # "time in regie" counts a year as 365 days
# Time in regie: from the start date until the end date, or until today for a case still in regie.
DURATIONS = {
    "lt_1y": (None, YEAR),
    "1_2y": (YEAR, 2 * YEAR),
    "gt_2y": (2 * YEAR, None),
}
# Sort keys -> ordering; each ends in a unique column so that paging is stable.
SORTS = {
    "start_desc": ("-start_date", "-id"),
    "start_asc": ("start_date", "id"),
    "regisseur": (
        F("procesregisseur__last_name").asc(nulls_last=True), F("procesregisseur__first_name").asc(nulls_last=True),
        F("procesregisseur__username").asc(nulls_last=True), "-start_date", "-id",
    ),
    "waiting_desc": ("-waiting", "-start_date", "-id"),
    "duration_desc": ("-time_in_regie", "-id"),
    "ref": ("registration__ref", "id"),
}
DEFAULT_SORT = "start_desc"


@dataclass(frozen=True)
class CaseFilters:
    """What narrows the case list; every value already checked (`casework.views.case_list.CaseFilterForm`).

    `regisseur`: MINE, NONE or a user id; `table`: a table id; `case_holder`: NONE or an organisation id;
    `duration`: a key of DURATIONS; `started_from`/`started_until`: the start date's range (both inclusive).
    """

    regisseur: str | int | None = None
    table: int | None = None
    approach: Approach | None = None
    status: str = ""
    municipality: Municipality | None = None
    case_holder: str | int | None = None
    duration: str = ""
    started_from: datetime.date | None = None
    started_until: datetime.date | None = None
    sort: str = DEFAULT_SORT


def _time_in_regie(today: datetime.date) -> ExpressionWrapper:
    end = Coalesce("end_date", Value(today, output_field=DateField()))
    return ExpressionWrapper(end - F("start_date"), output_field=DurationField())


def _narrowed(cases: QuerySet[Case], filters: CaseFilters, *, user) -> QuerySet[Case]:
    if filters.regisseur == MINE:
        cases = cases.filter(procesregisseur=user)
    elif filters.regisseur == NONE:
        cases = cases.filter(procesregisseur__isnull=True)
    elif filters.regisseur is not None:
        cases = cases.filter(procesregisseur_id=filters.regisseur)
    if filters.table is not None:
        # A case without a table of its own belongs to the tables of its approach (as in the access rule).
        approach_of_table = Table.objects.filter(pk=filters.table).values("approach")
        cases = cases.filter(Q(table_id=filters.table) | Q(table__isnull=True, registration__approach__in=approach_of_table))
    if filters.approach is not None:
        cases = cases.filter(registration__approach__in=approach_with_descendants(filters.approach))
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.municipality is not None:
        cases = cases.filter(registration__municipality=filters.municipality)
    if filters.case_holder == NONE:
        cases = cases.filter(case_holder__isnull=True)
    elif filters.case_holder is not None:
        cases = cases.filter(case_holder_id=filters.case_holder)
    if filters.duration:
        shortest, longest = DURATIONS[filters.duration]
        if shortest is not None:
            cases = cases.filter(time_in_regie__gte=shortest)
        if longest is not None:
            cases = cases.filter(time_in_regie__lt=longest)
    if filters.started_from:
        cases = cases.filter(start_date__gte=filters.started_from)
    if filters.started_until:
        cases = cases.filter(start_date__lte=filters.started_until)
    return cases


def case_list(*, user, filters: CaseFilters = CaseFilters(), today: datetime.date | None = None) -> QuerySet[Case]:
    """The visible cases that pass `filters`, sorted, with what a row shows (one query for any number)."""
    today = today or timezone.localdate()
    cases = cases_visible_to(user).select_related(
        "registration__person",
        "registration__system",
        "registration__approach",
        "registration__municipality",
        "table",
        "procesregisseur",
        "case_holder",
    ).annotate(
        time_in_regie=_time_in_regie(today),
        waiting=ExpressionWrapper(F("start_date") - F("registration__registered_on"), output_field=DurationField()),
    )
    return _narrowed(cases, filters, user=user).order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def _log_shown(*, user, cases, request, action: str) -> None:
    targets = [AccessTarget(obj=case.registration.person or case.registration.system, purpose_case=case) for case in cases]
    if targets:
        record_accesses(actor=user, action=action, targets=targets, request=request)
    else:
        record_access(actor=user, action=action, obj=Case, request=request)


def log_subjects_shown(*, user, cases, request, registrations=()) -> None:
    """Log a page that names the subjects of `cases` and of (caseless) `registrations` (a work list, a notification
    list): one entry per subject per case, members of a system included (`subject_targets`); a page that names
    nobody as such. One append for all of them."""
    targets: list[AccessTarget] = []
    seen: set[tuple] = set()
    for case in cases:
        for target in subject_targets(case):
            key = (target.obj._meta.label, target.obj.pk, case.pk)
            if key not in seen:
                seen.add(key)
                targets.append(target)
    for registration in registrations:
        for target in registration_subject_targets(registration):
            key = (target.obj._meta.label, target.obj.pk, None)
            if key not in seen:
                seen.add(key)
                targets.append(target)
    if targets:
        record_accesses(actor=user, action=Action.READ, targets=targets, request=request)
    else:
        record_access(actor=user, action=Action.READ, obj=Case, request=request)


def case_page(*, user, request, page_number, filters: CaseFilters = CaseFilters(), per_page: int = 50) -> Page:
    """One page of the case list; every subject on it is logged as read (or the empty list, as such)."""
    page = Paginator(case_list(user=user, filters=filters), per_page).get_page(page_number)
    _log_shown(user=user, cases=page.object_list, request=request, action=Action.READ)
    return page


def case_export(*, user, request, filters: CaseFilters = CaseFilters()) -> list[Case]:
    """Every visible case that passes `filters`, for a download; each subject in it logged as exported."""
    cases = list(case_list(user=user, filters=filters))
    _log_shown(user=user, cases=cases, request=request, action=Action.EXPORT)
    return cases


@dataclass
class FilterOptions:
    """What the filter form offers: only what the user's visible cases hold (and the tables they work at)."""

    regisseurs: list[User]
    tables: list[Table]
    municipalities: list[Municipality]
    case_holders: list[Organisation]
    directs_cases: bool = False  # "Mijn casussen" (the cases I direct) is offered to a procesregisseur only


def filter_options(*, user) -> FilterOptions:
    """Four queries, whatever the number of cases."""
    visible = cases_visible_to(user)
    regisseurs = User.objects.filter(pk__in=visible.values("procesregisseur")).order_by(
        "last_name", "first_name", "username"
    )
    tables = Table.objects.filter(
        Q(pk__in=visible.values("table")) | Q(pk__in=tables_directed_by(user).values("pk"))
    ).order_by("name", "id")
    municipalities = Municipality.objects.filter(pk__in=visible.values("registration__municipality")).order_by("name")
    holders = Organisation.objects.filter(pk__in=visible.values("case_holder")).order_by("name")
    return FilterOptions(list(regisseurs), list(tables), list(municipalities), list(holders), directs_own_cases(user))
