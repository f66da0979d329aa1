"""Services that write tables' settings, meetings, agendas, discussions and decisions.

Keyword-only, `actor` first, atomic. Access is checked here (web, API and CLI all pass through): what the actor
may not touch raises `NotFound` (the caller answers 404); refused input raises `DomainError`; a stale
discussion form raises `Conflict`. The access log entry is written in the same transaction, one entry per data
subject whose data changed, so a rolled-back change leaves no entry and a failed entry leaves no change.
"""

import datetime
import hashlib

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.rules import ADMINISTER, CHANGE, DIRECT, can
from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.models import Case, Participation
from procesregie.casework.selectors import subject_targets
from procesregie.core.errors import Conflict, DomainError, NotFound
from procesregie.core.refs import new_ref
from procesregie.core.text import clean_text
from procesregie.plans.services import intervention_agree

from . import candidates
from .models import AgendaItem, Decision, Discussion, Meeting

NOTES_MAX_LENGTH = 20_000
DECISION_MAX_LENGTH = 4_000
LOCATION_MAX_LENGTH = Meeting._meta.get_field("location").max_length
CADENCE_MAX_LENGTH = 100


def _not_found() -> NotFound:
    return NotFound(_("Niet gevonden."))


def _subject_targets(obj, case: Case) -> list[AccessTarget]:
    """One target per data subject of `case`, about `obj` (the row written)."""
    return [
        AccessTarget(obj=obj, subject_key=target.obj.subject_key, purpose_case=case) for target in subject_targets(case)
    ]


def _log_case_write(*, actor, action: str, obj, case: Case, meeting: Meeting, request) -> None:
    """One entry per data subject of `case` about the row `obj` that was written at `meeting`."""
    record_accesses(
        actor=actor, action=action, targets=_subject_targets(obj, case), purpose_approach=meeting.table.approach,
        request=request,
    )


# Tables ----------------------------------------------------------------------------------------------------------

@transaction.atomic
def table_update(*, actor, table, cadence: str, members, request=None):
    """The functional administrator sets a table's cadence and member organisations."""
    if not can(actor, ADMINISTER, table):
        raise _not_found()
    table.cadence = clean_text(cadence, max_length=CADENCE_MAX_LENGTH)
    table.save(update_fields=["cadence"])
    table.members.set(members)
    record_access(actor=actor, action=Action.UPDATE, obj=table, purpose_approach=table.approach, request=request)
    return table


# Meetings --------------------------------------------------------------------------------------------------------

def _check_directs(actor, table) -> None:
    if table is None or not can(actor, DIRECT, table):
        raise _not_found()


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting row, locked until the transaction ends: agenda changes of one meeting run one at a time."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("table__approach").get(pk=meeting.pk)


@transaction.atomic
def meeting_schedule(
    *, actor, table, date: datetime.date, starts_at: datetime.time | None = None, location: str = "", request=None
) -> Meeting:
    """A procesregisseur of `table` schedules a meeting of it."""
    _check_directs(actor, table)
    meeting = Meeting.objects.create(
        ref=new_ref(Meeting, "O-"),
        table=table,
        date=date,
        starts_at=starts_at,
        location=clean_text(location, max_length=LOCATION_MAX_LENGTH),
    )
    record_access(actor=actor, action=Action.CREATE, obj=meeting, purpose_approach=table.approach, request=request)
    return meeting


@transaction.atomic
def meeting_update(
    *, actor, meeting: Meeting, date: datetime.date, starts_at: datetime.time | None = None, location: str = "",
    request=None,
) -> Meeting:
    """Move a meeting or change its place. Its discussions take the new date (a discussion's date is its meeting's)."""
    _check_directs(actor, meeting.table)
    current = _locked_meeting(meeting)
    moved = current.date != date
    recorded = current.discussions.exists() or Decision.objects.filter(agenda_item__meeting=current).exists()
    if moved and date > timezone.localdate() and recorded:
        raise DomainError(_("Over dit overleg is al iets vastgelegd; het kan niet naar een datum in de toekomst."))
    current.date, current.starts_at = date, starts_at
    current.location = clean_text(location, max_length=LOCATION_MAX_LENGTH)
    current.save(update_fields=["date", "starts_at", "location"])
    approach = current.table.approach
    record_access(actor=actor, action=Action.UPDATE, obj=current, purpose_approach=approach, request=request)
    if moved:
        discussions = list(Discussion.objects.filter(meeting=current).select_related(
            "case__registration__person", "case__registration__system"
        ))
        Discussion.objects.filter(meeting=current).update(date=date)
        targets = [target for discussion in discussions for target in _subject_targets(discussion, discussion.case)]
        if targets:
            record_accesses(actor=actor, action=Action.UPDATE, targets=targets, purpose_approach=approach, request=request)
    return current


