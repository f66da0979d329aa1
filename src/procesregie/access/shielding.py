"""Participants who see less: the WGS's private and incidental participants (docs/decisions/0020).

An organisation is a *public*, *private* or *incidental* participant of the house under the WGS
(`accounts.Organisation.wgs_participant`). A user of a private or incidental one (`sees_less`) sees of every case
they may see (`access.cases.cases_visible_to`) everything except:

1. **police registrations** (`subjects.PoliceRegistration`): never;
2. **justice data**: what an organisation of the criminal-justice chain (`JUSTICE_KINDS`: politie, Openbaar
   Ministerie, reclassering) put into the case: its short updates, the interventions it carries, the decisions it
   follows up (as owner), the reason of a registration it made, and the explanation and resolution of an
   escalation it raised. What the procesregisseur or another partner writes is not justice data by this rule;
   they mark it "alleen publieke partners" when it is;
3. **anything marked "alleen publieke partners"** (`public_only`): a short update and a decision are left out
   whole; of a discussion only the notes (the date, the meeting and who sat at the table stay: the house's own
   record that the case was discussed).
4. **what the privacy officer wrote about a data subject's restriction or correction** (`subjects.RightsRequest`
   description, decision 0019): they see that a restriction of processing is in force and since when, and the
   dates of the corrections, not the text (it may say what is restricted and why: an objection, a dispute).

An *incidental* participant moreover sees a case only while it is invited: its organisation takes part in the case
(an active participation, `Participation.objects.active()`) with an agreed end (`until`, required), and an agenda
item of that case lists it among its guests (`meetings.AgendaItem.guests`). Of a meeting it opens only the agenda
items that list it, and of the case's meetings (case page, timeline, case summary) it sees only those items, their
discussions and decisions; it never opens meetings through a table's membership.

What is left out is left out without a trace (no "hidden" marker, no count), except the registration's reason,
which says it is not shown rather than "not recorded". Pages ask the predicates below of what they read; lists read
from the database filter with the conditions (`*_condition`). Every rule is in the access matrix
(tests/access/test_shielding_matrix.py).

This package sits below the apps, so it names models instead of importing them.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from procesregie.accounts.models import OrganisationKind, WgsParticipant

from .users import is_active, partner_organisation_id

# The criminal-justice chain: what these organisations write into a case is justice data (rule 2).
JUSTICE_KINDS = frozenset({OrganisationKind.POLITIE, OrganisationKind.OM, OrganisationKind.RECLASSERING})
# WGS participants who see less.
LIMITED_PARTICIPANTS = frozenset({WgsParticipant.PRIVAAT, WgsParticipant.INCIDENTEEL})


def _model(name: str):
    return apps.get_model(*name.split("."))


def _organisation(user):
    """The user's organisation (loaded with the user by accounts.backends.UserBackend: no query)."""
    return user.organisation if is_active(user) and user.organisation_id else None


def sees_less(user) -> bool:
    """Whether `user` acts for a private or incidental WGS participant (rules 1 to 3 apply to them)."""
    organisation = _organisation(user)
    return organisation is not None and organisation.wgs_participant in LIMITED_PARTICIPANTS


def incidental_organisation_id(user) -> int | None:
    """The organisation of a ketenpartner of an incidental participant, else None."""
    organisation_id = partner_organisation_id(user)
    if organisation_id and user.organisation.wgs_participant == WgsParticipant.INCIDENTEEL:
        return organisation_id
    return None


def is_justice_organisation(organisation) -> bool:
    return organisation is not None and organisation.kind in JUSTICE_KINDS


# --- an incidental participant: invited, until a date ---------------------------------------------------------------


def invitation_condition(user) -> Q:
    """The condition on `casework.Case` that an incidental participant is invited (active participation with an
    `until`, and an agenda item of the case that lists its organisation as a guest). Always true for everyone else."""
    organisation_id = incidental_organisation_id(user)
    if organisation_id is None:
        return Q()
    dated = _model("casework.Participation").objects.active().filter(
        case=OuterRef("pk"), organisation_id=organisation_id, until__isnull=False
    )
    invited = _model("meetings.AgendaItem").objects.filter(case=OuterRef("pk"), guests=organisation_id)
    return Q(Exists(dated)) & Q(Exists(invited))


def agenda_item_condition(user) -> Q:
    """The condition on `meetings.AgendaItem` for the items of a meeting whose content `user` may see (besides seeing
    the case): for an incidental participant only those that list it as a guest."""
    organisation_id = incidental_organisation_id(user)
    return Q() if organisation_id is None else Q(guests=organisation_id)


def needs_end_date(organisation) -> bool:
    """An incidental participant takes part in a case only with an agreed end (`Participation.until`)."""
    return organisation is not None and organisation.wgs_participant == WgsParticipant.INCIDENTEEL


def invitation_needed_condition(prefix: str = "") -> Q:
    """The condition on `accounts.Organisation` (behind `prefix`, e.g. "organisation__") of the organisations that see
    a case only through an invitation: the incidental participants (the meeting page offers to invite them)."""
    return Q(**{f"{prefix}wgs_participant": WgsParticipant.INCIDENTEEL})


def opens_meetings_as_member(user) -> bool:
    """A table's member organisation opens its meetings, except an incidental participant (only by invitation)."""
    return incidental_organisation_id(user) is None


# --- what of a visible case is shown --------------------------------------------------------------------------------


def shows_police_registrations(user) -> bool:
    """Rule 1."""
    return is_active(user) and not sees_less(user)


def shows_update(user, update) -> bool:
    """A short update (`plans.CaseUpdate`, with its organisation loaded)."""
    if not sees_less(user):
        return True
    return not update.public_only and not is_justice_organisation(update.organisation)


