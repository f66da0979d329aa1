from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procesregie.interchange.problems import DatasetInvalid
from procesregie.interchange.services import REFERENCE_DIR, reference_load


class Command(BaseCommand):
    help = "Load reference data (municipalities, organisations, approaches, domains, interventions); default: the Utrecht region."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, nargs="?", default=REFERENCE_DIR)

    def handle(self, *args, directory: Path, **options):
        try:
            result = reference_load(actor=None, directory=directory)
        except DatasetInvalid as invalid:
            for problem in invalid.problems.sorted():
                self.stderr.write(str(problem))
            raise CommandError(f"{len(invalid.problems)} problem(s); nothing was loaded.", returncode=1) from None
        if options["verbosity"] > 0:
            self.stdout.write("Reference data loaded: " + ", ".join(f"{k}: {v}" for k, v in sorted(result.rows.items())))
