"""The annual report as a spreadsheet: every figure of the report in a real number cell, and nothing else.

Each variant of the workbook is rendered once per module (the tests only read it).
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from procesregie.accounts.models import OrganisationKind
from procesregie.escalations.models import EscalationOutcome
from procesregie.reporting.rendering import publish, render_xlsx
from procesregie.reporting.rendering.labels import (
    AREA_KEYS,
    DELTA_KEYS,
    DISCUSSION_KEYS,
    DISTRICT_KEYS,
    DURATION_BUCKETS,
    FLOW_KEYS,
    area_short_label,
    delta_label,
    discussion_label,
    duration_bucket_label,
    escalation_label,
    flow_short_label,
    signal_label,
)
from tests.reporting.rendering_sample import sample_comparison, sample_labels, sample_report

SHEETS = ["Stroom", "Uitstroom naar reden", "Melders", "Meldende organisaties", "Looptijden", "Gemeenten",
          "Districten", "Leefgebieden", "Besprekingen", "Interventies", "Meldingen", "Meldingen naar melder",
          "Escalaties", "Totalen", "Toelichting"]
BUCKETS = ("0_6m", "6_12m", "lt_1y", "1_2y", "2_4y", "gt_4y")


def workbook(**kwargs):
    data = render_xlsx(sample_report(), labels=sample_labels(), **kwargs)
    assert data[:2] == b"PK"
    return load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module")
def plain_book():
    return workbook()


@pytest.fixture(scope="module")
def suppressed_book():
    return workbook(suppress_below=5)


@pytest.fixture(scope="module", params=[None, 5], ids=["suppress_below=None", "suppress_below=5"])
def compared_book(request):
    """(suppress_below, the workbook with last year's flow figures)."""
    return request.param, workbook(comparison=sample_comparison(), suppress_below=request.param)


def figure_paths(sheet, labels):
    """{(row, column): path into {"report": …, "comparison": …}} for every cell that holds a figure.

    Derived from the header row and the identifying columns (approach code, municipality code, …),
    so a figure under the wrong heading or in the wrong row is caught.
    """
    header = [cell.value for cell in sheet[1]]
    reasons = {name: code for code, name in labels["closing_reasons"].items()}
    kinds = {str(label): value for value, label in OrganisationKind.choices}
    flow_columns = {flow_short_label(key): ("flow", key) for key in FLOW_KEYS}
    flow_columns[flow_short_label("declined")] = ("declined",)
    flow_columns[flow_short_label("persons_involved")] = ("persons_involved",)
    previous_columns = {f"{flow_short_label(key)} (2023)": key for key in FLOW_KEYS}
    signal_columns = {signal_label("count"): ("count",), signal_label("to_registration"): ("to_registration",),
                      **{signal_label(kind): ("by_kind", kind) for kind in ("melding", "adviesgesprek")}}
    outcomes = {str(label): value for value, label in EscalationOutcome.choices}
    escalation_columns = {escalation_label("count"): ("count",), escalation_label("resolved"): ("resolved",),
                          **{name: ("by_outcome", code) for name, code in outcomes.items()}}
    paths = {}
    for row in range(2, sheet.max_row + 1):
        values = [cell.value for cell in sheet[row]]
        code = values[0]
        approach = ("report", "approaches", code)
        for column, heading in enumerate(header):
            path = None
            if sheet.title == "Stroom":
                if heading in flow_columns:
                    path = approach + flow_columns[heading]
                elif heading in previous_columns:
                    path = ("comparison", code, "previous", previous_columns[heading])
            elif sheet.title == "Uitstroom naar reden" and heading in reasons:
                path = approach + ("outflow_by_reason", reasons[heading])
            elif sheet.title == "Melders" and heading in kinds:
                path = approach + ("inflow_by_reporter_kind", kinds[heading])
            elif sheet.title == "Meldende organisaties" and heading == "Aantal":
                path = approach + ("inflow_by_reporter", values[2])
            elif sheet.title == "Looptijden" and heading in {duration_bucket_label(b): b for b in BUCKETS}:
                path = approach + ("durations", {duration_bucket_label(b): b for b in BUCKETS}[heading])
            elif sheet.title == "Gemeenten" and heading in {area_short_label(k) for k in AREA_KEYS}:
                key = {area_short_label(k): k for k in AREA_KEYS}[heading]
                path = approach + ("by_municipality", values[2], key)
            elif sheet.title == "Districten" and heading in {area_short_label(k) for k in DISTRICT_KEYS}:
                key = {area_short_label(k): k for k in DISTRICT_KEYS}[heading]
                path = approach + ("by_district", values[2], key)
            elif sheet.title == "Leefgebieden" and heading in {delta_label(k) for k in DELTA_KEYS} | {"n"}:
                key = {delta_label(k): k for k in DELTA_KEYS}.get(heading, heading)
                path = approach + ("domain_progress", values[2], key)
            elif sheet.title == "Besprekingen" and heading in {discussion_label(k) for k in DISCUSSION_KEYS}:
                key = {discussion_label(k): k for k in DISCUSSION_KEYS}[heading]
                path = approach + ("discussions", key)
            elif sheet.title == "Interventies" and heading == "Aantal":
                path = approach + ("interventions", values[2])
            elif sheet.title == "Meldingen" and heading in signal_columns:
                path = approach + ("signals", *signal_columns[heading])
            elif sheet.title == "Meldingen" and heading == f"{signal_label('count')} (2023)":
                path = ("comparison", code, "signals", "previous")
            elif sheet.title == "Meldingen naar melder" and heading in kinds:
                path = approach + ("signals", "by_reporter_kind", kinds[heading])
            elif sheet.title == "Escalaties" and heading in escalation_columns:
                path = approach + ("escalations", *escalation_columns[heading])
            elif sheet.title == "Escalaties" and heading == f"{escalation_label('count')} (2023)":
                path = ("comparison", code, "escalations", "previous")
            elif sheet.title == "Totalen" and heading in {flow_short_label(k) for k in (*FLOW_KEYS, "persons_involved")}:
                key = {flow_short_label(k): k for k in (*FLOW_KEYS, "persons_involved")}[heading]
                path = ("report", "totals", code, key)
            if path is not None:
                paths[(row, column + 1)] = path
    return paths


ABSENT = object()  # a figure that does not exist: persons_involved of a person approach, a bucket of the other scheme


def lookup(expected, path, labels):
    """The figure at `path`. Count maps leave zero entries out, so a missing entry there is 0."""
    if path[0] == "comparison":  # last year's flow figure, or last year's count of signals or escalations
        return expected["comparison"][path[1]][path[2]][path[3]]
    if path[1] == "totals":
        return expected["report"]["totals"][path[2]].get(path[3], ABSENT)
    block = expected["report"]["approaches"][path[2]]
    kind = path[3]
    if kind in ("declined", "persons_involved"):
        return block.get(kind, ABSENT)
    if kind == "durations" and path[4] not in DURATION_BUCKETS[labels["approaches"][path[2]]["duration_scheme"]]:
        return ABSENT
    value = block[kind]
    for key in path[4:]:
        value = value.get(key, 0)
    return value


def all_figures(report, comparison=None):
    """Every count path in the report (and the comparison's previous flows, signals and escalations)."""
    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*path, key))
        elif path[-1] not in ("unit", "report", "version", "year"):
            yield path

    figures = set(walk(report, ("report",)))
    if comparison:
        figures |= {path for path in walk(comparison, ("comparison",)) if "previous" in path[2:4]}
    return figures


