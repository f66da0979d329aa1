"""The annual report as a page: sections, tables and charts in reading order, built from the report dict.

This is the one place that decides what a reader sees and in which order; the HTML (web page,
stand-alone file) and the PDF render it through the same templates. Counts arrive already
suppressed where asked (suppression.publish: "<N" and, so that no sum gives one away, "<N" or "afg." for other
counts), so nothing here can reveal more than the tables. Every table (and section with figures) that shows a
hidden count carries a short legend of its markers (`legend`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from . import charts, report_text
from .blocks import ApproachPage, Band, CountLine, Row, Section, Table
from .labels import (
    AREA_KEYS,
    DELTA_KEYS,
    DISCUSSION_KEYS,
    DISTRICT_KEYS,
    DURATION_BUCKETS,
    FLOW_KEYS,
    ReportLabels,
    area_short_label,
    delta_label,
    discussion_label,
    duration_bucket_label,
    flow_label,
    flow_short_label,
    signal_label,
    unit_label,
)
from .layout import bands
from .summary import SummaryBuilder
from .suppression import SECONDARY_TEXT, is_suppressed, publish, suppression_text


def _difference(current: Any, previous: Any) -> str:
    """This year minus last year; "–" where either is missing or suppressed (a difference would reveal it)."""
    if not isinstance(current, int) or not isinstance(previous, int):
        return "–"
    delta = current - previous
    return f"+{delta}" if delta > 0 else ("0" if delta == 0 else f"−{-delta}")


def _count(counts: Mapping[str, Any] | None, key: str) -> Any:
    return (counts or {}).get(key, 0)


def _heading(level: int) -> int:
    return min(level, 6)


class _Builder:
    def __init__(self, report: Mapping[str, Any], labels: ReportLabels, comparison: Mapping[str, Any] | None):
        self.report = report
        self.labels = labels
        self.comparison = comparison
        self.year = report.get("year")
        self.approaches: Mapping[str, Mapping[str, Any]] = report.get("approaches") or {}
        self.tree = labels.approach_tree(self.approaches)

    def previous_flow(self, code: str) -> Mapping[str, Any] | None:
        if self.comparison is None:
            return None
        return (self.comparison.get(code) or {}).get("previous")

    def previous_count(self, code: str, figure: str) -> Any:
        """Last year's `count` of `figure` (signals, escalations) from the comparison; None without one."""
        if self.comparison is None:
            return None
        return ((self.comparison.get(code) or {}).get(figure) or {}).get("previous", "–")

    # --- the overview ----------------------------------------------------------------------------
    def totals_table(self) -> Table:
        keys = ("start", "inflow", "outflow", "end", "caseload", "persons_involved")
        table = Table("totalen-tabel", _("Totalen over de aanpakken zonder onderliggende aanpakken"), _("Eenheid"),
                      [flow_short_label(key) for key in keys])
        for unit, figures in (self.report.get("totals") or {}).items():
            cells = [figures.get(key, "–") for key in keys]
            table.rows.append(Row(unit_label(unit, plural=True).capitalize(), cells))
        return table

    def overview_table(self) -> Table:
        keys = ("start", "inflow", "transfer_in", "outflow", "transfer_out", "end", "caseload")
        columns = [flow_short_label(key) for key in keys]
        if self.comparison is not None:
            columns += [_("Caseload %(year)s") % {"year": self.year - 1}]
        table = Table("overzicht-tabel", _("Stroom per aanpak in %(year)s") % {"year": self.year}, _("Aanpak"),
                      columns, wide=True)
        for node in self.tree:
            flow = self.approaches[node.code].get("flow") or {}
            cells = [_count(flow, key) for key in keys]
            if self.comparison is not None:
                cells.append(_count(self.previous_flow(node.code), "caseload") if self.previous_flow(node.code) else "–")
            unit = unit_label(self.approaches[node.code].get("unit", ""), plural=True)
            table.rows.append(Row(self.labels.approach_name(node.code), cells, depth=node.depth, detail=unit,
                                  strong=node.depth == 0))
        return table

    def overview_chart(self) -> charts.Chart | None:
        rows = [(self.labels.approach_name(n.code), n.depth, self.approaches[n.code].get("flow") or {})
                for n in self.tree]
        return charts.overview_chart(rows) if rows else None

    # --- one approach -----------------------------------------------------------------------------
    def approach_page(self, node) -> ApproachPage:
        block = self.approaches[node.code]
        level = _heading(2 + node.depth)
        sub = _heading(level + 1)
        anchor = f"aanpak-{node.code}"
        children = [n.code for n in self.tree if n.parent == node.code]
        # Reading order: the flow, the short breakdowns (in two columns on paper), then the areas from
        # district to municipality, then the life domains (layout.py).
        sections = [
            self.flow_section(node.code, block, anchor, sub),
            self.reasons_section(node.code, block, anchor, sub),
            self.reporters_section(node.code, block, anchor, sub),
            self.durations_section(node.code, block, anchor, sub),
            self.discussions_section(node.code, block, anchor, sub),
            self.interventions_section(node.code, block, anchor, sub),
            self.signals_section(node.code, block, anchor, sub),
            self.escalations_section(node.code, block, anchor, sub),
            self.districts_section(node.code, block, anchor, sub),
            self.municipalities_section(node.code, block, anchor, sub),
            self.domains_section(node.code, block, anchor, sub),
        ]
        return ApproachPage(
            code=node.code,
            name=self.labels.approach_name(node.code),
            anchor=anchor,
            depth=node.depth,
            level=level,
            unit=unit_label(block.get("unit", "")),
            ancestors=[self.labels.approach_name(code) for code in node.ancestors],
            children=[self.labels.approach_name(code) for code in children],
            sections=sections,
            bands=bands(sections),
        )

    def flow_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        flow = block.get("flow") or {}
        previous = self.previous_flow(code)
        unit = unit_label(block.get("unit", ""), plural=True)
        columns = [str(self.year)]
        if self.comparison is not None:
            columns += [str(self.year - 1), _("Verschil")]
        table = Table(f"{anchor}-stroom", _("In- en uitstroom (%(unit)s)") % {"unit": unit}, _("Stroom"), columns)
        for key in FLOW_KEYS:
            cells = [_count(flow, key)]
            if self.comparison is not None:
                before = _count(previous, key) if previous else "–"
                cells += [before, _difference(cells[0], before)]
            table.rows.append(Row(flow_label(key), cells, strong=key in ("end", "caseload")))
        section = Section(f"{anchor}-in-en-uitstroom", _("In- en uitstroom"), level, kind="flow", tables=[table])
        section.facts.append((_("Afgewezen aanmeldingen (triage)"), block.get("declined", 0)))
        if "persons_involved" in block:
            section.facts.append((flow_label("persons_involved"), block["persons_involved"]))
        if any(_count(flow, key) or _count(previous, key) for key in FLOW_KEYS):
            section.chart = charts.flow_chart(flow, previous, year=self.year)
            section.chart_caption = _("Stroom van %(name)s in %(year)s. De cijfers staan ook in de tabel.") % {
                "name": self.labels.approach_name(code), "year": self.year}
        section.note = _("Overdrachten tussen aanpakken in het huis tellen niet als in- of uitstroom van het huis "
                         "en staan daarom apart.")
        return section

    def reasons_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        reasons = block.get("outflow_by_reason") or {}
        section = Section(f"{anchor}-redenen", _("Uitstroom naar reden van afsluiten"), level, kind="reasons")
        if not reasons:
            section.empty_text = _("Geen afgesloten trajecten in %(year)s.") % {"year": self.year}
            return section
        table = Table(f"{anchor}-redenen-tabel", _("Uitstroom en overdracht naar reden"), _("Reden"), [_("Aantal")],
                      caption_hidden=True)
        for reason in self.labels.ordered_reasons(reasons):
            table.rows.append(Row(self.labels.reason_name(reason), [reasons[reason]]))
        section.tables.append(table)
        return section

    def reporters_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        kinds = block.get("inflow_by_reporter_kind") or {}
        reporters = block.get("inflow_by_reporter") or {}
        section = Section(f"{anchor}-melders", _("Instroom naar melder"), level, kind="reporters")
        if not kinds and not reporters:
            section.empty_text = _("Geen instroom in %(year)s.") % {"year": self.year}
            return section
        if kinds:
            table = Table(f"{anchor}-melders-soort", _("Instroom naar soort meldende organisatie"),
                          _("Soort organisatie"), [_("Aantal")])
            for kind in self.labels.ordered_kinds(kinds):
                table.rows.append(Row(self.labels.kind_name(kind), [kinds[kind]]))
            section.tables.append(table)
        if reporters:
            table = Table(f"{anchor}-melders-organisatie", _("Instroom naar meldende organisatie"),
                          _("Organisatie"), [_("Aantal")])
            for organisation in self.labels.ordered_organisations(reporters):
                kind = self.labels.organisation_kind(organisation)
                table.rows.append(Row(self.labels.organisation_name(organisation), [reporters[organisation]],
                                      detail=self.labels.kind_name(kind) if kind else ""))
            section.tables.append(table)
        return section

    def durations_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        durations = block.get("durations") or {}
        scheme = self.labels.duration_scheme(code, durations)
        buckets = list(DURATION_BUCKETS[scheme]) + sorted(set(durations) - set(DURATION_BUCKETS[scheme]))
        section = Section(f"{anchor}-looptijden", _("Looptijd van afgesloten trajecten"), level, kind="durations")
        if not durations:
            section.empty_text = _("Geen afgesloten trajecten in %(year)s.") % {"year": self.year}
            return section
        table = Table(f"{anchor}-looptijden-tabel", _("Looptijd van de in %(year)s afgesloten trajecten") % {
            "year": self.year}, _("Looptijd"), [_("Aantal")], caption_hidden=True)
        rows = [(duration_bucket_label(bucket), durations.get(bucket, 0)) for bucket in buckets]
        table.rows = [Row(label, [value]) for label, value in rows]
        section.tables.append(table)
        section.chart = charts.duration_chart(rows)
        section.chart_caption = _("Looptijd van de afgesloten trajecten (uitstroom en overdracht). "
                                  "De cijfers staan ook in de tabel.")
        return section

    def municipalities_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        areas = block.get("by_municipality") or {}
        section = Section(f"{anchor}-gemeenten", _("Per gemeente"), level, kind="municipalities")
        if not areas:
            section.empty_text = _("Geen trajecten met een gemeente in %(year)s.") % {"year": self.year}
            return section
        table = Table(f"{anchor}-gemeenten-tabel", _("Trajecten per gemeente"), _("Gemeente"),
                      [_("District")] + [area_short_label(key) for key in AREA_KEYS], caption_hidden=True,
                      text_columns=1)
        ordered = self.labels.ordered_municipalities(areas)
        for municipality in ordered:
            figures = areas[municipality]
            table.rows.append(Row(self.labels.municipality_name(municipality),
                                  [self.labels.municipality_district(municipality) or "–"]
                                  + [_count(figures, key) for key in AREA_KEYS], detail=municipality))
        section.tables.append(table)
        if len(ordered) > 1:  # with one municipality the chart would repeat the flow chart's first and last bars
            section.chart = charts.area_chart([(self.labels.municipality_name(m), areas[m]) for m in ordered])
            section.chart_caption = _("In regie per gemeente op 1 januari en op 31 december. "
                                      "De cijfers staan ook in de tabel.")
        section.note = _("Plus is instroom en overdracht in; min is uitstroom en overdracht uit.")
        return section

    def districts_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        districts = block.get("by_district") or {}
        section = Section(f"{anchor}-districten", _("Per district"), level, kind="districts")
        if not districts:
            section.empty_text = _("Geen trajecten met een district in %(year)s.") % {"year": self.year}
            return section
        table = Table(f"{anchor}-districten-tabel", _("Trajecten per district"), _("District"),
                      [area_short_label(key) for key in DISTRICT_KEYS], caption_hidden=True)
        for district in sorted(districts, key=str.casefold):
            table.rows.append(Row(district, [_count(districts[district], key) for key in DISTRICT_KEYS]))
        section.tables.append(table)
        return section

    def domains_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        progress = block.get("domain_progress") or {}
        section = Section(f"{anchor}-leefgebieden", _("Voortgang op de leefgebieden"), level, kind="domains")
        if not progress:
            section.empty_text = _("Geen afgesloten trajecten met een nulmeting en een eindmeting in %(year)s.") % {
                "year": self.year}
            return section
        table = Table(f"{anchor}-leefgebieden-tabel",
                      _("Verschil tussen eindmeting en nulmeting per leefgebied (aantal trajecten)"), _("Leefgebied"),
                      [delta_label(key) for key in DELTA_KEYS] + [_("n")])
        ordered = self.labels.ordered_domains(progress)
        for domain in ordered:
            counts = progress[domain]
            table.rows.append(Row(self.labels.domain_name(domain),
                                  [_count(counts, key) for key in DELTA_KEYS] + [_count(counts, "n")]))
        section.tables.append(table)
        section.chart = charts.domain_progress_chart([(self.labels.domain_name(d), progress[d]) for d in ordered])
        section.chart_caption = _("Aantal trajecten dat op een leefgebied achteruit (links) of vooruit (rechts) ging "
                                  "tussen nulmeting en eindmeting, op de schaal van 1 (acuut) tot 5 (volledig "
                                  "zelfredzaam). De cijfers staan ook in de tabel.")
        return section

    def discussions_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        discussions = block.get("discussions") or {}
        section = Section(f"{anchor}-besprekingen", _("Casusoverleg"), level, kind="discussions")
        section.facts = [(discussion_label(key), _count(discussions, key)) for key in DISCUSSION_KEYS]
        return section

    def interventions_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        interventions = block.get("interventions") or {}
        section = Section(f"{anchor}-interventies", _("Afgesproken interventies"), level, kind="interventions")
        if not interventions:
            section.empty_text = _("Geen interventies afgesproken in %(year)s.") % {"year": self.year}
            return section
        table = Table(f"{anchor}-interventies-tabel", _("Interventies afgesproken in %(year)s") % {"year": self.year},
                      _("Interventie"), [_("Aantal")], caption_hidden=True)
        for intervention in self.labels.ordered_interventions(interventions):
            table.rows.append(Row(self.labels.intervention_name(intervention), [interventions[intervention]]))
        section.tables.append(table)
        return section

    def signals_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        """The kinds, the total, those that led to a registration and last year's total; the kinds of reporting
        organisation in a line."""
        signals = block.get("signals") or {}
        section = Section(f"{anchor}-meldingen", _("Meldingen en adviesgesprekken"), level, kind="signals")
        previous = self.previous_count(code, "signals")
        last_year = [(_("Totaal in %(year)s") % {"year": self.year - 1}, previous)] if previous is not None else []
        if not signals.get("count"):
            section.empty_text = _("Geen meldingen of adviesgesprekken in %(year)s.") % {"year": self.year}
            section.facts = last_year
            return section
        kinds = signals.get("by_kind") or {}
        section.facts = [
            *((signal_label(kind), kinds[kind]) for kind in self.labels.ordered_signal_kinds(kinds)),
            (_("Totaal"), signals["count"]),
            (signal_label("to_registration"), _count(signals, "to_registration")),
            *last_year,
        ]
        reporters = signals.get("by_reporter_kind") or {}
        if reporters:
            section.count_lines.append(CountLine(_("Naar soort meldende organisatie"), [
                (self.labels.kind_name(kind), reporters[kind]) for kind in self.labels.ordered_kinds(reporters)]))
        return section

    def escalations_section(self, code: str, block: Mapping[str, Any], anchor: str, level: int) -> Section:
        """Raised and resolved in the year and last year's number raised; the outcomes of those resolved in a
        line."""
        escalations = block.get("escalations") or {}
        section = Section(f"{anchor}-escalaties", _("Escalaties"), level, kind="escalations")
        previous = self.previous_count(code, "escalations")
        last_year = [(_("Geëscaleerd in %(year)s") % {"year": self.year - 1}, previous)] if previous is not None else []
        if not escalations.get("count"):
            section.empty_text = _("Geen escalaties in %(year)s.") % {"year": self.year}
            section.facts = last_year
            return section
        section.facts = [
            (_("Geëscaleerd in %(year)s") % {"year": self.year}, escalations["count"]),
            (_("Afgehandeld in %(year)s") % {"year": self.year}, _count(escalations, "resolved")),
            *last_year,
        ]
        outcomes = escalations.get("by_outcome") or {}
        if outcomes:
            section.count_lines.append(CountLine(_("Afgehandeld naar uitkomst"), [
                (self.labels.escalation_outcome_name(outcome), outcomes[outcome])
                for outcome in self.labels.ordered_escalation_outcomes(outcomes)]))
        return section

