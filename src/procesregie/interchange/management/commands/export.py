from pathlib import Path

from django.core.management.base import BaseCommand

from procesregie.interchange.services import dataset_export


class Command(BaseCommand):
    help = "Write the whole installation as an interchange dataset into DIRECTORY."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        rows = dataset_export(actor=None, directory=directory)
        if options["verbosity"] > 0:
            summary = ", ".join(f"{name}: {count}" for name, count in sorted(rows.items()))
            self.stdout.write(f"Exported to {directory} ({summary}).")
