"""Bench step for the case page of an eight-year case, as its procesregisseur gets it: through Django's test client
(every middleware, the session, the second factor, the access log), on a fresh SQLite database, best of three
cold requests (the cache is cleared before each; nothing is kept between requests). Target: under 300 ms.

The case is built by tests/casepage/long_case.py on tests/personas.py's world, the same case whose query count the
tests keep constant: about 88 discussions at its table, a dozen partners who came and went, ten goals and forty
interventions (each agreed by a decision of a meeting, with about thirty other decisions), 24 measurement moments on
eight life domains (recorded through the service, with notes), and the timeline that follows from them.

`case_page_step(bench)` is a step for bench/run.py (SQLite, then PostgreSQL in a throwaway cluster);
`python bench/case_page.py [DATABASE_URL of an empty database]` prints the figure with its verdict;
`python bench/case_page.py measure` runs inside the app's environment (DATABASE_URL) and prints the figures as JSON.
"""

import json
import os
import sys
import time
from pathlib import Path

from in_app import fresh_sqlite, logged_in_client, long_case_world, measured_in_app

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
DATABASE = OUT_DIR / "case-page.sqlite3"
TARGET_SECONDS = 0.300
RUNS = 3


# --- inside the app's environment ------------------------------------------------------------------------


def measure() -> dict:
    world, case = long_case_world()
    regisseur = world.users["regisseur"]
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = logged_in_client(regisseur)
    url = reverse("casework:case-detail", args=[case.pk])
    client.get(url)  # imports, template loading and connections: a running server has them

    cpu: list[float] = []

    def request() -> float:
        cache.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        seconds = time.perf_counter() - started
        cpu.append(time.process_time() - started_cpu)  # this process only: not PostgreSQL's server
        assert response.status_code == 200 and b'id="timeline"' in response.content, response.status_code
        return seconds

    timings = [request() for _ in range(RUNS)]
    with CaptureQueriesContext(connection) as queries:
        size = len(client.get(url).content)
    return {
        "best": min(timings), "timings": timings, "cpu": min(cpu), "queries": len(queries), "bytes": size,
        "discussions": case.discussions.count(), "measurements": case.measurements.count(),
        "interventions": case.interventions.count(), "participants": case.participations.count(),
        "goals": case.goals.count(),
    }


# --- the step ---------------------------------------------------------------------------------------------


def figures(database_url: str | None = None) -> dict:
    """Measure on `database_url` (an empty database), by default a fresh SQLite file."""
    return measured_in_app(Path(__file__).resolve(), ["measure"], database_url or fresh_sqlite(DATABASE), "the case page")


def describe(result: dict) -> str:
    return (f"Python CPU {result['cpu'] * 1000:.0f} ms, load average {os.getloadavg()[0]:.1f}; "
            f"{result['discussions']} discussions, {result['measurements']} measurements, "
            f"{result['interventions']} interventions, {result['participants']} participants, "
            f"{result['queries']} queries, {result['bytes'] // 1024} KiB")


def case_page_step(bench):
    """Results (bench/run.py's class) for the case page of the eight-year case: on SQLite, then on PostgreSQL in a
    throwaway cluster (skipped when PostgreSQL is not installed; BENCH_DATABASE_URL holds the imported dataset,
    which the personas' world would collide with)."""
    from pg_cluster import ClusterUnavailable, throwaway_cluster

    Result = sys.modules[type(bench).__module__].Result
    results = []

    def measured(name: str, database_url: str | None = None) -> None:
        try:
            result = figures(database_url)
        except RuntimeError as failure:
            results.append(Result(name, error=str(failure)))
            return
        print(f"  {name}: {result['best'] * 1000:.0f} ms "
              f"({', '.join(f'{t * 1000:.0f}' for t in result['timings'])} ms); {describe(result)}", flush=True)
        results.append(Result(name, result["best"], TARGET_SECONDS))

    measured("case page of an 8-year case on SQLite (test client, regisseur, best of 3)")
    name = "case page of an 8-year case on PostgreSQL (throwaway cluster)"
    try:
        with throwaway_cluster() as (url, version):
            measured(f"case page of an 8-year case on PostgreSQL {version} (test client, regisseur, best of 3)", url)
    except ClusterUnavailable as reason:
        results.append(Result(name, target=TARGET_SECONDS, skipped=str(reason)))
    return results


def main(argv: list[str]) -> int:
    if argv == ["measure"]:
        print(json.dumps(measure()))
        return 0
    if not argv or argv[0].startswith(("sqlite:", "postgres")):  # on its own: the figure with its verdict
        result = figures(argv[0] if argv else None)
        verdict = "PASS" if result["best"] < TARGET_SECONDS else "MISS"
        print(f"case page of an 8-year case: {result['best'] * 1000:.0f} ms (target < {TARGET_SECONDS * 1000:.0f} ms, "
              f"best of {RUNS}: {', '.join(f'{t * 1000:.0f}' for t in result['timings'])} ms) {verdict}; "
              f"{describe(result)}")
        return 0 if verdict == "PASS" else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
