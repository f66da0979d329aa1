"""`procesregie report annual --year Y --format json|csv [--out FILE] [--suppress-below N]`.

The figures come from `reporting.annual` (shared/spec/annual-report.md; with last year's flow for the formats
that show it, from the same queries); the bytes from `reporting.formats.FORMATS`, so a format added there is
available here at once. A pure read.

No system checks: they import every URLconf and view of the site (0.15 s or more on every run, about as long
as the report's queries) and check nothing this command uses; `procesregie check`, `migrate` and the server
still run them.
"""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from procesregie.reporting.annual import annual_report, annual_report_with_comparison
from procesregie.reporting.formats import COMPARISON_FORMATS, FORMATS, TEXT_FORMATS, UNSUPPRESSED_FORMATS

FIRST_YEAR, LAST_YEAR = 1900, 2999

ANNUAL_EPILOG = """\
formats:
  json  the document of shared/spec/annual-report.md (version 2): UTF-8, indent 1, keys in a fixed order.
        For internal use: --suppress-below does not apply to it.
  csv   one long table with the columns approach,table,key,subkey,value, e.g.
          topx-west,flow,start,,32
          topx-west,outflow_by_reason,positief,,10
          topx-west,declined,,,0
          topx-west,by_municipality,GM0344,start,2
          topx-west,domain_progress,huisvesting,+2,16
          topx-west,signals,count,,12
          topx-west,signals,by_kind,melding,9
          topx-west,escalations,by_outcome,afspraak_gemaakt,2
          mda,persons_involved,,,346
          ,totals,person,caseload,412
        A figure without key (unit, declined, persons_involved) leaves key and subkey empty; a nested map
        (by_municipality, by_district, domain_progress, the count maps in signals and escalations) has the
        figure, delta or kind as subkey; totals have an empty approach, the unit as key and the figure as
        subkey. With --suppress-below N every count above 0 and below N is written as "<N", and the
        fewest, smallest other counts as "afg." so that no "<N" can be recomputed from a sum (rows, columns,
        districts, parent approaches, totals); html, pdf and xlsx hide the same counts.
"""


def year(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}") from None
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"year {number} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return number


def threshold(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


class Command(BaseCommand):
    help = "Compute a report from the installation's data. Reports: annual (the annual report)."
    requires_system_checks = []

    def add_arguments(self, parser):
        reports = parser.add_subparsers(dest="report", metavar="REPORT", required=True)
        annual = reports.add_parser(
            "annual", help="the annual report of one year (jaarverslag)",
            description="The annual report of year Y: every figure of shared/spec/annual-report.md.",
            epilog=ANNUAL_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        annual.add_argument("--year", type=year, required=True, metavar="Y", help="the calendar year")
        annual.add_argument("--format", choices=sorted(FORMATS), default="json", help="output format (default: json)")
        annual.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
        annual.add_argument(
            "--suppress-below", type=threshold, metavar="N",
            help="publish counts above 0 and below N as \"<N\", and as \"x\" the counts that would reveal one "
                 "through a sum (not in json, which is for internal use)",
        )

    def handle(self, *args, **options):
        fmt, suppress_below, out = options["format"], options["suppress_below"], options["out"]
        if suppress_below and fmt in UNSUPPRESSED_FORMATS:
            self.stderr.write(f"--suppress-below is ignored for {fmt}: {fmt} is for internal use and never suppressed.")
            suppress_below = None
        if out is None and fmt not in TEXT_FORMATS:
            raise CommandError(f"{fmt} is a binary format: give --out FILE")
        try:
            if fmt in COMPARISON_FORMATS:
                report, comparison = annual_report_with_comparison(year=options["year"])
            else:
                report, comparison = annual_report(year=options["year"]), None
        except DatabaseError as error:
            raise CommandError(f"cannot read the installation's database (is it migrated?): {error}") from error
        content = FORMATS[fmt](report, suppress_below, comparison)
        if out is None:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror or error}") from error
        if options["verbosity"] >= 2:
            self.stderr.write(f"wrote {len(content):,} bytes to {out}")
