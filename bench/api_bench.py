"""API benchmark (issue 16): partner systems reading the status of a registration, 50 at once, on loopback.

1. The database, the demo dataset and the app server exactly as bench/load.py has them (its `prepare_database` and
   `gunicorn`: PostgreSQL, BENCH_DATABASE_URL or a throwaway cluster; gunicorn with the production settings).
2. CLIENTS API clients (`registrations:read`) of the organisation that made the most registrations in the dataset,
   registered through the service (`client_create`), each with a rate limit of 6000 a minute (the maximum) so that
   the limit never refuses a measured read; a sample of that organisation's registration references.
3. Before the measurement: each client gets its token over HTTP (`POST /api/v1/token/`, client credentials), every
   worker is warmed up, and one client alone reads BASELINE_REQUESTS statuses one after the other.
4. Measured: locust headless, CLIENTS users, each its own client with its own token, reading
   `GET /api/v1/registrations/<ref>/` with a think time of WAIT seconds (a partner system that polls, not a loop:
   with zero think time 50 users on two CPUs only measure the queue, p95 = 50 / throughput), for RUN_TIME, figures
   counted from when all have started (`--reset-stats`). p50, p95, p99 and requests/s; the target is p95 < 50 ms.
   gunicorn's own time per request (its access log) is printed beside it.
5. Informational: the same CLIENTS users at zero think time for SATURATION_TIME: the throughput the server sustains.

Run alone: `.venv/bin/python bench/api_bench.py [--reuse]`, or as the `api` step of `make bench`
(`.venv/bin/python bench/run.py --only api`). The load generator shares the machine with the server and
PostgreSQL: on a small machine the figures are a lower bound of what the server does on its own.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from load import (  # noqa: E402 - bench/ is not a package: its modules import each other from the path
    LOAD_DIR,
    OUT_DIR,
    LoadFailed,
    _env,
    _run,
    gunicorn,
    gunicorn_workers,
    prepare_database,
)

API_DIR = OUT_DIR / "api"
BIN = Path(sys.executable).parent
CLIENTS = 50
SPAWN_RATE = 10
RUN_TIME = 30  # seconds
SATURATION_TIME = 15  # seconds, zero think time (informational)
WAIT = (0.5, 1.5)  # seconds between two reads of one partner system
P95_TARGET_SECONDS = 0.050
BASELINE_REQUESTS = 20
RATE_PER_MINUTE = 6000  # the highest a client may be given (api.clients.RATE_LIMIT_MAX)
MAX_REFS = 500
PAGE = "registration status"


@dataclass
class Figures:
    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_second: float
    load_average: float = 0.0
    generator_cpu_ms: float = 0.0
    server_ms: tuple[float, float, float] | None = None  # p50, p95, p99 as gunicorn timed them
    app_cpu_ms: float | None = None  # CPU of gunicorn (master and workers) per request
    database_cpu_ms: float | None = None  # CPU of PostgreSQL (all its processes) per request
    failure_samples: list[str] = field(default_factory=list)


@dataclass
class ApiReport:
    database: str
    workers: int
    organisation: str = ""
    refs: int = 0
    setup_seconds: float = 0.0
    token_seconds: float = 0.0
    baseline_p50_ms: float = 0.0
    baseline_max_ms: float = 0.0
    run: Figures | None = None
    saturation: Figures | None = None

    def print(self) -> None:
        print(f"\nAPI: gunicorn {self.workers} sync workers on {self.database}; {CLIENTS} API clients of "
              f"{self.organisation} (registrations:read, {RATE_PER_MINUTE}/min each), {self.refs} of its registrations")
        print(f"  machine: {os.cpu_count()} CPUs shared by server, PostgreSQL and locust; a load average near or above the "
              "CPU count before a run means other work distorted it")
        print(f"  set-up {self.setup_seconds:.1f} s; {CLIENTS} tokens (POST /api/v1/token/) in {self.token_seconds:.1f} s")
        print(f"  one client alone, {BASELINE_REQUESTS} reads: p50 {self.baseline_p50_ms:.1f} ms, max {self.baseline_max_ms:.1f} ms")
        for title, figures in ((f"think time {WAIT[0]:g}–{WAIT[1]:g} s, {RUN_TIME} s", self.run),
                               (f"zero think time, {SATURATION_TIME} s (informational)", self.saturation)):
            if figures is None:
                continue
            print(f"  {CLIENTS} clients, {title} (load average before {figures.load_average:.1f}, locust "
                  f"{figures.generator_cpu_ms:.1f} ms CPU/request):")
            print(f"    {figures.requests} requests, {figures.failures} failed, {figures.per_second:.1f} req/s; "
                  f"p50 {figures.p50_ms:.0f} ms, p95 {figures.p95_ms:.0f} ms, p99 {figures.p99_ms:.0f} ms")
            if figures.server_ms:
                p50, p95, p99 = figures.server_ms
                print(f"    in the server (gunicorn's own time, without the wait for a free worker): p50 {p50:.0f} ms, "
                      f"p95 {p95:.0f} ms, p99 {p99:.0f} ms")
            if figures.app_cpu_ms is not None and figures.database_cpu_ms is not None:
                cpu = figures.app_cpu_ms + figures.database_cpu_ms + figures.generator_cpu_ms
                print(f"    CPU per request: app {figures.app_cpu_ms:.1f} ms, PostgreSQL {figures.database_cpu_ms:.1f} ms, "
                      f"locust {figures.generator_cpu_ms:.1f} ms: {os.cpu_count()} idle CPUs would serve about "
                      f"{os.cpu_count() * 1000 / cpu:.0f} req/s")
            for sample in figures.failure_samples:
                print(f"    failure: {sample}")


# --- in the app's environment ----------------------------------------------------------------------------


def prepare_clients(count: int, out: Path) -> None:
    """(In the app's environment, DATABASE_URL.) `count` API clients of the organisation with the most
    registrations, registered by a bench functional administrator; their credentials and a sample of references
    written to `out` (0600)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procesregie.config.settings")
    import django

    django.setup()
    from django.db.models import Count

    from procesregie.accounts.models import ApiScope, Organisation, OrganisationKind, RoleAssignment, User
    from procesregie.accounts.roles import Role
    from procesregie.api.clients import client_create
    from procesregie.casework.models import Registration

    house = Organisation.objects.filter(kind=OrganisationKind.ZVH).order_by("code").first()
    if house is None:
        raise SystemExit("no house organisation (kind zvh) in the reference data")
    admin, _ = User.objects.get_or_create(username="bench-api-beheer", defaults={"organisation": house})
    RoleAssignment.objects.get_or_create(user=admin, role=Role.FUNCTIONAL_ADMIN)
    busiest = (Registration.objects.filter(destroyed_on__isnull=True).values("reported_by")
               .annotate(made=Count("pk")).order_by("-made").first())
    if busiest is None:
        raise SystemExit("no registrations in the database: the dataset import did not load any")
    organisation = Organisation.objects.get(pk=busiest["reported_by"])
    clients = []
    for number in range(1, count + 1):
        issued = client_create(actor=admin, organisation=organisation, name=f"bench-api-{number:02d}",
                               scopes=[ApiScope.REGISTRATIONS_READ], rate_per_minute=RATE_PER_MINUTE)
        clients.append({"client_id": issued.client_id, "secret": issued.secret})
    refs = list(Registration.objects.filter(reported_by=organisation, destroyed_on__isnull=True)
                .order_by("?").values_list("ref", flat=True)[:MAX_REFS])
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"organisation": f"{organisation.name} ({organisation.code})", "clients": clients, "refs": refs},
                  handle)


