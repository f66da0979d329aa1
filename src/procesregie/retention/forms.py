"""Forms of the retention pages (policy, extension). They check the input's shape; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.core.forms import IdChoiceField
from procesregie.reference.models import Approach
from procesregie.subjects.bsn import contains_bsn

from .defaults import ALLOWED_COUNTS_FROM
from .models import CountsFrom, Phase
from .services._common import REASON_MAX_LENGTH
from .services.policy import MAX_MONTHS, MIN_MONTHS

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}


class RuleForm(forms.Form):
    """Set a phase's period for the house or for one approach."""

    prefix = "rule"
    phase = forms.ChoiceField(label=_("Fase"), choices=[("", _("Kies een fase")), *Phase.choices],
                              error_messages={"required": _("Kies een fase.")}, widget=forms.Select(attrs=SELECT))
    approach = IdChoiceField(
        label=_("Aanpak"), queryset=Approach.objects.order_by("name"), required=False,
        empty_label=_("Alle aanpakken (standaard van het huis)"), widget=forms.Select(attrs=SELECT),
    )
    months = forms.IntegerField(
        label=_("Bewaartermijn (maanden)"), min_value=MIN_MONTHS, max_value=MAX_MONTHS,
        error_messages={"required": _("Vul de bewaartermijn in maanden in.")},
        widget=forms.NumberInput(attrs={"class": TEXTBOX, "inputmode": "numeric"}),
    )
    counts_from = forms.ChoiceField(
        label=_("Telt vanaf"), help_text=_("Per fase staan alleen de datums die voor die fase mogen."),
        # grouped per phase: without script the select shows which date belongs to which phase
        choices=[("", _("Kies de datum")), *[
            (Phase(phase).label,
             [(value, CountsFrom(value).label) for value in values])
            for phase, values in ALLOWED_COUNTS_FROM.items()]],
        error_messages={"required": _("Kies de datum waarvanaf de termijn telt.")}, widget=forms.Select(attrs=SELECT),
    )
    reason = forms.CharField(
        label=_("Reden van de wijziging"), max_length=REASON_MAX_LENGTH,
        help_text=_("Bijvoorbeeld het besluit of de versie van het privacyprotocol."),
        error_messages={"required": _("Geef de reden van de wijziging.")}, widget=forms.Textarea(attrs=TEXTAREA),
    )


class RemoveRuleForm(forms.Form):
    """Remove an approach's own rule for a phase (the house's default applies to it again), with a reason."""

    prefix = "remove"
    phase = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput,
                              error_messages={"required": _("Kies de termijn die u wilt verwijderen."),
                                              "invalid_choice": _("Kies de termijn die u wilt verwijderen.")})
    approach = IdChoiceField(queryset=Approach.objects.all(), widget=forms.HiddenInput,
                             error_messages={"required": _("Kies de termijn die u wilt verwijderen."),
                                             "invalid_choice": _("Kies de termijn die u wilt verwijderen.")})
    reason = forms.CharField(
        label=_("Reden van het verwijderen"), max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Geef de reden van de wijziging.")}, widget=forms.Textarea(attrs=TEXTAREA),
    )


class ExtensionForm(forms.Form):
    prefix = "extension"
    until = forms.DateField(
        label=_("Bewaren tot en met"), error_messages={"required": _("Vul de nieuwe datum in."),
                                                       "invalid": _("Vul een geldige datum in.")},
        widget=forms.DateInput(attrs={"type": "date", "class": TEXTBOX}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Reden van de verlenging"), max_length=REASON_MAX_LENGTH,
        help_text=_("Waarom moeten de gegevens langer bewaard blijven? Noem geen BSN."),
        error_messages={"required": _("Geef de reden van de verlenging.")}, widget=forms.Textarea(attrs=TEXTAREA),
    )

    next = forms.CharField(required=False, widget=forms.HiddenInput)  # where the user came from (checked by the view)

    def clean_until(self):
        """A date in the past is refused here too, so that it is shown together with a refused reason (the service
        checks it again, and the rest: after the current date, at most a few years ahead)."""
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("De nieuwe datum moet na vandaag liggen."))
        return until

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if contains_bsn(reason):
            raise forms.ValidationError(_("Er staat een BSN in de reden. Haal het nummer weg: de reden staat in "
                                          "overzichten zonder de casus."))
        return reason
