"""Report files that take a while (the PDF), built beside the request instead of inside it (docs/decisions/0007).

`build_request` is the one entry point: it finds a build of exactly the same figures, names and options
(done, or still alive), or records a new one and starts it. The request then waits a moment
(`REPORT_BUILD_WAIT_SECONDS`): a file that is ready by then is handed out at once; otherwise the user gets a
page with the progress and, when done, the download link. Nobody waits on a hanging request.

A build runs in a thread of the app server that received the request and keeps its state in the database,
so the page and the file can be served by any app server. At most `RENDERS_AT_ONCE` builds render at the same
time in one app server process; the others wait their turn, queued, giving signs of life meanwhile, so that a
manager who asks for many files at once (every window of the outcomes report) cannot take every core. A builder that dies (the server restarted) stops
giving signs of life; after `STALE` its build counts as failed and the next request starts a new one.
Inside an open transaction (a test that never commits) a thread could not see the build, so it runs inline.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from .models import ReportBuild
from .rendering import suppression

logger = logging.getLogger(__name__)

KEEP = timedelta(days=1)  # finished and failed builds are removed after this
STALE = timedelta(minutes=5)  # a build without a sign of life for this long is given up
RENDERS_AT_ONCE = 2  # builds rendering at the same time in one app server process (the machine has 2 cores)
BEAT_SECONDS = 30.0  # a build waiting for its turn gives a sign of life this often (well within STALE)
_renders = threading.BoundedSemaphore(RENDERS_AT_ONCE)
Status, Stage = ReportBuild.Status, ReportBuild.Stage
Renderer = Callable[..., bytes]


def fingerprint(*, file_format: str, figures: Mapping[str, Any], suppress_below: int | None, language: str) -> str:
    method = [suppression.METHOD] if suppress_below else []  # a file suppressed the old way is not served again
    text = json.dumps([file_format, figures, suppress_below, language, *method], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def build_request(*, actor, file_format: str, year: int, figures: Mapping[str, Any], suppress_below: int | None,
                  language: str) -> tuple[ReportBuild, bool]:
    """The build of these figures: an existing one that is done or alive, or a new one (then `True`)."""
    now = timezone.now()
    ReportBuild.objects.filter(requested_at__lt=now - KEEP).exclude(status__in=[Status.QUEUED, Status.RUNNING]).delete()
    ReportBuild.objects.filter(status__in=[Status.QUEUED, Status.RUNNING], heartbeat_at__lt=now - STALE).update(
        status=Status.FAILED, error="gave no sign of life", finished_at=now)
    key = fingerprint(file_format=file_format, figures=figures, suppress_below=suppress_below, language=language)
    existing = (ReportBuild.objects.filter(fingerprint=key).exclude(status=Status.FAILED)
                .defer("figures", "content").order_by("-requested_at").first())
    if existing is not None:
        return existing, False
    build = ReportBuild.objects.create(
        fingerprint=key, file_format=file_format, year=year, suppress_below=suppress_below, language=language,
        figures=dict(figures), requested_by=actor if getattr(actor, "pk", None) else None, requested_at=now,
        heartbeat_at=now)
    return build, True


def build_start(build: ReportBuild, render: Renderer) -> threading.Thread | None:
    """Run the build beside the request (a thread; returned), or inline inside an open transaction (`None`)."""
    if connection.in_atomic_block:
        build_run(build.pk, render)
        return None
    thread = threading.Thread(target=_run_in_thread, args=(build.pk, render), name=f"report-build-{build.pk}",
                              daemon=True)
    thread.start()
    return thread


def build_wait(build: ReportBuild, thread: threading.Thread | None) -> ReportBuild:
    """The build after at most REPORT_BUILD_WAIT_SECONDS of waiting for its thread (reloaded from the database)."""
    if thread is not None:
        thread.join(timeout=settings.REPORT_BUILD_WAIT_SECONDS)
    return ReportBuild.objects.defer("figures").get(pk=build.pk)


def _run_in_thread(build_id, render: Renderer) -> None:
    try:
        with _turn(beat=lambda: _progress(build_id)):
            build_run(build_id, render)
    finally:
        connections.close_all()  # this thread's connections only: they are per thread


@contextlib.contextmanager
def _turn(*, beat: Callable[[], None]):
    """Wait until fewer than `RENDERS_AT_ONCE` builds render in this process, calling `beat` every `BEAT_SECONDS`
    meanwhile (the build stays queued and alive), and hold the turn for the block."""
    while not _renders.acquire(timeout=BEAT_SECONDS):
        beat()
    try:
        yield
    finally:
        _renders.release()


def build_run(build_id, render: Renderer) -> None:
    """Render the build's figures with `render(figures, suppress_below=, stage=)` and keep the bytes.

    `render` calls `stage(name)` as it goes (a `ReportBuild.Stage`): that is the progress the user sees.
    A failure is logged for the engineer and shown to the user as a failed build; it never raises.
    """
    build = ReportBuild.objects.get(pk=build_id)
    _progress(build_id, status=Status.RUNNING, stage=Stage.CONTENT)
    try:
        content = render(build.figures, suppress_below=build.suppress_below,
                         stage=lambda stage: _progress(build_id, stage=stage))
    except Exception as failure:  # noqa: BLE001 -- whatever breaks, the user gets "failed" and can try again
        logger.exception("report build %s failed", build_id)
        _progress(build_id, status=Status.FAILED, error=f"{type(failure).__name__}: {failure}"[:2000],
                  finished_at=timezone.now())
        return
    _progress(build_id, status=Status.DONE, stage=Stage.FINISHED, content=content, finished_at=timezone.now())


def _progress(build_id, **fields) -> None:
    ReportBuild.objects.filter(pk=build_id).update(heartbeat_at=timezone.now(), **fields)


__all__ = ["build_request", "build_run", "build_start", "build_wait", "fingerprint", "KEEP", "STALE"]
