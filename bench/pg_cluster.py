"""A throwaway PostgreSQL cluster from Debian's binaries, on loopback, for one benchmark run."""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

DATABASE = "procesregie_bench"


class ClusterUnavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


def _binaries() -> Path:
    candidates = [Path(path) for path in glob.glob("/usr/lib/postgresql/*/bin") if (Path(path) / "initdb").exists()]
    if not candidates:
        raise ClusterUnavailable(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
            "install Debian's `postgresql` package or set BENCH_DATABASE_URL"
        )
    return max(candidates, key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _runner(user: str | None):
    """Run a PostgreSQL binary, as `user` when given (root may not run the server itself)."""

    def run(*command: str) -> None:
        prefix = ["runuser", "-u", user, "--"] if user else []
        result = subprocess.run([*prefix, *command], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ClusterUnavailable(f"`{' '.join(command)}` failed: {(result.stderr or result.stdout).strip()[-500:]}")

    return run


@contextlib.contextmanager
def throwaway_cluster():
    """Start a cluster in a temporary directory (fsync off, 127.0.0.1, a free port); yield its DATABASE_URL.

    The cluster is stopped and its directory removed afterwards, whatever happens.
    """
    binaries = _binaries()
    user = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise ClusterUnavailable("running as root, but there is no `postgres` user to run the server") from None
        user = "postgres"
    workdir = Path(tempfile.mkdtemp(prefix="procesregie-bench-pg-"))
    if user:
        os.chown(workdir, owner.pw_uid, owner.pw_gid)
    run = _runner(user)
    data = workdir / "data"
    port = _free_port()
    started = False
    try:
        run(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C", "--no-sync")
        run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(workdir / "server.log"), "-w",
            "-o", f"-h 127.0.0.1 -p {port} -k {workdir} -F", "start")
        started = True
        run(str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", DATABASE)
        yield f"postgres://postgres@127.0.0.1:{port}/{DATABASE}", binaries.parent.name
    finally:
        if started:
            with contextlib.suppress(ClusterUnavailable):
                run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(workdir, ignore_errors=True)
