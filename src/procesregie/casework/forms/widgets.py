"""Form widgets with the classes of the Utrecht components (NL Design System)."""

from django import forms

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"
RADIO = "utrecht-radio-button utrecht-radio-button--html-input"


def text(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": TEXTBOX, **attrs})


def date() -> forms.DateInput:
    return forms.DateInput(attrs={"class": TEXTBOX, "type": "date"}, format="%Y-%m-%d")


def select() -> forms.Select:
    return forms.Select(attrs={"class": SELECT})


def textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"class": TEXTAREA, "rows": rows})


def checkbox() -> forms.CheckboxInput:
    return forms.CheckboxInput(attrs={"class": CHECKBOX})


def checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple(attrs={"class": CHECKBOX})


def radios() -> forms.RadioSelect:
    return forms.RadioSelect(attrs={"class": RADIO})
