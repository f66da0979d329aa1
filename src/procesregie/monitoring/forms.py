"""The measurement form: a date, the kind, and a radio group per life domain (in display order)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Level, MeasurementKind

RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}
NOT_MEASURED = ""


class MeasurementForm(forms.Form):
    prefix = "meting"  # field ids unique on the case page, which holds other forms too
    date = forms.DateField(
        label=_("Datum van de meting"),
        widget=forms.DateInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"},
                               format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(label=_("Soort meting"), choices=MeasurementKind.choices, widget=forms.RadioSelect(attrs=RADIO))

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        choices = [(NOT_MEASURED, _("niet gemeten")), *((value, f"{value} {label}") for value, label in Level.choices)]
        for domain in self.domains:
            self.fields[self.field_name(domain)] = forms.TypedChoiceField(
                label=domain.name, choices=choices, coerce=int, empty_value=None, required=False,
                widget=forms.RadioSelect(attrs=RADIO),
            )
            self.initial.setdefault(self.field_name(domain), NOT_MEASURED)
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.fields["date"].widget.attrs["autofocus"] = True  # also after an htmx swap

    @staticmethod
    def field_name(domain) -> str:
        return f"level_{domain.code}"

    def level_fields(self):
        return [self[self.field_name(domain)] for domain in self.domains]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.levels():
            raise forms.ValidationError(_("Kies bij ten minste één leefgebied een niveau."))
        return cleaned

    def levels(self) -> dict:
        """Life domain → level for the domains that were measured."""
        values = {domain: self.cleaned_data.get(self.field_name(domain)) for domain in self.domains}
        return {domain: level for domain, level in values.items() if level is not None}
