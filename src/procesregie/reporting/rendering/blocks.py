"""The building blocks of the annual report page: tables, sections, and the bands that lay them out.

context.py fills them from the report dict, summary.py builds the summary, layout.py groups an
approach's sections into bands; the templates render them (web page, stand-alone HTML, PDF).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import charts


@dataclass
class Row:
    label: str
    cells: list[Any]
    depth: int = 0
    detail: str = ""  # a second line under the label, such as a code or a district
    strong: bool = False


@dataclass
class Table:
    id: str
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    caption_hidden: bool = False
    text_columns: int = 0  # leading columns (after the row heading) that hold text, not numbers
    wide: bool = False  # many columns: printed smaller
    legend: str = ""  # what the markers of hidden counts in this table mean (context.legends), under the table


@dataclass
class CountLine:
    """A small count map as one line of text after the section's figures: "Caption: name 10, other 3." Far
    cheaper to lay out on paper than a table of its own, for a breakdown of a few names."""

    caption: str
    counts: list[tuple[str, Any]]


@dataclass
class Section:
    id: str
    title: str
    level: int
    kind: str = ""  # what the section shows ("flow", "reasons", …): a class for the stylesheets
    tables: list[Table] = field(default_factory=list)
    chart: charts.Chart | None = None
    chart_caption: str = ""
    empty_text: str = ""
    facts: list[tuple[str, Any]] = field(default_factory=list)  # a definition list of single figures
    count_lines: list[CountLine] = field(default_factory=list)  # small count maps written out in a line
    note: str = ""
    beside: bool = False  # the chart stands beside the tables (a wide section) rather than under them
    legend: str = ""  # the same for hidden counts among the facts and count lines


@dataclass
class Band:
    """A horizontal strip of an approach: one column (a wide section) or two columns of short sections
    side by side. On paper a band may run over a page break; its columns break with it."""

    columns: list[list[Section]]
    keep: bool = False  # short enough to move to the next page whole rather than break

    @property
    def wide(self) -> bool:
        return len(self.columns) == 1


@dataclass
class ApproachPage:
    code: str
    name: str
    anchor: str
    depth: int
    level: int
    unit: str
    ancestors: list[str]
    children: list[str]
    sections: list[Section]
    bands: list[Band] = field(default_factory=list)
