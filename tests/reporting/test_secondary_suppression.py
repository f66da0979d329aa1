"""Secondary suppression, tested as an attacker would: read every published rendering of a report with
`--suppress-below N` (CSV, XLSX, the HTML document and the web page; the PDF is the HTML's template and
context), take every count any of them shows, and try to recompute a hidden one from the sums the tables put
side by side: every row, column, district over its municipalities, parent over its children and the totals
(the sums are written here from shared/spec/annual-report.md, not taken from the implementation).

The attack, repeated until it learns nothing new:
1. a sum with one unknown gives it away (and what is learnt is used again);
2. the sums together (linear algebra, numpy) pin down an unknown;
3. one sum with its unknowns' ranges ("<N" is 0…N-1, "afg." is N or more, as the renderings' notes say) leaves
   it one value.
Each recovered cell is a failure. The same attack on the primary suppression alone does recover cells, so
it has teeth.
"""

from __future__ import annotations

import csv
import io
import json
import math
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from procesregie.reporting.annual import annual_report, annual_report_with_comparison
from procesregie.reporting.formats import FORMATS, long_rows, render_csv
from procesregie.reporting.rendering import labels_from_reference, render_html, render_xlsx, suppress
from procesregie.reporting.rendering.labels import (
    AREA_KEYS,
    DELTA_KEYS,
    DISTRICT_KEYS,
    FLOW_KEYS,
    ReportLabels,
    duration_bucket_label,
    unit_label,
)
from tests.reporting.rendering_sample import sample_comparison, sample_labels, sample_report
from tests.reporting.test_rendering_xlsx import figure_paths

from ..logins import verified_client

TARGET = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "zvhru-2024-targets-v2.json"
ABSENT = object()


# --- the truth and what a rendering shows -------------------------------------------------------------
def truth(report, comparison, path):
    value = {"report": report, "comparison": comparison or {}}
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return ABSENT
        value = value[key]
    return value


def _number(text):
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    text = str(text).strip()
    return int(text) if text.isdigit() else None


class Reading:
    """What a reader holding every rendering knows: the counts shown anywhere, and the cells hidden."""

    def __init__(self):
        self.shown: dict[tuple, int] = {}
        self.hidden: dict[tuple, str] = {}  # path -> "<N" or "afg."

    def read(self, path, text):
        number = _number(text)
        if number is not None:
            self.shown[path] = number
        elif isinstance(text, str) and (text.startswith("<") or text == "afg."):
            self.hidden[path] = text

    def unknown(self):
        return {path: text for path, text in self.hidden.items() if path not in self.shown}


def read_csv(content: bytes, reading: Reading):
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    for approach, table, key, subkey, value in rows[1:]:
        if table == "unit":
            continue
        if approach == "":
            path = ("report", "totals", key, subkey)
        else:
            path = ("report", "approaches", approach, table, *(part for part in (key, subkey) if part))
        reading.read(path, value)


def read_xlsx(content: bytes, labels, reading: Reading, year: int = 2024):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for cell in sheet[1]:  # figure_paths knows last year's columns as "(2023)"
            if isinstance(cell.value, str):
                cell.value = cell.value.replace(f"({year - 1})", "(2023)")
        paths = figure_paths(sheet, labels)
        for (row, column), path in paths.items():
            reading.read(path, sheet.cell(row=row, column=column).value)


