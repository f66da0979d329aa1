"""THE access rule: who may see and do what. Nothing else in Procesregie decides visibility.

- A *ketenpartner* sees a case while their organisation participates in it (active participation; a
  removal takes effect on the next request because nothing is cached beyond the request).
- A *procesregisseur* sees the cases of the tables they work at; a case without a table (e.g. imported)
  belongs to the tables of its approach. They also see the registrations waiting for triage there.
- Everything derived from a case (registration, person, system, discussions, measurements, interventions,
  exports, search results, counts) is visible exactly when the case is.
- A ketenpartner also sees the registrations their own organisation made (to read the triage advice).
- Managers, the privacy officer and the functional administrator see no case content through their role.

Out of scope is indistinguishable from nonexistent: callers answer 404, never 403.
This module sits below casework in the layers, so it names models instead of importing them.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from procesregie.accounts.models import Role

VIEW = "view"
CHANGE = "change"  # edit the case, its plan, measurements, participants; close, transfer
TRIAGE = "triage"  # accept or decline a registration


def _model(name: str):
    return apps.get_model(*name.split("."))


def _is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _regie_tables(user) -> QuerySet:
    return _model("reference.Table").objects.filter(procesregisseurs=user)


def _regie_case_filter(user) -> Q:
    tables = _regie_tables(user)
    approaches = tables.values("approach")
    return Q(table__in=tables.values("id")) | Q(table__isnull=True, registration__approach__in=approaches)


def _partner_case_filter(user) -> Q:
    participation = _model("casework.Participation").objects.filter(
        case=OuterRef("pk"), organisation_id=user.organisation_id, removed_at__isnull=True
    )
    return Q(Exists(participation))


def cases_visible_to(user) -> QuerySet:
    """The cases `user` may see. Start every case read here."""
    case = _model("casework.Case")
    if not _is_active(user):
        return case.objects.none()
    condition = Q(pk__in=[])
    if user.has_role(Role.PROCESREGISSEUR):
        condition |= _regie_case_filter(user)
    if user.has_role(Role.KETENPARTNER) and user.organisation_id:
        condition |= _partner_case_filter(user)
    return case.objects.filter(condition)


def registrations_visible_to(user) -> QuerySet:
    """Registrations with a visible case, awaiting or refused triage at the user's tables, or made by their organisation."""
    registration = _model("casework.Registration")
    if not _is_active(user):
        return registration.objects.none()
    condition = Q(case__in=cases_visible_to(user).values("pk"))
    if user.has_role(Role.PROCESREGISSEUR):
        condition |= Q(case__isnull=True, approach__in=_regie_tables(user).values("approach"))
    if user.has_role(Role.KETENPARTNER) and user.organisation_id:
        condition |= Q(reported_by_id=user.organisation_id)
    return registration.objects.filter(condition)


def persons_visible_to(user) -> QuerySet:
    """Persons who are the subject, or a member of the system, of a registration the user may see."""
    person = _model("subjects.Person")
    registrations = registrations_visible_to(user)
    return person.objects.filter(
        Q(pk__in=registrations.filter(person__isnull=False).values("person"))
        | Q(memberships__system__in=registrations.filter(system__isnull=False).values("system"))
    ).distinct()


def systems_visible_to(user) -> QuerySet:
    system = _model("subjects.System")
    return system.objects.filter(pk__in=registrations_visible_to(user).filter(system__isnull=False).values("system"))


def can(user, action: str, obj) -> bool:
    """May `user` do `action` on `obj` (a case or a registration)? Unknown actions and objects: no."""
    label = obj._meta.label
    if label == "casework.Case":
        if action == VIEW:
            return cases_visible_to(user).filter(pk=obj.pk).exists()
        if action == CHANGE:
            return (_is_active(user) and user.has_role(Role.PROCESREGISSEUR)
                    and case_regie_queryset(user).filter(pk=obj.pk).exists())
        return False
    if label == "casework.Registration":
        if action == VIEW:
            return registrations_visible_to(user).filter(pk=obj.pk).exists()
        if action == TRIAGE:
            return (_is_active(user) and user.has_role(Role.PROCESREGISSEUR)
                    and _regie_tables(user).filter(approach_id=obj.approach_id).exists())
        return False
    return False


def case_regie_queryset(user) -> QuerySet:
    """Cases the user directs as procesregisseur (a subset of the visible ones)."""
    return _model("casework.Case").objects.filter(_regie_case_filter(user))


def can_see_aggregates(user) -> bool:
    """Managers and procesregisseurs see the house's aggregate figures (annual report): no personal data."""
    return _is_active(user) and bool({Role.MANAGER, Role.PROCESREGISSEUR} & user.role_set())


def can_see_personal_data(user) -> bool:
    """Roles whose work involves case content at all (for menus and aggregate pages)."""
    return _is_active(user) and bool({Role.PROCESREGISSEUR, Role.KETENPARTNER} & user.role_set())
