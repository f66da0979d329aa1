"""`make bench`: generate the large synthetic dataset once, then time `procesregie import` of it on SQLite and
on PostgreSQL, and print the sizes, the timings and the targets.

PostgreSQL: BENCH_DATABASE_URL when set, otherwise a throwaway cluster from Debian's binaries (skipped with a
message when PostgreSQL is not installed). Every measurement is a step in STEPS; add new ones there.
Exit status 1 when a step failed or missed its target.
"""

import argparse
import csv
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from api_bench import api_step
from case_page import case_page_step
from case_summary import case_summary_step
from inzage import inzage_step
from load import load_step
from outcomes_bench import outcomes_json_sqlite, outcomes_json_step, outcomes_page_step
from pg_cluster import ClusterUnavailable, throwaway_cluster
from report_bench import report_sqlite, report_step
from report_pages import report_pages_step
from retention_bench import retention_destroy_step, retention_propose_step

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
CONSOLE = Path(sys.executable).parent / "procesregie"
IMPORT_TARGET_SECONDS = 60.0
IMPORT_SQLITE_TARGET_SECONDS = 30.0  # issue 11: under 30 s on SQLite, best of three runs
IMPORT_SQLITE_RUNS = 3
YARDSTICK_ADDITIONS = 3_000_000


@dataclass
class Result:
    name: str
    seconds: float | None = None
    target: float | None = None  # seconds; None = informational
    error: str = ""  # the step could not be measured
    skipped: str = ""  # the step does not apply here, and why
    yardstick: float | None = None  # `yardstick()` just before the step: how fast the machine was

    @property
    def verdict(self) -> str:
        if self.error:
            return "FAIL"
        if self.skipped:
            return "SKIP"
        if self.target is None or self.seconds is None:
            return "-"
        return "PASS" if self.seconds < self.target else "MISS"


@dataclass
class Bench:
    """What the steps share: the options, the dataset and the results so far."""

    seed: int
    scale: str
    reuse: bool
    dataset: Path = OUT_DIR / "dataset"
    sizes: dict[str, int] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)


class CommandFailed(Exception):
    pass


def console(*args: str, database_url: str | None = None) -> float:
    """Run `procesregie ARGS` in a subprocess; return its wall-clock seconds or raise CommandFailed."""
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    started = time.perf_counter()
    completed = subprocess.run([str(CONSOLE), *args], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        output = (completed.stderr.strip() or completed.stdout.strip()).splitlines()
        tail = "\n".join(output[-15:]) if output else "(no output)"
        raise CommandFailed(f"`procesregie {' '.join(args)}` exited with {completed.returncode}:\n{tail}")
    return seconds


# --- the steps -----------------------------------------------------------------------------------------


def generate_dataset(bench: Bench) -> Result:
    name = f"generate {bench.scale} dataset (seed {bench.seed})"
    if bench.reuse and (bench.dataset / "cases.csv").exists():
        bench.sizes = count_rows(bench.dataset)
        return Result(name, skipped="reused the existing dataset")
    seconds = console("demo-data", "--scale", bench.scale, "--seed", str(bench.seed), "--out", str(bench.dataset))
    bench.sizes = count_rows(bench.dataset)
    return Result(name, seconds)


def import_sqlite(bench: Bench) -> Result:
    """The best of IMPORT_SQLITE_RUNS imports, each into a fresh file (on a shared machine, load only adds)."""
    database = OUT_DIR / "bench.sqlite3"
    url = f"sqlite:///{database}"
    seconds = []
    for _ in range(IMPORT_SQLITE_RUNS):
        for path in OUT_DIR.glob("bench.sqlite3*"):
            path.unlink()
        console("migrate", "--noinput", database_url=url)
        seconds.append(console("import", str(bench.dataset), database_url=url))
    return Result(f"import on SQLite (fresh file, best of {IMPORT_SQLITE_RUNS})", min(seconds), IMPORT_SQLITE_TARGET_SECONDS)


def postgresql(bench: Bench) -> list[Result]:
    """Import, then the annual report and the outcomes report (against DuckDB), on BENCH_DATABASE_URL or one
    throwaway cluster."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        console("migrate", "--noinput", database_url=url)
        imported = Result("import on PostgreSQL (BENCH_DATABASE_URL)",
                          console("import", str(bench.dataset), database_url=url), IMPORT_TARGET_SECONDS)
        return [imported, report_step(bench, "PostgreSQL", url), outcomes_json_step(bench, "PostgreSQL", url)]
    name = "import on PostgreSQL (throwaway cluster)"
    try:
        with throwaway_cluster() as (url, version):
            name = f"import on PostgreSQL {version} (throwaway cluster, fsync off)"
            console("migrate", "--noinput", database_url=url)
            imported = Result(name, console("import", str(bench.dataset), database_url=url), IMPORT_TARGET_SECONDS)
            return [imported, report_step(bench, f"PostgreSQL {version}", url),
                    outcomes_json_step(bench, f"PostgreSQL {version}", url)]
    except ClusterUnavailable as reason:
        return [Result(name, target=IMPORT_TARGET_SECONDS, skipped=str(reason))]


STEPS: list[tuple[str, Callable[[Bench], Result | list[Result]]]] = [
    ("generate", generate_dataset),
    ("import-sqlite", import_sqlite),
    ("report-sqlite", report_sqlite),
    # the annual report's web page and PDF download as a manager gets them, demo region and large dataset
    ("report-pages", report_pages_step),
    # the outcomes report (issue 15) of a cohort year with full follow-up: `report outcomes --format json` as a
    # process (best of 3) with DuckDB computing the same recidivism figures from the CSV files (equal, ratio
    # printed), and the page /rapportage/resultaten/ as a manager gets it (first view and best of 3): < 2 s each
    ("outcomes-json", outcomes_json_sqlite),
    ("outcomes-page", outcomes_page_step),
    # the case page of an eight-year case as its procesregisseur gets it (test client, best of 3): < 300 ms
    ("case-page", case_page_step),
    # the case summary (casusoverzicht) of that case for a meeting, HTML and PDF, as a partner gets it: < 1 s each
    ("case-summary", case_summary_step),
    # the inzage document (PDF and JSON) of a subject with a five-year history, as the privacy officer gets it: < 2 s each
    ("inzage", inzage_step),
    # `procesregie retention propose` on a copy of the large dataset, today and ten years ahead: < 30 s (issue 14)
    ("retention-propose", retention_propose_step),
    # the first `procesregie retention destroy` of that list, approved: a few minutes, no transaction over 15 s
    ("retention-destroy", retention_destroy_step),
    ("postgresql", postgresql),
    # gunicorn (production settings) + PostgreSQL + locust: p95 of the case page and the work list with think
    # time, best of 3 runs; then the case page at zero think time, stepping up the users to the saturation
    # throughput (bench/load.py)
    ("load", load_step),
    # the partner API (issue 16): 50 API clients, each with its own token, reading registration statuses on gunicorn +
    # PostgreSQL (load's server and dataset), think time 0.5–1.5 s, 30 s: p95 < 50 ms; then zero think time
    # (throughput, informational) (bench/api_bench.py)
    ("api", api_step),
]


def yardstick() -> float:
    """Seconds that a fixed piece of pure Python takes just now (the best of three): the machine's speed beside a
    step's figures. On a shared machine the same code runs up to half again as slow from one hour to the next (the
    notes of issue 11); a MISS with a slow yardstick says as much about the machine as about the code."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for number in range(YARDSTICK_ADDITIONS):
            total += number
        best = min(best, time.perf_counter() - started)
    return best


