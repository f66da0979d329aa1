"""The forms that change a case: participants, closing, transfer. Each carries the case's version."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.access.case_changes import procesregisseurs_for_case
from procesregie.access.users import procesregisseurs_at
from procesregie.accounts.models import Organisation, User
from procesregie.core.forms import IdChoiceField
from procesregie.reference.models import Approach, ClosingReason, Table

from ..models import Case
from . import widgets
from .triage import RegisseurChoiceField


class VersionedForm(forms.Form):
    """A form about a case that carries the version it was opened with (see `core.errors.Conflict`)."""

    version = forms.IntegerField(label=_("Versie"), widget=forms.HiddenInput, min_value=1,
                                 error_messages={"required": _("Het formulier is onvolledig; laad de pagina opnieuw."),
                                                 "invalid": _("Het formulier is onvolledig; laad de pagina opnieuw.")})

    def __init__(self, *args, case: Case, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", case.version)
        super().__init__(*args, **kwargs)
        self.case = case

    def refreshed(self, case: Case) -> "VersionedForm":
        """This form with the user's input kept and the current version of the case (after a conflict)."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(case.version)
        form = type(self)(data, case=case, prefix=self.prefix)
        form.is_valid()
        return form


class ParticipantAddForm(VersionedForm):
    organisation = IdChoiceField(
        label=_("Organisatie toevoegen"), queryset=Organisation.objects.none(), empty_label=_("Kies een organisatie"),
        widget=widgets.select(), error_messages={"required": _("Kies de organisatie die gaat deelnemen."),
                                                 "invalid_choice": _("Deze organisatie neemt al deel of bestaat niet.")},
    )
    until = forms.DateField(
        label=_("Deelnemer tot"), required=False, widget=widgets.date(),
        help_text=_("Verplicht voor een incidentele deelnemer (WGS); die ziet de casus alleen via het overleg waarvoor "
                    "hij is uitgenodigd."),
        error_messages={"invalid": _("Vul een geldige datum in.")},
    )

    def __init__(self, *args, addable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = addable if addable is not None else Organisation.objects.order_by("name")


class ParticipantRemoveForm(VersionedForm):
    organisation = IdChoiceField(
        queryset=Organisation.objects.all(), widget=forms.HiddenInput,
        error_messages={"required": _("Kies de organisatie waarvan de deelname eindigt."),
                        "invalid_choice": _("Deze organisatie bestaat niet.")},
    )


class CloseForm(VersionedForm):
    reason = IdChoiceField(
        label=_("Reden van afsluiten"),
        queryset=ClosingReason.objects.exclude(code=ClosingReason.INTERNAL_TRANSFER).order_by("position", "code"),
        widget=widgets.radios(), empty_label=None,
        error_messages={"required": _("Kies de reden van afsluiten."), "invalid_choice": _("Kies een reden uit de lijst.")},
    )
    end_date = forms.DateField(label=_("Einddatum"), widget=widgets.date(),
                               error_messages={"required": _("Vul de einddatum in."),
                                               "invalid": _("Vul een geldige datum in.")})

    confirm_open_work = forms.BooleanField(
        label=_("Ja, sluit de casus af terwijl deze doelen en interventies nog open staan"), required=False,
        widget=widgets.checkbox(),
    )

    def __init__(self, *args, open_items=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("end_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.open_items = list(open_items)  # listed above the form; closing them needs `confirm_open_work`

    def clean(self):
        data = super().clean()
        if self.open_items and not data.get("confirm_open_work"):
            self.add_error("confirm_open_work", _("Bevestig dat u de casus afsluit terwijl er nog doelen of "
                                                  "interventies open staan, of werk die eerst bij."))
        return data

    def refreshed(self, case: Case) -> "VersionedForm":
        form = super().refreshed(case)
        form.open_items = self.open_items
        return form


class RegisseurForm(VersionedForm):
    """Appoint another procesregisseur: one who works at the case's table (or a table of its approach)."""

    procesregisseur = RegisseurChoiceField(
        label=_("Andere procesregisseur"), queryset=User.objects.none(), empty_label=_("Kies een procesregisseur"),
        widget=widgets.select(),
        error_messages={"required": _("Kies de nieuwe procesregisseur."),
                        "invalid_choice": _("Kies een procesregisseur van de overlegtafel van deze casus.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_regisseur_%s")  # on the case page beside other versioned forms: own ids
        super().__init__(*args, **kwargs)
        regisseurs = procesregisseurs_for_case(self.case)
        if self.case.procesregisseur_id:
            regisseurs = regisseurs.exclude(pk=self.case.procesregisseur_id)
        field = self.fields["procesregisseur"]
        field.queryset = regisseurs  # what a POST is validated against
        # Read once for the page: whether there is anyone to appoint, and the options of the select.
        self.candidates = list(regisseurs)
        field.widget.choices = [("", field.empty_label)] + [
            (user.pk, field.label_from_instance(user)) for user in self.candidates
        ]


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reden van heropenen"), max_length=2000, widget=widgets.textarea(4),
        help_text=_("Waarom loopt het traject door? Deelnemers aan de casus lezen dit in de tijdlijn."),
        error_messages={"required": _("Geef de reden waarom de casus wordt heropend.")},
    )


class TableChoiceField(IdChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.approach.name})"


class TransferForm(VersionedForm):
    to_approach = IdChoiceField(
        label=_("Naar aanpak"), queryset=Approach.objects.none(), empty_label=_("Kies een aanpak"),
        widget=widgets.select(),
        error_messages={"required": _("Kies de aanpak waarnaar de casus overgaat."),
                        "invalid_choice": _("Kies een andere aanpak uit de lijst.")},
    )
    table = TableChoiceField(label=_("Overlegtafel (niet verplicht)"), queryset=Table.objects.none(), required=False,
                             empty_label=_("Nog niet bekend"), widget=widgets.select(),
                             error_messages={"invalid_choice": _("Kies een overlegtafel uit de lijst.")})
    procesregisseur = RegisseurChoiceField(
        label=_("Procesregisseur (niet verplicht)"), queryset=User.objects.none(), required=False,
        empty_label=_("Dezelfde als nu"), widget=widgets.select(),
        error_messages={"invalid_choice": _("Kies een procesregisseur uit de lijst.")},
    )
    transfer_date = forms.DateField(label=_("Datum overdracht"), widget=widgets.date(),
                                    error_messages={"required": _("Vul de datum van de overdracht in."),
                                                    "invalid": _("Vul een geldige datum in.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("transfer_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        current = self.case.registration.approach
        approaches = Approach.objects.filter(unit=current.unit).exclude(pk=current.pk).order_by("name")
        self.fields["to_approach"].queryset = approaches
        self.fields["table"].queryset = (
            Table.objects.filter(approach__in=approaches).select_related("approach").order_by("approach__name", "name")
        )
        self.fields["procesregisseur"].queryset = procesregisseurs_at(tables=Table.objects.filter(approach__in=approaches))

    def clean(self):
        data = super().clean()
        approach, table, regisseur = data.get("to_approach"), data.get("table"), data.get("procesregisseur")
        if approach and table and table.approach_id != approach.pk:
            self.add_error("table", _("Deze overlegtafel hoort niet bij de gekozen aanpak."))
        elif approach and regisseur:
            tables = regisseur.tables.filter(pk=table.pk) if table else regisseur.tables.filter(approach=approach)
            if not tables.exists():
                self.add_error("procesregisseur", _("Deze procesregisseur werkt niet aan een tafel van deze aanpak."))
        return data
