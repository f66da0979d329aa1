"""Bench steps for the annual report: time `procesregie report annual --year Y --format json` on an imported
dataset, compute the same figures with DuckDB straight from the dataset's CSV files, check that they agree,
and compare the times (target: the report under 2 s and within 1.5× of DuckDB on SQLite, 2× on PostgreSQL).
Also the cost of the year-over-year comparison that the publication formats show: the report with
`annual_report_with_comparison` against `annual_report` alone, in one process (informational).

The command is timed as a user gets it, interpreter start and Django set-up included, with its bytecode
cached as in any installation (pip compiles it; Python writes it at the first run): the subprocesses may write
bytecode, into bench/out/pycache, even when the environment says PYTHONDONTWRITEBYTECODE (this machine's does,
which made every run compile the project's modules from source), and one uncounted run warms that cache.

`report_timings(dataset_dir, database_url)` does one database; `report_sqlite` is a step for bench/run.py's
STEPS and `report_step` the piece its PostgreSQL step uses inside the same cluster (they take its `Bench` and
return its `Result`). Needs `duckdb` (PyPI).
"""

import datetime
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
CONSOLE = Path(sys.executable).parent / "procesregie"
PYCACHE_DIR = OUT_DIR / "pycache"
REPORT_TARGET_SECONDS = 2.0
# The report within this many times DuckDB's time, per database engine (by DATABASE_URL scheme).
DUCKDB_RATIO_TARGETS = {"sqlite": 1.5, "postgres": 2.0}


class FiguresDiffer(Exception):
    """DuckDB and the report disagree; the message lists the first differences."""


# --- the year ------------------------------------------------------------------------------------------


def last_full_year(dataset_dir: Path) -> int:
    """The year of the latest date in cases.csv, or the year before when that date is before December (then
    the dataset stops in a year that is still running)."""
    import duckdb

    connection = duckdb.connect()
    latest = connection.execute(f"""
        SELECT max(greatest(registered_on, coalesce(triage_on, registered_on), coalesce(start_date, registered_on),
                            coalesce(end_date, registered_on)))
        FROM read_csv('{dataset_dir / "cases.csv"}', header = true, all_varchar = true,
                      types = {{'registered_on': 'DATE', 'triage_on': 'DATE', 'start_date': 'DATE', 'end_date': 'DATE'}})
    """).fetchall()[0][0]
    connection.close()
    return latest.year if latest.month == 12 else latest.year - 1


# --- DuckDB: the same figures from the CSV files -------------------------------------------------------

# The dataset's CSV files DuckDB reads (all columns text), with the columns that are dates or numbers.
CSV_TYPES = {
    "approaches": {}, "organisations": {}, "system_members": {},
    "cases": {"registered_on": "DATE", "triage_on": "DATE", "start_date": "DATE", "end_date": "DATE"},
    "discussions": {"date": "DATE"},
    # rowid of a table created in file order (DuckDB preserves insertion order) is the entry order
    "measurements": {"date": "DATE", "level": "INTEGER"},
    "case_interventions": {"agreed_on": "DATE"},
    "police_registrations": {"date": "DATE"},
}

# every approach with itself and each of its ancestors: a case counts in the blocks of all of them
_CLOSURE = """
CREATE TABLE closure AS WITH RECURSIVE up(code, ancestor) AS (
    SELECT code, code FROM approaches
    UNION SELECT up.code, a.parent FROM up JOIN approaches a ON a.code = up.ancestor WHERE a.parent IS NOT NULL
) SELECT * FROM up;
"""


def load_tables(connection, dataset_dir: Path, names) -> None:
    """Create a DuckDB table per name in `names` (keys of CSV_TYPES) from the dataset's CSV file of that name,
    and `closure` (approach, ancestor) when `approaches` is among them."""
    for name in names:
        types = ", ".join(f"'{column}': '{kind}'" for column, kind in CSV_TYPES[name].items())
        typed = f", types = {{{types}}}" if types else ""
        path = Path(dataset_dir) / f"{name}.csv"
        connection.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true{typed})")
    if "approaches" in names:
        connection.execute(_CLOSURE)