# --- reporting -----------------------------------------------------------------------------------------


def count_rows(directory: Path) -> dict[str, int]:
    sizes = {}
    for path in sorted(directory.glob("*.csv")):
        with path.open("rb") as handle:
            sizes[path.name] = max(0, sum(1 for _ in handle) - 1)
    return sizes


def count_trajectories(cases: Path) -> int:
    with cases.open(newline="", encoding="utf-8-sig") as handle:
        return sum(1 for row in csv.DictReader(handle) if row.get("start_date"))


def print_report(bench: Bench) -> None:
    print()
    print(f"Dataset: {bench.dataset.relative_to(BENCH_DIR.parent)} (scale {bench.scale}, seed {bench.seed})")
    print(f"  {'file':<28}{'rows':>10}")
    for name, rows in bench.sizes.items():
        print(f"  {name:<28}{rows:>10,}")
    print(f"  {'total':<28}{sum(bench.sizes.values()):>10,}")
    if (bench.dataset / "cases.csv").exists():
        print(f"  {'trajectories (start_date)':<28}{count_trajectories(bench.dataset / 'cases.csv'):>10,}")
    print()
    width = max(len(result.name) for result in bench.results) + 2
    print(f"  {'step':<{width}}{'seconds':>9}{'target':>12}  result  machine")
    for result in bench.results:
        seconds = "-" if result.seconds is None else f"{result.seconds:.{1 if result.seconds >= 1 else 3}f}"
        target = f"< {result.target:.3g} s" if result.target is not None else "-"
        machine = "" if result.yardstick is None else f"{result.yardstick * 1000:.0f} ms"
        print(f"  {result.name:<{width}}{seconds:>9}{target:>12}  {result.verdict:<6}  {machine}")
    sticks = [result.yardstick for result in bench.results if result.yardstick is not None]
    if sticks:
        print(f"  machine: {YARDSTICK_ADDITIONS:,} additions in pure Python took {min(sticks) * 1000:.0f}–"
              f"{max(sticks) * 1000:.0f} ms before the steps (this run's slowest moment "
              f"{max(sticks) / min(sticks):.2f}x its fastest); compare it between runs before comparing their figures")
        # The yardstick, and every page, also depend on how the interpreter was built (scripts/python-for-venv).
        print(f"  interpreter: Python {platform.python_version()}, {sys._base_executable}")
    for result in bench.results:
        if result.error or result.skipped:
            print(f"\n{result.verdict} {result.name}:\n  " + (result.error or result.skipped).replace("\n", "\n  "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--scale", default="large", help="dataset scale (default: large)")
    parser.add_argument("--reuse", action="store_true", help="reuse bench/out/dataset when it exists")
    parser.add_argument("--only", action="append", choices=[key for key, _ in STEPS],
                        help="run only this step (repeatable); the dataset is generated when missing")
    options = parser.parse_args(argv)
    if not CONSOLE.exists():
        print(f"bench: {CONSOLE} not found; run `make install` first", file=sys.stderr)
        return 2
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    reuse = options.reuse or bool(options.only and "generate" not in options.only)
    bench = Bench(seed=options.seed, scale=options.scale, reuse=reuse)
    for key, step in STEPS:
        if options.only and key not in options.only and key != "generate":
            continue
        print(f"bench: {key} ...", flush=True)
        speed = yardstick()
        try:
            outcome = step(bench)
        except CommandFailed as failure:
            outcome = Result(key, error=str(failure))
        results = outcome if isinstance(outcome, list) else [outcome]
        for result in results:
            result.yardstick = speed
        bench.results.extend(results)
        if key == "generate" and results[0].error:
            break  # nothing to import
    print_report(bench)
    return 1 if any(result.verdict in {"FAIL", "MISS"} for result in bench.results) else 0


if __name__ == "__main__":
    sys.exit(main())
