"""The fixed text of the annual report around its figures: the note on hidden counts and the explanation of the
figures ("Toelichting op de cijfers"). One source for the web page's templates and the printed report (paper/)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def suppression_note(*, suppress_below: int | None, below: str, secondary: str, comparison_left_out: bool) -> str:
    """What "<N" (and "afg.") mean, for a report published with `suppress_below`; empty without."""
    if not suppress_below:
        return ""
    parts = [_("Zodat niemand herkenbaar is, staan aantallen kleiner dan %(suppress_below)s er als „%(below)s”: "
               "minder dan %(suppress_below)s, en dat kan ook 0 zijn.") % {"suppress_below": suppress_below,
                                                                          "below": below}]
    if secondary:
        parts.append(_("Zodat u zo'n aantal niet uit een totaal of optelling kunt terugrekenen, zijn ook enkele grotere "
                       "aantallen afgeschermd: die staan er als „%(x)s” (%(suppress_below)s of meer).")
                     % {"x": secondary, "suppress_below": suppress_below})
    parts.append(_("Onder elke tabel met afgeschermde aantallen staat wat de tekens betekenen."))
    if comparison_left_out:
        parts.append(_("De cijfers van vorig jaar staan er niet bij: ze zouden een afgeschermd aantal verraden."))
    return " ".join(parts)


def definitions(year: object) -> list[tuple[str, str]]:
    """The terms of the report with what they count in `year`."""
    values = {"year": year}
    return [
        (_("In regie op 1 januari"),
         _("Trajecten die vóór 1 januari %(year)s begonnen en op die dag nog liepen.") % values),
        (_("Instroom"), _("Trajecten die in %(year)s begonnen, zonder de trajecten die uit een andere aanpak in het "
                          "huis zijn overgedragen.") % values),
        (_("Overdracht in en uit"), _("Trajecten die binnen het huis van de ene aanpak naar de andere gingen. Ze zijn "
                                      "geen in- of uitstroom van het huis en staan daarom apart.")),
        (_("Uitstroom"), _("Trajecten die in %(year)s zijn afgesloten, behalve door overdracht naar een andere aanpak "
                           "in het huis.") % values),
        (_("In regie op 31 december"),
         _("Trajecten die in of vóór %(year)s begonnen en na 31 december %(year)s nog liepen.") % values),
        (_("Caseload"), _("Alle trajecten die in het jaar in regie waren: in regie op 1 januari plus instroom plus "
                          "overdracht in. Steeds geldt: 31 december = caseload − uitstroom − overdracht uit.")),
        (_("Afgewezen aanmeldingen"), _("Aanmeldingen die bij de triage in %(year)s zijn afgewezen.") % values),
        (_("Looptijd"), _("De duur in hele maanden van begin tot einde van de trajecten die in het jaar zijn "
                          "afgesloten (uitstroom en overdracht uit).")),
        (_("Per gemeente en per district"), _("Naar de gemeente van de casus. Plus is instroom en overdracht in, min "
                                              "is uitstroom en overdracht uit. Gemeenten zonder trajecten staan er "
                                              "niet in.")),
        (_("Voortgang op de leefgebieden"), _("Bij de in het jaar afgesloten trajecten per leefgebied het verschil "
                                              "tussen de eerste nulmeting en de laatste eindmeting op de schaal van 1 "
                                              "(acuut) tot 5 (volledig zelfredzaam); n is het aantal trajecten met "
                                              "beide metingen.")),
        (_("Casusoverleg"), _("Besprekingen in %(year)s van de casussen van de aanpak, het aantal verschillende "
                              "besproken personen of systemen, en hoe vaak de cliënt of een ervaringsdeskundige aan "
                              "tafel zat.") % values),
        (_("Meldingen en adviesgesprekken"), _("Meldingen van partners en adviesgesprekken met professionals die in "
                                               "%(year)s bij de aanpak binnenkwamen, ook als er (nog) geen casus van "
                                               "kwam, naar soort en naar soort meldende organisatie. „Leidden tot een "
                                               "aanmelding” telt die met de uitkomst aanmelding.") % values),
        (_("Escalaties"), _("Escalaties naar de manager over casussen van de aanpak die in %(year)s zijn geëscaleerd. "
                            "Afgehandeld: de escalaties die uiterlijk 31 december %(year)s met een uitkomst zijn "
                            "afgesloten.") % values),
        (_("Personen in de systemen"), _("Bij systeemaanpakken (zoals MDA++): het aantal verschillende personen in de "
                                         "systemen die in het jaar in regie waren.")),
    ]