_TRAJECTORIES = """
CREATE TABLE t AS SELECT c.*, cl.ancestor, a.duration_scheme AS scheme,
    (start_date < DATE '{F}' AND (end_date IS NULL OR end_date >= DATE '{F}'))::INT AS f_start,
    (start_date BETWEEN DATE '{F}' AND DATE '{L}' AND transferred_from IS NULL)::INT AS f_inflow,
    (start_date BETWEEN DATE '{F}' AND DATE '{L}' AND transferred_from IS NOT NULL)::INT AS f_transfer_in,
    (coalesce(end_date BETWEEN DATE '{F}' AND DATE '{L}', false) AND end_reason <> 'overdracht_intern')::INT AS f_outflow,
    (coalesce(end_date BETWEEN DATE '{F}' AND DATE '{L}', false) AND end_reason = 'overdracht_intern')::INT AS f_transfer_out,
    (start_date <= DATE '{L}' AND (end_date IS NULL OR end_date > DATE '{L}'))::INT AS f_end
FROM cases c JOIN closure cl ON cl.code = c.approach JOIN approaches a ON a.code = cl.ancestor
WHERE start_date IS NOT NULL AND start_date <= DATE '{L}' AND (end_date IS NULL OR end_date >= DATE '{F}');
"""

_QUERIES = {
    "flow": """
        SELECT ancestor, sum(f_start), sum(f_inflow), sum(f_transfer_in), sum(f_outflow), sum(f_transfer_out),
               sum(f_end), sum(f_start + f_inflow + f_transfer_in)
        FROM t GROUP BY ancestor""",
    "outflow_by_reason": """
        SELECT ancestor, end_reason, count(*) FROM t WHERE f_outflow + f_transfer_out = 1 GROUP BY ALL""",
    "inflow_by_reporter_kind": """
        SELECT ancestor, o.kind, count(*) FROM t JOIN organisations o ON o.code = t.reported_by
        WHERE f_inflow = 1 GROUP BY ALL""",
    "durations": """
        WITH m AS (
            SELECT ancestor, scheme, 12 * (year(end_date) - year(start_date)) + (month(end_date) - month(start_date))
                   - (day(end_date) < day(start_date))::INT AS m
            FROM t WHERE f_outflow + f_transfer_out = 1)
        SELECT ancestor, CASE
            WHEN scheme = 'months' AND m < 6 THEN '0_6m' WHEN scheme = 'months' AND m < 12 THEN '6_12m'
            WHEN m < 12 THEN 'lt_1y' WHEN m < 24 THEN '1_2y' WHEN m < 48 THEN '2_4y' ELSE 'gt_4y' END, count(*)
        FROM m GROUP BY ALL""",
    "declined": """
        SELECT cl.ancestor, count(*) FROM cases c JOIN closure cl ON cl.code = c.approach
        WHERE triage_decision = 'declined' AND triage_on BETWEEN DATE '{F}' AND DATE '{L}' GROUP BY ALL""",
    "discussions": """
        SELECT cl.ancestor, count(*), count(DISTINCT c.subject_ref), count(*) FILTER (d.client_present = 'true'),
               count(*) FILTER (d.expert_present = 'true')
        FROM discussions d JOIN cases c ON c.case_ref = d.case_ref JOIN closure cl ON cl.code = c.approach
        WHERE d.date BETWEEN DATE '{F}' AND DATE '{L}' GROUP BY ALL""",
    "interventions": """
        SELECT cl.ancestor, i.intervention, count(*)
        FROM case_interventions i JOIN cases c ON c.case_ref = i.case_ref JOIN closure cl ON cl.code = c.approach
        WHERE i.agreed_on BETWEEN DATE '{F}' AND DATE '{L}' GROUP BY ALL""",
    "domain_progress": """
        WITH ended AS (SELECT case_ref, ancestor FROM t WHERE f_outflow + f_transfer_out = 1),
        m AS (
            SELECT case_ref, domain,
                   first(level ORDER BY date, rowid DESC) FILTER (kind = 'nulmeting') AS nul,
                   first(level ORDER BY date DESC, rowid DESC) FILTER (kind = 'eindmeting') AS eind
            FROM measurements WHERE case_ref IN (SELECT case_ref FROM ended) GROUP BY ALL)
        SELECT ancestor, domain, eind - nul, count(*)
        FROM m JOIN ended USING (case_ref) WHERE nul IS NOT NULL AND eind IS NOT NULL GROUP BY ALL""",
    "persons_involved": """
        SELECT ancestor, count(DISTINCT s.person_ref)
        FROM t JOIN approaches a ON a.code = t.ancestor JOIN system_members s ON s.system_ref = t.subject_ref
        WHERE a.unit = 'system' GROUP BY ALL""",
}


