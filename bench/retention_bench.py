"""Bench step `retention-propose`: `procesregie retention propose` on the large dataset (issue 14: under 30 s).

On a copy of bench/out/bench.sqlite3 (the imported large dataset; imported first when missing), migrated to the
current schema, so the step's destruction list never lands in the database other steps measure. Timed as a
command run (process start included), once at today and once ten years ahead, when nearly every subject with a
closed case or a declined registration is past its date: the largest list the dataset can give.
"""

import datetime
import shutil
import subprocess
import sys
from zoneinfo import ZoneInfo

from report_bench import OUT_DIR, _run

TARGET_SECONDS = 30.0


def retention_propose_step(bench):
    Result = sys.modules[type(bench).__module__].Result
    console = sys.modules[type(bench).__module__].console
    large = OUT_DIR / "bench.sqlite3"
    copy = OUT_DIR / "retention.sqlite3"
    url = f"sqlite:///{copy}"
    try:
        if not large.exists():
            _run("migrate", "--noinput", database_url=f"sqlite:///{large}")
            _run("import", str(bench.dataset), database_url=f"sqlite:///{large}")
        for path in OUT_DIR.glob("retention.sqlite3*"):
            path.unlink()
        shutil.copyfile(large, copy)
        _run("migrate", "--noinput", database_url=url)
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
