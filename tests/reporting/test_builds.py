"""The PDF as a background build: a file that is ready at once is downloaded at once; otherwise the manager
gets a page with the progress and then the download link, never a hanging request (reporting/builds.py)."""

import threading
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.reporting import builds
from procesregie.reporting.builds import KEEP, STALE, build_request, build_run
from procesregie.reporting.models import ReportBuild
from procesregie.reporting.rendering import render_pdf

from ..logins import verified_client


def pdf_url(world) -> str:
    return reverse("reporting:annual-report-download") + f"?jaar={world.case.start_date.year}&formaat=pdf"


def wait_until_done(client, page_url: str, seconds: float = 90) -> str:
    """Poll the status part as htmx does until the download link shows; the status HTML at that moment."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = client.get(page_url, headers={"HX-Request": "true"})
        assert status.status_code == 200
        html = status.content.decode()
        if "Het bestand is klaar." in html or "mislukt" in html:
            return html
        assert "hx-trigger" in html  # still building: the part asks again
        time.sleep(0.2)
    raise AssertionError("the build did not finish")


@pytest.mark.django_db(transaction=True)
def test_a_slow_pdf_shows_its_progress_then_the_download_link(world, settings):
    settings.REPORT_BUILD_WAIT_SECONDS = 0  # every build counts as slow: the request never waits for it
    client = verified_client(world.users["manager"])

    response = client.get(pdf_url(world))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Het bestand wordt gemaakt" in page.content.decode()

    html = wait_until_done(client, response["Location"])
    assert "Het bestand is klaar." in html
    build = ReportBuild.objects.get()
    file_url = reverse("reporting:annual-report-build-file", kwargs={"pk": build.pk})
    assert file_url in html
    download = client.get(file_url)
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    assert AccessLogEntry.objects.filter(actor_username="manager", action="export").count() == 1

    again = client.get(pdf_url(world))  # the same figures: the finished file, at once, no second build
    assert again.status_code == 200 and again.content == download.content
    assert ReportBuild.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_pdf_ready_within_the_wait_is_downloaded_straight_away(world, settings):
    settings.REPORT_BUILD_WAIT_SECONDS = 120
    response = verified_client(world.users["manager"]).get(pdf_url(world))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert ReportBuild.objects.get().status == ReportBuild.Status.DONE


@pytest.mark.django_db
def test_the_build_of_other_figures_is_a_new_build(world):
    client = verified_client(world.users["manager"])
    first = client.get(pdf_url(world))
    suppressed = client.get(pdf_url(world) + "&klein=5")
    assert first.status_code == suppressed.status_code == 200
    assert first.content != suppressed.content
    assert ReportBuild.objects.count() == 2


@pytest.mark.django_db
def test_only_those_who_see_aggregates_see_a_build(world):
    verified_client(world.users["manager"]).get(pdf_url(world))
    build = ReportBuild.objects.get()
    for name in ("annual-report-build", "annual-report-build-file"):
        url = reverse(f"reporting:{name}", kwargs={"pk": build.pk})
        assert verified_client(world.users["participant"]).get(url).status_code == 404
        assert verified_client(world.users["manager"]).get(url).status_code == 200
        other = reverse(f"reporting:{name}", kwargs={"pk": "00000000-0000-4000-8000-000000000000"})
        assert verified_client(world.users["manager"]).get(other).status_code == 404


@pytest.mark.django_db
def test_the_file_of_an_unfinished_build_is_not_there(world):
    build, _ = request_build(world)
    url = reverse("reporting:annual-report-build-file", kwargs={"pk": build.pk})
    assert verified_client(world.users["manager"]).get(url).status_code == 404
    page = verified_client(world.users["manager"]).get(reverse("reporting:annual-report-build", kwargs={"pk": build.pk}))
    assert "Het bestand wordt gemaakt" in page.content.decode()


def request_build(world, **figures):
    return build_request(actor=world.users["manager"], file_format="pdf", year=2024,
                         figures=figures or {"report": {"year": 2024}}, suppress_below=None, language="nl")


@pytest.mark.django_db
def test_a_build_that_stopped_giving_signs_of_life_is_started_again(world):
    build, fresh = request_build(world)
    assert fresh
    ReportBuild.objects.filter(pk=build.pk).update(status=ReportBuild.Status.RUNNING,
                                                   heartbeat_at=timezone.now() - STALE - timedelta(seconds=1))
    again, fresh_again = request_build(world)
    assert fresh_again and again.pk != build.pk
    assert ReportBuild.objects.get(pk=build.pk).status == ReportBuild.Status.FAILED

    alive, reused = request_build(world)  # the new one is alive: asked again, it is the same build
    assert alive.pk == again.pk and not reused


@pytest.mark.django_db
def test_a_failed_build_says_so_and_offers_to_try_again(world):
    build, _ = request_build(world, report={"year": 2024, "approaches": {"x": "no figures"}})  # cannot be drawn

    build_run(build.pk, lambda figures, *, suppress_below, stage: render_pdf(
        figures["report"], labels=None, comparison=None, suppress_below=suppress_below, stage=stage))

    build.refresh_from_db()
    assert build.status == ReportBuild.Status.FAILED and build.error and build.content is None
    html = verified_client(world.users["manager"]).get(
        reverse("reporting:annual-report-build", kwargs={"pk": build.pk})).content.decode()
    assert "mislukt" in html and "Opnieuw proberen" in html and "formaat=pdf" in html
    again, fresh = request_build(world)
    assert fresh and again.pk != build.pk


@pytest.mark.django_db
def test_old_builds_are_removed(world):
    build, _ = request_build(world)
    ReportBuild.objects.filter(pk=build.pk).update(status=ReportBuild.Status.DONE,
                                                   requested_at=timezone.now() - KEEP - timedelta(minutes=1))
    request_build(world, report={"year": 2025})
    assert not ReportBuild.objects.filter(pk=build.pk).exists()


def test_a_build_waits_its_turn_while_others_render_and_stays_alive_meanwhile(monkeypatch):
    """A manager asking for many files at once gets them one turn at a time: no more than RENDERS_AT_ONCE render
    together in a process (the others wait, queued, with signs of life so that they are not given up as stale)."""
    monkeypatch.setattr(builds, "_renders", threading.BoundedSemaphore(1))
    monkeypatch.setattr(builds, "BEAT_SECONDS", 0.01)
    beats, rendered = [], threading.Event()

    def waiting_build():
        with builds._turn(beat=lambda: beats.append(1)):
            rendered.set()

    builds._renders.acquire()  # another build is rendering
    thread = threading.Thread(target=waiting_build)
    thread.start()
    try:
        assert not rendered.wait(0.3), "rendered while the only turn was taken"
        assert beats, "no sign of life while waiting"
    finally:
        builds._renders.release()
    thread.join(timeout=10)
    assert rendered.is_set(), "its turn came when the other build finished"
    assert builds._renders.acquire(blocking=False), "the turn was given back"
