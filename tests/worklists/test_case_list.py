"""The case list's filters, sorting, paging and download: only visible cases, every one shown or exported logged,
bad input answered with a message (never a 500), and a number of queries that does not grow with the cases."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from procesregie.casework.models import Case, CaseStatus, Participation, Registration
from procesregie.reference.models import Table
from tests.casework.helpers import last_sequence, logged_in, new_entries
from tests.factories import CaseFactory, MunicipalityFactory, OrganisationFactory, UserFactory
from tests.personas import build_world

pytestmark = pytest.mark.django_db

LIST = reverse("casework:case-list")
DAY = datetime.timedelta(days=1)


def export_url(file_format: str) -> str:
    return reverse("worklists:case-export", args=[file_format])


@pytest.fixture
def world():
    """The personas' world, and at table A: mine (two), a colleague's, one without a regisseur, one closed."""
    world = build_world()
    today = timezone.localdate()
    me = world.users["regisseur"]
    world.colleague = UserFactory(username="collega-regisseur", first_name="Carla", last_name="Collega")
    me.first_name, me.last_name = "Rita", "Regisseur"
    me.save()
    table_a = world.case.table
    approach = world.case.registration.approach
    world.holder = OrganisationFactory(code="wijkteam", name="Wijkteam (synthetisch)")
    world.town = MunicipalityFactory(code="GM0001", name="Synthetisch-Oost")

    def case(family_name, *, start, registered=None, table=table_a, **fields):
        return CaseFactory(registration__approach=approach, table=table, start_date=start,
                           registration__registered_on=registered or start - 10 * DAY, registration__triage_on=start,
                           registration__person__family_name=family_name, **fields)

    Case.objects.filter(pk=world.case.pk).update(procesregisseur=me, start_date=today - 100 * DAY)
    Registration.objects.filter(case=world.case).update(registered_on=today - 110 * DAY, triage_on=today - 100 * DAY)
    world.case.refresh_from_db()
    world.mine_old = case("Oudgediende", start=today - 800 * DAY, registered=today - 900 * DAY, procesregisseur=me,
                          case_holder=world.holder, registration__municipality=world.town)
    world.colleagues = case("Collegiaal", start=today - 500 * DAY, procesregisseur=world.colleague)
    world.unassigned = case("Zonderregie", start=today - 20 * DAY, registered=today - 21 * DAY)
    world.closed = case("Afgesloten", start=today - 1000 * DAY, procesregisseur=me, closed=True)  # ended after 90 days
    # A case without a table of its own belongs to the tables of its approach (table A among them).
    world.tableless = case("Tafelloos", start=today - 30 * DAY, table=None)
    return world


def get(world, persona="regisseur", path=LIST, **params):
    return logged_in(world.users[persona]).get(path, params)


def listed(world, persona="regisseur", **params) -> list[str]:
    """The references in the list's table, in order."""
    response = get(world, persona, **params)
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index("<table"):html.index("</table>")] if "<table" in html else ""
    return re.findall(r'href="/casussen/\d+/">([^<]+)<', table)


def ref(*cases) -> list[str]:
    return [case.registration.ref for case in cases]


def test_mine_lists_exactly_the_cases_i_direct(world):
    assert sorted(listed(world, regisseur="mine")) == sorted(ref(world.case, world.mine_old, world.closed))
    assert listed(world, regisseur="mine", status="in_regie") == ref(world.case, world.mine_old)


def test_without_a_regisseur_and_a_named_regisseur(world):
    assert sorted(listed(world, regisseur="none")) == sorted(ref(world.unassigned, world.tableless))
    assert listed(world, regisseur=world.colleague.pk) == ref(world.colleagues)


def test_the_regisseur_choices_are_those_of_the_visible_cases(world):
    html = get(world).content.decode()
    options = re.search(r'<select name="regisseur".*?</select>', html, re.S).group(0)
    assert "Carla Collega" in options and "Rita Regisseur" in options
    assert "Mijn casussen" in options and "Zonder procesregisseur" in options
    elsewhere = CaseFactory(table=world.other_case.table, procesregisseur=UserFactory(first_name="Verre", last_name="Vreemde"))
    assert "Vreemde" not in get(world).content.decode()  # a regisseur of cases I cannot see is not offered
    # ... and asked for by id anyway, they match nothing (exactly as an id that does not exist).
    assert listed(world, regisseur=elsewhere.procesregisseur_id) == []
    assert listed(world, regisseur=987654321) == []


def test_mine_is_offered_to_who_directs_cases(world):
    def options(persona):
        html = get(world, persona).content.decode()
        return re.search(r'<select name="regisseur".*?</select>', html, re.S).group(0)

    assert 'value="mine"' in options("regisseur") and 'value="none"' in options("regisseur")
    assert 'value="mine"' not in options("participant") and 'value="none"' in options("participant")
    assert listed(world, "participant", regisseur="mine") == []  # asked for anyway: a partner directs nothing


