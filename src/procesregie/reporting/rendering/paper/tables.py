"""A table of the report (blocks.Table) on paper: across the width it is given, the row heading taking a share by
the number of columns (as report-print.css has it), every other row on a grey band, the heading row repeated when
the table runs on to the next page, a long name wrapping inside its cell. The caption above, the legend of hidden
counts under it.

A cell whose words fit its width is plain lines of text, which ReportLab draws without laying out a paragraph (most of
the report's thousands of cells are short numbers); a paragraph only where a word must break inside or a detail stands
in small type after a label.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..blocks import Row
from ..blocks import Table as ReportTable
from .fonts import BOLD, REGULAR
from .styles import BAND, CAPTION, CELL, CELL_RIGHT, HEAD_CELL, HEAD_CELL_RIGHT, INK, MUTED, NOTE, markup, paragraph

# The row heading's share of the width by the number of figure columns (report-print.css, `__corner`).
CORNER_SHARE = {1: 0.75, 2: 0.60, 3: 0.52, 4: 0.40, 5: 0.28, 6: 0.28, 7: 0.23, 8: 0.23, 9: 0.23}
WIDE_CORNER_SHARE = 0.32  # ten columns and more
INDENT = (0, 3.5 * mm, 6 * mm, 8.5 * mm, 8.5 * mm)  # a row heading's indent by the depth of its row
PAD_Y = 0.3 * mm
MIN_HEAD_SIZE = 5.0


def _corner_share(columns: int) -> float:
    return CORNER_SHARE.get(columns, WIDE_CORNER_SHARE)


def _sizes(table: ReportTable, small: bool) -> tuple[float, float]:
    """(cell font size, horizontal padding) of `table`."""
    if table.wide or small:
        return 7.5, 0.8 * mm
    return CELL.fontSize, 1.2 * mm


def _lines(text: str, font: str, size: float, width: float) -> str | None:
    """`text` broken into lines no wider than `width` at its spaces, as one string (a table draws its lines); None
    where a word alone is wider: that needs a paragraph, which breaks inside a word."""
    lines = simpleSplit(text, font, size, width) or [""]
    if any(stringWidth(line, font, size) > width for line in lines):
        return None
    return "\n".join(lines)


def _cell(text: str, width: float, *, size: float, bold: bool = False, right: bool = False,
          detail: str = "") -> str | Paragraph:
    """The text as plain lines where its words fit the cell; a paragraph where a word must break, or for a detail
    in small type after the label."""
    font = BOLD if bold else REGULAR
    if not detail and (lines := _lines(text, font, size, width)) is not None:
        return lines
    style = (CELL_RIGHT if right else CELL).clone("cell-fitted", fontSize=size, leading=size * 1.15, fontName=font)
    body = markup(text) if not bold else f"<b>{markup(text)}</b>"
    if detail:
        body += f' <font size="{size - 1.5:g}" color="#4d4d4d">{markup(detail)}</font>'
    return Paragraph(body, style)


def _head(text: str, width: float, right: bool = False) -> tuple[str | Paragraph, float]:
    """A column heading and its type size: smaller where its longest word would not fit its column (never below
    5 pt)."""
    size = HEAD_CELL.fontSize
    longest = max((stringWidth(word, BOLD, 1) for word in text.split()), default=0)
    if longest * size > width:
        size = max(MIN_HEAD_SIZE, width / longest)
    lines = _lines(text, BOLD, size, width)
    if lines is not None:
        return lines, size
    style = HEAD_CELL_RIGHT if right else HEAD_CELL
    return Paragraph(markup(text), style.clone("head-cell-fitted", fontSize=size, leading=size * 1.15)), size


def table_flowables(table: ReportTable, width: float, *, small: bool = False) -> list[Flowable]:
    """The caption, the table and its legend, `width` points wide. `small`: the life domains' dense tables."""
    columns = len(table.columns)
    size, pad = _sizes(table, small)
    corner = width * _corner_share(columns) if columns else width
    rest = (width - corner) / columns if columns else 0
    widths = [corner] + [rest] * columns
    text_columns = table.text_columns
    headings = [_head(table.row_heading, corner - 2 * pad)]
    headings += [_head(name, rest - 2 * pad, index >= text_columns) for index, name in enumerate(table.columns)]
    data: list[list] = [[text for text, _ in headings]]
    head_fonts = [("FONT", (index, 0), (index, 0), BOLD, size_, size_ * 1.15)
                  for index, (_, size_) in enumerate(headings)]
    indents = []
    for number, row in enumerate(table.rows, start=1):
        indent = INDENT[min(row.depth, len(INDENT) - 1)]
        data.append(_row(row, widths, size=size, pad=pad, indent=indent, text_columns=text_columns))
        if indent:
            indents.append(("LEFTPADDING", (0, number), (0, number), pad + indent))
    commands = [
        ("FONT", (0, 0), (-1, -1), REGULAR, size, size * 1.15),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("ALIGN", (1 + text_columns, 1), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 0.3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, MUTED),
        ("ALIGN", (1 + text_columns, 0), (-1, 0), "RIGHT"),
        *head_fonts,
        *indents,
    ]
    if len(data) > 1:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [BAND, None]))
    for index, row in enumerate(table.rows, start=1):
        if row.strong:
            commands += [("FONT", (0, index), (-1, index), BOLD, size, size * 1.15),
                         ("LINEABOVE", (0, index), (-1, index), 0.5, MUTED)]
    flowables: list[Flowable] = []
    if not table.caption_hidden and table.caption:
        flowables.append(paragraph(table.caption, CAPTION))
    flowables.append(Table(data, colWidths=widths, repeatRows=1, style=TableStyle(commands), hAlign="LEFT",
                           spaceBefore=0.5 * mm, spaceAfter=1.5 * mm))
    if table.legend:
        flowables[-1].keepWithNext = 1  # the legend never starts a page on its own
        flowables.append(paragraph(table.legend, NOTE))
    return flowables


def _row(row: Row, widths: Sequence[float], *, size: float, pad: float, indent: float, text_columns: int) -> list:
    room = [width - 2 * pad for width in widths]
    cells: list = [_cell(str(row.label), room[0] - indent, size=size, bold=row.strong, detail=row.detail)]
    for index, value in enumerate(row.cells):
        cells.append(_cell(str(value), room[index + 1], size=size, bold=row.strong, right=index >= text_columns))
    return cells
