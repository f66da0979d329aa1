"""The outcomes report as files: the CSV parses and holds every figure of the document (as CSV_HELP describes it),
names cannot become spreadsheet formulas; the spreadsheet opens, has a sheet per part and holds the figures as
numbers; the format table is the fixed interface of the command and the page."""

from __future__ import annotations

import copy
import csv
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from procesregie.reporting.outcome_formats import (
    CSV_HELP,
    OUTCOME_FORMATS,
    TEXT_OUTCOME_FORMATS,
    UNSUPPRESSED_OUTCOME_FORMATS,
)
from procesregie.reporting.rendering.outcomes import render_outcomes_xlsx

from .rendering_sample import one_approach, sample_outcome_labels, sample_outcomes

GROUP_COUNTS = ("n", "not_eligible", "excluded_deceased", "registrations_before", "registrations_after",
                "persons_any_before", "persons_any_after")


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def csv_rows(document, n=None, labels=None) -> list[dict[str, str]]:
    content = OUTCOME_FORMATS["csv"](document, n, labels or sample_outcome_labels()).decode("utf-8")
    assert content.splitlines()[0] == "approach,table,key,subkey,value"
    return list(csv.DictReader(io.StringIO(content)))


def index(rows) -> dict[tuple[str, str, str, str], str]:
    found = {}
    for row in rows:
        key = (row["approach"], row["table"], row["key"], row["subkey"])
        assert key not in found, key
        found[key] = row["value"]
    return found


def test_the_format_table_is_the_fixed_interface():
    assert set(OUTCOME_FORMATS) == {"json", "csv", "html", "pdf", "xlsx"}
    assert TEXT_OUTCOME_FORMATS == {"json", "csv", "html"} and UNSUPPRESSED_OUTCOME_FORMATS == {"json"}
    labels = sample_outcome_labels()
    for name in ("csv", "html", "xlsx", "json"):
        assert isinstance(OUTCOME_FORMATS[name](sample_outcomes(), 5, labels), bytes), name
    assert OUTCOME_FORMATS["html"](sample_outcomes(), None, labels).startswith(b"<!DOCTYPE html>")
    assert OUTCOME_FORMATS["xlsx"](sample_outcomes(), None, labels)[:2] == b"PK"
    for table in ("window", "recidivism", "recidivism_by_kind", "comparison", "comparison_by_kind", "domain_progress",
                  "follow_through", "ci95_change_pct", "wilson95_low", "improved_pct", "overdue", "total"):
        assert table in CSV_HELP, table


def test_the_csv_holds_every_figure_of_the_document():
    document = sample_outcomes()
    found = index(csv_rows(document))
    assert found[("", "window", "from", "")] == "2023-01-01" and found[("", "window", "as_of", "")] == "2025-01-01"
    expected = 3
    for code, block in document["approaches"].items():
        for table, group in (("recidivism", block["recidivism"]), ("comparison", block["recidivism"]["comparison"])):
            for key in GROUP_COUNTS:
                assert found[(code, table, key, "")] == str(group[key]), (code, table, key)
            change = group["change_pct"]
            assert found[(code, table, "change_pct", "")] == ("" if change is None else str(change))
            interval = group["ci95_change_pct"] or ["", ""]
            assert [found[(code, table, "ci95_change_pct", b)] for b in ("low", "high")] == [str(v) for v in interval]
            for kind, pair in group["by_kind"].items():
                for side in ("before", "after"):
                    assert found[(code, f"{table}_by_kind", kind, side)] == str(pair[side])
            expected += len(GROUP_COUNTS) + 3 + 2 * len(group["by_kind"])
        for domain, figures in block["domain_progress"].items():
            for key in ("n", "improved", "same", "worse", "improved_pct"):
                assert found[(code, "domain_progress", domain, key)] == str(figures[key])
            assert found[(code, "domain_progress", domain, "wilson95_low")] == str(figures["wilson95"][0])
            assert found[(code, "domain_progress", domain, "wilson95_high")] == str(figures["wilson95"][1])
            expected += 7
        for organisation, figures in block["follow_through"].items():
            for key in ("agreed", "running", "done", "cancelled", "overdue"):
                assert found[(code, "follow_through", organisation, key)] == str(figures.get(key, 0))
            assert found[(code, "follow_through", organisation, "total")] == str(
                sum(figures.get(key, 0) for key in ("agreed", "running", "done", "cancelled")))
            expected += 6
    assert len(found) == expected  # nothing else
    assert found[("topx-oost", "recidivism", "change_pct", "")] == "-39.0"  # a number, not escaped


