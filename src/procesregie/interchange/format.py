"""Interchange format: its files, columns and cell types (shared/spec/interchange.md).

The files and columns of version 1, and of version 2: the rules on dates (exactly YYYY-MM-DD; nothing that
happened lies after the day of the import), `staff.csv`, `tables.csv`, `table_members.csv`,
`case_participants.csv`, `signals.csv`, the `table`, `regisseur` and `case_holder` columns of `cases.csv` and
`due_date` of `case_interventions.csv`. A file is added here (a `FileSpec` in `ALL_FILES`), checked in `checks`
(or a module beside it, as `staff_checks` and `signal_checks`), written in `loading` (`staff_loading`,
`signal_loading`) and exported in `export`.

Readings of the spec where it leaves a choice (decided here; also in docs/decisions/0002):
- An empty `table` in `cases.csv` is the approach's default table: the case keeps no table of its own
  (`Case.table` empty) and belongs to the tables of its approach, as the access rule reads it
  (`access.cases`); `default_tables_ensure` gives every approach without a table one ("Casusoverleg ...").
- `regisseur`, `table` and `case_holder` belong to a trajectory: on a row without `start_date` they are problems.
- `roles` is optional (an account without roles); the order of the roles is free, the export writes them
  in the spec's order. `name` is split at its first space into Django's first and last name.
- `staff.csv` names accounts by `username`; a listed existing account gets the dataset's name, organisation
  and roles (exactly those), and keeps its password, second factor and active state. The roles and organisation
  of an account that is active, was ever activated, or is a superuser or staff account are not changed: a row
  that differs from them is a problem. A new one is created inactive, with an unusable password and no second
  factor.
- `tables.csv` `district` names a district of the installation or of `municipalities.csv` (unknown: a problem).
- `table_members.csv`: the rows of a table replace its member organisations and named people. A named
  person belongs to the row's organisation; a procesregisseur is stored as one who staffs the table
  (`Table.procesregisseurs`), anyone else as a named member (`Table.named_members`).
- `case_participants.csv`: the rows of a case replace its participations. `until` is the last day the
  participation runs (it gives access through that day). One organisation may take part more than once in a
  case, in periods one after the other: every period but the last has an `until`, and the next begins on or
  after it.
- Columns that a file leaves out (`table`, `regisseur`, `case_holder`, `due_date`) leave the stored values
  alone, so a version 1 dataset re-imported does not clear what was set since; a column that is there but
  empty clears it.
- `signals.csv` is upserted by `signal_ref` (`Signal.ref`). An empty `outcome` is an open signal (a melding no
  procesregisseur has handled yet); the export writes it empty. `case_ref` names a registration (a `case_ref` of
  `cases.csv` or of the installation) that no other signal holds; it is required with `outcome=aanmelding`.
  `subject_ref` is read as the approach's unit reads `cases.csv` (a person ref for a person approach, a system
  ref for a system approach) and else as the other kind (a signal about a child in a system approach); empty is
  an anonymous signal. An optional column left out of `signals.csv` is empty (the file is new in version 2).
  What the format has no column for (the professional, the question, the advice, the follow-up date) is kept on
  a re-import.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell that does not hold a value of its column's type; the message is for the user."""


def text(max_length: int):
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(_("langer dan %(max)d tekens") % {"max": max_length})
        return value

    return parse


# Exactly YYYY-MM-DD (v2): `date.fromisoformat` alone would also take week dates (2024-W01-1), ordinal
# dates and times.
CALENDAR_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def date(value: str) -> datetime.date:
    if not CALENDAR_DATE.fullmatch(value):
        raise CellError(_("geen geldige datum (JJJJ-MM-DD)"))
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CellError(_("geen geldige datum (JJJJ-MM-DD)")) from None


def boolean(value: str) -> bool:
    if value not in ("true", "false"):
        raise CellError(_("moet true of false zijn"))
    return value == "true"


