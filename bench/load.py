"""Load benchmark: the app under gunicorn on PostgreSQL, many logged-in users reading cases at once.

1. PostgreSQL: BENCH_DATABASE_URL when set, otherwise a throwaway cluster (bench/pg_cluster.py).
2. migrate, load-reference, the demo dataset (`demo-data --seed 2024`, scale demo) imported, collectstatic, the
   demo users, and a procesregisseur `bench-regisseur-NN` for each procesregisseur who directs cases in the dataset
   (19 in the demo region), who takes over that one's caseload (so a work list holds 22–38 cases in regie, as a
   real one does) and staffs every table (so they see every case), each with a confirmed authenticator (their
   TOTP keys are read from the database by `load.py prepare`).
3. gunicorn on 127.0.0.1 with the production settings of src/procesregie/config/gunicorn.py (sync workers, one
   per CPU, preloaded; docs/decisions/0009), PROCESREGIE_ENV=development (no TLS on loopback) with DEBUG off and
   ALLOWED_HOSTS 127.0.0.1; the database settings are the installation's defaults (persistent connections,
   prepared statements). Its log: bench/out/load/gunicorn.log.
4. Each bench user logs in through the real pages over HTTP: password on /inloggen/, then the current TOTP
   code on /inloggen/code/. The session cookies go to locust, whose 50 users take them in turn (a procesregisseur
   with a few tabs open). Every worker is warmed up before measuring.
5. With think time: locust headless (`--users 50 --spawn-rate 10 --run-time 30s`, think time 1–5 s,
   BENCH_LOAD_WAIT=MIN,MAX) against the case page (random cases) and the work list (/werk/), RUNS (3) times.
   Every user starts in the middle of reading a page (a random part of the think time first), and the figures
   count from the moment all 50 are there (`--reset-stats`): the start-up of the load generator, ten users a
   second each asking at once, is not a situation of the users. p50/p95 per page of each run; the best run per
   page counts (other work on a shared machine only ever makes a run slower); the target is p95 < 150 ms.
6. Zero think time, case page only: the user count steps up (1, 2, 4, ...) until the throughput stops rising
   (less than 5 % more than the step before); the saturation throughput is that of the last step that still
   added 5 % or more, with its p95. Informational (no target).

Run alone: `.venv/bin/python bench/load.py`, or as the `load` step of `make bench`
(`.venv/bin/python bench/run.py --only load`). The load generator shares the machine with the server (its CPU per
request is printed): on a small machine the figures are a lower bound of what the server does on its own.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import resource
import signal
import socket
import struct
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
REPO = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
LOAD_DIR = OUT_DIR / "load"
BIN = Path(sys.executable).parent
CONSOLE = BIN / "procesregie"

USERS = 50
SPAWN_RATE = 10
RUN_TIME = "30s"
RUNS = 3  # step 5: the think-time run, best of RUNS per page
P95_TARGET_SECONDS = 0.150
# Step 6: zero think time, case page only; the user count of each step, STEP_TIME each, until the throughput
# rises by less than SATURATION_GAIN over the step before.
SATURATION_STEPS = (1, 2, 4, 8, 16, 32)
STEP_TIME = "15s"
SATURATION_GAIN = 1.05
MAX_CASES = 500  # case pages drawn from this many cases
# Think time of a locust user between two page views (seconds, uniform): someone reading a page before the next.
WAIT = tuple(float(x) for x in os.environ.get("BENCH_LOAD_WAIT", "1,5").split(","))
BASELINE_REQUESTS = 20
GUNICORN_CONFIG = "python:procesregie.config.gunicorn"


class LoadFailed(Exception):
    """The load benchmark could not be measured; the message says why."""


@dataclass
class PageFigures:
    name: str
    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    per_second: float


@dataclass
class Baseline:
    """One user alone, one request after the other: what a page costs without any queueing."""

    name: str
    p50_ms: float
    max_ms: float


@dataclass
class Run:
    """One locust run: its figures per page, the machine's 1-minute load average just before it, and the CPU
    seconds locust itself used per request (the load generator shares the CPUs with the server)."""

    pages: list[PageFigures]
    load_average: float
    generator_cpu_ms: float
    failure_samples: list[str] = field(default_factory=list)
    users: int = 0
    started: float = 0.0  # epoch seconds: the window of the figures in gunicorn's access log
    ended: float = 0.0
    server_ms: dict[str, tuple[float, float]] = field(default_factory=dict)  # page: (p50, p95) as gunicorn timed it

    def page(self, name: str) -> PageFigures | None:
        return next((page for page in self.pages if page.name == name), None)


@dataclass
class LoadReport:
    database: str
    work_list: str
    users: int
    run_time: str
    workers: int
    login_seconds: float = 0.0
    logins: int = 0  # bench users logged in; the locust users take their sessions in turn
    setup_seconds: float = 0.0
    baseline: list[Baseline] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)  # step 5, with think time
    steps: list[Run] = field(default_factory=list)  # step 6, zero think time, one per user count

    @property
    def pages(self) -> list[PageFigures]:
        """Per page, its figures from the run with the lowest p95 (best of the runs)."""
        names = sorted({page.name for run in self.runs for page in run.pages})
        return [min((run.page(name) for run in self.runs if run.page(name)), key=lambda page: page.p95_ms)
                for name in names]

    @property
    def failure_samples(self) -> list[str]:
        return [sample for run in self.runs for sample in run.failure_samples][:5]

    @property
    def saturation(self) -> Run | None:
        """At zero think time, the step after which more users no longer add throughput: the last step whose
        requests/s rose by SATURATION_GAIN or more over the step before (the first step if none did)."""
        measured = [step for step in self.steps if step.pages]
        knee = measured[0] if measured else None
        for before, step in zip(measured, measured[1:], strict=False):
            if step.pages[0].per_second >= before.pages[0].per_second * SATURATION_GAIN:
                knee = step
        return knee

    def print(self) -> None:
        print(f"\nLoad: gunicorn {self.workers} sync workers ({GUNICORN_CONFIG}) on {self.database}; work list = "
              f"{self.work_list}")
        print(f"  machine: {os.cpu_count()} CPUs shared by server, PostgreSQL and locust; a load average near or above "
              "the CPU count before a run means other work distorted it")
        print(f"  set-up {self.setup_seconds:.1f} s; {self.logins} logins (password + TOTP) in {self.login_seconds:.1f} s, "
              f"the sessions of {self.users} users")
        for base in self.baseline:
            print(f"  one user alone, {BASELINE_REQUESTS} requests: {base.name} p50 {base.p50_ms:.0f} ms, max {base.max_ms:.0f} ms")
        print(f"  {self.users} users (spawn {SPAWN_RATE}/s), think time {WAIT[0]:g}–{WAIT[1]:g} s, {self.run_time} per run:")
        for number, run in enumerate(self.runs, 1):
            figures = "; ".join(f"{page.name} p50 {page.p50_ms:.0f} ms p95 {page.p95_ms:.0f} ms ({page.requests} req, "
                                f"{page.failures} failed)" for page in run.pages)
            print(f"    run {number} (load average {run.load_average:.1f}, locust {run.generator_cpu_ms:.1f} ms CPU/request): "
                  f"{figures}")
            if run.server_ms:
                print("      in the server (gunicorn's own time, without the wait for a free worker): " + "; ".join(
                    f"{name} p50 {p50:.0f} ms p95 {p95:.0f} ms" for name, (p50, p95) in sorted(run.server_ms.items())))
        print(f"  best of {len(self.runs)}: {'page':<12}{'requests':>10}{'failures':>10}{'p50 ms':>9}{'p95 ms':>9}"
              f"{'req/s':>9}  p95 < {P95_TARGET_SECONDS * 1000:.0f} ms")
        for page in self.pages:
            print(f"  {'':<13}{page.name:<12}{page.requests:>10}{page.failures:>10}{page.p50_ms:>9.0f}{page.p95_ms:>9.0f}"
                  f"{page.per_second:>9.1f}  {verdict(page)}")
        for sample in self.failure_samples:
            print(f"  failure: {sample}")
        if self.steps:
            print(f"  zero think time, case page only, {STEP_TIME} per step (users: req/s, p50, p95; load average before):")
            for step in self.steps:
                page = step.pages[0] if step.pages else None
                shown = (f"{page.per_second:.1f} req/s, p50 {page.p50_ms:.0f} ms, p95 {page.p95_ms:.0f} ms, "
                         f"{page.failures} failed" if page else "no requests")
                server = step.server_ms.get("case page")
                shown += f"; in the server p50 {server[0]:.0f} ms, p95 {server[1]:.0f} ms" if server else ""
                print(f"    {step.users:>3} users: {shown} (load average {step.load_average:.1f}, locust "
                      f"{step.generator_cpu_ms:.1f} ms CPU/request)")
                for sample in step.failure_samples:
                    print(f"      failure: {sample}")
            if saturated := self.saturation:
                page = saturated.pages[0]
                print(f"  saturation: {page.per_second:.1f} req/s at {saturated.users} users, p95 {page.p95_ms:.0f} ms: more "
                      f"users add less than {(SATURATION_GAIN - 1) * 100:.0f} % (record 0006: 11–32 req/s with 50 users "
                      "on this machine, before issue 11's changes)")


def verdict(page: PageFigures) -> str:
    return "PASS" if page.p95_ms < P95_TARGET_SECONDS * 1000 and not page.failures else "MISS"


# --- commands ------------------------------------------------------------------------------------------


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "PROCESREGIE_ENV": "development",  # plain http on loopback; production would redirect to https
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PROCESREGIE_VAR_DIR": str(LOAD_DIR / "var"),  # never the developer's var/demo-credentials.json
        "PYTHONUNBUFFERED": "1",
    })
    return env


def _run(command: list[str], env: dict[str, str], *, timeout: float = 1800) -> str:
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=timeout)
    if completed.returncode != 0:
        output = (completed.stderr.strip() or completed.stdout.strip()).splitlines()
        tail = "\n".join(output[-15:]) if output else "(no output)"
        shown = " ".join([Path(command[0]).name, *command[1:]])
        raise LoadFailed(f"`{shown}` exited with {completed.returncode}:\n{tail}")
    print(f"  {' '.join([Path(command[0]).name, *command[1:3]])} ... {time.perf_counter() - started:.1f} s", flush=True)
    return completed.stdout


def prepare_database(database_url: str, *, dataset: Path, reuse: bool) -> Path:
    """Schema, reference data, the demo dataset and demo users, the bench users; returns the plan's JSON."""
    env = _env(database_url)
    if not (reuse and (dataset / "cases.csv").exists()):
        _run([str(CONSOLE), "demo-data", "--seed", "2024", "--out", str(dataset)], env)
    _run([str(CONSOLE), "migrate", "--noinput"], env)
    _run([str(CONSOLE), "load-reference"], env)
    _run([str(CONSOLE), "import", str(dataset)], env)
    _run([str(CONSOLE), "collectstatic", "--noinput"], env)  # as an installation does; whitenoise serves them
    _run([str(CONSOLE), "demo-users"], env)
    users_file = LOAD_DIR / "var" / "bench-users.json"
    _run([sys.executable, str(Path(__file__).resolve()), "prepare", "--users", str(USERS), "--out", str(users_file)], env)
    return users_file


