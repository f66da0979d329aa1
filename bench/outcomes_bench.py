"""Bench steps for the outcomes report (issue 15) on the large dataset, for one cohort year with a full year of
follow-up (the year before the dataset's last full year, measured at the end of that last year):

- `procesregie report outcomes --format json`, timed as a process as a user gets it (report_bench's `_run`: one
  uncounted run fills the bytecode cache, then the best of three), on SQLite and, inside bench/run.py's
  PostgreSQL step, on PostgreSQL; DuckDB computes the same recidivism figures straight from the dataset's CSV
  files with the spec's definitions (below), every exact figure must be equal (a difference fails the step and
  is printed), and the ratio of the command's time to DuckDB's is printed. Target: under 2 s.
- the page /rapportage/resultaten/ through Django's test client as a logged-in manager (every middleware, the
  session, the second factor, the access log): the first view with an empty cache, the best of three views with
  the cache cleared before each, and the best of three repeated views (the rendering cache kept: only the
  figures are computed again). Target: under 2 s for the first and the cold views. Beside them
  `outcomes_report()` alone, in the same process, against DuckDB (informational).

`outcomes_json_sqlite` and `outcomes_page_step` are steps for bench/run.py's STEPS, `outcomes_json_step` the piece
its PostgreSQL step runs in the same cluster; `python bench/outcomes_bench.py measure FROM TO AS_OF` runs inside
the app's environment (DATABASE_URL) and prints the page's timings as JSON; `python bench/outcomes_bench.py
DATASET_DIR DATABASE_URL` prints the JSON command's timings against DuckDB.
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

from in_app import logged_in_client, measured_in_app
from report_bench import (
    OUT_DIR,
    REPORT_TARGET_SECONDS,
    FiguresDiffer,
    _run,
    differences,
    last_full_year,
    load_tables,
    timed_against_duckdb,
)
from report_pages import _manager

JSON_TARGET_SECONDS = REPORT_TARGET_SECONDS  # 2 s
PAGE_TARGET_SECONDS = 2.0
RUNS = 3
INTERVAL = "ci95_change_pct"  # informational (a bootstrap): not among the exact figures DuckDB checks


# --- the window ------------------------------------------------------------------------------------------


def cohort_window(dataset_dir: Path) -> tuple[datetime.date, datetime.date, datetime.date]:
    """(from, to, as_of): the year before the dataset's last full year, measured at the end of that year, so
    that every person of the cohort has had a full year of follow-up (`date(Y, 12, 31) + 365 <= as_of`)."""
    year = last_full_year(dataset_dir)
    return datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31), datetime.date(year, 12, 31)


# --- DuckDB: the recidivism figures from the CSV files ---------------------------------------------------

# Every case (or registration) with each person it is about: its subject in a person approach, every member
# of its system in a system approach (membership regardless of its dates), and every approach it counts in
# (itself and its ancestors: parents are computed over the distinct persons of their subtree).
_PEOPLE = """
CREATE TABLE about AS
WITH subjects AS (
    SELECT c.*, c.subject_ref AS person_ref FROM cases c JOIN approaches a ON a.code = c.approach
    WHERE a.unit = 'person'
    UNION ALL
    SELECT c.*, m.person_ref FROM cases c JOIN approaches a ON a.code = c.approach
    JOIN system_members m ON m.system_ref = c.subject_ref WHERE a.unit = 'system')
SELECT s.*, cl.ancestor FROM subjects s JOIN closure cl ON cl.code = s.approach;

-- the main block: reference day d = the earliest discussion over the subtree's cases about the person,
-- in the cohort when {F} <= d <= {L}; left out as deceased: a case of the subtree about the person ended
-- 'overleden' on or before d + 365
CREATE TABLE people AS
WITH cohort AS (
    SELECT ab.ancestor, ab.person_ref, min(d.date) AS d
    FROM discussions d JOIN about ab USING (case_ref) GROUP BY ALL
    HAVING min(d.date) BETWEEN DATE '{F}' AND DATE '{L}')
SELECT 'main' AS block, k.ancestor, k.person_ref, k.d, k.d + 365 > DATE '{A}' AS not_eligible,
       EXISTS (SELECT 1 FROM about ab WHERE ab.ancestor = k.ancestor AND ab.person_ref = k.person_ref
               AND ab.end_reason = 'overleden' AND ab.end_date <= k.d + 365) AS deceased
