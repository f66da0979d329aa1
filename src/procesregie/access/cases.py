"""Who sees and who changes a case, and everything derived from it (registration, person, system).

- A *ketenpartner* sees a case while their organisation participates in it (an active participation,
  `Participation.objects.active()`: not removed, begun and not past its `until`; a removal or a passed
  `until` takes effect on the next request because nothing is cached beyond the request).
- A *procesregisseur* sees the cases of the tables they work at; a case without a table (e.g. imported)
  belongs to the tables of its approach. They change exactly those cases (content, plan, measurements,
  participants; closing, transfer).
- Everything derived from a case (registration, person, system, discussions, measurements, interventions,
  exports, search results, counts) is visible exactly when the case is.
- A ketenpartner of an *incidental* WGS participant sees a case only while invited: a participation with an
  agreed end (`until`) and an agenda item of the case that lists its organisation as a guest (`access.shielding`,
  which also decides what private and incidental participants see less of in a case they see).
- Managers, the privacy officer and the functional administrator see no case content through their role.
- Nobody sees a registration or case whose subject's data was destroyed (`destroyed_on`): what remains is a
  tombstone for the counts (docs/decisions/0017).

This package sits below casework in the layers, so it names models instead of importing them.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from .api import ApiScope, api_client_of, has_scope
from .per_request import once_per_request
from .shielding import invitation_condition
from .users import is_active, is_regisseur, partner_organisation_id


def model(name: str):
    """A model of a higher layer, by its label ("casework.Case")."""
    return apps.get_model(*name.split("."))


@once_per_request
def tables_directed_by(user) -> QuerySet:
    """The tables `user` works at as procesregisseur (none without the role): they direct the cases there, schedule
    its meetings and build the agendas."""
    table = model("reference.Table")
    if not is_regisseur(user):
        return table.objects.none()
    return table.objects.filter(procesregisseurs=user)


def _regie_condition(user) -> Q:
    tables = tables_directed_by(user)
    return Q(table__in=tables.values("id")) | Q(table__isnull=True, registration__approach__in=tables.values("approach"))


def _participation_condition(organisation_id: int) -> Q:
    participation = model("casework.Participation").objects.active().filter(
        case=OuterRef("pk"), organisation_id=organisation_id
    )
    return Q(Exists(participation))


@once_per_request
def cases_visible_to(user) -> QuerySet:
    """The cases `user` may see. Start every case read here."""
    case = model("casework.Case")
    if not is_active(user):
        return case.objects.none()
    condition = Q(pk__in=[])
    if is_regisseur(user):
        condition |= _regie_condition(user)
    organisation_id = partner_organisation_id(user)
    if organisation_id:
        condition |= _participation_condition(organisation_id) & invitation_condition(user)
    return case.objects.filter(condition, registration__destroyed_on__isnull=True)


def cases_changeable_by(user) -> QuerySet:
    """The cases `user` directs as procesregisseur and may change (a subset of the visible ones)."""
    case = model("casework.Case")
    if not is_regisseur(user):
        return case.objects.none()
    return case.objects.filter(_regie_condition(user), registration__destroyed_on__isnull=True)


def changes_shown_case(user, case) -> bool:
    """`case` is in `cases_changeable_by(user)`, for a case that was read through `cases_visible_to(user)`. For a
    procesregisseur who is no ketenpartner the two sets are the same (the cases of their tables), and for anyone who
    is no procesregisseur the changeable set is empty: neither needs a query. Only someone who is both asks."""
    if not is_regisseur(user):
        return False
    if partner_organisation_id(user) is None:
        return case is not None and case.pk is not None
    return cases_changeable_by(user).filter(pk=case.pk).exists()


def registrations_visible_to(user) -> QuerySet:
    """Registrations with a visible case, awaiting or refused triage at the user's tables, or made by their
    organisation (a ketenpartner reads the triage advice)."""
    registration = model("casework.Registration")
    if not is_active(user):
        return registration.objects.none()
    if api_client_of(user) is not None:  # a client sees no case and directs no table: only its organisation's
        if not has_scope(user, ApiScope.REGISTRATIONS_READ):
            return registration.objects.none()
        return registration.objects.filter(reported_by_id=user.organisation_id, destroyed_on__isnull=True)
    condition = Q(case__in=cases_visible_to(user).values("pk"))
    if is_regisseur(user):
        condition |= Q(case__isnull=True, approach__in=tables_directed_by(user).values("approach"))
    organisation_id = partner_organisation_id(user)
    if organisation_id:
        condition |= Q(reported_by_id=organisation_id)
    return registration.objects.filter(condition, destroyed_on__isnull=True)


def triage_approaches(user) -> QuerySet:
    """The approaches whose registrations `user` triages: those of their tables."""
    return model("reference.Approach").objects.filter(pk__in=tables_directed_by(user).values("approach"))


def registrations_triageable_by(user) -> QuerySet:
    """The registrations `user` may accept or decline: visible ones at the approaches of their tables.

    `registrations_visible_to` narrowed to those approaches, written out: there, "awaiting triage at their tables"
    is simply "without a case", and asked first, PostgreSQL need not gather the visible cases for a registration
    awaiting triage (the intake count on every work list)."""
    registration = model("casework.Registration")
    if not is_regisseur(user):  # only a procesregisseur has tables, and so approaches to triage
        return registration.objects.none()
    condition = Q(case__isnull=True) | Q(case__in=cases_visible_to(user).values("pk"))
    organisation_id = partner_organisation_id(user)
    if organisation_id:
        condition |= Q(reported_by_id=organisation_id)
    return registration.objects.filter(
        condition, approach__in=tables_directed_by(user).values("approach"), destroyed_on__isnull=True
    )


def _persons_of(registrations: QuerySet) -> QuerySet:
    """Persons who are the subject, or a member of the system, of one of `registrations`."""
    return model("subjects.Person").objects.filter(
        Q(pk__in=registrations.filter(person__isnull=False).values("person"))
        | Q(memberships__system__in=registrations.filter(system__isnull=False).values("system"))
    ).distinct()


def _systems_of(registrations: QuerySet) -> QuerySet:
    """Systems that are the subject of one of `registrations`."""
    return model("subjects.System").objects.filter(pk__in=registrations.filter(system__isnull=False).values("system"))


def persons_visible_to(user) -> QuerySet:
    """Persons who are the subject, or a member of the system, of a registration the user may see."""
    return _persons_of(registrations_visible_to(user))


def systems_visible_to(user) -> QuerySet:
    return _systems_of(registrations_visible_to(user))


def _registrations_in_full(user) -> QuerySet:
    """The registrations whose stored subject `user` sees: those with a case they see and those they triage (as the
    registration's page decides). Not those they see only because their organisation made them: a registration
    attached silently to a known person shows them what they reported."""
    return registrations_visible_to(user).filter(
        Q(case__in=cases_visible_to(user).values("pk")) | Q(approach__in=triage_approaches(user).values("pk"))
    )


def persons_shown_to(user) -> QuerySet:
    """Persons whose stored data (name, birth date) a page may show `user`: the subject, or a member of the system, of
    a registration in `_registrations_in_full`. Narrower than `persons_visible_to`, which also holds the subjects of
    the registrations a partner's organisation made. Pages of what is not a case (signals) ask this before they show
    the stored person behind what someone typed."""
    return _persons_of(_registrations_in_full(user))


def systems_shown_to(user) -> QuerySet:
    """Systems whose stored data (name, members) a page may show `user` (see `persons_shown_to`)."""
    return _systems_of(_registrations_in_full(user))
