"""The registration message of the partner API and the status a partner reads back.

The field names follow the national Melding message of the Zorg- en Veiligheidshuizen where it names them (`soort`
`ZVH`, `zorgelijke_situatie`, `verzoek`, `contact`); the rest are the Dutch words of the registration form. The checks
are the form's (`casework.forms.registration`): the BSN's 11-proef, no birth date in the future, a family name, a
system's members at most `MEMBER_ROWS` and none typed twice, a contact person with a phone number or e-mail address.
`registration_submit` checks them all again: what passes here is what the form lets through.

What a partner reads back is what its registrations page shows it: reference, status, dates and (declined) the
advice. Nothing of the case.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from procesregie.casework.forms.registration import MEMBER_ROWS, NAME_MAX
from procesregie.casework.models import Registration, RegistrationStatus, Urgency
from procesregie.casework.services import ContactPerson, PersonDetails, SystemDetails
from procesregie.casework.services.members import TYPED_TWICE, typed_twice
from procesregie.casework.services.registrations import clean_contact
from procesregie.core.errors import DomainError
from procesregie.core.text import clean_text
from procesregie.reference.models import Approach, Municipality, Unit
from procesregie.subjects.bsn import validate_bsn

from ..field_messages import DutchMessages

KIND_ZVH = "ZVH"

# The registration's reason is composed of the two texts of the message, under these headings (stored data: Dutch,
# whatever the language of the request).
SITUATION_HEADING, REQUEST_HEADING = "Zorgelijke situatie:", "Verzoek:"
SITUATION_MAX, REQUEST_MAX = 3000, 1900  # with the headings well within the reason's REASON_MAX_LENGTH (5000)

STATUS_NAMES = {
    RegistrationStatus.PENDING: "ontvangen",
    RegistrationStatus.ACCEPTED: "geaccepteerd",
    RegistrationStatus.DECLINED: "afgewezen",
}
STATUS_BY_NAME = {name: status for status, name in STATUS_NAMES.items()}


def compose_reason(situation: str, request: str) -> str:
    return f"{SITUATION_HEADING}\n{situation.strip()}\n\n{REQUEST_HEADING}\n{request.strip()}"


def _encodable(value: str) -> bool:
    """Is this text without lone surrogates? (JSON may carry them; they are refused by the field itself, and the
    sanitiser behind `clean_text` cannot read them.)"""
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def _not_empty(message):
    """Text that holds something once markup is removed (the services store it cleaned, `core.text.clean_text`)."""

    def check(value):
        if _encodable(value) and not clean_text(value):
            raise serializers.ValidationError(message)

    return check


def _valid_bsn(value):
    if value:
        try:
            validate_bsn(value)
        except DomainError as exc:
            raise serializers.ValidationError(str(exc)) from None


def _not_future(value):
    if value and value > timezone.localdate():
        raise serializers.ValidationError(_("De geboortedatum ligt in de toekomst."))


def _contact_check(name: str):
    """The contact service's own check of one of its fields (`phone`, `email`)."""

    def check(value):
        if value and _encodable(value):
            try:
                clean_contact(ContactPerson(**{name: value}))
            except DomainError as exc:
                raise serializers.ValidationError(str(exc)) from None

    return check


def _person_details(data, role: str = "") -> PersonDetails:
    return PersonDetails(given_name=data.get("voornaam") or "", family_name=data["achternaam"],
                         birth_date=data.get("geboortedatum"), bsn=data.get("bsn") or None, role=role)


class _ErrorsAtTheField:
    """An error about a nested object or list as a whole (not an object, empty, too long) is reported at its own field
    (`systeem.leden`), not at `systeem.leden.non_field_errors`."""

    def run_validation(self, data=serializers.empty):
        try:
            return super().run_validation(data)
        except serializers.ValidationError as exc:
            nested = self.parent is not None  # the message itself keeps its non_field_errors
            if nested and isinstance(exc.detail, dict) and set(exc.detail) == {api_settings.NON_FIELD_ERRORS_KEY}:
                raise serializers.ValidationError(exc.detail[api_settings.NON_FIELD_ERRORS_KEY]) from None
            raise


