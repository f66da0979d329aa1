import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from procesregie.interchange.problems import DatasetInvalid
from procesregie.interchange.services import dataset_import


class Command(BaseCommand):
    help = "Load an interchange dataset (a directory of CSV files): atomic and idempotent."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--errors-csv", type=Path, help="also write every problem to this CSV file")

    def handle(self, *args, directory: Path, errors_csv: Path | None, **options):
        total = sum(max(0, path.read_bytes().count(b"\n") - 1) for path in directory.glob("*.csv")) if directory.is_dir() else 0
        show = sys.stderr.isatty() and options["verbosity"] > 0
        with tqdm(total=total * 2, unit=" rows", desc="import", disable=not show, leave=False) as progress:
            try:
                result = dataset_import(actor=None, directory=directory, progress=progress)
            except DatasetInvalid as invalid:
                for problem in invalid.problems.sorted():
                    self.stderr.write(str(problem))
                if errors_csv:
                    invalid.problems.write_csv(errors_csv)
                raise CommandError(f"{len(invalid.problems)} problem(s); nothing was imported.", returncode=1) from None
        if options["verbosity"] > 0:
            summary = ", ".join(f"{name}: {count}" for name, count in sorted(result.rows.items()))
            self.stdout.write(f"Imported {directory} ({summary}).")