FROM cohort k
UNION ALL
-- the comparison group: d = triage_on of the person's earliest declined registration of the subtree in the
-- window, leaving out everybody who ever had a case (a trajectory: any date, any status) in the subtree
SELECT 'comparison', ab.ancestor, ab.person_ref, min(ab.triage_on), min(ab.triage_on) + 365 > DATE '{A}', false
FROM about ab
WHERE ab.triage_decision = 'declined' AND ab.triage_on BETWEEN DATE '{F}' AND DATE '{L}'
  AND NOT EXISTS (SELECT 1 FROM about c WHERE c.ancestor = ab.ancestor AND c.person_ref = ab.person_ref
                  AND c.start_date IS NOT NULL)
GROUP BY ALL;

-- before: d - 365 <= date <= d - 1; after: d + 1 <= date <= d + 365 (the reference day itself in neither),
-- per eligible, living person and registration kind (kind NULL: a person without any registration)
CREATE TABLE counted AS
SELECT p.block, p.ancestor, p.person_ref, r.kind,
       count(r.date) FILTER (r.date < p.d) AS before, count(r.date) FILTER (r.date > p.d) AS after
FROM people p LEFT JOIN police_registrations r
     ON r.person_ref = p.person_ref AND r.date BETWEEN p.d - 365 AND p.d + 365 AND r.date <> p.d
WHERE NOT p.not_eligible AND NOT p.deceased
GROUP BY ALL;
"""

_FIGURES = {
    "people": """
        SELECT block, ancestor, count(*) FILTER (not_eligible), count(*) FILTER (NOT not_eligible AND deceased)
        FROM people GROUP BY ALL""",
    "counted": """
        SELECT block, ancestor, count(DISTINCT person_ref), sum(before)::INT, sum(after)::INT,
               count(DISTINCT person_ref) FILTER (before > 0), count(DISTINCT person_ref) FILTER (after > 0)
        FROM counted GROUP BY ALL""",
    "by_kind": """
        SELECT block, ancestor, kind, sum(before)::INT, sum(after)::INT FROM counted WHERE kind IS NOT NULL
        GROUP BY ALL HAVING sum(before) + sum(after) > 0""",
}


def _empty_block() -> dict:
    return {"n": 0, "not_eligible": 0, "excluded_deceased": 0, "registrations_before": 0, "registrations_after": 0,
            "change_pct": None, "persons_any_before": 0, "persons_any_after": 0, "by_kind": {}}


def _change_pct(before: int, after: int) -> float | None:
    return None if before == 0 else round(100 * (after - before) / before, 1)


def duckdb_recidivism(dataset_dir: Path, first: datetime.date, last: datetime.date, as_of: datetime.date) -> dict:
    """Approach code → {"recidivism": {...}} with every exact figure of the spec (the interval left out), the
    comparison group nested as in the report, from the dataset's CSV files."""
    import duckdb

    connection = duckdb.connect()
    load_tables(connection, Path(dataset_dir),
                ["approaches", "cases", "discussions", "system_members", "police_registrations"])
    connection.execute(_PEOPLE.format(F=first, L=last, A=as_of))
    rows = {name: connection.execute(sql).fetchall() for name, sql in _FIGURES.items()}
    codes = [code for (code,) in connection.execute("SELECT code FROM approaches").fetchall()]
    connection.close()

    blocks = {(block, code): _empty_block() for code in codes for block in ("main", "comparison")}
    for block, code, not_eligible, deceased in rows["people"]:
        blocks[block, code].update(not_eligible=not_eligible, excluded_deceased=deceased)
    for block, code, n, before, after, any_before, any_after in rows["counted"]:
        blocks[block, code].update(n=n, registrations_before=before, registrations_after=after,
                                   change_pct=_change_pct(before, after), persons_any_before=any_before,
                                   persons_any_after=any_after)
    for block, code, kind, before, after in rows["by_kind"]:
        blocks[block, code]["by_kind"][kind] = {"before": before, "after": after}
    return {code: {"recidivism": {**blocks["main", code], "comparison": blocks["comparison", code]}}
            for code in codes}


def exact_figures(report: dict) -> dict:
    """The report's document with only its exact recidivism figures (the interval left out), flattened to
    "recidivism.n", "recidivism.comparison.n", ... per approach, so that a difference names its figure."""

    def flat(prefix: str, block: dict) -> dict:
        figures = {}
        for key, value in block.items():
            if key == INTERVAL:
                continue
            if key == "comparison":
                figures.update(flat(f"{prefix}comparison.", value))
            else:
                figures[prefix + key] = value
        return figures

    return {"approaches": {code: flat("recidivism.", block["recidivism"]) for code, block in report["approaches"].items()}}


