"""Write `signals.csv` (after `SignalChecks` passed it): upserted by `signal_ref`, equal rows left alone.

The subject is looked up as `format` reads `subject_ref` (the approach's unit first, then the other kind); an
empty one is an anonymous signal. A registration holds at most one signal: the signals whose registration the
dataset changes let go of it first, so that links may move between signals within one import. What the format
has no column for (the professional, question, advice, follow-up date, who handled it) is never touched.
"""

from procesregie.casework.models import Registration
from procesregie.signals.models import Signal

from . import format as fmt
from . import loading  # its upsert and chunks; loading calls this module in turn

FIELDS = [
    "approach_id", "date", "kind", "reported_by_id", "municipality_id", "person_id", "system_id", "outcome",
    "registration_id",
]


def load_signals(data, ids: dict, units: dict[str, str]) -> None:
    """Upsert the signals of the dataset; `ids` the loader's code/ref → id maps, `units` approach code → unit."""
    records = data[fmt.SIGNALS]
    if not records:
        return
    registration = {}
    for refs in loading.chunks(sorted({r["case_ref"] for r in records if r["case_ref"]})):
        registration.update(Registration.objects.filter(ref__in=refs).values_list("ref", "id"))
    person, system = ids["person"], ids["system"]

    def subject(r) -> tuple[int | None, int | None]:
        ref = r["subject_ref"]
        if ref is None:
            return None, None
        if units[r["approach"]] == "system":
            return (None, system[ref]) if ref in system else (person[ref], None)
        return (person[ref], None) if ref in person else (None, system[ref])

    rows = {}
    for r in records:
        person_id, system_id = subject(r)
        rows[r["signal_ref"]] = {
            "approach_id": ids["approach"][r["approach"]], "date": r["date"], "kind": r["kind"],
            "reported_by_id": ids["organisation"][r["reported_by"]],
            "municipality_id": ids["municipality"][r["municipality"]] if r["municipality"] else None,
            "person_id": person_id, "system_id": system_id, "outcome": r["outcome"] or "",
            "registration_id": registration[r["case_ref"]] if r["case_ref"] else None,
        }
    _release_moving_links(rows)
    loading.upsert(Signal, "ref", rows, FIELDS)


def _release_moving_links(rows: dict) -> None:
    """Stored signals of the dataset whose registration changes let go of it (and of the outcome `aanmelding`,
    which needs one) before the upsert, so that another signal of the dataset can take it over."""
    moving = [
        pk for pk, ref, registration_id in Signal.objects.filter(registration__isnull=False).values_list(
            "id", "ref", "registration_id"
        ) if ref in rows and rows[ref]["registration_id"] != registration_id
    ]
    for pks in loading.chunks(moving):
        Signal.objects.filter(id__in=pks).update(registration=None, outcome="")