def test_a_table_filter_includes_the_cases_of_its_approach_without_a_table(world):
    found = listed(world, table=world.case.table.pk)
    assert world.tableless.registration.ref in found and world.case.registration.ref in found
    # A table of my approach where I do not work: of its cases only the one without a table (which belongs to every
    # table of approach A, mine too); a table of another approach: nothing.
    table_a2 = Table.objects.get(code="tafel-a2")
    assert listed(world, table=table_a2.pk) == ref(world.tableless)
    assert listed(world, table=world.other_case.table_id) == []
    assert world.neighbour_case.registration.ref not in str(get(world, table=table_a2.pk).content)


def test_status_municipality_case_holder_and_approach(world):
    assert listed(world, status="closed") == ref(world.closed)
    assert listed(world, municipality="GM0001") == ref(world.mine_old)
    assert listed(world, case_holder=world.holder.pk) == ref(world.mine_old)
    assert world.mine_old.registration.ref not in listed(world, case_holder="none")
    assert sorted(listed(world, approach="aanpak-a")) == sorted(
        ref(world.case, world.mine_old, world.colleagues, world.unassigned, world.closed, world.tableless))
    assert listed(world, approach="aanpak-b") == []  # the approach of another table: none of its cases are mine


def test_time_in_regie_in_buckets_and_by_start_date(world):
    today = timezone.localdate()
    # Closed after 90 days: under a year in regie, however long ago it started.
    assert sorted(listed(world, duration="lt_1y")) == sorted(
        ref(world.case, world.unassigned, world.closed, world.tableless))
    assert listed(world, duration="1_2y") == ref(world.colleagues)
    assert listed(world, duration="gt_2y") == ref(world.mine_old)
    started = listed(world, started_from=(today - 120 * DAY).isoformat(), started_until=(today - 25 * DAY).isoformat())
    assert sorted(started) == sorted(ref(world.case, world.tableless))


@pytest.mark.parametrize("sort, first", [
    ("start_desc", "unassigned"), ("start_asc", "closed"), ("duration_desc", "mine_old"),
    ("waiting_desc", "mine_old"), ("regisseur", "colleagues"),
])
def test_sorting(world, sort, first):
    found = listed(world, sort=sort)
    assert found[0] == getattr(world, first).registration.ref
    assert len(found) == 6


def test_sorting_by_regisseur_puts_cases_without_one_last(world):
    found = listed(world, sort="regisseur")
    assert set(found[-2:]) == set(ref(world.unassigned, world.tableless))


def test_paging_keeps_the_filters(world):
    for _ in range(55):
        CaseFactory(table=world.case.table, registration__approach=world.case.registration.approach,
                    procesregisseur=world.users["regisseur"])
    html = get(world, regisseur="mine", sort="start_asc").content.decode()
    assert "58 casussen gevonden" in html
    assert re.search(r'href="\?regisseur=mine&amp;sort=start_asc&amp;page=2"', html)
    second = listed(world, regisseur="mine", sort="start_asc", page=2)
    assert len(second) == 8


@pytest.mark.parametrize("params, field", [
    ({"regisseur": "iemand"}, "regisseur"),
    ({"regisseur": "99999999999999999999999"}, "regisseur"),
    ({"table": "-1"}, "table"),
    ({"table": "1e3"}, "table"),
    ({"case_holder": "één"}, "case_holder"),
    ({"municipality": "GM-bestaat-niet"}, "municipality"),
    ({"duration": "eeuwig"}, "duration"),
    ({"started_from": "31-02-2024"}, "started_from"),
    ({"started_from": "2024-05-01", "started_until": "2024-04-01"}, "started_until"),
    ({"sort": "'; drop table"}, "sort"),
    ({"status": "closed\x00"}, "status"),
])
def test_bad_filter_input_gets_a_clear_message_and_is_not_applied(world, params, field):
    response = get(world, **params)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html and 'id="filter-errors"' in html
    assert world.case.registration.ref in html  # the bad filter does not narrow the list
    assert 'id="export-csv"' not in html  # and the list with a bad filter is not offered as a download


def test_the_export_links_carry_the_filters(world):
    html = get(world, regisseur="mine", status="in_regie", page="1").content.decode()
    assert f'href="{export_url("csv")}?regisseur=mine&amp;status=in_regie"' in html
    assert f'href="{export_url("xlsx")}?regisseur=mine&amp;status=in_regie"' in html


# --- the download ------------------------------------------------------------------------------------------------


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_holds_the_filtered_cases_and_is_logged_per_subject(world):
    before = last_sequence()
    response = get(world, path=export_url("csv"), regisseur="mine", status="in_regie")
    assert 'attachment; filename="casussen-' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [row["Referentie"] for row in rows] == ref(world.case, world.mine_old)
    old = rows[1]
    assert old["Procesregisseur"] == "Rita Regisseur" and old["Casushouder"] == "Wijkteam (synthetisch)"
    assert old["Gemeente"] == "Synthetisch-Oost" and old["Dagen in regie"] == "800"
    assert old["Startdatum"] == world.mine_old.start_date.isoformat() and old["Status"] == "in regie"
    entries = new_entries(before)
    assert sorted((e.action, e.subject_key, e.purpose_case_id) for e in entries) == sorted(
        ("export", case.registration.person.subject_key, case.pk) for case in (world.case, world.mine_old))


