"""Interchange format version 1: its files, columns and cell types (shared/spec/interchange.md)."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell that does not hold a value of its column's type; the message is for the user."""


def text(max_length: int):
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(_("langer dan %(max)d tekens") % {"max": max_length})
        return value

    return parse


def date(value: str) -> datetime.date:
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        raise CellError(_("geen geldige datum (JJJJ-MM-DD)")) from None
    if len(value) != 10:
        raise CellError(_("geen geldige datum (JJJJ-MM-DD)"))
    return parsed


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


@dataclass(frozen=True)
class Column:
    name: str
    parse: object
    required: bool = True  # the cell must hold a value (and so the column must be present)


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
    Column("reported_by", CODE), Column("registered_on", date),
    Column("triage_decision", choice("accepted", "declined"), required=False),
    Column("triage_on", date, required=False), Column("start_date", date, required=False),
    Column("end_date", date, required=False), Column("end_reason", CODE, required=False),
    Column("transferred_from", REF, required=False),
])
DISCUSSIONS = FileSpec("discussions.csv", [
    Column("meeting_ref", REF), Column("date", date), Column("case_ref", REF),
    Column("client_present", boolean, required=False), Column("expert_present", boolean, required=False),
])
MEASUREMENTS = FileSpec("measurements.csv", [
    Column("case_ref", REF), Column("date", date),
    Column("kind", choice("nulmeting", "tussenmeting", "eindmeting")), Column("domain", CODE), Column("level", level),
])
CASE_INTERVENTIONS = FileSpec("case_interventions.csv", [
    Column("case_ref", REF), Column("intervention", CODE), Column("organisation", CODE), Column("agreed_on", date),
    Column("status", choice("agreed", "running", "done", "cancelled")),
])
POLICE_REGISTRATIONS = FileSpec("police_registrations.csv", [
    Column("person_ref", REF), Column("date", date), Column("kind", choice("misdrijf", "overtreding")),
])

REFERENCE_FILES = [MUNICIPALITIES, ORGANISATIONS, APPROACHES, DOMAINS, INTERVENTIONS]
ALL_FILES = [
    *REFERENCE_FILES, PERSONS, SYSTEMS, SYSTEM_MEMBERS, CASES, DISCUSSIONS, MEASUREMENTS, CASE_INTERVENTIONS,
    POLICE_REGISTRATIONS,
]
REQUIRED_FILES = [APPROACHES, CASES]