def duckdb_figures(dataset_dir: Path, year: int) -> dict[str, dict]:
    """Approach code → figures (flow, outflow_by_reason, inflow_by_reporter_kind, durations, declined,
    discussions, interventions, domain_progress, persons_involved), in the report's shape, from the CSV files."""
    import duckdb

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    connection = duckdb.connect()
    load_tables(connection, dataset_dir, [name for name in CSV_TYPES if name != "police_registrations"])
    connection.execute(_TRAJECTORIES.format(F=first, L=last))
    rows = {name: connection.execute(sql.format(F=first, L=last)).fetchall() for name, sql in _QUERIES.items()}
    approaches = connection.execute("SELECT code, unit FROM approaches").fetchall()
    connection.close()

    figures = {code: {
        "flow": dict.fromkeys(("start", "inflow", "transfer_in", "outflow", "transfer_out", "end", "caseload"), 0),
        "outflow_by_reason": {}, "inflow_by_reporter_kind": {}, "durations": {}, "declined": 0,
        "discussions": {"count": 0, "unique_subjects": 0, "client_present": 0, "expert_present": 0},
        "interventions": {}, "domain_progress": {}, **({"persons_involved": 0} if unit == "system" else {}),
    } for code, unit in approaches}
    for code, *flow in rows["flow"]:
        figures[code]["flow"] = dict(zip(figures[code]["flow"], map(int, flow), strict=True))
    for name in ("outflow_by_reason", "inflow_by_reporter_kind", "durations", "interventions"):
        for code, key, count in rows[name]:
            figures[code][name][key] = count
    for code, count in rows["declined"]:
        figures[code]["declined"] = count
    for code, *counts in rows["discussions"]:
        figures[code]["discussions"] = dict(zip(figures[code]["discussions"], counts, strict=True))
    progress = defaultdict(Counter)
    for code, domain, delta, count in rows["domain_progress"]:
        progress[code, domain][f"+{delta}" if delta > 0 else str(delta)] += count
        progress[code, domain]["n"] += count
    for (code, domain), counts in progress.items():
        figures[code]["domain_progress"][domain] = dict(counts)
    for code, count in rows["persons_involved"]:
        if "persons_involved" in figures[code]:
            figures[code]["persons_involved"] = count
    return figures


def differences(report: dict, figures: dict[str, dict], limit: int = 10) -> list[str]:
    """Where the report's figures differ from DuckDB's (empty when they agree)."""
    found = []
    if set(report["approaches"]) != set(figures):
        found.append(f"approaches: report {sorted(report['approaches'])} vs duckdb {sorted(figures)}")
    for code in sorted(set(report["approaches"]) & set(figures)):
        for name, expected in figures[code].items():
            actual = report["approaches"][code].get(name)
            if actual != expected:
                found.append(f"{code}.{name}: report {actual!r} vs duckdb {expected!r}")
    return found[:limit]


# --- timing --------------------------------------------------------------------------------------------


def _environment(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "DATABASE_URL": database_url, "PYTHONPYCACHEPREFIX": str(PYCACHE_DIR)}


