"""The closing reasons of interchange format version 1, so every installation can close cases.

A functional administrator may rename them or add more; these codes are what datasets use.
"""

from django.db import migrations

CLOSING_REASONS = [
    ("positief", "Positief afgesloten (doelen behaald)"),
    ("negatief", "Negatief afgesloten (doelen niet behaald)"),
    ("detentie_maatregel", "Lange detentie of maatregel (TBS, PIJ, ISD)"),
    ("overdracht_intern", "Overdracht naar een andere aanpak in het huis"),
    ("overdracht_extern", "Overdracht naar een andere regio of organisatie"),
    ("overleden", "Overleden"),
    ("overig", "Overig"),
]


def add_reasons(apps, schema_editor):
    ClosingReason = apps.get_model("reference", "ClosingReason")
    for position, (code, name) in enumerate(CLOSING_REASONS):
        ClosingReason.objects.get_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
