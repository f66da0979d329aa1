"""The annual report's hand-written datasets (tests/reporting/annual_data.py) with what the outcomes report reads
besides: police registrations, and case interventions with their organisation and due date."""

from ..annual_data import Dataset

INTERVENTION_COLUMNS = ["case_ref", "intervention", "organisation", "agreed_on", "status", "due_date"]


class OutcomesDataset(Dataset):
    def __init__(self):
        super().__init__()
        self.police_rows: list[list[str]] = []
        self.agreements: list[list[str]] = []

    def police(self, person: str, *dates: str, kind: str = "misdrijf") -> None:
        """Police registrations of `person` (a person ref), one per date."""
        self.person(person)
        self.police_rows.extend([person, date, kind] for date in dates)

    def agreed(self, case: str, agreed_on: str, status: str = "agreed", *, organisation: str = "gemeente-utrecht",
               due: str = "", code: str = "fact") -> None:
        """A case intervention carried by `organisation`, with an optional due date."""
        self.agreements.append([case, code, organisation, agreed_on, status, due])

    def discussed(self, ref: str, approach: str, *dates: str, subject: str, start: str = "2022-01-01",
                  end: str = "", reason: str = "") -> str:
        """A case of `subject` started on `start`, discussed on each of `dates`."""
        self.case(ref, approach, start, end, reason, subject=subject)
        for date in dates:
            self.discussion(ref, date)
        return ref

    def files(self) -> dict[str, list[list[str]]]:
        files = super().files()
        files["case_interventions.csv"] = [
            INTERVENTION_COLUMNS, *([*row, ""] for row in self.interventions), *self.agreements,
        ]
        files["police_registrations.csv"] = [["person_ref", "date", "kind"], *self.police_rows]
        return files
