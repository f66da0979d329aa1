"""The triage form: the four national criteria, and the decision with what it needs."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.access.users import procesregisseurs_at
from procesregie.accounts.models import Organisation, User
from procesregie.core.forms import IdChoiceField, IdMultipleChoiceField
from procesregie.reference.models import Table

from ..models import Registration
from . import widgets

ACCEPT, DECLINE = "accept", "decline"


class RegisseurChoiceField(IdChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"), choices=[(ACCEPT, _("Accepteren: de casus start")),
                                     (DECLINE, _("Afwijzen met reden en advies"))],
        widget=widgets.radios(), error_messages={"required": _("Kies accepteren of afwijzen.")},
    )
    decided_on = forms.DateField(label=_("Datum triagebesluit"), widget=widgets.date(),
                                 error_messages={"required": _("Vul de datum van het besluit in."),
                                                 "invalid": _("Vul een geldige datum in.")})
    table = IdChoiceField(label=_("Overlegtafel"), queryset=Table.objects.none(), required=False,
                                   empty_label=_("Kies een overlegtafel"), widget=widgets.select(),
                                   error_messages={"invalid_choice": _("Kies een overlegtafel van deze aanpak.")})
    procesregisseur = RegisseurChoiceField(label=_("Procesregisseur"), queryset=User.objects.none(), required=False,
                                           empty_label=_("Kies een procesregisseur"), widget=widgets.select(),
                                           error_messages={"invalid_choice": _(
                                               "Kies een procesregisseur van een overlegtafel van deze aanpak.")})
    case_holder = IdChoiceField(label=_("Casushouder (niet verplicht)"), required=False,
                                         queryset=Organisation.objects.order_by("name"),
                                         empty_label=_("Nog niet bekend"), widget=widgets.select(),
                                         help_text=_("De organisatie die de casus dagelijks draagt."),
                                         error_messages={"invalid_choice": _("Kies een organisatie uit de lijst.")})
    participants = IdMultipleChoiceField(label=_("Deelnemende organisaties"), required=False,
                                                  help_text=_("De meldende organisatie is al gekozen."),
                                                  queryset=Organisation.objects.order_by("name"),
                                                  widget=widgets.checkboxes(),
                                                  error_messages={"invalid_choice": _(
                                                      "Kies organisaties uit de lijst.")})
    advice = forms.CharField(label=_("Reden en advies aan de meldende organisatie"), required=False,
                             max_length=5000, widget=widgets.textarea(5),
                             help_text=_("De meldende organisatie leest dit bij haar aanmelding."))

    def __init__(self, *args, registration: Registration, user=None, **kwargs):
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.registration = registration
        if not self.is_bound:  # the registering organisation takes part, unless the procesregisseur unticks it
            self.initial.setdefault("participants", [registration.reported_by_id])
        criteria = {}
        for name in Registration.CRITERIA:
            model_field = Registration._meta.get_field(name)
            criteria[name] = forms.BooleanField(
                label=model_field.help_text, required=False, widget=widgets.checkbox(),
                initial=getattr(registration, name),
            )
        self.fields = {**criteria, **self.fields}
        tables = Table.objects.filter(approach=registration.approach_id).order_by("name")
        self.fields["table"].queryset = tables
        regisseurs = procesregisseurs_at(tables=tables)
        self.fields["procesregisseur"].queryset = regisseurs
        if user is not None and regisseurs.filter(pk=user.pk).exists():
            self.initial.setdefault("procesregisseur", user.pk)  # by default the one who triages directs the case

    def criteria_fields(self):
        return [self[name] for name in Registration.CRITERIA]

    def criteria(self) -> list[str]:
        return [name for name in Registration.CRITERIA if self.cleaned_data.get(name)]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == ACCEPT:
            if not self.criteria():
                self.add_error(Registration.CRITERIA[0], _("Kruis ten minste één criterium aan om te accepteren."))
            if not data.get("table"):
                self.add_error("table", _("Kies de overlegtafel waar de casus komt."))
            if not data.get("procesregisseur"):
                self.add_error("procesregisseur", _("Kies de procesregisseur van de casus."))
            elif data.get("table") and not data["procesregisseur"].tables.filter(pk=data["table"].pk).exists():
                self.add_error("procesregisseur", _("Deze procesregisseur werkt niet aan de gekozen overlegtafel."))
        elif decision == DECLINE and not (data.get("advice") or "").strip():
            self.add_error("advice", _("Geef een reden en advies voor de meldende organisatie."))
        return data
