"""The reads behind the work list and the search. Each starts from the access rule, each has a fixed number of
queries whatever the amount of data, and every data subject shown is logged.

worklists is the top layer: it reads casework, plans and meetings models directly.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case as Choose
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When, Window
from django.urls import NoReverseMatch
from django.utils import timezone

from procesregie.access.capabilities import SEE_CASES, TRIAGE_QUEUE, may
from procesregie.access.caseload import caseload_of, directs_own_cases
from procesregie.access.plans import interventions_followed_up_by
from procesregie.access.rules import VIEW, allowed, cases_visible_to
from procesregie.casework.lifecycle import accepting_changes
from procesregie.casework.models import Case
from procesregie.casework.selectors import intake_count, log_subjects_shown
from procesregie.core.paths import path_to
from procesregie.meetings.models import Meeting
from procesregie.plans.models import CaseIntervention
from procesregie.subjects.bsn import normalise_bsn
from procesregie.subjects.models import SystemMember

MY_CASES_LIMIT = 50
# The work list shows the longest overdue interventions with their total and links to all of them, a page at a time.
OVERDUE_SHOWN = 20
OVERDUE_PER_PAGE = 50
MEETINGS_LIMIT = 20
SEARCH_LIMIT = 50
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_TERMS = 5
_NINE_DIGITS = re.compile(r"[0-9]{9}")
_DAY_FIRST = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")
_YEAR_FIRST = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def _shown_cases(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with what a line in a list shows, and the members of systems (to log them as subjects)."""
    return cases.select_related(
        "registration__person", "registration__system", "registration__approach", "procesregisseur"
    ).prefetch_related(
        Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person"))
    )


@dataclass
class UpcomingMeeting:
    meeting: Meeting
    url: str | None


@dataclass
class WorkList:
    my_cases: list[Case]
    my_cases_total: int
    overdue: list[CaseIntervention]  # the OVERDUE_SHOWN longest overdue
    overdue_total: int
    meetings: list[UpcomingMeeting]
    intake: int | None  # None: not a procesregisseur
    shows_cases: bool
    all_my_cases_query: str = "status=in_regie"  # the case list's query string that lists all of `my_cases`


def my_cases(user) -> QuerySet[Case]:
    """The open cases of the user's own caseload (`access.caseload`: a procesregisseur's own cases, the cases a
    ketenpartner's organisation takes part in), the newest first."""
    return caseload_of(user).filter(accepting_changes()).order_by("-start_date", "-id")


def overdue_interventions(user, today: datetime.date) -> QuerySet[CaseIntervention]:
    """Overdue interventions (`CaseInterventionQuerySet.overdue`: not those of a closed case), of those the user
    follows up (`access.plans.interventions_followed_up_by`)."""
    interventions = interventions_followed_up_by(user).overdue(today)
    # The cases and their subjects in a second query, only when there is something overdue: joined in, PostgreSQL
    # took ten times longer to plan the query (3 ms) than to run it, on every work list.
    return interventions.select_related("intervention", "organisation").prefetch_related(
        Prefetch("case", queryset=Case.objects.select_related(
            "registration__person", "registration__system", "registration__approach"
        )),
        Prefetch("case__registration__system__memberships", queryset=SystemMember.objects.select_related("person")),
    ).order_by("due_date", "id")


def meeting_url(meeting: Meeting) -> str | None:
    """The meeting's page, when the meetings app has one."""
    try:
        return path_to("meetings:meeting-detail", [meeting.pk])
    except NoReverseMatch:
        return None


def upcoming_meetings(user, today: datetime.date) -> list[UpcomingMeeting]:
    """Meetings from today on that the user may open (at their tables, or tables their organisation is a member of)."""
    meetings = (
        allowed(user, VIEW, Meeting).filter(date__gte=today)
        .select_related("table").order_by("date", "id")[:MEETINGS_LIMIT]
    )
    return [UpcomingMeeting(meeting=meeting, url=meeting_url(meeting)) for meeting in meetings]


