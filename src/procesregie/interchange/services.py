"""Import and export of interchange datasets: the only entry points that write or read whole datasets."""

from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_accesses
from procesregie.reference.services import closing_reasons_ensure, default_tables_ensure
from procesregie.subjects.models import Person, System

from . import format as fmt
from .checks import DatasetChecks
from .export import write_dataset
from .loading import DatasetLoader
from .meeting_links import meetings_link
from .problems import DatasetInvalid, Problems
from .reading import read_dataset

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference" / "data" / "utrecht"
# From this many rows on, an import on PostgreSQL refreshes the planner's statistics before it returns.
ANALYZE_FROM_ROWS = 10_000


@dataclass
class ImportResult:
    rows: dict[str, int]


def dataset_import(*, actor, directory: Path, progress=None, reference_only: bool = False) -> ImportResult:
    """Check a dataset completely, then write it in one transaction. Raises DatasetInvalid (nothing changed).

    `reference_only` reads only the reference files (used for the bundled reference data).
    """
    problems = Problems()
    specs = fmt.REFERENCE_FILES if reference_only else fmt.ALL_FILES
    required = [] if reference_only else fmt.REQUIRED_FILES
    closing_reasons_ensure(actor=actor)
    dataset = read_dataset(Path(directory), specs, required, problems, progress)
    if dataset.records:
        DatasetChecks(dataset, problems, today=timezone.localdate()).run()
    if problems:
        raise DatasetInvalid(problems)
    try:
        with transaction.atomic():
            DatasetLoader(dataset, progress).load()
            default_tables_ensure(actor=actor)
            meetings_link(dataset)  # after the default tables: a meeting's table may be one of them
            _log_subjects(actor, Action.UPDATE, *_dataset_subject_refs(dataset))
    except (IntegrityError, DatabaseError) as error:
        # A conflict the checks did not foresee (e.g. a concurrent change): refuse the dataset as a whole.
        problems.add("-", 0, "", _("de dataset botst met gegevens in de installatie: %(error)s") % {"error": error})
        raise DatasetInvalid(problems) from error
    result = ImportResult(rows={name: len(records) for name, records in dataset.records.items()})
    _statistics_refresh(sum(result.rows.values()))
    return result


def _statistics_refresh(rows: int) -> None:
    """After a large import on PostgreSQL: ANALYZE, so that the next queries are planned on the new sizes.

    Until autovacuum gets round to it, PostgreSQL plans with the statistics of the (nearly empty) tables before
    the import; a meeting page of a freshly imported region then ran a nested loop over 100,000 agenda items
    for minutes. SQLite plans without such statistics.
    """
    if rows >= ANALYZE_FROM_ROWS and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def reference_load(*, actor, directory: Path = REFERENCE_DIR) -> ImportResult:
    """Load (upsert) reference data files; the bundled Utrecht region by default."""
    return dataset_import(actor=actor, directory=directory, reference_only=True)


def dataset_export(*, actor, directory: Path) -> dict[str, int]:
    """Write the whole installation as a dataset into `directory` (created if needed). Returns rows per file."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():  # one consistent snapshot, and its log entries with it
        rows = write_dataset(directory)
        _log_subjects(actor, Action.EXPORT, None, None)
    return rows


def _dataset_subject_refs(dataset) -> tuple[set[str], set[str]]:
    """The refs of the persons and systems a dataset writes: its subject files and its cases' and signals' subjects."""
    persons = {r["person_ref"] for r in dataset[fmt.PERSONS]} | {r["person_ref"] for r in dataset[fmt.POLICE_REGISTRATIONS]}
    systems = {r["system_ref"] for r in dataset[fmt.SYSTEMS]} | {r["system_ref"] for r in dataset[fmt.SYSTEM_MEMBERS]}
    subjects = [r["subject_ref"] for r in dataset[fmt.CASES]] + [r["subject_ref"] for r in dataset[fmt.SIGNALS]]
    for ref in subjects:
        if ref is not None:
            persons.add(ref)  # a system's ref simply matches no person, and vice versa
            systems.add(ref)
    return persons, systems


def _log_subjects(actor, action: str, person_refs: set[str] | None, system_refs: set[str] | None) -> None:
    """One access-log entry per data subject named (None: every subject of the installation)."""
    targets = []
    for model, refs in ((Person, person_refs), (System, system_refs)):
        for pk, ref, key in model.objects.values_list("pk", "ref", "subject_key").iterator(chunk_size=5000):
            if refs is None or ref in refs:
                targets.append(AccessTarget(obj=model(pk=pk, subject_key=key)))
    if targets:
        record_accesses(actor=actor, action=action, targets=targets)
