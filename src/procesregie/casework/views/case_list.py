"""The case list: its filters (GET), sorting and paging. The download of the same list is `worklists.case_export`."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from procesregie.casework import selectors
from procesregie.casework.models import CaseStatus
from procesregie.casework.selectors.case_list import DEFAULT_SORT, MINE, NONE, CaseFilters, FilterOptions
from procesregie.core.forms import BIGINT_MAX, IdChoiceField
from procesregie.reference.models import Approach, Municipality

CASES_PER_PAGE = 50
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
DATE = {"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"}


class ScopedIdField(forms.Field):
    """A choice of an id among the values the user's visible cases hold (`filter_options`), or one of `special`.

    Any well-formed id is accepted, also one that is not offered: it names something out of scope or nothing at all,
    and the list (which only narrows the visible cases) then shows nothing, without telling the two apart. Anything
    else (not a number, too big for an id) is an error on the form."""

    widget = forms.Select

    def __init__(self, *, special=(), **kwargs):
        self.special = dict(special)
        super().__init__(**kwargs)

    def set_options(self, empty_label, options, *, special=None) -> None:
        """Offer `options` after the empty choice and the `special` values (default: all of them)."""
        shown = self.special.items() if special is None else [(key, self.special[key]) for key in special]
        self.widget.choices = [("", empty_label), *shown, *options]

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if value in self.special:
            return value
        if value.isascii() and value.isdigit() and 0 < int(value) <= BIGINT_MAX:
            return int(value)
        raise ValidationError(_("Kies een waarde uit de lijst."), code="invalid_choice")


def _full_name(user) -> str:
    return user.get_full_name() or user.username


class CaseFilterForm(forms.Form):
    """The filters of the case list. An invalid value is reported on the form; the list then ignores that filter
    (the download refuses until it is corrected)."""

    regisseur = ScopedIdField(
        label=_("Procesregisseur"), required=False,
        special=[(MINE, _("Mijn casussen")), (NONE, _("Zonder procesregisseur"))], widget=forms.Select(attrs=SELECT),
    )
    table = ScopedIdField(label=_("Overlegtafel"), required=False, widget=forms.Select(attrs=SELECT))
    approach = IdChoiceField(
        label=_("Aanpak"), queryset=Approach.objects.all(), to_field_name="code", required=False,
        empty_label=_("Alle aanpakken"), widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *CaseStatus.choices], required=False,
        widget=forms.Select(attrs=SELECT),
    )
    municipality = IdChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.all(), to_field_name="code", required=False,
        empty_label=_("Alle gemeenten"), widget=forms.Select(attrs=SELECT),
    )
    case_holder = ScopedIdField(
        label=_("Casushouder"), required=False, special=[(NONE, _("Zonder casushouder"))],
        widget=forms.Select(attrs=SELECT),
    )
    duration = forms.ChoiceField(
        label=_("Tijd in regie"), required=False, widget=forms.Select(attrs=SELECT),
        choices=[("", _("Elke duur")), ("lt_1y", _("korter dan 1 jaar")), ("1_2y", _("1 tot 2 jaar")),
                 ("gt_2y", _("2 jaar of langer"))],
    )
    started_from = forms.DateField(label=_("Gestart vanaf"), required=False, widget=forms.DateInput(attrs=DATE))
    started_until = forms.DateField(label=_("Gestart tot en met"), required=False, widget=forms.DateInput(attrs=DATE))
    sort = forms.ChoiceField(
        label=_("Sorteren op"), required=False, widget=forms.Select(attrs=SELECT),
        choices=[("start_desc", _("Startdatum, nieuwste eerst")), ("start_asc", _("Startdatum, oudste eerst")),
                 ("regisseur", _("Procesregisseur")), ("waiting_desc", _("Wachttijd tot de start, langste eerst")),
                 ("duration_desc", _("Tijd in regie, langste eerst")), ("ref", _("Referentie"))],
    )

    def __init__(self, data=None, *, options: FilterOptions | None = None):
        super().__init__(data)
        self.fields["started_from"].widget.format = self.fields["started_until"].widget.format = "%Y-%m-%d"
        if options is not None:
            self.fields["regisseur"].set_options(
                _("Alle procesregisseurs"), [(user.pk, _full_name(user)) for user in options.regisseurs],
                special=[MINE, NONE] if options.directs_cases else [NONE],
            )
            self.fields["table"].set_options(_("Alle overlegtafels"), [(table.pk, table.name) for table in options.tables])
            # Offered: the municipalities of the visible cases; accepted: any (public reference data).
            self.fields["municipality"].widget.choices = [
                ("", _("Alle gemeenten")), *((m.code, m.name) for m in options.municipalities)
            ]
            self.fields["case_holder"].set_options(_("Alle casushouders"),
                                                   [(org.pk, org.name) for org in options.case_holders])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_from"), cleaned.get("started_until")
        if start and end and start > end:
            self.add_error("started_until", _("Deze datum ligt vóór 'Gestart vanaf'."))
        return cleaned

    def filters(self) -> CaseFilters:
        """The valid filter values; fields with errors are left out, so they do not narrow the list."""
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if name not in self.errors and value}
        values.setdefault("sort", DEFAULT_SORT)
        return CaseFilters(**values)


@require_safe
def case_list(request):
    options = selectors.filter_options(user=request.user)
    form = CaseFilterForm(request.GET, options=options)
    page = selectors.case_page(
        user=request.user, request=request, page_number=request.GET.get("page"), per_page=CASES_PER_PAGE,
        filters=form.filters(),
    )
    return render(request, "casework/case_list.html", {"form": form, "page": page})