def shows_decision(user, decision) -> bool:
    """A decision of a meeting (`meetings.Decision`, with its owner loaded)."""
    if not sees_less(user):
        return True
    return not decision.public_only and not is_justice_organisation(decision.owner)


def shows_intervention(user, intervention) -> bool:
    """An agreed intervention (`plans.CaseIntervention`, with its organisation loaded)."""
    return not sees_less(user) or not is_justice_organisation(intervention.organisation)


def shows_discussion_notes(user, discussion) -> bool:
    return not sees_less(user) or not discussion.public_only


def shows_registration_reason(user, registration) -> bool:
    """The reason of a registration (with `reported_by` loaded)."""
    return not sees_less(user) or not is_justice_organisation(registration.reported_by)


def shows_escalation_text(user, escalation) -> bool:
    """The explanation and resolution of an escalation (with `raised_by_organisation` loaded)."""
    return not sees_less(user) or not is_justice_organisation(escalation.raised_by_organisation)


def shows_rights_request_text(user) -> bool:
    """Rule 4: the officer's text of a restriction or correction shown on a case or registration
    (`subjects.rights.rights_notices`); the fact and the date are shown to whoever sees the case."""
    return is_active(user) and not sees_less(user)


def offers_public_only(user) -> bool:
    """Whether `user` is offered "Alleen publieke partners" (`public_only`) on a short update they write: not who sees
    less, as ticking it would hide their own update from their own organisation (and every other limited partner).
    The form leaves the checkbox out for them and `plans.updates.case_update_add` ignores it."""
    return is_active(user) and not sees_less(user)


def _justice_kinds() -> list[str]:
    return [str(kind) for kind in JUSTICE_KINDS]


def updates_condition(user) -> Q:
    """The condition on `plans.CaseUpdate` for the updates shown to `user` (a list read from the database)."""
    if not sees_less(user):
        return Q()
    return Q(public_only=False) & ~Q(organisation__kind__in=_justice_kinds())


def decisions_condition(user) -> Q:
    """The condition on `meetings.Decision` for the decisions shown to `user` (an incidental participant: only those
    of the agenda items that invite it)."""
    if not sees_less(user):
        return Q()
    condition = Q(public_only=False) & (Q(owner__isnull=True) | ~Q(owner__kind__in=_justice_kinds()))
    organisation_id = incidental_organisation_id(user)
    if organisation_id is not None:
        condition &= Q(agenda_item__guests=organisation_id)
    return condition


def interventions_condition(user) -> Q:
    """The condition on `plans.CaseIntervention` for the interventions shown to `user`."""
    return Q() if not sees_less(user) else ~Q(organisation__kind__in=_justice_kinds())


# --- applying the rules to what a page read -------------------------------------------------------------------------


def _keep(instance, relation: str, predicate) -> None:
    """Narrow a prefetched relation of `instance` in memory to the objects `predicate` keeps (no query)."""
    cache = getattr(instance, "_prefetched_objects_cache", {})
    if relation not in cache:
        return
    narrowed = cache[relation]._chain()
    narrowed._result_cache = [obj for obj in cache[relation] if predicate(obj)]
    narrowed._prefetch_done = True
    cache[relation] = narrowed


def shield_registration(user, registration) -> None:
    """Leave out the reason of `registration` when `user` may not read it (rule 2); `reason_shielded` tells the page."""
    registration.reason_shielded = not shows_registration_reason(user, registration)
    if registration.reason_shielded:
        registration.reason = ""


def shield_discussion(user, discussion) -> None:
    """Leave out the notes of `discussion` when they are for public partners only (rule 3)."""
    if not shows_discussion_notes(user, discussion):
        discussion.notes = ""


def shield_escalation(user, escalation) -> None:
    if not shows_escalation_text(user, escalation):
        escalation.explanation = ""
        escalation.resolution = ""


def _keep_invited_items(user, case) -> None:
    """An incidental participant: of the case's agenda items and discussions only those of the items that invite it
    (one query, for them only)."""
    organisation_id = incidental_organisation_id(user)
    if organisation_id is None:
        return
    invited = list(_model("meetings.AgendaItem").objects.filter(case=case, guests=organisation_id)
                   .values_list("pk", "meeting_id"))
    items, meetings = {pk for pk, _meeting in invited}, {meeting for _pk, meeting in invited}
    _keep(case, "agenda_items", lambda item: item.pk in items)
    _keep(case, "discussions", lambda discussion: discussion.meeting_id in meetings)


def shield_case(user, case) -> None:
    """Apply rules 1 to 3 to a case as a page read it (its relations prefetched), in memory and without queries:
    what `user` may not see is gone from the case before any panel, the timeline or a template reads it. A page that
    reads a case for display only calls this once, right after the read; nothing read so is saved. An incidental
    participant keeps only the agenda items (and their meetings' discussions) that invite it."""
    if not sees_less(user):
        return
    _keep_invited_items(user, case)
    shield_registration(user, case.registration)
    _keep(case, "updates", lambda update: shows_update(user, update))
    _keep(case, "interventions", lambda item: shows_intervention(user, item))
    for discussion in case.discussions.all() if "discussions" in getattr(case, "_prefetched_objects_cache", {}) else ():
        shield_discussion(user, discussion)
    for item in case.agenda_items.all() if "agenda_items" in getattr(case, "_prefetched_objects_cache", {}) else ():
        _keep(item, "decisions", lambda decision: shows_decision(user, decision))
    for escalation in case.escalations.all() if "escalations" in getattr(case, "_prefetched_objects_cache", {}) else ():
        shield_escalation(user, escalation)
