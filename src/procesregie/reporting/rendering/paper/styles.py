"""The look of the printed annual report: A4 with the margins, type sizes and colours of the web page's print
stylesheet (static/reporting/report-print.css), as ReportLab paragraph styles.

Text from the figures (names of approaches, municipalities, organisations) is always escaped: a paragraph reads
markup, and a name must stay a name (`paragraph`).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from .fonts import BOLD, REGULAR, register

register()  # once, for every module of the printed report: a paragraph looks its font up when it is made

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 16 * mm, 15 * mm, 17 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE
GUTTER = 5 * mm  # between two columns

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4d4d4d")  # hsl(0 0% 30%)
LINE = colors.HexColor("#cccccc")  # hsl(0 0% 80%)
BAND = colors.HexColor("#f2f2f2")  # hsl(0 0% 95%): every other table row
ACCENT = colors.HexColor("#cc0000")  # hsl(0 100% 40%): the title's bar
WHITE = colors.white

FONT_SIZE = 8.5


def _style(name: str, size: float = FONT_SIZE, *, bold: bool = False, leading: float = 1.3, colour=INK,
           before: float = 0, after: float = 2 * mm, **more) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else REGULAR, fontSize=size, leading=size * leading,
                          textColor=colour, spaceBefore=before, spaceAfter=after, splitLongWords=1, **more)


BODY = _style("body")
LEAD = _style("lead", 10)
NOTE = _style("note", 7.5, colour=MUTED)
KICKER = _style("kicker", 8.5, colour=MUTED, after=1 * mm)
TITLE = _style("title", 26, bold=True, leading=1.15, after=2 * mm)
SUBTITLE = _style("subtitle", 10, after=1 * mm)
SUMMARY_TEXT = _style("summary-text", 9.5, leading=1.45, after=3 * mm)
HEADING = _style("heading", 15, bold=True, leading=1.2, after=3 * mm, keepWithNext=1)  # "Samenvatting", "Inhoud"
APPROACH = _style("approach", 15, bold=True, leading=1.2, after=1 * mm, keepWithNext=1)
SUB_APPROACH = _style("sub-approach", 13, bold=True, leading=1.2, after=1 * mm, keepWithNext=1)
SECTION = _style("section", 9, bold=True, leading=1.2, before=2.5 * mm, after=1 * mm, keepWithNext=1)
PATH = _style("path", 7.5, colour=MUTED, after=0.5 * mm, keepWithNext=1)
META = _style("meta", after=1 * mm)
CAPTION = _style("caption", 7.5, leading=1.2, after=0.8 * mm, keepWithNext=1)
CHART_CAPTION = _style("chart-caption", 7.5, colour=MUTED, leading=1.2, before=0.8 * mm, after=1 * mm)
TERM = _style("term", 8.5, bold=True, after=0.3 * mm, keepWithNext=1)
DEFINITION = _style("definition", 8.5, after=2 * mm, leftIndent=4 * mm)
CONTENTS = _style("contents", 9, after=0.8 * mm)
RUNNING = _style("running", 7.5, colour=MUTED)

# Table cells: 8 pt (7.5 pt in wide tables), headings 6.5 pt.
CELL = _style("cell", 8, leading=1.15, after=0)
CELL_RIGHT = _style("cell-right", 8, leading=1.15, after=0, alignment=TA_RIGHT)
HEAD_CELL = _style("head-cell", 6.5, bold=True, leading=1.15, after=0)
HEAD_CELL_RIGHT = _style("head-cell-right", 6.5, bold=True, leading=1.15, after=0, alignment=TA_RIGHT)


def markup(text: object) -> str:
    """`text` as paragraph markup that shows exactly that text."""
    return escape(str(text))


def paragraph(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain `text` (escaped)."""
    return Paragraph(markup(text), style)