# The agenda ------------------------------------------------------------------------------------------------------

def _renumber(meeting: Meeting, ordered: list[AgendaItem]) -> None:
    for position, item in enumerate(ordered, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def agenda_item_add(*, actor, meeting: Meeting, case: Case, request=None) -> AgendaItem:
    """Put a case of the meeting's table on the agenda, at the end."""
    _check_directs(actor, meeting.table)
    if not can(actor, CHANGE, case):
        raise _not_found()
    current = _locked_meeting(meeting)
    table = current.table
    case = Case.objects.select_related("registration").get(pk=case.pk)
    if not (case.table_id == table.pk or (case.table_id is None and case.registration.approach_id == table.approach_id)):
        raise DomainError(_("Deze casus hoort niet bij deze overlegtafel."))
    if not accepts_changes(case):
        raise DomainError(_("Deze casus is niet in regie; hij kan niet op de agenda."))
    if current.agenda_items.filter(case=case).exists():
        raise DomainError(_("Deze casus staat al op de agenda."))
    last = current.agenda_items.aggregate(last=Max("position"))["last"] or 0
    try:
        with transaction.atomic():
            item = AgendaItem.objects.create(meeting=current, case=case, position=last + 1)
    except IntegrityError:
        raise DomainError(_("Deze casus staat al op de agenda.")) from None
    _log_case_write(actor=actor, action=Action.CREATE, obj=item, case=case, meeting=current, request=request)
    return item


def _item_for_change(actor, item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    """Check access, lock the meeting, and return it with the item's current row (the item must still exist)."""
    found = AgendaItem.objects.select_related("meeting__table", "case").filter(pk=item.pk).first()
    if found is None:
        raise _not_found()
    _check_directs(actor, found.meeting.table)
    if not can(actor, CHANGE, found.case):
        raise _not_found()
    meeting = _locked_meeting(found.meeting)
    try:
        current = AgendaItem.objects.select_related(
            "case__registration__person", "case__registration__system", "case__registration__approach"
        ).get(pk=item.pk, meeting=meeting)
    except AgendaItem.DoesNotExist:
        raise _not_found() from None
    return meeting, current


@transaction.atomic
def agenda_item_move(*, actor, item: AgendaItem, direction: str, request=None) -> AgendaItem:
    """Move an item one place up (`"up"`) or down (`"down"`) on its agenda."""
    if direction not in ("up", "down"):
        raise DomainError(_("Kies omhoog of omlaag."))
    meeting, current = _item_for_change(actor, item)
    ordered = list(meeting.agenda_items.order_by("position", "id"))
    index = [entry.pk for entry in ordered].index(current.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        if direction == "up":
            raise DomainError(_("Dit agendapunt staat al bovenaan."))
        raise DomainError(_("Dit agendapunt staat al onderaan."))
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(meeting, ordered)
    current.refresh_from_db(fields=["position"])
    _log_case_write(actor=actor, action=Action.UPDATE, obj=current, case=current.case, meeting=meeting, request=request)
    return current


@transaction.atomic
def agenda_item_remove(*, actor, item: AgendaItem, request=None) -> None:
    """Take a case off the agenda, as long as nothing was recorded about it at this meeting."""
    meeting, current = _item_for_change(actor, item)
    if current.decisions.exists() or Discussion.objects.filter(meeting=meeting, case_id=current.case_id).exists():
        raise DomainError(_("Over deze casus is in dit overleg al iets vastgelegd; hij blijft op de agenda."))
    _log_case_write(actor=actor, action=Action.DELETE, obj=current, case=current.case, meeting=meeting, request=request)
    current.delete()
    _renumber(meeting, list(meeting.agenda_items.order_by("position", "id")))


# Discussions and decisions ---------------------------------------------------------------------------------------

def _check_held(meeting: Meeting) -> None:
    """Discussions and decisions are recorded for a meeting that took place (today or earlier)."""
    if meeting.date > timezone.localdate():
        raise DomainError(_(
            "Dit overleg heeft nog niet plaatsgevonden. Bespreking en besluiten legt u vast vanaf de dag van het overleg."
        ))


def _discussion(meeting: Meeting, case_id: int) -> Discussion | None:
    return Discussion.objects.filter(meeting=meeting, case_id=case_id).order_by("id").first()


def _check_attendance(meeting: Meeting, case: Case, organisations) -> None:
    allowed = set(candidates.attendance_organisations(table=meeting.table, case=case).values_list("pk", flat=True))
    if any(organisation.pk not in allowed for organisation in organisations):
        raise DomainError(_("Kies alleen organisaties van deze overlegtafel of van deze casus."))


@transaction.atomic
def discussion_record(
    *,
    actor,
    item: AgendaItem,
    version: int,
    client_present: bool,
    expert_present: bool,
    organisations_present=(),
    notes: str = "",
    public_only: bool = False,
    request=None,
) -> Discussion:
    """Record how a case was discussed: who was at the table, the client, an expert by experience, notes.

    `version` is the version the form showed (0 when nothing was recorded yet); when the record changed since,
    `Conflict` is raised and nothing is saved. The discussion's date is the meeting's.
    """
    meeting, current = _item_for_change(actor, item)
    _check_held(meeting)
    case = current.case
    discussion = _discussion(meeting, case.pk)
    stored_version = discussion.version if discussion else 0
    if version != stored_version:
        raise Conflict(_(
            "Iemand anders heeft deze bespreking intussen gewijzigd. Er is niets opgeslagen. "
            "Uw invoer staat hieronder nog; vergelijk die met de opgeslagen versie en sla opnieuw op."
        ))
    organisations = list(organisations_present)
    _check_attendance(meeting, case, organisations)
    created = discussion is None
    if created:
        discussion = Discussion(meeting=meeting, case=case)
    discussion.date = meeting.date
    discussion.client_present = bool(client_present)
    discussion.expert_present = bool(expert_present)
    discussion.notes = clean_text(notes, max_length=NOTES_MAX_LENGTH)
    discussion.public_only = bool(public_only)  # "alleen publieke partners" (access.shielding)
    discussion.version = stored_version + 1
    discussion.save()
    discussion.organisations_present.set(organisations)
    action = Action.CREATE if created else Action.UPDATE
    _log_case_write(actor=actor, action=action, obj=discussion, case=case, meeting=meeting, request=request)
    return discussion


def _check_owner(*, actor, meeting: Meeting, case: Case, owner, owner_person, with_intervention: bool) -> None:
    """The owner is an organisation at the table for this case (for a decision without an intervention the actor's
    own organisation too); a named person is an active user of that organisation."""
    if owner is None:
        raise DomainError(_("Kies de organisatie die het besluit uitvoert."))
    allowed = set(candidates.attendance_organisations(table=meeting.table, case=case).values_list("pk", flat=True))
    if not with_intervention and getattr(actor, "organisation_id", None):
        allowed.add(actor.organisation_id)
    if owner.pk not in allowed:
        raise DomainError(_("Kies alleen organisaties van deze overlegtafel of van deze casus."))
    if owner_person is not None and (owner_person.organisation_id != owner.pk or not owner_person.is_active):
        raise DomainError(_("De contactpersoon hoort niet bij de gekozen organisatie."))


def draft_fingerprint(notes: str) -> str:
    """What a preparation form carries of the draft it was opened with, to notice a change by someone else."""
    return hashlib.sha256(notes.encode()).hexdigest()[:16]


@transaction.atomic
def agenda_item_prepare(
    *, actor, item: AgendaItem, notes: str, opened_with: str | None = None, request=None
) -> AgendaItem:
    """Prepare the discussion of an agenda item before the meeting: draft notes, seen only by who directs the meeting.

    The draft is where the discussion form starts when it is confirmed (on or after the meeting date); once the
    discussion is recorded, the draft is done with and cannot be changed any more. `opened_with` is the
    `draft_fingerprint` of the draft the form showed: when the draft changed since, `Conflict` and nothing saved.
    """
    meeting, current = _item_for_change(actor, item)
    if _discussion(meeting, current.case_id) is not None:
        raise DomainError(_("De bespreking is al vastgelegd; wijzig die in plaats van de voorbereiding."))
    if opened_with is not None and opened_with != draft_fingerprint(current.prepared_notes):
        raise Conflict(_(
            "Iemand anders heeft de voorbereiding intussen gewijzigd. Er is niets opgeslagen. "
            "Uw invoer staat hieronder nog; vergelijk die met de opgeslagen versie en sla opnieuw op."
        ))
    current.prepared_notes = clean_text(notes, max_length=NOTES_MAX_LENGTH)
    current.save(update_fields=["prepared_notes"])
    _log_case_write(actor=actor, action=Action.UPDATE, obj=current, case=current.case, meeting=meeting, request=request)
    return current


@transaction.atomic
def decision_add(
    *,
    actor,
    item: AgendaItem,
    text: str,
    owner=None,
    due_date: datetime.date | None = None,
    owner_person=None,
    intervention=None,
    goal=None,
    public_only: bool = False,
    request=None,
) -> Decision:
    """Record a decision about an agenda item: what, which organisation follows it up (optionally a named person of
    it) and by when. With an intervention from the catalogue the decision becomes an agreed intervention of the
    case's plan, carried by that organisation and person, due that date, serving `goal` when it serves one.

    A decision means the case was discussed: when no discussion was recorded yet, an empty one is created
    (version 0, so an open discussion form is not made stale by it).
    """
    meeting, current = _item_for_change(actor, item)
    _check_held(meeting)
    case = current.case
    text = clean_text(text, max_length=DECISION_MAX_LENGTH)
    if not text:
        raise DomainError(_("Beschrijf het besluit."))
    if due_date is None:
        raise DomainError(_("Vul de datum in waarop het besluit uitgevoerd moet zijn."))
    if due_date < meeting.date:
        raise DomainError(_("De uiterste datum ligt vóór de datum van het overleg."))
    _check_owner(actor=actor, meeting=meeting, case=case, owner=owner, owner_person=owner_person,
                 with_intervention=intervention is not None)
    if goal is not None and (intervention is None or goal.case_id != case.pk):
        raise DomainError(_("Een doel kiest u bij een interventie van deze casus."))
    case_intervention = None
    if intervention is not None:
        # The plan's service checks and logs the intervention itself; it raises the plan's version, so plan
        # forms opened before this decision become stale.
        case_intervention = intervention_agree(
            actor=actor, case=case, intervention=intervention, organisation=owner, responsible_person=owner_person,
            goal=goal, agreed_on=meeting.date, due_date=due_date, expected_version=None, request=request,
        )
    if _discussion(meeting, case.pk) is None:
        Discussion.objects.create(meeting=meeting, case=case, date=meeting.date, version=0)
    decision = Decision.objects.create(
        agenda_item=current,
        text=text,
        public_only=bool(public_only),  # "alleen publieke partners" (access.shielding)
        case_intervention=case_intervention,
        owner=owner,
        owner_person=owner_person,
        due_date=due_date,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _log_case_write(actor=actor, action=Action.CREATE, obj=decision, case=case, meeting=meeting, request=request)
    return decision


@transaction.atomic
def agenda_item_invite(*, actor, item: AgendaItem, organisation, request=None) -> AgendaItem:
    """Invite `organisation` for this agenda item's discussion only (`AgendaItem.guests`): an incidental WGS
    participant sees the case through this invitation, while its participation runs (access.shielding). The
    organisation must take part in the case; inviting it twice changes nothing."""
    meeting, current = _item_for_change(actor, item)
    if organisation is None or not Participation.objects.active().filter(
        case_id=current.case_id, organisation=organisation
    ).exists():
        raise DomainError(_("Nodig alleen een organisatie uit die aan deze casus deelneemt."))
    current.guests.add(organisation)
    _log_case_write(actor=actor, action=Action.UPDATE, obj=current, case=current.case, meeting=meeting, request=request)
    return current