def test_every_figure_is_in_its_cell_and_every_number_is_a_figure(compared_book):
    suppress_below, book = compared_book
    report, comparison, labels = sample_report(), sample_comparison(), sample_labels()
    assert book.sheetnames == SHEETS
    published = publish(report, suppress_below, labels=labels, comparison=comparison)
    expected = {"report": published.report, "comparison": published.comparison}
    seen = set()
    for sheet in book.worksheets:
        paths = figure_paths(sheet, labels)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                path = paths.get((cell.row, cell.column))
                if path is None:
                    assert not isinstance(cell.value, (int, float)), (sheet.title, cell.coordinate, cell.value)
                    continue
                figure = lookup(expected, path, labels)
                if figure is ABSENT:
                    assert cell.value is None, (sheet.title, cell.coordinate, path)
                    continue
                assert cell.value == figure, (sheet.title, cell.coordinate, path)
                assert type(cell.value) is type(figure), (sheet.title, cell.coordinate)  # int stays int
                seen.add(path)
    # ... and the other way round: every figure of the report is somewhere in the workbook.
    missing = {path for path in all_figures(report, comparison) if path not in seen}
    assert missing == set()


def test_numbers_are_numbers(plain_book):
    book = plain_book
    flow = book["Stroom"]
    header = [cell.value for cell in flow[1]]
    assert header[:4] == ["Code", "Aanpak", "Bovenliggende aanpak", "Eenheid"]
    oost = next(row for row in flow.iter_rows(min_row=2, values_only=True) if row[0] == "topx-oost")
    assert oost[header.index("Instroom")] == 11 and isinstance(oost[header.index("Instroom")], int)
    assert oost[header.index("Bovenliggende aanpak")] == "Top X"
    ints = [cell.value for sheet in book.worksheets for row in sheet.iter_rows(min_row=2) for cell in row
            if isinstance(cell.value, (int, float))]
    assert ints and all(type(value) is int for value in ints)


