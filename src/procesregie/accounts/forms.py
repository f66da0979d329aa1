"""The forms of the login flow. Widgets carry the Utrecht classes and the autocomplete hints."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class LoginForm(AuthenticationForm):
    """Username and password. One message for an unknown username, a wrong password or an inactive account.

    A username longer than the user model allows is a field error: AuthenticationForm only puts the length on
    the widget, so without the validator below a 1 MB username went on to `authenticate()`, where django-axes
    stores it in its 255-character column (silently on SQLite, a DataError and a 500 on PostgreSQL)."""

    error_messages = {
        "invalid_login": _("De combinatie van gebruikersnaam en wachtwoord is onjuist."),
        "inactive": _("De combinatie van gebruikersnaam en wachtwoord is onjuist."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Gebruikersnaam")
        username.validators.append(MaxLengthValidator(username.max_length))
        username.widget.attrs.update(
            {"class": TEXTBOX, "autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        password = self.fields["password"]
        password.label = _("Wachtwoord")
        password.widget.attrs.update({"class": f"{TEXTBOX} utrecht-textbox--password", "autocomplete": "current-password"})


class CodeForm(forms.Form):
    """A second-factor code: six digits from the app, or (on the login step) a recovery code."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=32,
        strip=True,
        error_messages={"required": _("Vul de code in.")},
        widget=forms.TextInput(
            attrs={
                "class": TEXTBOX,
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].help_text = help_text
