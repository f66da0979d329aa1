"""What the bench steps that time pages share: a measurement run inside the app's environment (a Python
subprocess with its own DATABASE_URL, production-like settings for the test client) that prints its figures as
JSON on its last line, and the logged-in client such a measurement requests pages with."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP_ENVIRONMENT = {"DJANGO_DEBUG": "false", "PROCESREGIE_ENV": "development", "DJANGO_ALLOWED_HOSTS": "testserver"}


def fresh_sqlite(database: Path) -> str:
    """The URL of an empty SQLite file at `database` (an earlier one and its journals are removed)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    for path in database.parent.glob(database.name + "*"):
        path.unlink()
    return f"sqlite:///{database}"


def measured_in_app(script: Path, arguments: list[str], database_url: str, what: str) -> dict:
    """Run `script arguments` in the app's environment on `database_url`; the JSON it printed last.
    RuntimeError (with the end of its output) when it fails."""
    environment = {**os.environ, "DATABASE_URL": database_url, **APP_ENVIRONMENT}
    completed = subprocess.run([sys.executable, str(script), *arguments], env=environment, capture_output=True,
                               text=True, check=False)
    if completed.returncode != 0:
        tail = "\n".join((completed.stderr.strip() or completed.stdout.strip()).splitlines()[-15:])
        raise RuntimeError(f"measuring {what} exited with {completed.returncode}:\n{tail}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def personas_world():
    """Inside the app's environment, on an empty database: Django set up and migrated, and the personas' world of the
    tests (tests/personas.py). Returns the world."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procesregie.config.settings")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from procesregie.reference.services import closing_reasons_ensure
    from tests.personas import build_world

    closing_reasons_ensure(actor=None)
    return build_world()


def long_case_world():
    """`personas_world()` with its case grown to the eight-year case of tests/casepage/long_case.py, directed by the
    world's procesregisseur. Returns (world, case)."""
    world = personas_world()
    from tests.casepage.long_case import LONG, grow

    return world, grow(world.case, world.users["regisseur"], LONG)


def logged_in_client(user):
    """Inside the app's environment: a test client of `user`, past the password and the second factor, as the
    tests log in (tests/logins.py)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.logins import verified_client

    return verified_client(user)


# --- steps that time a page in several renderings (the case summary, the inzage document) --------------------------


def describe_timed(figure: dict, runs: int) -> str:
    """One rendering's figures (best, timings, cpu, queries, bytes) as a line."""
    return (f"{figure['best'] * 1000:.0f} ms (best of {runs}: {', '.join(f'{t * 1000:.0f}' for t in figure['timings'])}"
            f" ms; CPU of this process {figure['cpu'] * 1000:.0f} ms, so a loaded machine shows in the difference), "
            f"{figure['queries']} queries, {figure['bytes'] // 1024} KiB")


def timed_step(bench, figures, names: dict, target: float, runs: int) -> list:
    """Results (bench/run.py's class), one per rendering in `names` ({kind: name}), from `figures()`
    ({kind: figure, ...})."""
    Result = sys.modules[type(bench).__module__].Result
    first = next(iter(names.values()))
    try:
        result = figures()
    except RuntimeError as failure:
        return [Result(first, error=str(failure))]
    for kind, name in names.items():
        print(f"  {name}: {describe_timed(result[kind], runs)}", flush=True)
    return [Result(name, result[kind]["best"], target) for kind, name in names.items()]


def timed_main(argv: list[str], *, measure, figures, names: dict, target: float, runs: int, about: str, doc: str) -> int:
    """A step's script: `measure` inside the app's environment prints the figures as JSON; without arguments the
    figures with their verdicts (and `about`, a key of the figures describing what was measured)."""
    if argv == ["measure"]:
        print(json.dumps(measure()))
        return 0
    if not argv:
        result = figures()
        verdicts = []
        for kind, name in names.items():
            verdict = "PASS" if result[kind]["best"] < target else "MISS"
            verdicts.append(verdict)
            print(f"{name}: {describe_timed(result[kind], runs)} (target < {target:g} s) {verdict}")
        print(f"{about}: {result[about]}")
        return 0 if set(verdicts) == {"PASS"} else 1
    print(doc, file=sys.stderr)
    return 2
