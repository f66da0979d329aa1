"""The inzage document: everything the house holds about one data subject (a person or a system), which
organisations took part, and who accessed the data when and why (the access log), as one plain dict.

The dict is what the JSON download is; the HTML preview and the PDF render the same dict
(`privacy.inzage_rendering`). It is read in a fixed number of queries, whatever the size of the history
(`inzage_document` asserts nothing about that itself: tests/privacy/test_inzage.py counts them).

What it holds, for a person: their stored data, the systems they are a member of, every registration of them or
of those systems (the triage, and the case that followed: participants, plan goals, interventions, updates,
discussions with notes, agenda items with their preparation and decisions, measurements, escalations,
reopenings), every signal about them or those systems, police registrations, retention extensions, their rights
requests, the organisations that took part, and every access-log entry with their pseudonymous key. For a system:
the same, with its members instead of its systems. Texts marked "alleen publieke partners" are included: that
mark shields them from some participants, not from the data subject.

Staff are named where the house's own records name them for the subject's sake (the case's procesregisseur) and
in the access log (who accessed, as NEN 7513 asks); the authors of notes are given by organisation.

A household's (system's) registrations and signals are about every member: their texts hold other people's data.
They are marked `about_household`, and the document opens with a notice for the privacy officer (`HOUSEHOLD_NOTICE`)
that those parts must be weighed and, where needed, redacted before the document is handed over (AVG art. 15 lid 4).
Other members of a household are named with their role only (no reference, no birth date); in a person's document
the person is marked among them (`is_subject`). Everyone whose data is in the document is an exported subject
(`subjects_in_document`): the views log an export for each.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from procesregie.access.users import role_names
from procesregie.accounts.models import Organisation
from procesregie.audit.models import AccessLogEntry
from procesregie.audit.services import ANONYMOUS_USERNAME, SYSTEM_USERNAME
from procesregie.casework.models import Case, Participation, Registration
from procesregie.escalations.models import Escalation
from procesregie.meetings.models import AgendaItem, Decision, Discussion
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention, CaseUpdate, Goal
from procesregie.reference.models import Approach
from procesregie.retention.models import RetentionExtension
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, PoliceRegistration, RightsRequest, System, SystemMember

FORMAT_VERSION = 1

# Why an organisation appears in the document (the keys of `organisations[].roles`), in the order shown.
ORGANISATION_ROLES = ("reported", "signal", "participant", "case_holder", "intervention", "present", "update",
                      "decision")


def household_notice() -> str:
    return _("Let op, voor de privacyfunctionaris: de delen gemarkeerd met “over het huishouden” gaan over "
             "het hele huishouden en kunnen gegevens van andere leden bevatten. Weeg die gegevens af en lak ze zo "
             "nodig voordat u het document verstrekt: het recht op een kopie mag de rechten en vrijheden van anderen "
             "niet schaden (AVG artikel 15 lid 4).")


def role_labels() -> dict[str, str]:
    return {
        "reported": _("meldde aan"),
        "signal": _("deed een melding of vroeg advies"),
        "participant": _("nam deel aan de casus"),
        "case_holder": _("casushouder"),
        "intervention": _("voerde een interventie uit"),
        "present": _("zat aan tafel bij een bespreking"),
        "update": _("schreef een update"),
        "decision": _("volgt een besluit op"),
    }


def _date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def _name(obj) -> str | None:
    return str(obj) if obj is not None else None


def _user(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class _Organisations:
    """Collects the organisations that took part, with why and between which dates."""

    def __init__(self):
        self.roles: dict[int, set[str]] = defaultdict(set)
        self.dates: dict[int, list[datetime.date]] = defaultdict(list)
        self.names: dict[int, str] = {}

    def add(self, organisation, role: str, *dates) -> None:
        if organisation is None:
            return
        self.names[organisation.pk] = str(organisation)
        self.roles[organisation.pk].add(role)
        for value in dates:
            if isinstance(value, datetime.datetime):
                value = timezone.localtime(value).date()
            if value is not None:
                self.dates[organisation.pk].append(value)

    def as_list(self) -> list[dict]:
        labels = role_labels()
        rows = []
        for pk, name in self.names.items():
            dates = self.dates[pk]
            rows.append({
                "organisation": name,
                "roles": [labels[role] for role in ORGANISATION_ROLES if role in self.roles[pk]],
                "first": _date(min(dates)) if dates else None,
                "last": _date(max(dates)) if dates else None,
            })
        return sorted(rows, key=lambda row: (row["first"] or "", row["organisation"]))


def _cases(registration_ids: list[int]) -> dict[int, Case]:
    """The cases of these registrations with everything the document shows, by registration id (fixed queries)."""
    cases = Case.objects.filter(registration_id__in=registration_ids).select_related(
        "end_reason", "table", "procesregisseur", "case_holder", "transferred_from__registration",
    ).prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("organisation")),
        Prefetch("goals", queryset=Goal.objects.select_related("domain")),
        Prefetch("interventions", queryset=CaseIntervention.objects.select_related(
            "intervention", "organisation", "goal")),
        Prefetch("updates", queryset=CaseUpdate.objects.select_related("organisation")),
        Prefetch("discussions", queryset=Discussion.objects.select_related("meeting__table").prefetch_related(
            "organisations_present")),
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting__table").prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("owner")))),
        Prefetch("measurements", queryset=Measurement.objects.select_related("domain")),
        Prefetch("escalations", queryset=Escalation.objects.select_related(
            "raised_by_organisation", "concerns_organisation")),
        "reopenings__end_reason",
    )
    return {case.registration_id: case for case in cases}


def _case(case: Case, organisations: _Organisations) -> dict:
    organisations.add(case.case_holder, "case_holder", case.start_date, case.end_date)
    for participation in case.participations.all():
        organisations.add(participation.organisation, "participant",
                          participation.since or participation.added_at,
                          participation.until or participation.removed_at)
    for intervention in case.interventions.all():
        organisations.add(intervention.organisation, "intervention", intervention.agreed_on)
    for update in case.updates.all():
        organisations.add(update.organisation, "update", update.created_at)
    for discussion in case.discussions.all():
        for organisation in discussion.organisations_present.all():
            organisations.add(organisation, "present", discussion.date)
    for item in case.agenda_items.all():
        for decision in item.decisions.all():
            organisations.add(decision.owner, "decision", item.meeting.date)
    return {
        "status": case.get_status_display(),
        "start_date": _date(case.start_date),
        "end_date": _date(case.end_date),
        "end_reason": _name(case.end_reason),
        "table": _name(case.table),
        "procesregisseur": _user(case.procesregisseur),
        "case_holder": _name(case.case_holder),
        "continues": case.transferred_from.registration.ref if case.transferred_from_id else None,
        "participants": [{
            "organisation": str(p.organisation),
            "since": _date(p.since), "until": _date(p.until),
            "added_at": _date(p.added_at), "removed_at": _date(p.removed_at),
        } for p in case.participations.all()],
        "goals": [{"domain": str(g.domain), "description": g.description, "status": g.get_status_display()}
                  for g in case.goals.all()],
        "interventions": [{
            "intervention": str(i.intervention), "organisation": str(i.organisation),
            "goal": i.goal.description if i.goal_id else None, "agreed_on": _date(i.agreed_on),
            "due_date": _date(i.due_date), "status": i.get_status_display(), "note": i.note,
        } for i in case.interventions.all()],
        "updates": [{"created_at": _date(u.created_at), "organisation": _name(u.organisation), "text": u.text}
                    for u in case.updates.all()],
        "discussions": [{
            "date": _date(d.date), "meeting": d.meeting.ref, "table": _name(d.meeting.table),
            "client_present": d.client_present,
            "expert_present": d.expert_present,
            "organisations_present": sorted(str(o) for o in d.organisations_present.all()), "notes": d.notes,
        } for d in case.discussions.all()],
        "agenda_items": [{
            "meeting": item.meeting.ref, "table": _name(item.meeting.table), "date": _date(item.meeting.date),
            "preparation": item.prepared_notes,
            "decisions": [{"text": decision.text, "owner": _name(decision.owner),
                           "due_date": _date(decision.due_date)} for decision in item.decisions.all()],
        } for item in case.agenda_items.all()],
        "measurements": [{
            "date": _date(m.date), "kind": m.get_kind_display(), "domain": str(m.domain), "level": m.level,
            "level_label": m.get_level_display(), "note": m.note,
        } for m in case.measurements.all()],
        "escalations": [{
            "raised_on": _date(e.raised_on), "by": _name(e.raised_by_organisation), "reason": e.get_reason_display(),
            "explanation": e.explanation, "concerns": _name(e.concerns_organisation),
            "resolved_on": _date(e.resolved_on), "outcome": e.get_outcome_display() if e.outcome else "",
            "resolution": e.resolution,
        } for e in case.escalations.all()],
        "reopenings": [{"closed_on": _date(r.closed_on), "end_reason": _name(r.end_reason), "reason": r.reason,
                        "reopened_at": _date(r.reopened_at)} for r in case.reopenings.all()],
    }


def _registration(registration: Registration, case: Case | None, organisations: _Organisations) -> dict:
    organisations.add(registration.reported_by, "reported", registration.registered_on)
    return {
        "ref": registration.ref,
        "about_system": registration.system.ref if registration.system_id else None,
        "approach": str(registration.approach),
        "municipality": _name(registration.municipality),
        "reported_by": str(registration.reported_by),
        "about_household": registration.system_id is not None,
        "registered_on": _date(registration.registered_on),
        "reported_name": registration.reported_name,
        "reason": registration.reason,
        "urgency": registration.get_urgency_display(),
        "contact_name": registration.contact_name,
        "status": registration.get_status_display(),
        "triage_on": _date(registration.triage_on),
        "triage_note": registration.triage_note,
        "criteria_met": registration.criteria_met(),
        "destroyed_on": _date(registration.destroyed_on),
        "case": _case(case, organisations) if case is not None else None,
    }


def _signal(signal: Signal, organisations: _Organisations) -> dict:
    organisations.add(signal.reported_by, "signal", signal.date)
    return {
        "ref": signal.ref, "kind": signal.get_kind_display(), "approach": str(signal.approach),
        "about_system": signal.system.ref if signal.system_id else None,
        "about_household": signal.system_id is not None,
        "date": _date(signal.date), "reported_by": str(signal.reported_by), "reporter_name": signal.reporter_name,
        "reported_name": signal.reported_name, "question": signal.question, "advice": signal.advice,
        "outcome": signal.get_outcome_display() if signal.outcome else "",
        "follow_up_on": _date(signal.follow_up_on),
        "registration": signal.registration.ref if signal.registration_id else None,
    }


def _subject(subject: Person | System) -> dict:
    if isinstance(subject, Person):
        return {
            "kind": "person", "ref": subject.ref, "given_name": subject.given_name,
            "family_name": subject.family_name, "bsn": subject.bsn, "birth_date": _date(subject.birth_date),
            "municipality": _name(subject.municipality), "destroyed_on": _date(subject.destroyed_on),
        }
    return {"kind": "system", "ref": subject.ref, "name": subject.name, "municipality": _name(subject.municipality),
            "destroyed_on": _date(subject.destroyed_on)}


def _subject_filter(subject: Person | System, system_ids: list[int]) -> Q:
    if isinstance(subject, Person):
        return Q(person=subject) | Q(system_id__in=system_ids)
    return Q(system=subject)


def _members(system_ids: list[int], subject: Person | None = None) -> dict[int, list[dict]]:
    """The members of these systems by system id, with their role only (other people: no reference, no birth
    date); the person whose document it is marked `is_subject`. One query."""
    members: dict[int, list[dict]] = defaultdict(list)
    for link in SystemMember.objects.filter(system_id__in=system_ids).select_related("person").order_by("id"):
        row = {"name": str(link.person), "role": link.role}
        if subject is not None:
            row["is_subject"] = link.person_id == subject.pk
        members[link.system_id].append(row)
    return members


def subjects_in_document(subject: Person | System) -> list[Person | System]:
    """Every data subject whose data the document of `subject` holds: the subject; for a person, the systems they
    are a member of and those systems' other members (the household's texts and names are in it); for a system,
    its members. The export of the document is logged for each (two queries)."""
    if isinstance(subject, Person):
        systems = list(System.objects.filter(memberships__person=subject).distinct())
    else:
        systems = [subject]
    others = (Person.objects.filter(memberships__system__in=systems).exclude(pk=subject.pk).distinct()
              if systems else [])
    found = [subject, *[system for system in systems if system.pk != subject.pk], *others]
    return found


def _who(username: str, organisation: str, roles: str) -> str:
    """Who accessed, as the subject reads it: the organisation and the role, not the employee (decision 0019)."""
    if username == SYSTEM_USERNAME:
        return _("Procesregie zelf (automatische verwerking)")
    if username == ANONYMOUS_USERNAME:
        return _("niet ingelogd")
    if roles and organisation:
        return f"{roles}, {organisation}"
    return roles or organisation or _("onbekend")


def _readable_log(entries: list[AccessLogEntry]) -> list[dict]:
    """The access log with, beside the codes the log keeps (login name, organisation code, role codes, approach
    code), what a reader understands: the organisation's and approach's names and the roles in Dutch (two queries,
    whatever the number of entries)."""
    organisations = dict(Organisation.objects.filter(
        code__in={e.actor_organisation for e in entries if e.actor_organisation}).values_list("code", "name"))
    approaches = dict(Approach.objects.filter(
        code__in={e.purpose_approach for e in entries if e.purpose_approach}).values_list("code", "name"))
    roles = role_names()
    rows = []
    for e in entries:
        organisation = organisations.get(e.actor_organisation, e.actor_organisation)
        role_text = ", ".join(roles.get(code, code) for code in e.actor_roles.split(",") if code)
        rows.append({
            "sequence": e.sequence, "occurred_at": _date(e.occurred_at), "actor": e.actor_username,
            "organisation": e.actor_organisation, "roles": e.actor_roles, "action": e.get_action_display(),
            "object_type": e.object_type, "purpose_case_id": e.purpose_case_id,
            "purpose_approach": e.purpose_approach, "outcome": e.get_outcome_display(),
            "who": _who(e.actor_username, organisation, role_text), "organisation_name": organisation,
            "role_names": role_text, "purpose_approach_name": approaches.get(e.purpose_approach, e.purpose_approach),
        })
    return rows


# What one line of the access log per month groups by: the organisation and the role, not the employee.
SUMMARY_KEY = ("who", "organisation_name", "role_names", "action", "purpose_case_id", "purpose_approach_name",
               "outcome")


def _month_label(month: str) -> str:
    """"2026-12" as "december 2026"."""
    try:
        return date_format(datetime.date.fromisoformat(f"{month}-01"), "F Y")
    except ValueError:
        return month


def access_summary(access_log: list[dict]) -> list[dict]:
    """The access log of the document (`document["access_log"]`) per calendar month: who (organisation and role)
    did what for which purpose how often, with the first and last time. What the preview and the PDF show; the JSON
    keeps every entry. A five-year history has thousands of entries (each page showing the subject is one): read one
    by one they say less than per month, and a PDF of them all takes WeasyPrint seconds per thousand rows."""
    groups: dict[tuple, dict] = {}
    for entry in access_log:
        key = (entry["occurred_at"][:7], *(entry[name] for name in SUMMARY_KEY))
        group = groups.get(key)
        if group is None:
            groups[key] = {"month": key[0], "month_label": _month_label(key[0]),
                           **{name: entry[name] for name in SUMMARY_KEY}, "count": 1,
                           "first": entry["occurred_at"], "last": entry["occurred_at"]}
        else:
            group["count"] += 1
            group["last"] = entry["occurred_at"]
    return list(groups.values())


def inzage_document(subject: Person | System, *, produced_by=None, produced_at=None) -> dict:
    """The whole document for `subject` (read as it is now). Not scoped: the caller decided the privacy officer
    may (`privacy.selectors`), and logs the export."""
    produced_at = produced_at or timezone.now()
    is_person = isinstance(subject, Person)
    subject = type(subject).objects.select_related("municipality").get(pk=subject.pk)
    if is_person:
        links = list(SystemMember.objects.filter(person=subject).select_related("system"))
        system_ids = [link.system_id for link in links]
        members = _members(system_ids, subject)
        related = [{"ref": link.system.ref, "name": link.system.name, "role": link.role,
                    "members": members.get(link.system_id, [])} for link in links]
    else:
        system_ids = [subject.pk]
        related = _members(system_ids).get(subject.pk, [])
    where = _subject_filter(subject, system_ids)
    registrations = list(Registration.objects.filter(where).select_related(
        "approach", "municipality", "reported_by", "system").order_by("registered_on", "id"))
    cases = _cases([registration.pk for registration in registrations])
    signals = list(Signal.objects.filter(where).select_related(
        "approach", "reported_by", "system", "registration").order_by("date", "id"))
    own = Q(person=subject) if is_person else Q(system=subject)
    police = list(PoliceRegistration.objects.filter(person=subject).order_by("date", "id")) if is_person else []
    extensions = list(RetentionExtension.objects.filter(own).order_by("extended_at", "id"))
    requests = list(RightsRequest.objects.filter(own).order_by("received_on", "id"))
    entries = list(AccessLogEntry.objects.filter(subject_key=subject.subject_key).order_by("sequence"))

    organisations = _Organisations()
    registration_rows = [_registration(r, cases.get(r.pk), organisations) for r in registrations]
    signal_rows = [_signal(s, organisations) for s in signals]
    about_household = (not is_person or any(row["about_household"] for row in [*registration_rows, *signal_rows])
                       or any(len(system["members"]) > 1 for system in related))
    return {
        "document": {
            "kind": "inzage", "format_version": FORMAT_VERSION, "produced_at": _date(produced_at),
            "produced_by": _user(produced_by),
            "household_notice": household_notice() if about_household else None,
        },
        "subject": _subject(subject),
        "systems" if is_person else "members": related,
        "registrations": registration_rows,
        "signals": signal_rows,
        "police_registrations": [{"date": _date(p.date), "kind": p.get_kind_display()} for p in police],
        "retention_extensions": [{"until": _date(e.until), "reason": e.reason, "extended_at": _date(e.extended_at)}
                                 for e in extensions],
        "rights_requests": [{"kind": r.get_kind_display(), "received_on": _date(r.received_on),
                             "description": r.description, "ended_on": _date(r.ended_on)} for r in requests],
        "organisations": organisations.as_list(),
        "access_log": _readable_log(entries),
    }
