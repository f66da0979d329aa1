"""Registrations through the partner API: submit one, and follow the status of the registrations one's organisation made.

A partner system registers through the same service as the registration form (`registration_submit`), as its
organisation's API client (the client's service account is the actor). The API never says that a person is already
known: a client sees no persons, so `registration_submit` attaches a known person silently, as for a partner who may
not see them; a client that may read its organisation's registrations could see the persons of those, so the API
submits with `attach_known=True`: a person its organisation registered before is attached, and the answer is the same.

Reading follows the partner's own registrations page (`own_registrations`): the registrations its organisation made,
each page logged per data subject; one unknown or someone else's is a 404 that says nothing more, logged as denied.
What a partner reads is what that page shows it of the triage: the status, the dates and, declined, the advice.
"""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from procesregie.accounts.models import ApiScope
from procesregie.casework.selectors.registrations import log_registrations_shown, own_registration, own_registrations
from procesregie.casework.services import registration_submit

from ..base import ApiGenericView, ApiView
from ..pagination import PageNumbers
from ..schema import problems
from .serializers import (
    RegistrationFilterSerializer,
    RegistrationReceivedSerializer,
    RegistrationStatusSerializer,
    RegistrationSubmitSerializer,
)

TAG = "Aanmeldingen"

PERSON_EXAMPLE = {
    "soort": "ZVH",
    "aanpak": "topx",
    "gemeente": "GM0344",
    "zorgelijke_situatie": "Synthetisch voorbeeld: schulden, geen vaste woonplek en herhaald geweld op straat.",
    "verzoek": "Graag een ketenoverstijgende aanpak met de reclassering en de gemeente.",
    "urgentie": "normal",
    "persoon": {"bsn": "999990019", "voornaam": "Sam", "achternaam": "Voorbeeld", "geboortedatum": "2001-04-12"},
    "contact": {"naam": "Wijkagent De Vries", "telefoon": "0301234567", "email": "wijkagent@example.org"},
}
SYSTEM_EXAMPLE = {
    "soort": "ZVH",
    "aanpak": "mda",
    "gemeente": "GM0344",
    "zorgelijke_situatie": "Synthetisch voorbeeld: zorgen over de veiligheid van de kinderen.",
    "verzoek": "Graag afstemming tussen Veilig Thuis, de school en het wijkteam.",
    "urgentie": "urgent",
    "systeem": {"naam": "Systeem Voorbeeld", "leden": [
        {"voornaam": "Kim", "achternaam": "Voorbeeld", "geboortedatum": "1985-02-03", "rol": "ouder"},
        {"voornaam": "Noor", "achternaam": "Voorbeeld", "geboortedatum": "2012-09-30", "rol": "kind"},
    ]},
    "contact": {"naam": "Medewerker Veilig Thuis", "email": "vt@example.org"},
}
STATUS_EXAMPLE = {"referentie": "A-7KQ2M9XA", "status": "afgewezen", "aangemeld_op": "2025-03-04",
                  "besluit_op": "2025-03-18", "advies": "Eerst via het sociaal wijkteam; bel ons bij nieuwe zorgen.",
                  "url": "https://zvh.example.org/api/v1/registrations/A-7KQ2M9XA/"}
REFERENCE = OpenApiParameter("referentie", str, OpenApiParameter.PATH, description=(
    "De referentie uit het antwoord op de aanmelding (`referentie`), bijvoorbeeld A-7KQ2M9XA."))


class RegistrationList(ApiGenericView):
    required_scopes = {"GET": ApiScope.REGISTRATIONS_READ, "POST": ApiScope.REGISTRATIONS_WRITE}
    pagination_class = PageNumbers
    serializer_class = RegistrationStatusSerializer

    @extend_schema(
        operation_id="registrations_list",
        tags=[TAG],
        summary="Aanmeldingen van de eigen organisatie",
        description="De aanmeldingen die de organisatie van de koppeling deed, nieuwste eerst, met hun status: "
                    "`ontvangen`, `geaccepteerd` of `afgewezen` (met het advies). Niets van de casus. Elke gelezen "
                    "pagina wordt per persoon of systeem vastgelegd in het toegangslog. Een pagina die niet bestaat "
                    "(`page` te hoog of geen getal) geeft 404.\n\nVereist het recht `registrations:read`.",
        parameters=[RegistrationFilterSerializer],
        # (A plain list serializer: drf-spectacular documents the pages and their parameters only then.)
        responses={200: RegistrationStatusSerializer(many=True), **problems(400, 404)},
        examples=[OpenApiExample("Afgewezen aanmelding", value=STATUS_EXAMPLE, response_only=True)],
    )
    def get(self, request):
        filters = RegistrationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(filters.apply(own_registrations(request.user)))
        log_registrations_shown(user=request.user, registrations=page, request=request)
        serializer = RegistrationStatusSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        operation_id="registrations_create",
        tags=[TAG],
        summary="Een persoon of systeem aanmelden",
        description="Meldt een persoon (`persoon`) of een systeem met zijn leden (`systeem`) aan namens de organisatie "
                    "van de koppeling, zoals het aanmeldformulier dat doet: een procesregisseur beoordeelt de "
                    "aanmelding in de triage. De reden van aanmelding bestaat uit `zorgelijke_situatie` en `verzoek`. "
                    "Het antwoord geeft de referentie; de status is te volgen op `url` (ook in de Location-header). "
                    "Ongeldige invoer geeft 400 met `errors` per veld (geneste velden als `persoon.bsn` of "
                    "`systeem.leden.0.achternaam`) en legt niets vast.\n\nVereist het recht `registrations:write`.",
        request=RegistrationSubmitSerializer,
        responses={201: OpenApiResponse(RegistrationReceivedSerializer, description="Aanmelding ontvangen."),
                   **problems(400, 415)},
        examples=[
            OpenApiExample("Persoon", value=PERSON_EXAMPLE, request_only=True),
            OpenApiExample("Systeem", value=SYSTEM_EXAMPLE, request_only=True),
            OpenApiExample("Ontvangen", response_only=True, status_codes=["201"], value={
                "referentie": "A-7KQ2M9XA", "status": "ontvangen", "aangemeld_op": "2025-03-04",
                "url": "https://zvh.example.org/api/v1/registrations/A-7KQ2M9XA/"}),
        ],
    )
    def post(self, request):
        message = RegistrationSubmitSerializer(data=request.data)
        message.is_valid(raise_exception=True)
        submission = registration_submit(actor=request.user, attach_known=True, request=request, **message.submission())
        body = RegistrationReceivedSerializer(submission.registration, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


class RegistrationDetail(ApiView):
    required_scope = ApiScope.REGISTRATIONS_READ

    @extend_schema(
        operation_id="registrations_retrieve",
        tags=[TAG],
        summary="De status van een aanmelding",
        description="Eén aanmelding van de eigen organisatie, op referentie: de status, de datum van het "
                    "triagebesluit en (afgewezen) het advies. Een onbekende aanmelding, of een van een andere "
                    "organisatie, geeft 404 en verder niets.\n\nVereist het recht `registrations:read`.",
        parameters=[REFERENCE],
        responses={200: OpenApiResponse(RegistrationStatusSerializer, description="De status van de aanmelding."),
                   **problems(404)},
        examples=[OpenApiExample("Afgewezen aanmelding", value=STATUS_EXAMPLE, response_only=True)],
    )
    def get(self, request, referentie: str):
        registration = own_registration(user=request.user, ref=referentie, request=request)
        return Response(RegistrationStatusSerializer(registration, context={"request": request}).data)
