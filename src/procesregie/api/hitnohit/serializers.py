"""The hit/no-hit question and its answer.

The question: a BSN, or a family name and birth date (given name optional), never both; and a purpose. The answer:
`hit` and the house's contact point, the same contact point for a hit and a miss, so that only `hit` differs.
"""

import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from procesregie.core.errors import DomainError
from procesregie.core.text import clean_text
from procesregie.subjects.bsn import contains_bsn, validate_bsn

from ..field_messages import DutchMessages
from .services import Question

NAME_MAX = 200  # as the person's names (subjects.Person)
PURPOSE_MIN, PURPOSE_MAX = 10, 500

PURPOSE_HELP = (
    "Verplicht: waarvoor u het vraagt, in 10 tot 500 tekens, bijvoorbeeld 'Voorbereiding casusoverleg wijkteam "
    "Noord' of 'Melding huiselijk geweld, nagaan of er al regie is'. Het doel wordt bij elke vraag bewaard, met de "
    "koppeling, de organisatie en het tijdstip, en de privacyfunctionaris van het Zorg- en Veiligheidshuis leest het. "
    "Zet er geen persoonsgegevens in: een doel met een BSN of met de gevraagde naam wordt geweigerd."
)


def _mentions(text: str, name: str) -> bool:
    """Does `text` hold `name` as a word of its own (ignoring case)?"""
    name = name.strip()
    return len(name) >= 2 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


class HitNoHitQuestionSerializer(DutchMessages, serializers.Serializer):
    """Een hit/no-hit-vraag: met `bsn`, of met `achternaam` en `geboortedatum` (en eventueel `voornaam`); niet met
    beide. Altijd met `doel`."""

    bsn = serializers.CharField(
        required=False, max_length=20,
        help_text="Burgerservicenummer: 9 cijfers, of 8 met een voorloopnul (spaties, punten en streepjes mogen); "
                  "wordt gecontroleerd met de elfproef. Of `bsn`, of `achternaam` met `geboortedatum`.",
    )
    achternaam = serializers.CharField(
        required=False, max_length=NAME_MAX,
        help_text="Achternaam, zoals geregistreerd (hoofdletters maken niet uit). Alleen samen met `geboortedatum`.",
    )
    geboortedatum = serializers.DateField(
        required=False, help_text="Geboortedatum (JJJJ-MM-DD), niet in de toekomst. Alleen samen met `achternaam`.",
    )
    voornaam = serializers.CharField(
        required=False, allow_blank=True, max_length=NAME_MAX,
        help_text="Voornaam, zoals geregistreerd (hoofdletters maken niet uit). Er wordt gezocht op voornaam, "
                  "achternaam en geboortedatum samen, zoals bij een aanmelding: zonder voornaam wordt alleen een persoon "
                  "gevonden die zonder voornaam is geregistreerd.",
    )
    doel = serializers.CharField(min_length=PURPOSE_MIN, max_length=PURPOSE_MAX, help_text=PURPOSE_HELP)

    def validate_bsn(self, value: str) -> str:
        try:
            return validate_bsn(value)
        except DomainError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate_geboortedatum(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("De geboortedatum ligt in de toekomst."))
        return value

    def validate_doel(self, value: str) -> str:
        purpose = clean_text(value, max_length=PURPOSE_MAX)
        if len(purpose) < PURPOSE_MIN:
            raise serializers.ValidationError(_("Beschrijf het doel van de vraag in ten minste 10 tekens."))
        if contains_bsn(purpose):
            raise serializers.ValidationError(_("Het doel mag geen BSN bevatten."))
        return purpose

    def validate(self, data):
        by_name = [name for name in ("achternaam", "geboortedatum", "voornaam") if data.get(name)]
        if "bsn" in data and by_name:
            raise serializers.ValidationError(_("Vraag met een BSN, of met achternaam en geboortedatum; niet met beide."))
        if "bsn" not in data and not by_name:
            raise serializers.ValidationError(_("Vraag met een BSN, of met achternaam en geboortedatum."))
        if by_name:
            missing = {}
            if not data.get("achternaam"):
                missing["achternaam"] = [_("Vul ook de achternaam in.")]
            if not data.get("geboortedatum"):
                missing["geboortedatum"] = [_("Vul ook de geboortedatum in.")]
            if missing:
                raise serializers.ValidationError(missing)
            if any(_mentions(data["doel"], data.get(name, "")) for name in ("achternaam", "voornaam")):
                raise serializers.ValidationError({"doel": [_("Het doel mag de gevraagde naam niet bevatten.")]})
        return data

    def question(self) -> Question:
        data = self.validated_data
        return Question(purpose=data["doel"], bsn=data.get("bsn"), family_name=data.get("achternaam", ""),
                        given_name=data.get("voornaam", ""), birth_date=data.get("geboortedatum"))


class ContactPointSerializer(serializers.Serializer):
    """Het contactpunt van het Zorg- en Veiligheidshuis: bij een hit en bij geen hit hetzelfde."""

    naam = serializers.CharField(help_text="Naam van het contactpunt.")
    telefoon = serializers.CharField(help_text="Telefoonnummer van het contactpunt.")
    email = serializers.CharField(help_text="E-mailadres van het contactpunt.")


class HitNoHitAnswerSerializer(serializers.Serializer):
    """Het antwoord: alleen of er een hit is, en wie u belt. Geen aanpak, geen data, geen namen, geen aantallen."""

    hit = serializers.BooleanField(
        help_text="`true`: de persoon is nu in regie bij dit Zorg- en Veiligheidshuis (een lopende casus, ook als lid "
                  "van een systeem) of is aangemeld en wacht op de triage. `false`: niet bekend, of alleen met een "
                  "afgesloten casus of een afgewezen aanmelding.",
    )
    contactpunt = ContactPointSerializer(help_text="Wie u belt of mailt: bij een hit en bij geen hit hetzelfde.")


def answer(hit: bool) -> dict:
    return HitNoHitAnswerSerializer({"hit": hit, "contactpunt": {
        "naam": settings.PROCESREGIE_CONTACT_NAME,
        "telefoon": settings.PROCESREGIE_CONTACT_PHONE,
        "email": settings.PROCESREGIE_CONTACT_EMAIL,
    }}).data