# --- over HTTP ---------------------------------------------------------------------------------------------


def _request(url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_token(base: str, client: dict) -> str:
    basic = base64.b64encode(f"{client['client_id']}:{client['secret']}".encode()).decode()
    status, body = _request(base + "/api/v1/token/", data=b"grant_type=client_credentials",
                            headers={"Authorization": f"Basic {basic}",
                                     "Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        raise LoadFailed(f"POST /api/v1/token/ answered {status}: {body[:200]!r}")
    return json.loads(body)["access_token"]


def read_status(base: str, token: str, ref: str) -> int:
    return _request(f"{base}/api/v1/registrations/{urllib.parse.quote(ref)}/",
                    headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})[0]


def warm_up(base: str, tokens: list[str], refs: list[str], workers: int) -> None:
    """Reads from as many concurrent clients as there are workers, so that every worker has loaded the code and
    opened its database connection before anything is measured."""
    def client(number: int) -> None:
        for index in range(10):
            read_status(base, tokens[number % len(tokens)], refs[(number * 10 + index) % len(refs)])

    threads = [threading.Thread(target=client, args=(number,)) for number in range(max(workers, 4))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def baseline(base: str, token: str, refs: list[str]) -> tuple[float, float]:
    times = []
    for number in range(BASELINE_REQUESTS):
        started = time.perf_counter()
        status = read_status(base, token, refs[number % len(refs)])
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise LoadFailed(f"a bench client reads {refs[number % len(refs)]}: {status}")
    times.sort()
    return times[len(times) // 2], times[-1]


def _processes(fragment: str):
    """Processes whose command line holds `fragment`, with all their children."""
    import psutil

    found = []
    for process in psutil.process_iter(["cmdline"]):
        if fragment in " ".join(process.info["cmdline"] or []):
            found.append(process)
            found.extend(process.children(recursive=True))
    return {process.pid: process for process in found}.values()


def cpu_seconds(fragment: str) -> dict[int, float]:
    """User and system CPU seconds used so far, per process, by the processes whose command line holds `fragment`
    and their children."""
    import psutil

    seconds = {}
    for process in _processes(fragment):
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        seconds[process.pid] = times.user + times.system
    return seconds


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used in between by the processes alive at the end (one that ended in between is not counted)."""
    return sum(max(0.0, used - before.get(pid, 0.0)) for pid, used in after.items())


def run_locust(base: str, plan: Path, *, seconds: int, name: str, database_port: str = "") -> Figures:
    prefix = API_DIR / name
    for path in API_DIR.glob(f"{name}_*.csv"):
        path.unlink()
    env = dict(os.environ, BENCH_API_PLAN=str(plan))
    command = [str(BIN / "locust"), "-f", str(BENCH_DIR / "api_locustfile.py"), "--headless", "--host", base,
               "--users", str(CLIENTS), "--spawn-rate", str(SPAWN_RATE), "--run-time", f"{seconds}s",
               "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5",
               "--reset-stats"]
    app = f"--bind {urllib.parse.urlsplit(base).netloc}"  # gunicorn's command line (load.gunicorn)
    database = f"-p {database_port} " if database_port else ""  # the postmaster's (pg_cluster: -p PORT -k DIR)
    load_average = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    app_before, database_before = cpu_seconds(app), cpu_seconds(database) if database else {}
    started = time.time()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=seconds + 120)
    ended = time.time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    app_after, database_after = cpu_seconds(app), cpu_seconds(database) if database else {}
    (API_DIR / f"{name}.log").write_text(completed.stdout + completed.stderr)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        tail = "\n".join((completed.stderr or completed.stdout).strip().splitlines()[-15:])
        raise LoadFailed(f"locust wrote no statistics (exit {completed.returncode}):\n{tail}")
    with stats.open(newline="") as handle:
        row = next((row for row in csv.DictReader(handle) if row["Name"] == PAGE), None)
    if row is None or not int(row["Request Count"]):
        raise LoadFailed(f"locust recorded no {PAGE} requests; see {API_DIR / (name + '.log')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures = Figures(requests=int(row["Request Count"]), failures=int(row["Failure Count"]),
                      p50_ms=float(row["50%"]), p95_ms=float(row["95%"]), p99_ms=float(row["99%"]),
                      per_second=float(row["Requests/s"]), load_average=load_average,
                      generator_cpu_ms=cpu / int(row["Request Count"]) * 1000)
    # CPU per request counts every request of the run, also those of the start before the figures are reset
    requests = _all_requests(Path(f"{prefix}_stats_history.csv")) or figures.requests
    figures.app_cpu_ms = cpu_used(app_before, app_after) / requests * 1000
    figures.database_cpu_ms = cpu_used(database_before, database_after) / requests * 1000 if database else None
    figures.failure_samples = _failure_samples(Path(f"{prefix}_failures.csv"))
    figures.server_ms = server_times(LOAD_DIR / "gunicorn.log", started + CLIENTS / SPAWN_RATE, ended)
    return figures


def _all_requests(history: Path) -> int:
    """The requests of the whole run, start included (locust's history: the total at its last line, before reset
    and after; the larger of the two parts)."""
    if not history.exists():
        return 0
    with history.open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Name"] == "Aggregated"]
    counts = [int(row["Total Request Count"]) for row in rows if row["Total Request Count"].isdigit()]
    if not counts:
        return 0
    reset = next((index for index in range(1, len(counts)) if counts[index] < counts[index - 1]), None)
    return counts[-1] + (counts[reset - 1] if reset else 0)


def _failure_samples(path: Path) -> list[str]:
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [f"{row['Name']}: {row['Error']} ({row['Occurrences']}×)" for row in csv.DictReader(handle)][:5]


_ACCESS_LINE = re.compile(r'\[([^]]+)\] "GET /api/v1/registrations/\S+ HTTP/[\d.]+" 200 .* (\d+)$')


def server_times(log: Path, start: float, end: float) -> tuple[float, float, float] | None:
    """p50, p95 and p99 of the status reads in [start, end] as gunicorn's access log times them (config/gunicorn.py
    ends each line with the milliseconds the server took)."""
    taken = []
    for line in log.read_text(errors="replace").splitlines():
        if match := _ACCESS_LINE.search(line):
            moment = datetime.datetime.strptime(match.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
            if start <= moment <= end:
                taken.append(int(match.group(2)))
    if not taken:
        return None
    taken.sort()
    return tuple(taken[min(len(taken) - 1, int(len(taken) * share))] for share in (0.5, 0.95, 0.99))


def write_plan(path: Path, plan: dict) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds bearer tokens
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(plan, handle)
    return path


def run_api(database_url: str, database_label: str, *, reuse: bool = False, saturation: bool = True) -> ApiReport:
    """Data, clients, server, tokens, load. Raises LoadFailed."""
    API_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    prepare_database(database_url, dataset=OUT_DIR / "demo-dataset", reuse=reuse)
    clients_file = API_DIR / "clients.json"
    _run([sys.executable, str(Path(__file__).resolve()), "prepare", "--out", str(clients_file)], _env(database_url))
    prepared = json.loads(clients_file.read_text())
    report = ApiReport(database=database_label, workers=gunicorn_workers(), organisation=prepared["organisation"],
                       refs=len(prepared["refs"]), setup_seconds=time.perf_counter() - started)
    if not prepared["refs"]:
        raise LoadFailed("the bench organisation has no registrations")
    with gunicorn(database_url) as base:
        began = time.perf_counter()
        tokens = [get_token(base, client) for client in prepared["clients"]]
        report.token_seconds = time.perf_counter() - began
        warm_up(base, tokens, prepared["refs"], report.workers)
        report.baseline_p50_ms, report.baseline_max_ms = baseline(base, tokens[0], prepared["refs"])
        plan = {"tokens": tokens, "refs": prepared["refs"]}
        database = urllib.parse.urlsplit(database_url)
        port = str(database.port or 5432) if database.hostname in ("127.0.0.1", "localhost") else ""
        report.run = run_locust(base, write_plan(API_DIR / "plan.json", {**plan, "wait": WAIT}), seconds=RUN_TIME,
                                name="locust-think", database_port=port)
        if saturation:
            report.saturation = run_locust(base, write_plan(API_DIR / "plan-zero.json", {**plan, "wait": (0, 0)}),
                                           seconds=SATURATION_TIME, name="locust-zero-think", database_port=port)
    return report


def measure(*, reuse: bool, saturation: bool = True) -> ApiReport:
    """`run_api` on BENCH_DATABASE_URL, or in a throwaway cluster. Raises LoadFailed or ClusterUnavailable."""
    from pg_cluster import throwaway_cluster

    if url := os.environ.get("BENCH_DATABASE_URL"):
        return run_api(url, "PostgreSQL (BENCH_DATABASE_URL)", reuse=reuse, saturation=saturation)
    with throwaway_cluster() as (url, version):
        return run_api(url, f"PostgreSQL {version} (throwaway cluster, fsync off)", reuse=reuse, saturation=saturation)


def api_step(bench):
    """Step for bench/run.py's STEPS: the p95 of the status read against the target, then the zero-think-time
    throughput (informational). Uses the Result class of the module that defines `bench` (no import cycle)."""
    from pg_cluster import ClusterUnavailable

    Result = sys.modules[type(bench).__module__].Result
    name = f"api: registration status, {CLIENTS} clients, {RUN_TIME} s"
    try:
        report = measure(reuse=bench.reuse)
    except ClusterUnavailable as reason:
        return Result(name, target=P95_TARGET_SECONDS, skipped=str(reason))
    except (LoadFailed, subprocess.TimeoutExpired) as failure:
        return Result(name, target=P95_TARGET_SECONDS, error=str(failure))
    report.print()
    results = []
    run = report.run
    label = (f"api GET /api/v1/registrations/<ref>/, {CLIENTS} clients, think time {WAIT[0]:g}–{WAIT[1]:g} s: "
             f"p50 {run.p50_ms:.0f} ms, p95 {run.p95_ms:.0f} ms, p99 {run.p99_ms:.0f} ms, {run.per_second:.1f} req/s, p95")
    if run.failures:
        results.append(Result(label, target=P95_TARGET_SECONDS,
                              error=f"{run.failures} failed requests:\n" + "\n".join(run.failure_samples)))
    else:
        results.append(Result(label, run.p95_ms / 1000, P95_TARGET_SECONDS))
    if saturated := report.saturation:
        label = (f"api status read, {CLIENTS} clients, zero think time: {saturated.per_second:.1f} req/s, "
                 f"p50 {saturated.p50_ms:.0f} ms, p95")
        if saturated.failures:
            results.append(Result(label, error=f"{saturated.failures} failed requests:\n"
                                               + "\n".join(saturated.failure_samples)))
        else:
            results.append(Result(label, saturated.p95_ms / 1000))  # informational
    return results


def verdict(figures: Figures) -> str:
    return "PASS" if figures.p95_ms < P95_TARGET_SECONDS * 1000 and not figures.failures else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    prepare = sub.add_parser("prepare", help="(internal) register the bench API clients in DATABASE_URL")
    prepare.add_argument("--clients", type=int, default=CLIENTS)
    prepare.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reuse", action="store_true", help="reuse bench/out/demo-dataset when it exists")
    parser.add_argument("--no-saturation", action="store_true", help="skip the zero-think-time run")
    options = parser.parse_args(argv)
    if options.command == "prepare":
        prepare_clients(options.clients, options.out)
        return 0

    from pg_cluster import ClusterUnavailable

    try:
        report = measure(reuse=options.reuse, saturation=not options.no_saturation)
    except (LoadFailed, ClusterUnavailable) as reason:
        print(f"api bench: {reason}", file=sys.stderr)
        return 1
    report.print()
    print(f"  verdict: p95 < {P95_TARGET_SECONDS * 1000:.0f} ms: {verdict(report.run)}")
    return 1 if verdict(report.run) == "MISS" else 0


if __name__ == "__main__":
    sys.exit(main())