def work_list(*, user, request) -> WorkList:
    """The start page of daily work. Every subject shown is logged (one entry per subject per case)."""
    today = timezone.localdate()
    shows_cases = may(user, SEE_CASES)
    if not shows_cases:
        return WorkList([], 0, [], 0, upcoming_meetings(user, today), None, False)
    # The totals of all of them in the same queries (a window over every row, counted before the limit).
    cases = list(_shown_cases(my_cases(user)).annotate(total=Window(Count("pk")))[:MY_CASES_LIMIT])
    overdue = list(overdue_interventions(user, today).annotate(total=Window(Count("pk")))[:OVERDUE_SHOWN])
    log_subjects_shown(user=user, cases=[*cases, *(item.case for item in overdue)], request=request)
    intake = intake_count(user) if may(user, TRIAGE_QUEUE) else None
    query = "regisseur=mine&status=in_regie" if directs_own_cases(user) else "status=in_regie"
    return WorkList(cases, cases[0].total if cases else 0, overdue, overdue[0].total if overdue else 0,
                    upcoming_meetings(user, today), intake, True, query)


def overdue_page(*, user, request, page_number) -> Page:
    """All overdue interventions the user follows up, the longest overdue first, one page of OVERDUE_PER_PAGE;
    every subject shown is logged (none shown: one read without a subject)."""
    page = Paginator(overdue_interventions(user, timezone.localdate()), OVERDUE_PER_PAGE).get_page(page_number)
    log_subjects_shown(user=user, cases=[item.case for item in page.object_list], request=request)
    return page


# --- search ----------------------------------------------------------------------------------------------------


@dataclass
class SearchResult:
    query: str
    too_short: bool
    cases: list[Case]
    more: bool  # more than SEARCH_LIMIT visible cases matched


def _name_condition(term: str) -> Q:
    member = SystemMember.objects.filter(system=OuterRef("registration__system")).filter(
        Q(person__given_name__icontains=term) | Q(person__family_name__icontains=term)
    )
    return (
        Q(registration__person__given_name__icontains=term)
        | Q(registration__person__family_name__icontains=term)
        | Q(registration__system__name__icontains=term)
        | Q(Exists(member))
    )


def birth_date_in(term: str) -> datetime.date | None:
    """The date `term` writes as day-month-year (`12-03-1994`, also with / or .) or as ISO (`1994-03-12`);
    None when it is no (valid) date."""
    match = _DAY_FIRST.fullmatch(term)
    if match:
        day, month, year = match.groups()
    else:
        match = _YEAR_FIRST.fullmatch(term)
        if not match:
            return None
        year, month, day = match.groups()
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _birth_date_condition(date: datetime.date) -> Q:
    member = SystemMember.objects.filter(system=OuterRef("registration__system"), person__birth_date=date)
    return Q(registration__person__birth_date=date) | Q(Exists(member))


def _search_condition(query: str) -> Q:
    """Every word in a name (of the person, the system or a member) or, written as a date, the date of birth of
    the same; or the exact reference, or the exact BSN."""
    terms = query.split()[:SEARCH_MAX_TERMS]
    names = Q()
    for term in terms:
        date = birth_date_in(term)
        names &= _birth_date_condition(date) if date else _name_condition(term)
    condition = names | Q(registration__ref__iexact=query)
    bsn = normalise_bsn(query)
    if _NINE_DIGITS.fullmatch(bsn):
        member = SystemMember.objects.filter(system=OuterRef("registration__system"), person__bsn=bsn)
        condition |= Q(registration__person__bsn=bsn) | Q(Exists(member))
    return condition


def search_cases(*, user, request, query: str) -> SearchResult:
    """Visible cases matching `query` (at least two characters), at most SEARCH_LIMIT, each result logged.

    The query itself is never logged (it may be personal data); a search without results is logged without a
    subject. Nothing outside the access rule is counted or named.
    """
    query = " ".join((query or "").split())[:200]
    if len(query) < SEARCH_MIN_LENGTH:
        return SearchResult(query=query, too_short=True, cases=[], more=False)
    open_first = Choose(When(accepting_changes(), then=Value(0)), default=Value(1), output_field=IntegerField())
    matches = (
        _shown_cases(cases_visible_to(user).filter(_search_condition(query)))
        .annotate(closed=open_first).order_by("closed", "-start_date", "-id")
    )
    found = list(matches[: SEARCH_LIMIT + 1])
    cases = found[:SEARCH_LIMIT]
    log_subjects_shown(user=user, cases=cases, request=request)
    return SearchResult(query=query, too_short=False, cases=cases, more=len(found) > SEARCH_LIMIT)
