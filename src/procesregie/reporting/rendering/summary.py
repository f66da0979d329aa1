"""The summary at the front of the annual report: the year of the whole house in a few sentences and one table.

Everything here is computed from the (already suppressed) figures: the totals per unit (the leaf
approaches, as in the spec), the top-level approaches, and last year's flow where the comparison is
given; the house's signals and escalations are summed over the top-level approaches (each approach is in
exactly one of their subtrees). A suppressed count is written out in words, never as a table's marker: "<5" as
"minder dan 5", a count hidden by secondary suppression ("afg." in the tables) as "een afgeschermd aantal"
(issue 14 §5: "x personen" puzzled readers); a difference or a sum that would need a suppressed count is left
out, so the summary never tells more than the tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .blocks import Row, Table
from .labels import ApproachNode, ReportLabels, flow_short_label, unit_label
from .suppression import SECONDARY_TEXT, is_suppressed

SUMMARY_KEYS = ("start", "inflow", "outflow", "end")
PREVIOUS_KEYS = ("inflow", "outflow")
LARGEST = 3  # top-level approaches named in the sentence on the largest ones


@dataclass
class Summary:
    paragraphs: list[str]  # one per unit (persons, systems), then the largest approaches
    table: Table


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def count_in_words(value: Any) -> str:
    """A count as a sentence says it: "270", "minder dan 5" for "<5", "een afgeschermd aantal" for "afg."."""
    if value == SECONDARY_TEXT:
        return _("een afgeschermd aantal")
    if is_suppressed(value):
        return _("minder dan %(n)s") % {"n": str(value)[1:]}
    return str(value)


def _amount(value: Any, unit: str) -> str:
    """A count with its unit: "270 personen", "1 persoon", "minder dan 5 systemen", "een afgeschermd aantal
    personen"."""
    return f"{count_in_words(value)} {unit_label(unit, plural=not (_is_count(value) and value == 1))}"


def _change(start: Any, end: Any) -> str:
    """" (6 meer)", " (2 minder)", " (evenveel)"; nothing where a figure is suppressed."""
    if not _is_count(start) or not _is_count(end):
        return ""
    if end > start:
        return " (" + _("%(count)s meer") % {"count": end - start} + ")"
    if end < start:
        return " (" + _("%(count)s minder") % {"count": start - end} + ")"
    return " (" + _("evenveel") + ")"


