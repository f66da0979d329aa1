"""A small world for the registrations API tests: a police client, a municipality's client, the approaches and a
procesregisseur who triages them. Used by tests/api/test_registrations*.py."""

import copy
from dataclasses import dataclass
from functools import cached_property

from django.test import Client
from django.utils import timezone

from procesregie.accounts.models import ApiScope, Organisation, User
from procesregie.accounts.roles import Role
from procesregie.api.clients import IssuedSecret
from procesregie.casework.models import Case, Registration
from procesregie.casework.services import registration_accept, registration_decline
from procesregie.subjects.models import Person, System, SystemMember

from .. import factories as f
from ..personas import make_user
from .conftest import bearer, token_for

LIST = "/api/v1/registrations/"
SCOPES = (ApiScope.REGISTRATIONS_WRITE, ApiScope.REGISTRATIONS_READ)

PERSON = {
    "soort": "ZVH",
    "aanpak": "top-x",
    "gemeente": "GM0344",
    "zorgelijke_situatie": "Synthetisch: schulden en herhaald geweld op straat.",
    "verzoek": "Graag een ketenoverstijgende aanpak.",
    "urgentie": "normal",
    "persoon": {"bsn": "999990019", "voornaam": "Sam", "achternaam": "Geheimzinnig", "geboortedatum": "2001-04-12"},
    "contact": {"naam": "Wijkagent De Vries", "telefoon": "030 123 45 67"},
}
SYSTEM = {
    **{key: value for key, value in PERSON.items() if key != "persoon"},
    "aanpak": "gezin",
    "urgentie": "urgent",
    "systeem": {"naam": "Systeem Verborgen", "leden": [
        {"voornaam": "Kim", "achternaam": "Verborgen", "geboortedatum": "1985-02-03", "rol": "ouder"},
        {"voornaam": "Noor", "achternaam": "Verborgen", "geboortedatum": "2012-09-30", "rol": "kind"},
    ]},
    "contact": {"naam": "Medewerker Veilig Thuis", "email": "vt@example.org"},
}


REMOVE = object()


def message(base=PERSON, **changes) -> dict:
    """A copy of a valid message with changes: `persoon__bsn="..."` changes a nested field, `REMOVE` removes it."""
    data = copy.deepcopy(base)
    for dotted, value in changes.items():
        *path, last = dotted.split("__")
        target = data
        for part in path:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if value is REMOVE:
            target.pop(last, None)
        else:
            target[int(last) if isinstance(target, list) else last] = value
    return data


@dataclass
class World:
    police: Organisation
    municipality_org: Organisation
    police_client: IssuedSecret
    regisseur: User
    table: object
    issue_client: object

    @cached_property
    def other_client(self) -> IssuedSecret:
        """The municipality's client, with the same scopes (made when a test asks for it: issuing costs a hash)."""
        return self.issue_client(self.municipality_org, *SCOPES, name="Gemeente")

    def http(self, issued: IssuedSecret | None = None) -> "ApiCaller":
        return ApiCaller(token_for(issued or self.police_client))

    def accept(self, ref: str) -> Case:
        return registration_accept(actor=self.regisseur, registration=Registration.objects.get(ref=ref),
                                   decided_on=timezone.localdate(), criteria=["criterion_multi_problem"],
                                   table=self.table)

    def decline(self, ref: str, advice: str) -> Registration:
        return registration_decline(actor=self.regisseur, registration=Registration.objects.get(ref=ref),
                                    decided_on=timezone.localdate(), reason=advice)


class ApiCaller:
    """A partner system's HTTP calls with its bearer token."""

    def __init__(self, token: str):
        self.headers = bearer(token)
        self.client = Client()

    def get(self, path: str, data=None):
        return self.client.get(path, data or {}, **self.headers)

    def post(self, path: str, body, content_type="application/json"):
        return self.client.post(path, body, content_type=content_type, **self.headers)


def build(issue_client) -> World:
    house = f.OrganisationFactory(code="zvh", house=True)
    police = f.OrganisationFactory(code="politie", police=True)
    municipality_org = f.OrganisationFactory(code="gemeente", municipal=True)
    person_approach = f.ApproachFactory(code="top-x", name="Top X")
    system_approach = f.ApproachFactory(code="gezin", name="Gezinsaanpak", system=True)
    f.MunicipalityFactory(code="GM0344", name="Utrecht")
    table = f.TableFactory(code="tafel-top-x", approach=person_approach)
    regisseur = make_user("regisseur", house, Role.PROCESREGISSEUR)
    table.procesregisseurs.add(regisseur)
    f.TableFactory(code="tafel-gezin", approach=system_approach).procesregisseurs.add(regisseur)
    return World(police=police, municipality_org=municipality_org,
                 police_client=issue_client(police, *SCOPES, name="Politie BVH"),
                 regisseur=regisseur, table=table, issue_client=issue_client)


def rows() -> dict[str, int]:
    """What a registration writes: persons, systems, members, registrations."""
    return {model.__name__: model.objects.count() for model in (Person, System, SystemMember, Registration)}
