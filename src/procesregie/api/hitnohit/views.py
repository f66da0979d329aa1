"""`POST /api/v1/hitnohit/`: is this person known here, yes or no, and whom do I call."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.response import Response

from procesregie.access.api import ApiScope

from ..base import ApiView
from ..problems import Problem
from ..schema import problems
from .serializers import HitNoHitAnswerSerializer, HitNoHitQuestionSerializer, answer
from .services import DailyLimitReached, hitnohit_ask

DESCRIPTION = """Is deze persoon nu in regie bij dit Zorg- en Veiligheidshuis, of aangemeld en wachtend op de triage?
Het antwoord is alleen `hit` (ja of nee) en het contactpunt van het huis; geen aanpak, geen data, geen namen, geen
aantallen. Het contactpunt is bij een hit en bij geen hit hetzelfde.

Vraag met een `bsn`, of met `achternaam` en `geboortedatum` (en eventueel `voornaam`), niet met beide; en altijd met
een `doel`. De persoon wordt gezocht zoals bij een aanmelding: hetzelfde BSN, of dezelfde voornaam, achternaam en
geboortedatum.

Een hit: een lopende casus (als persoon, of als lid van een systeem met een lopende casus), of een aanmelding die op de
triage wacht. Geen hit: onbekend, of alleen een afgesloten casus of een afgewezen aanmelding.

Elke vraag wordt vastgelegd met het doel, de koppeling, de organisatie en het tijdstip, en gelogd als inzage: bij een
hit in de toegangsgeschiedenis van de persoon, bij geen hit zonder iets dat de gevraagde persoon aanwijst. Een
koppeling stelt ten hoogste het ingestelde aantal vragen per dag (vanaf middernacht); daarboven volgt 429 met
`Retry-After` (tot middernacht) en wordt de vraag niet beantwoord. Een koppeling die boven haar daggrens vraagt, of
die vraagt alsof zij nummers aftast, wordt gemeld aan de privacyfunctionaris.

Vereist het recht `hitnohit`."""
ANSWERED = "Het antwoord: hit of geen hit, en het contactpunt."


class HitNoHitView(ApiView):
    required_scope = ApiScope.HITNOHIT

    @extend_schema(
        operation_id="hitnohit",
        summary="Hit/no-hit: is deze persoon hier in regie?",
        description=DESCRIPTION,
        tags=["Hit/no-hit"],
        request=HitNoHitQuestionSerializer,
        responses={200: OpenApiResponse(HitNoHitAnswerSerializer, description=ANSWERED), **problems(400)},
        examples=[
            OpenApiExample("Met BSN", request_only=True,
                           value={"bsn": "111222333", "doel": "Melding huiselijk geweld: nagaan of er al regie is"}),
            OpenApiExample("Met naam en geboortedatum", request_only=True,
                           value={"achternaam": "Jansen", "voornaam": "Kees", "geboortedatum": "1990-04-01",
                                  "doel": "Voorbereiding casusoverleg wijkteam Noord"}),
            OpenApiExample("Antwoord", response_only=True, value={"hit": True, "contactpunt": {
                "naam": "Zorg- en Veiligheidshuis (synthetisch)", "telefoon": "030 000 0000",
                "email": "contact@zvh.example.org"}}),
        ],
    )
    def post(self, request):
        question = HitNoHitQuestionSerializer(data=request.data)
        question.is_valid(raise_exception=True)
        try:
            hit = hitnohit_ask(actor=request.user, question=question.question(), request=request)
        except DailyLimitReached as refused:
            raise Problem(
                status_code=429, title=_("Daggrens bereikt"), type_suffix="daggrens-hit-no-hit",
                detail=_("Deze koppeling heeft vandaag het maximale aantal hit/no-hit-vragen gesteld; de vraag is niet "
                         "beantwoord. Probeer het morgen opnieuw."),
                headers={"Retry-After": str(refused.retry_after)},
            ) from None
        return Response(answer(hit))
