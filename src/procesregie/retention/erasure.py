"""Erasing a subject in place (docs/decisions/0017): what stays of its cases is their tombstone.

`erase_person`, `erase_system` and `erase_signal` (an anonymous signal) destroy a subject's personal data and free
text and return what they destroyed, counted per kind of data (`{"registrations": 2, "measurements": 14, ...}`: no
personal data, for the destruction record). They are called by `retention.services.destroying` (after review, in
the report safeguard `retention.safeguard.reports_unchanged`), not by views.

**What stays** is exactly what the annual report's definitions (shared/spec/annual-report.md) read, without any
personal datum or free text:

- the registration (approach, municipality, reporting organisation, dates, status, triage date; its subject link, so
  that `discussions.unique_subjects` still counts subjects), the case (dates, end reason, transfer link, table), the
  participations (organisation and dates);
- the discussions (meeting, date, client/expert present); notes and the organisations present are cleared;
- per case and domain the two measurements the report's `domain_progress` picks (the earliest nulmeting and the
  latest eindmeting, a tie on date going to the row entered last), with the note and scorer cleared; the other
  measurements are deleted;
- the case interventions (code, organisation, agreed date, status), note, goal and contact cleared;
- the escalations (dates, reason, outcome), explanation, resolution and the people who raised and resolved it cleared;
- the signals (approach, date, kind, reporting organisation, municipality, outcome, registration link), everything
  the reporter and the procesregisseur typed cleared;
- the system memberships (the report's `persons_involved`), the role cleared;
- the person or system row itself: empty, with a fresh random `subject_key` and ref and `destroyed_on` set.

**Deleted**: police registrations, goals, plan rows, case updates, agenda items with their prepared notes, decisions
and invited organisations, reopenings (their reasons), changes of procesregisseur, the other measurements, rights
requests and retention extensions.

**Logged**: one access-log entry (DELETE) per subject erased, with the subject's key *before* it is replaced (so the
subject's question "who did what with my data" still ends with the destruction); an anonymous signal gets one entry
without a subject. Erasing what is already destroyed does nothing and logs nothing (idempotent).

**In batches**: `erase_persons`, `erase_systems` and `erase_signals` erase many subjects at once in a fixed number of
queries per batch (whatever its size; `retention.services.destroying` passes a chunk of a destruction list) and
return what they destroyed per subject (`{pk: {kind of data: count}}`); the single-object functions are the batch
of one. A member of several systems erased in one batch goes with them (counted with the last of them), as it would
with the last of them erased one by one.

**Destruction items**: every `DestructionItem` about an erased subject, on any list (an earlier exclusion too), loses
its link to the subject and its decision reason, which may name the subject (docs/decisions/0016).

Refused (`ErasureRefused`, nothing changed): a subject with a registration waiting for triage or a case in regie:
such a subject is never due (retention.due), so reaching it here is a programming error that must not destroy
data in use. The subjects' rows are locked first, then their registrations and cases are read once, locked, and
exactly that set is checked and erased (`_registrations_to_erase`): nothing committed by someone else in between
is checked by one read and erased by another.
"""

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_accesses
from procesregie.casework import lifecycle
from procesregie.casework.models import (
    Case,
    Participation,
    RegisseurChange,
    Registration,
    RegistrationStatus,
    Reopening,
    Urgency,
)
from procesregie.core.errors import DomainError
from procesregie.escalations.models import Escalation
from procesregie.meetings.models import AgendaItem, Decision, Discussion
from procesregie.monitoring.models import Measurement, MeasurementKind
from procesregie.plans.models import CaseIntervention, CaseUpdate, Goal, Plan
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, PoliceRegistration, RightsRequest, System, SystemMember

from .models import DestructionItem, RetentionExtension
from .row_values import set_each

__all__ = ["ErasureRefused", "erase_person", "erase_persons", "erase_system", "erase_systems", "erase_signal",
           "erase_signals"]

Counts = dict[int, Counter]  # per subject of the batch (its pk): what was destroyed, per kind of data


class ErasureRefused(DomainError):
    """The subject is still in use (a pending registration or a case in regie): nothing was erased."""


def erase_person(*, actor, person: Person, on) -> dict[str, int]:
    """Erase `person` and everything about it (their registrations, cases, signals) in place, on the day `on`."""
    return erase_persons(actor=actor, persons=[person], on=on).get(person.pk, {})


def erase_system(*, actor, system: System, on) -> dict[str, int]:
    """Erase `system` and everything about it in place, on the day `on`. Its members are erased with it when they
    have no tie of their own left: no registration or signal of their own that is not destroyed, no membership of
    another system that is not destroyed, no retention extension running on `on`. A member with such a tie keeps
    their data (their own due date decides); the membership row stays (the report's `persons_involved`)."""
    return erase_systems(actor=actor, systems=[system], on=on).get(system.pk, {})


