"""Bench step for the inzage document of a data subject with a five-year history, as the privacy officer gets it:
the PDF and the JSON download through Django's test client (every middleware, the session, the second factor, the
access log), on a fresh SQLite database, best of three cold requests each (the cache is cleared before each). Target:
under 2 s each (issue 14). The CPU time of the process is printed beside it: the test client, SQLite and WeasyPrint
all run in it, so wall minus CPU is what other work on the machine cost.

The subject is built by tests/privacy/history.py on tests/personas.py's world: the world's case grown to five years
by tests/casepage/long_case.py (55 discussions with notes, 25 interventions, ten goals, 15 measurement moments on
eight life domains, a dozen partners), 20 updates, a decision, an earlier closed case, a household with its own
registration, five signals and police registrations, an extension, a correction, and 2,000 access-log entries.

`inzage_step(bench)` is a step for bench/run.py; `python bench/inzage.py measure` runs inside the app's environment
(DATABASE_URL) and prints the figures as JSON; `python bench/inzage.py` prints them with the verdict.
"""

import json
import sys
import time
from pathlib import Path

from in_app import fresh_sqlite, logged_in_client, measured_in_app, personas_world, timed_main, timed_step

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
DATABASE = OUT_DIR / "inzage.sqlite3"
TARGET_SECONDS = 2.0
RUNS = 3
YEARS = 5
READS_PER_YEAR = 400


# --- inside the app's environment ------------------------------------------------------------------------


def measure() -> dict:
    world = personas_world()
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from procesregie.privacy.services import inzage_record
    from tests.privacy.history import add_history

    person = add_history(world, years=YEARS, reads_per_year=READS_PER_YEAR)
    officer = world.users["privacy_officer"]
    inzage = inzage_record(actor=officer, subject=person, received_on=timezone.localdate())
    client = logged_in_client(officer)
    url = reverse("privacy:inzage-document", args=[person.subject_key, inzage.pk])
    marks = {"pdf": b"%PDF", "json": b'"access_log"'}

    def request(kind: str) -> tuple[float, float]:
        cache.clear()
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, {"format": kind})
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert response.status_code == 200 and marks[kind] in response.content[:200_000], response.status_code
        return seconds, cpu

    result = {}
    for kind in ("pdf", "json"):
        client.get(url, {"format": kind})  # imports, template loading, fonts: a running server has them
        runs = [request(kind) for _ in range(RUNS)]
        timings = [seconds for seconds, _cpu in runs]
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url, {"format": kind}).content)
        result[kind] = {"best": min(timings), "timings": timings, "cpu": min(cpu for _s, cpu in runs),
                        "queries": len(queries), "bytes": size}
    document = json.loads(client.get(url, {"format": "json"}).content)
    case = next(r["case"] for r in document["registrations"] if r["case"] and r["case"]["status"] == "in regie")
    result["subject"] = {
        "registrations": len(document["registrations"]), "discussions": len(case["discussions"]),
        "measurements": len(case["measurements"]), "interventions": len(case["interventions"]),
        "signals": len(document["signals"]), "access_log": len(document["access_log"]),
    }
    return result


# --- the step ---------------------------------------------------------------------------------------------


def figures() -> dict:
    return measured_in_app(Path(__file__).resolve(), ["measure"], fresh_sqlite(DATABASE), "the inzage document")


NAMES = {"pdf": "inzage document PDF of a 5-year history (test client, privacy officer, best of 3)",
         "json": "inzage document JSON of a 5-year history (test client, privacy officer, best of 3)"}


def inzage_step(bench):
    """Two Results (bench/run.py's class): the PDF and the JSON."""
    return timed_step(bench, figures, NAMES, TARGET_SECONDS, RUNS)


if __name__ == "__main__":
    sys.exit(timed_main(sys.argv[1:], measure=measure, figures=figures, names=NAMES, target=TARGET_SECONDS, runs=RUNS,
                        about="subject", doc=__doc__))
