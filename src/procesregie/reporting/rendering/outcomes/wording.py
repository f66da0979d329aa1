"""The Dutch wording of the outcomes report's figures, and how its numbers are written.

Names of approaches, organisations and domains come from `labels` (labels.py, `labels_from_reference`); the kinds
of police registration from `labels["police_kinds"]` (falling back to the model's choices, so a hand-made labels
dict without them still reads well).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..labels import ReportLabels, _default_police_kinds
from ..suppression import is_suppressed


def group_figure_label(key: str) -> str:
    return {
        "n": _("Personen met een volledig jaar follow-up (n)"),
        "not_eligible": _("Nog niet te meten (minder dan een jaar geleden besproken)"),
        "excluded_deceased": _("Overleden binnen het jaar erna (niet meegeteld)"),
        "registrations_before": _("Politieregistraties in het jaar ervoor"),
        "registrations_after": _("Politieregistraties in het jaar erna"),
        "change_pct": _("Verandering"),
        "ci95_change_pct": _("95%-interval van de verandering"),
        "persons_any_before": _("Personen met een registratie in het jaar ervoor"),
        "persons_any_after": _("Personen met een registratie in het jaar erna"),
    }.get(key, key)


def group_label(group: str) -> str:
    return {"cohort": _("Aanpak"), "comparison": _("Vergelijkingsgroep (afgewezen aanmeldingen)")}.get(group, group)


def side_label(side: str) -> str:
    return {"before": _("jaar ervoor"), "after": _("jaar erna")}.get(side, side)


def domain_figure_label(key: str) -> str:
    return {"n": _("n"), "improved": _("Vooruit"), "same": _("Gelijk"), "worse": _("Achteruit"),
            "improved_pct": _("Vooruit (%)"), "wilson95": _("95%-interval")}.get(key, key)


def status_label(key: str) -> str:
    return {"agreed": _("Afgesproken"), "running": _("Loopt"), "done": _("Afgerond"), "cancelled": _("Geannuleerd"),
            "total": _("Totaal"), "overdue": _("Te laat")}.get(key, key)


class OutcomeLabels(ReportLabels):
    """The annual report's lookups plus the kinds of police registration."""

    def __init__(self, labels: Mapping[str, Any] | None):
        super().__init__(labels)
        self.police_kinds: Mapping[str, str] = self.raw.get("police_kinds") or _default_police_kinds()

    def police_kind_name(self, code: str) -> str:
        return self.police_kinds.get(code) or code

    def ordered_police_kinds(self, keys: Iterable[str]) -> list[str]:
        return self._ordered(keys, self.police_kinds)


# --- numbers ------------------------------------------------------------------------------------------------

def count(value: Any) -> str:
    """A count as a reader reads it: "1.943" (grouped as the language groups), a hidden count as its text."""
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    return number_format(value, force_grouping=True)


def percent(value: Any, *, signed: bool = True) -> str:
    """"−39,0 %", "+2,1 %", "0,0 %" (with a no-break space); "–" for None (not computable); a hidden figure as its
    text."""
    if value is None:
        return "–"
    if is_suppressed(value) or not isinstance(value, (int, float)):
        return str(value)
    text = number_format(abs(value), decimal_pos=1, force_grouping=True)
    sign = "−" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}{text}\u00a0%"  # a no-break space: the sign never stands alone at the start of a line


def interval(value: Any, *, signed: bool = True) -> str:
    """"−44,1 % tot −33,6 %"; "–" for None; a hidden interval as its text."""
    if value is None:
        return "–"
    if is_suppressed(value) or not isinstance(value, (list, tuple)):
        return str(value)
    return _("%(low)s tot %(high)s") % {"low": percent(value[0], signed=signed), "high": percent(value[1],
                                                                                                 signed=signed)}


def day(value: str | date) -> str:
    """"1 januari 2023" from an ISO date (or a date)."""
    from django.utils.dateformat import format as date_format

    if isinstance(value, str):
        value = date.fromisoformat(value)
    return date_format(value, "j F Y")


def window(first: str, last: str) -> str:
    """"in 2023" for a whole calendar year, else "tussen 1 maart 2023 en 31 augustus 2023"."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    if start.year == end.year and (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        return _("in %(year)s") % {"year": start.year}
    return _("tussen %(first)s en %(last)s") % {"first": day(start), "last": day(end)}


__all__ = ["OutcomeLabels", "count", "day", "domain_figure_label", "group_figure_label", "group_label", "interval",
           "percent", "side_label", "status_label", "window"]
