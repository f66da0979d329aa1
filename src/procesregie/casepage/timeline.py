"""The timeline of a case: everything that happened to it, newest first, built from rows that exist anyway.

Registration, triage, start (or continuation of a transferred case), participants added and removed,
discussions, interventions agreed, short updates, escalations raised and resolved, measurements, and the end (closed
or transferred). Built from a case loaded for the case page (`casepage.selectors.case_page`, everything
prefetched), so it adds no queries.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procesregie.casework.models import Case, RegistrationStatus
from procesregie.core.paths import path_to

# Within one day, events follow the order of the work process (a later stage shows above an earlier one).
REGISTRATION, TRIAGE, START, PARTICIPANT, DISCUSSION, INTERVENTION, MEASUREMENT, END = range(8)


@dataclass(frozen=True)
class TimelineEvent:
    date: datetime.date
    kind: str  # a stable name for styling and tests: registration, triage, start, participant-added, ...
    title: str
    detail: str = ""
    case_link: int | None = None  # the pk of a related case (transfer), linked when shown
    stage: int = 0
    time: datetime.time = datetime.time.min  # for events that have a moment, not only a day
    sequence: int = 0
    link: str = ""  # the page of the event's own object (an escalation), for whoever reads the timeline


def _day_and_time(moment) -> tuple[datetime.date, datetime.time]:
    if isinstance(moment, datetime.datetime):
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return local.date(), local.time()
    return moment, datetime.time.min


def case_timeline(case: Case) -> list[TimelineEvent]:
    """The events of `case`, newest first (`case` as the case page reads it)."""
    events: list[TimelineEvent] = []

    def add(moment, stage, kind, title, detail="", case_link=None, link=""):
        day, time = _day_and_time(moment)
        events.append(TimelineEvent(day, kind, title, detail, case_link, stage, time, len(events), link))

    registration = case.registration
    if case.transferred_from_id:
        previous = case.transferred_from
        add(case.start_date, START, "transfer-in",
            _("Voortzetting na overdracht vanuit %(approach)s") % {"approach": previous.registration.approach},
            previous.registration.ref, case_link=previous.pk)
    else:
        add(registration.registered_on, REGISTRATION, "registration",
            _("Aangemeld door %(organisation)s") % {"organisation": registration.reported_by},
            str(registration.approach))
        if registration.triage_on:
            accepted = registration.status == RegistrationStatus.ACCEPTED
            add(registration.triage_on, TRIAGE, "triage",
                _("Triage: geaccepteerd") if accepted else _("Triage: %(status)s") % {
                    "status": registration.get_status_display()},
                ", ".join(registration.criteria_met()))
        add(case.start_date, START, "start", _("Start van de regie"), str(case.table or ""))
    for participation in case.participations.all():
        add(participation.added_at, PARTICIPANT, "participant-added",
            _("%(organisation)s neemt deel") % {"organisation": participation.organisation})
        if participation.removed_at:
            add(participation.removed_at, PARTICIPANT, "participant-removed",
                _("Deelname van %(organisation)s beëindigd") % {"organisation": participation.organisation})
    for change in case.regisseur_changes.all():  # casework: the procesregisseur appointed on the case page
        previous = change.previous.get_full_name() or change.previous.username if change.previous else _("geen")
        current = change.procesregisseur.get_full_name() or change.procesregisseur.username
        add(change.changed_at, PARTICIPANT, "regisseur-changed", _("Procesregisseur: %(user)s") % {"user": current},
            _("voorheen: %(user)s") % {"user": previous})
    for discussion in case.discussions.all():
        table = discussion.meeting.table
        add(discussion.date, DISCUSSION, "discussion", _("Besproken in casusoverleg"),
            f"{table} ({discussion.meeting.ref})" if table else discussion.meeting.ref)
    for item in case.interventions.all():
        add(item.agreed_on, INTERVENTION, "intervention",
            _("Interventie afgesproken: %(intervention)s") % {"intervention": item.intervention},
            _("verantwoordelijk: %(organisation)s") % {"organisation": item.organisation})
    for update in case.updates.all():  # short updates of the participants (plans.CaseUpdate)
        add(update.created_at, INTERVENTION, "update",
            _("Update van %(organisation)s") % {"organisation": update.organisation or _("onbekend")}, update.text)
    for escalation in case.escalations.all():  # escalations.Escalation: raised, and resolved by a manager
        # Whoever reads the case reads its escalations (access.escalations): both events link to its page.
        page = path_to("escalations:detail", [escalation.pk])
        add(escalation.raised_on, INTERVENTION, "escalation",
            _("Geëscaleerd door %(organisation)s: %(reason)s") % {
                "organisation": escalation.raised_by_organisation or _("onbekend"),
                "reason": escalation.get_reason_display()}, escalation.explanation, link=page)
        if escalation.resolved_on:
            add(escalation.resolved_on, INTERVENTION, "escalation-resolved",
                _("Escalatie afgehandeld: %(outcome)s") % {"outcome": escalation.get_outcome_display()},
                escalation.resolution, link=page)
    moments: dict[tuple, int] = {}
    kinds: dict[tuple, str] = {}
    for measurement in case.measurements.all():
        key = (measurement.date, measurement.kind)
        moments[key] = moments.get(key, 0) + 1
        kinds[key] = measurement.get_kind_display()
    for (day, _kind), count in moments.items():
        add(day, MEASUREMENT, "measurement", _("Meting: %(kind)s") % {"kind": kinds[(day, _kind)]},
            ngettext("%(count)d leefgebied", "%(count)d leefgebieden", count) % {"count": count})
    for reopening in case.reopenings.all():  # casework: a closed case taken back in regie (its earlier end stays)
        add(reopening.closed_on, END, "closed", _("Afgesloten"), str(reopening.end_reason))
        add(reopening.reopened_at, END, "reopened", _("Heropend"), reopening.reason)
    if case.end_date:
        continuation = getattr(case, "continuation", None) if case.end_reason and case.end_reason.is_internal_transfer else None
        if continuation is not None:
            add(case.end_date, END, "transfer-out",
                _("Overgedragen naar %(approach)s") % {"approach": continuation.registration.approach},
                continuation.registration.ref, case_link=continuation.pk)
        else:
            add(case.end_date, END, "closed", _("Afgesloten"), str(case.end_reason or ""))
    return sorted(events, key=lambda e: (e.date, e.stage, e.time, e.sequence), reverse=True)
