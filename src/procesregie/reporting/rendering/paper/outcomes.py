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
from reportlab.platypus import Flowable, PageBreak, Table

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


def definitions(as_of: str) -> list[tuple[str, str]]:
    """outcomes_definitions.html: what the outcomes figures mean, as (term, explanation)."""
    return [
        (_("Eerste bespreking"),
         _("De eerste keer dat een casus van de aanpak (of van een onderliggende aanpak) over de persoon werd "
           "besproken, of over een systeem waar de persoon bij hoort. Wie in de gekozen periode voor het eerst werd "
           "besproken, hoort bij de groep.")),
        (_("Jaar ervoor en jaar erna"),
         _("De 365 dagen vóór en de 365 dagen na de eerste bespreking. Een politieregistratie op de dag zelf telt in "
           "geen van beide mee.")),
        (_("Wie meetelt"),
         _("Alleen wie op de peildatum (%(outcomes_as_of)s) al een vol jaar na de eerste bespreking is gevolgd. Wie "
           "dat nog niet is, staat apart als „nog niet te meten”; wie binnen dat jaar overleed, telt niet mee.")
         % {"outcomes_as_of": as_of}),
        (_("Vergelijkingsgroep"),
         _("Personen van wie de aanmelding bij de aanpak in dezelfde periode bij de triage werd afgewezen en die "
           "nooit bij de aanpak in regie waren; de dag van de afwijzing geldt als hun eerste dag. Ook zij hadden vaak "
           "een slecht jaar achter de rug: daarom is hun verandering de maatstaf voor die van de aanpak.")),
        (_("95%-interval"),
         _("De speling door toeval: de groep is 10.000 keer opnieuw getrokken uit dezelfde personen (bootstrap). Hoe "
           "breder het interval, hoe onzekerder het cijfer; bevat het 0, dan kan de verandering ook toeval zijn. Bij "
           "de leefgebieden is het het Wilson-interval van het percentage vooruit.")),
        (_("Voortgang op de leefgebieden"),
         _("Bij de trajecten die in de periode zijn afgesloten: per leefgebied de eerste nulmeting tegenover de "
           "laatste eindmeting. Vooruit is een hogere score, achteruit een lagere.")),
        (_("Uitvoering van afgesproken interventies"),
         _("Interventies die in de periode zijn afgesproken, per uitvoerende organisatie, met hun stand op de "
           "peildatum. Te laat: nog afgesproken of lopend terwijl de einddatum vóór %(outcomes_as_of)s lag.")
         % {"outcomes_as_of": as_of}),
        (_("Bovenliggende aanpak"),
         _("Telt de personen, trajecten en interventies van al zijn onderdelen mee, iedere persoon één keer.")),
    ]


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
        *definition_list(definitions(outcomes["outcomes_as_of"])),
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
        flowables = table_flowables(table, width)
        if table.legend:  # report-print.css: no page break between a table and its legend
            for flowable in flowables[:-1]:  # the legend is the last
                if isinstance(flowable, Table):
                    flowable.keepWithNext = 1
        parts += flowables
    return parts


__all__ = ["approach", "definitions", "outcomes_chapter"]
