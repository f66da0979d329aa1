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


def definitions(as_of: str) -> list[tuple[str, str]]:
    """What the outcomes figures mean, as (term, explanation), measured on `as_of` (written as a date): the page,
    the report of its own and the annual report's chapter show them (outcomes_definitions.html, paper/outcomes.py)."""
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


__all__ = ["OutcomeLabels", "count", "day", "definitions", "domain_figure_label", "group_figure_label", "group_label",
           "interval", "percent", "side_label", "status_label", "window"]
