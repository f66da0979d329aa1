"""How an approach's sections share the page: the bands of `ApproachPage.bands`.

A printed annual report is dense: a short table does not get a page width of its own. So the
sections of an approach are laid out in bands (blocks.Band):

- a *wide* band holds one section across the page: the flow, the municipalities and the life
  domains, each with its chart beside its table (`Section.beside`);
- a *two-column* band holds the short sections (reasons, reporters, durations, districts,
  discussions, interventions, signals, escalations) in two columns of about the same height: the
  first column is read first, then the second.

Heights are estimated in table lines from the number of rows (and how long their labels are),
which is all the balancing needs; a band that runs over a page break breaks with its columns,
so a wrong estimate costs some white space, never a figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .blocks import Band, Section

# Sections that get a band of their own, with the chart beside the table, when they have a chart.
WIDE_WITH_CHART = ("flow", "municipalities", "domains")
# A band up to this tall moves to the next page whole instead of leaving its heading and a row or two
# behind; a wide band holds a chart, which cannot break at all. Taller bands break between table rows.
KEEP_WIDE_LINES = 55
KEEP_COLUMNS_LINES = 24
LABEL_CHARACTERS = 34  # characters of a row label per line in half the page width
COLUMN_MM = 88  # the width of one column on A4, in millimetres
ASIDE_MM = 78  # the width of a chart beside its table
LINE_MM = 4.2


def _chart_lines(section: Section, width_mm: float) -> float:
    if section.chart is None:
        return 0.0
    scale = min(1.0, width_mm / (section.chart.width * 25.4 / 96))  # never drawn larger than its own size
    chart_mm = section.chart.width * 25.4 / 96 * scale * section.chart.height / max(section.chart.width, 1)
    return chart_mm / LINE_MM + math.ceil(len(section.chart_caption) / 60)


def estimated_lines(section: Section) -> float:
    """The height of `section` in table lines: in one of two columns, or (beside) in a band of its own."""
    lines = 2.0  # the heading and the space above it
    if section.empty_text:
        lines += 1.5
    for table in section.tables:
        lines += 1.5 + (0 if table.caption_hidden else 1)
        for row in table.rows:
            text = f"{row.label} {row.detail}".strip()
            lines += max(1, math.ceil(len(text) / LABEL_CHARACTERS))
    if section.note:
        lines += math.ceil(len(section.note) / 60)
    for line in section.count_lines:
        lines += math.ceil((len(line.caption) + sum(len(f"{name} {count}, ") for name, count in line.counts)) / 60)
    if section.beside:
        aside = 2.0 + _chart_lines(section, ASIDE_MM) + 1.1 * len(section.facts)
        return max(lines, aside)
    return lines + 1.1 * len(section.facts) + _chart_lines(section, COLUMN_MM)


def _two_columns(sections: list[Section]) -> Band:
    """The short sections in two columns of about the same height.

    Taken from the tallest down, each goes to the shorter column; within a column they keep their
    reading order. One column is read to its end before the next, so the order between the short
    breakdowns (each a table of its own) is free to serve the balance.
    """
    heights = {id(section): estimated_lines(section) for section in sections}
    columns: list[list[Section]] = [[], []]
    totals = [0.0, 0.0]
    for section in sorted(sections, key=lambda s: -heights[id(s)]):
        shorter = 0 if totals[0] <= totals[1] else 1
        columns[shorter].append(section)
        totals[shorter] += heights[id(section)]
    order = {id(section): index for index, section in enumerate(sections)}
    columns = [sorted(column, key=lambda s: order[id(s)]) for column in columns if column]
    columns.sort(key=lambda column: order[id(column[0])])  # the column with the first section comes first
    return Band(columns, keep=max(totals) <= KEEP_COLUMNS_LINES)


def bands(sections: Sequence[Section]) -> list[Band]:
    """The sections of one approach as bands, in reading order.

    The wide sections keep their place; the short ones between two wide ones are gathered in
    two-column bands (context.py orders the sections so that the short ones come together).
    """
    result: list[Band] = []
    short: list[Section] = []
    for section in sections:
        if section.kind in WIDE_WITH_CHART and (section.chart is not None or section.kind == "flow"):
            section.beside = section.chart is not None
            if short:
                result.append(_two_columns(short))
                short = []
            result.append(Band([[section]], keep=estimated_lines(section) <= KEEP_WIDE_LINES))
        else:
            short.append(section)
    if short:
        result.append(_two_columns(short))
    return result