def choice(*options: str):
    def parse(value: str) -> str:
        if value not in options:
            raise CellError(_("onbekende waarde; toegestaan: %(options)s") % {"options": ", ".join(options)})
        return value

    return parse


def level(value: str) -> int:
    if value not in {"1", "2", "3", "4", "5"}:
        raise CellError(_("niveau moet 1 tot en met 5 zijn"))
    return int(value)


REF = text(100)
CODE = text(64)
NAME = text(200)
TABLE_REF = text(64)  # stored as `Table.code`

# The roles of `staff.csv`, in the order the export writes them (the spec's order).
ROLES = ("procesregisseur", "ketenpartner", "manager", "privacy_officer", "functional_admin")
_username_validator = UnicodeUsernameValidator()


def username(value: str) -> str:
    """A login name as Django accepts it: letters, digits and @ . + - _, at most 150 characters."""
    if len(value) > 150:
        raise CellError(_("langer dan %(max)d tekens") % {"max": 150})
    try:
        _username_validator(value)
    except ValidationError:
        raise CellError(_("geen geldige gebruikersnaam (letters, cijfers en @ . + - _)")) from None
    return value


def roles(value: str) -> tuple[str, ...]:
    """`;`-separated roles; returned without repeats in the spec's order."""
    given = [part.strip() for part in value.split(";")]
    for role in given:
        if role not in ROLES:
            raise CellError(_("onbekende rol '%(role)s'; toegestaan: %(roles)s") % {"role": role[:50], "roles": ", ".join(ROLES)})
    return tuple(role for role in ROLES if role in given)


def join_roles(values) -> str:
    return ";".join(role for role in ROLES if role in set(values))