def recidivism_differences(report: dict, figures: dict) -> list[str]:
    """Where the report's exact recidivism figures differ from DuckDB's (empty when they agree)."""
    return differences(exact_figures(report), exact_figures({"approaches": figures})["approaches"])


# --- the JSON command ------------------------------------------------------------------------------------


def outcomes_timings(dataset_dir: Path, database_url: str, *, repeat: int = RUNS) -> dict:
    """Time `report outcomes --format json` on `database_url` (which holds `dataset_dir`, imported) and DuckDB on
    the CSV files (report_bench's `timed_against_duckdb`).

    Returns {"from", "to", "as_of", "report_seconds", "report_cpu_seconds", "startup_seconds", "duckdb_seconds",
    "ratio", "cohort"};
    `cohort` is approach → (n, comparison n). Raises FiguresDiffer when the figures disagree.
    """
    dataset_dir = Path(dataset_dir).resolve()
    first, last, as_of = cohort_window(dataset_dir)
    args = ("report", "outcomes", "--from", str(first), "--to", str(last), "--as-of", str(as_of), "--format", "json")
    timings = timed_against_duckdb(args, database_url, lambda: duckdb_recidivism(dataset_dir, first, last, as_of),
                                   repeat=repeat)
    report, figures = timings.pop("document"), timings.pop("figures")
    if not any(block["recidivism"]["n"] for block in report["approaches"].values()):
        raise RuntimeError(f"the outcomes of {first}..{last} are empty: is {dataset_dir.name} imported?")
    problems = recidivism_differences(report, figures)
    if problems:
        raise FiguresDiffer(f"the outcomes of {first}..{last} (as of {as_of}) and DuckDB disagree:\n"
                            + "\n".join(problems))
    cohort = {code: (block["recidivism"]["n"], block["recidivism"]["comparison"]["n"])
              for code, block in report["approaches"].items()}
    return {"from": str(first), "to": str(last), "as_of": str(as_of), **timings, "cohort": cohort}


def outcomes_json_step(bench, name: str, database_url: str):
    """One Result (the class of the module that defines `bench`'s Bench): the command's best time against 2 s;
    FAIL when DuckDB's figures differ (the differences in the message)."""
    Result = sys.modules[type(bench).__module__].Result
    try:
        timings = outcomes_timings(bench.dataset, database_url)
    except (FiguresDiffer, RuntimeError) as failure:
        return Result(f"report outcomes JSON on {name}", target=JSON_TARGET_SECONDS, error=str(failure))
    persons = sum(n for n, _ in timings["cohort"].values())
    print(f"  report outcomes on {name}: {timings['report_seconds']:.3f} s (CPU {timings['report_cpu_seconds']:.3f} s; "
          f"startup {timings['startup_seconds']:.3f} s)"
          f", DuckDB {timings['duckdb_seconds']:.3f} s, ratio {timings['ratio']:.2f}x; recidivism figures equal for "
          f"{len(timings['cohort'])} approaches ({persons} eligible persons over all blocks, parents included)",
          flush=True)
    return Result(
        f"report outcomes {timings['from']}..{timings['to']} (as of {timings['as_of']}) JSON on {name} (startup "
        f"{timings['startup_seconds']:.2f} s; DuckDB {timings['duckdb_seconds']:.2f} s, ratio {timings['ratio']:.2f}x;"
        f" figures equal)",
        timings["report_seconds"], JSON_TARGET_SECONDS,
    )


def _migrate_and_import(bench, database_url: str) -> None:
    _run("migrate", "--noinput", database_url=database_url)
    _run("import", str(bench.dataset), database_url=database_url)


def large_database(bench) -> str:
    """The URL of bench/out/bench.sqlite3 (imported by the import-sqlite step, or here when missing)."""
    database = OUT_DIR / "bench.sqlite3"
    url = f"sqlite:///{database}"
    if not database.exists():
        _migrate_and_import(bench, url)
    return url


def outcomes_json_sqlite(bench):
    """Step: the JSON command on bench/out/bench.sqlite3, against DuckDB."""
    return outcomes_json_step(bench, "SQLite", large_database(bench))


# --- the page, inside the app's environment --------------------------------------------------------------