# No docstring here: the OpenAPI document describes each part of the message with its own (Dutch) docstring, and a
# part without one would inherit this class's.
class _Serializer(DutchMessages, _ErrorsAtTheField, serializers.Serializer):
    pass


class _MemberList(_ErrorsAtTheField, serializers.ListSerializer):
    pass


class _Choice(serializers.ChoiceField):
    """A choice whose refusal names the choices, never the input: that may be anything, even text that cannot be
    answered in UTF-8 (a lone surrogate), which REST framework's message would repeat."""

    default_error_messages = {"invalid_choice": _("Kies een van deze waarden: {choices}.")}

    def to_internal_value(self, data):
        try:
            return self.choice_strings_to_values[str(data)]
        except KeyError:
            self.fail("invalid_choice", choices=", ".join(self.choice_strings_to_values))


class RegistrationPersonSerializer(_Serializer):
    """De aangemelde persoon: ten minste de achternaam; het BSN en de geboortedatum als ze bekend zijn."""

    bsn = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=20, validators=[_valid_bsn],
        help_text="Burgerservicenummer (niet verplicht): 9 cijfers, of 8 met een voorloopnul; wordt gecontroleerd met "
                  "de elfproef.",
    )
    voornaam = serializers.CharField(required=False, allow_blank=True, max_length=NAME_MAX, default="",
                                     help_text="Voornaam (niet verplicht).")
    achternaam = serializers.CharField(max_length=NAME_MAX, validators=[_not_empty(_("Vul de achternaam in."))],
                                       help_text="Achternaam.")
    geboortedatum = serializers.DateField(required=False, allow_null=True, validators=[_not_future],
                                          help_text="Geboortedatum (niet verplicht), niet in de toekomst.")


class RegistrationMemberSerializer(RegistrationPersonSerializer):
    """Een lid van het aangemelde systeem, met zijn rol in het systeem."""

    class Meta:
        list_serializer_class = _MemberList

    rol = serializers.CharField(required=False, allow_blank=True, max_length=100, default="",
                                help_text="Rol in het systeem (niet verplicht), bijvoorbeeld ouder, kind, partner.")


class RegistrationSystemSerializer(_Serializer):
    """Het aangemelde systeem (bijvoorbeeld een gezin of huishouden): een naam en de leden."""

    naam = serializers.CharField(max_length=NAME_MAX,
                                 validators=[_not_empty(_("Vul een naam voor het systeem in."))],
                                 help_text="Naam van het systeem, bijvoorbeeld: Systeem Jansen.")
    leden = RegistrationMemberSerializer(
        many=True, allow_empty=False, max_length=MEMBER_ROWS,
        help_text=f"De leden van het systeem: ten minste één, ten hoogste {MEMBER_ROWS}. Twee leden met hetzelfde BSN, "
                  "of met dezelfde naam en geboortedatum, worden geweigerd.",
    )

    def validate_leden(self, members):
        entries = [_normalised(member) for member in members]
        repeated = typed_twice(entries)
        if repeated:
            raise serializers.ValidationError([
                {("bsn" if repeated[position] == "bsn" else "achternaam"): [TYPED_TWICE[repeated[position]]]}
                if position in repeated else {}
                for position in range(len(members))
            ])
        return members


def _normalised(member) -> PersonDetails:
    """A member as `typed_twice` compares them: names cleaned, the BSN normalised (it passed the 11-proef)."""
    bsn = validate_bsn(member["bsn"]) if member.get("bsn") else None
    return PersonDetails(given_name=clean_text(member.get("voornaam")), family_name=clean_text(member["achternaam"]),
                         birth_date=member.get("geboortedatum"), bsn=bsn)


