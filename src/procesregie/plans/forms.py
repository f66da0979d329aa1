"""Forms of the plan of action. They check the input's shape; the services check the rules.

Every form carries the plan version it was opened with (`version`, hidden). After a conflict the form is
shown again with the user's input and the current version (`with_version`), so saving again is possible
once the user has looked at the plan as it is now.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.access.accounts import staff_accounts
from procesregie.access.shielding import offers_public_only
from procesregie.accounts.models import Organisation, User
from procesregie.casework.models import Participation
from procesregie.core.forms import IdChoiceField, OpensWithFocus
from procesregie.reference.models import Intervention, LifeDomain

from . import lifecycle
from .models import Goal, GoalStatus, InterventionStatus
from .services import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH
from .updates import UPDATE_MAX_LENGTH

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"
DATE = {"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE, **(attrs or {})}, format="%Y-%m-%d")


class PersonChoiceField(IdChoiceField):
    """A person of an organisation, labelled with it ("Anna de Vries (Politie)")."""

    def label_from_instance(self, obj):
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.organisation})" if obj.organisation_id else name


def _person_field() -> PersonChoiceField:
    return PersonChoiceField(
        label=_("Contactpersoon"), queryset=User.objects.none(), required=False,
        empty_label=_("Geen bepaalde persoon"), help_text=_("Iemand van de verantwoordelijke partner."),
        widget=forms.Select(attrs=SELECT),
    )


def _check_person(form, data) -> None:
    person, organisation = data.get("responsible_person"), data.get("organisation")
    if person is not None and organisation is not None and person.organisation_id != organisation.pk:
        form.add_error("responsible_person", _("Kies iemand van de verantwoordelijke partner."))


class VersionedForm(OpensWithFocus, forms.Form):
    # The case page holds other forms too (participants): the prefix keeps field ids unique ("id_plan-version").
    prefix = "plan"
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def show_version(self, version: int) -> None:
        """Keep the input and its errors, but carry `version` from now on (to save again after a conflict)."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        self.data = data


class GoalForm(VersionedForm):
    domain = IdChoiceField(
        label=_("Leefgebied"), queryset=LifeDomain.objects.all(), empty_label=_("Kies een leefgebied"),
        widget=forms.Select(attrs=SELECT),
    )
    description = forms.CharField(
        label=_("Doel"), max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Wat wil de cliënt op dit leefgebied bereiken?"),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, goal: Goal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if goal is None:
            del self.fields["status"]
        else:
            self.fields["status"].choices = [
                (value, GoalStatus(value).label) for value in lifecycle.statuses_from(lifecycle.GOAL, goal.status)
            ]


class InterventionAgreeForm(VersionedForm):
    intervention = IdChoiceField(
        label=_("Interventie"), queryset=Intervention.objects.all(), empty_label=_("Kies een interventie"),
        widget=forms.Select(attrs=SELECT),
    )
    organisation = IdChoiceField(
        label=_("Verantwoordelijke partner"), queryset=Organisation.objects.none(),
        empty_label=_("Kies een deelnemende organisatie"),
        help_text=_("Alleen organisaties die aan de casus deelnemen."),
        widget=forms.Select(attrs=SELECT),
    )
    responsible_person = _person_field()
    goal = IdChoiceField(
        label=_("Voor het doel"), queryset=Goal.objects.none(), required=False, empty_label=_("Geen bepaald doel"),
        widget=forms.Select(attrs=SELECT),
    )
    agreed_on = forms.DateField(label=_("Afgesproken op"), widget=DateInput())
    due_date = forms.DateField(label=_("Uiterlijk"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = participating_organisations(case)
        self.fields["responsible_person"].queryset = people_of(self.fields["organisation"].queryset)
        self.fields["goal"].queryset = Goal.objects.filter(case=case).select_related("domain")
        self.fields["goal"].label_from_instance = goal_label
        if not self.is_bound:
            self.initial.setdefault("agreed_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        _check_person(self, data)
        return data


class InterventionUpdateForm(VersionedForm):
    """The procesregisseur's form: status, due date, responsible partner, goal and note."""

    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices, widget=forms.Select(attrs=SELECT))
    due_date = forms.DateField(label=_("Uiterlijk"), required=False, widget=DateInput())
    organisation = IdChoiceField(
        label=_("Verantwoordelijke partner"), queryset=Organisation.objects.none(),
        empty_label=None, widget=forms.Select(attrs=SELECT),
    )
    responsible_person = _person_field()
    goal = IdChoiceField(
        label=_("Voor het doel"), queryset=Goal.objects.none(), required=False, empty_label=_("Geen bepaald doel"),
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, InterventionStatus(value).label)
            for value in lifecycle.statuses_from(lifecycle.INTERVENTION, item.status)
        ]
        if "organisation" in self.fields:
            # The participants, and the current partner even when it no longer takes part (imported plans).
            organisations = participating_organisations(item.case) | Organisation.objects.filter(pk=item.organisation_id)
            self.fields["organisation"].queryset = organisations.distinct()
            self.fields["responsible_person"].queryset = people_of(self.fields["organisation"].queryset)
        if "goal" in self.fields:
            self.fields["goal"].queryset = Goal.objects.filter(case=item.case).select_related("domain")
            self.fields["goal"].label_from_instance = goal_label


    def clean(self):
        data = super().clean()
        if "organisation" in self.fields:
            _check_person(self, data)
        return data


class InterventionStatusForm(InterventionUpdateForm):
    """The partner rule's form: a partner that carries the intervention sets its status, nothing else."""

    due_date = organisation = responsible_person = goal = note = None


class CaseUpdateForm(forms.Form):
    """A short update on a case for its participants (plain text)."""

    prefix = "update"
    text = forms.CharField(
        label=_("Korte update voor de deelnemers"),
        max_length=UPDATE_MAX_LENGTH,
        help_text=_("Zichtbaar voor de deelnemende organisaties en de procesregisseur, op de tijdlijn van de casus."),
        error_messages={"required": _("Schrijf de update.")},
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    public_only = forms.BooleanField(
        label=_("Alleen publieke partners"), required=False,
        widget=forms.CheckboxInput(attrs={"class": CHECKBOX}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not offers_public_only(user):  # a private or incidental partner (access.shielding)
            del self.fields["public_only"]


def participating_organisations(case):
    return Organisation.objects.filter(
        pk__in=Participation.objects.active().filter(case=case).values("organisation")
    ).order_by("name")


def people_of(organisations):
    """Active people of `organisations`, who can be named as the contact person of an intervention."""
    return (
        staff_accounts().filter(is_active=True, organisation__in=organisations.values("pk"))  # no API client
        .select_related("organisation").order_by("organisation__name", "first_name", "last_name", "username")
    )


def goal_label(goal: Goal) -> str:
    text = goal.description if len(goal.description) <= 80 else goal.description[:79] + "…"
    return f"{goal.domain}: {text}"
