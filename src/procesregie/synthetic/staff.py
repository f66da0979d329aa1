"""The people who work with the system (staff.csv) and who sits at which table (table_members.csv).

- Procesregisseurs of the house: about one per `CASELOAD` cases in regie at the dataset's last day, their seats
  shared out over the tables by those cases (largest remainder); a table too small for a seat of its own is
  added to the regisseur with the smallest caseload so far, who then works at two tables. The cases of a table
  are shared among its regisseurs: the open ones evenly, the closed ones at random.
- Partner professionals (ketenpartner) of the organisations that take part in many open cases.
- The demo logins (`personas.DEMO_USERS`) whose organisation the region has, among them a manager, a privacy
  officer and a functional administrator of the house; `procesregisseur.zvh` takes a seat at the table where
  the demo partners take part in the most open cases.
- Every table has the organisations that take part in its open cases (or in three of its cases) as members,
  and its regisseurs as named members.

Names come from Faker nl_NL: synthetic, never real staff.
"""

import math
import random
from collections import Counter
from dataclasses import dataclass

from django.utils.text import slugify
from faker import Faker

from procesregie.accounts.roles import Role

from .participants import Participation
from .personas import DEMO_USERS
from .region import Region
from .tables import TableRecord

CASELOAD = 27  # open cases per procesregisseur the house aims for
MAIN_PARTNER_CASES = 10  # open cases an organisation takes part in to have partner professionals of its own
CASES_PER_PARTNER = 40  # ... one professional per this many (at most MAX_PARTNERS)
MAX_PARTNERS = 3
MEMBER_CASES = 3  # cases of a table an organisation takes part in to be a member without an open one


@dataclass(frozen=True)
class StaffMember:
    username: str
    name: str
    organisation: str
    roles: tuple[str, ...]

    def row(self) -> tuple:
        return self.username, self.name, self.organisation, ";".join(str(role) for role in self.roles)


