"""The outcomes report as a spreadsheet (openpyxl), on the annual report's sheet builder (rendering/xlsx.py): a
sheet per part (recidivism, by kind, life domains, follow-through) and an explanation, every row starting with the
approach code and name (children indented), the header bold and frozen, numbers as numbers (percentages with one
decimal), a hidden count as the text "<N" or "afg."."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ..suppression import SECONDARY_TEXT
from ..xlsx import _Sheets
from .figures import DOMAIN_COUNTS, FOLLOW_THROUGH_COUNTS, GROUPS, PAIR
from .publication import publish_outcomes
from .wording import (
    OutcomeLabels,
    day,
    domain_figure_label,
    group_figure_label,
    group_label,
    side_label,
    status_label,
    window,
)

GROUP_COLUMNS = ("n", "not_eligible", "excluded_deceased", "registrations_before", "registrations_after",
                 "change_pct", "persons_any_before", "persons_any_after")
PERCENT_FORMAT = "0.0"


def _bounds(value: Any) -> list[Any]:
    """An interval as two cells: [low, high], [None, None] when there is none, the hidden text twice."""
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value, value] if value is not None else [None, None]


class _OutcomeSheets(_Sheets):
    def __init__(self, document: Mapping[str, Any], labels: OutcomeLabels):
        # Not the annual report's __init__ (it wants a report and a year): what the sheet helpers use.
        self.document = document
        self.labels = labels
        self.approaches: Mapping[str, Mapping[str, Any]] = document["approaches"]
        self.tree = labels.approach_tree(self.approaches)
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)

    def recidivism(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            cohort = block["recidivism"]
            for group in GROUPS:
                figures = cohort["comparison"] if group == "comparison" else cohort
                yield ([group_label(group)] + [figures[key] for key in GROUP_COLUMNS]
                       + _bounds(figures["ci95_change_pct"]))

        self.per_item(_("Recidive"), [_("Groep")] + [group_figure_label(key) for key in GROUP_COLUMNS]
                      + [_("Interval van (%)"), _("Interval tot (%)")], items)

    def by_kind(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            cohort = block["recidivism"]
            for group in GROUPS:
                figures = cohort["comparison"] if group == "comparison" else cohort
                for kind in self.labels.ordered_police_kinds(figures["by_kind"]):
                    yield [group_label(group), self.labels.police_kind_name(kind)] + [
                        figures["by_kind"][kind][side] for side in PAIR]

        self.per_item(_("Recidive per soort"), [_("Groep"), _("Soort")] + [side_label(side).capitalize()
                                                                        for side in PAIR], items)

    def domains(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            progress = block["domain_progress"]
            for name in self.labels.ordered_domains(progress):
                figures = progress[name]
                yield ([name, self.labels.domain_name(name)] + [figures[key] for key in DOMAIN_COUNTS]
                       + [figures["improved_pct"]] + _bounds(figures["wilson95"]))

        self.per_item(_("Leefgebieden"), [_("Leefgebiedcode"), _("Leefgebied")]
                      + [domain_figure_label(key) for key in (*DOMAIN_COUNTS, "improved_pct")]
                      + [_("Interval van (%)"), _("Interval tot (%)")], items)

    def follow_through(self) -> None:
        def items(code: str, block: Mapping[str, Any]):
            organisations = block["follow_through"]
            for organisation in self.labels.ordered_organisations(organisations):
                yield [organisation, self.labels.organisation_name(organisation)] + [
                    organisations[organisation][key] for key in FOLLOW_THROUGH_COUNTS]

        self.per_item(_("Uitvoering"), [_("Organisatiecode"), _("Organisatie")]
                      + [status_label(key) for key in FOLLOW_THROUGH_COUNTS], items)

    def notes(self, suppress_below: int | None) -> None:
        document = self.document
        lines = [
            [_("Resultaten")],
            [_("Personen die %(window)s voor het eerst zijn besproken, gevolgd tot de peildatum %(as_of)s.") % {
                "window": window(document["from"], document["to"]), "as_of": day(document["as_of"])}],
            [_("Recidive: politieregistraties in de 365 dagen voor en na de eerste bespreking (niet op de dag zelf), "
               "bij wie op de peildatum een vol jaar is gevolgd; wie binnen dat jaar overleed, telt niet mee.")],
            [_("Vergelijkingsgroep: personen van wie de aanmelding in dezelfde periode bij de triage werd afgewezen "
               "en die nooit bij de aanpak in regie waren; hun dag is die van de afwijzing. Het verschil met deze "
               "groep is de maatstaf, geen bewijs dat de aanpak werkt.")],
            [_("Interval: het 95%-interval van de verandering (bootstrap over personen); bij de leefgebieden het "
               "Wilson-interval van het percentage vooruit.")],
            [_("Uitvoering: interventies afgesproken in de periode, per organisatie, met hun stand op de peildatum; "
               "te laat: nog afgesproken of lopend terwijl de einddatum voor de peildatum lag.")],
        ]
        if suppress_below and suppress_below > 1:
            lines.append([_("„<%(n)s”: minder dan %(n)s (kan ook 0 zijn), afgeschermd zodat niemand herkenbaar is.") % {
                "n": suppress_below}])
            lines.append([_("„%(x)s”: afgeschermd, zodat u geen klein aantal uit een totaal, optelling of percentage "
                            "kunt terugrekenen (bij een aantal: %(n)s of meer).") % {"n": suppress_below,
                                                                                     "x": SECONDARY_TEXT}])
        self.notes_sheet(lines)

    def build(self, suppress_below: int | None) -> Workbook:
        self.recidivism()
        self.by_kind()
        self.domains()
        self.follow_through()
        for sheet in self.workbook.worksheets:
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, float):
                        cell.number_format = PERCENT_FORMAT
        self.notes(suppress_below)
        return self.workbook


def render_outcomes_xlsx(report: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
                         suppress_below: int | None = None) -> bytes:
    """The outcomes document as an .xlsx workbook (bytes)."""
    published = publish_outcomes(report, suppress_below, labels=labels)
    workbook = _OutcomeSheets(published.document, OutcomeLabels(labels)).build(published.suppress_below)
    workbook.properties.creator = "Procesregie"
    workbook.properties.title = _("Resultaten")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
