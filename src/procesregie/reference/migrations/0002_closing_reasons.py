"""The closing reasons of interchange format version 1, so every installation can close cases."""

from django.db import migrations

from procesregie.reference.closing_reasons import ensure_closing_reasons


def add_reasons(apps, schema_editor):
    ensure_closing_reasons(apps.get_model("reference", "ClosingReason"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