def erase_signal(*, actor, signal: Signal, on) -> dict[str, int]:
    """Erase one signal in place (an anonymous one: a subject's signals go with the subject)."""
    return erase_signals(actor=actor, signals=[signal], on=on).get(signal.pk, {})


@transaction.atomic
def erase_persons(*, actor, persons: Iterable[Person], on) -> dict[int, dict[str, int]]:
    """`erase_person` for many persons at once; those already destroyed are left out of the answer."""
    rows = _lock(Person, persons)
    if not rows:
        return {}
    counts: Counts = defaultdict(Counter)
    _erase_person_rows(actor, rows, {person.pk: person.pk for person in rows}, on, counts)
    return _answer(counts)


@transaction.atomic
def erase_systems(*, actor, systems: Iterable[System], on) -> dict[int, dict[str, int]]:
    """`erase_system` for many systems at once; those already destroyed are left out of the answer."""
    rows = _lock(System, systems)
    if not rows:
        return {}
    ids = [system.pk for system in rows]
    counts: Counts = defaultdict(Counter)
    record_accesses(actor=actor, action=Action.DELETE,  # the old keys, before they are replaced
                    targets=[AccessTarget(obj=system) for system in rows])
    owner = {pk: pk for pk in ids}
    _erase_subjects_data("system_id", owner, on, counts)
    _tally(counts, "system_members", SystemMember.objects.filter(system_id__in=ids).values_list("system_id", flat=True),
           owner)
    SystemMember.objects.filter(system_id__in=ids).update(role="")
    System.objects.filter(pk__in=ids).update(name="", municipality=None, destroyed_on=on)
    _fresh_keys(System, "S", ids)
    _tally(counts, "systems", ids, owner)
    members = _members_without_own_ties(ids, on)
    if members:
        _erase_person_rows(actor, [person for person, _system in members], {
            person.pk: system_id for person, system_id in members}, on, counts)
    return _answer(counts)


@transaction.atomic
def erase_signals(*, actor, signals: Iterable[Signal], on) -> dict[int, dict[str, int]]:
    """`erase_signal` for many signals at once; those already destroyed are left out of the answer."""
    rows = _lock(Signal, signals, related=("person", "system"))
    if not rows:
        return {}
    targets = []
    for signal in rows:
        subject = signal.person or signal.system
        targets.append(AccessTarget(obj=signal, subject_key=subject.subject_key if subject is not None else None))
    record_accesses(actor=actor, action=Action.DELETE, targets=targets)
    counts: Counts = defaultdict(Counter)
    _erase_signals(Q(pk__in=[signal.pk for signal in rows]), lambda pk, _registration, _subject: pk, on, counts)
    DestructionItem.objects.filter(signal_id__in=[signal.pk for signal in rows]).update(signal=None, decision_reason="")
    return _answer(counts)


def _lock(model, objects: Iterable, related=()) -> list:
    """The objects' rows not destroyed yet, locked, in the order of their ids."""
    ids = sorted({obj.pk for obj in objects})
    if not ids:
        return []
    queryset = model.objects.select_for_update().filter(pk__in=ids, destroyed_on__isnull=True).order_by("pk")
    if related:
        # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join: lock the signals only.
        queryset = queryset.select_related(*related).select_for_update(of=("self",))
    return list(queryset)


def _answer(counts: Counts) -> dict[int, dict[str, int]]:
    return {pk: dict(counter) for pk, counter in counts.items()}


def _tally(counts: Counts, kind: str, keys: Iterable, owner) -> None:
    """Count one row of `kind` for the subject that owns each key (`owner`: a dict or a function of the key)."""
    find = owner.__getitem__ if isinstance(owner, dict) else owner
    for key in keys:
        counts[find(key)][kind] += 1


def _erase_person_rows(actor, persons: list[Person], owner: dict[int, int], on, counts: Counts) -> None:
    """Erase these persons (everything about them); what goes is counted for `owner[person.pk]`."""
    record_accesses(actor=actor, action=Action.DELETE,  # the old keys, before they are replaced
                    targets=[AccessTarget(obj=person) for person in persons])
    ids = [person.pk for person in persons]
    _erase_subjects_data("person_id", owner, on, counts)
    police = PoliceRegistration.objects.filter(person_id__in=ids)
    _tally(counts, "police_registrations", police.values_list("person_id", flat=True), owner)
    police.delete()
    Person.objects.filter(pk__in=ids).update(
        bsn=None, given_name="", family_name="", birth_date=None, municipality=None, destroyed_on=on,
    )
    _fresh_keys(Person, "P", ids)
    _tally(counts, "persons", ids, owner)


