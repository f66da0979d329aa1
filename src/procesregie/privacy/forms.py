"""Forms of the privacy officer's subject page. They check the input's shape; `privacy.services` checks the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.subjects.models import RightsRequestKind

from .services import DESCRIPTION_MAX_LENGTH

DATE = {"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**DATE, **(attrs or {})}, format="%Y-%m-%d")


def _received_on():
    return forms.DateField(
        label=_("Verzoek ontvangen op"), widget=DateInput(), initial=timezone.localdate,
        error_messages={"required": _("Vul de datum in waarop het verzoek binnenkwam."),
                        "invalid": _("Vul een geldige datum in.")},
    )


class InzageForm(forms.Form):
    """Produce the inzage document: the date the request came in (default today)."""

    prefix = "inzage"
    received_on = _received_on()
    # Shown only when an inzage document was already made for the subject today: a second request on purpose.
    again = forms.BooleanField(label=_("Toch een nieuw inzageverzoek vastleggen"), required=False)

    def __init__(self, *args, made_today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.made_today = made_today
        if made_today is None:
            del self.fields["again"]

    def clean(self):
        data = super().clean()
        if self.made_today is not None and not data.get("again"):
            raise forms.ValidationError(_(
                "Vandaag is al een inzagedocument gemaakt voor deze betrokkene. Open dat document, of vink aan dat "
                "u toch een nieuw inzageverzoek wilt vastleggen."), code="made_today")
        return data


class RightsRequestForm(forms.Form):
    """Record a correction or a restriction of processing."""

    prefix = "verzoek"
    KINDS = [(RightsRequestKind.CORRECTIE.value, _("Correctie")),
             (RightsRequestKind.BEPERKING.value, _("Beperking van de verwerking"))]
    kind = forms.ChoiceField(label=_("Soort verzoek"), choices=[("", _("Kies een soort")), *KINDS],
                             error_messages={"required": _("Kies correctie of beperking.")},
                             widget=forms.Select(attrs=SELECT))
    received_on = _received_on()
    description = forms.CharField(
        label=_("Wat is er gecorrigeerd of beperkt?"), max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("Dit staat op de casussen en aanmeldingen van de betrokkene, voor iedereen die ze ziet. Noem "
                    "geen BSN."),
        error_messages={"required": _("Beschrijf wat er is gecorrigeerd of beperkt.")},
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class RestrictionEndForm(forms.Form):
    """End a restriction in force; each has its own prefix (`einde-<pk>`), so the page's field ids stay unique."""

    ended_on = forms.DateField(
        label=_("Beperking beëindigd op"), widget=DateInput(), initial=timezone.localdate,
        error_messages={"required": _("Vul de datum in waarop de beperking eindigt."),
                        "invalid": _("Vul een geldige datum in.")},
    )
