"""Hand-written interchange datasets for the annual-report tests, loaded with the real `import` command.

`Dataset` holds the reference data of a small house with nested approaches:

    topx (person, years)            ← a parent with children, may have cases of its own
      topx-west                     ← leaf
      topx-stad                     ← a parent itself
        topx-jeugd, topx-volwassenen
    topx-ogg (person, months)       ← leaf with the months duration scheme
    levensloop (person)             ← leaf that never gets a case: must still appear, all zeros
    mda (system)                    ← parent of system approaches
      mda-stad, mda-regio (system)

and methods to add subjects, cases and case rows in a few words.

Signals are rows of `signals.csv` (interchange version 2), loaded by the import like everything else.
Escalations are not in the interchange format (they are the installation's own registration): they are stored
with the ORM after the import, from rows in the shape the oracle (annual_oracle.py) takes.
"""

import csv
import datetime
from pathlib import Path

from django.core.management import call_command

APPROACHES = [
    ("topx", "Top X", "person", "years", ""),
    ("topx-west", "Top X West", "person", "years", "topx"),
    ("topx-stad", "Top X Stad", "person", "years", "topx"),
    ("topx-jeugd", "Top X Jeugd", "person", "years", "topx-stad"),
    ("topx-volwassenen", "Top X Volwassenen", "person", "years", "topx-stad"),
    ("topx-ogg", "Top X OGG", "person", "months", ""),
    ("levensloop", "Levensloop", "person", "years", ""),
    ("mda", "MDA++", "system", "years", ""),
    ("mda-stad", "MDA++ Stad", "system", "years", "mda"),
    ("mda-regio", "MDA++ Regio", "system", "years", "mda"),
]
MUNICIPALITIES = [
    ("GM0344", "Utrecht", "Stad"), ("GM0356", "Nieuwegein", "West"), ("GM0632", "Woerden", "West"),
    ("GM0307", "Amersfoort", "Oost"),
]
ORGANISATIONS = [
    ("politie-mn", "Politie", "politie", "publiek"), ("gemeente-utrecht", "Gemeente Utrecht", "gemeente", ""),
    ("reclassering", "Reclassering", "reclassering", ""), ("rvdk", "Raad voor de Kinderbescherming", "rvdk", ""),
]
DOMAINS = [("huisvesting", "Huisvesting"), ("financien", "Financiën"), ("justitie", "Justitie")]
INTERVENTIONS = [("fact", "FACT"), ("schuldhulp", "Schuldhulpverlening")]

CASE_COLUMNS = ["case_ref", "subject_ref", "approach", "municipality", "reported_by", "registered_on",
                "triage_decision", "triage_on", "start_date", "end_date", "end_reason", "transferred_from"]
