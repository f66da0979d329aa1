"""`procesregie demo-data --out DIR`: write a synthetic dataset (never real persons) in the interchange format.

With `--calibrate TARGET.json` the dataset is calibrated: its annual report for the target's year (or
`--year`) reproduces every figure the target gives (shared/spec/annual-report.md, "Calibrated synthetic
data"); a target that cannot be met is refused with a message naming the figure.

With `--calibrate OUTCOMES.json` (`"report": "outcomes"`) the dataset's outcomes report for the target's window and
as_of gives its recidivism figures (synthetic/calibrate/recidivism.py). With `--recidivism TARGETS.json` beside an
annual target, the police registrations before and after the first discussion meet those totals per approach and
cohort year (synthetic/calibrate/demo_recidivism.py; `make demo` uses synthetic/data/demo-recidivism.json).

With `--as-of DATE` (or `--as-of today`, as `make demo` does) the cases still in regie at the end of the data are
continued up to that day: discussions, measurements, interventions due around it and a few registrations to
triage (synthetic/present.py); the rows up to the end of the data, and so its figures, stay as they are.
"""

import datetime
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from procesregie.synthetic.generator import DEFAULT_END_YEAR, DEFAULT_SEED, generate_dataset
from procesregie.synthetic.profiles import SCALES


class Command(BaseCommand):
    help = "Write a synthetic dataset (interchange format, version 2) into a directory."
    requires_system_checks = []  # writes files only; needs neither the database nor the URLconf

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="directory to write the CSV files into")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (same seed, same files)")
        parser.add_argument("--scale", choices=list(SCALES), default=None, help="demo (default) or large")
        parser.add_argument("--years", type=int, default=None, help="number of years (default: per scale)")
        parser.add_argument(
            "--end-year", type=int, default=None, help=f"last year of the dataset (default: {DEFAULT_END_YEAR})"
        )
        parser.add_argument(
            "--region", type=Path, default=None,
            help="directory with the region's reference CSV files (default: the bundled Utrecht region)",
        )
        parser.add_argument(
            "--calibrate", type=Path, default=None, metavar="TARGET.json",
            help="write a dataset whose annual report reproduces the figures of this target (report JSON shape)",
        )
        parser.add_argument(
            "--recidivism", type=Path, default=None, metavar="TARGETS.json",
            help="with --calibrate: police registrations before and after per approach and cohort year (e.g. "
                 "src/procesregie/synthetic/data/demo-recidivism.json)",
        )
        parser.add_argument(
            "--year", type=int, default=None,
            help="with --calibrate: the report year to calibrate (default: the target's \"year\")",
        )

        parser.add_argument(
            "--as-of", default=None, metavar="YYYY-MM-DD|today",
            help="continue the open cases from the end of the data up to this day (not after today)",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        calibrate = options["calibrate"]
        as_of = self._as_of(options["as_of"])
        try:
            if calibrate is not None:
                for option in ("scale", "years", "end_year"):
                    if options[option] is not None:
                        raise CommandError(f"--{option.replace('_', '-')} cannot be combined with --calibrate")
                from procesregie.synthetic.calibrate import calibrate_dataset

                counts = calibrate_dataset(
                    calibrate, options["out"], seed=options["seed"], year=options["year"], region_dir=options["region"],
                    as_of=as_of, recidivism=options["recidivism"],
                )
            else:
                if options["year"] is not None:
                    raise CommandError("--year needs --calibrate (use --end-year for the plain demo)")
                if options["recidivism"] is not None:
                    raise CommandError("--recidivism needs --calibrate")
                end_year = options["end_year"] or DEFAULT_END_YEAR
                if end_year >= timezone.localdate().year:
                    # The dataset runs to 31 December of its last year; the importer refuses dates after today.
                    raise CommandError(
                        f"--end-year {end_year} would write dates after today; choose a year before "
                        f"{timezone.localdate().year}"
                    )
                counts = generate_dataset(
                    options["out"], seed=options["seed"], scale=options["scale"] or "demo", years=options["years"],
                    end_year=end_year, region_dir=options["region"], as_of=as_of,
                )
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        if options["verbosity"] >= 1:
            for name, count in counts.items():
                self.stdout.write(f"{name:<28} {count:>9,}")
            self.stdout.write(f"wrote {sum(counts.values()):,} rows to {options['out']} in {seconds:.1f} s")

    @staticmethod
    def _as_of(value: str | None) -> datetime.date | None:
        if value is None:
            return None
        today = timezone.localdate()
        if value == "today":
            return today
        try:
            if len(value) != 10:  # exactly YYYY-MM-DD, as the interchange format writes dates
                raise ValueError(value)
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--as-of {value!r} is not a date (YYYY-MM-DD) or 'today'") from None
        if day > today:
            # The importer refuses anything that happened after the day of the import.
            raise CommandError(f"--as-of {value} lies after today ({today.isoformat()})")
        return day