def test_the_xlsx_holds_the_same_rows_with_real_dates_and_numbers(world):
    response = get(world, path=export_url("xlsx"), regisseur="mine", sort="start_asc")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Referentie"
    assert [row[0] for row in rows[1:]] == ref(world.closed, world.mine_old, world.case)
    closed = rows[1]
    assert closed[5].date() == world.closed.start_date and closed[6].date() == world.closed.end_date
    assert closed[10] == 90


def test_formula_looking_cells_are_escaped_in_both_files(world):
    world.case.registration.person.family_name = "=HYPERLINK(\"http://example.org\")"
    world.case.registration.person.given_name = ""
    world.case.registration.person.save()
    world.holder.name = "+31 wijkteam"
    world.holder.save()
    rows = csv_rows(get(world, path=export_url("csv"), regisseur="mine"))
    names = {row["Referentie"]: row for row in rows}
    assert names[world.case.registration.ref]["Persoon of systeem"] == "'=HYPERLINK(\"http://example.org\")"
    assert names[world.mine_old.registration.ref]["Casushouder"] == "'+31 wijkteam"
    response = get(world, path=export_url("xlsx"), regisseur="mine")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert "'=HYPERLINK(\"http://example.org\")" in [cell.value for cell in cells]


def test_a_download_never_holds_a_case_out_of_scope(world):
    for persona, visible in (("participant", {world.case}), ("other_org", {world.other_case}),
                             ("regisseur_elsewhere", {world.other_case}), ("removed", set())):
        rows = csv_rows(get(world, persona, path=export_url("csv")))
        assert {row["Referentie"] for row in rows} == set(ref(*visible)), persona
        rows = csv_rows(get(world, persona, path=export_url("csv"), table=world.case.table.pk, regisseur="none"))
        assert world.tableless.registration.ref not in {row["Referentie"] for row in rows}


def test_a_download_with_a_bad_filter_exports_nothing_and_says_why(world):
    before = last_sequence()
    response = get(world, path=export_url("csv"), regisseur="mine", started_from="morgen")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Gestart vanaf" in html and world.case.registration.ref not in html
    assert new_entries(before) == []


@pytest.mark.parametrize("persona", ["manager", "privacy_officer", "functional_admin"])
def test_roles_without_case_content_get_no_download(world, persona):
    assert get(world, persona, path=export_url("csv")).status_code == 404


def test_an_unknown_file_format_is_not_found(world):
    assert get(world, path=export_url("pdf")).status_code == 404


# --- queries -----------------------------------------------------------------------------------------------------


def add_cases(world, count: int) -> None:
    """Cases at table A that the police takes part in, in municipality GM0001; every other one mine, without a
    case holder."""
    me = world.users["regisseur"]
    police = world.users["participant"].organisation
    town = MunicipalityFactory(code="GM0001")
    for index in range(count):
        mine = index % 2 == 0
        case = CaseFactory(table=world.case.table, registration__approach=world.case.registration.approach,
                           procesregisseur=me if mine else UserFactory(), case_holder=None if mine else OrganisationFactory(),
                           registration__municipality=town)
        Participation.objects.create(case=case, organisation=police)


FILTERED = {"regisseur": "mine", "status": CaseStatus.IN_REGIE, "approach": "aanpak-a", "municipality": "GM0001",
            "table": "TABLE", "case_holder": "none", "started_from": "2000-01-01", "sort": "regisseur"}


@pytest.mark.parametrize("persona", ["regisseur", "participant"])
@pytest.mark.parametrize("path, params", [(LIST, {}), (LIST, {"regisseur": "mine", "sort": "waiting_desc"}),
                                          (LIST, FILTERED), (export_url("csv"), {}), (export_url("xlsx"), {})])
def test_the_filtered_list_and_its_download_have_a_constant_number_of_queries(
    persona, path, params, django_assert_num_queries
):
    """5 visible cases against 50: the same number of queries, exactly (the access log's rows are one insert
    whatever their number)."""
    world = build_world()  # world.case is the one case both personas see
    params = {name: str(world.case.table_id) if value == "TABLE" else value for name, value in params.items()}
    client = logged_in(world.users[persona])
    add_cases(world, 4)
    client.get(path, params)  # warm up: the session and the log's chain
    with CaptureQueriesContext(connection) as five:
        assert client.get(path, params).status_code == 200
    add_cases(world, 45)
    with django_assert_num_queries(len(five)):
        assert client.get(path, params).status_code == 200
    # Session, user, second factor, roles (4); the log's append (6); the actor's organisation for the log (1);
    # the list: four filter choices, the approaches offered, the approach and municipality asked for and the
    # approach's children, count and page (at most 10).
    assert len(five) <= 4 + 6 + 1 + 10
