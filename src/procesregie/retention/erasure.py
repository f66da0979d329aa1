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

Refused (`ErasureRefused`, nothing changed): a subject with a registration waiting for triage or a case in regie:
such a subject is never due (retention.due), so reaching it here is a programming error that must not destroy
data in use.
"""

import uuid
from collections import Counter

from django.db import transaction
from django.db.models import Q

from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.casework.models import (
    Case,
    CaseStatus,
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

from .models import RetentionExtension

__all__ = ["ErasureRefused", "erase_person", "erase_system", "erase_signal"]


class ErasureRefused(DomainError):
    """The subject is still in use (a pending registration or a case in regie): nothing was erased."""


@transaction.atomic
def erase_person(*, actor, person: Person, on) -> dict[str, int]:
    """Erase `person` and everything about it (their registrations, cases, signals) in place, on the day `on`."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.destroyed_on is not None:
        return {}
    _refuse_when_in_use(Registration.objects.filter(person=person))
    counts: Counter = Counter()
    _erase_person_row(actor, person, on, counts)
    return dict(counts)


@transaction.atomic
def erase_system(*, actor, system: System, on) -> dict[str, int]:
    """Erase `system` and everything about it in place, on the day `on`. Its members are erased with it when they
    have no tie of their own left: no registration or signal of their own that is not destroyed, no membership of
    another system that is not destroyed, no retention extension running on `on`. A member with such a tie keeps
    their data (their own due date decides); the membership row stays (the report's `persons_involved`)."""
    system = System.objects.select_for_update().get(pk=system.pk)
    if system.destroyed_on is not None:
        return {}
    _refuse_when_in_use(Registration.objects.filter(system=system))
    counts: Counter = Counter()
    record_access(actor=actor, action=Action.DELETE, obj=system)  # the old key, before it is replaced
    _erase_registrations(Registration.objects.filter(system=system), on, counts)
    _erase_signals(Signal.objects.filter(system=system), on, counts)
    counts["rights_requests"] += _delete(RightsRequest.objects.filter(system=system))
    counts["retention_extensions"] += _delete(RetentionExtension.objects.filter(system=system))
    counts["system_members"] += SystemMember.objects.filter(system=system).update(role="")
    System.objects.filter(pk=system.pk).update(
        name="", municipality=None, ref=_fresh_ref("S"), subject_key=uuid.uuid4(), destroyed_on=on
    )
    counts["systems"] += 1
    for member in _members_without_own_ties(system, on):
        _erase_person_row(actor, member, on, counts)
    return dict(counts)


