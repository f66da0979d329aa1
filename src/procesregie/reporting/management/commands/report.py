"""`procesregie report annual --year Y --format json|csv|html|pdf|xlsx [--out FILE] [--suppress-below N]
[--with-outcomes]` and `procesregie report outcomes --from DATE --to DATE [--as-of DATE] --format ... [--out FILE]
[--suppress-below N]`.

The annual figures come from `reporting.annual` (shared/spec/annual-report.md; with last year's flow for the
formats that show it, from the same queries); the bytes from `reporting.formats.FORMATS`, so a format added there
is available here at once. `--with-outcomes` (html, pdf) adds the outcomes chapter: the outcomes report of the
cohort year before, measured at the end of the report's year, or today while that is still to come
(`outcomes.annual_chapter_window`).

The outcomes figures come from `reporting.outcomes` (shared/spec/outcomes.md), the bytes from
`reporting.outcome_formats.OUTCOME_FORMATS`. A pure read. A file given with --out is written whole or not at
all (a temporary file beside it, renamed into place): an error leaves no half-written or empty file behind.

No system checks: they import every URLconf and view of the site (0.15 s or more on every run, about as long
as the report's queries) and check nothing this command uses; `procesregie check`, `migrate` and the server
still run them.
"""

import argparse
import contextlib
import datetime
import os
import re
import stat
import tempfile
import textwrap
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from procesregie.reporting.annual import annual_report, annual_report_with_comparison
from procesregie.reporting.formats import COMPARISON_FORMATS, FORMATS, TEXT_FORMATS, UNSUPPRESSED_FORMATS
from procesregie.reporting.outcome_formats import (
    CSV_HELP,
    OUTCOME_FORMATS,
    TEXT_OUTCOME_FORMATS,
    UNSUPPRESSED_OUTCOME_FORMATS,
)
from procesregie.reporting.outcomes import OutcomesWindowError, annual_chapter_window, outcomes_report

FIRST_YEAR, LAST_YEAR = 1900, 2999
OUTCOMES_CHAPTER_FORMATS = {"html", "pdf"}  # the annual renderings that can carry the outcomes chapter

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
  html, pdf, xlsx  the report for readers; --with-outcomes (html, pdf) adds the chapter "Resultaten": the
        outcomes report (report outcomes) of the persons first discussed in the year before Y, measured on
        31 December of Y.
"""

OUTCOMES_EPILOG = """\
The window is a cohort: the persons first discussed (the reference day) from --from to --to, both inclusive.
Their police registrations are counted in the year before and the year after that day; persons whose year after
has not passed on --as-of (default: today) are counted as not eligible. Life-domain progress counts the
trajectories that ended in the window, follow-through the interventions agreed in it (overdue on --as-of).

formats:
  json  the document of shared/spec/outcomes.md (version 1): UTF-8, indent 1, keys in a fixed order. Exact
        figures, for internal use: --suppress-below does not apply to it.
  csv   {csv_help}
  html  a standalone page with tables and charts; pdf and xlsx the same for print and spreadsheets (--out
        required). With --suppress-below N, html, pdf, xlsx and csv hide every count above 0 and below N, and
        whatever would let a reader recompute one from a sum.
"""


def year(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}") from None
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"year {number} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return number


def iso_date(value: str) -> datetime.date:
    """A calendar date written exactly as YYYY-MM-DD."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} ({error})") from None


