"""The measurement form: a date, the kind, and per life domain (in display order) one row: a radio group of the
levels and a note."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, Level, MeasurementKind

RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}
NOTE = {"class": "utrecht-textbox utrecht-textbox--html-input procesregie-measurement-row__note", "autocomplete": "off"}
NOT_MEASURED = ""


@dataclass(frozen=True)
class DomainRow:
    """One row of the form: the life domain, its levels (a radio group) and its note."""

    domain: object
    level: forms.BoundField
    note: forms.BoundField


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
            self.fields[self.note_name(domain)] = forms.CharField(
                label=_("Notitie"), max_length=NOTE_MAX_LENGTH, required=False, widget=forms.TextInput(attrs=NOTE),
            )
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())
            self.fields["date"].widget.attrs["autofocus"] = True  # also after an htmx swap

    @staticmethod
    def field_name(domain) -> str:
        return f"level_{domain.code}"

    @staticmethod
    def note_name(domain) -> str:
        return f"note_{domain.code}"

    def level_fields(self):
        return [self[self.field_name(domain)] for domain in self.domains]

    def domain_rows(self) -> list[DomainRow]:
        return [DomainRow(domain, self[self.field_name(domain)], self[self.note_name(domain)]) for domain in self.domains]

    def clean(self):
        cleaned = super().clean()
        for domain in self.domains:
            if cleaned.get(self.note_name(domain)) and cleaned.get(self.field_name(domain)) is None \
                    and self.field_name(domain) not in self.errors:
                self.add_error(self.note_name(domain), _("Kies bij %(domain)s ook een niveau, of laat de notitie leeg.")
                               % {"domain": domain.name})
        if not self.errors and not self.levels():
            raise forms.ValidationError(_("Kies bij ten minste één leefgebied een niveau."))
        return cleaned

    def levels(self) -> dict:
        """Life domain → level for the domains that were measured."""
        values = {domain: self.cleaned_data.get(self.field_name(domain)) for domain in self.domains}
        return {domain: level for domain, level in values.items() if level is not None}

    def notes(self) -> dict:
        """Life domain → note, for the domains with a note."""
        values = {domain: self.cleaned_data.get(self.note_name(domain), "").strip() for domain in self.domains}
        return {domain: note for domain, note in values.items() if note}
