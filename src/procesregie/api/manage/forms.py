"""The forms of the koppelingen pages: a new client, a client's name, scopes and limits, and the confirmations.

The services check the same rules again (`procesregie.api.clients`); a refusal of theirs is shown on the form.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from procesregie.accounts.models import ApiScope
from procesregie.api.clients import HITNOHIT_LIMIT_MAX, RATE_LIMIT_MAX
from procesregie.core.forms import IdChoiceField, OpensWithFocus

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
NUMBER = f"{TEXTBOX} utrecht-textbox--numeric"
SELECT = "utrecht-select utrecht-select--html-select"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"

def scope_choices() -> list[tuple[str, str]]:
    """Each scope by its Dutch name, with the name a partner system asks for (`scope` at the token endpoint)."""
    return [(value, f"{capfirst(label)} ({value})") for value, label in ApiScope.choices]

def _limit(label, *, maximum: int, initial: int, help_text, required_message) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=1, max_value=maximum, initial=initial, help_text=help_text,
        error_messages={
            "required": required_message,
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul ten minste 1 in."),
            "max_value": _("Vul ten hoogste %(limit_value)s in."),
        },
        widget=forms.NumberInput(attrs={"class": NUMBER, "inputmode": "numeric"}),
    )

class ClientSettingsForm(forms.Form):
    """Name, scopes and limits of a client (on its page, below what it shows: no autofocus)."""

    name = forms.CharField(
        label=_("Naam"), max_length=200,
        help_text=_("Het systeem dat koppelt, zoals de organisatie het kent. Bijvoorbeeld: Meldsysteem Politie."),
        error_messages={"required": _("Geef de koppeling een naam."),
                        "max_length": _("Gebruik ten hoogste %(limit_value)d tekens.")},
        widget=forms.TextInput(attrs={"class": TEXTBOX, "autocomplete": "off"}),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Rechten"), choices=scope_choices,
        help_text=_("Geef alleen de rechten die het systeem nodig heeft."),
        error_messages={"required": _("Kies ten minste één recht."),
                        "invalid_choice": _("Kies rechten uit de lijst.")},
        widget=forms.CheckboxSelectMultiple(attrs={"class": CHECKBOX}),
    )
    rate_per_minute = _limit(
        _("Verzoeken per minuut"), maximum=RATE_LIMIT_MAX, initial=120,
        help_text=_("Daarboven krijgt het systeem een foutmelding (429) tot de volgende minuut."),
        required_message=_("Vul het aantal verzoeken per minuut in."),
    )
    hitnohit_per_day = _limit(
        _("Hit/no-hit-vragen per dag"), maximum=HITNOHIT_LIMIT_MAX, initial=200,
        help_text=_("Telt alleen bij het recht hit/no-hit-bevraging."),
        required_message=_("Vul het aantal hit/no-hit-vragen per dag in."),
    )

class ClientCreateForm(OpensWithFocus, ClientSettingsForm):
    """A new client: its organisation first, then its settings; once per form (`once`)."""

    organisation = IdChoiceField(
        label=_("Organisatie"), queryset=None, empty_label=_("Kies een organisatie"),
        help_text=_("De organisatie namens wie het systeem koppelt. Het ziet alleen wat bij deze organisatie hoort."),
        error_messages={"required": _("Kies de organisatie van de koppeling."),
                        "invalid_choice": _("Kies een organisatie uit de lijst.")},
        widget=forms.Select(attrs={"class": SELECT}),
    )
    field_order = ["organisation", "name", "scopes", "rate_per_minute", "hitnohit_per_day"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

class ConfirmForm(forms.Form):
    """A confirmation (a new secret, revoking): no fields to fill in; refusals are shown as its errors."""