def test_a_name_that_looks_like_a_formula_stays_text():
    block = copy.deepcopy(sample_outcomes()["approaches"]["topx-oost"])
    block["follow_through"] = {"=HYPERLINK(\"http://x\")": {"done": 7}}
    block["domain_progress"] = {"@SUM(A1)": block["domain_progress"]["huisvesting"]}
    rows = csv_rows(one_approach(block, code="+topx"))
    assert {row["approach"] for row in rows} == {"", "'+topx"}
    assert "'=HYPERLINK(\"http://x\")" in {row["key"] for row in rows}
    assert "'@SUM(A1)" in {row["key"] for row in rows}
    workbook = load_workbook(io.BytesIO(render_outcomes_xlsx(one_approach(block, code="+topx"),
                                                             labels=sample_outcome_labels())))
    names = [cell.value for row in workbook["Uitvoering"].iter_rows(min_row=2) for cell in row]
    assert "=HYPERLINK(\"http://x\")" in names
    assert all(cell.data_type == "s" for row in workbook["Uitvoering"].iter_rows(min_row=2) for cell in row[2:4])


def test_the_suppressed_csv_shows_markers_where_the_counts_are_small():
    found = index(csv_rows(sample_outcomes(), n=5))
    assert found[("topx-west", "follow_through", "gemeente-amersfoort", "agreed")] == "<5"
    assert found[("topx-oost", "recidivism", "registrations_before", "")] == "1943"
    assert found[("topx-ogg", "recidivism", "change_pct", "")] == "afg."
    assert not [key for key, value in found.items() if value.isdigit() and 0 < int(value) < 5]


def test_the_spreadsheet_has_a_sheet_per_part_with_numbers_as_numbers():
    workbook = load_workbook(io.BytesIO(render_outcomes_xlsx(sample_outcomes(), labels=sample_outcome_labels())))
    assert workbook.sheetnames == ["Recidive", "Recidive per soort", "Leefgebieden", "Uitvoering", "Toelichting"]
    recidivism = workbook["Recidive"]
    header = [cell.value for cell in recidivism[1]]
    assert header[:4] == ["Code", "Aanpak", "Groep", "Personen met een volledig jaar follow-up (n)"]
    rows = {(row[0].value, row[2].value): row for row in recidivism.iter_rows(min_row=2)}
    oost = rows[("topx-oost", "Aanpak")]
    values = [cell.value for cell in oost]
    assert values[1] == "Top X Oost" and values[3:8] == [281, 12, 2, 1943, 1185]
    assert values[8] == -39.0 and oost[8].number_format == "0.0" and values[11:13] == [-44.1, -33.6]
    comparison = [cell.value for cell in rows[("topx-oost", "Vergelijkingsgroep (afgewezen aanmeldingen)")]]
    assert comparison[3:9] == [40, 3, 0, 200, 170, -15.0]
    assert [cell.value for cell in rows[("topx-ogg", "Aanpak")]][8] is None  # before 0: no percentage
    assert rows[("topx-oost", "Aanpak")][1].alignment.indent == 2  # a child under its parent
    kinds = [[cell.value for cell in row] for row in workbook["Recidive per soort"].iter_rows(min_row=2)]
    assert ["topx-oost", "Top X Oost", "Aanpak", "misdrijf", 1500, 900] in kinds
    domains = [[cell.value for cell in row] for row in workbook["Leefgebieden"].iter_rows(min_row=2)]
    assert ["topx-oost", "Top X Oost", "huisvesting", "Huisvesting", 34, 21, 10, 3, 61.8, 45.0, 76.0] in domains
    follow = [[cell.value for cell in row] for row in workbook["Uitvoering"].iter_rows(min_row=2)]
    assert ["topx-oost", "Top X Oost", "reclassering-nederland", "Reclassering Nederland", 3, 12, 30, 2, 47, 2] in follow
    notes = " ".join(str(row[0].value) for row in workbook["Toelichting"].iter_rows())
    assert "Personen die in 2023 voor het eerst zijn besproken, gevolgd tot de peildatum 1 januari 2025." in notes
    assert "<" not in notes


def test_the_suppressed_spreadsheet_explains_its_markers():
    workbook = load_workbook(io.BytesIO(render_outcomes_xlsx(sample_outcomes(), labels=sample_outcome_labels(),
                                                             suppress_below=5)))
    follow = {(row[0].value, row[2].value): [cell.value for cell in row[4:]]
              for row in workbook["Uitvoering"].iter_rows(min_row=2)}
    assert follow[("topx-west", "gemeente-amersfoort")][0] == "<5"
    notes = " ".join(str(row[0].value) for row in workbook["Toelichting"].iter_rows())
    assert "„<5”: minder dan 5" in notes and "„afg.”" in notes
