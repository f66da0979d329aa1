"""When data is past its retention date: for the whole installation (`due_items`) or one object (`due_for`).

Destruction is per **subject** (a person or a system, with everything about it), per **anonymous signal**, and for
the **access log** before a date. A subject is kept until the latest of the dates of its items:

- each declined registration: the phase `declined_registration` rule of its approach, from its triage date (or its
  registration date, as the rule says; a declined registration without a triage date counts from registration);
- each closed case: the `closed_case` rule of its approach, from its end date;
- each signal about it that did not lead to a registration: the `signal` rule of its approach, from its date.

A pending registration, an open case (also a reopened one), an open signal (no outcome yet, or a follow-up still
planned) make it never due. An extension (`RetentionExtension.until`) keeps it at least until that date. A person
who is a member of a system that is not destroyed (and has registrations or signals of its own) is not due on its
own: it goes with the system, or, with registrations or signals of its own, is due by its own dates once the system
is destroyed. A person or system with no registration or signal of its own is not an item of its own: it goes with
its system.
Destroyed objects (`destroyed_on` set) are never due again.

An item is due at `as_of` when the last day it is kept (`due_on`) lies before `as_of`. `due_items` reads the whole
installation in a fixed number of queries (one each for the policy, registrations, signals, extensions, system
memberships and the access log's count) and computes in memory; so do `subjects_due`/`due_for_many` for a batch of
objects (the destruction run re-checks a chunk of items with one call).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Q

from procesregie.casework.models import CaseStatus, Registration, RegistrationStatus
from procesregie.core.months import add_months
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, System, SystemMember

from .models import CountsFrom, ItemKind, Phase, RetentionExtension
from .policy import Policy, policy_in_force


@dataclass(frozen=True)
class Due:
    """One object past (or, from `subject_due`, with) its retention date, and why."""

    kind: str  # retention.models.ItemKind
    object_id: int | None
    due_on: datetime.date  # the last day it is kept
    phase: str  # the phase whose rule set the date
    approach_code: str  # the approach whose rule set it ("" for the house's default rule or the access log)
    rule: dict = field(default_factory=dict)  # that rule, as Rule.as_json()
    extended_until: datetime.date | None = None  # an extension set the date
    log_before: datetime.date | None = None  # ACCESS_LOG: entries logged before this date

    @property
    def key(self) -> tuple[str, int | None]:
        return (self.kind, self.object_id)


class _Subject:
    """What is known of one subject while its items are read: never due (blocked), or the latest date so far."""

    __slots__ = ("blocked", "due")

    def __init__(self):
        self.blocked = False
        self.due: Due | None = None

    def item(self, due: Due) -> None:
        if self.due is None or due.due_on > self.due.due_on:
            self.due = due


def _registration_due(policy: Policy, kind: str, subject_id: int, row: dict) -> Due | None:
    """The date a registration's data is kept until; None while it is open (pending, or a case not closed)."""
    if row["status"] == RegistrationStatus.DECLINED:
        rule = policy.rule_for(Phase.DECLINED_REGISTRATION, row["approach_id"])
        start = row["registered_on"]
        if rule.counts_from == CountsFrom.TRIAGE_ON and row["triage_on"] is not None:
            start = row["triage_on"]
    elif row["status"] == RegistrationStatus.ACCEPTED and row["case__status"] == CaseStatus.CLOSED \
            and row["case__end_date"] is not None:
        rule = policy.rule_for(Phase.CLOSED_CASE, row["approach_id"])
        start = row["case__end_date"]
    else:
        return None
    return Due(kind, subject_id, rule.due_on(start), rule.phase, rule.approach_code, rule.as_json())


def _signal_is_open(row: dict) -> bool:
    return not row["outcome"] or row["follow_up_on"] is not None


def _signal_due(policy: Policy, kind: str, object_id: int, row: dict) -> Due:
    rule = policy.rule_for(Phase.SIGNAL, row["approach_id"])
    return Due(kind, object_id, rule.due_on(row["date"]), rule.phase, rule.approach_code, rule.as_json())