def _run(*args: str, database_url: str) -> tuple[float, str]:
    started = time.perf_counter()
    completed = subprocess.run([str(CONSOLE), *args], env=_environment(database_url), capture_output=True, text=True,
                               check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        tail = "\n".join((completed.stderr.strip() or completed.stdout.strip()).splitlines()[-15:])
        raise RuntimeError(f"`procesregie {' '.join(args)}` exited with {completed.returncode}:\n{tail}")
    return seconds, completed.stdout


def ratio_target(database_url: str) -> float:
    """The DuckDB ratio the report must stay under on this database (1.5 on SQLite, 2 on PostgreSQL)."""
    scheme = database_url.split(":", 1)[0]
    return DUCKDB_RATIO_TARGETS["postgres" if scheme.startswith("postgres") else scheme]


def comparison_cost(database_url: str, year: int, *, repeat: int = 5) -> dict:
    """{"report_seconds", "with_comparison_seconds"}: `annual_report` and `annual_report_with_comparison` of
    `year`, timed in one process (best of `repeat` each, after one warm-up call, alternating)."""
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--comparison-cost", str(year), str(repeat)],
        env=_environment(database_url), capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"timing the comparison exited with {completed.returncode}:\n{tail}")
    return json.loads(completed.stdout)


def _measure_comparison_cost(year: int, repeat: int) -> dict:
    """Inside the app's environment (DATABASE_URL): see `comparison_cost`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procesregie.config.settings")
    import django

    django.setup()
    from procesregie.reporting.annual import annual_report, annual_report_with_comparison

    functions = {"report_seconds": annual_report, "with_comparison_seconds": annual_report_with_comparison}
    runs: dict[str, list[float]] = {name: [] for name in functions}
    for function in functions.values():
        function(year=year)
    for _ in range(repeat):  # alternating, so that a busy moment of the machine hits both alike
        for name, function in functions.items():
            started = time.perf_counter()
            function(year=year)
            runs[name].append(time.perf_counter() - started)
    return {name: min(seconds) for name, seconds in runs.items()}


def timed_against_duckdb(args: tuple[str, ...], database_url: str, duckdb, *, repeat: int = 3) -> dict:
    """`procesregie ARGS` (a report on stdout, as JSON) timed as a process as a user gets it, and `duckdb()`
    timed in this process: the best of `repeat` runs each, taken in turns, the command after one uncounted run that
    fills the bytecode cache (as the first run of an installation does). `startup_seconds` is the same console's
    `report --help` (interpreter and Django set-up, part of report_seconds); `duckdb_startup_seconds` a process that
    imports duckdb, and `ratio_both_started` the ratio with that added to DuckDB's time (informational).

    Returns {"document", "figures", "report_seconds", "report_cpu_seconds", "startup_seconds", "duckdb_seconds",
    "duckdb_startup_seconds", "ratio", "ratio_both_started"}: the command's last document and what `duckdb()`
    returned last; `report_cpu_seconds` the least CPU time of a run (on a loaded machine the difference from report_seconds is what waiting cost).
    """
    _run(*args, database_url=database_url)  # warm-up: writes the bytecode, as the first run of an installation
    report_runs, report_cpu, duckdb_runs = [], [], []
    for _ in range(repeat):  # in turns: the machine's speed drifts within minutes, and then it hits both alike
        cpu = _children_cpu()
        report_runs.append(_run(*args, database_url=database_url))
        report_cpu.append(_children_cpu() - cpu)
        started = time.perf_counter()
        figures = duckdb()
        duckdb_runs.append(time.perf_counter() - started)
    startup = min(_run("report", "--help", database_url=database_url)[0] for _ in range(repeat))
    duckdb_startup = min(_duckdb_startup() for _ in range(repeat))
    report_seconds, duckdb_seconds = min(seconds for seconds, _ in report_runs), min(duckdb_runs)
    return {"document": json.loads(report_runs[-1][1]), "figures": figures, "report_seconds": report_seconds,
            "report_cpu_seconds": min(report_cpu), "startup_seconds": startup, "duckdb_seconds": duckdb_seconds,
            "duckdb_startup_seconds": duckdb_startup, "ratio": report_seconds / duckdb_seconds,
            "ratio_both_started": report_seconds / (duckdb_seconds + duckdb_startup)}


def _duckdb_startup() -> float:
    """Seconds for a process that starts Python and imports duckdb: what DuckDB would add, run as a command the way
    the report is (informational: the target compares with DuckDB in this process, without it)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import duckdb"], check=True)
    return time.perf_counter() - started


