"""Reading signals: the list with its filters and the follow-ups due, one signal, the signal a registration came from.

Every read starts from `access.signals_visible_to(user)` (or `signals_handled_by`): a filter only narrows that set,
so a value that names something out of scope matches nothing, exactly like one that names nothing at all. Every
page logs a read of each data subject it shows (members of a system included), in one append, before anything is
returned; a page that names nobody is logged as such.

A signal's page and rows show its stored subject (name, birth date, a system's members) only to who may see that
person or system anyway, in a case they see or a registration they triage (`access.cases.persons_shown_to`,
`systems_shown_to`; the annotation `subject_visible`); everyone else, the procesregisseur who handles it included,
sees the name and members as reported. A signal attaches silently to a known person, so showing its stored data
would tell whoever typed a BSN whose it is. The text search looks at the stored names only where they are shown. Who
handles a signal (a procesregisseur of its approach) is the annotation `full_view`.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from procesregie.access.cases import persons_shown_to, systems_shown_to
from procesregie.access.rules import VIEW, allowed, signals_handled_by, signals_visible_to
from procesregie.access.signals import signal_approaches
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.reference.models import Approach
from procesregie.subjects.models import SystemMember

from .log_targets import signal_targets
from .models import Signal

SIGNALS_PER_PAGE = 50
FOLLOW_UPS_SHOWN = 50
OPEN = "open"  # the outcome filter: signals nobody handled yet (outcome empty)


@dataclass(frozen=True)
class SignalFilters:
    """What narrows the signal list; every value already checked (`signals.forms.SignalFilterForm`).

    `outcome`: OPEN or a `SignalOutcome` value; `date_from`/`date_until`: the signal's date (both inclusive);
    `query`: part of the reference or of the name."""

    approach: Approach | None = None
    kind: str = ""
    outcome: str = ""
    date_from: datetime.date | None = None
    date_until: datetime.date | None = None
    query: str = ""


def _subject_visible(user) -> Q:
    """The signal's subject is a person or system `user` sees as stored anyway (in a case they see or a registration
    they triage)."""
    return Q(person__in=persons_shown_to(user).values("pk")) | Q(system__in=systems_shown_to(user).values("pk"))


def _shown(user, signals: QuerySet[Signal]) -> QuerySet[Signal]:
    """With what a row shows, in a fixed number of queries, whether the user handles it (`full_view`) and whether
    they may see its stored subject (`subject_visible`)."""
    return signals.select_related(
        "approach", "reported_by", "municipality", "person", "system", "registration"
    ).prefetch_related(
        Prefetch("system__memberships", queryset=SystemMember.objects.select_related("person").order_by("pk")),
    ).annotate(
        full_view=Exists(signals_handled_by(user).filter(pk=OuterRef("pk"))),
        subject_visible=Case(When(_subject_visible(user), then=Value(True)), default=Value(False),
                             output_field=BooleanField()),
    )


def _search(user, query: str) -> Q:
    """The reference or the name as reported; the stored names only of subjects the user may see anyway."""
    stored_name = (Q(person__given_name__icontains=query) | Q(person__family_name__icontains=query)
                   | Q(system__name__icontains=query))
    return Q(ref__icontains=query) | Q(reported_name__icontains=query) | (_subject_visible(user) & stored_name)


def _narrowed(user, signals: QuerySet[Signal], filters: SignalFilters) -> QuerySet[Signal]:
    if filters.approach is not None:
        signals = signals.filter(approach=filters.approach)
    if filters.kind:
        signals = signals.filter(kind=filters.kind)
    if filters.outcome == OPEN:
        signals = signals.filter(outcome="")
    elif filters.outcome:
        signals = signals.filter(outcome=filters.outcome)
    if filters.date_from:
        signals = signals.filter(date__gte=filters.date_from)
    if filters.date_until:
        signals = signals.filter(date__lte=filters.date_until)
    if filters.query:
        signals = signals.filter(_search(user, filters.query))
    return signals


def signal_list(*, user, filters: SignalFilters = SignalFilters()) -> QuerySet[Signal]:
    """The visible signals that pass `filters`, newest first (one query for any number, and one for the members)."""
    return _shown(user, _narrowed(user, signals_visible_to(user), filters)).order_by("-date", "-id")


def follow_ups_due(*, user, today: datetime.date | None = None) -> QuerySet[Signal]:
    """The signals the user handles whose follow-up date has come (today or earlier) and that did not become a
    registration, the longest overdue first."""
    today = today or timezone.localdate()
    due = signals_handled_by(user).filter(follow_up_on__lte=today, registration__isnull=True)
    return _shown(user, due).order_by("follow_up_on", "id")


@dataclass
class SignalOverview:
    page: Page
    follow_ups: list[Signal]


def _log_shown(*, user, signals, request) -> None:
    targets: list[AccessTarget] = []
    seen: set[tuple] = set()
    for signal in signals:
        if signal.is_anonymous:
            continue
        for target in signal_targets(signal):
            if (signal.pk, target.subject_key) not in seen:
                seen.add((signal.pk, target.subject_key))
                targets.append(target)
    if targets:
        record_accesses(actor=user, action=Action.READ, targets=targets, request=request)
    else:
        record_access(actor=user, action=Action.READ, obj=Signal, request=request)


def signal_overview(*, user, request, page_number, filters: SignalFilters = SignalFilters(),
                    per_page: int = SIGNALS_PER_PAGE) -> SignalOverview:
    """One page of the signal list and the follow-ups due (the first FOLLOW_UPS_SHOWN); every subject on the page
    logged as read, once per signal."""
    page = Paginator(signal_list(user=user, filters=filters), per_page).get_page(page_number)
    follow_ups = list(follow_ups_due(user=user)[:FOLLOW_UPS_SHOWN])
    _log_shown(user=user, signals=[*page.object_list, *follow_ups], request=request)
    return SignalOverview(page=page, follow_ups=follow_ups)


def _one(user, signals: QuerySet[Signal], signal_id: int, request) -> Signal:
    signal = _shown(user, signals).filter(pk=signal_id).first()
    if signal is None:
        record_access(actor=user, action=Action.READ, obj=Signal, outcome=Outcome.DENIED, request=request)
        raise Http404
    return signal


def signal_detail(*, user, signal_id: int, request=None) -> Signal:
    """One signal the user may see, its read logged per data subject. Unknown or out of scope: 404 (logged as
    denied)."""
    signal = _one(user, signals_visible_to(user), signal_id, request)
    log_signal_read(user=user, signal=signal, request=request)
    return signal


def signal_for_handling(*, user, signal_id: int, request=None, log_read: bool = True) -> Signal:
    """A signal the user handles (`can(user, HANDLE, signal)`). Otherwise 404 (logged as denied). `log_read=False`
    when the caller will not show it (a change that succeeds is logged by its service)."""
    signal = _one(user, signals_handled_by(user), signal_id, request)
    if log_read:
        log_signal_read(user=user, signal=signal, request=request)
    return signal


def log_signal_read(*, user, signal: Signal, request=None) -> None:
    record_accesses(actor=user, action=Action.READ, targets=signal_targets(signal), purpose_approach=signal.approach,
                    request=request)


def signal_of_registration(*, user, registration) -> Signal | None:
    """The signal `registration` was made from, when the user may see it (else None, as if there were none). Its
    subject is the registration's, whose page logs the read."""
    return allowed(user, VIEW, Signal).filter(registration=registration).only("pk", "ref").first()


def filter_approaches(*, user) -> QuerySet[Approach]:
    """The approaches the filter offers: those of the user's visible signals and those they handle."""
    visible = signals_visible_to(user)
    return Approach.objects.filter(
        Q(pk__in=visible.values("approach")) | Q(pk__in=signal_approaches(user).values("pk"))
    ).order_by("name")



def consultation_approaches(*, user) -> QuerySet[Approach]:
    """The approaches a procesregisseur records consultations for: those whose signals they handle."""
    return signal_approaches(user).order_by("name")