def measure(first: str, last: str, as_of: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procesregie.config.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from procesregie.reporting.outcomes import outcomes_report

    client = logged_in_client(_manager())
    client.get(reverse("reporting:annual-report") + "?jaar=2000")  # the URLconf and its imports: a server has them
    url = reverse("reporting:outcomes") + f"?van={first}&tot={last}&peildatum={as_of}"

    def view(*, cold: bool) -> tuple[float, float]:
        """Seconds and CPU seconds of this process (the test client, the view and SQLite all run in it)."""
        if cold:
            cache.clear()
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert response.status_code == 200 and b"Resultaten" in response.content, response.status_code
        return seconds, cpu

    first_view, first_cpu = view(cold=True)
    cold_runs = [view(cold=True) for _ in range(RUNS)]
    cached = [view(cold=False)[0] for _ in range(RUNS)]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        size = len(client.get(url).content)
    window = {"first": datetime.date.fromisoformat(first), "last": datetime.date.fromisoformat(last),
              "as_of": datetime.date.fromisoformat(as_of)}
    computation = []
    for _ in range(RUNS):
        started = time.perf_counter()
        outcomes_report(**window)
        computation.append(time.perf_counter() - started)
    return {"first_view": first_view, "first_cpu": first_cpu, "cold": [seconds for seconds, _ in cold_runs],
            "cold_cpu": min(cpu for _, cpu in cold_runs), "cached": cached, "queries": len(queries), "bytes": size,
            "computation": computation}


# --- the page step ---------------------------------------------------------------------------------------


def _ms(seconds: list[float]) -> str:
    return ", ".join(f"{s * 1000:.0f}" for s in seconds) + " ms"


def outcomes_page_step(bench):
    """Results (bench/run.py's class): the page's first view and the best of three cold views against 2 s, the
    repeated (cached) view and `outcomes_report()` alone beside DuckDB, informational."""
    Result = sys.modules[type(bench).__module__].Result
    name = "outcomes page /rapportage/resultaten/ (test client, manager), large dataset"
    try:
        url = large_database(bench)
        first, last, as_of = cohort_window(bench.dataset)
        figures = measured_in_app(Path(__file__).resolve(), ["measure", str(first), str(last), str(as_of)], url,
                                  "the outcomes page")
        duckdb_seconds = []
        for _ in range(RUNS):
            started = time.perf_counter()
            duckdb_recidivism(bench.dataset, first, last, as_of)
            duckdb_seconds.append(time.perf_counter() - started)
    except RuntimeError as failure:
        return [Result(name, target=PAGE_TARGET_SECONDS, error=str(failure))]
    computation, duckdb_best = min(figures["computation"]), min(duckdb_seconds)
    print(f"  {name}, {first}..{last} as of {as_of}: first view {figures['first_view'] * 1000:.0f} ms (CPU "
          f"{figures['first_cpu'] * 1000:.0f} ms); cold {_ms(figures['cold'])} (CPU {figures['cold_cpu'] * 1000:.0f} ms); cached {_ms(figures['cached'])}; {figures['queries']} queries, "
          f"{figures['bytes'] // 1024} KiB; outcomes_report() alone {_ms(figures['computation'])}, DuckDB "
          f"{_ms(duckdb_seconds)}, ratio {computation / duckdb_best:.2f}x", flush=True)
    return [
        Result(f"{name}: first view, empty cache", figures["first_view"], PAGE_TARGET_SECONDS),
        Result(f"{name}: best of {RUNS} cold views (cache cleared; {figures['queries']} queries)", min(figures["cold"]),
               PAGE_TARGET_SECONDS),
        Result(f"  the page again, rendering kept (best of {RUNS})", min(figures["cached"])),
        Result(f"  outcomes_report() alone (best of {RUNS}; DuckDB {duckdb_best:.3f} s, ratio "
               f"{computation / duckdb_best:.2f}x)", computation),
    ]


def main(argv: list[str] | None = None) -> int:
    """`python bench/outcomes_bench.py DATASET_DIR DATABASE_URL`: print the JSON command's timings as JSON."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 4 and argv[0] == "measure":  # inside the app's environment, for outcomes_page_step
        print(json.dumps(measure(*argv[1:])))
        return 0
    if len(argv) != 2:
        print(main.__doc__, file=sys.stderr)
        return 2
    try:
        timings = outcomes_timings(Path(argv[0]), argv[1])
    except (FiguresDiffer, RuntimeError) as failure:
        print(failure, file=sys.stderr)
        return 1
    print(json.dumps(timings, indent=1))
    return 0 if timings["report_seconds"] < JSON_TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