class Staff:
    """Builds the staff of the region; names from their own Faker, seats and cases from their own stream."""

    def __init__(self, region: Region, *, seed: int, rng: random.Random):
        self._region = region
        self._rng = rng
        self._faker = Faker("nl_NL")
        self._faker.seed_instance(f"{seed}:staff")
        codes = region.organisation_codes()
        houses = region.organisations_of_kind("zvh") or region.organisations
        self.house = houses[0].code
        self.members: list[StaffMember] = []
        self._usernames: set[str] = set()
        self.personas = [demo for demo in DEMO_USERS if demo.organisation in codes]
        for demo in self.personas:
            self._add(demo.username, demo.organisation, demo.roles)

    def _add(self, username: str, organisation: str, roles: tuple[str, ...]) -> StaffMember:
        member = StaffMember(username, self._name(), organisation, roles)
        self.members.append(member)
        self._usernames.add(username)
        return member

    def _name(self) -> str:
        """Voornaam achternaam (Faker's inverted forms such as "Berg, van den" are skipped)."""
        while True:
            given, family = self._faker.first_name(), self._faker.last_name()
            if "," not in family:
                return f"{given} {family}"

    def _new(self, organisation: str, role: str) -> StaffMember:
        """A new staff member with a username from their name (voornaam.achternaam, numbered when taken)."""
        name = self._name()
        given, _, family = name.partition(" ")
        base = f"{slugify(given)}.{slugify(family)}"
        username, number = base, 1
        while username in self._usernames:
            number += 1
            username = f"{base}{number}"
        member = StaffMember(username, name, organisation, (role,))
        self.members.append(member)
        self._usernames.add(username)
        return member

    # --- regisseurs ---------------------------------------------------------------------------------------

    @staticmethod
    def seats(tables: list[TableRecord], open_cases: Counter) -> dict[str, int]:
        """table_ref -> its number of procesregisseurs: one per CASELOAD open cases of the house, shared out over
        the tables by their open cases (largest remainder; ties in table order)."""
        total = sum(open_cases[table.ref] for table in tables)
        seats_total = max(1, round(total / CASELOAD))
        quotas = {table.ref: seats_total * open_cases[table.ref] / total if total else 0 for table in tables}
        seats = {ref: math.floor(quota) for ref, quota in quotas.items()}
        by_remainder = sorted(tables, key=lambda table: -(quotas[table.ref] - seats[table.ref]))
        for table in by_remainder[:seats_total - sum(seats.values())]:
            seats[table.ref] += 1
        return seats

    def seat_regisseurs(
        self, tables: list[TableRecord], seats: dict[str, int], open_cases: Counter, favourite: str | None
    ) -> dict[str, list[str]]:
        """table_ref -> the usernames of its procesregisseurs. The demo regisseur takes the first seat of
        `favourite` (a table with a seat); tables without a seat go to the regisseur with the smallest caseload."""
        persona = next((member for member in self.members if Role.PROCESREGISSEUR in member.roles), None)
        at_table: dict[str, list[str]] = {table.ref: [] for table in tables}
        load: dict[str, float] = {}
        order = sorted(tables, key=lambda table: -open_cases[table.ref])
        for table in order:
            for seat in range(seats[table.ref]):
                if persona is not None and seat == 0 and table.ref == favourite:
                    member = persona
                else:
                    member = self._new(self.house, Role.PROCESREGISSEUR)
                at_table[table.ref].append(member.username)
                load[member.username] = open_cases[table.ref] / seats[table.ref]
        for table in order:
            if not at_table[table.ref]:
                if not load:  # no open case anywhere
                    load[(persona or self._new(self.house, Role.PROCESREGISSEUR)).username] = 0
                username = min(load, key=lambda name: (load[name], name))
                at_table[table.ref].append(username)
                load[username] += open_cases[table.ref]
        return at_table

    def assign_cases(self, cases_by_table: dict, regisseurs_at: dict) -> dict[str, str]:
        """case_ref -> username: the open cases of a table evenly over its regisseurs, the closed ones at random."""
        rng = self._rng
        assigned = {}
        for ref, cases in cases_by_table.items():
            names = regisseurs_at[ref]
            open_refs = [case.ref for case in cases if case.is_open]
            rng.shuffle(open_refs)
            for index, case_ref in enumerate(open_refs):
                assigned[case_ref] = names[index % len(names)]
            for case in cases:
                if not case.is_open:
                    assigned[case.ref] = rng.choice(names)
        return assigned

    # --- partners and the rest of the house ----------------------------------------------------------------

    def add_partner_professionals(self, open_participations: Counter) -> None:
        """Ketenpartners of the organisations that take part in many open cases (the demo ones count)."""
        for code, count in sorted(open_participations.items(), key=lambda item: (-item[1], item[0])):
            if count < MAIN_PARTNER_CASES or code == self.house:
                continue
            wanted = min(MAX_PARTNERS, 1 + count // CASES_PER_PARTNER)
            present = sum(1 for m in self.members if m.organisation == code and Role.KETENPARTNER in m.roles)
            for _ in range(wanted - present):
                self._new(code, Role.KETENPARTNER)

    def complete_the_house(self) -> None:
        """A manager, a privacy officer and a functional administrator of the house, when no demo login is one."""
        for role in (Role.MANAGER, Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN):
            if not any(m.organisation == self.house and role in m.roles for m in self.members):
                self._new(self.house, role)


def table_members(
    tables: list[TableRecord], cases_by_table: dict, participations: dict[str, list[Participation]],
    regisseurs_at: dict, house: str, last,
) -> list[tuple]:
    """(table_ref, organisation, username) rows: member organisations, then the named regisseurs."""
    rows = []
    for table in tables:
        open_parts, all_parts = set(), Counter()
        for case in cases_by_table.get(table.ref, []):
            for participation in participations[case.ref]:
                all_parts[participation.organisation] += 1
                if case.is_open and participation.active_on(last):
                    open_parts.add(participation.organisation)
        members = sorted(code for code in all_parts if code in open_parts or all_parts[code] >= MEMBER_CASES)
        rows += [(table.ref, code, "") for code in members if code != house]
        rows += [(table.ref, house, username) for username in regisseurs_at[table.ref]]
    return rows