def threshold(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


class Command(BaseCommand):
    help = ("Compute a report from the installation's data. Reports: annual (the annual report), outcomes "
            "(recidivism, life-domain progress and follow-through per approach and cohort).")
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
        annual.add_argument(
            "--with-outcomes", action="store_true",
            help="html and pdf: add the chapter 'Resultaten' (the outcomes of the persons first discussed in the "
                 "year before Y, measured on 31 December of Y)",
        )
        outcomes = reports.add_parser(
            "outcomes", help="did it work? recidivism, life-domain progress and follow-through (resultaten)",
            description="The outcomes report of a cohort window: every figure of shared/spec/outcomes.md.",
            epilog=OUTCOMES_EPILOG.format(csv_help=textwrap.indent(CSV_HELP.strip(), " " * 8).lstrip()),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        outcomes.add_argument("--from", dest="first", type=iso_date, required=True, metavar="DATE",
                              help="first reference day of the cohort window (YYYY-MM-DD, inclusive)")
        outcomes.add_argument("--to", dest="last", type=iso_date, required=True, metavar="DATE",
                              help="last reference day of the cohort window (YYYY-MM-DD, inclusive)")
        outcomes.add_argument("--as-of", dest="as_of", type=iso_date, metavar="DATE",
                              help="the day the figures are taken on (peildatum; default: today)")
        outcomes.add_argument("--format", choices=sorted(OUTCOME_FORMATS), default="json",
                              help="output format (default: json)")
        outcomes.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
        outcomes.add_argument(
            "--suppress-below", type=threshold, metavar="N",
            help="publish counts above 0 and below N as \"<N\", and hide the counts that would reveal one "
                 "through a sum (not in json, which is for internal use)",
        )

    def handle(self, *args, **options):
        if options["report"] == "outcomes":
            content = self._outcomes(options)
        else:
            content = self._annual(options)
        self._emit(content, options)

    def _threshold(self, fmt: str, suppress_below: int | None, unsuppressed: set[str]) -> int | None:
        if suppress_below and fmt in unsuppressed:
            self.stderr.write(f"--suppress-below is ignored for {fmt}: {fmt} is for internal use and never suppressed.")
            return None
        return suppress_below

    def _annual(self, options) -> bytes:
        fmt, out = options["format"], options["out"]
        suppress_below = self._threshold(fmt, options["suppress_below"], UNSUPPRESSED_FORMATS)
        if out is None and fmt not in TEXT_FORMATS:
            raise CommandError(f"{fmt} is a binary format: give --out FILE")
        if options["with_outcomes"] and fmt not in OUTCOMES_CHAPTER_FORMATS:
            raise CommandError(f"--with-outcomes is for {' and '.join(sorted(OUTCOMES_CHAPTER_FORMATS))}, not {fmt}")
        try:
            if fmt in COMPARISON_FORMATS:
                report, comparison = annual_report_with_comparison(year=options["year"])
            else:
                report, comparison = annual_report(year=options["year"]), None
            outcomes = None
            if options["with_outcomes"]:
                first, last, as_of = annual_chapter_window(options["year"], today=timezone.localdate())
                outcomes = outcomes_report(first=first, last=last, as_of=as_of)
        except DatabaseError as error:
            raise CommandError(f"cannot read the installation's database (is it migrated?): {error}") from error
        if outcomes is not None:
            return FORMATS[fmt](report, suppress_below, comparison, outcomes=outcomes)
        return FORMATS[fmt](report, suppress_below, comparison)

    def _outcomes(self, options) -> bytes:
        fmt, out = options["format"], options["out"]
        first, last = options["first"], options["last"]
        as_of = options["as_of"] or timezone.localdate()
        if first > last:
            raise CommandError(f"--from {first} is after --to {last}: the window would be empty")
        if as_of > timezone.localdate():
            raise CommandError(f"--as-of {as_of} is after today: a year of follow-up that has not passed cannot be "
                               "counted")
        suppress_below = self._threshold(fmt, options["suppress_below"], UNSUPPRESSED_OUTCOME_FORMATS)
        if out is None and fmt not in TEXT_OUTCOME_FORMATS:
            raise CommandError(f"{fmt} is a binary format: give --out FILE")
        try:
            report = outcomes_report(first=first, last=last, as_of=as_of)
            return OUTCOME_FORMATS[fmt](report, suppress_below)  # a format that needs the names reads them
        except OutcomesWindowError as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(f"cannot read the installation's database (is it migrated?): {error}") from error

    def _emit(self, content: bytes, options) -> None:
        out = options["out"]
        if out is None:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        write_whole(out, content)
        if options["verbosity"] >= 2:
            self.stderr.write(f"wrote {len(content):,} bytes to {out}")


def write_whole(path: Path, content: bytes) -> None:
    """Write `content` to `path` whole or not at all: into a temporary file in the same directory, renamed over
    `path` when complete (a crash or a full disk leaves `path` as it was, and no temporary file). A symbolic link
    is followed (the file it names is replaced, the link stays); a device or pipe (`/dev/null`, `/dev/stdout`) is
    written to as it is, never replaced."""
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file() and not target.is_dir():
        try:
            with target.open("wb") as stream:
                stream.write(content)
        except OSError as error:
            raise CommandError(f"cannot write {path}: {error.strerror or error}") from error
        return
    temporary = None
    try:
        # The permissions of the file it replaces (a file kept private stays private), else the umask's.
        mode = stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~_umask()
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
