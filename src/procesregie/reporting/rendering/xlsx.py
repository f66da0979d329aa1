"""The annual report as a spreadsheet (openpyxl): one sheet per table, numbers as real numbers.

Every sheet starts with the approach code and name (children indented under their parent), so a
reader can filter and pivot; the header row is bold and frozen. A suppressed count is the text "<N"; a larger count hidden so that no sum reveals a small one is "afg.".
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .labels import (
    AREA_KEYS,
    DELTA_KEYS,
    DISCUSSION_KEYS,
    DISTRICT_KEYS,
    DURATION_BUCKETS,
    FLOW_KEYS,
    ApproachNode,
    ReportLabels,
    area_short_label,
    delta_label,
    discussion_label,
    duration_bucket_label,
    escalation_label,
    flow_short_label,
    signal_label,
    unit_label,
)
from .suppression import SECONDARY_TEXT, is_suppressed, publish

# All duration buckets in reading order; a scheme uses a subset, the other cells stay empty.
ALL_DURATION_BUCKETS = ("0_6m", "6_12m", "lt_1y", "1_2y", "2_4y", "gt_4y")
TOTAL_KEYS = ("start", "inflow", "outflow", "end", "caseload", "persons_involved")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_NUMBER_FORMAT = "#,##0"


class _Sheets:
    def __init__(self, report: Mapping[str, Any], labels: ReportLabels, comparison: Mapping[str, Any] | None):
        self.report = report
        self.labels = labels
        self.comparison = comparison
        self.year = report.get("year")
        self.approaches: Mapping[str, Mapping[str, Any]] = report.get("approaches") or {}
        self.tree: list[ApproachNode] = labels.approach_tree(self.approaches)
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)

    # --- helpers --------------------------------------------------------------------------------
    def sheet(self, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, indent_column: int | None = 1,
              depths: Sequence[int] | None = None, frozen: str = "C2") -> Worksheet:
        sheet = self.workbook.create_sheet(title=title[:31])
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(vertical="bottom", wrap_text=True)
        widths = [len(str(header)) for header in headers]
        for index, row in enumerate(rows):
            sheet.append(list(row))
            for column, value in enumerate(row):
                cell = sheet.cell(row=index + 2, column=column + 1)
                if isinstance(value, int) and not isinstance(value, bool):
                    cell.number_format = _NUMBER_FORMAT
                elif isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # a name from the reference data is text, never a formula
                elif is_suppressed(value):
                    cell.alignment = Alignment(horizontal="right")
                if column == indent_column and depths is not None and depths[index]:
                    cell.alignment = Alignment(indent=2 * depths[index])
                extra = 2 * depths[index] if column == indent_column and depths is not None else 0
                widths[column] = max(widths[column], len(str(value if value is not None else "")) + extra)
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = frozen
        if sheet.max_row > 1:
            sheet.auto_filter.ref = sheet.dimensions
        return sheet

    def approach_cells(self, node: ApproachNode) -> list[Any]:
        return [node.code, self.labels.approach_name(node.code)]

    def approach_headers(self) -> list[str]:
        return [_("Code"), _("Aanpak")]

    def per_approach(self, title: str, headers: Sequence[str], cells) -> None:
        """A sheet with one row per approach; `cells(code, block)` gives the figures of that row."""
        rows, depths = [], []
        for node in self.tree:
            rows.append(self.approach_cells(node) + list(cells(node.code, self.approaches[node.code])))
            depths.append(node.depth)
        self.sheet(title, self.approach_headers() + list(headers), rows, depths=depths)

    def per_item(self, title: str, headers: Sequence[str], items) -> None:
        """A sheet with one row per approach and item; `items(code, block)` yields the cells after the approach."""
        rows, depths = [], []
        for node in self.tree:
            for cells in items(node.code, self.approaches[node.code]):
                rows.append(self.approach_cells(node) + list(cells))
                depths.append(node.depth)
        self.sheet(title, self.approach_headers() + list(headers), rows, depths=depths)

    # --- the sheets -----------------------------------------------------------------------------
    def flow(self) -> None:
        headers = [_("Bovenliggende aanpak"), _("Eenheid")] + [flow_short_label(k) for k in FLOW_KEYS]
        headers += [flow_short_label("declined"), flow_short_label("persons_involved")]
        if self.comparison is not None:
            headers += [f"{flow_short_label(k)} ({self.year - 1})" for k in FLOW_KEYS]

        def cells(code: str, block: Mapping[str, Any]) -> list[Any]:
            flow = block.get("flow") or {}
            parent = self.labels.approach_parent(code)
            row = [self.labels.approach_name(parent) if parent else None, unit_label(block.get("unit", ""))]
            row += [flow.get(key, 0) for key in FLOW_KEYS]
            row += [block.get("declined", 0), block.get("persons_involved")]
            if self.comparison is not None:
                previous = (self.comparison.get(code) or {}).get("previous")
                row += [previous.get(key, 0) if previous else None for key in FLOW_KEYS]
            return row

        self.per_approach(_("Stroom"), headers, cells)

    def count_map(self, title: str, key: str, order, name, *, within: str | None = None) -> None:
        """A sheet with a column per name in the count map `key` of the blocks (of `block[within]` if given)."""
        def counts(block: Mapping[str, Any]) -> Mapping[str, Any]:
            return ((block.get(within) or {}) if within else block).get(key) or {}

        names = order({key for block in self.approaches.values() for key in counts(block)})
        self.per_approach(title, [name(n) for n in names], lambda code, block: [counts(block).get(n, 0) for n in names])

    def previous_count(self, code: str, figure: str) -> list[Any]:
        """[last year's count of `figure`] with the comparison, [] without."""
        if self.comparison is None:
            return []
        return [((self.comparison.get(code) or {}).get(figure) or {}).get("previous")]

    def previous_header(self, label: str) -> list[str]:
        return [f"{label} ({self.year - 1})"] if self.comparison is not None else []

    def signals(self) -> None:
        kinds = self.labels.ordered_signal_kinds({kind for block in self.approaches.values()
                                                  for kind in (block.get("signals") or {}).get("by_kind") or {}})

        def cells(code: str, block: Mapping[str, Any]) -> list[Any]:
            signals = block.get("signals") or {}
            return ([signals.get("count", 0)] + [(signals.get("by_kind") or {}).get(kind, 0) for kind in kinds]
                    + [signals.get("to_registration", 0)] + self.previous_count(code, "signals"))

        self.per_approach(_("Meldingen"), [signal_label("count")] + [signal_label(kind) for kind in kinds]
                          + [signal_label("to_registration")] + self.previous_header(signal_label("count")), cells)
        self.count_map(_("Meldingen naar melder"), "by_reporter_kind", self.labels.ordered_kinds,
                       self.labels.kind_name, within="signals")

    def escalations(self) -> None:
        outcomes = self.labels.ordered_escalation_outcomes({
            outcome for block in self.approaches.values()
            for outcome in (block.get("escalations") or {}).get("by_outcome") or {}})

        def cells(code: str, block: Mapping[str, Any]) -> list[Any]:
            escalations = block.get("escalations") or {}
            return ([escalations.get("count", 0), escalations.get("resolved", 0)]
                    + [(escalations.get("by_outcome") or {}).get(outcome, 0) for outcome in outcomes]
                    + self.previous_count(code, "escalations"))

        self.per_approach(_("Escalaties"), [escalation_label("count"), escalation_label("resolved")]
                          + [self.labels.escalation_outcome_name(outcome) for outcome in outcomes]
                          + self.previous_header(escalation_label("count")), cells)

    def reporters(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            reporters = block.get("inflow_by_reporter") or {}
            for organisation in self.labels.ordered_organisations(reporters):
                kind = self.labels.organisation_kind(organisation)
                yield [organisation, self.labels.organisation_name(organisation),
                       self.labels.kind_name(kind) if kind else None, reporters[organisation]]

        self.per_item(_("Meldende organisaties"), [_("Organisatiecode"), _("Organisatie"), _("Soort"), _("Aantal")],
                      items)

    def durations(self) -> None:
        def cells(code: str, block: Mapping[str, Any]) -> list[Any]:
            durations = block.get("durations") or {}
            scheme = self.labels.duration_scheme(code, durations)
            return [_("maanden") if scheme == "months" else _("jaren")] + [
                durations.get(bucket, 0) if bucket in DURATION_BUCKETS[scheme] or bucket in durations else None
                for bucket in ALL_DURATION_BUCKETS]

        self.per_approach(_("Looptijden"), [_("Indeling")] + [duration_bucket_label(b) for b in ALL_DURATION_BUCKETS],
                          cells)

    def municipalities(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            areas = block.get("by_municipality") or {}
            for municipality in self.labels.ordered_municipalities(areas):
                yield [municipality, self.labels.municipality_name(municipality),
                       self.labels.municipality_district(municipality) or None] + [
                    areas[municipality].get(key, 0) for key in AREA_KEYS]

        self.per_item(_("Gemeenten"), [_("Gemeentecode"), _("Gemeente"), _("District")]
                      + [area_short_label(key) for key in AREA_KEYS], items)

    def districts(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            districts = block.get("by_district") or {}
            for district in sorted(districts, key=str.casefold):
                yield [district] + [districts[district].get(key, 0) for key in DISTRICT_KEYS]

        self.per_item(_("Districten"), [_("District")] + [area_short_label(key) for key in DISTRICT_KEYS], items)

    def domains(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            progress = block.get("domain_progress") or {}
            for domain in self.labels.ordered_domains(progress):
                counts = progress[domain]
                yield [domain, self.labels.domain_name(domain)] + [counts.get(key, 0) for key in DELTA_KEYS] + [
                    counts.get("n", 0)]

        self.per_item(_("Leefgebieden"), [_("Leefgebiedcode"), _("Leefgebied")]
                      + [delta_label(key) for key in DELTA_KEYS] + [_("n")], items)

    def discussions(self) -> None:
        self.per_approach(_("Besprekingen"), [discussion_label(key) for key in DISCUSSION_KEYS],
                          lambda code, block: [(block.get("discussions") or {}).get(key, 0) for key in DISCUSSION_KEYS])

    def interventions(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            interventions = block.get("interventions") or {}
            for intervention in self.labels.ordered_interventions(interventions):
                yield [intervention, self.labels.intervention_name(intervention), interventions[intervention]]

        self.per_item(_("Interventies"), [_("Interventiecode"), _("Interventie"), _("Aantal")], items)

    def totals(self) -> None:
        rows = []
        for unit, figures in (self.report.get("totals") or {}).items():
            rows.append([unit, unit_label(unit, plural=True)] + [figures.get(key) for key in TOTAL_KEYS])
        self.sheet(_("Totalen"), [_("Code"), _("Eenheid")] + [flow_short_label(key) for key in TOTAL_KEYS], rows,
                   indent_column=None, frozen="C2")

    def notes(self, suppress_below: int | None) -> None:
        lines = [
            [_("Jaarverslag %(year)s") % {"year": self.year}],
            [_("De cijfers van 1 januari tot en met 31 december %(year)s, per aanpak.") % {"year": self.year}],
            [_("Een bovenliggende aanpak telt de cijfers van zijn onderdelen op; de totalen tellen alleen de "
               "aanpakken zonder onderliggende aanpakken, zodat niemand dubbel telt.")],
            [_("Overdracht in en uit: trajecten die binnen het huis naar een andere aanpak gingen; geen in- of "
               "uitstroom van het huis.")],
            [_("Meldingen: meldingen en adviesgesprekken met een datum in %(year)s, ook als er geen casus van kwam. "
               "Escalaties: geëscaleerd in %(year)s; afgehandeld als dat uiterlijk 31 december gebeurde.") % {
                "year": self.year}],
        ]
        if suppress_below and suppress_below > 1:
            lines.append([_("„<%(n)s”: minder dan %(n)s (kan ook 0 zijn), afgeschermd zodat niemand herkenbaar is.") % {
                "n": suppress_below}])
            lines.append([_("„%(x)s”: afgeschermd (%(n)s of meer), zodat u geen klein aantal uit een totaal of "
                            "optelling kunt terugrekenen.") % {"n": suppress_below, "x": SECONDARY_TEXT}])
        self.notes_sheet(lines)

    def notes_sheet(self, lines: Sequence[Sequence[str]]) -> None:
        """The sheet "Toelichting": a line of text a row, the first as its title."""
        sheet = self.workbook.create_sheet(_("Toelichting"))
        for line in lines:
            sheet.append(list(line))
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.column_dimensions["A"].width = 110

    def build(self, suppress_below: int | None) -> Workbook:
        self.flow()
        self.count_map(_("Uitstroom naar reden"), "outflow_by_reason", self.labels.ordered_reasons,
                       self.labels.reason_name)
        self.count_map(_("Melders"), "inflow_by_reporter_kind", self.labels.ordered_kinds,
                       self.labels.kind_name)
        self.reporters()
        self.durations()
        self.municipalities()
        self.districts()
        self.domains()
        self.discussions()
        self.interventions()
        self.signals()
        self.escalations()
        self.totals()
        self.notes(suppress_below)
        return self.workbook


def render_xlsx(report: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
                comparison: Mapping[str, Any] | None = None, suppress_below: int | None = None) -> bytes:
    """The annual report as an .xlsx workbook (bytes); same arguments as `render_html`."""
    published = publish(report, suppress_below, labels=labels, comparison=comparison)
    workbook = _Sheets(published.report, ReportLabels(labels), published.comparison).build(suppress_below)
    workbook.properties.creator = "Procesregie"
    workbook.properties.title = _("Jaarverslag %(year)s") % {"year": report.get("year")}
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
