"""What every form of the application does: the focus for keyboard users, and choices of ids that refuse
hostile input with a form error."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class OpensWithFocus:
    """Form mixin: a form that opens (unbound) puts the cursor in its first visible field.

    `autofocus` also works when htmx swaps the form into a page (htmx focuses `[autofocus]` in new content), so
    after "Doel toevoegen" or "Bespreking vastleggen" a keyboard user types on in the form instead of starting
    again at the top of the page. A form that comes back with errors focuses its error summary instead (the
    templates mark that one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            first = next((field for field in self.fields.values() if not field.widget.is_hidden), None)
            if first is not None:
                first.widget.attrs["autofocus"] = True


# The range of a bigint column (PostgreSQL `bigint`, SQLite `INTEGER`): the primary keys of every model.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def _too_big_for_an_id(value) -> bool:
    """A whole number (as typed) that no bigint column holds. Anything else the field checks as usual."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return False
    return not BIGINT_MIN <= number <= BIGINT_MAX


def _takes_integer_ids(field) -> bool:
    model = field.queryset.model
    key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    return isinstance(key, models.IntegerField)  # AutoField and BigAutoField are IntegerFields too


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose typed id that does not fit a bigint is an invalid choice, not a 500.

    Django 5.2 copes with such a number in the exact lookup of one id, but not every backend and lookup does
    (see IdMultipleChoiceField); this class makes the refusal explicit and the same for every choice of ids."""

    def to_python(self, value):
        if value not in self.empty_values and _takes_integer_ids(self) and _too_big_for_an_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose typed ids that do not fit a bigint are an invalid choice.

    Django checks the chosen ids with `pk__in=[...]`; on SQLite an id of 20 digits there raised OverflowError
    (a 500) instead of the field's error."""

    def _check_values(self, value):
        if _takes_integer_ids(self):
            for pk in value:
                if _too_big_for_an_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)