def legend(values: Sequence[Any], n: int | None) -> str:
    """A short legend of the markers among `values`, for under a table (issue 14 §5: the page header's legend is
    far away on a long page): only the markers that occur, "" when none does."""
    if not n or n < 2:
        return ""
    parts = []
    if any(is_suppressed(value) and value != SECONDARY_TEXT for value in values):
        parts.append(_("„%(below)s”: minder dan %(n)s (kan ook 0 zijn)") % {"below": suppression_text(n), "n": n})
    if SECONDARY_TEXT in values:
        parts.append(_("„%(x)s”: afgeschermd (%(n)s of meer), zodat u geen klein aantal kunt terugrekenen") % {
            "x": SECONDARY_TEXT, "n": n})
    return "; ".join(parts) + "." if parts else ""


def _add_legends(tables: Sequence[Table], pages: Sequence[ApproachPage], n: int | None) -> None:
    for table in [*tables, *(table for page in pages for section in page.sections for table in section.tables)]:
        table.legend = legend([cell for row in table.rows for cell in row.cells], n)
    for page in pages:
        for section in page.sections:
            section.legend = legend([value for _, value in section.facts]
                                    + [value for line in section.count_lines for _, value in line.counts], n)


def annual_report_context(report: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
                          comparison: Mapping[str, Any] | None = None,
                          suppress_below: int | None = None) -> dict[str, Any]:
    """Everything `reporting/annual_page_content.html` needs, for a view's context or for `render_html`."""
    published = publish(report, suppress_below, labels=labels, comparison=comparison)
    shown, shown_comparison = published.report, published.comparison
    builder = _Builder(shown, ReportLabels(labels), shown_comparison)
    year = shown.get("year")
    summary = SummaryBuilder(shown, builder.labels, builder.tree, shown_comparison).build()
    totals_table, overview_table = builder.totals_table(), builder.overview_table()
    approach_pages = [builder.approach_page(node) for node in builder.tree]
    _add_legends([summary.table, totals_table, overview_table], approach_pages, suppress_below)
    return {
        "year": year,
        "previous_year": year - 1 if isinstance(year, int) else None,
        "suppress_below": suppress_below if suppress_below and suppress_below > 1 else None,
        "suppression_text": suppression_text(suppress_below) if suppress_below else "",
        "secondary_text": SECONDARY_TEXT if published.secondary else "",
        "comparison_left_out": published.comparison_left_out,
        "has_comparison": shown_comparison is not None,
        "summary": summary,
        "totals_table": totals_table,
        "overview_table": overview_table,
        "overview_chart": builder.overview_chart(),
        "approach_pages": approach_pages,
        "suppression_note": report_text.suppression_note(
            suppress_below=suppress_below if suppress_below and suppress_below > 1 else None,
            below=suppression_text(suppress_below) if suppress_below else "",
            secondary=SECONDARY_TEXT if published.secondary else "", comparison_left_out=published.comparison_left_out),
        "definitions": report_text.definitions(year),
        "link_stylesheet": True,  # a page that includes the content gets report.css; stand-alone inlines it
    }


__all__: Sequence[str] = ["annual_report_context", "ApproachPage", "Band", "Row", "Section", "Table"]
