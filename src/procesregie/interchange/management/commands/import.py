import sys
from pathlib import Path
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from procesregie.interchange.problems import DatasetInvalid, Problems
from procesregie.interchange.services import dataset_import


class Command(BaseCommand):
    help = "Load an interchange dataset (a directory of CSV files): atomic and idempotent."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--errors-csv", type=Path,
            help="also write every problem to this CSV file (its folder must exist; header only when there are none)",
        )

    def handle(self, *args, directory: Path, errors_csv: Path | None, **options):
        # Refused before anything is read: a problems file that cannot be written is found out now, not
        # after the problems were printed (and a stale file from an earlier run never survives this one).
        problems_file = _open_problems_file(errors_csv, directory) if errors_csv else None
        try:
            result = self._import(directory, problems_file, options["verbosity"])
        finally:
            if problems_file:
                problems_file.close()
        if options["verbosity"] > 0:
            summary = ", ".join(f"{name}: {count}" for name, count in sorted(result.rows.items()))
            self.stdout.write(f"Imported {directory} ({summary}).")

    def _import(self, directory: Path, problems_file: TextIO | None, verbosity: int):
        show = sys.stderr.isatty() and verbosity > 0
        with tqdm(total=_row_estimate(directory) * 2, unit=" rows", desc="import", disable=not show, leave=False) as progress:
            try:
                result = dataset_import(actor=None, directory=directory, progress=progress)
            except DatasetInvalid as invalid:
                for problem in invalid.problems.sorted():
                    self.stderr.write(str(problem))
                if problems_file:
                    invalid.problems.write_csv(problems_file)
                raise CommandError(f"{len(invalid.problems)} problem(s); nothing was imported.", returncode=1) from None
        if problems_file:
            Problems().write_csv(problems_file)
        return result


def _open_problems_file(path: Path, directory: Path) -> TextIO:
    """Open (and so create or empty) the --errors-csv file, or refuse with a message an operator can act on.

    A missing folder is refused rather than created: it is most likely a typing error, and the problems
    quote the dataset's cells, which should not land in a folder nobody meant to make.
    """
    if path.resolve().parent == directory.resolve():
        raise CommandError(f"--errors-csv {path}: not inside the dataset folder, where it would be read as part "
                           "of the dataset; nothing was imported.")
    if not path.parent.is_dir():
        raise CommandError(f"--errors-csv {path}: the folder {path.parent} does not exist; nothing was imported.")
    try:
        return path.open("w", newline="", encoding="utf-8")
    except OSError as error:
        raise CommandError(f"--errors-csv {path}: cannot be written ({error.strerror}); nothing was imported.") from None


def _row_estimate(directory: Path) -> int:
    """Data rows in the dataset, for the progress bar only: what is not a readable regular file counts 0
    (the import itself reports it)."""
    total = 0
    for path in directory.glob("*.csv") if directory.is_dir() else ():
        try:
            if path.is_file():
                total += max(0, path.read_bytes().count(b"\n") - 1)
        except OSError:
            continue
    return total
