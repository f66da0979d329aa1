"""The annual report on paper, from the context the web page's templates render (context.annual_report_context):
the title and the summary on the first page; the contents and the overview; each top-level approach from a new page,
its sub-approaches following on; short sections in two columns and a chart beside its table (layout.py's bands);
the chapter "Resultaten" when asked; the explanation of the figures last. The same texts as the templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from ..blocks import ApproachPage, Band, Section
from .charts import chart_flowables
from .document import Chapter, Contents
from .fonts import REGULAR
from .prose import approach_head, definition_list
from .styles import (
    ACCENT,
    BAND,
    BODY,
    FRAME_WIDTH,
    GUTTER,
    HEADING,
    KICKER,
    LINE,
    NOTE,
    SECTION,
    SUBTITLE,
    SUMMARY_TEXT,
    TITLE,
    markup,
    paragraph,
)
from .tables import table_flowables

ACCENT_BAR = 4 * mm
# The share of a wide band's main column, beside its chart (report-print.css, `__split-main`).
MAIN_SHARE = {"municipalities": 0.58, "domains": 0.60}
MAIN_SHARE_DEFAULT = 0.56
SUMMARY_MAIN_SHARE = 0.52
FACT_VALUE_SHARE = 0.20
COUNT_LINE = BODY.clone("count-line", fontSize=8, leading=10.4)
FACT = BODY.clone("fact", fontSize=8, leading=9.6, spaceAfter=0)


def annual_story(context: Mapping[str, Any]) -> list[Flowable]:
    """The whole report as flowables."""
    story: list[Flowable] = [*_title(context), *_summary(context), PageBreak(), *_contents(context),
                             *_overview(context)]
    for page in context["approach_pages"]:
        story += _approach(page)
    if context.get("outcomes"):
        from .outcomes import outcomes_chapter

        story += outcomes_chapter(context["outcomes"], width=FRAME_WIDTH)
    story += [PageBreak(), Chapter("toelichting", _("Toelichting op de cijfers"), level=0, running=True),
              paragraph(_("Toelichting op de cijfers"), HEADING), *definition_list(context["definitions"])]
    return story


def report_title(context: Mapping[str, Any]) -> str:
    return context.get("document_title") or _("Jaarverslag %(year)s") % {"year": context["year"]}


# --- the first pages -----------------------------------------------------------------------------------------------


def _title(context: Mapping[str, Any]) -> list[Flowable]:
    year = context["year"]
    lines: list[Flowable] = [
        paragraph(_("Zorg- en Veiligheidshuis · procesregie"), KICKER),
        paragraph(report_title(context), TITLE),
        paragraph(_("De cijfers van 1 januari tot en met 31 december %(year)s, per aanpak.") % {"year": year},
                  SUBTITLE),
    ]
    if context.get("has_comparison"):
        lines.append(paragraph(_("Met de stroomcijfers van %(previous_year)s ter vergelijking.")
                               % {"previous_year": context["previous_year"]}, SUBTITLE))
    if context.get("suppression_note"):
        lines.append(paragraph(context["suppression_note"], NOTE))
    block = Table([["", lines]], colWidths=[ACCENT_BAR, FRAME_WIDTH - ACCENT_BAR], style=TableStyle([
        ("BACKGROUND", (0, 0), (0, 0), ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (0, 0), (0, 0), 0),
        ("LEFTPADDING", (1, 0), (1, 0), 6 * mm), ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]), hAlign="LEFT")
    return [block, Spacer(0, 8 * mm)]


def _summary(context: Mapping[str, Any]) -> list[Flowable]:
    summary = context["summary"]
    main_width = FRAME_WIDTH * SUMMARY_MAIN_SHARE
    main = [paragraph(text, SUMMARY_TEXT) for text in summary.paragraphs]
    aside: list[Flowable] = []
    if context.get("overview_chart"):
        aside = chart_flowables(context["overview_chart"], FRAME_WIDTH - main_width - GUTTER, _(
            "In regie per aanpak op 1 januari en op 31 december. De cijfers staan ook in het overzicht."))
    return [Chapter("samenvatting", _("Samenvatting"), level=0), paragraph(_("Samenvatting"), HEADING),
            _columns([main, aside], [main_width, FRAME_WIDTH - main_width]),
            Spacer(0, 3 * mm), *table_flowables(summary.table, FRAME_WIDTH),
            paragraph(_("Een totaal telt de aanpakken zonder onderliggende aanpakken op, zodat niemand dubbel telt. "
                        "Overdrachten tussen aanpakken in het huis zijn geen in- of uitstroom en staan per aanpak "
                        "apart."), NOTE)]


def _contents(context: Mapping[str, Any]) -> list[Flowable]:
    entries = [(0, _("Samenvatting"), "samenvatting"), (0, _("Overzicht en totalen"), "overzicht")]
    entries += [(page.depth, page.name, page.anchor) for page in context["approach_pages"]]
    if context.get("outcomes"):
        entries.append((0, _("Resultaten"), "resultaten"))
    entries.append((0, _("Toelichting op de cijfers"), "toelichting"))
    return [paragraph(_("Inhoud"), HEADING), Contents(entries), Spacer(0, 6 * mm)]


def _overview(context: Mapping[str, Any]) -> list[Flowable]:
    story: list[Flowable] = [
        Chapter("overzicht", _("Overzicht en totalen"), level=0, running=True),
        paragraph(_("Overzicht en totalen"), HEADING),
        paragraph(_("De totalen tellen de aanpakken zonder onderliggende aanpakken op, zodat niemand dubbel telt. "
                    "Een bovenliggende aanpak (zoals Top X) telt de cijfers van zijn onderdelen op."), BODY),
        *table_flowables(context["overview_table"], FRAME_WIDTH)]
    if context["totals_table"].rows:
        story += table_flowables(context["totals_table"], FRAME_WIDTH)
    return story


# --- the approaches ------------------------------------------------------------------------------------------------


def _approach(page: ApproachPage) -> list[Flowable]:
    meta = _("Eenheid: %(unit)s.") % {"unit": page.unit}
    if page.children:
        meta += f" {_('Deze aanpak telt de cijfers op van:')} {', '.join(page.children)}."
    story: list[Flowable] = [PageBreak()] if page.depth == 0 else [CondPageBreak(40 * mm)]
    head = [approach_head(key=page.anchor, name=page.name, depth=page.depth, ancestors=page.ancestors, meta=meta)]
    if page.depth:
        head.insert(0, _rule())
    bands = [(_band(band), band.keep) for band in page.bands]
    if not bands:
        return [*story, *head]
    # The head goes with the first band: both to the next page when they fit on one; a short band ("keep") moves
    # to the next page whole rather than break.
    story.append(KeepTogether([*head, bands[0][0]]))
    story += [KeepTogether([flowable]) if keep else flowable for flowable, keep in bands[1:]]
    return story


def _rule() -> Flowable:
    """The line above a sub-approach that follows on the page of the one before."""
    return Table([[""]], colWidths=[FRAME_WIDTH], rowHeights=[2 * mm], hAlign="LEFT", spaceBefore=4 * mm,
                 style=TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.75, LINE)]))


def _band(band: Band) -> Flowable:
    """A wide band (one section across the page, its chart beside it) or short sections in two columns."""
    if band.wide:
        (section,) = band.columns[0]
        return _section_beside(section) if section.beside else _columns([_section(section, FRAME_WIDTH)], [FRAME_WIDTH])
    width = (FRAME_WIDTH - GUTTER) / 2
    return _columns([[item for section in column for item in _section(section, width)] for column in band.columns],
                    [FRAME_WIDTH / 2] * len(band.columns))


def _columns(columns: Sequence[Sequence[Flowable]], widths: Sequence[float]) -> Table:
    """Columns side by side, `GUTTER` apart, that break over pages together."""
    last = len(columns) - 1
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (last, 0), (last, 0), 0)]
    if last:
        commands += [("RIGHTPADDING", (0, 0), (last - 1, 0), GUTTER / 2), ("LEFTPADDING", (1, 0), (last, 0), GUTTER / 2)]
    return Table([[list(column) for column in columns]], colWidths=list(widths), splitInRow=1, hAlign="LEFT",
                 style=TableStyle(commands))


def _section(section: Section, width: float) -> list[Flowable]:
    """A section in one column: its figures, then its chart under them."""
    story = [*_section_text(section, width), *_facts(section, width)]
    story += _counts_and_notes(section)
    if section.chart is not None:
        story += chart_flowables(section.chart, width, section.chart_caption)
    return story


def _section_beside(section: Section) -> Table:
    """A wide section: the tables on the left, the chart and the single figures beside them."""
    share = MAIN_SHARE.get(section.kind, MAIN_SHARE_DEFAULT)
    main_width = FRAME_WIDTH * share
    aside_width = FRAME_WIDTH - main_width - GUTTER / 2
    main = [*_section_text(section, main_width - GUTTER / 2), *_counts_and_notes(section)]
    aside = [*chart_flowables(section.chart, aside_width, section.chart_caption), *_facts(section, aside_width)]
    return _columns([main, aside], [main_width, FRAME_WIDTH - main_width])


def _section_text(section: Section, width: float) -> list[Flowable]:
    story: list[Flowable] = [paragraph(section.title, SECTION)]
    if section.empty_text:
        story.append(paragraph(section.empty_text, NOTE))
    for table in section.tables:
        story += table_flowables(table, width, small=section.kind == "domains")
    return story


def _counts_and_notes(section: Section) -> list[Flowable]:
    story: list[Flowable] = []
    for line in section.count_lines:
        counts = ", ".join(f"{markup(name)} {markup(count)}" for name, count in line.counts)
        story.append(Paragraph(f"<b>{markup(line.caption)}:</b> {counts}.", COUNT_LINE))
    if section.legend:
        story.append(paragraph(section.legend, NOTE))
    if section.note:
        story.append(paragraph(section.note, NOTE))
    return story


def _facts(section: Section, width: float) -> list[Flowable]:
    """Single figures as label and figure, every other one on a grey band."""
    if not section.facts:
        return []
    value_width = width * FACT_VALUE_SHARE
    rows = [[paragraph(label, FACT), str(value)] for label, value in section.facts]
    return [Table(rows, colWidths=[width - value_width, value_width], hAlign="LEFT", spaceBefore=1 * mm,
                  spaceAfter=2 * mm, style=TableStyle([
                      ("FONT", (0, 0), (-1, -1), REGULAR, 8), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                      ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ROWBACKGROUNDS", (0, 0), (-1, -1), [BAND, None]),
                      ("TOPPADDING", (0, 0), (-1, -1), 0.35 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6 * mm),
                      ("LEFTPADDING", (0, 0), (-1, -1), 1.2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 1.2 * mm)]))]


