"""Problems found in a dataset, reported as `file:line: column: message`."""

from dataclasses import dataclass
from typing import TextIO

from .csvfile import write_table

COLUMNS = ["file", "line", "column", "message"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # physical line where the row starts; 0 for the file itself
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column or '-'}: {self.message}"


class Problems:
    """Collects problems while a dataset is read and checked."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, line: int, column: str, message: str) -> None:
        self.items.append(Problem(file, line, column, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(self.items)

    def write_csv(self, handle: TextIO) -> None:
        """Write every problem as a row of a CSV file, formula-escaped as the export is (cells quote the dataset)."""
        write_table(handle, COLUMNS, ((p.file, p.line, p.column, p.message) for p in self.sorted()))


class DatasetInvalid(Exception):
    """The dataset has problems; nothing was changed."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems)} problem(s) in the dataset")
        self.problems = problems
