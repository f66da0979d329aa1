"""Services that write reference data."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .closing_reasons import ensure_closing_reasons
from .models import Approach, ClosingReason, Table


@transaction.atomic
def closing_reasons_ensure(*, actor) -> None:
    """The closing reasons of the interchange format exist (datasets refer to them by code)."""
    ensure_closing_reasons(ClosingReason)


@transaction.atomic
def default_tables_ensure(*, actor) -> list[Table]:
    """Give every approach without a table one ("Casusoverleg <approach>"), so its cases have a home."""
    created = []
    for approach in Approach.objects.filter(tables__isnull=True):
        code = slugify(f"overleg-{approach.code}")[:64]
        table, was_created = Table.objects.get_or_create(
            code=code, defaults={"name": _("Casusoverleg %(approach)s") % {"approach": approach.name}, "approach": approach}
        )
        if was_created:
            created.append(table)
    return created