class RegistrationContactSerializer(_Serializer):
    """De contactpersoon van de meldende organisatie: een naam, en een telefoonnummer of e-mailadres."""

    naam = serializers.CharField(max_length=200,
                                 validators=[_not_empty(_("Vul de naam van de contactpersoon in."))],
                                 help_text="Wie van de meldende organisatie de procesregisseur kan bellen of mailen "
                                           "over deze aanmelding.")
    telefoon = serializers.CharField(required=False, allow_blank=True, max_length=30, default="",
                                     validators=[_contact_check("phone")],
                                     help_text="Telefoonnummer: cijfers, spaties, +, - en haakjes, ten minste 6 tekens. "
                                               "Telefoon of e-mail is verplicht.")
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254, default="",
                                   validators=[_contact_check("email")],
                                   help_text="E-mailadres. Telefoon of e-mail is verplicht.")

    def validate(self, data):
        if not (data.get("telefoon") or data.get("email")):
            raise serializers.ValidationError(
                {"telefoon": [_("Vul een telefoonnummer of e-mailadres van de contactpersoon in.")]}
            )
        return data


class RegistrationSubmitSerializer(_Serializer):
    """Een aanmelding van een persoon (`persoon`) of een systeem (`systeem`), niet allebei. De velden heten zoals in het
    landelijke Meldingbericht van de Zorg- en Veiligheidshuizen (soort, zorgelijke situatie, verzoek, contact)."""

    soort = _Choice(choices=[KIND_ZVH], help_text="Soort melding: altijd `ZVH` (Zorg- en Veiligheidshuis).")
    aanpak = serializers.CharField(max_length=64, help_text="De code van de aanpak waarvoor wordt aangemeld, bijvoorbeeld "
                                   "`topx`: een aanpak voor personen bij `persoon`, een aanpak voor systemen bij "
                                   "`systeem`. Elk Zorg- en Veiligheidshuis heeft zijn eigen aanpakken; een onbekende "
                                   "code geeft 400 met de codes die er zijn.")
    gemeente = serializers.CharField(max_length=10, help_text="De CBS-code van de gemeente waar de aanmelding onder valt, "
                                     "bijvoorbeeld GM0344.")
    zorgelijke_situatie = serializers.CharField(
        max_length=SITUATION_MAX, validators=[_not_empty(_("Beschrijf de zorgelijke situatie."))],
        help_text="De zorgelijke situatie: de problemen op de leefgebieden en de zorgen over veiligheid. Vormt samen met "
                  "`verzoek` de reden van aanmelding (onder de kopjes 'Zorgelijke situatie:' en 'Verzoek:').",
    )
    verzoek = serializers.CharField(
        max_length=REQUEST_MAX, validators=[_not_empty(_("Beschrijf het verzoek aan het Zorg- en Veiligheidshuis."))],
        help_text="Het verzoek aan het Zorg- en Veiligheidshuis. Vormt samen met `zorgelijke_situatie` de reden van "
                  "aanmelding.",
    )
    urgentie = _Choice(choices=Urgency.values,
                                       help_text="`normal` of `urgent` (spoed: een besluit binnen enkele dagen).")
    persoon = RegistrationPersonSerializer(required=False, help_text="De aangemelde persoon; of `systeem`, niet allebei.")
    systeem = RegistrationSystemSerializer(required=False, help_text="Het aangemelde systeem met zijn leden; of "
                                           "`persoon`, niet allebei.")
    contact = RegistrationContactSerializer(help_text="De contactpersoon van de meldende organisatie.")

    def validate_aanpak(self, code):
        approach = Approach.objects.filter(code=code).first()
        if approach is None:
            codes = ", ".join(Approach.objects.order_by("code").values_list("code", flat=True))
            raise serializers.ValidationError(_("Er is geen aanpak met deze code. De codes van dit Zorg- en "
                                                "Veiligheidshuis: %(codes)s.") % {"codes": codes})
        return approach

    def validate_gemeente(self, code):
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is None:
            raise serializers.ValidationError(_("Er is geen gemeente met deze code."))
        return municipality

    def validate(self, data):
        if ("persoon" in data) == ("systeem" in data):
            raise serializers.ValidationError(_("Geef het veld persoon of het veld systeem mee, niet allebei."))
        unit, approach = Unit.PERSON if "persoon" in data else Unit.SYSTEM, data["aanpak"]
        if approach.unit != unit:
            message = _("De aanpak %(approach)s is bedoeld voor een %(expected)s, niet voor een %(given)s.") % {
                "approach": approach, "expected": Unit(approach.unit).label, "given": Unit(unit).label}
            raise serializers.ValidationError({"aanpak": [message]})
        return data

    def submission(self) -> dict:
        """The arguments of `casework.services.registration_submit` (besides actor and request)."""
        data = self.validated_data
        person = system = None
        if "persoon" in data:
            person = _person_details(data["persoon"])
        else:
            members = [_person_details(member, role=member.get("rol") or "") for member in data["systeem"]["leden"]]
            system = SystemDetails(name=data["systeem"]["naam"], members=tuple(members))
        contact = data["contact"]
        return {
            "approach": data["aanpak"],
            "municipality": data["gemeente"],
            "reason": compose_reason(data["zorgelijke_situatie"], data["verzoek"]),
            "person": person,
            "system": system,
            "urgency": data["urgentie"],
            "contact": ContactPerson(name=contact["naam"], phone=contact.get("telefoon") or "",
                                     email=contact.get("email") or ""),
        }


