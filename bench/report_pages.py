"""Bench step for the annual report as a manager gets it: the web page and the PDF download through Django's test
client (every middleware, the session, the second factor, the access log), on the demo region and on the large
dataset; and the HTML and PDF renderings on their own. Each is the best of three cold runs: the page's
rendering cache is cleared and earlier PDF builds are deleted before every run.

The PDF is timed until the file is in hand: when the download answers with the progress page (a background
build, docs/decisions/0007), the clock runs on while this client polls the page as htmx would and then
fetches the file.

`report_pages_step(bench)` is a step for bench/run.py; `python bench/report_pages.py measure YEAR` runs inside
the app's environment (DATABASE_URL) and prints the timings as JSON.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from in_app import logged_in_client, measured_in_app
from report_bench import _run, last_full_year

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
CONSOLE = Path(sys.executable).parent / "procesregie"
DEMO_TARGETS = BENCH_DIR.parent.parent / "shared" / "reference" / "zvhru-2024-targets-v2.json"
PAGE_TARGET_SECONDS = 1.0
PDF_TARGET_SECONDS = 3.0
RUNS = 3


# --- inside the app's environment ------------------------------------------------------------------------


def _manager():
    from procesregie.accounts.models import Organisation, OrganisationKind, RoleAssignment, User
    from procesregie.accounts.roles import Role

    house = Organisation.objects.filter(kind=OrganisationKind.ZVH).order_by("code").first()
    user, _ = User.objects.update_or_create(username="bench-manager", defaults={
        "organisation": house, "is_active": True, "first_name": "Bench", "last_name": "Manager"})
    RoleAssignment.objects.get_or_create(user=user, role=Role.MANAGER)
    return user


def _page_count(pdf: bytes) -> str:
    """Pages of a PDF, by poppler's pdfinfo ("?" when poppler-utils is not installed)."""
    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def _best(measure) -> float:
    return min(measure() for _ in range(RUNS))


def measure(year: int) -> dict[str, float]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procesregie.config.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.urls import reverse

    from procesregie.reporting.annual import annual_report_with_comparison
    from procesregie.reporting.models import ReportBuild
    from procesregie.reporting.rendering import labels_from_reference, render_html, render_pdf

    client = logged_in_client(_manager())
    page_url = reverse("reporting:annual-report") + f"?jaar={year}"
    pdf_url = reverse("reporting:annual-report-download") + f"?jaar={year}&formaat=pdf"
    client.get(page_url)  # imports and connections: a running server has them

    def page() -> float:
        cache.clear()
        started = time.perf_counter()
        response = client.get(page_url)
        seconds = time.perf_counter() - started
        assert response.status_code == 200 and f"Jaarverslag {year}".encode() in response.content
        return seconds

    def pdf_download() -> float:
        ReportBuild.objects.all().delete()
        started = time.perf_counter()
        response = client.get(pdf_url)
        while response.status_code == 302:  # the progress page: poll it as htmx does, then take the file
            location = response["Location"]
            while True:
                status = client.get(location, headers={"HX-Request": "true"})
                if b"Het bestand is klaar." in status.content or b"mislukt" in status.content:
                    break
                time.sleep(0.1)
            build = ReportBuild.objects.defer("figures", "content").get(pk=location.rstrip("/").rsplit("/", 1)[-1])
            response = client.get(reverse("reporting:annual-report-build-file", kwargs={"pk": build.pk}))
        seconds = time.perf_counter() - started
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code
        return seconds

    (report, comparison), labels = annual_report_with_comparison(year=year), labels_from_reference()

    def html_rendering() -> float:
        started = time.perf_counter()
        render_html(report, labels=labels, comparison=comparison, standalone=True)
        return time.perf_counter() - started

    def pdf_rendering() -> float:
        started = time.perf_counter()
        content = render_pdf(report, labels=labels, comparison=comparison)
        seconds = time.perf_counter() - started
        pages.append(_page_count(content))
        return seconds

    pages: list[str] = []
    timings = {"page": _best(page), "pdf_download": _best(pdf_download), "html_rendering": _best(html_rendering),
               "pdf_rendering": _best(pdf_rendering)}
    ReportBuild.objects.all().delete()
    return {**timings, "pdf_pages": pages[-1]}


# --- the step ---------------------------------------------------------------------------------------------


def demo_region_database() -> tuple[str, Path]:
    """The region `make demo` shows (calibrated when the shared targets are present), in its own SQLite file."""
    dataset, database = OUT_DIR / "demo-region", OUT_DIR / "demo-region.sqlite3"
    url = f"sqlite:///{database}"
    if not database.exists():
        calibration = ["--calibrate", str(DEMO_TARGETS)] if DEMO_TARGETS.exists() else []
        if not (dataset / "cases.csv").exists():
            _run("demo-data", *calibration, "--seed", "2024", "--out", str(dataset), database_url=url)
        _run("migrate", "--noinput", database_url=url)
        _run("load-reference", database_url=url)
        _run("import", str(dataset), database_url=url)
    return url, dataset


def pages_on(database_url: str, dataset: Path) -> dict:
    year = last_full_year(dataset)
    figures = measured_in_app(Path(__file__).resolve(), ["measure", str(year)], database_url, "the report pages")
    return {"year": year, **figures}


def report_pages_step(bench):
    """Results (bench/run.py's class) for the demo region and the large dataset (bench/out/bench.sqlite3)."""
    Result = sys.modules[type(bench).__module__].Result
    large = OUT_DIR / "bench.sqlite3"
    databases = []
    try:
        databases.append(("demo region", *demo_region_database()))
        if not large.exists():
            _run("migrate", "--noinput", database_url=f"sqlite:///{large}")
            _run("import", str(bench.dataset), database_url=f"sqlite:///{large}")
        databases.append((f"{bench.scale} dataset", f"sqlite:///{large}", bench.dataset))
    except RuntimeError as failure:
        return [Result("annual report pages", error=str(failure))]
    results = []
    for label, url, dataset in databases:
        try:
            figures = pages_on(url, dataset)
        except RuntimeError as failure:
            results.append(Result(f"annual report pages, {label}", error=str(failure)))
            continue
        year = figures["year"]
        results += [
            Result(f"annual report {year} web page (test client, cold), {label}", figures["page"], PAGE_TARGET_SECONDS),
            Result(f"annual report {year} PDF download until the file is in hand, {label}", figures["pdf_download"],
                   PDF_TARGET_SECONDS),
            Result(f"  HTML rendering alone, {label}", figures["html_rendering"], PAGE_TARGET_SECONDS),
            Result(f"  PDF rendering alone ({figures['pdf_pages']} pages), {label}", figures["pdf_rendering"],
                   PDF_TARGET_SECONDS),
        ]
    return results


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "measure":
        print(json.dumps(measure(int(argv[1]))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