@transaction.atomic
def erase_signal(*, actor, signal: Signal, on) -> dict[str, int]:
    """Erase one signal in place (an anonymous one: a subject's signals go with the subject)."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if signal.destroyed_on is not None:
        return {}
    subject = signal.person or signal.system
    record_access(actor=actor, action=Action.DELETE, obj=signal,
                  subject_key=subject.subject_key if subject is not None else None)
    counts: Counter = Counter()
    _erase_signals(Signal.objects.filter(pk=signal.pk), on, counts)
    return dict(counts)


def _erase_person_row(actor, person: Person, on, counts: Counter) -> None:
    record_access(actor=actor, action=Action.DELETE, obj=person)  # the old key, before it is replaced
    _erase_registrations(Registration.objects.filter(person=person), on, counts)
    _erase_signals(Signal.objects.filter(person=person), on, counts)
    counts["police_registrations"] += _delete(PoliceRegistration.objects.filter(person=person))
    counts["rights_requests"] += _delete(RightsRequest.objects.filter(person=person))
    counts["retention_extensions"] += _delete(RetentionExtension.objects.filter(person=person))
    Person.objects.filter(pk=person.pk).update(
        bsn=None, given_name="", family_name="", birth_date=None, municipality=None, ref=_fresh_ref("P"),
        subject_key=uuid.uuid4(), destroyed_on=on,
    )
    counts["persons"] += 1


def _refuse_when_in_use(registrations) -> None:
    in_use = registrations.filter(
        Q(status=RegistrationStatus.PENDING) | Q(case__status=CaseStatus.IN_REGIE)
    ).exists()
    if in_use:
        raise ErasureRefused("A subject with a pending registration or a case in regie is not erased.")


def _members_without_own_ties(system: System, on) -> list[Person]:
    members = Person.objects.filter(memberships__system=system, destroyed_on__isnull=True)
    tied = (
        Q(registrations__destroyed_on__isnull=True, registrations__isnull=False)
        | Q(signals__destroyed_on__isnull=True, signals__isnull=False)
        | Q(pk__in=SystemMember.objects.exclude(system=system).filter(system__destroyed_on__isnull=True)
            .values("person_id"))
        | Q(pk__in=RetentionExtension.objects.filter(person__isnull=False, until__gte=on).values("person_id"))
    )
    tied_ids = set(members.filter(tied).values_list("pk", flat=True))
    return [person for person in members.distinct().order_by("pk") if person.pk not in tied_ids]


def _erase_registrations(registrations, on, counts: Counter) -> None:
    registration_ids = list(registrations.filter(destroyed_on__isnull=True).values_list("pk", flat=True))
    if not registration_ids:
        return
    case_ids = list(Case.objects.filter(registration_id__in=registration_ids).values_list("pk", flat=True))
    if case_ids:
        _erase_case_contents(case_ids, counts)
        counts["cases"] += Case.objects.filter(pk__in=case_ids).update(procesregisseur=None, case_holder=None)
        counts["participations"] += Participation.objects.filter(case_id__in=case_ids).count()
    counts["registrations"] += Registration.objects.filter(pk__in=registration_ids).update(
        reason="", reported_name="", triage_note="", contact_name="", contact_phone="", contact_email="",
        reported_members=[], created_by=None, urgency=Urgency.NORMAL, criterion_multi_problem=False,
        criterion_multiple_chains=False, criterion_social_impact=False, criterion_local_safety=False,
        destroyed_on=on,
    )
    # A signal that led to one of these registrations is about the same subject: it goes with it.
    _erase_signals(Signal.objects.filter(registration_id__in=registration_ids), on, counts)


def _erase_case_contents(case_ids: list[int], counts: Counter) -> None:
    in_cases = {"case_id__in": case_ids}
    counts["decisions"] += _delete(Decision.objects.filter(agenda_item__case_id__in=case_ids))
    counts["agenda_items"] += _delete(AgendaItem.objects.filter(**in_cases))
    counts["case_updates"] += _delete(CaseUpdate.objects.filter(**in_cases))
    counts["case_interventions"] += CaseIntervention.objects.filter(**in_cases).update(
        note="", goal=None, responsible_person=None
    )
    counts["goals"] += _delete(Goal.objects.filter(**in_cases))
    counts["plans"] += _delete(Plan.objects.filter(**in_cases))
    counts["reopenings"] += _delete(Reopening.objects.filter(**in_cases))
    counts["regisseur_changes"] += _delete(RegisseurChange.objects.filter(**in_cases))
    Discussion.organisations_present.through.objects.filter(discussion__case_id__in=case_ids).delete()
    counts["discussions"] += Discussion.objects.filter(**in_cases).update(notes="", public_only=False)
    counts["escalations"] += Escalation.objects.filter(**in_cases).update(
        explanation="", resolution="", raised_by=None, resolved_by=None
    )
    _erase_measurements(case_ids, counts)


def _erase_measurements(case_ids: list[int], counts: Counter) -> None:
    """Keep per case and domain the rows `domain_progress` reads (reporting.annual.tally.tally_progress): the earliest
    nulmeting (date, then the highest id) and the latest eindmeting (date, then the highest id); delete the rest."""
    first_nul: dict[tuple[int, int], tuple] = {}
    last_eind: dict[tuple[int, int], tuple] = {}
    rows = Measurement.objects.filter(
        case_id__in=case_ids, kind__in=[MeasurementKind.NULMETING, MeasurementKind.EINDMETING]
    ).order_by().values_list("case_id", "domain_id", "kind", "date", "id")
    for case_id, domain_id, kind, date, id_ in rows:
        key = (case_id, domain_id)
        if kind == MeasurementKind.NULMETING:
            if key not in first_nul or (date, -id_) < first_nul[key]:
                first_nul[key] = (date, -id_)
        elif key not in last_eind or (date, id_) > last_eind[key]:
            last_eind[key] = (date, id_)
    kept = {-nul[1] for nul in first_nul.values()} | {eind[1] for eind in last_eind.values()}
    all_measurements = Measurement.objects.filter(case_id__in=case_ids)
    counts["measurements"] += all_measurements.count()
    _delete(all_measurements.exclude(pk__in=kept))
    Measurement.objects.filter(pk__in=kept).update(note="", recorded_by=None)


def _erase_signals(signals, on, counts: Counter) -> None:
    counts["signals"] += signals.filter(destroyed_on__isnull=True).update(
        reporter_name="", reporter_phone="", reporter_email="", reported_name="", reported_members=[],
        question="", advice="", follow_up_on=None, created_by=None, handled_by=None, handled_at=None,
        destroyed_on=on,
    )


def _delete(queryset) -> int:
    """Delete and return how many rows of the queryset's own model went (not those of cascades)."""
    _, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def _fresh_ref(prefix: str) -> str:
    """A random reference: the old one may be a key of the source system, which would point back to the subject."""
    return f"{prefix}-vernietigd-{uuid.uuid4().hex}"
