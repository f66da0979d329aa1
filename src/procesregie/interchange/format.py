"""Interchange format: its files, columns and cell types (shared/spec/interchange.md).

The files and columns of version 1, with the version 2 rules on dates (exactly YYYY-MM-DD; nothing that
happened lies after the day of the import). The files and columns version 2 adds are not read yet.
"""

import datetime
import re
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
])
POLICE_REGISTRATIONS = FileSpec("police_registrations.csv", [
    Column("person_ref", REF), Column("date", date, happened=True), Column("kind", choice("misdrijf", "overtreding")),
])

REFERENCE_FILES = [MUNICIPALITIES, ORGANISATIONS, APPROACHES, DOMAINS, INTERVENTIONS]
ALL_FILES = [
    *REFERENCE_FILES, PERSONS, SYSTEMS, SYSTEM_MEMBERS, CASES, DISCUSSIONS, MEASUREMENTS, CASE_INTERVENTIONS,
    POLICE_REGISTRATIONS,
]
REQUIRED_FILES = [APPROACHES, CASES]
