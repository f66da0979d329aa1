"""Forms of the privacy officer's review: decide one item, approve every pending item, confirm the destruction.
They check the input's shape; the services (`services.reviewing`, `services.destroying`) check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Decision
from .services._common import REASON_MAX_LENGTH

TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


class DecideForm(forms.Form):
    """Approve (the button "Goedkeuren") or exclude with a reason ("Uitzonderen"). The reason is checked by the
    service: required for an exclusion only."""

    decision = forms.ChoiceField(
        choices=[(Decision.APPROVED, _("Goedkeuren")), (Decision.EXCLUDED, _("Uitzonderen"))],
        error_messages={"required": _("Kies goedkeuren of uitzonderen."),
                        "invalid_choice": _("Kies goedkeuren of uitzonderen.")},
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reden van de uitzondering"), required=False, max_length=REASON_MAX_LENGTH,
        help_text=_("Waarom wordt dit niet vernietigd? Noem geen BSN: de reden blijft bewaard."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, data=None, *, item_pk: int | None = None):
        super().__init__(data, prefix=f"item-{item_pk}" if item_pk else None)


class ApproveAllForm(forms.Form):
    prefix = "all"
    reason = forms.CharField(
        label=_("Reden van de goedkeuring"), max_length=REASON_MAX_LENGTH,
        help_text=_("Bijvoorbeeld: alle items gecontroleerd, geen lopende zaken of verzoeken. Noem geen BSN."),
        error_messages={"required": _("Geef de reden waarom u alle items goedkeurt.")},
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class ConfirmDestructionForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat de vernietiging niet ongedaan kan worden gemaakt."),
        error_messages={"required": _("Bevestig dat u de goedgekeurde items wilt vernietigen.")},
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
