"""Forms of the tables and meetings screens. They check the input's shape; the services check the rules and access."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procesregie.accounts.models import Organisation, User
from procesregie.core.forms import IdChoiceField, IdMultipleChoiceField, OpensWithFocus
from procesregie.plans.forms import goal_label
from procesregie.plans.models import Goal
from procesregie.reference.models import Intervention

from .services import CADENCE_MAX_LENGTH, DECISION_MAX_LENGTH, LOCATION_MAX_LENGTH, NOTES_MAX_LENGTH

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": TEXTBOX}, format="%Y-%m-%d")


def _checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": CHECKBOX})


class TableForm(forms.Form):
    cadence = forms.CharField(
        label=_("Frequentie"),
        max_length=CADENCE_MAX_LENGTH,
        required=False,
        help_text=_("Bijvoorbeeld: wekelijks, of eens per zes weken."),
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )
    members = IdMultipleChoiceField(
        label=_("Deelnemende organisaties"),
        queryset=Organisation.objects.order_by("name", "pk"),
        required=False,
        widget=_checkboxes(),
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=_date_input())
    starts_at = forms.TimeField(
        label=_("Aanvang (optioneel)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": TEXTBOX}, format="%H:%M"),
    )
    location = forms.CharField(
        label=_("Locatie (optioneel)"),
        max_length=LOCATION_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )


def case_label(case) -> str:
    registration = case.registration
    return f"{registration.person or registration.system} ({registration.ref})"


class AgendaAddForm(OpensWithFocus, forms.Form):
    """Choose one of the cases offered (those the user may put on this agenda)."""

    case = forms.TypedChoiceField(label=_("Casus"), coerce=int, empty_value=None)

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self._cases = {case.pk: case for case in cases}
        self.fields["case"].choices = [("", _("Kies een casus")), *((case.pk, case_label(case)) for case in cases)]
        self.fields["case"].widget.attrs["class"] = SELECT
        self.fields["case"].error_messages["required"] = _("Kies de casus die op de agenda moet.")

    def clean_case(self):
        return self._cases[self.cleaned_data["case"]]


class DiscussionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    organisations_present = IdMultipleChoiceField(
        label=_("Aanwezige organisaties"), queryset=Organisation.objects.none(), required=False, widget=_checkboxes()
    )
    client_present = forms.BooleanField(
        label=_("De cliënt was aan tafel"), required=False, widget=forms.CheckboxInput(attrs={"class": CHECKBOX})
    )
    expert_present = forms.BooleanField(
        label=_("Er was een ervaringsdeskundige aanwezig"), required=False,
        widget=forms.CheckboxInput(attrs={"class": CHECKBOX}),
    )
    notes = forms.CharField(
        label=_("Notities"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 6}),
    )
    public_only = forms.BooleanField(
        label=_("Alleen publieke partners"), required=False,
        widget=forms.CheckboxInput(attrs={"class": CHECKBOX}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations_present"].queryset = organisations
        self.fields["version"].error_messages["required"] = _(
            "Het formulier is onvolledig verstuurd. Open de bespreking opnieuw."
        )


class PrepareForm(OpensWithFocus, forms.Form):
    """Draft notes for an agenda item, before the meeting."""

    opened_with = forms.CharField(  # services.draft_fingerprint of the draft the form showed
        widget=forms.HiddenInput, max_length=64,
        error_messages={"required": _("Het formulier is onvolledig verstuurd. Open de voorbereiding opnieuw.")},
    )

    notes = forms.CharField(
        label=_("Voorbereiding"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        help_text=_("Alleen zichtbaar voor wie het overleg voorbereidt. Bij het vastleggen van de bespreking "
                    "staan deze notities al klaar."),
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 5}),
    )


class PersonChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.organisation})" if obj.organisation_id else name


class DecisionForm(OpensWithFocus, forms.Form):
    """What was decided, who follows it up by when, and whether it becomes an intervention of the plan (for a goal)."""

    text = forms.CharField(
        label=_("Besluit"),
        max_length=DECISION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 3}),
        error_messages={"required": _("Beschrijf het besluit.")},
    )
    public_only = forms.BooleanField(
        label=_("Alleen publieke partners"), required=False,
        widget=forms.CheckboxInput(attrs={"class": CHECKBOX}),
    )
    owner = IdChoiceField(
        label=_("Uitvoerende organisatie"),
        queryset=Organisation.objects.none(),
        empty_label=_("Kies een organisatie"),
        error_messages={"required": _("Kies de organisatie die het besluit uitvoert.")},
        widget=forms.Select(attrs={"class": SELECT}),
    )
    owner_person = PersonChoiceField(
        label=_("Contactpersoon (optioneel)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Geen bepaalde persoon"),
        help_text=_("Iemand van de uitvoerende organisatie."),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    due_date = forms.DateField(
        label=_("Uiterste datum"), widget=_date_input(),
        error_messages={"required": _("Vul de datum in waarop het besluit uitgevoerd moet zijn.")},
    )
    intervention = IdChoiceField(
        label=_("Interventie (optioneel)"),
        queryset=Intervention.objects.order_by("name", "pk"),
        required=False,
        empty_label=_("Geen interventie"),
        help_text=_(
            "Wordt het besluit een interventie in het plan van aanpak? De uitvoerende organisatie draagt die dan, "
            "met dezelfde uiterste datum."
        ),
        widget=forms.Select(attrs={"class": SELECT}),
    )
    goal = IdChoiceField(
        label=_("Voor het doel (optioneel)"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("Geen bepaald doel"),
        help_text=_("Alleen bij een interventie."),
        widget=forms.Select(attrs={"class": SELECT}),
    )

    def __init__(self, *args, organisations, persons, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations
        self.fields["owner_person"].queryset = persons
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = goal_label

    def clean(self):
        data = super().clean()
        owner, person = data.get("owner"), data.get("owner_person")
        if owner is not None and person is not None and person.organisation_id != owner.pk:
            self.add_error("owner_person", _("Kies iemand van de uitvoerende organisatie."))
        if data.get("goal") is not None and data.get("intervention") is None and "intervention" not in self.errors:
            self.add_error("goal", _("Een doel kiest u alleen bij een interventie."))
        return data
