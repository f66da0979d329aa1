"""Reading and writing the CSV files of a dataset, safely.

Reading never raises on bad bytes: wrong encoding, NUL bytes, ragged rows, oversized cells and formula-like
cells become problems with their line number. Writing escapes formula-like cells with a leading apostrophe,
which reading undoes, so a round trip is lossless.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from django.conf import settings
from django.utils.translation import gettext as _

if TYPE_CHECKING:  # problems.py writes its CSV file with `write_table` below
    from .problems import Problems

BOM = b"\xef\xbb\xbf"
# A cell a spreadsheet would evaluate: starts with = + - @ or a tab/carriage return.
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
FORMULA_FIRST_CHARACTERS = frozenset("=+-@\t\r")  # the same test on `cell[:1]`, for the per-cell loop
# An escaped cell as written by `escape_cell`: one or more apostrophes before a formula start.
ESCAPED_FORMULA = re.compile(r"^'+[=+\-@\t\r]")
# Over a row's cells joined by NUL (which a decoded text never holds): some cell or its stripped value starts
# with a formula character or an apostrophe. Where this finds nothing, no cell needs the per-cell checks.
_ROW_NEEDS_CELL_CHECKS = re.compile(r"\x00(?:[\t\r]|\s*[=+\-@'])")

csv.field_size_limit(2**31 - 1)  # cell size is checked below, with a clear problem instead of a csv.Error


@dataclass
class Row:
    line: int
    values: dict[str, str]


def escape_cell(value: str) -> str:
    """Make a cell safe for spreadsheets: `=1+1` becomes `'=1+1` (and `'=x` becomes `''=x`)."""
    if FORMULA_START.match(value) or ESCAPED_FORMULA.match(value):
        return "'" + value
    return value


def _unescape_cell(value: str) -> str:
    return value[1:] if ESCAPED_FORMULA.match(value) else value


def _decode_lines(raw: bytes, name: str, problems: Problems) -> tuple[str, set[int]]:
    """Decode per physical line so that one bad byte costs one line, not the file."""
    if raw.startswith(BOM):
        raw = raw[len(BOM):]
    try:  # the usual case, at once: a line can only fail to decode when the whole file does
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" not in text:
            return text, set()
    bad_lines: set[int] = set()
    parts = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            problems.add(name, number, "", _("ongeldige tekencodering: het bestand moet UTF-8 zijn"))
            bad_lines.add(number)
            text = line.decode("utf-8", errors="replace")
        if "\x00" in text:
            problems.add(name, number, "", _("de regel bevat een NUL-teken"))
            bad_lines.add(number)
            text = text.replace("\x00", "")
        parts.append(text)
    return "\n".join(parts), bad_lines


def read_rows(path: Path, *, allowed: list[str], required: list[str], problems: Problems) -> Iterator[Row]:
    """Yield the data rows of one file as column → cell (formula escapes undone); report every problem."""
    name = path.name
    problems_before = len(problems)
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.add(name, 0, "", _("bestand kan niet gelezen worden: %(error)s") % {"error": error.strerror})
        return
    text, bad_lines = _decode_lines(raw, name, problems)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    max_cell = settings.INTERCHANGE_MAX_CELL
    header: list[str] | None = None
    consumed = 0  # physical lines read so far
    try:
        for cells in reader:
            start, consumed = consumed + 1, reader.line_num
            if not cells or cells == [""]:
                continue
            if header is None:
                header = _check_header(cells, name, allowed, required, problems)
                if header is None:
                    return
                continue
            if bad_lines and bad_lines.intersection(range(start, consumed + 1)):
                continue
            if len(cells) != len(header):
                problems.add(
                    name, start, "",
                    _("verwacht %(expected)d kolommen, gevonden %(found)d") % {"expected": len(header), "found": len(cells)},
                )
                continue
            values = _row_values(header, cells, name, start, max_cell, problems)
            if values is not None:
                yield Row(start, values)
    except csv.Error as error:
        problems.add(name, consumed + 1, "", _("onleesbare CSV vanaf deze regel: %(error)s") % {"error": error})
    if header is None and len(problems) == problems_before:
        problems.add(name, 1, "", _("het bestand heeft geen kopregel"))


def _row_values(header, cells, name, line, max_cell, problems) -> dict[str, str] | None:
    if max(map(len, cells)) <= max_cell and not _ROW_NEEDS_CELL_CHECKS.search("\x00" + "\x00".join(cells)):
        return dict(zip(header, map(str.strip, cells), strict=True))  # the usual row, at once
    values = {}
    formula = FORMULA_FIRST_CHARACTERS
    for column, cell in zip(header, cells, strict=True):
        value = cell.strip()
        if len(cell) > max_cell:
            problems.add(name, line, column, _("cel is langer dan %(max)d tekens") % {"max": max_cell})
        elif cell[:1] in formula or value[:1] in formula:
            problems.add(name, line, column, _("waarde lijkt op een spreadsheetformule; niet toegestaan"))
        else:
            values[column] = _unescape_cell(value) if value[:1] == "'" else value
    return values if len(values) == len(header) else None


def _check_header(cells: list[str], name: str, allowed: list[str], required: list[str], problems: Problems):
    header = [cell.strip() for cell in cells]
    ok = True
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.add(name, 1, column, _("kolom komt twee keer voor"))
            ok = False
        elif column not in allowed:
            problems.add(name, 1, column[:100], _("onbekende kolom; toegestaan: %(allowed)s") % {"allowed": ", ".join(allowed)})
            ok = False
        seen.add(column)
    for column in required:
        if column not in seen:
            problems.add(name, 1, column, _("verplichte kolom ontbreekt"))
            ok = False
    return header if ok else None


def write_rows(path: Path, columns: list[str], rows: Iterable) -> int:
    """Write a header and rows (sequences in column order) into `path`; every cell is formula-escaped."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        return write_table(handle, columns, rows)


def write_table(handle: TextIO, columns: list[str], rows: Iterable) -> int:
    """Write a header and rows into an open text file (opened with newline=""); every cell is formula-escaped."""
    count = 0
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([escape_cell(_cell(value)) for value in row])
        count += 1
    return count


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