def prepare_users(count: int, out: Path) -> None:
    """(In the app's environment.) At most `count` bench procesregisseurs, one in the place of each procesregisseur
    who directs cases, staffing every table, with a confirmed TOTP device; their passwords and keys, and a sample
    of case ids, written to `out` (0600)."""
    import secrets

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procesregie.config.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from procesregie.accounts.models import Organisation, OrganisationKind, RoleAssignment, User
    from procesregie.accounts.roles import Role
    from procesregie.casework.models import Case
    from procesregie.reference.models import Table

    password = secrets.token_urlsafe(18)
    hashed = make_password(password)  # one Argon2 hash for all: hashing 50 times adds nothing to the measurement
    house = Organisation.objects.filter(kind=OrganisationKind.ZVH).order_by("code").first()
    if house is None:
        raise SystemExit("no house organisation (kind zvh) in the reference data")
    tables = list(Table.objects.all())
    # The procesregisseurs who direct the dataset's cases: each is replaced by a bench user who takes over their
    # caseload, so that a bench user's work list holds what a real one holds (in the demo region 22–38 cases in
    # regie each, and their subjects logged), not an empty "Mijn casussen".
    directors = list(User.objects.filter(pk__in=Case.objects.values("procesregisseur")).order_by("username")[:count])
    if not directors:
        raise SystemExit("no procesregisseur directs a case: the dataset import did not load any")
    users = []
    with transaction.atomic():
        for number, director in enumerate(directors, 1):
            user, _ = User.objects.update_or_create(
                username=f"bench-regisseur-{number:02d}",
                defaults={"organisation": house, "password": hashed, "is_active": True,
                          "first_name": "Bench", "last_name": f"Regisseur {number:02d}"},
            )
            RoleAssignment.objects.get_or_create(user=user, role=Role.PROCESREGISSEUR)
            user.tables.set(tables)
            Case.objects.filter(procesregisseur=director).update(procesregisseur=user)
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            users.append({"username": user.username, "password": password, "key": device.key,
                          "step": device.step, "t0": device.t0, "digits": device.digits})
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh import: give the planner the statistics autovacuum would gather
    case_ids = list(Case.objects.order_by("?").values_list("id", flat=True)[:MAX_CASES])
    if not case_ids:
        raise SystemExit("no cases in the database: the dataset import did not load any")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"users": users, "case_ids": case_ids}, handle)