def _erase_subjects_data(field: str, owner: dict[int, int], on, counts: Counts) -> None:
    """The registrations (with their cases) and signals of the subjects `owner` names by `field` ("person_id" or
    "system_id"), their rights requests and retention extensions."""
    subjects = list(owner)
    registration_owner = _erase_registrations(field, owner, on, counts)
    DestructionItem.objects.filter(**{f"{field}__in": subjects}).update(**{field.removesuffix("_id"): None},
                                                                         decision_reason="")
    # A signal that led to one of these registrations is about the same subject: it goes with it.
    _erase_signals(
        Q(registration_id__in=list(registration_owner)) | Q(**{f"{field}__in": subjects}),
        lambda _pk, registration, subject: (registration_owner[registration] if registration in registration_owner
                                            else owner[subject]),
        on, counts, subject_field=field,
    )
    for kind, model in (("rights_requests", RightsRequest), ("retention_extensions", RetentionExtension)):
        rows = model.objects.filter(**{f"{field}__in": subjects})
        _tally(counts, kind, rows.values_list(field, flat=True), owner)
        rows.delete()


def _fresh_keys(model, prefix: str, ids: list[int]) -> None:
    """A fresh random `subject_key` and ref for each row (one statement per batch)."""
    set_each(model, ["ref", "subject_key"], {pk: (_fresh_ref(prefix), uuid.uuid4()) for pk in ids})


def _registrations_to_erase(field: str, owner: dict[int, int]) -> tuple[dict[int, int], dict[int, int]]:
    """The subjects' registrations not destroyed yet and their cases, read once and locked (PostgreSQL: FOR UPDATE;
    SQLite: the transaction holds the write lock): ({registration id: owner}, {case id: owner}). Exactly this set is
    checked and erased, so a registration committed by someone else after this read is neither checked nor erased,
    and one of these cannot be triaged or its case reopened until the erasure commits. `ErasureRefused` when one of
    them is in use: waiting for triage, or its case still takes changes (`casework.lifecycle`)."""
    registration_owner: dict[int, int] = {}
    in_use = False
    for pk, subject, status in Registration.objects.select_for_update().filter(
        **{f"{field}__in": list(owner)}, destroyed_on__isnull=True
    ).order_by("pk").values_list("pk", field, "status"):
        registration_owner[pk] = owner[subject]
        in_use = in_use or status == RegistrationStatus.PENDING
    cases = list(Case.objects.select_for_update().filter(registration_id__in=list(registration_owner))
                 .order_by("pk").only("pk", "registration_id", "status")) if registration_owner else []
    if in_use or any(lifecycle.accepts_changes(case) for case in cases):
        raise ErasureRefused("A subject with a pending registration or a case in regie is not erased.")
    return registration_owner, {case.pk: registration_owner[case.registration_id] for case in cases}


def _members_without_own_ties(system_ids: list[int], on) -> list[tuple[Person, int]]:
    """The members of these (just erased) systems with no tie of their own left, each with the last of these systems
    it is a member of."""
    of_system: dict[int, int] = {}
    for person_id, system_id in SystemMember.objects.filter(
        system_id__in=system_ids, person__destroyed_on__isnull=True
    ).values_list("person_id", "system_id"):
        of_system[person_id] = max(system_id, of_system.get(person_id, system_id))
    if not of_system:
        return []
    # Locked before their ties are read: a registration of one of them cannot be committed until the erasure has.
    list(Person.objects.select_for_update().filter(pk__in=list(of_system)).order_by("pk").values_list("pk", flat=True))
    members = Person.objects.filter(pk__in=list(of_system), destroyed_on__isnull=True)
    tied = (
        Q(registrations__destroyed_on__isnull=True, registrations__isnull=False)
        | Q(signals__destroyed_on__isnull=True, signals__isnull=False)
        | Q(pk__in=SystemMember.objects.exclude(system_id__in=system_ids).filter(system__destroyed_on__isnull=True)
            .values("person_id"))
        | Q(pk__in=RetentionExtension.objects.filter(person__isnull=False, until__gte=on).values("person_id"))
    )
    tied_ids = set(members.filter(tied).values_list("pk", flat=True))
    return [(person, of_system[person.pk]) for person in members.order_by("pk") if person.pk not in tied_ids]