def _compute(policy: Policy, *, registrations: Iterable[dict], signals: Iterable[dict], extensions: Iterable[dict],
             memberships: Iterable[dict]) -> dict[tuple[str, int], Due | None]:
    """Every subject or anonymous signal read, with its Due (its retention date, past or not) or None (never due)."""
    subjects: dict[tuple[str, int], _Subject] = {}

    def subject(kind: str, subject_id: int) -> _Subject:
        return subjects.setdefault((kind, subject_id), _Subject())

    for row in registrations:
        kind, subject_id = (ItemKind.PERSON, row["person_id"]) if row["person_id"] else (ItemKind.SYSTEM, row["system_id"])
        if subject_id is None:
            continue
        state = subject(kind, subject_id)
        due = _registration_due(policy, kind, subject_id, row)
        if due is None:
            state.blocked = True
        else:
            state.item(due)
    anonymous = {}
    for row in signals:
        if row["person_id"] or row["system_id"]:
            kind, subject_id = (ItemKind.PERSON, row["person_id"]) if row["person_id"] else (ItemKind.SYSTEM, row["system_id"])
            state = subject(kind, subject_id)
            if _signal_is_open(row):
                state.blocked = True
            else:
                state.item(_signal_due(policy, kind, subject_id, row))
        else:
            anonymous[(ItemKind.SIGNAL, row["id"])] = None if _signal_is_open(row) else _signal_due(
                policy, ItemKind.SIGNAL, row["id"], row)
    for row in extensions:
        key = (ItemKind.PERSON, row["person_id"]) if row["person_id"] else (ItemKind.SYSTEM, row["system_id"])
        state = subjects.get(key)
        if state is not None and state.due is not None and row["until"] > state.due.due_on:
            state.due = Due(state.due.kind, state.due.object_id, row["until"], state.due.phase,
                            state.due.approach_code, state.due.rule, extended_until=row["until"])
    # A member goes with its system: while it belongs to a system that is not destroyed and has registrations or
    # signals of its own (is read here), it is not due on its own, whatever the system's date or the review's
    # decision on it (an excluded system keeps its members). Destroying the member first would leave its name in the
    # system's registrations and a nameless member in the household. Once the system is destroyed (its members
    # without ties of their own with it: retention.erasure), a member with registrations or signals of its own is
    # due by its own dates.
    for row in memberships:
        person = subjects.get((ItemKind.PERSON, row["person_id"]))
        if person is not None and (ItemKind.SYSTEM, row["system_id"]) in subjects:
            person.blocked = True
    result: dict[tuple[str, int], Due | None] = {
        key: (None if state.blocked else state.due) for key, state in subjects.items()
    }
    result.update(anonymous)
    return result


EVERYTHING = Q()
REGISTRATION_FIELDS = ("person_id", "system_id", "approach_id", "status", "registered_on", "triage_on", "case__status",
                       "case__end_date")
SIGNAL_FIELDS = ("id", "person_id", "system_id", "approach_id", "date", "outcome", "follow_up_on")


def _registrations(condition: Q = EVERYTHING):
    return Registration.objects.filter(condition, destroyed_on__isnull=True).values(*REGISTRATION_FIELDS).iterator(
        chunk_size=5000)


def _signals(condition: Q = EVERYTHING):
    # A signal that led to a registration goes with that registration.
    return Signal.objects.filter(condition, destroyed_on__isnull=True, registration__isnull=True).values(
        *SIGNAL_FIELDS).iterator(chunk_size=5000)


def _extensions(condition: Q = EVERYTHING):
    return RetentionExtension.objects.filter(condition).values("person_id", "system_id").annotate(until=Max("until"))


def _memberships(condition: Q = EVERYTHING):
    return SystemMember.objects.filter(
        condition, system__destroyed_on__isnull=True, person__destroyed_on__isnull=True
    ).values("person_id", "system_id")


def access_log_due(policy: Policy, as_of: datetime.date) -> Due | None:
    """The access log's entries past their period at `as_of`, as one item (None: there are none).

    Asks `audit.pruning.log_entries_before` (docs/decisions/0018) when the installation has it."""
    try:
        from procesregie.audit.pruning import log_entries_before
    except ImportError:  # pragma: no cover - until the access log can be pruned
        return None
    rule = policy.rule_for(Phase.ACCESS_LOG)
    before = add_months(as_of, -rule.months)
    if log_entries_before(before) <= 0:
        return None
    return Due(ItemKind.ACCESS_LOG, None, rule.due_on(before - datetime.timedelta(days=1)), rule.phase, "",
               rule.as_json(), log_before=before)