# --- logging in over HTTP --------------------------------------------------------------------------------


def totp(key_hex: str, *, step: int = 30, t0: int = 0, digits: int = 6, at: float | None = None) -> str:
    """RFC 6238: the code an authenticator app with this key shows (at time `at`, default now)."""
    counter = int(((time.time() if at is None else at) - t0) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{number:0{digits}d}"


_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # hand the 3xx back: the login checks where each step sends the browser


class Browser:
    """Just enough of a browser for the login: cookies, the CSRF token from the form, redirects not followed."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def _open(self, request) -> tuple[int, str, str]:
        """(status, Location, body); 4xx/5xx too."""
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode(errors="replace")

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(self.base + path)

    def post_form(self, path: str, page: str, data: dict[str, str]) -> tuple[int, str, str]:
        match = _CSRF_FIELD.search(page)
        if not match:
            raise LoadFailed(f"no CSRF token in the form of {path}")
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), **data}).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path}))

    def cookie(self, name: str) -> str | None:
        return next((cookie.value for cookie in self.jar if cookie.name == name), None)


def log_in(base: str, user: dict) -> str:
    """The session cookie of a completed login (password, then TOTP); LoadFailed when it does not complete."""
    browser = Browser(base)
    name = user["username"]
    status, _, page = browser.get("/inloggen/")
    if status != 200:
        raise LoadFailed(f"{name}: GET /inloggen/ answered {status}; see {LOAD_DIR / 'gunicorn.log'}")
    status, location, _ = browser.post_form("/inloggen/", page, {"username": name, "password": user["password"]})
    if status != 302 or not location.endswith("/inloggen/code/"):
        raise LoadFailed(f"{name}: the password step answered {status} {location}")
    status, _, page = browser.get("/inloggen/code/")
    code = totp(user["key"], step=user["step"], t0=user["t0"], digits=user["digits"])
    status, location, _ = browser.post_form("/inloggen/code/", page, {"otp_token": code})
    if status != 302 or "/inloggen/" in location:
        raise LoadFailed(f"{name}: the code step answered {status} {location}")
    session = browser.cookie("sessionid")
    if not session:
        raise LoadFailed(f"{name}: no session cookie after the login")
    return session


def status_of(base: str, path: str, session: str) -> int:
    browser = Browser(base)
    request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={session}"})
    return browser._open(request)[0]


# --- the server and the load -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, *, workers: int | None = None):
    """gunicorn with the production settings on 127.0.0.1:<free port> (`workers` overrides theirs); yields the base
    URL; stopped (TERM, then KILL) afterwards."""
    port = _free_port()
    log = (LOAD_DIR / "gunicorn.log").open("w")
    command = [str(BIN / "gunicorn"), "-c", GUNICORN_CONFIG, "--bind", f"127.0.0.1:{port}",
               *(["--workers", str(workers)] if workers else []), "procesregie.config.wsgi:application"]
    process = subprocess.Popen(command, env=_env(database_url), stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise LoadFailed(f"gunicorn exited with {process.returncode}; see {LOAD_DIR / 'gunicorn.log'}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(base + "/inloggen/", timeout=5) as response:
                    if response.status == 200:
                        break
            if time.monotonic() > deadline:
                raise LoadFailed("gunicorn did not answer /inloggen/ within 60 s")
            time.sleep(0.5)
        yield base
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def gunicorn_workers() -> int:
    """The number of workers the production settings start on this machine."""
    completed = subprocess.run(
        [sys.executable, "-c", "import procesregie.config.gunicorn as g; print(g.workers)"],
        capture_output=True, text=True, check=True,
    )
    return int(completed.stdout)


def warm_up(base: str, paths: list[str], sessions: list[str], workers: int) -> None:
    """Each page several times from as many concurrent clients as there are workers, so that every worker has
    loaded its templates and opened its database connection before anything is measured."""
    def client(number: int) -> None:
        for path in paths * 3:
            status_of(base, path, sessions[number % len(sessions)])

    threads = [threading.Thread(target=client, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def write_plan(path: Path, plan: dict) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds session cookies
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(plan, handle)
    return path


def run_locust(base: str, plan: Path, *, users: int, run_time: str, name: str = "locust",
               spawn_rate: int = SPAWN_RATE) -> Run:
    """One headless locust run; its figures, the load average before it and locust's CPU per request."""
    prefix = LOAD_DIR / name
    for path in LOAD_DIR.glob(f"{name}_*.csv"):
        path.unlink()
    env = dict(os.environ, BENCH_LOAD_PLAN=str(plan))
    command = [str(BIN / "locust"), "-f", str(BENCH_DIR / "locustfile.py"), "--headless", "--host", base,
               "--users", str(users), "--spawn-rate", str(spawn_rate),
               "--run-time", run_time, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
               "--stop-timeout", "5", "--reset-stats"]
    seconds = _seconds(run_time)
    load_average = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=seconds + 120)
    ended = time.time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    (LOAD_DIR / f"{name}.log").write_text(completed.stdout + completed.stderr)
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        tail = "\n".join((completed.stderr or completed.stdout).strip().splitlines()[-15:])
        raise LoadFailed(f"locust wrote no statistics (exit {completed.returncode}):\n{tail}")
    pages = read_figures(stats)
    requests = sum(page.requests for page in pages) or 1
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The window of the figures in gunicorn's log: from when all users have started (--reset-stats).
    return Run(pages, load_average, cpu / requests * 1000, failure_samples(stats), users, started + users / spawn_rate,
               ended)