def _erase_registrations(field: str, owner: dict[int, int], on, counts: Counts) -> dict[int, int]:
    """Erase the subjects' registrations not yet destroyed, with their cases; returns {registration id: owner}."""
    registration_owner, case_owner = _registrations_to_erase(field, owner)
    if not registration_owner:
        return {}
    registration_ids = list(registration_owner)
    if case_owner:
        case_ids = list(case_owner)
        _erase_case_contents(case_ids, case_owner, counts)
        Case.objects.filter(pk__in=case_ids).update(procesregisseur=None, case_holder=None)
        _tally(counts, "cases", case_ids, case_owner)
        _tally(counts, "participations",
               Participation.objects.filter(case_id__in=case_ids).values_list("case_id", flat=True), case_owner)
    Registration.objects.filter(pk__in=registration_ids).update(
        reason="", reported_name="", triage_note="", contact_name="", contact_phone="", contact_email="",
        reported_members=[], created_by=None, urgency=Urgency.NORMAL, criterion_multi_problem=False,
        criterion_multiple_chains=False, criterion_social_impact=False, criterion_local_safety=False,
        destroyed_on=on,
    )
    _tally(counts, "registrations", registration_ids, registration_owner)
    return registration_owner


def _erase_case_contents(case_ids: list[int], case_owner: dict[int, int], counts: Counts) -> None:
    deleted = (
        ("decisions", Decision.objects.filter(agenda_item__case_id__in=case_ids), "agenda_item__case_id"),
        ("agenda_items", AgendaItem.objects.filter(case_id__in=case_ids), "case_id"),
        ("case_updates", CaseUpdate.objects.filter(case_id__in=case_ids), "case_id"),
    )
    for kind, rows, case_field in deleted:
        _tally(counts, kind, rows.values_list(case_field, flat=True), case_owner)
        rows.delete()
    interventions = CaseIntervention.objects.filter(case_id__in=case_ids)
    _tally(counts, "case_interventions", interventions.values_list("case_id", flat=True), case_owner)
    interventions.update(note="", goal=None, responsible_person=None)
    for kind, model in (("goals", Goal), ("plans", Plan), ("reopenings", Reopening),
                        ("regisseur_changes", RegisseurChange)):
        rows = model.objects.filter(case_id__in=case_ids)
        _tally(counts, kind, rows.values_list("case_id", flat=True), case_owner)
        rows.delete()
    Discussion.organisations_present.through.objects.filter(discussion__case_id__in=case_ids).delete()
    discussions = Discussion.objects.filter(case_id__in=case_ids)
    _tally(counts, "discussions", discussions.values_list("case_id", flat=True), case_owner)
    discussions.update(notes="", public_only=False)
    escalations = Escalation.objects.filter(case_id__in=case_ids)
    _tally(counts, "escalations", escalations.values_list("case_id", flat=True), case_owner)
    escalations.update(explanation="", resolution="", raised_by=None, resolved_by=None)
    _erase_measurements(case_ids, case_owner, counts)


def _erase_measurements(case_ids: list[int], case_owner: dict[int, int], counts: Counts) -> None:
    """Keep per case and domain the rows `domain_progress` reads (reporting.annual.tally.tally_progress): the earliest
    nulmeting (date, then the highest id) and the latest eindmeting (date, then the highest id); delete the rest."""
    first_nul: dict[tuple[int, int], tuple] = {}
    last_eind: dict[tuple[int, int], tuple] = {}
    rows = Measurement.objects.filter(case_id__in=case_ids).order_by().values_list(
        "case_id", "domain_id", "kind", "date", "id")
    for case_id, domain_id, kind, date, id_ in rows:
        counts[case_owner[case_id]]["measurements"] += 1
        key = (case_id, domain_id)
        if kind == MeasurementKind.NULMETING:
            if key not in first_nul or (date, -id_) < first_nul[key]:
                first_nul[key] = (date, -id_)
        elif kind == MeasurementKind.EINDMETING and (key not in last_eind or (date, id_) > last_eind[key]):
            last_eind[key] = (date, id_)
    kept = {-nul[1] for nul in first_nul.values()} | {eind[1] for eind in last_eind.values()}
    Measurement.objects.filter(case_id__in=case_ids).exclude(pk__in=kept).delete()
    Measurement.objects.filter(pk__in=kept).update(note="", recorded_by=None)


def _erase_signals(condition: Q, owner_of, on, counts: Counts, subject_field: str = "id") -> None:
    """Erase the signals matching `condition` not destroyed yet; each counted for
    `owner_of(signal id, its registration id, its subject id by subject_field)`."""
    signals = Signal.objects.filter(condition, destroyed_on__isnull=True)
    found = list(signals.values_list("pk", "registration_id", subject_field))
    if not found:
        return
    _tally(counts, "signals", found, lambda row: owner_of(*row))
    Signal.objects.filter(pk__in=[row[0] for row in found]).update(
        reporter_name="", reporter_phone="", reporter_email="", reported_name="", reported_members=[],
        question="", advice="", follow_up_on=None, created_by=None, handled_by=None, handled_at=None,
        destroyed_on=on,
    )


def _fresh_ref(prefix: str) -> str:
    """A random reference: the old one may be a key of the source system, which would point back to the subject."""
    return f"{prefix}-vernietigd-{uuid.uuid4().hex}"
