"""Bench step for the case summary (casusoverzicht) of an agenda item, as a police partner who takes part in the case
gets it before the meeting: the HTML page and the PDF download through Django's test client (every middleware, the
session, the second factor, the access log), on a fresh SQLite database, best of three cold requests each (the
cache is cleared before each). Target: under 1 s each (wall clock). The CPU time of the process is printed beside it:
the test client, SQLite and WeasyPrint all run in it, so wall minus CPU is what other work on the machine cost.

The case is the eight-year case of tests/casepage/long_case.py (88 meetings with a discussion, 40 interventions, ten
goals, 24 measurement moments on eight life domains, a dozen partners), with a decision at each of its meetings and
a dozen short updates of the partners: more than a realistic case has, so the figure is an upper bound.

`case_summary_step(bench)` is a step for bench/run.py; `python bench/case_summary.py measure` runs inside the app's
environment (DATABASE_URL) and prints the figures as JSON; `python bench/case_summary.py` prints them with the verdict.
"""

import datetime
import sys
import time
from pathlib import Path

from in_app import fresh_sqlite, logged_in_client, long_case_world, measured_in_app, timed_main, timed_step

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
DATABASE = OUT_DIR / "case-summary.sqlite3"
TARGET_SECONDS = 1.0
RUNS = 3


# --- inside the app's environment ------------------------------------------------------------------------


def measure() -> dict:
    world, case = long_case_world()
    partner = world.users["participant"]
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from procesregie.meetings.models import AgendaItem, Decision, Meeting
    from procesregie.plans.models import CaseUpdate

    for index, item in enumerate(AgendaItem.objects.filter(case=case).select_related("meeting")):
        Decision.objects.create(agenda_item=item, text=f"Besluit {index + 1}: afspraken bijgesteld.",
                                owner=partner.organisation, owner_person=partner,
                                due_date=item.meeting.date + datetime.timedelta(days=28))
    for index in range(12):
        CaseUpdate.objects.create(case=case, organisation=partner.organisation, author=partner,
                                  text=f"Update {index + 1}: huisbezoek afgelegd, volgende stap afgesproken.")
    coming = Meeting.objects.create(ref="OVL-KOMEND", table=case.table,
                                    date=timezone.localdate() + datetime.timedelta(days=3))
    item = AgendaItem.objects.create(meeting=coming, case=case, position=1)

    client = logged_in_client(partner)
    urls = {"html": reverse("meetings:case-summary", args=[coming.pk, item.pk]),
            "pdf": reverse("meetings:case-summary-pdf", args=[coming.pk, item.pk])}
    marks = {"html": b"Laatste besluiten", "pdf": b"%PDF"}

    def request(kind: str) -> tuple[float, float]:
        cache.clear()
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(urls[kind])
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert response.status_code == 200 and marks[kind] in response.content, response.status_code
        return seconds, cpu

    result = {}
    for kind in ("html", "pdf"):
        client.get(urls[kind])  # imports, template loading, fonts: a running server has them
        runs = [request(kind) for _ in range(RUNS)]
        timings = [seconds for seconds, _cpu in runs]
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(urls[kind]).content)
        result[kind] = {"best": min(timings), "timings": timings, "cpu": min(cpu for _s, cpu in runs),
                        "queries": len(queries), "bytes": size}
    result["case"] = {"discussions": case.discussions.count(), "decisions": Decision.objects.count(),
                      "interventions": case.interventions.count(), "measurements": case.measurements.count()}
    return result


# --- the step ---------------------------------------------------------------------------------------------


def figures() -> dict:
    return measured_in_app(Path(__file__).resolve(), ["measure"], fresh_sqlite(DATABASE), "the case summary")


NAMES = {"html": "case summary HTML of an 8-year case (test client, partner, best of 3)",
         "pdf": "case summary PDF of an 8-year case (test client, partner, best of 3)"}


def case_summary_step(bench):
    """Two Results (bench/run.py's class): the HTML page and the PDF."""
    return timed_step(bench, figures, NAMES, TARGET_SECONDS, RUNS)


if __name__ == "__main__":
    sys.exit(timed_main(sys.argv[1:], measure=measure, figures=figures, names=NAMES, target=TARGET_SECONDS, runs=RUNS,
                        about="case", doc=__doc__))
