"""Dutch messages for REST framework's own checks of a request's fields: empty, null, too long, not a date, not a
list, not an object.

REST framework is not an installed app (settings: its Dutch catalogue outranked Django's for the messages the forms
share), so its own messages would reach a partner's developer in English ("This field may not be blank.") between
the API's Dutch ones. A serializer of the API takes `DutchMessages` first in its bases: each of its fields, and the
serializer itself, then answers with the messages below where it would have said REST framework's own. A message a
field sets itself (`error_messages=`, or its class's `default_error_messages`) is left as it is.
"""

from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.utils.formatting import lazy_format

# Per REST framework class, the Dutch message for each of its own keys (the placeholders are REST framework's).
_MESSAGES = {
    serializers.Field: {
        "required": _("Dit veld is verplicht."),
        "null": _("Dit veld mag niet null zijn; laat het weg of geef een waarde."),
    },
    serializers.CharField: {
        "invalid": _("Geef hier tekst."),
        "blank": _("Dit veld mag niet leeg zijn."),
        "max_length": _("Gebruik ten hoogste {max_length} tekens."),
        "min_length": _("Gebruik ten minste {min_length} tekens."),
    },
    serializers.DateField: {
        "invalid": _("Geef een datum als JJJJ-MM-DD, bijvoorbeeld 2001-04-12."),
        "datetime": _("Geef alleen een datum (JJJJ-MM-DD), zonder tijd."),
    },
    serializers.EmailField: {"invalid": _("Geef een geldig e-mailadres.")},
    serializers.ListSerializer: {
        "not_a_list": _("Geef hier een lijst (een JSON-array)."),
        "empty": _("Geef ten minste één."),
        "max_length": _("Geef er ten hoogste {max_length}."),
        "min_length": _("Geef er ten minste {min_length}."),
    },
    serializers.Serializer: {"invalid": _("Geef hier een object (een JSON-object met velden).")},
}


def _drf_default(cls, key: str):
    return (cls.__dict__.get("default_error_messages") or {}).get(key)


# A text field checks its length with validators made when it is made, each with its message already formatted.
_LENGTH_VALIDATORS = ((MaxLengthValidator, "max_length"), (MinLengthValidator, "min_length"))


def dutch(field: serializers.Field) -> serializers.Field:
    """`field` with the Dutch message wherever it still has REST framework's own (the same object)."""
    for cls in type(field).__mro__:
        for key, message in _MESSAGES.get(cls, {}).items():
            if key in field.error_messages and field.error_messages[key] is _drf_default(cls, key):
                field.error_messages[key] = message
    if isinstance(field, serializers.CharField):
        for validator in field.validators:
            for kind, key in _LENGTH_VALIDATORS:
                if type(validator) is not kind:
                    continue
                if getattr(validator.message, "format_string", None) is _drf_default(serializers.CharField, key):
                    validator.message = lazy_format(field.error_messages[key], **{key: validator.limit_value})
    return field


class DutchMessages:
    """Mixin for the API's serializers (first in the bases): Dutch messages on the serializer and its fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dutch(self)

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            dutch(field)
        return fields