class _Tables(HTMLParser):
    """{table id: [(row heading text, [cell texts])]} of every table with an id."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list] = {}
        self._table = None
        self._cell = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = attrs["id"]
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self._row = ["", []]
        elif self._table and self._row is not None and tag == "th" and attrs.get("scope") == "row":
            self._cell = "heading"
        elif self._table and self._row is not None and tag == "td":
            self._row[1].append("")
            self._cell = "td"

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._table and self._row is not None:
            if self._row[0] or self._row[1]:
                self.tables[self._table].append((self._row[0].strip(), [c.strip() for c in self._row[1]]))
            self._row = None
        elif tag in ("th", "td"):
            self._cell = None

    def handle_data(self, data):
        if self._cell == "heading":
            self._row[0] += data
        elif self._cell == "td":
            self._row[1][-1] += data


def read_html(html: str, report, labels, comparison, reading: Reading):
    names = ReportLabels(labels)
    tables = _Tables()
    tables.feed(html)
    approaches = report["approaches"]
    by_name = {names.approach_name(code): code for code in approaches}
    seen = 0
    for code, block in approaches.items():
        a, t = ("report", "approaches", code), f"aanpak-{code}"
        for (_, cells), key in zip(tables.tables.get(f"{t}-stroom", []), FLOW_KEYS, strict=False):
            reading.read((*a, "flow", key), cells[0])
            if comparison is not None and len(cells) > 1:
                reading.read(("comparison", code, "previous", key), cells[1])
            seen += 1
        municipalities = {f"{names.municipality_name(m)} {m}": m for m in block.get("by_municipality") or {}}
        for heading, cells in tables.tables.get(f"{t}-gemeenten-tabel", []):
            for key, cell in zip(AREA_KEYS, cells[1:], strict=True):
                reading.read((*a, "by_municipality", municipalities[heading], key), cell)
        for heading, cells in tables.tables.get(f"{t}-districten-tabel", []):
            for key, cell in zip(DISTRICT_KEYS, cells, strict=True):
                reading.read((*a, "by_district", heading, key), cell)
        buckets = {duration_bucket_label(b): b for b in ("lt_1y", "0_6m", "6_12m", "1_2y", "2_4y", "gt_4y")}
        for heading, cells in tables.tables.get(f"{t}-looptijden-tabel", []):
            reading.read((*a, "durations", buckets[heading]), cells[0])
        domains = {names.domain_name(d): d for d in block.get("domain_progress") or {}}
        for heading, cells in tables.tables.get(f"{t}-leefgebieden-tabel", []):
            for key, cell in zip((*DELTA_KEYS, "n"), cells, strict=True):
                reading.read((*a, "domain_progress", domains[heading], key), cell)
        reasons = {names.reason_name(r): r for r in block.get("outflow_by_reason") or {}}
        for heading, cells in tables.tables.get(f"{t}-redenen-tabel", []):
            reading.read((*a, "outflow_by_reason", reasons[heading]), cells[0])
        kinds = {names.kind_name(k): k for k in block.get("inflow_by_reporter_kind") or {}}
        for heading, cells in tables.tables.get(f"{t}-melders-soort", []):
            reading.read((*a, "inflow_by_reporter_kind", kinds[heading]), cells[0])
        organisations = {names.organisation_name(o): o for o in block.get("inflow_by_reporter") or {}}
        for heading, cells in tables.tables.get(f"{t}-melders-organisatie", []):
            name = next(n for n in sorted(organisations, key=len, reverse=True) if heading.startswith(n))
            reading.read((*a, "inflow_by_reporter", organisations[name]), cells[0])
    overview = ("start", "inflow", "transfer_in", "outflow", "transfer_out", "end", "caseload")
    for heading, cells in tables.tables.get("overzicht-tabel", []):
        code = next(c for n, c in sorted(by_name.items(), key=lambda item: -len(item[0])) if heading.startswith(n))
        for key, cell in zip(overview, cells, strict=False):
            reading.read(("report", "approaches", code, "flow", key), cell)
        if comparison is not None:
            reading.read(("comparison", code, "previous", "caseload"), cells[len(overview)])
    units = {unit_label(u, plural=True).capitalize(): u for u in report["totals"]}
    for heading, cells in tables.tables.get("totalen-tabel", []):
        for key, cell in zip(("start", "inflow", "outflow", "end", "caseload", "persons_involved"), cells, strict=True):
            if cell != "–":
                reading.read(("report", "totals", units[heading], key), cell)
    summary_units = {f"Totaal {unit_label(u, plural=True)}": u for u in report["totals"]}
    for heading, cells in tables.tables.get("samenvatting-tabel", []):
        keys = ("start", "inflow", "outflow", "end")
        if heading in summary_units:
            for key, cell in zip(keys, cells, strict=False):
                reading.read(("report", "totals", summary_units[heading], key), cell)
        else:
            code = by_name[heading]
            for key, cell in zip(keys, cells, strict=False):
                reading.read(("report", "approaches", code, "flow", key), cell)
            if comparison is not None:
                for key, cell in zip(("inflow", "outflow"), cells[4:], strict=True):
                    reading.read(("comparison", code, "previous", key), cell)
    assert seen, "the HTML has flow tables"


# --- the sums a reader can form, from the spec ----------------------------------------------------------
def lines(report, labels, comparison):
    """(name, {path: coefficient}) for every sum the tables show side by side; the reader keeps the true ones."""
    names = ReportLabels(labels)
    approaches = report["approaches"]

    def line(name, plus, minus):
        terms = {}
        for path in plus:
            terms[path] = terms.get(path, 0) + 1
        for path in minus:
            terms[path] = terms.get(path, 0) - 1
        return name, {p: c for p, c in terms.items() if c}

    kids = {}
    for code in approaches:
        if names.approach_parent(code) in approaches:
            kids.setdefault(names.approach_parent(code), []).append(code)
    for code, block in approaches.items():
        a = ("report", "approaches", code)
        f = {key: (*a, "flow", key) for key in FLOW_KEYS}
        yield line("row: caseload", [f["caseload"]], [f["start"], f["inflow"], f["transfer_in"]])
        yield line("row: end", [f["end"], f["outflow"], f["transfer_out"]], [f["caseload"]])
        ended = [f["outflow"], f["transfer_out"]]
        yield line("reasons", [(*a, "outflow_by_reason", r) for r in block["outflow_by_reason"]], ended)
        yield line("internal transfer", [(*a, "outflow_by_reason", "overdracht_intern")], [f["transfer_out"]])
        yield line("durations", [(*a, "durations", b) for b in block["durations"]], ended)
        yield line("reporters", [(*a, "inflow_by_reporter", o) for o in block["inflow_by_reporter"]], [f["inflow"]])
        yield line("kinds", [(*a, "inflow_by_reporter_kind", k) for k in block["inflow_by_reporter_kind"]],
                   [f["inflow"]])
        for kind in block["inflow_by_reporter_kind"]:
            yield line("kind over organisations", [(*a, "inflow_by_reporter_kind", kind)],
                       [(*a, "inflow_by_reporter", o) for o in block["inflow_by_reporter"]
                        if names.organisation_kind(o) == kind])
        areas, districts = block["by_municipality"], block["by_district"]
        columns = {"start": [f["start"]], "end": [f["end"]], "plus": [f["inflow"], f["transfer_in"]],
                   "minus": ended, "caseload": [f["caseload"]]}
        for m in areas:
            r = (*a, "by_municipality", m)
            yield line("municipality row", [(*r, "start"), (*r, "plus")], [(*r, "end"), (*r, "minus")])
        for key in AREA_KEYS:
            yield line("municipality column", [(*a, "by_municipality", m, key) for m in areas], columns[key])
        for d in districts:
            r = (*a, "by_district", d)
            yield line("district row", [(*r, "start"), (*r, "plus")], [(*r, "end"), (*r, "minus")])
            yield line("district caseload", [(*r, "start"), (*r, "plus")], [(*r, "caseload")])
            inside = [m for m in areas if names.municipality_district(m) == d]
            for key in AREA_KEYS:
                yield line("district over municipalities", [(*r, key)], [(*a, "by_municipality", m, key) for m in inside])
        for key in DISTRICT_KEYS:
            yield line("district column", [(*a, "by_district", d, key) for d in districts], columns[key])
        for domain, counts in block["domain_progress"].items():
            yield line("domain n", [(*a, "domain_progress", domain, "n")],
                       [(*a, "domain_progress", domain, k) for k in counts if k != "n"])
        signals, escalations = block.get("signals") or {}, block.get("escalations") or {}
        for part in ("by_kind", "by_reporter_kind"):
            yield line("signals", [(*a, "signals", "count")], [(*a, "signals", part, k) for k in signals.get(part, {})])
        yield line("escalations", [(*a, "escalations", "resolved")],
                   [(*a, "escalations", "by_outcome", k) for k in escalations.get("by_outcome", {})])

    def leaf_paths(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from leaf_paths(item, (*path, key))
        elif isinstance(value, int) and path[-1] != "unit":
            yield path

    for parent, children in kids.items():
        paths = set()
        for code in (parent, *children):
            paths |= {p[4:] for p in leaf_paths(approaches[code], ("report", "approaches", code, ""))}
        for p in paths:
            yield line("parent over children", [("report", "approaches", parent, *p)],
                       [("report", "approaches", c, *p) for c in children])
        if comparison:
            for key in FLOW_KEYS:
                yield line("last year: parent over children", [("comparison", parent, "previous", key)],
                           [("comparison", c, "previous", key) for c in children])
            for figure in ("signals", "escalations"):
                yield line("last year: parent over children", [("comparison", parent, figure, "previous")],
                           [("comparison", c, figure, "previous") for c in children])
    for unit in report["totals"]:
        leaves = [c for c, b in approaches.items() if b["unit"] == unit and c not in kids]
        tops = [c for c, b in approaches.items() if b["unit"] == unit and names.approach_parent(c) not in approaches]
        for key in ("start", "inflow", "outflow", "end", "caseload", "persons_involved"):
            inner = ("flow", key) if key != "persons_involved" else (key,)
            yield line("totals over leaves", [("report", "totals", unit, key)],
                       [("report", "approaches", c, *inner) for c in leaves])
            yield line("totals over top level", [("report", "totals", unit, key)],
                       [("report", "approaches", c, *inner) for c in tops])
    for code in comparison or {}:
        p = {key: ("comparison", code, "previous", key) for key in FLOW_KEYS}
        yield line("last year: caseload", [p["caseload"]], [p["start"], p["inflow"], p["transfer_in"]])
        yield line("last year: end", [p["end"], p["outflow"], p["transfer_out"]], [p["caseload"]])
        yield line("start is last year's end", [("report", "approaches", code, "flow", "start")], [p["end"]])


# --- the attack -----------------------------------------------------------------------------------------

def determined_columns(rows: list[dict[int, int]]) -> set[int]:
    """The unknowns that the linear equations `rows` (column -> coefficient, each row summing to a known value) pin
    to one value: those whose unit vector lies in the rows' span. Exact (fractions), sparse Gauss-Jordan: an unknown
    is determined when its pivot row, fully reduced, has no other column."""
    pivots: dict[int, dict[int, Fraction]] = {}
    for raw in rows:
        row = {col: Fraction(c) for col, c in raw.items() if c}
        for col in [col for col in row if col in pivots]:
            factor = row.get(col)
            if factor:
                for k, v in pivots[col].items():
                    row[k] = row.get(k, 0) - factor * v
                row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        col = min(row)
        lead = row[col]
        row = {k: v / lead for k, v in row.items()}
        for other in pivots.values():  # keep every pivot row free of the new pivot column
            factor = other.get(col)
            if factor:
                for k, v in row.items():
                    other[k] = other.get(k, 0) - factor * v
                for k in [k for k, v in other.items() if not v]:
                    del other[k]
        pivots[col] = row
    return {col for col, row in pivots.items() if len(row) == 1}


def test_the_attack_finds_what_the_sums_together_pin_down():
    """The solver the attack relies on: x + y and x pin y; x + y and y + z pin nothing; three sums over three
    unknowns that are independent pin all three; coefficients other than 1 (a roll-up minus its parts)."""
    assert determined_columns([{0: 1, 1: 1}, {0: 1}]) == {0, 1}
    assert determined_columns([{0: 1, 1: 1}, {1: 1, 2: 1}]) == set()
    assert determined_columns([{0: 1, 1: 1, 2: 1}, {0: 1, 1: 1}, {1: 1, 2: 1}]) == {0, 1, 2}
    assert determined_columns([{0: 1, 1: -1, 2: -1}, {1: 2, 2: 2}, {0: 1, 3: 1}]) == {0, 3}

def attack(report, comparison, labels, reading: Reading, n: int) -> dict[tuple, tuple[int, str]]:
    """{recovered path: (value, how)} for every hidden cell a reader can pin down."""
    known = dict(reading.shown)
    unknown = reading.unknown()
    true_lines = []
    for name, terms in lines(report, labels, comparison):
        values = {p: truth(report, comparison, p) for p in terms}
        if any(v is not ABSENT and not isinstance(v, int) for v in values.values()):
            continue
        if sum(c * (0 if values[p] is ABSENT else values[p]) for p, c in terms.items()) != 0:
            continue  # not true for these figures: no reader can rely on it
        # A count map leaves out its zeros: an absent cell is a known 0.
        terms = {p: c for p, c in terms.items() if values[p] is not ABSENT}
        for p in terms:
            assert p in known or p in unknown, f"{name}: {p} is published by no rendering"
        true_lines.append((name, terms))
    recovered: dict[tuple, str] = {}
    while True:
        found = False
        for name, terms in true_lines:  # 1. one unknown in a sum
            open_ = [p for p in terms if p not in known]
            if len(open_) == 1:
                p = open_[0]
                known[p] = -sum(c * known[q] for q, c in terms.items() if q != p) // terms[p]
                recovered[p] = (known[p], f"{name} (one unknown)")
                found = True
        if found:
            continue
        cells = sorted({p for _, terms in true_lines for p in terms if p not in known}, key=repr)
        if cells:  # 2. the sums together
            index = {p: i for i, p in enumerate(cells)}
            rows = [{index[p]: c for p, c in terms.items() if p in index} for _, terms in true_lines]
            for i in determined_columns([row for row in rows if row]):
                p = cells[i]
                known[p] = truth(report, comparison, p)
                recovered[p] = (known[p], "the sums together")
                found = True
        if found:
            continue
        for name, terms in true_lines:  # 3. one sum and the ranges (intervals: exact for one sum)
            for p, value in pinned_by_ranges(terms, known, unknown, n).items():
                known[p] = value
                recovered[p] = (value, f"{name} (ranges)")
                found = True
            if found:
                break
        if not found:
            return recovered


def pinned_by_ranges(terms: dict, known: dict, hidden: dict, n: int) -> dict:
    """{cell: value} for the unknown cells of one sum (`terms`: cell -> coefficient, summing to 0) that the sum
    pins to one value, given the known cells and what each hidden one is shown as: "<N" is 0…N-1, "afg." N or
    more (interval arithmetic: exact for one sum)."""
    open_ = [p for p in terms if p not in known]
    if len(open_) < 2:
        return {}
    rest = -sum(c * known[q] for q, c in terms.items() if q in known)  # sum(c * x for open_) == rest
    ranges = {p: (0, n - 1) if hidden[p].startswith("<") else (n, math.inf) for p in open_}
    pinned = {}
    for p in open_:
        low = high = 0
        for q in open_:
            if q != p:
                a, b = terms[q] * ranges[q][0], terms[q] * ranges[q][1]
                low, high = low + min(a, b), high + max(a, b)
        a, b = (rest - high) / terms[p], (rest - low) / terms[p]
        low, high = max(min(a, b), ranges[p][0]), min(max(a, b), ranges[p][1])
        if low == high:
            pinned[p] = int(low)
    return pinned


def check(report, comparison, labels, reading: Reading, n: int):
    recovered = attack(report, comparison, labels, reading, n)
    wrong = {p: v for p, v in reading.shown.items()
             if truth(report, comparison, p) != v and not (truth(report, comparison, p) is ABSENT and v == 0)}
    assert not wrong, f"shown figures that are not the report's: {list(wrong.items())[:5]}"
    assert not recovered, f"{len(recovered)} hidden counts recovered, e.g. {list(recovered.items())[:5]}"
    small = [p for p, v in reading.shown.items() if 0 < v < n]
    assert not small, small[:5]
    assert len(reading.unknown()) > 0


def read_everything(report, comparison, labels, n) -> Reading:
    reading = Reading()
    read_csv(render_csv(report, n, labels=labels), reading)
    read_xlsx(render_xlsx(report, labels=labels, comparison=comparison, suppress_below=n), labels, reading,
              report["year"])
    read_html(render_html(report, labels=labels, comparison=comparison, suppress_below=n), report, labels,
              comparison, reading)
    return reading


# --- the tests ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [3, 5, 10])
def test_no_hidden_count_of_the_sample_can_be_recomputed(n):
    report, comparison, labels = sample_report(), sample_comparison(), sample_labels()
    check(report, comparison, labels, read_everything(report, comparison, labels, n), n)


def test_the_attack_recovers_counts_from_primary_suppression_alone():
    """Without secondary suppression the same attack succeeds: it is strong enough to fail."""
    report, labels, n = sample_report(), sample_labels(), 5
    content = io.StringIO()
    writer = csv.writer(content, lineterminator="\n")
    writer.writerow(["approach", "table", "key", "subkey", "value"])
    writer.writerows(long_rows(suppress(report, n)))
    reading = Reading()
    read_csv(content.getvalue().encode(), reading)
    recovered = attack(report, None, labels, reading, n)
    assert len(recovered) > 10
    assert all(value == truth(report, None, path) for path, (value, _) in recovered.items())


def test_the_renderings_hide_the_same_counts_with_and_without_last_year():
    """The CSV has no comparison, the HTML and XLSX have one: a count hidden in one and shown in another would
    be no secret. (read_everything would show it as both shown and hidden; check it directly.)"""
    report, comparison, labels, n = sample_report(), sample_comparison(), sample_labels(), 5
    with_last_year, without = Reading(), Reading()
    read_xlsx(render_xlsx(report, labels=labels, comparison=comparison, suppress_below=n), labels, with_last_year)
    read_csv(render_csv(report, n, labels=labels), without)
    this_year = {p for p in with_last_year.hidden if p[0] == "report"}
    assert this_year == set(without.hidden)


def test_the_same_report_is_hidden_the_same_way_every_time():
    report, comparison, labels = sample_report(), sample_comparison(), sample_labels()
    first = render_xlsx(report, labels=labels, comparison=comparison, suppress_below=5)
    again = render_xlsx(report, labels=labels, comparison=comparison, suppress_below=5)
    assert _sheet_values(first) == _sheet_values(again)
    assert render_csv(report, 5, labels=labels) == render_csv(report, 5, labels=labels)


def _sheet_values(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return [[[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets]


@pytest.mark.django_db
def test_no_hidden_count_of_a_calibrated_region_can_be_recomputed(tmp_path, client, django_user_model):
    """The region of the golden test, every year it has, each with last year beside it; the web page and its
    downloads too. JSON stays exact."""
    assert TARGET.is_file(), f"the shared target {TARGET} is missing"
    call_command("demo_data", calibrate=str(TARGET), seed=2024, out=str(tmp_path), verbosity=0)
    call_command("import", str(tmp_path), verbosity=0)
    labels = labels_from_reference()
    target_year = json.loads(TARGET.read_text(encoding="utf-8"))["year"]
    for year in (target_year - 1, target_year):
        report, comparison = annual_report_with_comparison(year=year)
        assert json.loads(FORMATS["json"](report, 5, comparison)) == annual_report(year=year)  # exact
        for n in (5, 10):
            reading = read_everything(report, comparison, labels, n)
            read_csv(FORMATS["csv"](report, n, None), reading)  # as the command and the download make it
            check(report, comparison, labels, reading, n)


@pytest.mark.django_db
def test_the_web_page_and_its_downloads_hide_what_the_renderings_hide(world):
    """What the report page offers with "Kleine aantallen afschermen onder" (klein=N): the page itself and the
    CSV and XLSX downloads; the JSON download stays exact."""
    year, n = world.case.start_date.year, 3
    client = verified_client(world.users["manager"])
    report, comparison = annual_report_with_comparison(year=year)
    labels = labels_from_reference()
    reading = Reading()
    page = client.get(reverse("reporting:annual-report"), {"jaar": year, "klein": n})
    assert page.status_code == 200
    read_html(page.content.decode(), report, labels, comparison, reading)
    url = reverse("reporting:annual-report-download")
    read_csv(client.get(url, {"jaar": year, "formaat": "csv", "klein": n}).content, reading)
    read_xlsx(client.get(url, {"jaar": year, "formaat": "xlsx", "klein": n}).content, labels, reading, year)
    assert reading.hidden, "the world has small counts"
    check(report, comparison, labels, reading, n)
    as_json = client.get(url, {"jaar": year, "formaat": "json", "klein": n})
    assert json.loads(as_json.content) == json.loads(json.dumps(annual_report(year=year)))
