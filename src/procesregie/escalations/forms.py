"""Forms of escalations. They check the input's shape; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from procesregie.core.forms import IdChoiceField
from procesregie.reference.models import Approach

from .models import EscalationOutcome, EscalationReason
from .selectors import ALL, OPEN, RESOLVED, WorkListFilters
from .services import EXPLANATION_MAX_LENGTH

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}


class RaiseForm(forms.Form):
    """Escalate a case: a reason, an explanation and, when the case has any, the organisation or agreed intervention it
    concerns (offered from the case as read: `selectors.raise_choices`)."""

    prefix = "escalation"  # the case page holds other forms too: unique field ids
    reason = forms.ChoiceField(
        label=_("Reden"), choices=[("", _("Kies een reden")), *EscalationReason.choices],
        error_messages={"required": _("Kies de reden van de escalatie.")}, widget=forms.Select(attrs=SELECT),
    )
    explanation = forms.CharField(
        label=_("Toelichting"), max_length=EXPLANATION_MAX_LENGTH,
        help_text=_("Wat is er vastgelopen en wat is er al geprobeerd? De manager leest dit zonder de casus te zien: "
                    "noem geen naam of andere gegevens van de persoon."),
        error_messages={"required": _("Licht de escalatie toe.")}, widget=forms.Textarea(attrs=TEXTAREA),
    )
    concerns_organisation = forms.ChoiceField(label=_("Betreft organisatie"), required=False,
                                              widget=forms.Select(attrs=SELECT))
    concerns_intervention = forms.ChoiceField(label=_("Betreft interventie"), required=False,
                                              widget=forms.Select(attrs=SELECT))

    def __init__(self, data=None, *, organisations=(), interventions=()):
        super().__init__(data)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.interventions = {str(item.pk): item for item in interventions}
        if self.organisations:
            self.fields["concerns_organisation"].choices = [
                ("", _("Geen bepaalde organisatie")), *((pk, org.name) for pk, org in self.organisations.items())]
        else:
            del self.fields["concerns_organisation"]
        if self.interventions:
            self.fields["concerns_intervention"].choices = [("", _("Geen bepaalde interventie")), *(
                (pk, f"{item.intervention} ({item.organisation})") for pk, item in self.interventions.items())]
        else:
            del self.fields["concerns_intervention"]

    def concerns(self) -> dict:
        """The chosen organisation and intervention as objects (None when none was chosen)."""
        data = self.cleaned_data
        return {
            "concerns_organisation": self.organisations.get(data.get("concerns_organisation") or ""),
            "concerns_intervention": self.interventions.get(data.get("concerns_intervention") or ""),
        }


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=[("", _("Kies een uitkomst")), *EscalationOutcome.choices],
        help_text=_("Trekt wie escaleerde de escalatie in, kies dan ‘ingetrokken’."),
        error_messages={"required": _("Kies de uitkomst.")}, widget=forms.Select(attrs=SELECT),
    )
    resolution = forms.CharField(
        label=_("Toelichting"), max_length=EXPLANATION_MAX_LENGTH,
        help_text=_("Wat is afgesproken of besloten? Zichtbaar voor wie de casus ziet, op de tijdlijn."),
        error_messages={"required": _("Licht de afhandeling toe.")}, widget=forms.Textarea(attrs=TEXTAREA),
    )


class WorkListFilterForm(forms.Form):
    """The filters of the work list. Without a state it lists the open escalations (what the menu counts). An invalid
    value is reported on the form and that filter is not applied (for the state: the open ones are listed)."""

    state = forms.ChoiceField(
        label=_("Status"), required=False, widget=forms.Select(attrs=SELECT),
        choices=[(OPEN, _("Open")), (RESOLVED, _("Afgehandeld")), (ALL, _("Open en afgehandeld"))],
    )
    approach = IdChoiceField(
        label=_("Aanpak"), queryset=Approach.objects.order_by("name", "code"), to_field_name="code", required=False,
        empty_label=_("Alle aanpakken"), widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, data=None):
        if data is not None and not data.get("state"):
            data = data.copy()
            data["state"] = OPEN
        super().__init__(data)

    def filters(self) -> WorkListFilters:
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if name not in self.errors and value}
        return WorkListFilters(**values)