_ACCESS_LINE = re.compile(r'\[([^]]+)\] "GET (\S+) HTTP/[\d.]+" 200 .* (\d+)$')


def server_times(log: Path, runs: list[Run], work_list: str) -> None:
    """Fill each run's `server_ms` from gunicorn's access log (config/gunicorn.py ends each line with the ms the
    server took): what the server itself spent, against what locust saw (which adds the wait for a free worker
    and locust's own turn on the CPUs)."""
    times: list[tuple[float, str, int]] = []
    for line in log.read_text(errors="replace").splitlines():
        if match := _ACCESS_LINE.search(line):
            moment = datetime.datetime.strptime(match.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp()
            page = "work list" if match.group(2) == work_list else "case page" if match.group(2).startswith("/casussen/") else ""
            if page:
                times.append((moment, page, int(match.group(3))))
    for run in runs:
        for page in ("case page", "work list"):
            taken = sorted(ms for moment, name, ms in times if name == page and run.started <= moment <= run.ended)
            if taken:
                run.server_ms[page] = (taken[len(taken) // 2], taken[min(len(taken) - 1, int(len(taken) * 0.95))])


def baseline(base: str, name: str, paths: list[str], session: str) -> Baseline:
    times = []
    for number in range(BASELINE_REQUESTS):
        started = time.perf_counter()
        status = status_of(base, paths[number % len(paths)], session)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise LoadFailed(f"{name}: {paths[number % len(paths)]} answered {status}")
    times.sort()
    return Baseline(name, times[len(times) // 2], times[-1])


def _seconds(run_time: str) -> int:
    match = re.fullmatch(r"(\d+)([smh]?)", run_time)
    if not match:
        raise LoadFailed(f"run time {run_time!r}: use e.g. 30s, 2m")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def read_figures(stats: Path) -> list[PageFigures]:
    pages = []
    with stats.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            pages.append(PageFigures(
                name=row["Name"], requests=int(row["Request Count"]), failures=int(row["Failure Count"]),
                p50_ms=float(row["50%"]), p95_ms=float(row["95%"]), per_second=float(row["Requests/s"]),
            ))
    return sorted(pages, key=lambda page: page.name)


def failure_samples(stats: Path) -> list[str]:
    failures = stats.with_name(stats.name.replace("_stats.csv", "_failures.csv"))
    if not failures.exists():
        return []
    with failures.open(newline="") as handle:
        return [f"{row['Name']}: {row['Error']} ({row['Occurrences']}×)" for row in csv.DictReader(handle)][:5]


def run_load(database_url: str, database_label: str, *, reuse: bool = False, users: int = USERS,
             run_time: str = RUN_TIME, runs: int = RUNS, workers: int | None = None) -> LoadReport:
    """Everything after the database exists: data, server, logins, load. Raises LoadFailed."""
    LOAD_DIR.mkdir(parents=True, exist_ok=True)
    for old in LOAD_DIR.glob("locust*"):
        old.unlink()
    started = time.perf_counter()
    users_file = prepare_database(database_url, dataset=OUT_DIR / "demo-dataset", reuse=reuse)
    prepared = json.loads(users_file.read_text())
    report = LoadReport(database=database_label, work_list="", users=users, run_time=run_time,
                        workers=workers or gunicorn_workers(), setup_seconds=time.perf_counter() - started)
    with gunicorn(database_url, workers=workers) as base:
        began = time.perf_counter()
        sessions = [log_in(base, user) for user in prepared["users"][:users]]
        report.login_seconds, report.logins = time.perf_counter() - began, len(sessions)
        report.work_list = "/werk/" if status_of(base, "/werk/", sessions[0]) == 200 else "/casussen/"
        case_paths = [f"/casussen/{case_id}/" for case_id in prepared["case_ids"]]
        if (status := status_of(base, case_paths[0], sessions[0])) != 200:
            raise LoadFailed(f"a bench user gets {status} for {case_paths[0]}; the load would measure errors")
        warm_up(base, [*case_paths[:4], report.work_list], sessions, report.workers)
        report.baseline = [
            baseline(base, "case page", case_paths, sessions[0]),
            baseline(base, "work list", [report.work_list], sessions[0]),
        ]
        plan = {"sessions": sessions, "case_ids": prepared["case_ids"], "work_list": report.work_list}
        think = write_plan(LOAD_DIR / "plan.json", {**plan, "wait": WAIT})
        for number in range(1, runs + 1):
            report.runs.append(run_locust(base, think, users=users, run_time=run_time, name=f"locust-run{number}"))
        zero_think = write_plan(LOAD_DIR / "plan-zero-think.json", {**plan, "wait": (0, 0), "pages": ["case page"]})
        for step_users in SATURATION_STEPS:
            step = run_locust(base, zero_think, users=step_users, run_time=STEP_TIME, spawn_rate=step_users,
                              name=f"locust-zero-think-{step_users}")
            report.steps.append(step)
            previous = report.steps[-2].pages[0].per_second if len(report.steps) > 1 and report.steps[-2].pages else 0
            if not step.pages or step.pages[0].failures or step.pages[0].per_second < previous * SATURATION_GAIN:
                break
    if not any(run.pages for run in report.runs):
        raise LoadFailed("locust recorded no requests")
    server_times(LOAD_DIR / "gunicorn.log", [*report.runs, *report.steps], report.work_list)
    return report


def load_step(bench):
    """Step for bench/run.py's STEPS: one Result per page (best p95 of the runs against the target), then the
    saturation throughput; on BENCH_DATABASE_URL or a throwaway cluster. Uses the Result class of the module that
    defines `bench` (no import cycle)."""
    from pg_cluster import ClusterUnavailable, throwaway_cluster

    Result = sys.modules[type(bench).__module__].Result
    name = f"load: gunicorn, {USERS} users, best of {RUNS} × {RUN_TIME}"
    try:
        if url := os.environ.get("BENCH_DATABASE_URL"):
            report = run_load(url, "PostgreSQL (BENCH_DATABASE_URL)", reuse=bench.reuse)
        else:
            with throwaway_cluster() as (url, version):
                report = run_load(url, f"PostgreSQL {version} (throwaway cluster, fsync off)", reuse=bench.reuse)
    except ClusterUnavailable as reason:
        return Result(name, target=P95_TARGET_SECONDS, skipped=str(reason))
    except (LoadFailed, subprocess.TimeoutExpired) as failure:
        return Result(name, target=P95_TARGET_SECONDS, error=str(failure))
    report.print()
    results = []
    for page in report.pages:
        label = (f"load {page.name} ({report.work_list if page.name == 'work list' else '/casussen/<id>/'}), "
                 f"{report.users} users, best of {len(report.runs)}: p50 {page.p50_ms:.0f} ms, p95 {page.p95_ms:.0f} ms, "
                 f"{page.requests} requests")
        if page.failures:
            samples = "\n".join(report.failure_samples)
            results.append(Result(label, target=P95_TARGET_SECONDS, error=f"{page.failures} failed requests:\n{samples}"))
        else:
            results.append(Result(label, page.p95_ms / 1000, P95_TARGET_SECONDS))
    if saturated := report.saturation:
        page = saturated.pages[0]
        label = f"load case page, zero think time: saturation {page.per_second:.1f} req/s at {saturated.users} users, p95"
        if page.failures:
            results.append(Result(label, error=f"{page.failures} failed requests:\n" + "\n".join(saturated.failure_samples)))
        else:
            results.append(Result(label, page.p95_ms / 1000))  # informational
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    prepare = sub.add_parser("prepare", help="(internal) create the bench users in DATABASE_URL")
    prepare.add_argument("--users", type=int, default=USERS)
    prepare.add_argument("--out", type=Path, required=True)
    parser.add_argument("--reuse", action="store_true", help="reuse bench/out/demo-dataset when it exists")
    parser.add_argument("--run-time", default=RUN_TIME)
    parser.add_argument("--runs", type=int, default=RUNS, help="think-time runs; the best per page counts")
    parser.add_argument("--workers", type=int, help="gunicorn workers instead of the production settings' number")
    options = parser.parse_args(argv)
    if options.command == "prepare":
        prepare_users(options.users, options.out)
        return 0

    sys.path.insert(0, str(BENCH_DIR))
    from pg_cluster import ClusterUnavailable, throwaway_cluster

    arguments = {"reuse": options.reuse, "run_time": options.run_time, "runs": options.runs, "workers": options.workers}
    try:
        if url := os.environ.get("BENCH_DATABASE_URL"):
            report = run_load(url, "PostgreSQL (BENCH_DATABASE_URL)", **arguments)
        else:
            with throwaway_cluster() as (url, version):
                report = run_load(url, f"PostgreSQL {version} (throwaway cluster, fsync off)", **arguments)
    except (LoadFailed, ClusterUnavailable) as reason:
        print(f"load: {reason}", file=sys.stderr)
        return 1
    report.print()
    return 1 if any(verdict(page) == "MISS" for page in report.pages) else 0


if __name__ == "__main__":
    sys.exit(main())
