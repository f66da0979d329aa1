"""The registration (aanmelding) forms: a person, or a system with its members.

The reporting organisation is the user's own and is not a field. Free text is cleaned by the services.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.core.errors import DomainError
from procesregie.core.forms import IdChoiceField
from procesregie.reference.models import Approach, Municipality, Unit
from procesregie.subjects.bsn import validate_bsn

from ..models import Urgency
from ..services import ContactPerson, PersonDetails, SystemDetails
from ..services.members import TYPED_TWICE, typed_twice
from . import widgets

MEMBER_ROWS = 6
NAME_MAX = 200


def mark_required(form) -> None:
    """aria-required on the inputs of required fields (the forms render no `required` attribute)."""
    for field in form.fields.values():
        if field.required and not isinstance(field.widget, forms.RadioSelect | forms.HiddenInput):
            field.widget.attrs["aria-required"] = "true"


def _clean_bsn(value: str) -> str | None:
    if not value:
        return None
    try:
        return validate_bsn(value)
    except DomainError as exc:
        raise ValidationError(str(exc)) from None


def _clean_birth_date(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("De geboortedatum ligt in de toekomst."))
    return value


class _RegistrationFields(forms.Form):
    """What every registration asks: approach, municipality, reason; and the confirmation for known persons."""

    approach_unit = Unit.PERSON

    approach = IdChoiceField(
        label=_("Aanpak"), queryset=Approach.objects.none(), empty_label=_("Kies een aanpak"), widget=widgets.select(),
        error_messages={"required": _("Kies de aanpak waarvoor u aanmeldt."),
                        "invalid_choice": _("Kies een aanpak uit de lijst.")},
    )
    municipality = IdChoiceField(
        label=_("Gemeente"), help_text=_("De gemeente waar de aanmelding onder valt."),
        queryset=Municipality.objects.order_by("name"), empty_label=_("Kies een gemeente"), widget=widgets.select(),
        error_messages={"required": _("Kies de gemeente."), "invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    reason = forms.CharField(
        label=_("Reden van aanmelding"),
        help_text=_("Waarom meldt u aan? Beschrijf de problemen op de leefgebieden en de zorgen over veiligheid."),
        max_length=5000, widget=widgets.textarea(6),
        error_messages={"required": _("Geef de reden van aanmelding.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.NORMAL, widget=widgets.radios(),
        help_text=_("Spoed: de situatie vraagt om een besluit binnen enkele dagen."),
        error_messages={"required": _("Kies de urgentie."), "invalid_choice": _("Kies normaal of spoed.")},
    )
    contact_name = forms.CharField(
        label=_("Naam contactpersoon"), max_length=200, widget=widgets.text(autocomplete="name"),
        help_text=_("Wie van uw organisatie kan de procesregisseur bellen of mailen over deze aanmelding?"),
        error_messages={"required": _("Vul de naam van de contactpersoon in.")},
    )
    contact_phone = forms.CharField(label=_("Telefoon contactpersoon"), max_length=30, required=False,
                                    widget=widgets.text(type="tel", autocomplete="tel"))
    contact_email = forms.EmailField(label=_("E-mail contactpersoon"), required=False,
                                     widget=widgets.text(type="email", autocomplete="email"),
                                     error_messages={"invalid": _("Vul een geldig e-mailadres in.")})
    confirm_known = forms.BooleanField(
        label=_("Ja, koppel de aanmelding aan de persoon die al bekend is"), required=False, widget=widgets.checkbox(),
    )

    # No `required` attributes: browsers style an empty required field as invalid before anything was typed. Required
    # fields are marked in their label and told to assistive technology with aria-required; the server checks.
    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approach"].queryset = Approach.objects.filter(unit=self.approach_unit).order_by("name")
        mark_required(self)

    def clean(self):
        data = super().clean()
        if data.get("contact_name") and not (data.get("contact_phone") or data.get("contact_email")) \
                and "contact_phone" not in self.errors and "contact_email" not in self.errors:
            self.add_error("contact_phone", _("Vul een telefoonnummer of e-mailadres van de contactpersoon in."))
        return data

    def contact(self) -> ContactPerson:
        data = self.cleaned_data
        return ContactPerson(name=data["contact_name"], phone=data["contact_phone"], email=data["contact_email"])


class PersonRegistrationForm(_RegistrationFields):
    given_name = forms.CharField(label=_("Voornaam"), max_length=NAME_MAX, required=False,
                                 widget=widgets.text(autocomplete="off"))
    family_name = forms.CharField(label=_("Achternaam"), max_length=NAME_MAX, widget=widgets.text(autocomplete="off"),
                                  error_messages={"required": _("Vul de achternaam in.")})
    birth_date = forms.DateField(label=_("Geboortedatum"), required=False, widget=widgets.date(),
                                 error_messages={"invalid": _("Vul een geldige datum in.")})
    bsn = forms.CharField(label=_("BSN (niet verplicht)"), required=False, max_length=20,
                          help_text=_("9 cijfers; het nummer wordt gecontroleerd met de elfproef."),
                          widget=widgets.text(inputmode="numeric", autocomplete="off"))
    person_municipality = IdChoiceField(
        label=_("Woongemeente (niet verplicht)"), required=False, queryset=Municipality.objects.order_by("name"),
        empty_label=_("Onbekend"), widget=widgets.select(),
    )

    field_order = ["given_name", "family_name", "birth_date", "bsn", "person_municipality",
                   "approach", "municipality", "reason", "urgency", "contact_name", "contact_phone", "contact_email",
                   "confirm_known"]

    def clean_bsn(self):
        return _clean_bsn(self.cleaned_data.get("bsn"))

    def clean_birth_date(self):
        return _clean_birth_date(self.cleaned_data.get("birth_date"))

    def person_details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            given_name=data["given_name"], family_name=data["family_name"], birth_date=data["birth_date"],
            bsn=data["bsn"], municipality=data["person_municipality"],
        )


class MemberForm(forms.Form):
    """One member of a system. An empty row is skipped."""

    use_required_attribute = False  # as the registration form: no invalid styling before input

    given_name = forms.CharField(label=_("Voornaam"), max_length=NAME_MAX, required=False,
                                 widget=widgets.text(autocomplete="off"))
    family_name = forms.CharField(label=_("Achternaam"), max_length=NAME_MAX, widget=widgets.text(autocomplete="off"),
                                  error_messages={"required": _("Vul de achternaam in.")})
    birth_date = forms.DateField(label=_("Geboortedatum"), required=False, widget=widgets.date(),
                                 error_messages={"invalid": _("Vul een geldige datum in.")})
    bsn = forms.CharField(label=_("BSN (niet verplicht)"), required=False, max_length=20,
                          widget=widgets.text(inputmode="numeric", autocomplete="off"))
    role = forms.CharField(label=_("Rol in het systeem"), max_length=100, required=False,
                           help_text=_("Bijvoorbeeld ouder, kind, partner."), widget=widgets.text())

    def clean_bsn(self):
        return _clean_bsn(self.cleaned_data.get("bsn"))

    def clean_birth_date(self):
        return _clean_birth_date(self.cleaned_data.get("birth_date"))

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(given_name=data["given_name"], family_name=data["family_name"],
                             birth_date=data["birth_date"], bsn=data["bsn"], role=data["role"])


class BaseMemberFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Vul ten minste één lid van het systeem in."),
        "too_many_forms": _("Vul ten hoogste %(num)d leden in."),
    }

    def clean(self):
        """Rows that repeat an earlier row as typed (the same BSN, or the same name and birth date) are refused at the
        row. Rows typed differently that match one known person are not: see `casework.services.members`."""
        super().clean()
        if any(self.errors):
            return
        filled = self.filled_forms()
        for position, field in typed_twice([form.details() for form in filled]).items():
            filled[position].add_error(field, TYPED_TWICE[field])

    def filled_forms(self) -> list[MemberForm]:
        return [form for form in self.forms if form.has_changed() and form.is_valid()]


MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=MEMBER_ROWS - 1, min_num=1, validate_min=True,
    max_num=MEMBER_ROWS, validate_max=True,
)


class SystemRegistrationForm(_RegistrationFields):
    approach_unit = Unit.SYSTEM

    name = forms.CharField(label=_("Naam van het systeem"), max_length=NAME_MAX,
                           help_text=_("Bijvoorbeeld: Systeem Jansen."), widget=widgets.text(autocomplete="off"),
                           error_messages={"required": _("Vul een naam voor het systeem in.")})
    system_municipality = IdChoiceField(
        label=_("Woongemeente van het systeem (niet verplicht)"), required=False,
        queryset=Municipality.objects.order_by("name"), empty_label=_("Onbekend"), widget=widgets.select(),
    )

    field_order = ["name", "system_municipality", "approach", "municipality", "reason", "urgency", "contact_name",
                   "contact_phone", "contact_email", "confirm_known"]

    def system_details(self, members: BaseMemberFormSet) -> SystemDetails:
        return SystemDetails(
            name=self.cleaned_data["name"],
            municipality=self.cleaned_data["system_municipality"],
            members=tuple(form.details() for form in members.filled_forms()),
        )
