"""Plain-language sentences beside the outcomes report's figures: what each figure shows and what it does not.

They are written from the published figures (publication.py), so a sentence never tells more than the tables: a
hidden count is said in words ("minder dan 5", "een afgeschermd aantal"), and a direction ("daalde", "steeg") or a
percentage is only written when both counts it comes from are shown. Every case reads honestly: nobody to
measure, no comparison group, nobody with a registration before, a small group, hidden figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..summary import count_in_words
from .wording import OutcomeLabels, count, interval, percent

SMALL_GROUP = 30  # fewer persons than this: the sentence says the group is small


def _shown(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def said(value: Any) -> str:
    """A count in a sentence: "1.943", "minder dan 5", "een afgeschermd aantal"."""
    return count(value) if _shown(value) else count_in_words(value)


def persons(value: Any) -> str:
    number = value if _shown(value) else 2
    return ngettext("%(count)s persoon", "%(count)s personen", number) % {"count": said(value)}


def the_persons(value: Any) -> str:
    """"de 281 personen", "de groep van minder dan 5 personen"."""
    if _shown(value):
        return _("de %(persons)s") % {"persons": persons(value)}
    return _("de groep van %(persons)s") % {"persons": persons(value)}


def _development(group: Mapping[str, Any]) -> str:
    """"daalde het aantal politieregistraties van 1.943 in het jaar ervoor naar 1.185 in het jaar erna (−39,0 %)",
    or what can be said instead."""
    before, after = group["registrations_before"], group["registrations_after"]
    values = {"before": said(before), "after": said(after), "change": percent(group["change_pct"])}
    if not (_shown(before) and _shown(after)):
        return _("waren er %(before)s politieregistraties in het jaar ervoor en %(after)s in het jaar erna; zodat "
                 "niemand herkenbaar is, staat de verandering er niet bij") % values
    if before == 0 and after == 0:
        return _("was er in het jaar ervoor en in het jaar erna geen enkele politieregistratie")
    if before == 0:
        return ngettext("was er in het jaar ervoor geen enkele politieregistratie en was het er %(after)s in het jaar "
                        "erna; een percentage is daarom niet te berekenen",
                        "was er in het jaar ervoor geen enkele politieregistratie en waren het er %(after)s in het "
                        "jaar erna; een percentage is daarom niet te berekenen", after) % values
    if after < before:
        return _("daalde het aantal politieregistraties van %(before)s in het jaar ervoor naar %(after)s in het jaar "
                 "erna (%(change)s)") % values
    if after > before:
        return _("steeg het aantal politieregistraties van %(before)s in het jaar ervoor naar %(after)s in het jaar "
                 "erna (%(change)s)") % values
    return _("bleef het aantal politieregistraties gelijk: %(before)s in het jaar ervoor en in het jaar erna") % values


def _direction(group: Mapping[str, Any]) -> int | None:
    """-1 for a drop, +1 for a rise, 0 for none; None when it may not be said (a hidden count)."""
    before, after = group["registrations_before"], group["registrations_after"]
    if before == 0:
        return 0 if after == 0 else 1  # nothing to drop from (and a hidden after is not a drop either)
    if not (_shown(before) and _shown(after)):
        return None
    return (after > before) - (after < before)


def recidivism_sentences(group: Mapping[str, Any], *, window: str) -> list[str]:
    """The sentences beside the recidivism figure of one approach (`group`: its published recidivism block)."""
    n, comparison = group["n"], group["comparison"]
    left_out = _left_out(group)
    if n == 0:
        first = _("Er is nog niemand om te meten: niemand die %(window)s voor het eerst is besproken, is al een "
                  "vol jaar daarna gevolgd.") % {"window": window}
        return [first, *left_out]
    sentences = [ngettext("Bij %(persons)s die %(window)s voor het eerst is besproken, %(development)s.",
                          "Bij %(persons)s die %(window)s voor het eerst zijn besproken, %(development)s.",
                          n if _shown(n) else 2) % {
        "persons": the_persons(n), "window": window, "development": _development(group)}]
    if _direction(group) in (-1, None):
        sentences.append(_("Een daling direct na de selectie is deels regressie naar het gemiddelde: mensen worden "
                           "aangemeld in een slecht jaar, en ook zonder aanpak volgt vaak een rustiger jaar."))
    sentences.append(_comparison(group, comparison, window))
    sentences += _uncertainty(group, comparison)
    sentences.append(_("Wat de cijfers niet laten zien, is dat de aanpak de oorzaak is: ze tellen "
                       "politieregistraties, geen gepleegde feiten, en wie wordt aangemeld of afgewezen verschilt "
                       "ook op andere punten."))
    return sentences + left_out


def _comparison(group: Mapping[str, Any], comparison: Mapping[str, Any], window: str) -> str:
    if comparison["n"] == 0:
        return _("Er is geen vergelijkingsgroep: bij deze aanpak is %(window)s geen aanmelding afgewezen van iemand "
                 "die daarna een vol jaar is gevolgd. Zonder die maatstaf is niet te zeggen welk deel van de "
                 "verandering er ook zonder de aanpak was gekomen.") % {"window": window}
    text = _("De vergelijkingsgroep is de maatstaf: bij %(persons)s van wie de aanmelding %(window)s bij de triage "
             "werd afgewezen, %(development)s.") % {"persons": the_persons(comparison["n"]), "window": window,
                                                     "development": _development(comparison)}
    both = [item["change_pct"] for item in (group, comparison)]
    if all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in both):
        text += " " + _("Alleen het verschil tussen de twee groepen (%(own)s tegen %(other)s) kan op een effect van "
                        "de aanpak wijzen, en ook dat niet zeker.") % {"own": percent(both[0]),
                                                                       "other": percent(both[1])}
    else:
        text += " " + _("Alleen het verschil tussen de twee groepen kan op een effect van de aanpak wijzen, en ook "
                        "dat niet zeker.")
    return text


def _uncertainty(group: Mapping[str, Any], comparison: Mapping[str, Any]) -> list[str]:
    sentences = []
    n = group["n"]
    if not _shown(n) or n < SMALL_GROUP:
        sentences.append(_("Met %(persons)s is de groep klein: een enkele persoon met veel registraties verandert het "
                           "beeld al sterk.") % {"persons": persons(n)})
    ci = group["ci95_change_pct"]
    if isinstance(ci, (list, tuple)):
        if _without_width(ci):
            text = _("Het 95%%-interval van de verandering (%(interval)s) heeft geen breedte: met zo weinig personen "
                     "laat de bootstrap de speling door toeval niet zien, en die is juist groot.") % {
                "interval": interval(ci)}
        else:
            text = _("Het 95%%-interval van de verandering loopt van %(interval)s: zoveel speling laat het toeval in "
                     "wie er in de groep zitten.") % {"interval": interval(ci)}
            if ci[0] <= 0 <= ci[1]:
                text += " " + _("Het interval bevat 0: de verandering kan ook toeval zijn.")
        other = comparison["ci95_change_pct"]
        if isinstance(other, (list, tuple)) and _without_width(other):
            text += " " + _("Bij de vergelijkingsgroep heeft het geen breedte (%(interval)s): te weinig personen om "
                            "de speling te laten zien.") % {"interval": interval(other)}
        elif isinstance(other, (list, tuple)):
            text += " " + _("Bij de vergelijkingsgroep loopt het van %(interval)s.") % {"interval": interval(other)}
        sentences.append(text)
    elif ci is None:
        sentences.append(_("Een interval is niet te berekenen zonder registraties in het jaar ervoor."))
    else:
        sentences.append(_("Het interval staat er niet bij, omdat het een afgeschermd aantal zou verraden."))
    return sentences


def _without_width(ci: Sequence[Any]) -> bool:
    """A bootstrap interval of one value: every resample gave the same change (one person, or persons who all
    changed alike), which says nothing about how certain the change is."""
    return ci[0] == ci[1]


def _left_out(group: Mapping[str, Any]) -> list[str]:
    parts = []
    if group["not_eligible"] != 0:
        parts.append(_("%(persons)s die nog geen vol jaar na hun eerste bespreking zijn gevolgd") % {
            "persons": persons(group["not_eligible"])})
    if group["excluded_deceased"] != 0:
        parts.append(_("%(persons)s die binnen dat jaar overleden") % {"persons": persons(group["excluded_deceased"])})
    if not parts:
        return []
    return [_("Niet meegeteld: %(parts)s.") % {"parts": _(" en ").join(parts)}]


def domain_sentences(progress: Mapping[str, Mapping[str, Any]], order: Sequence[str], labels: OutcomeLabels, *,
                     window: str) -> list[str]:
    if not progress:
        return []
    sentences = [_("Per leefgebied de trajecten die %(window)s zijn afgesloten met een nulmeting en een eindmeting: "
                   "hoeveel er vooruitgingen (rechts), gelijk bleven en achteruitgingen (links).") % {"window": window}]
    parts = [_("%(domain)s %(pct)s") % {"domain": labels.domain_name(name), "pct": percent(progress[name]["improved_pct"],
                                                                                          signed=False)}
             for name in order if isinstance(progress[name]["improved_pct"], (int, float))]
    if parts:
        sentences.append(_("Vooruit: %(parts)s.") % {"parts": ", ".join(parts)})
    sentences.append(_("Wat het niet laat zien: of de vooruitgang door de aanpak komt. Er is geen vergelijkingsgroep, "
                       "en alleen trajecten met beide metingen tellen mee."))
    return sentences


def follow_through_sentences(*, window: str, as_of: str) -> list[str]:
    return [_("Interventies die %(window)s zijn afgesproken, per uitvoerende organisatie, met hun stand op %(as_of)s. "
              "Te laat: nog afgesproken of lopend terwijl de einddatum vóór %(as_of)s lag.") % {
        "window": window, "as_of": as_of}]


__all__ = ["domain_sentences", "follow_through_sentences", "recidivism_sentences"]
