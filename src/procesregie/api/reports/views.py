"""Figures for a regional or national monitor (issue 16 §5, scope `reports:read`): the annual report and the outcomes
report as the house publishes them (figures.py), aggregates only, for a client of any organisation.

Each answer is access-logged as the report pages log theirs: a read of the aggregates (`reference.approach`, no
subject), naming the client and its organisation.
"""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from procesregie.accounts.models import ApiScope
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.reference.models import Approach
from procesregie.reporting.outcomes import OutcomesWindowError

from ..base import ApiView
from ..problems import Problem
from ..schema import problems
from . import serializers
from .figures import published_annual_report, published_outcomes_report

SUPPRESSION = (
    "Kleine aantallen zijn afgeschermd zoals het huis publiceert (drempel N: PROCESREGIE_PUBLICATION_THRESHOLD, "
    "standaard 5): een aantal groter dan 0 en kleiner dan N is „<N”, en wat een afgeschermd aantal via een som zou "
    "verraden is ook afgeschermd („<N” voor een 0, „afg.” voor N of meer). Geen persoonsgegevens: alleen aantallen "
    "per aanpak, gemeente, organisatie en soort."
)


def _figures(request, content: str) -> HttpResponse:
    """The published JSON as the answer, the read logged as the report pages log theirs (aggregates, no subject)."""
    record_access(actor=request.user, action=Action.READ, obj=Approach, request=request)
    return HttpResponse(content, content_type="application/json")


class AnnualReportView(ApiView):
    required_scope = ApiScope.REPORTS_READ

    @extend_schema(
        operation_id="report_annual",
        summary="Jaarverslag van een jaar",
        description="Het jaarverslag (shared/spec/annual-report.md, versie 2) van een kalenderjaar: instroom, "
                    "uitstroom, doorlooptijden, gemeenten, besprekingen, leefgebieden, interventies, signalen en "
                    "opschalingen per aanpak, en de totalen. " + SUPPRESSION + " Een jaar van 1990 tot en met 2100 dat "
                    "voorbij is: het lopende jaar en later hebben nog geen gepubliceerd jaarverslag (404)."
                    "\n\nVereist het recht `reports:read`.",
        parameters=[OpenApiParameter("year", {"type": "integer", "minimum": serializers.FIRST_YEAR,
                                              "maximum": serializers.LAST_YEAR}, OpenApiParameter.PATH,
                                     description="Het kalenderjaar, bijvoorbeeld 2024.")],
        responses={200: OpenApiResponse(serializers.AnnualReport, description="Het jaarverslag, afgeschermd."),
                   **problems(400, 404)},
        tags=["Cijfers"],
    )
    def get(self, request, year: str):
        number = serializers.parse_year(year)
        if number >= timezone.localdate().year:
            raise Http404  # published once the year has ended; a running year's would change from day to day
        return _figures(request, published_annual_report(number))


class OutcomesReportView(ApiView):
    required_scope = ApiScope.REPORTS_READ

    @extend_schema(
        operation_id="report_outcomes",
        summary="Resultaten van een cohortjaar",
        description="Het resultatenrapport (shared/spec/outcomes.md, versie 1) van de personen die in het "
                    "`cohortjaar` voor het eerst besproken zijn, gevolgd tot de peildatum 31 december van het jaar "
                    "erna: recidive (politieregistraties het jaar voor en na de eerste bespreking, met de "
                    "vergelijkingsgroep), voortgang op de leefgebieden en de uitvoering van afgesproken interventies, "
                    "per aanpak. Alleen gepubliceerde cohorten: een cohortjaar waarvan de peildatum nog niet voorbij "
                    "is, heeft nog geen resultaten (404). Zonder `cohortjaar` het laatste gepubliceerde. (Een eigen "
                    "venster of peildatum kiest een manager op de pagina Resultaten; de API geeft alleen vaste "
                    "cohorten, zodat twee antwoorden niet van elkaar af te trekken zijn tot de cijfers van één "
                    "persoon.) " + SUPPRESSION + " Nullen zijn uitgeschreven en per organisatie staat het totaal; een "
                    "percentage of interval van een afgeschermd aantal is „afg.”, en zo ook het interval van de "
                    "verandering als het op enkele personen berust (n of personen met een registratie onder N)."
                    "\n\nVereist het recht `reports:read`.",
        parameters=[
            OpenApiParameter("cohortjaar", {"type": "integer", "minimum": serializers.FIRST_YEAR,
                                            "maximum": serializers.LAST_YEAR}, description=(
                "Het jaar van de eerste besprekingen, bijvoorbeeld 2023; leeg: het laatste gepubliceerde.")),
        ],
        responses={200: OpenApiResponse(serializers.OutcomesReport, description="De resultaten, afgeschermd."),
                   **problems(400, 404)},
        tags=["Cijfers"],
    )
    def get(self, request):
        window = serializers.published_cohort(request.query_params.get("cohortjaar"), today=timezone.localdate())
        try:
            content = published_outcomes_report(*window)
        except OutcomesWindowError as refused:  # the year is checked first; this is the computation's own word
            raise Problem(status_code=400, title=_("Ongeldig verzoek"),
                          detail=_("Deze periode kan niet worden berekend.")) from refused
        return _figures(request, content)