def _children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def report_timings(dataset_dir: Path, database_url: str, *, year: int | None = None, repeat: int = 3) -> dict:
    """Time the report command on `database_url` (which holds `dataset_dir`, imported) and DuckDB on the CSVs.

    Returns {"year", "report_seconds", "startup_seconds", "duckdb_seconds", "ratio", "ratio_target",
    "comparison"}: `timed_against_duckdb`'s timings; `comparison` is `comparison_cost`. Raises FiguresDiffer
    when the figures disagree.
    """
    dataset_dir = Path(dataset_dir).resolve()
    year = last_full_year(dataset_dir) if year is None else year
    args = ("report", "annual", "--year", str(year), "--format", "json")
    timings = timed_against_duckdb(args, database_url, lambda: duckdb_figures(dataset_dir, year), repeat=repeat)
    report, figures = timings.pop("document"), timings.pop("figures")
    if not any(block["flow"]["caseload"] for block in report["approaches"].values()):
        raise RuntimeError(f"the report of {year} is empty: is {dataset_dir.name} imported into the database?")
    problems = differences(report, figures)
    if problems:
        raise FiguresDiffer(f"the report of {year} and DuckDB disagree:\n" + "\n".join(problems))
    return {"year": year, **timings, "ratio_target": ratio_target(database_url),
            "comparison": comparison_cost(database_url, year)}


# --- steps for bench/run.py ----------------------------------------------------------------------------


def report_step(bench, name: str, database_url: str):
    """One Result (the class of the module that defines `bench`'s Bench, so no import cycle): the report's
    seconds against the stricter of the two targets, under 2 s and within 1.5x (SQLite) or 2x (PostgreSQL) of
    DuckDB; the name also shows what the year-over-year comparison adds."""
    Result = sys.modules[type(bench).__module__].Result
    try:
        timings = report_timings(bench.dataset, database_url)
    except (FiguresDiffer, RuntimeError) as failure:
        return Result(f"report annual on {name}", target=REPORT_TARGET_SECONDS, error=str(failure))
    comparison = timings["comparison"]
    return Result(
        f"report annual {timings['year']} on {name} (startup {timings['startup_seconds']:.2f} s; "
        f"DuckDB {timings['duckdb_seconds']:.2f} s, ratio {timings['ratio']:.2f}x < {timings['ratio_target']:g}x; "
        f"with DuckDB's own start-up ({timings['duckdb_startup_seconds']:.2f} s) {timings['ratio_both_started']:.2f}x; "
        f"figures {comparison['report_seconds']:.3f} s alone, {comparison['with_comparison_seconds']:.3f} s with "
        f"last year's flow)",
        timings["report_seconds"], min(REPORT_TARGET_SECONDS, timings["ratio_target"] * timings["duckdb_seconds"]),
    )


def _migrate_and_import(bench, database_url: str) -> None:
    _run("migrate", "--noinput", database_url=database_url)
    _run("import", str(bench.dataset), database_url=database_url)


def report_sqlite(bench):
    """Step: the report on bench/out/bench.sqlite3 (imported by the import-sqlite step, or here when missing)."""
    database = OUT_DIR / "bench.sqlite3"
    url = f"sqlite:///{database}"
    if not database.exists():
        _migrate_and_import(bench, url)
    return report_step(bench, "SQLite", url)


def main(argv: list[str] | None = None) -> int:
    """`python bench/report_bench.py DATASET_DIR DATABASE_URL [YEAR]`: print the timings as JSON."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--comparison-cost"]:  # inside the app's environment, for comparison_cost
        print(json.dumps(_measure_comparison_cost(int(argv[1]), int(argv[2]))))
        return 0
    if len(argv) not in (2, 3):
        print(main.__doc__, file=sys.stderr)
        return 2
    year = int(argv[2]) if len(argv) == 3 else None
    try:
        timings = report_timings(Path(argv[0]), argv[1], year=year)
    except (FiguresDiffer, RuntimeError) as failure:
        print(failure, file=sys.stderr)
        return 1
    print(json.dumps(timings, indent=1))
    return 0 if timings["report_seconds"] < REPORT_TARGET_SECONDS and timings["ratio"] < timings["ratio_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
