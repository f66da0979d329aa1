"""Forms of the account list, the invitation and the invited person's password."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from procesregie.core.forms import IdChoiceField, OpensWithFocus

from .selectors import AccountState

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class AccountFilterForm(forms.Form):
    """The filters of the account list (GET). An invalid value is reported on the form and otherwise ignored."""

    state = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle statussen")), *AccountState.choices], required=False,
        widget=forms.Select(attrs=SELECT),
    )
    organisation = IdChoiceField(
        label=_("Organisatie"), queryset=None, to_field_name="code", required=False,
        empty_label=_("Alle organisaties"), widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def filters(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors and value}


class InviteForm(OpensWithFocus, forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Het werkadres van deze persoon. De uitnodiging gaat hierheen en het adres wordt bij het account bewaard."),
        max_length=254,
        error_messages={"required": _("Vul het e-mailadres in."), "invalid": _("Vul een geldig e-mailadres in.")},
        widget=forms.EmailInput(attrs={"class": TEXTBOX, "autocomplete": "off", "spellcheck": "false"}),
    )


class InvitationPasswordForm(SetPasswordForm):
    """A new password twice, checked by the configured validators (AUTH_PASSWORD_VALIDATORS) against this account."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = _("Nieuw wachtwoord")
        second.label = _("Herhaal het wachtwoord")
        for field in (first, second):
            field.widget.attrs.update({"class": f"{TEXTBOX} utrecht-textbox--password", "autocomplete": "new-password"})
        first.widget.attrs["autofocus"] = True
        second.help_text = _("Typ hetzelfde wachtwoord nog een keer.")
        self.error_messages = {**self.error_messages, "password_mismatch": _("De twee wachtwoorden zijn niet gelijk.")}
