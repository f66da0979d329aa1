"""Reading signals: the list with its filters, the signals waiting for a procesregisseur and the follow-ups due (and
their counts, for the menu and the work list), one signal, the signal a registration came from.

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
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When, Window
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
SECTION_SHOWN = 50  # the signals waiting and the follow-ups due: the first ones, and how many more there are
OPEN = "open"  # the outcome filter: signals nobody handled yet (outcome empty)
WAITING = Q(outcome="")  # open: a partner's signal no procesregisseur handled yet


def due_condition(today: datetime.date) -> Q:
    """A follow-up due: handled (an open signal is waiting, not due), its follow-up date today or earlier, and it did
    not become a registration."""
    return ~WAITING & Q(follow_up_on__lte=today, registration__isnull=True)


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


def waiting(*, user) -> QuerySet[Signal]:
    """The open signals the user handles (no outcome yet: a partner's melding or adviesgesprek nobody handled), the
    oldest first."""
    return _shown(user, signals_handled_by(user).filter(WAITING)).order_by("date", "id")


def follow_ups_due(*, user, today: datetime.date | None = None) -> QuerySet[Signal]:
    """The signals the user handled whose follow-up date has come (today or earlier) and that did not become a
    registration, the longest overdue first."""
    due = signals_handled_by(user).filter(due_condition(today or timezone.localdate()))
    return _shown(user, due).order_by("follow_up_on", "id")


@dataclass(frozen=True)
class SignalWork:
    """How many signals wait for the user (`waiting`) and how many follow-ups are due (`due`)."""

    waiting: int
    due: int

    @property
    def total(self) -> int:
        return self.waiting + self.due


def signal_work(*, user) -> SignalWork:
    """The counts of `waiting` and `follow_ups_due`, in one query (none for who handles no signals): the menu's count
    and the line on the work list."""
    counts = signals_handled_by(user).aggregate(
        waiting=Count("pk", filter=WAITING), due=Count("pk", filter=due_condition(timezone.localdate())),
    )
    return SignalWork(waiting=counts["waiting"] or 0, due=counts["due"] or 0)


@dataclass(frozen=True)
class Section:
    """The first SECTION_SHOWN signals of a section of the list, and how many there are in all."""

    signals: list[Signal]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.signals)


def _section(signals: QuerySet[Signal]) -> Section:
    """The first ones with the total counted in the same query (a window over every row, before the limit)."""
    rows = list(signals.annotate(total=Window(Count("pk")))[:SECTION_SHOWN])
    return Section(signals=rows, total=rows[0].total if rows else 0)


@dataclass
class SignalOverview:
    page: Page
    waiting: Section
    follow_ups: Section


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
    """One page of the signal list, with the signals waiting and the follow-ups due (the first SECTION_SHOWN of each,
    and their totals); every subject shown logged as read, once per signal."""
    page = Paginator(signal_list(user=user, filters=filters), per_page).get_page(page_number)
    open_signals, follow_ups = _section(waiting(user=user)), _section(follow_ups_due(user=user))
    _log_shown(user=user, signals=[*page.object_list, *open_signals.signals, *follow_ups.signals], request=request)
    return SignalOverview(page=page, waiting=open_signals, follow_ups=follow_ups)


def _one(user, signals: QuerySet[Signal], signal_id: int, request) -> Signal:
    signal = _shown(user, signals).select_related("handled_by").filter(pk=signal_id).first()
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
