"""The closing reasons of interchange format version 1. Datasets use these codes; a functional
administrator may rename them or add more, but these must exist."""

CLOSING_REASONS = [
    ("positief", "Positief afgesloten (doelen behaald)"),
    ("negatief", "Negatief afgesloten (doelen niet behaald)"),
    ("detentie_maatregel", "Lange detentie of maatregel (TBS, PIJ, ISD)"),
    ("overdracht_intern", "Overdracht naar een andere aanpak in het huis"),
    ("overdracht_extern", "Overdracht naar een andere regio of organisatie"),
    ("overleden", "Overleden"),
    ("overig", "Overig"),
]


def ensure_closing_reasons(model) -> None:
    """Create the missing ones (`model` is ClosingReason, or its historical version in a migration)."""
    existing = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create(
        [model(code=code, name=name, position=position)
         for position, (code, name) in enumerate(CLOSING_REASONS) if code not in existing]
    )