def _detail_url(registration: Registration, request) -> str:
    return request.build_absolute_uri(reverse("api:registration-detail", args=[registration.ref]))


class RegistrationReceivedSerializer(serializers.Serializer):
    """Het antwoord op een aanmelding: de referentie, en waar de status te lezen is."""

    referentie = serializers.CharField(source="ref", help_text="De referentie van de aanmelding in het Zorg- en "
                                       "Veiligheidshuis.")
    status = serializers.SerializerMethodField(help_text="`ontvangen`: de aanmelding wacht op triage.")
    aangemeld_op = serializers.DateField(source="registered_on", help_text="De datum van aanmelding.")
    url = serializers.SerializerMethodField(help_text="Waar de status van deze aanmelding te lezen is.")

    @extend_schema_field(serializers.ChoiceField(choices=list(STATUS_NAMES.values())))
    def get_status(self, registration) -> str:
        return STATUS_NAMES[registration.status]

    @extend_schema_field(serializers.URLField())
    def get_url(self, registration) -> str:
        return _detail_url(registration, self.context["request"])


class RegistrationStatusSerializer(RegistrationReceivedSerializer):
    """Wat de meldende organisatie van haar aanmelding leest: de status, de data en (afgewezen) het advies. Niets van
    de casus."""

    status = serializers.SerializerMethodField(
        help_text="`ontvangen` (wacht op triage), `geaccepteerd` (in regie genomen) of `afgewezen` (zie `advies`)."
    )  # the same get_status
    besluit_op = serializers.DateField(source="triage_on", allow_null=True,
                                       help_text="De datum van het triagebesluit; null zolang er geen besluit is.")
    advies = serializers.SerializerMethodField(
        help_text="De reden en het advies van de procesregisseur bij een afgewezen aanmelding; anders null."
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_advies(self, registration) -> str | None:
        if registration.status == RegistrationStatus.DECLINED and registration.triage_note:
            return registration.triage_note
        return None


class RegistrationFilterSerializer(_Serializer):
    """De filters van de lijst (queryparameters)."""

    status = _Choice(choices=list(STATUS_NAMES.values()), required=False,
                                     help_text="Alleen aanmeldingen met deze status.")
    aangemeld_vanaf = serializers.DateField(required=False, help_text="Aangemeld op of na deze datum (JJJJ-MM-DD).")
    aangemeld_tot = serializers.DateField(required=False, help_text="Aangemeld op of vóór deze datum (JJJJ-MM-DD).")

    def apply(self, registrations):
        data = self.validated_data
        if "status" in data:
            registrations = registrations.filter(status=STATUS_BY_NAME[data["status"]])
        if "aangemeld_vanaf" in data:
            registrations = registrations.filter(registered_on__gte=data["aangemeld_vanaf"])
        if "aangemeld_tot" in data:
            registrations = registrations.filter(registered_on__lte=data["aangemeld_tot"])
        return registrations