class SummaryBuilder:
    def __init__(self, report: Mapping[str, Any], labels: ReportLabels, tree: Sequence[ApproachNode],
                 comparison: Mapping[str, Any] | None):
        self.year = report.get("year")
        self.approaches: Mapping[str, Mapping[str, Any]] = report.get("approaches") or {}
        self.totals: Mapping[str, Mapping[str, Any]] = report.get("totals") or {}
        self.labels = labels
        self.tree = tree
        self.comparison = comparison

    def _previous(self, code: str) -> Mapping[str, Any] | None:
        if self.comparison is None:
            return None
        return (self.comparison.get(code) or {}).get("previous")

    def _unit(self, code: str) -> str:
        return self.approaches[code].get("unit", "")

    def previous_totals(self, unit: str) -> dict[str, Any]:
        """Last year's flow summed over the leaf approaches of `unit` (as `totals` is), or "–" per figure
        where a leaf has no figure for last year or its figure is suppressed."""
        leaves = [node.code for node in self.tree if not node.has_children and self._unit(node.code) == unit]
        result: dict[str, Any] = {}
        for key in SUMMARY_KEYS:
            values = [(self._previous(code) or {}).get(key) for code in leaves]
            result[key] = sum(values) if values and all(_is_count(v) for v in values) else "–"
        return result

    # --- the sentences ---------------------------------------------------------------------------
    def unit_sentences(self, unit: str, figures: Mapping[str, Any]) -> list[str]:
        start, end = figures.get("start", 0), figures.get("end", 0)
        sentences = [
            _("Op 1 januari %(year)s had het huis %(start)s in regie, op 31 december %(end)s%(change)s.") % {
                "year": self.year, "start": _amount(start, unit), "end": count_in_words(end), "change": _change(start, end)},
        ]
        flow = {"year": self.year, "inflow": _amount(figures.get("inflow", 0), unit),
                "outflow": count_in_words(figures.get("outflow", 0))}
        previous = self.previous_totals(unit) if self.comparison is not None else None
        if previous and _is_count(previous["inflow"]) and _is_count(previous["outflow"]):
            sentences.append(_("De instroom in %(year)s was %(inflow)s en de uitstroom %(outflow)s "
                               "(in %(previous_year)s: %(previous_inflow)s en %(previous_outflow)s).") % {
                **flow, "previous_year": self.year - 1, "previous_inflow": previous["inflow"],
                "previous_outflow": previous["outflow"]})
        else:
            sentences.append(_("De instroom in %(year)s was %(inflow)s en de uitstroom %(outflow)s.") % flow)
        sentences.append(_("De caseload, alle trajecten die in %(year)s in regie waren, was %(caseload)s.") % {
            "year": self.year, "caseload": _amount(figures.get("caseload", 0), unit)})
        if "persons_involved" in figures:
            sentences.append(_("Het aantal personen in deze systemen was %(count)s.") % {
                "count": count_in_words(figures["persons_involved"])})
        return sentences

    def largest_sentence(self) -> str:
        top = [node.code for node in self.tree if node.depth == 0]
        sized = [(self.approaches[code].get("flow") or {}).get("caseload") for code in top]
        ranked = sorted(((value, code) for value, code in zip(sized, top, strict=True)
                         if _is_count(value) and value > 0), key=lambda item: -item[0])[:LARGEST]
        if len(ranked) < 2:
            return ""
        names = [f"{self.labels.approach_name(code)} ({_amount(value, self._unit(code))})" for value, code in ranked]
        return ngettext("De grootste aanpak naar caseload was %(names)s.",
                        "De grootste aanpakken naar caseload waren %(names)s.", len(names)) % {
            "names": get_text_list(names, _("en"))}

    def house_count(self, figure: str, key: str, previous: bool = False) -> int | None:
        """`figure.key` (or last year's count of `figure`) summed over the top-level approaches, which together
        hold every approach once; None where a part is suppressed or missing."""
        values = []
        for node in self.tree:
            if node.depth == 0:
                if previous:
                    values.append(((self.comparison or {}).get(node.code) or {}).get(figure, {}).get("previous"))
                else:
                    values.append((self.approaches[node.code].get(figure) or {}).get(key, 0))
        return sum(values) if values and all(_is_count(value) for value in values) else None

    def work_sentences(self) -> str:
        """Signals and escalations of the whole house, when there were any and no part of the sum is suppressed."""
        sentences = []
        signals = self.house_count("signals", "count")
        if signals:
            figures = {"year": self.year, "count": signals}
            previous = self.house_count("signals", "count", previous=True) if self.comparison is not None else None
            if previous is not None:
                sentences.append(ngettext(
                    "In %(year)s registreerde het huis %(count)s melding of adviesgesprek (in %(previous_year)s: "
                    "%(previous)s).",
                    "In %(year)s registreerde het huis %(count)s meldingen en adviesgesprekken (in "
                    "%(previous_year)s: %(previous)s).", signals) % {
                    **figures, "previous_year": self.year - 1, "previous": previous})
            else:
                sentences.append(ngettext("In %(year)s registreerde het huis %(count)s melding of adviesgesprek.",
                                          "In %(year)s registreerde het huis %(count)s meldingen en adviesgesprekken.",
                                          signals) % figures)
        escalations = self.house_count("escalations", "count")
        resolved = self.house_count("escalations", "resolved")
        if escalations and resolved is not None:
            sentences.append(ngettext("Er werd %(count)s keer geëscaleerd; %(resolved)s daarvan is nog in %(year)s "
                                      "afgehandeld.",
                                      "Er werd %(count)s keer geëscaleerd; %(resolved)s daarvan zijn nog in %(year)s "
                                      "afgehandeld.", resolved) % {
                "count": escalations, "resolved": resolved, "year": self.year})
        return " ".join(sentences)

    def paragraphs(self) -> list[str]:
        paragraphs = [" ".join(self.unit_sentences(unit, figures)) for unit, figures in self.totals.items()
                      if any(figures.get(key) for key in ("start", "inflow", "outflow", "end", "caseload"))]
        work = self.work_sentences()
        if not paragraphs:
            return [_("In %(year)s had het huis geen trajecten in regie.") % {"year": self.year},
                    *([work] if work else [])]
        largest = self.largest_sentence()
        return [*paragraphs, *([largest] if largest else []), *([work] if work else [])]

    # --- the table -------------------------------------------------------------------------------
    def table(self) -> Table:
        columns = [flow_short_label(key) for key in SUMMARY_KEYS]
        if self.comparison is not None:
            columns += [f"{flow_short_label(key)} {self.year - 1}" for key in PREVIOUS_KEYS]
        table = Table("samenvatting-tabel", _("Kerncijfers %(year)s per aanpak en voor het hele huis") % {
            "year": self.year}, _("Aanpak"), columns)
        for unit, figures in self.totals.items():
            for node in self.tree:
                if node.depth == 0 and self._unit(node.code) == unit:
                    flow = self.approaches[node.code].get("flow") or {}
                    table.rows.append(Row(self.labels.approach_name(node.code),
                                          self._cells(flow, self._previous(node.code))))
            total = self.previous_totals(unit) if self.comparison is not None else None
            table.rows.append(Row(_("Totaal %(unit)s") % {"unit": unit_label(unit, plural=True)},
                                  self._cells(figures, total), strong=True))
        for node in self.tree:  # an approach of a unit without totals (not in the spec's units) still appears
            if node.depth == 0 and self._unit(node.code) not in self.totals:
                table.rows.append(Row(self.labels.approach_name(node.code), self._cells(
                    self.approaches[node.code].get("flow") or {}, self._previous(node.code))))
        return table

    def _cells(self, figures: Mapping[str, Any], previous: Mapping[str, Any] | None) -> list[Any]:
        cells = [figures.get(key, 0) for key in SUMMARY_KEYS]
        if self.comparison is not None:
            cells += [previous.get(key, "–") if previous else "–" for key in PREVIOUS_KEYS]
        return cells

    def build(self) -> Summary:
        return Summary(self.paragraphs(), self.table())