SYSTEM_APPROACHES = {code for code, _, unit, _, _ in APPROACHES if unit == "system"}
SIGNAL_COLUMNS = ["signal_ref", "approach", "date", "kind", "reported_by", "municipality", "subject_ref", "outcome",
                  "case_ref"]


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class Dataset:
    def __init__(self):
        self.persons: dict[str, str] = {}  # ref → municipality
        self.systems: dict[str, list[str]] = {}  # ref → member person refs
        self.cases: list[list[str]] = []
        self.discussions: list[list[str]] = []
        self.measurements: list[list[str]] = []
        self.interventions: list[list[str]] = []
        self._meetings = 0
        self.signals: list[dict[str, str]] = []  # rows of signals.csv
        self.escalations: list[dict[str, str]] = []  # case_ref, raised_on, resolved_on, outcome

    # subjects
    def person(self, ref: str, municipality: str = "GM0344") -> str:
        self.persons.setdefault(ref, municipality)
        return ref

    def system(self, ref: str, members: list[str]) -> str:
        for member in members:
            self.person(member)
        self.systems[ref] = list(members)
        return ref

    # cases
    def case(self, ref: str, approach: str, start: str | None, end: str = "", reason: str = "", *,
             subject: str | None = None, municipality: str = "GM0344", reported_by: str = "politie-mn",
             transferred_from: str = "", decision: str | None = None, triage_on: str | None = None,
             registered_on: str | None = None) -> str:
        if end and not reason:
            reason = "positief"
        subject = subject or f"s-{ref}"
        if approach in SYSTEM_APPROACHES:
            if subject not in self.systems:
                self.system(subject, [f"{subject}-ouder"])
        else:
            self.person(subject)
        decision = decision if decision is not None else ("accepted" if start else "")
        triage_on = triage_on if triage_on is not None else (start or "")
        registered_on = registered_on or triage_on or start or "2020-01-01"
        self.cases.append([ref, subject, approach, municipality, reported_by, registered_on, decision, triage_on,
                           start or "", end, reason, transferred_from])
        return ref

    def declined(self, ref: str, approach: str, triage_on: str, registered_on: str | None = None) -> str:
        return self.case(ref, approach, None, decision="declined", triage_on=triage_on,
                         registered_on=registered_on or triage_on)

    # case rows
    def discussion(self, case: str, date: str, client: bool = False, expert: bool = False) -> None:
        self._meetings += 1
        self.discussions.append([f"m{self._meetings}", date, case, str(client).lower(), str(expert).lower()])

    def measurement(self, case: str, date: str, kind: str, domain: str, level: int) -> None:
        self.measurements.append([case, date, kind, domain, str(level)])

    def intervention(self, case: str, code: str, agreed_on: str, status: str = "agreed") -> None:
        self.interventions.append([case, code, "gemeente-utrecht", agreed_on, status])

    # signals and escalations
    def signal(self, ref: str, approach: str, date: str, kind: str = "melding", *, reported_by: str = "politie-mn",
               outcome: str = "", case: str = "", subject: str = "", municipality: str = "") -> str:
        """A row of signals.csv. A signal that led to a registration (`case`) is about that registration's subject
        (the import refuses anything else), so `subject` defaults to it."""
        if case and not subject:
            subject = next(row[1] for row in self.cases if row[0] == case)
        self.signals.append({"signal_ref": ref, "approach": approach, "date": date, "kind": kind,
                             "reported_by": reported_by, "municipality": municipality, "subject_ref": subject,
                             "outcome": outcome, "case_ref": case})
        return ref

    def escalation(self, case: str, raised_on: str, resolved_on: str = "", outcome: str = "") -> None:
        if resolved_on and not outcome:
            outcome = "afspraak_gemaakt"
        self.escalations.append({"case_ref": case, "raised_on": raised_on, "resolved_on": resolved_on,
                                 "outcome": outcome})

    # writing and loading
    def files(self) -> dict[str, list[list[str]]]:
        return {
            "approaches.csv": [["code", "name", "unit", "duration_scheme", "parent"], *map(list, APPROACHES)],
            "municipalities.csv": [["code", "name", "district"], *map(list, MUNICIPALITIES)],
            "organisations.csv": [["code", "name", "kind", "wgs_participant"], *map(list, ORGANISATIONS)],
            "domains.csv": [["code", "name"], *map(list, DOMAINS)],
            "interventions.csv": [["code", "name"], *map(list, INTERVENTIONS)],
            "persons.csv": [["person_ref", "bsn", "given_name", "family_name", "birth_date", "municipality"],
                            *([ref, "", "Test", ref, "", municipality] for ref, municipality in self.persons.items())],
            "systems.csv": [["system_ref", "name", "municipality"], *([ref, f"Gezin {ref}", "GM0344"] for ref in self.systems)],
            "system_members.csv": [["system_ref", "person_ref", "role"],
                                   *([ref, member, ""] for ref, members in self.systems.items() for member in members)],
            "cases.csv": [CASE_COLUMNS, *self.cases],
            "discussions.csv": [["meeting_ref", "date", "case_ref", "client_present", "expert_present"], *self.discussions],
            "measurements.csv": [["case_ref", "date", "kind", "domain", "level"], *self.measurements],
            "case_interventions.csv": [["case_ref", "intervention", "organisation", "agreed_on", "status"], *self.interventions],
            **({"signals.csv": [SIGNAL_COLUMNS, *([row[c] for c in SIGNAL_COLUMNS] for row in self.signals)]}
               if self.signals else {}),
        }

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for name, rows in self.files().items():
            with (directory / name).open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle, lineterminator="\n").writerows(rows)
        return directory

    def load(self, directory: Path) -> None:
        call_command("import", str(self.write(directory)), verbosity=0)
        insert_escalations(self.escalations)


def insert_escalations(rows: list[dict[str, str]]) -> None:
    """Store escalations given as case_ref, raised_on, resolved_on (may be empty) and outcome; one stored already
    (the same case, dates and outcome) is not stored again."""
    from procesregie.casework.models import Case
    from procesregie.escalations.models import Escalation, EscalationReason

    for row in rows:
        Escalation.objects.get_or_create(
            case=Case.objects.get(registration__ref=row["case_ref"]), raised_on=d(row["raised_on"]),
            resolved_on=d(row["resolved_on"]) if row["resolved_on"] else None, outcome=row["outcome"],
            defaults={"reason": EscalationReason.OTHER,
                      "explanation": "Synthetisch: voor de tests van het jaarverslag."},
        )


def append_signals_csv(directory: Path, rows: list[dict[str, str]]) -> None:
    """Add rows to the dataset's signals.csv (written with its header when the dataset has none)."""
    path = directory / "signals.csv"
    new = not path.exists()
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, SIGNAL_COLUMNS, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerows(rows)
