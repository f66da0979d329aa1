"""A small world with one persona per role and per relation to a case, for access tests.

- `case`: approach A at table `table_a`; police participates, probation participated and was removed.
- `other_case`: approach B at table `table_b`; the municipality participates.
- `pending`: a registration for approach A reported by the municipality, awaiting triage.
- `neighbour_case`: approach A too, but at the second table `table_a2`, where nobody of the personas works:
  the regisseur of table A must not see it (each approach has a second table; `table_b2` stays empty).
- `signal`: an open melding about a person for approach A, reported by the police (the regisseur of table A
  handles it; the police sees it as reported; nobody else sees it).
- `escalation`: an open escalation on `case`, raised by the police (managers read it, not the case).
Every data subject has a family name of its own, so a page that shows one can be recognised.
Personas: `regisseur` (works at table A), `regisseur_elsewhere` (same house, works at table B),
`participant` (police), `removed` (probation, removed from `case`), `other_org` (municipality: only in
`other_case`), `colleague` (police too, but a manager: same organisation, no participant role),
`manager`, `privacy_officer`, `functional_admin` (house), `anonymous` (None).

With `limited_partners=True` (the access matrix, tests/access/test_shielding*.py) two WGS participants who see less
(access.shielding, docs/decisions/0020) join: `private_partner` (a housing corporation, `privaat`, takes part in
`case`) and `incidental_partner` (`incidenteel`, takes part in `case` until a date and is invited to its agenda
item of `guest_meeting`, a meeting of table A today). Neither is a member of a table.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from procesregie.accounts.models import OrganisationKind, RoleAssignment, User, WgsParticipant
from procesregie.accounts.roles import Role
from procesregie.casework.models import Case, Participation, Registration
from procesregie.escalations.models import Escalation, EscalationReason
from procesregie.meetings.models import AgendaItem, Meeting
from procesregie.signals.models import Signal, SignalKind

from . import factories as f


@dataclass
class World:
    case: Case
    other_case: Case
    pending: Registration
    users: dict[str, User | None]
    neighbour_case: Case | None = None
    signal: Signal | None = None
    escalation: Escalation | None = None
    guest_meeting: Meeting | None = None  # with limited_partners: the meeting the incidental partner is invited to


def make_user(username: str, organisation, *roles: str) -> User:
    user = f.UserFactory(username=username, organisation=organisation)
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role)
    return user


LIMITED_PARTNERS = ("private_partner", "incidental_partner")


def build_world(*, limited_partners: bool = False) -> World:
    house = f.OrganisationFactory(code="zvh", house=True)
    police = f.OrganisationFactory(code="politie", police=True, name="Politie (synthetisch)")
    probation = f.OrganisationFactory(code="reclassering", name="Reclassering (synthetisch)")
    municipality = f.OrganisationFactory(code="gemeente", municipal=True, name="Gemeente (synthetisch)")
    approach_a = f.ApproachFactory(code="aanpak-a", name="Aanpak A")
    approach_b = f.ApproachFactory(code="aanpak-b", name="Aanpak B")
    table_a = f.TableFactory(code="tafel-a", approach=approach_a)
    table_b = f.TableFactory(code="tafel-b", approach=approach_b)
    table_a2 = f.TableFactory(code="tafel-a2", approach=approach_a)
    f.TableFactory(code="tafel-b2", approach=approach_b)

    users = {
        "regisseur": make_user("regisseur", house, Role.PROCESREGISSEUR),
        "regisseur_elsewhere": make_user("regisseur-elders", house, Role.PROCESREGISSEUR),
        "participant": make_user("partner", police, Role.KETENPARTNER),
        "removed": make_user("verwijderd", probation, Role.KETENPARTNER),
        "other_org": make_user("andere-org", municipality, Role.KETENPARTNER),
        "colleague": make_user("collega", police, Role.MANAGER),
        "manager": make_user("manager", house, Role.MANAGER),
        "privacy_officer": make_user("privacy", house, Role.PRIVACY_OFFICER),
        "functional_admin": make_user("beheer", house, Role.FUNCTIONAL_ADMIN),
        "anonymous": None,
    }
    table_a.procesregisseurs.add(users["regisseur"])
    table_b.procesregisseurs.add(users["regisseur_elsewhere"])

    case = f.CaseFactory(
        registration__approach=approach_a, registration__reported_by=police, table=table_a,
        registration__person__given_name="Geheime", registration__person__family_name="Persoon",
    )
    Participation.objects.create(case=case, organisation=police)
    Participation.objects.create(case=case, organisation=probation, removed_at=timezone.now())
    other_case = f.CaseFactory(registration__approach=approach_b, table=table_b,
                               registration__person__family_name="Anderzaak")
    Participation.objects.create(case=other_case, organisation=municipality)
    pending = f.RegistrationFactory(approach=approach_a, reported_by=municipality, person__family_name="Wachtend")
    neighbour_case = f.CaseFactory(registration__approach=approach_a, registration__reported_by=police,
                                   table=table_a2, registration__person__family_name="Buurtafel")
    signal = Signal.objects.create(
        ref="M-T00001", approach=approach_a, date=timezone.localdate(),
        kind=SignalKind.MELDING, reported_by=police, reporter_name="Synthetische Agent", reporter_phone="0301234567",
        municipality=f.MunicipalityFactory(), person=f.PersonFactory(given_name="Sanne", family_name="Gesignaleerd"),
        reported_name="Sanne Gesignaleerd", question="Synthetisch: zorgen over de veiligheid thuis.",
    )
    escalation = Escalation.objects.create(
        case=case, raised_on=case.start_date, raised_by=users["participant"], raised_by_organisation=police,
        reason=EscalationReason.NO_LEAD, explanation="Synthetisch: niemand neemt de leiding.",
    )
    world = World(case=case, other_case=other_case, pending=pending, users=users, neighbour_case=neighbour_case,
                  signal=signal, escalation=escalation)
    if limited_partners:
        _add_limited_partners(world, table_a)
    return world


def _add_limited_partners(world: World, table_a) -> None:
    housing = f.OrganisationFactory(code="woningcorporatie", kind=OrganisationKind.WONEN,
                                    wgs_participant=WgsParticipant.PRIVAAT, name="Woningcorporatie (synthetisch)")
    guest = f.OrganisationFactory(code="incidenteel", kind=OrganisationKind.OVERIG,
                                  wgs_participant=WgsParticipant.INCIDENTEEL, name="Buurtbemiddeling (synthetisch)")
    world.users["private_partner"] = make_user("woningcorporatie", housing, Role.KETENPARTNER)
    world.users["incidental_partner"] = make_user("incidenteel", guest, Role.KETENPARTNER)
    Participation.objects.create(case=world.case, organisation=housing)
    Participation.objects.create(case=world.case, organisation=guest,
                                 until=timezone.localdate() + datetime.timedelta(days=30))
    world.guest_meeting = Meeting.objects.create(ref="O-GAST", table=table_a, date=timezone.localdate())
    AgendaItem.objects.create(meeting=world.guest_meeting, case=world.case, position=1).guests.add(guest)
