"""gunicorn settings for a production app server; the load benchmark (bench/load.py) runs with this file too.

    procesregie collectstatic --noinput
    gunicorn -c python:procesregie.config.gunicorn procesregie.config.wsgi

Every value can be overridden on the command line or in GUNICORN_CMD_ARGS (e.g. `--bind 10.0.0.5:8000` for the
load balancer, `--workers 8`). The reasons and the measurements are in docs/decisions/0009-serving-under-load.md.
"""

import gc
import os
import re

from gunicorn.glogging import Logger

# Where the server listens: loopback, behind a reverse proxy or load balancer that terminates TLS.
bind = "127.0.0.1:8000"
# Sync workers, one request at a time each: a page is mostly Python (templates, the ORM), which threads in one
# process would only take turns at. One per CPU keeps every CPU busy: while a worker waits for PostgreSQL on the
# same machine, PostgreSQL works. More workers only share the CPUs among more requests at once, and each takes
# longer (measured: docs/decisions/0009). With PostgreSQL on another machine a worker waits without using its
# CPU; there start with `--workers` at the CPUs plus one or two.
workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
worker_class = "sync"
# Load the application once in the master, then fork: workers start at once and share its memory, and a
# broken configuration stops the server at start instead of in every worker.
preload_app = True


# What the master loaded (Django, the project, every module and class: over a hundred thousand objects) lives as
# long as the workers; frozen before each fork, the workers' garbage collector leaves it alone. Without this, a
# worker's full collection walked all of it, about every 40 requests, holding that request up to 100 ms; frozen, the
# longest pause was 12–16 ms (docs/decisions/0009).
def pre_fork(server, worker):
    gc.freeze()


# A request that takes longer is stopped (its worker restarted): the PDF report waits at most a few seconds and
# continues in the background (PROCESREGIE_REPORT_BUILD_WAIT_SECONDS), so no page needs this long.
timeout = 60
# One line per request on standard output, for the service manager's log; the last field is the time the
# server took for it in milliseconds.
accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)s'


# The link of an invitation carries its token in the path (invitations/urls.py): whoever reads the server's log
# must not be able to activate somebody else's account with it. The other pages under /uitnodiging/ hold none.
INVITATION_TOKEN = re.compile(r"(/uitnodiging/)(?!(?:wachtwoord|app)/)[^/?#\s\"]+")


def without_secrets(text: str) -> str:
    """`text` with an invitation's token replaced by "[verborgen]"."""
    return INVITATION_TOKEN.sub(r"\1[verborgen]", text)


class AccessLogger(Logger):
    """gunicorn's logger, but no field of an access-log line (request line, path, referer, headers) holds a token."""

    def atoms(self, resp, req, environ, request_time):
        return {key: without_secrets(value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()}


logger_class = AccessLogger
