"""The annual report's chapter "Resultaten" on paper: what templates/reporting/outcomes_chapter.html renders (with
outcomes_definitions.html, outcomes_approaches.html and outcomes_section.html), in the same order and with the same
gettext messages, from the dict `outcomes.context.outcomes_context(..., base_level=3)` returns.

The chapter starts a page (report-print.css: `break-before: page`): its heading, the lead with the window and the
peildatum, what the figures mean, then per approach its head and its sections (recidivism, life domains,
follow-through), each with its title, the text for an empty section, the chart with its caption, the sentences and
the tables with their legends.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from ..outcomes.context import ApproachOutcomes, OutcomeSection
from .charts import chart_flowables
from .document import Chapter
from .prose import approach_head, definition_list
from .styles import BODY, HEADING, LEAD, NOTE, SECTION, paragraph
from .tables import table_flowables

# report-print.css, `.procesregie-outcomes__section`: the section titles 10.5 pt, a sentence 1.5 mm from the next,
# a chart no taller than 120 mm.
CHART_HEIGHT = 120 * mm
OUTCOME_SECTION = SECTION.clone("outcome-section", fontSize=10.5, leading=10.5 * 1.2)
SENTENCE = BODY.clone("outcome-sentence", spaceAfter=1.5 * mm)


def outcomes_chapter(outcomes: Mapping[str, Any], *, width: float) -> list[Flowable]:
    """The chapter "Resultaten" from a new page, `width` points wide; fresh flowables on every call (a laid-out
    flowable cannot be laid out again)."""
    story: list[Flowable] = [
        PageBreak(),
        Chapter("resultaten", _("Resultaten"), level=0, running=True),
        paragraph(_("Resultaten"), HEADING),
        paragraph(_("Personen die %(window)s voor het eerst zijn besproken, gevolgd tot de peildatum %(as_of)s: "
                    "politieregistraties in het jaar voor en na de eerste bespreking, naast een vergelijkingsgroep; de "
                    "voortgang op de leefgebieden; de uitvoering van afgesproken interventies.")
                  % {"window": outcomes["outcomes_window"], "as_of": outcomes["outcomes_as_of"]}, LEAD),
        *definition_list(outcomes["outcomes_definitions"]),
    ]
    for page in outcomes["outcomes_approaches"]:
        story += approach(page, width)
    return story


def approach(page: ApproachOutcomes, width: float) -> list[Flowable]:
    """outcomes_approaches.html: the head of an approach and its sections."""
    meta = ""
    if page.children:
        parts = _("Deze aanpak telt de personen, trajecten en interventies van zijn onderdelen mee, ieder één keer:")
        meta = f"{parts} {', '.join(page.children)}."
    story: list[Flowable] = [approach_head(key=page.anchor, name=page.name, depth=page.depth,
                                           ancestors=page.ancestors, meta=meta)]
    for section in page.sections:
        story += _section(section, width)
    return story


def _section(section: OutcomeSection, width: float) -> list[Flowable]:
    """outcomes_section.html: the title, the text of an empty section, the chart with its caption, the sentences,
    the tables with their legends; the title kept with what follows it."""
    parts: list[Flowable] = [paragraph(section.title, OUTCOME_SECTION)]
    if section.empty_text:
        parts.append(paragraph(section.empty_text, NOTE))  # report-print.css: `__empty` 7.5 pt, muted
    if section.chart:
        parts += chart_flowables(section.chart, width, section.chart_caption, max_height=CHART_HEIGHT)
    parts += [paragraph(sentence, SENTENCE) for sentence in section.sentences]
    for table in section.tables:
        parts += table_flowables(table, width)
    return parts


__all__ = ["approach", "outcomes_chapter"]
