"""The signal forms: a partner's report (about a person, a system or nobody), the procesregisseur's advice
consultation, handling a signal, turning one into a registration, and the list's filters.

The reporting organisation of a report is the user's own and is not a field. Free text is cleaned by the services,
which also refuse a BSN in the free text of an anonymous signal; the forms say so at the field as well.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.accounts.models import Organisation
from procesregie.casework.forms import PersonRegistrationForm, SystemRegistrationForm, widgets
from procesregie.casework.forms.registration import mark_required
from procesregie.casework.models import Urgency
from procesregie.casework.services import ContactPerson, PersonDetails, SystemDetails
from procesregie.core.errors import DomainError
from procesregie.core.forms import IdChoiceField
from procesregie.reference.models import Approach, Municipality, Unit
from procesregie.subjects.bsn import contains_bsn

from .models import SignalKind, SignalOutcome
from .selectors import OPEN, SignalFilters
from .services._common import OUTCOMES_BY_HAND, TEXT_MAX_LENGTH, check_birth_date, check_date

BSN_IN_TEXT = _("Er staat een BSN in deze tekst. Een anonieme melding bevat geen persoonsgegevens: haal het nummer weg.")


def _question_field(label=None):
    return forms.CharField(
        label=label or _("Vraag of zorg"), max_length=TEXT_MAX_LENGTH, widget=widgets.textarea(5),
        help_text=_("Wat is de vraag of de zorg? Wat is er al gedaan?"),
        error_messages={"required": _("Beschrijf de vraag of zorg.")},
    )


def _reporter_fields(*, phone_or_email_required: bool) -> dict:
    return {
        "reporter_name": forms.CharField(
            label=_("Naam professional"), max_length=200, widget=widgets.text(autocomplete="name"),
            help_text=_("Wie kan de procesregisseur bellen of mailen over deze melding?") if phone_or_email_required
            else "",
            error_messages={"required": _("Vul de naam van de professional in.")},
        ),
        "reporter_phone": forms.CharField(label=_("Telefoon professional"), max_length=30, required=False,
                                          widget=widgets.text(type="tel", autocomplete="tel")),
        "reporter_email": forms.EmailField(label=_("E-mail professional"), required=False,
                                           widget=widgets.text(type="email", autocomplete="email"),
                                           error_messages={"invalid": _("Vul een geldig e-mailadres in.")}),
    }


class _ReporterMixin:
    def reporter(self) -> ContactPerson:
        data = self.cleaned_data
        return ContactPerson(name=data["reporter_name"], phone=data["reporter_phone"], email=data["reporter_email"])


def _field_check(check):
    """A field validator from a service's check: its refusal as the field's error."""
    def validate(value):
        try:
            check(value)
        except DomainError as error:
            raise ValidationError(str(error)) from None
    return validate


class _PersonFieldsMixin:
    """Given name, family name, birth date, BSN: the person a signal is about, as the registration form asks them
    (its fields and their checks: the BSN's 11-proef, no birth date in the future; and none before 1900)."""

    clean_bsn = PersonRegistrationForm.clean_bsn

    def clean_birth_date(self):
        birth_date = PersonRegistrationForm.clean_birth_date(self)
        _field_check(check_birth_date)(birth_date)
        return birth_date

    def person_details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(given_name=data["given_name"], family_name=data["family_name"],
                             birth_date=data["birth_date"], bsn=data["bsn"])


def _person_fields(*, family_name_required: bool) -> dict:
    fields = {name: copy.deepcopy(PersonRegistrationForm.base_fields[name])
              for name in ("given_name", "family_name", "birth_date", "bsn")}
    fields["family_name"].required = family_name_required
    return fields


# --- a partner's report ------------------------------------------------------------------------------------------


class _ReportForm(_ReporterMixin, forms.Form):
    """What every report asks: kind, approach, municipality, the question, the professional who reports."""

    approach_unit: str | None = Unit.PERSON  # None: any approach (an anonymous signal)
    use_required_attribute = False  # as the registration forms: no invalid styling before input

    kind = forms.ChoiceField(
        label=_("Soort"), choices=SignalKind.choices, initial=SignalKind.MELDING, widget=widgets.radios(),
        help_text=_("Een melding: u meldt een zorg. Een adviesgesprek: u vraagt advies over een situatie."),
        error_messages={"required": _("Kies de soort."), "invalid_choice": _("Kies melding of adviesgesprek.")},
    )
    approach = IdChoiceField(
        label=_("Aanpak"), queryset=Approach.objects.none(), empty_label=_("Kies een aanpak"), widget=widgets.select(),
        error_messages={"required": _("Kies de aanpak waarvoor u meldt."),
                        "invalid_choice": _("Kies een aanpak uit de lijst.")},
    )
    municipality = IdChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.order_by("name"), empty_label=_("Kies een gemeente"),
        widget=widgets.select(),
        error_messages={"required": _("Kies de gemeente."), "invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    question = _question_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_reporter_fields(phone_or_email_required=True))
        approaches = Approach.objects.order_by("name")
        if self.approach_unit is not None:
            approaches = approaches.filter(unit=self.approach_unit)
        self.fields["approach"].queryset = approaches
        mark_required(self)

    def clean(self):
        data = super().clean()
        if data.get("reporter_name") and not (data.get("reporter_phone") or data.get("reporter_email")) \
                and "reporter_phone" not in self.errors and "reporter_email" not in self.errors:
            self.add_error("reporter_phone", _("Vul een telefoonnummer of e-mailadres van de professional in."))
        return data


class PersonReportForm(_PersonFieldsMixin, _ReportForm):
    approach_unit = Unit.PERSON

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {**_person_fields(family_name_required=True), **self.fields}
        mark_required(self)


class SystemReportForm(_ReportForm):
    approach_unit = Unit.SYSTEM

    name = copy.deepcopy(SystemRegistrationForm.base_fields["name"])

    field_order = ["name", "kind", "approach", "municipality", "question"]

    def system_details(self, members) -> SystemDetails:
        return SystemDetails(name=self.cleaned_data["name"],
                             members=tuple(form.details() for form in members.filled_forms()))


class AnonymousReportForm(_ReportForm):
    """No person, no system, no name: and no BSN in the text. Usually a question for advice."""

    approach_unit = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("kind", SignalKind.ADVIESGESPREK)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for name in ("question", "reporter_name", "reporter_phone", "reporter_email"):
            if contains_bsn(data.get(name)):
                self.add_error(name, BSN_IN_TEXT)
        return data


# --- the procesregisseur's consultation --------------------------------------------------------------------------


def _outcome_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Uitkomst"), choices=[(value, SignalOutcome(value).label) for value in OUTCOMES_BY_HAND],
        widget=widgets.radios(),
        error_messages={"required": _("Kies de uitkomst."), "invalid_choice": _("Kies een uitkomst uit de lijst.")},
        **kwargs,
    )


def _follow_up_field() -> forms.DateField:
    return forms.DateField(label=_("Opvolgen op (niet verplicht)"), required=False, widget=widgets.date(),
                           help_text=_("Leeg: er is niets op te volgen."),
                           error_messages={"invalid": _("Vul een geldige datum in.")})


class ApproachSelect(forms.Select):
    """A select of approaches whose options say whom the approach is for (`data-unit`: person or system), so the
    consultation form can fold the person's fields away for a system approach (signals/consultation.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        approach = getattr(value, "instance", None)
        if approach is not None:
            option["attrs"]["data-unit"] = approach.unit
        return option


class ConsultationForm(_PersonFieldsMixin, _ReporterMixin, forms.Form):
    """An advice consultation by phone, in under a minute: what the professional asked and what was advised.
    Anonymous unless a name is filled in under "Over een persoon".

    A consultation is about a person or about nobody: for a system approach (MDA++) the person's fields are hidden
    (`person_hidden`) and a person typed anyway is refused at the approach, with what to do instead. The approach is
    chosen already when the user has one; with several it starts empty."""

    use_required_attribute = False

    # The organisation, in casework's searchable organisation picker (as radio buttons: one organisation).
    reported_by = IdChoiceField(
        label=_("Organisatie van de professional"), queryset=Organisation.objects.order_by("name"),
        empty_label=None, widget=forms.RadioSelect(attrs={"class": widgets.RADIO}),
        error_messages={"required": _("Kies de organisatie van de professional."),
                        "invalid_choice": _("Kies een organisatie uit de lijst.")},
    )
    approach = IdChoiceField(
        label=_("Aanpak"), queryset=Approach.objects.none(), empty_label=_("Kies een aanpak"),
        widget=ApproachSelect(attrs={"class": widgets.SELECT, "data-approach-select": ""}),
        error_messages={"required": _("Kies de aanpak."), "invalid_choice": _("Kies een aanpak van uw overlegtafels.")},
    )
    question = _question_field(label=_("Vraag"))
    advice = forms.CharField(label=_("Gegeven advies"), max_length=TEXT_MAX_LENGTH, widget=widgets.textarea(4),
                             error_messages={"required": _("Beschrijf het gegeven advies.")})
    outcome = _outcome_field(initial=SignalOutcome.ADVIES)
    follow_up_on = _follow_up_field()
    kind = forms.ChoiceField(
        label=_("Soort"), choices=SignalKind.choices, initial=SignalKind.ADVIESGESPREK, widget=widgets.radios(),
        error_messages={"required": _("Kies de soort."), "invalid_choice": _("Kies melding of adviesgesprek.")},
    )
    date = forms.DateField(label=_("Datum"), widget=widgets.date(), validators=[_field_check(check_date)],
                           error_messages={"required": _("Vul de datum in."), "invalid": _("Vul een geldige datum in.")})
    municipality = IdChoiceField(
        label=_("Gemeente (niet verplicht)"), required=False, queryset=Municipality.objects.order_by("name"),
        empty_label=_("Onbekend"), widget=widgets.select(),
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )

    def __init__(self, *args, approaches, **kwargs):
        options = list(approaches)
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("date", timezone.localdate())
        if len(options) == 1:  # the one approach of the user's tables; with several, the user chooses
            initial.setdefault("approach", options[0].pk)
        super().__init__(*args, **kwargs)
        self._units = {str(approach.pk): approach.unit for approach in options}
        self.fields.update(_reporter_fields(phone_or_email_required=False))
        self.fields.update(_person_fields(family_name_required=False))
        self.fields["approach"].queryset = approaches
        if len(options) == 1:
            self.fields["approach"].empty_label = None
        self.order_fields(["reported_by", "reporter_name", "reporter_phone", "reporter_email", "approach", "question",
                           "advice", "outcome", "follow_up_on", "kind", "date", "municipality", "given_name",
                           "family_name", "birth_date", "bsn"])
        mark_required(self)

    PERSON_FIELDS = ("given_name", "family_name", "birth_date", "bsn")
    MORE_FIELDS = ("kind", "date", "municipality")

    def _section_open(self, names) -> bool:
        """A folded section opens when it holds an error or something typed differs from its default."""
        if not self.is_bound:
            return False
        return any(self[name].errors or (self.data.get(self.add_prefix(name)) or "") != self._initial_text(name)
                   for name in names)

    def _initial_text(self, name) -> str:
        value = self.get_initial_for_field(self.fields[name], name)
        return value.isoformat() if hasattr(value, "isoformat") else str(value or "")

    @property
    def person_open(self) -> bool:
        return self._section_open(self.PERSON_FIELDS)

    @property
    def more_open(self) -> bool:
        return self._section_open(self.MORE_FIELDS)

    @property
    def system_approach(self) -> bool:
        """Is the approach chosen (typed, or else the initial one) an approach for systems?"""
        chosen = self.data.get(self.add_prefix("approach")) if self.is_bound else self.initial.get("approach")
        return self._units.get(str(chosen or "")) == Unit.SYSTEM

    @property
    def person_hidden(self) -> bool:
        """The person's fields are hidden for a system approach, unless something was typed in them."""
        typed = self.is_bound and any(self.data.get(self.add_prefix(name)) for name in self.PERSON_FIELDS)
        return self.system_approach and not typed

    def about_a_person(self) -> bool:
        data = self.cleaned_data
        return any(data.get(name) for name in ("given_name", "family_name", "birth_date", "bsn"))

    def clean(self):
        data = super().clean()
        approach = data.get("approach")
        if self.about_a_person() and approach is not None and approach.unit == Unit.SYSTEM:
            self.add_error("approach", _(
                "%(approach)s is een aanpak voor systemen: een gesprek daarover legt u vast zonder persoon. "
                "Maak de velden van de persoon leeg, of kies een aanpak voor personen."
            ) % {"approach": approach})
        elif self.about_a_person():
            if not (data.get("given_name") or data.get("family_name")) and "family_name" not in self.errors:
                self.add_error("family_name", _("Vul de naam van de persoon in, of laat de persoon helemaal leeg."))
        else:
            for name in ("question", "advice", "reporter_name", "reporter_phone", "reporter_email"):
                if contains_bsn(data.get(name)):
                    self.add_error(name, BSN_IN_TEXT)
        return data


# --- handling, turning into a registration -------------------------------------------------------------------------


class HandleForm(forms.Form):
    use_required_attribute = False

    advice = forms.CharField(label=_("Gegeven advies"), max_length=TEXT_MAX_LENGTH, widget=widgets.textarea(5),
                             error_messages={"required": _("Beschrijf het gegeven advies.")})
    outcome = _outcome_field()
    follow_up_on = _follow_up_field()

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        mark_required(self)

    def clean_advice(self):
        advice = self.cleaned_data.get("advice")
        if self.anonymous and contains_bsn(advice):
            raise ValidationError(BSN_IN_TEXT)
        return advice


class ConvertForm(forms.Form):
    use_required_attribute = False

    municipality = IdChoiceField(
        label=_("Gemeente"), help_text=_("De gemeente waar de aanmelding onder valt."),
        queryset=Municipality.objects.order_by("name"), empty_label=_("Kies een gemeente"), widget=widgets.select(),
        error_messages={"required": _("Kies de gemeente."), "invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"), choices=Urgency.choices, initial=Urgency.NORMAL, widget=widgets.radios(),
        help_text=_("Spoed: de situatie vraagt om een besluit binnen enkele dagen."),
        error_messages={"required": _("Kies de urgentie."), "invalid_choice": _("Kies normaal of spoed.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mark_required(self)


# --- the list's filters --------------------------------------------------------------------------------------------

SELECT = {"class": widgets.SELECT}
DATE = {"class": widgets.TEXTBOX, "type": "date"}


class SignalFilterForm(forms.Form):
    """The filters of the signal list (GET). An invalid value is reported on the form; the list then ignores it."""

    approach = IdChoiceField(
        label=_("Aanpak"), queryset=Approach.objects.all(), to_field_name="code", required=False,
        empty_label=_("Alle aanpakken"), widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Kies een aanpak uit de lijst.")},
    )
    kind = forms.ChoiceField(label=_("Soort"), required=False, widget=forms.Select(attrs=SELECT),
                             choices=[("", _("Alle soorten")), *SignalKind.choices])
    outcome = forms.ChoiceField(label=_("Uitkomst"), required=False, widget=forms.Select(attrs=SELECT),
                                choices=[("", _("Alle uitkomsten")), (OPEN, _("Open (nog niet afgehandeld)")),
                                         *SignalOutcome.choices])
    date_from = forms.DateField(label=_("Datum vanaf"), required=False, widget=forms.DateInput(attrs=DATE))
    date_until = forms.DateField(label=_("Datum tot en met"), required=False, widget=forms.DateInput(attrs=DATE))
    query = forms.CharField(label=_("Zoeken op referentie of naam"), required=False, max_length=100,
                            widget=forms.TextInput(attrs={"class": widgets.TEXTBOX, "type": "search"}))

    def __init__(self, data=None, *, approaches=None):
        super().__init__(data)
        self.fields["date_from"].widget.format = self.fields["date_until"].widget.format = "%Y-%m-%d"
        if approaches is not None:  # offered: those of the user's signals; accepted: any (public reference data)
            self.fields["approach"].widget.choices = [("", _("Alle aanpakken")),
                                                      *((a.code, a.name) for a in approaches)]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_until")
        if start and end and start > end:
            self.add_error("date_until", _("Deze datum ligt vóór 'Datum vanaf'."))
        return cleaned

    def filters(self) -> SignalFilters:
        """The valid filter values; fields with errors are left out, so they do not narrow the list."""
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if name not in self.errors and value}
        return SignalFilters(**values)