def test_suppressed_counts_are_text_and_larger_counts_stay_numbers(suppressed_book):
    book = suppressed_book
    values = [cell.value for sheet in book.worksheets for row in sheet.iter_rows(min_row=2) for cell in row]
    assert "<5" in values
    assert not [v for v in values if isinstance(v, int) and 0 < v < 5]
    assert 346 in values and 160 in values
    notes = [row[0] for row in book["Toelichting"].iter_rows(values_only=True)]
    assert any("„<5”: minder dan 5 (kan ook 0 zijn)" in str(note) for note in notes)
    assert any("„afg.”: afgeschermd (5 of meer)" in str(note) for note in notes)  # the marker, not an "x"


def test_headers_bold_and_frozen_and_columns_sized(plain_book):
    book = plain_book
    for title in SHEETS[:-1]:
        sheet = book[title]
        assert all(cell.font.bold for cell in sheet[1]), title
        assert sheet.freeze_panes == "C2", title
        assert sheet.column_dimensions["B"].width >= 10, title


def test_children_are_indented_under_their_parent(plain_book):
    sheet = plain_book["Stroom"]
    rows = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert list(rows) == ["levensloop", "mda", "topx", "topx-oost", "topx-west", "topx-ogg"]
    assert rows["topx-oost"].alignment.indent > 0
    assert rows["topx"].alignment.indent == 0


def test_durations_only_in_the_buckets_of_the_scheme(plain_book):
    sheet = plain_book["Looptijden"]
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["topx-ogg"][header.index("Indeling")] == "maanden"
    assert rows["topx-ogg"][header.index("0–6 mnd")] == 9
    assert rows["topx-ogg"][header.index("< 1 jaar")] is None
    assert rows["topx-oost"][header.index("< 1 jaar")] == 3
    assert rows["topx-oost"][header.index("0–6 mnd")] is None
    assert rows["levensloop"][header.index("> 4 jaar")] == 0


def test_municipality_names_and_districts(plain_book):
    sheet = plain_book["Gemeenten"]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "mda"]
    assert [row[2:5] for row in rows] == [("GM0307", "Amersfoort", "Oost"), ("GM0344", "Utrecht", "Stad")]


def test_a_name_that_looks_like_a_formula_stays_text():
    labels = sample_labels()
    labels["approaches"]["mda"]["name"] = '=HYPERLINK("http://example.invalid","MDA")'
    data = render_xlsx(sample_report(), labels=labels)
    book = load_workbook(io.BytesIO(data))
    cell = next(row[1] for row in book["Stroom"].iter_rows(min_row=2) if row[0].value == "mda")
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.invalid","MDA")'