@dataclass(frozen=True)
class Column:
    name: str
    parse: object
    required: bool = True  # the cell must hold a value (and so the column must be present)
    happened: bool = False  # the date of something that happened: not after the day of the import (v2)


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: list[Column] = field(default_factory=list)

    @property
    def allowed(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


ORGANISATION_KINDS = (
    "gemeente", "politie", "om", "reclassering", "rvdk", "jeugdbescherming", "ggz", "zorg", "wonen", "zvh", "overig",
)
END_REASONS_V1 = (
    "positief", "negatief", "detentie_maatregel", "overdracht_intern", "overdracht_extern", "overleden", "overig",
)

MUNICIPALITIES = FileSpec("municipalities.csv", [Column("code", text(10)), Column("name", NAME), Column("district", text(100))])
ORGANISATIONS = FileSpec("organisations.csv", [
    Column("code", CODE), Column("name", NAME), Column("kind", choice(*ORGANISATION_KINDS)),
    Column("wgs_participant", choice("publiek", "privaat", "incidenteel"), required=False),
])
APPROACHES = FileSpec("approaches.csv", [
    Column("code", CODE), Column("name", NAME), Column("unit", choice("person", "system")),
    Column("duration_scheme", choice("years", "months")), Column("parent", CODE, required=False),
])
DOMAINS = FileSpec("domains.csv", [Column("code", CODE), Column("name", NAME)])
INTERVENTIONS = FileSpec("interventions.csv", [Column("code", CODE), Column("name", NAME)])
PERSONS = FileSpec("persons.csv", [
    Column("person_ref", REF), Column("bsn", text(20), required=False),
    Column("given_name", NAME, required=False), Column("family_name", NAME, required=False),
    Column("birth_date", date, required=False), Column("municipality", text(10), required=False),
])
SYSTEMS = FileSpec("systems.csv", [
    Column("system_ref", REF), Column("name", NAME), Column("municipality", text(10), required=False),
])
SYSTEM_MEMBERS = FileSpec("system_members.csv", [
    Column("system_ref", REF), Column("person_ref", REF), Column("role", text(100), required=False),
])
CASES = FileSpec("cases.csv", [
    Column("case_ref", REF), Column("subject_ref", REF), Column("approach", CODE), Column("municipality", text(10)),
    Column("reported_by", CODE), Column("registered_on", date, happened=True),
    Column("triage_decision", choice("accepted", "declined"), required=False),
    Column("triage_on", date, required=False, happened=True),
    Column("start_date", date, required=False, happened=True), Column("end_date", date, required=False, happened=True),
    Column("end_reason", CODE, required=False),
    Column("transferred_from", REF, required=False),
    # v2, optional: the trajectory's table (empty: the approach's default table), procesregisseur, case holder.
    Column("table", TABLE_REF, required=False), Column("regisseur", username, required=False),
    Column("case_holder", CODE, required=False),
])
DISCUSSIONS = FileSpec("discussions.csv", [
    Column("meeting_ref", REF), Column("date", date, happened=True), Column("case_ref", REF),
    Column("client_present", boolean, required=False), Column("expert_present", boolean, required=False),
])
MEASUREMENTS = FileSpec("measurements.csv", [
    Column("case_ref", REF), Column("date", date, happened=True),
    Column("kind", choice("nulmeting", "tussenmeting", "eindmeting")), Column("domain", CODE), Column("level", level),
])
CASE_INTERVENTIONS = FileSpec("case_interventions.csv", [
    Column("case_ref", REF), Column("intervention", CODE), Column("organisation", CODE),
    Column("agreed_on", date, happened=True),
    Column("status", choice("agreed", "running", "done", "cancelled")),
    Column("due_date", date, required=False),  # v2; may lie ahead; not before agreed_on
])
POLICE_REGISTRATIONS = FileSpec("police_registrations.csv", [
    Column("person_ref", REF), Column("date", date, happened=True), Column("kind", choice("misdrijf", "overtreding")),
])

# Version 2: staff, tables and participants (all optional).
STAFF = FileSpec("staff.csv", [
    Column("username", username), Column("name", text(150)), Column("organisation", CODE),
    Column("roles", roles, required=False),
])
TABLES = FileSpec("tables.csv", [
    Column("table_ref", TABLE_REF), Column("name", NAME), Column("approach", CODE),
    Column("district", text(100), required=False),
])
TABLE_MEMBERS = FileSpec("table_members.csv", [
    Column("table_ref", TABLE_REF), Column("organisation", CODE), Column("username", username, required=False),
])
CASE_PARTICIPANTS = FileSpec("case_participants.csv", [
    Column("case_ref", REF), Column("organisation", CODE), Column("since", date, happened=True),
    Column("until", date, required=False),  # the last day; may lie ahead
])

# Version 2: signals (meldingen and adviesgesprekken); the choices of `signals.models`, in the spec's order.
SIGNAL_KINDS = ("melding", "adviesgesprek")
SIGNAL_OUTCOMES = ("advies", "doorverwezen", "aanmelding", "geen_actie")
SIGNALS = FileSpec("signals.csv", [
    Column("signal_ref", REF), Column("approach", CODE), Column("date", date, happened=True),
    Column("kind", choice(*SIGNAL_KINDS)), Column("reported_by", CODE),
    Column("municipality", text(10), required=False), Column("subject_ref", REF, required=False),
    Column("outcome", choice(*SIGNAL_OUTCOMES), required=False),  # empty: open (not handled yet)
    Column("case_ref", REF, required=False),  # the registration it led to; required with outcome=aanmelding
])

REFERENCE_FILES = [MUNICIPALITIES, ORGANISATIONS, APPROACHES, DOMAINS, INTERVENTIONS]
STAFF_FILES = [STAFF, TABLES, TABLE_MEMBERS]
ALL_FILES = [
    *REFERENCE_FILES, *STAFF_FILES, PERSONS, SYSTEMS, SYSTEM_MEMBERS, CASES, DISCUSSIONS, MEASUREMENTS,
    CASE_INTERVENTIONS, POLICE_REGISTRATIONS, CASE_PARTICIPANTS, SIGNALS,
]
# Files the export writes only when they hold data (version 1's files are always written).
WRITTEN_WHEN_FILLED = [*STAFF_FILES, CASE_PARTICIPANTS, SIGNALS]
REQUIRED_FILES = [APPROACHES, CASES]