def due_items(as_of: datetime.date, *, policy: Policy | None = None) -> list[Due]:
    """Everything past its retention date at `as_of`: subjects and anonymous signals, and the access log before
    its date; ordered by date. A fixed number of queries, whatever the size of the installation."""
    policy = policy or policy_in_force()
    dates = _compute(policy, registrations=_registrations(), signals=_signals(), extensions=_extensions(),
                     memberships=_memberships())
    found = [due for due in dates.values() if due is not None and due.due_on < as_of]
    found.sort(key=lambda due: (due.due_on, due.kind, due.object_id))
    log = access_log_due(policy, as_of)
    if log is not None:
        found.append(log)
    return found


def subject_due(*, person: Person | None = None, system: System | None = None, signal: Signal | None = None,
                policy: Policy | None = None) -> Due | None:
    """The retention date of one subject (a person or a system) or anonymous signal, past or not; None when it is
    never due as things stand (open work), has nothing of its own to keep by, or is already destroyed."""
    if signal is not None:
        return subjects_due(signals=[signal], policy=policy).get((ItemKind.SIGNAL, signal.pk))
    if person is not None:
        return subjects_due(persons=[person], policy=policy).get((ItemKind.PERSON, person.pk))
    if system is not None:
        return subjects_due(systems=[system], policy=policy).get((ItemKind.SYSTEM, system.pk))
    raise ValueError("subject_due: give a person, a system or a signal")


def subjects_due(*, persons: Iterable[Person] = (), systems: Iterable[System] = (), signals: Iterable[Signal] = (),
                 policy: Policy | None = None) -> dict[tuple[str, int], Due | None]:
    """`subject_due` for many objects at once, by `(kind, id)` (a key left out: None), in a fixed number of queries
    whatever their number: each object's date is computed from exactly the rows `subject_due` reads for it alone
    (its own registrations, signals and extensions; for a person also those of its systems), so the answer is the
    same."""
    policy = policy or policy_in_force()
    person_ids = sorted({person.pk for person in persons if not person.destroyed_on})
    system_ids = sorted({system.pk for system in systems if not system.destroyed_on})
    signal_ids = sorted({signal.pk for signal in signals
                         if not signal.destroyed_on and signal.is_anonymous and not signal.registration_id})
    found: dict[tuple[str, int], Due | None] = {}
    if signal_ids:
        dates = _compute(policy, registrations=[], signals=_signals(Q(pk__in=signal_ids)), extensions=[],
                         memberships=[])
        found.update({(ItemKind.SIGNAL, pk): dates.get((ItemKind.SIGNAL, pk)) for pk in signal_ids})
    if person_ids:
        their_systems = list(SystemMember.objects.filter(person_id__in=person_ids).values_list("system_id", flat=True)
                             .distinct())
        subjects = Q(person_id__in=person_ids) | Q(system_id__in=their_systems)
        dates = _compute(policy, registrations=_registrations(subjects), signals=_signals(subjects),
                         extensions=_extensions(subjects), memberships=_memberships(Q(person_id__in=person_ids)))
        found.update({(ItemKind.PERSON, pk): dates.get((ItemKind.PERSON, pk)) for pk in person_ids})
    if system_ids:
        subjects = Q(system_id__in=system_ids)
        dates = _compute(policy, registrations=_registrations(subjects), signals=_signals(subjects),
                         extensions=_extensions(subjects), memberships=[])
        found.update({(ItemKind.SYSTEM, pk): dates.get((ItemKind.SYSTEM, pk)) for pk in system_ids})
    return found


def due_for(*, as_of: datetime.date, person: Person | None = None, system: System | None = None,
            signal: Signal | None = None, policy: Policy | None = None) -> Due | None:
    """One object's Due when it is past its date at `as_of` (destroy re-checks each item with it), else None."""
    due = subject_due(person=person, system=system, signal=signal, policy=policy)
    return due if due is not None and due.due_on < as_of else None


def due_for_many(*, as_of: datetime.date, persons: Iterable[Person] = (), systems: Iterable[System] = (),
                 signals: Iterable[Signal] = (), policy: Policy | None = None) -> dict[tuple[str, int], Due]:
    """`due_for` for many objects at once (destroy re-checks a chunk of items with it): by `(kind, id)`, only those
    past their date at `as_of`."""
    found = subjects_due(persons=persons, systems=systems, signals=signals, policy=policy)
    return {key: due for key, due in found.items() if due is not None and due.due_on < as_of}
