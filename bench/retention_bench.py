"""Bench steps `retention-propose`: `procesregie retention propose` on the large dataset (issue 14: under 30 s), and
`retention-destroy`: the first `procesregie retention destroy` of everything proposed ten years ahead (the whole run
within a few minutes, no single transaction over 15 s).

On a copy of bench/out/bench.sqlite3 (the imported large dataset; imported first when missing), migrated to the
current schema, so the step's destruction list never lands in the database other steps measure. Timed as a
command run (process start included), once at today and once ten years ahead, when nearly every subject with a
closed case or a declined registration is past its date: the largest list the dataset can give.
"""

import datetime
import re
import shutil
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

from report_bench import CONSOLE, OUT_DIR, _environment, _run

TARGET_SECONDS = 30.0


def _migrated_copy(bench, name: str) -> str:
    """A fresh copy `name` of the large dataset's database (imported first when missing), migrated: its URL."""
    large = OUT_DIR / "bench.sqlite3"
    if not large.exists():
        _run("migrate", "--noinput", database_url=f"sqlite:///{large}")
        _run("import", str(bench.dataset), database_url=f"sqlite:///{large}")
    for path in OUT_DIR.glob(f"{name}*"):
        path.unlink()
    shutil.copyfile(large, OUT_DIR / name)
    url = f"sqlite:///{OUT_DIR / name}"
    _run("migrate", "--noinput", database_url=url)
    return url


def retention_propose_step(bench):
    Result = sys.modules[type(bench).__module__].Result
    console = sys.modules[type(bench).__module__].console
    try:
        url = _migrated_copy(bench, "retention.sqlite3")
    except (RuntimeError, OSError, subprocess.SubprocessError) as failure:
        return Result("retention propose, large dataset", error=str(failure))
    today = datetime.datetime.now(tz=ZoneInfo("Europe/Amsterdam")).date()  # the installation's TIME_ZONE
    ahead = (today + datetime.timedelta(days=3653)).isoformat()
    results = [
        Result(f"retention propose (today, fresh list), {bench.scale} dataset",
               console("retention", "propose", database_url=url), TARGET_SECONDS),
        Result(f"retention propose --as-of {ahead} (adds the rest), {bench.scale} dataset",
               console("retention", "propose", "--as-of", ahead, database_url=url), TARGET_SECONDS),
        Result(f"retention propose --as-of {ahead} again (nothing new), {bench.scale} dataset",
               console("retention", "propose", "--as-of", ahead, database_url=url), TARGET_SECONDS),
    ]
    return results


DESTROY_TARGET_SECONDS = 300.0  # the whole first run: a few minutes
TRANSACTION_TARGET_SECONDS = 15.0  # the longest single transaction (the write lock on SQLite)
_CHUNK_LINE = re.compile(r"(\d+) item\(s\) \w+ ([\d.]+) s\.$")


def retention_destroy_step(bench):
    """`procesregie retention destroy` of the first big list: on a copy of the large dataset, a list proposed ten
    years ahead (nearly every subject with a closed case or a declined registration) and approved in the privacy
    officer's name, destroyed with `-v 2` (a line per transaction). Reports the whole run with items per second, and
    the longest single transaction."""
    Result = sys.modules[type(bench).__module__].Result
    today = datetime.datetime.now(tz=ZoneInfo("Europe/Amsterdam")).date()  # the installation's TIME_ZONE
    ahead = (today + datetime.timedelta(days=3653)).isoformat()
    try:
        url = _migrated_copy(bench, "retention-destroy.sqlite3")
        _run("retention", "propose", "--as-of", ahead, database_url=url)
        # The dataset's privacy officer may be inactive: on this throwaway copy, let the first one approve.
        _, officer = _run("shell", "-c", (
            "from procesregie.accounts.models import RoleAssignment\n"
            "a = RoleAssignment.objects.filter(role='privacy_officer').select_related('user').order_by('pk').first()\n"
            "a.user.is_active = True; a.user.save(update_fields=['is_active']); print(a.user.username)"),
            database_url=url)
        _run("retention", "approve", "--as", officer.strip().splitlines()[-1], "--reason", "bench",
             database_url=url)
        # --as-of after today: allowed only in a demo installation (this copy is one for the run).
        env = {**_environment(url), "PROCESREGIE_DEMO": "1"}
        started = time.perf_counter()
        completed = subprocess.run([str(CONSOLE), "retention", "-v", "2", "destroy", "--as-of", ahead], env=env,
                                   capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        if completed.returncode != 0:
            raise RuntimeError("\n".join((completed.stderr or completed.stdout).strip().splitlines()[-15:]))
    except (RuntimeError, OSError, subprocess.SubprocessError) as failure:
        return Result("retention destroy, large dataset", error=str(failure))
    chunks = [(int(match[1]), float(match[2])) for line in completed.stdout.splitlines()
              if (match := _CHUNK_LINE.search(line.strip()))]
    items = sum(number for number, _seconds in chunks)
    longest = max((chunk_seconds for _number, chunk_seconds in chunks), default=0.0)
    return [
        Result(f"retention destroy --as-of {ahead} (first run): {items} items in {len(chunks)} transactions, "
               f"{items / seconds:.0f} items/s, {bench.scale} dataset", seconds, DESTROY_TARGET_SECONDS),
        Result(f"retention destroy: the longest single transaction ({bench.scale} dataset)", longest,
               TRANSACTION_TARGET_SECONDS),
    ]
