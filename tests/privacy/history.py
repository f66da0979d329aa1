"""A data subject with a history, for the inzage document's tests and its bench (bench/inzage.py).

Built on tests/personas.py's world: the person of the world's case gets `years` years of it (tests/casepage/
long_case.py grows the case: discussions with notes, partners who came and went, goals, interventions,
measurements), plus what only the inzage document gathers: case updates, a decision, an earlier case that was
closed, a household (system) they belong to with its own registration, signals, police registrations, a retention
extension, a rights request, and the access log of `years` years of reads by the partners (`reads_per_year`).
Every free text carries a recognisable marker (`MARKERS`) so a test can check the document holds it.
"""

import datetime
from dataclasses import replace
from unittest import mock

from django.utils import timezone

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.audit.services import AccessTarget, record_accesses
from procesregie.meetings.models import AgendaItem, Decision
from procesregie.plans.models import CaseUpdate
from procesregie.retention.models import RetentionExtension
from procesregie.signals.models import Signal, SignalKind
from procesregie.subjects.models import PoliceKind, PoliceRegistration, RightsRequest, RightsRequestKind, SystemMember

from .. import factories as f
from ..casepage.long_case import LONG, grow

MARKERS = {
    "update": "Synthetische update: woning bezocht",
    "decision": "Synthetisch besluit: schuldhulp inschakelen",
    "preparation": "Synthetische voorbereiding van het overleg",
    "earlier_reason": "Synthetische eerdere aanmelding",
    "system_reason": "Synthetische aanmelding van het huishouden",
    "signal": "Synthetische zorg over de buren",
    "extension": "Synthetisch: lopend onderzoek",
    "rights": "Synthetisch: adres gecorrigeerd",
}


def add_history(world, *, years: int = 5, reads_per_year: int = 400, size=None, case=None, regisseur=None):
    """Give the person of `case` (default `world.case`, in regie; `regisseur` directs it, default the world's) `years`
    years of history (see the module), its case grown to `size` (default: long_case's LONG for `years`). Returns the
    person."""
    size = size or replace(LONG, years=years)
    case = grow(case or world.case, regisseur or world.users["regisseur"], size)
    person = case.registration.person
    police = case.registration.reported_by
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365 * years)

    for index in range(years * 4):
        update = CaseUpdate.objects.create(case=case, organisation=police, author=world.users["participant"],
                                           text=f"{MARKERS['update']} ({index + 1}).")
        CaseUpdate.objects.filter(pk=update.pk).update(
            created_at=timezone.make_aware(datetime.datetime.combine(start + datetime.timedelta(days=90 * index),
                                                                     datetime.time(11))))
    item = AgendaItem.objects.filter(case=case).order_by("meeting__date").last()
    AgendaItem.objects.filter(pk=item.pk).update(prepared_notes=MARKERS["preparation"])
    Decision.objects.create(agenda_item=item, text=MARKERS["decision"], owner=police, due_date=today)

    earlier = f.CaseFactory(closed=True, registration__person=person, registration__approach=case.registration.approach,
                            registration__reported_by=police, registration__reason=MARKERS["earlier_reason"],
                            registration__registered_on=start - datetime.timedelta(days=400))
    system = f.SystemFactory(name="Huishouden Persoon")
    SystemMember.objects.create(system=system, person=person, role="ouder")
    f.RegistrationFactory(person=None, system=system, reported_by=police, reason=MARKERS["system_reason"],
                          approach=f.ApproachFactory(system=True), registered_on=start)
    for index in range(years):
        Signal.objects.create(
            ref=f"M-H{person.pk:04d}{index:02d}", approach=case.registration.approach, kind=SignalKind.MELDING,
            date=start + datetime.timedelta(days=365 * index + 30), reported_by=police, person=person,
            question=f"{MARKERS['signal']} ({index + 1})", reporter_name="Synthetische Agent",
        )
        PoliceRegistration.objects.create(person=person, date=start + datetime.timedelta(days=365 * index + 60),
                                          kind=PoliceKind.OVERTREDING)
    RetentionExtension.objects.create(person=person, until=today + datetime.timedelta(days=700),
                                      reason=MARKERS["extension"], extended_by=world.users["regisseur"])
    RightsRequest.objects.create(person=person, kind=RightsRequestKind.CORRECTIE, received_on=start,
                                 description=MARKERS["rights"], recorded_by=world.users["privacy_officer"])

    # The reads of `years` years, a visit (two entries) every few days, each at its own time: the log keeps the time
    # it was written, so the clock is set back while they are written.
    readers = [world.users["participant"], world.users["regisseur"]]
    visits = years * reads_per_year // 2
    for visit in range(visits):
        at = timezone.make_aware(datetime.datetime.combine(start, datetime.time(9))) + datetime.timedelta(
            days=365 * years * visit / max(visits, 1))
        with mock.patch.object(timezone, "now", return_value=at):
            record_accesses(actor=readers[visit % 2], action=Action.READ, purpose_approach=case.registration.approach,
                            targets=[AccessTarget(obj=person, purpose_case=case if visit % 3 else earlier)] * 2)
    assert AccessLogEntry.objects.filter(subject_key=person.subject_key).count() >= 2 * visits
    return person
