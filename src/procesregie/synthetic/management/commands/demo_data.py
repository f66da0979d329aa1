"""`procesregie demo-data --out DIR`: write a synthetic dataset (never real persons) in the interchange format."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procesregie.synthetic.generator import DEFAULT_END_YEAR, DEFAULT_SEED, generate_dataset
from procesregie.synthetic.profiles import SCALES


class Command(BaseCommand):
    help = "Write a synthetic dataset (interchange format, version 1) into a directory."
    requires_system_checks = []  # writes files only; needs neither the database nor the URLconf

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="directory to write the CSV files into")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same files)")
        parser.add_argument("--scale", choices=list(SCALES), default="demo", help="demo (default) or large")
        parser.add_argument("--years", type=int, default=None, help="number of years (default: per scale)")
        parser.add_argument("--end-year", type=int, default=DEFAULT_END_YEAR, help="last year of the dataset")
        parser.add_argument(
            "--region", type=Path, default=None,
            help="directory with the region's reference CSV files (default: the bundled Utrecht region)",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            counts = generate_dataset(
                options["out"], seed=options["seed"], scale=options["scale"], years=options["years"],
                end_year=options["end_year"], region_dir=options["region"],
            )
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        if options["verbosity"] >= 1:
            for name, count in counts.items():
                self.stdout.write(f"{name:<28} {count:>9,}")
            self.stdout.write(f"wrote {sum(counts.values()):,} rows to {options['out']} in {seconds:.1f} s")
