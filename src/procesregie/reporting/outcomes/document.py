"""Writing the rolled-up approaches as the JSON document of the spec, in a fixed key order (stable byte for
byte): approaches in the annual report's order, domains in display order, organisations by code, statuses in
the order agreed, running, done, cancelled, then overdue."""

from collections import Counter

from .definitions import STATUSES, Window, improved_pct
from .statistics import wilson95
from .tally import Own, PoliceRecord, recidivism_with_comparison

PROGRESS_KEYS = ("improved", "same", "worse")


def domain_progress(progress: dict[int, Counter], domains: dict[int, str]) -> dict[str, dict]:
    """Only domains with n > 0, in display order (`domains`: id → code in that order)."""
    block = {}
    for domain_id, code in domains.items():
        counts = progress.get(domain_id)
        n = sum(counts[key] for key in PROGRESS_KEYS) if counts else 0
        if n:
            block[code] = {
                "n": n, **{key: counts[key] for key in PROGRESS_KEYS},
                "improved_pct": improved_pct(counts["improved"], n),
                "wilson95": wilson95(counts["improved"], n),
            }
    return block


def follow_through(counts_by_organisation: dict[str, Counter]) -> dict[str, dict[str, int]]:
    """Per organisation code, the statuses with a count above 0 and `overdue` when above 0."""
    block = {}
    for organisation, counts in sorted(counts_by_organisation.items()):
        figures = {key: counts[key] for key in (*STATUSES, "overdue") if counts[key]}
        if figures:
            block[organisation] = figures
    return block


def approach_block(window: Window, own: Own, police: PoliceRecord, domains: dict[int, str]) -> dict:
    return {
        "recidivism": recidivism_with_comparison(window, own, police),
        "domain_progress": domain_progress(own.progress, domains),
        "follow_through": follow_through(own.follow_through),
    }
