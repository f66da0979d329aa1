"""Small helpers the casework views share."""

from django.core.exceptions import NON_FIELD_ERRORS


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def form_error(form, message: str) -> None:
    """Put a message from a service (DomainError) on the form, above the fields."""
    form.add_error(None, message)


def has_only_non_field_errors(form) -> bool:
    return set(form.errors) <= {NON_FIELD_ERRORS}
