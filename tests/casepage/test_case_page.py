"""Issue 12 §5: a long case stays readable. The case page's parts fold (<details>, no script), the timeline comes
in pages (newest first, "older" links that work with and without htmx), and a print view shows everything. The
case page's number of queries does not depend on the size of the case."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.casepage.timeline_pages import PAGE_SIZE
from procesregie.escalations.models import Escalation, EscalationReason

from .conftest import logged_in
from .long_case import SHORT, grow

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(case, **query) -> str:
    url = reverse("casework:case-detail", args=[case.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def timeline_url(case, number) -> str:
    return reverse("casework:case-timeline", args=[case.pk]) + f"?tijdlijn={number}"


def parts(html: str) -> dict[str, bool]:
    """The folding parts of a page: id -> open."""
    return {match.group(2): bool(match.group(3)) for match in re.finditer(
        r'<details class="procesregie-case-part"( id="([^"]+)")?( open)?>', html)}


def timeline_items(html: str) -> list[str]:
    section = re.search(r'<section class="procesregie-section" id="timeline".*?</section>', html, re.S).group(0)
    return re.findall(r'<time datetime="([^"]+)">', section)


def test_a_long_case_folds_its_long_parts_and_keeps_the_working_parts_open(long_case, regie):
    html = regie.get(page_url(long_case)).content.decode()
    assert parts(html) == {"deel-aanmelding": False, "deel-deelnemers": False, "deel-besprekingen": False,
                           "deel-plan": True, "deel-metingen": True, "deel-tijdlijn": True}
    summary = re.search(r'id="deel-besprekingen">\s*<summary[^>]*>(.*?)</summary>', html, re.S).group(1)
    assert "Besprekingen" in summary and "88 keer besproken, het laatst op" in summary
    # the contents link to every part, and to the print view
    contents = re.search(r'<nav class="procesregie-case-contents".*?</nav>', html, re.S).group(0)
    anchors = re.findall(r'href="#([a-z-]+)"', contents)
    assert anchors == ["registration-heading", "participants-heading", "discussions-heading", "plan-heading",
                       "measurements-heading", "timeline-heading"]
    for key, anchor in zip(parts(html), anchors, strict=True):  # each link leads into its part
        inside = re.search(rf'<details class="procesregie-case-part" id="{key}".*?</details>', html, re.S).group(0)
        assert f'id="{anchor}"' in inside
    assert reverse("casework:case-print", args=[long_case.pk]) in contents


def test_a_young_short_case_shows_every_part_open(world, regie):
    case = world.case
    case.start_date = case.registration.triage_on = timezone.localdate() - datetime.timedelta(days=30)
    case.registration.registered_on = case.start_date - datetime.timedelta(days=5)
    case.save(update_fields=["start_date"])
    case.registration.save(update_fields=["registered_on", "triage_on"])
    assert set(parts(regie.get(page_url(case)).content.decode()).values()) == {True}


def test_the_registration_folds_once_the_case_has_run_a_quarter(world, regisseur, regie):
    grow(world.case, regisseur, SHORT)
    assert parts(regie.get(page_url(world.case)).content.decode())["deel-aanmelding"] is False


def test_the_timeline_shows_its_newest_page_and_links_to_older_ones(long_case, regie):
    html = regie.get(page_url(long_case)).content.decode()
    first = timeline_items(html)
    assert len(first) == PAGE_SIZE and first == sorted(first, reverse=True)
    assert "pagina 1 van" in html and "Nieuwere gebeurtenissen" not in html
    older = re.search(r'<a [^>]*rel="next" href="([^"]+)" hx-get="([^"]+)"', html)
    assert older.group(1) == page_url(long_case, tijdlijn=2) + "#timeline"
    assert older.group(2) == timeline_url(long_case, 2)
    second = timeline_items(regie.get(page_url(long_case, tijdlijn=2)).content.decode())
    assert len(second) == PAGE_SIZE and max(second) <= min(first)


def test_the_timeline_pages_cover_every_event_once(long_case, regie):
    html = regie.get(page_url(long_case)).content.decode()
    count = int(re.search(r"pagina 1 van (\d+)", html).group(1))
    events = []
    for number in range(1, count + 1):
        events += timeline_items(regie.get(page_url(long_case, tijdlijn=number)).content.decode())
    everything = timeline_items(regie.get(reverse("casework:case-print", args=[long_case.pk])).content.decode())
    assert events == everything and len(everything) > 6 * PAGE_SIZE


@pytest.mark.parametrize("value, shown", [("abc", "1"), ("-3", "1"), ("0", "1"), ("9999", "last")])
def test_a_page_number_out_of_range_shows_the_nearest_page(long_case, regie, value, shown):
    response = regie.get(page_url(long_case, tijdlijn=value))
    count = re.search(r"pagina (\d+) van (\d+)", response.content.decode())
    assert response.status_code == 200
    assert count.group(1) == (count.group(2) if shown == "last" else shown)


def test_with_htmx_the_older_link_answers_with_the_timeline_alone_and_focuses_its_heading(long_case, regie):
    response = regie.get(timeline_url(long_case, 2), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section class="procesregie-section" id="timeline"')
    assert "<html" not in html and "pagina 2 van" in html
    assert re.search(r'<h2 [^>]*id="timeline-heading" tabindex="-1" autofocus>', html)
    plain = regie.get(timeline_url(long_case, 2))
    assert plain.status_code == 302 and plain["Location"] == page_url(long_case, tijdlijn=2) + "#timeline"


def test_the_print_view_shows_everything_unfolded_without_forms_or_buttons(long_case, regie):
    html = regie.get(reverse("casework:case-print", args=[long_case.pk])).content.decode()
    main = re.search(r"<main.*</main>", html, re.S).group(0)
    assert "<details class=\"procesregie-case-part\"" not in main and "<form" not in main
    assert "Meting vastleggen" not in main and "Oudere gebeurtenissen" not in main and "hx-get" not in main
    for heading in ("Aanmelding en triage", "Deelnemers", "Besprekingen", "Plan van aanpak",
                    "Metingen per leefgebied", "Tijdlijn"):
        assert f">{heading}</h2>" in main
    assert "casepage/casepage.css" in html  # its print rules hide the header, menu and footer on paper


@pytest.mark.parametrize("persona", ["regisseur_elsewhere", "other_org", "removed", "manager"])
def test_who_may_not_see_the_case_gets_not_found_on_its_timeline_and_print_view(world, persona):
    client = logged_in(world.users[persona])
    for url in (timeline_url(world.case, 1), reverse("casework:case-print", args=[world.case.pk])):
        for headers in ({}, HTMX):
            response = client.get(url, **headers)
            assert response.status_code == 404 and "Geheime" not in response.content.decode()


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _escalate(case, world) -> None:
    """An escalation on `case` like the one the world's case has."""
    Escalation.objects.create(case=case, raised_on=case.start_date, raised_by=world.users["participant"],
                              raised_by_organisation=world.escalation.raised_by_organisation,
                              reason=EscalationReason.NO_LEAD, explanation="Synthetisch: niemand neemt de leiding.")


def test_the_case_page_needs_as_many_queries_for_eight_years_as_for_one(world, regisseur, regie):
    other = world.neighbour_case  # a second case at the same house, kept small, with the same kinds of history
    other.table = world.case.table
    other.save(update_fields=["table"])
    grow(other, regisseur, SHORT)
    _escalate(other, world)
    small = {name: _queries(regie, url) for name, url in [
        ("page", page_url(other)), ("print", reverse("casework:case-print", args=[other.pk]))]}
    grow(world.case, regisseur)
    large = {name: _queries(regie, url) for name, url in [
        ("page", page_url(world.case)), ("print", reverse("casework:case-print", args=[world.case.pk]))]}
    assert large == small


def test_a_kind_of_history_the_case_has_none_of_costs_the_case_page_no_query(world, regisseur, regie):
    """The relations without rows (here: escalations) are not read one by one: one query tells which have rows."""
    case = world.neighbour_case
    case.table = world.case.table
    case.save(update_fields=["table"])
    grow(case, regisseur, SHORT)
    without = _queries(regie, page_url(case))
    _escalate(case, world)
    assert _queries(regie, page_url(case)) == without + 1
    assert "niemand neemt de leiding" in regie.get(page_url(case)).content.decode().lower()
