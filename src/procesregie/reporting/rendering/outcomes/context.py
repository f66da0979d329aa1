"""The outcomes report as a page: per approach (in the annual report's tree order) its recidivism, life-domain and
follow-through sections, each with a chart where there is one, the plain-language sentences and the tables.

The one place that decides what a reader sees; the stand-alone HTML, the PDF, the managers' page and the annual
report's chapter "Resultaten" render it through the same templates. Figures arrive published (publication.py), so
nothing here can show more than the tables: every table with a hidden figure carries a legend of its markers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .. import charts as annual_charts
from ..blocks import Row, Table
from ..context import legend
from ..suppression import SECONDARY_TEXT, suppression_text
from . import sentences
from .charts import Panel, domain_chart, recidivism_chart
from .figures import DOMAIN_COUNTS, FOLLOW_THROUGH_COUNTS, PAIR
from .publication import OutcomesPublication, publish_outcomes
from .wording import (
    OutcomeLabels,
    count,
    day,
    definitions,
    domain_figure_label,
    group_figure_label,
    group_label,
    interval,
    percent,
    side_label,
    status_label,
    window,
)

# The rows of the recidivism table, in reading order.
RECIDIVISM_ROWS = ("n", "registrations_before", "registrations_after", "change_pct", "ci95_change_pct",
                   "persons_any_before", "persons_any_after", "not_eligible", "excluded_deceased")


@dataclass
class OutcomeSection:
    id: str
    title: str
    level: int
    kind: str  # "recidivism", "domains", "follow-through": a class for the stylesheets
    sentences: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: annual_charts.Chart | None = None
    chart_caption: str = ""
    empty_text: str = ""


@dataclass
class ApproachOutcomes:
    code: str
    name: str
    anchor: str
    depth: int
    level: int
    ancestors: list[str]
    children: list[str]
    sections: list[OutcomeSection]


def _figure(value: Any) -> str:
    return count(value)


def _drawn(value: Any) -> bool:
    """Whether a chart draws a bar for `value` (a shown count above 0)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class _Builder:
    def __init__(self, publication: OutcomesPublication, labels: OutcomeLabels, *, base_level: int, prefix: str):
        self.publication = publication
        self.document = publication.document
        self.labels = labels
        self.base_level = base_level
        self.prefix = prefix
        self.window = window(self.document["from"], self.document["to"])
        self.as_of = day(self.document["as_of"])
        self.approaches: Mapping[str, Mapping[str, Any]] = self.document["approaches"]
        self.tree = labels.approach_tree(self.approaches)

    def _legend(self, table: Table, counts: Sequence[Any], derived: bool) -> None:
        parts = [legend(list(counts), self.publication.suppress_below)]
        if derived:
            parts.append(_("„%(x)s” bij een percentage of interval: weggelaten, omdat het een afgeschermd aantal zou "
                           "verraden.") % {"x": SECONDARY_TEXT})
        table.legend = " ".join(part for part in parts if part)

    def approach(self, node) -> ApproachOutcomes:
        block = self.approaches[node.code]
        level = min(self.base_level + node.depth, 6)
        sub = min(level + 1, 6)
        anchor = f"{self.prefix}-{node.code}"
        return ApproachOutcomes(
            code=node.code, name=self.labels.approach_name(node.code), anchor=anchor, depth=node.depth, level=level,
            ancestors=[self.labels.approach_name(code) for code in node.ancestors],
            children=[self.labels.approach_name(n.code) for n in self.tree if n.parent == node.code],
            sections=[self.recidivism(node.code, block["recidivism"], anchor, sub),
                      self.domains(block["domain_progress"], anchor, sub),
                      self.follow_through(block["follow_through"], anchor, sub)])

    # --- recidivism -------------------------------------------------------------------------------------------
    def recidivism(self, code: str, cohort: Mapping[str, Any], anchor: str, level: int) -> OutcomeSection:
        section = OutcomeSection(f"{anchor}-recidive", _("Recidive: politieregistraties voor en na"), level,
                                 "recidivism")
        section.sentences = sentences.recidivism_sentences(cohort, window=self.window)
        comparison = cohort["comparison"]
        groups = [("cohort", cohort)] + ([("comparison", comparison)] if comparison["n"] != 0 else [])
        if cohort["n"] == 0:
            return section
        if any(_drawn(figures[key]) for _key, figures in groups
               for key in ("registrations_before", "registrations_after")):  # else the chart would be empty
            section.chart = recidivism_chart([
                Panel(key, _("%(group)s (n = %(n)s)") % {"group": _("Aanpak") if key == "cohort"
                                                          else _("Vergelijkingsgroep"), "n": _figure(figures["n"])},
                      figures["registrations_before"], figures["registrations_after"], figures["ci95_change_pct"])
                for key, figures in groups])
            section.chart_caption = _("Politieregistraties in het jaar voor en het jaar na de eerste bespreking (bij "
                                      "de vergelijkingsgroep: de afwijzing), elke groep op een eigen schaal. De "
                                      "streep bij „jaar erna” is het 95%-interval van de verandering. De cijfers "
                                      "staan ook in de tabel.")
        section.tables.append(self.recidivism_table(groups, anchor))
        kinds = self.labels.ordered_police_kinds({kind for _key, figures in groups for kind in figures["by_kind"]})
        if kinds:
            section.tables.append(self.kinds_table(groups, kinds, anchor))
        return section

    def recidivism_table(self, groups, anchor: str) -> Table:
        table = Table(f"{anchor}-recidive-tabel", _("Recidive: de cijfers"), _("Cijfer"),
                      [group_label(key) for key, _figures in groups])
        counts, derived = [], False
        for figure in RECIDIVISM_ROWS:
            cells = []
            for _key, figures in groups:
                value = figures[figure]
                if figure == "change_pct":
                    cells.append(percent(value))
                elif figure == "ci95_change_pct":
                    cells.append(interval(value))
                else:
                    cells.append(_figure(value))
                    counts.append(value)
                derived |= figure in ("change_pct", "ci95_change_pct") and value == SECONDARY_TEXT
            table.rows.append(Row(group_figure_label(figure), cells, strong=figure == "change_pct"))
        self._legend(table, counts, derived)
        return table

    def kinds_table(self, groups, kinds: Sequence[str], anchor: str) -> Table:
        columns = [f"{group_label(key) if len(groups) > 1 else _('Aanpak')}: {side_label(side)}"
                   for key, _figures in groups for side in PAIR]
        table = Table(f"{anchor}-recidive-soort", _("Politieregistraties naar soort"), _("Soort"), columns)
        counts = []
        for kind in kinds:
            cells = [(figures["by_kind"].get(kind) or {}).get(side, 0) for _key, figures in groups for side in PAIR]
            counts += cells
            table.rows.append(Row(self.labels.police_kind_name(kind), [_figure(cell) for cell in cells]))
        self._legend(table, counts, False)
        return table

    # --- life domains -----------------------------------------------------------------------------------------
    def domains(self, progress: Mapping[str, Mapping[str, Any]], anchor: str, level: int) -> OutcomeSection:
        section = OutcomeSection(f"{anchor}-leefgebieden", _("Voortgang op de leefgebieden"), level, "domains")
        if not progress:
            section.empty_text = _("Geen trajecten %(window)s afgesloten met een nulmeting en een eindmeting.") % {
                "window": self.window}
            return section
        order = self.labels.ordered_domains(progress)
        section.sentences = sentences.domain_sentences(progress, order, self.labels, window=self.window)
        if any(_drawn(progress[name][key]) for name in order for key in ("improved", "worse")):  # else no bars
            section.chart = domain_chart([(self.labels.domain_name(name), progress[name]) for name in order])
            section.chart_caption = _("Aantal trajecten per leefgebied dat tussen nulmeting en eindmeting "
                                      "achteruitging (links) of vooruitging (rechts). De cijfers staan ook in de "
                                      "tabel.")
        table = Table(f"{anchor}-leefgebieden-tabel", _("Voortgang per leefgebied (aantal trajecten)"),
                      _("Leefgebied"), [domain_figure_label(key) for key in (*DOMAIN_COUNTS, "improved_pct",
                                                                              "wilson95")])
        counts, derived = [], False
        for name in order:
            figures = progress[name]
            counts += [figures[key] for key in DOMAIN_COUNTS]
            derived |= figures["improved_pct"] == SECONDARY_TEXT
            table.rows.append(Row(self.labels.domain_name(name), [_figure(figures[key]) for key in DOMAIN_COUNTS]
                                  + [percent(figures["improved_pct"], signed=False),
                                     interval(figures["wilson95"], signed=False)]))
        self._legend(table, counts, derived)
        section.tables.append(table)
        return section

    # --- follow-through ---------------------------------------------------------------------------------------
    def follow_through(self, organisations: Mapping[str, Mapping[str, Any]], anchor: str,
                       level: int) -> OutcomeSection:
        section = OutcomeSection(f"{anchor}-uitvoering", _("Uitvoering van afgesproken interventies"), level,
                                 "follow-through")
        if not organisations:
            section.empty_text = _("Geen interventies %(window)s afgesproken.") % {"window": self.window}
            return section
        section.sentences = sentences.follow_through_sentences(window=self.window, as_of=self.as_of)
        table = Table(f"{anchor}-uitvoering-tabel", _("Interventies per uitvoerende organisatie"), _("Organisatie"),
                      [status_label(key) for key in FOLLOW_THROUGH_COUNTS])
        counts = []
        for organisation in self.labels.ordered_organisations(organisations):
            figures = organisations[organisation]
            counts += [figures[key] for key in FOLLOW_THROUGH_COUNTS]
            table.rows.append(Row(self.labels.organisation_name(organisation),
                                  [_figure(figures[key]) for key in FOLLOW_THROUGH_COUNTS]))
        self._legend(table, counts, False)
        section.tables.append(table)
        return section


def outcomes_context(document: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
                     suppress_below: int | None = None, base_level: int = 2,
                     prefix: str = "resultaten") -> dict[str, Any]:
    """Everything the outcomes templates need. `base_level`: the heading level of a top-level approach (2 in the
    report of its own, 3 in the annual report's chapter); `prefix`: of the anchors."""
    publication = publish_outcomes(document, suppress_below, labels=labels)
    builder = _Builder(publication, OutcomeLabels(labels), base_level=base_level, prefix=prefix)
    n = publication.suppress_below
    return {
        "outcomes_from": day(document["from"]),
        "outcomes_to": day(document["to"]),
        "outcomes_as_of": builder.as_of,
        "outcomes_definitions": definitions(builder.as_of),
        "outcomes_window": builder.window,
        "outcomes_approaches": [builder.approach(node) for node in builder.tree],
        "outcomes_heading_level": base_level,
        "outcomes_prefix": prefix,
        "suppress_below": n,
        "suppression_text": suppression_text(n) if n else "",
        "secondary_text": SECONDARY_TEXT if publication.secondary or publication.derived else "",
        "link_stylesheet": True,
    }


__all__ = ["ApproachOutcomes", "OutcomeSection", "outcomes_context"]
