"""Small numbers in the published outcomes report, tested as an attacker would: read every figure the CSV, the
spreadsheet and the HTML show, write down every sum the spec lets a reader form (registrations over their kinds, a
life domain's n over its outcomes, an organisation's total over its statuses, a parent approach over its
children), add the percentages, and try to recompute a hidden count. The sums are written here from
shared/spec/outcomes.md, not taken from the code under test."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from procesregie.reporting.outcome_formats import OUTCOME_FORMATS
from procesregie.reporting.rendering.outcomes import publish_outcomes, render_outcomes_html, render_outcomes_xlsx
from tests.reporting.test_secondary_suppression import determined_columns, pinned_by_ranges

from .rendering_sample import sample_outcome_labels, sample_outcomes

ABSENT = object()
GROUP_COUNTS = ("n", "not_eligible", "excluded_deceased", "registrations_before", "registrations_after",
                "persons_any_before", "persons_any_after")
STATUSES = ("agreed", "running", "done", "cancelled")


def truth(document, path):
    """The exact figure at `path` (a count the spec leaves out is 0; `total` is the sum of the statuses)."""
    if path[-1] == "total":
        return sum(truth(document, (*path[:-1], status)) for status in STATUSES)
    value = document
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return 0
        value = value[key]
    return value


class Reading:
    """What a reader has: for every path, the text or number it is shown as (the same in every rendering)."""

    def __init__(self):
        self.shown: dict[tuple, int] = {}
        self.hidden: dict[tuple, str] = {}
        self.derived: dict[tuple, object] = {}

    def read(self, path, value):
        if isinstance(value, str) and (value.startswith("<") or value == "afg."):
            assert path not in self.shown, f"{path}: shown as {self.shown[path]} elsewhere, hidden here"
            self.hidden[path] = value
        else:
            assert path not in self.hidden, f"{path}: hidden as {self.hidden[path]} elsewhere, shown as {value} here"
            assert self.shown.get(path, value) == value, (path, self.shown[path], value)
            self.shown[path] = value


def _number(text):
    """A count as the CSV ("1943") or the page ("1.943") writes it, or its hidden text."""
    text = text.strip()
    if text.startswith("<") or text == "afg.":
        return text
    return int(text.replace(".", ""))


def read_csv(content: bytes, reading: Reading):
    for row in csv.DictReader(io.StringIO(content.decode("utf-8"))):
        code, table, key, subkey, value = (row[c] for c in ("approach", "table", "key", "subkey", "value"))
        if table == "window":
            continue
        base = ("approaches", code, "recidivism") + (("comparison",) if table.startswith("comparison") else ())
        if table in ("recidivism", "comparison"):
            if key in GROUP_COUNTS:
                reading.read((*base, key), _number(value))
            else:
                reading.derived[(*base, key, subkey)] = value
        elif table.endswith("_by_kind"):
            reading.read((*base, "by_kind", key, subkey), _number(value))
        elif table == "domain_progress":
            path = ("approaches", code, "domain_progress", key, subkey)
            if subkey in ("n", "improved", "same", "worse"):
                reading.read(path, _number(value))
            else:
                reading.derived[path] = value
        elif table == "follow_through":
            reading.read(("approaches", code, "follow_through", key, subkey), _number(value))
        else:
            raise AssertionError(f"unknown table {table}")


def read_xlsx(content: bytes, reading: Reading, labels):
    workbook = load_workbook(io.BytesIO(content))
    kinds = {name: code for code, name in labels["police_kinds"].items()}
    group = {"Aanpak": (), "Vergelijkingsgroep (afgewezen aanmeldingen)": ("comparison",)}
    for row in workbook["Recidive"].iter_rows(min_row=2, values_only=True):
        code, _, name, *counts = row
        base = ("approaches", code, "recidivism", *group[name])
        figures = ("n", "not_eligible", "excluded_deceased", "registrations_before", "registrations_after",
                   "change_pct", "persons_any_before", "persons_any_after")
        for figure, value in zip(figures, counts, strict=False):
            if figure != "change_pct":
                reading.read((*base, figure), value)
    for code, _, name, kind, before, after in workbook["Recidive per soort"].iter_rows(min_row=2, values_only=True):
        base = ("approaches", code, "recidivism", *group[name], "by_kind", kinds[kind])
        reading.read((*base, "before"), before)
        reading.read((*base, "after"), after)
    for code, _, domain, _, *counts in workbook["Leefgebieden"].iter_rows(min_row=2, values_only=True):
        for figure, value in zip(("n", "improved", "same", "worse"), counts, strict=False):
            reading.read(("approaches", code, "domain_progress", domain, figure), value)
    for code, _, organisation, _, *counts in workbook["Uitvoering"].iter_rows(min_row=2, values_only=True):
        for figure, value in zip((*STATUSES, "total", "overdue"), counts, strict=True):
            reading.read(("approaches", code, "follow_through", organisation, figure), value)


class Tables(HTMLParser):
    """{table id: [(row heading, [cell texts])]} of an HTML page."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list] = {}
        self.table = self.cell = None
        self.row: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table = dict(attrs)["id"]
            self.tables[self.table] = []
        elif tag == "tr" and self.table:
            self.row = []
        elif tag in ("th", "td") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row and self.table:
                self.tables[self.table].append((self.row[0], self.row[1:]))
            self.row = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def read_html(html: str, document, labels, reading: Reading):
    """The follow-through and life-domain tables of every approach (row by name, column by position)."""
    parser = Tables()
    parser.feed(html)
    organisations = {entry["name"]: code for code, entry in labels["organisations"].items()}
    domains = {name: code for code, name in labels["domains"].items()}
    for code in document["approaches"]:
        for heading, cells in parser.tables.get(f"resultaten-{code}-uitvoering-tabel", [])[1:]:
            organisation = organisations[heading]
            for figure, cell in zip((*STATUSES, "total", "overdue"), cells, strict=True):
                reading.read(("approaches", code, "follow_through", organisation, figure), _number(cell))
        for heading, cells in parser.tables.get(f"resultaten-{code}-leefgebieden-tabel", [])[1:]:
            for figure, cell in zip(("n", "improved", "same", "worse"), cells, strict=False):
                reading.read(("approaches", code, "domain_progress", domains[heading], figure), _number(cell))


def read_everything(document, labels, n) -> Reading:
    reading = Reading()
    read_csv(OUTCOME_FORMATS["csv"](document, n, labels), reading)
    read_xlsx(render_outcomes_xlsx(document, labels=labels, suppress_below=n), reading, labels)
    read_html(render_outcomes_html(document, labels=labels, suppress_below=n), document, labels, reading)
    return reading


# --- the sums a reader can form, from the spec --------------------------------------------------------------
def sums(document, labels):
    """{path: coefficient} for every sum the tables show; only the ones that hold for the exact figures count."""
    approaches = document["approaches"]
    found = []
    for code, block in approaches.items():
        for group in ((), ("comparison",)):
            base = ("approaches", code, "recidivism", *group)
            figures = truth(document, base)
            for side in ("before", "after"):
                terms = {(*base, f"registrations_{side}"): 1}
                terms.update({(*base, "by_kind", kind, side): -1 for kind in figures.get("by_kind", {})})
                found.append(terms)
        for domain in block["domain_progress"]:
            base = ("approaches", code, "domain_progress", domain)
            found.append({(*base, "n"): 1, **{(*base, key): -1 for key in ("improved", "same", "worse")}})
        for organisation in block["follow_through"]:
            base = ("approaches", code, "follow_through", organisation)
            found.append({(*base, "total"): 1, **{(*base, status): -1 for status in STATUSES}})
    children = {}
    for code in approaches:
        parent = labels["approaches"][code]["parent"]
        if parent in approaches:
            children.setdefault(parent, []).append(code)
    return found, children


def attack(document, labels, reading: Reading, n: int) -> dict[tuple, str]:
    """{recovered path: how} for every hidden count a reader can pin down."""
    within, children = sums(document, labels)
    published = set(reading.shown) | set(reading.hidden)
    for parent, kids in children.items():
        tails = {path[2:] for path in published if path[1] in (parent, *kids)}
        for tail in tails:
            terms = {("approaches", parent, *tail): 1}
            terms.update({("approaches", kid, *tail): -1 for kid in kids})
            within.append(terms)
    lines = []
    for terms in within:
        terms = {path: c for path, c in terms.items() if path in published}  # not published: a known 0
        if terms and sum(c * truth(document, path) for path, c in terms.items()) == 0:
            lines.append(terms)
    known = dict(reading.shown)
    recovered = {}
    while True:
        before = len(recovered)
        for terms in lines:  # one sum and what "<N" (0..N-1) and "afg." (N or more) say
            unknown = [p for p in terms if p not in known]
            if len(unknown) == 1:
                p = unknown[0]
                known[p] = -sum(c * known[q] for q, c in terms.items() if q != p) // terms[p]
                recovered[p] = "one unknown in a sum"
                continue
            for p, value in pinned_by_ranges(terms, known, reading.hidden, n).items():
                known[p] = value
                recovered[p] = "one sum and the ranges"
        cells = sorted({p for terms in lines for p in terms if p not in known}, key=repr)
        index = {p: i for i, p in enumerate(cells)}
        for i in determined_columns([{index[p]: c for p, c in terms.items() if p in index} for terms in lines]):
            known[cells[i]] = truth(document, cells[i])
            recovered[cells[i]] = "the sums together"
        if len(recovered) == before:
            return recovered


def derived_leaks(reading: Reading) -> list[tuple]:
    """A shown percentage or interval next to a hidden count it was computed from."""
    leaks = []
    for path, value in reading.derived.items():
        if value in ("afg.", ""):
            continue
        base = path[:-2] if path[-2] == "ci95_change_pct" else path[:-1]
        sources = (("registrations_before", "registrations_after") if "recidivism" in path else ("n", "improved"))
        leaks += [(path, source) for source in sources if (*base, source) in reading.hidden]
    return leaks


@pytest.mark.parametrize("n", [3, 5, 10, 50])
def test_no_hidden_count_of_the_sample_can_be_recomputed(n):
    document, labels = sample_outcomes(), sample_outcome_labels()
    reading = read_everything(document, labels, n)
    assert reading.hidden, "the sample has counts below every threshold tried"
    assert not [p for p, v in reading.shown.items() if isinstance(v, int) and 0 < v < n]
    wrong = [p for p, v in reading.shown.items() if truth(document, p) != v]
    assert not wrong, wrong[:5]
    assert not attack(document, labels, reading, n)
    assert not derived_leaks(reading)


def test_the_attack_recovers_counts_from_primary_suppression_alone():
    """Without secondary suppression the same reader succeeds: the attack is strong enough to fail."""
    document, labels, n = sample_outcomes(), sample_outcome_labels(), 5
    reading = Reading()
    for path, value in read_everything(document, labels, None).shown.items():
        reading.read(path, f"<{n}" if 0 < value < n else value)
    recovered = attack(document, labels, reading, n)
    assert ("approaches", "topx-west", "follow_through", "gemeente-amersfoort", "agreed") in recovered
    assert ("approaches", "topx-west", "recidivism", "not_eligible") in recovered  # Top X over its children


def test_a_percentage_and_an_interval_are_hidden_with_a_count_they_come_from():
    document, labels = sample_outcomes(), sample_outcome_labels()
    shown = publish_outcomes(document, 20, labels=labels).document["approaches"]
    west = shown["topx-west"]["recidivism"]
    assert west["registrations_before"] == "<20" and west["change_pct"] == "afg." and west["ci95_change_pct"] == "afg."
    domain = shown["topx-west"]["domain_progress"]["huisvesting"]
    assert domain["improved_pct"] == "afg." and domain["wilson95"] == "afg."
    # before = 0 is not hidden; nobody can learn it from a missing percentage either
    ogg = publish_outcomes(document, 5, labels=labels).document["approaches"]["topx-ogg"]["recidivism"]
    assert ogg["registrations_before"] == 0 and ogg["change_pct"] == "afg."  # after (2) is hidden


def test_a_shown_percentage_with_one_shown_count_would_give_the_other_away():
    """What the rule prevents: with −15.8 % and 19 before shown, 16 after follows."""
    before, change = 19, -15.8
    assert round(before * (1 + change / 100)) == 16


def test_json_is_the_exact_document_whatever_the_threshold():
    document = sample_outcomes()
    assert json.loads(OUTCOME_FORMATS["json"](document, 5, sample_outcome_labels())) == document
    assert document == sample_outcomes()  # the renderings never modify the document


def test_every_rendering_hides_the_same_cells_every_time():
    document, labels = sample_outcomes(), sample_outcome_labels()
    first = publish_outcomes(document, 5, labels=labels)
    again = publish_outcomes(copy.deepcopy(document), 5, labels=labels)
    assert first.hidden == again.hidden and first.document == again.document
    assert OUTCOME_FORMATS["csv"](document, 5, labels) == OUTCOME_FORMATS["csv"](document, 5, labels)


def test_each_table_with_hidden_cells_has_a_legend_under_it():
    html = render_outcomes_html(sample_outcomes(), labels=sample_outcome_labels(), suppress_below=5)
    tables = re.findall(r'(<table .*?</table>)\s*</div>(\s*<p class="[^"]*procesregie-report__legend[^"]*">[^<]*</p>)?',
                        html, re.S)
    assert len(tables) > 10
    for table, legend in tables:
        cells = re.findall(r"<td [^>]*>([^<]*)</td>", table)
        hidden = [cell for cell in cells if cell in ("&lt;5", "afg.")]
        assert bool(legend) == bool(hidden), (table[:80], legend)
        if "&lt;5" in hidden:
            assert "„&lt;5”: minder dan 5 (kan ook 0 zijn)" in legend
    assert "„afg.” bij een percentage of interval: weggelaten, omdat het een afgeschermd aantal zou verraden." in html
    plain = render_outcomes_html(sample_outcomes(), labels=sample_outcome_labels(), standalone=False)
    assert "procesregie-report__legend" not in plain and "&lt;5" not in plain


@pytest.mark.slow
@pytest.mark.django_db
def test_no_hidden_count_of_a_computed_report_can_be_recomputed(tmp_path):
    """The demo region (seed 11) imported and computed by `outcomes_report`, published with the reference data's
    names and tree: the same attack finds nothing, and the figures it reads are the report's."""
    import datetime

    from django.core.management import call_command

    from procesregie.reporting.outcomes import default_cohort_year, outcomes_report
    from procesregie.reporting.rendering import labels_from_reference

    call_command("demo_data", "--out", str(tmp_path), "--seed", "11", verbosity=0)
    call_command("import", str(tmp_path), verbosity=0)
    labels = labels_from_reference()
    as_of = datetime.date(2025, 12, 31)
    year = default_cohort_year(as_of)
    document = outcomes_report(first=datetime.date(year, 1, 1), last=datetime.date(year, 12, 31), as_of=as_of)
    blocks = document["approaches"].values()
    assert sum(block["recidivism"]["n"] for block in blocks) > 20, document  # not an empty comparison
    assert any(block["follow_through"] for block in blocks) and any(block["domain_progress"] for block in blocks)
    for n in (5, 10):
        reading = read_everything(document, labels, n)
        assert reading.hidden
        assert not [p for p, v in reading.shown.items() if isinstance(v, int) and 0 < v < n]
        assert not [p for p, v in reading.shown.items() if truth(document, p) != v]
        assert not attack(document, labels, reading, n)
        assert not derived_leaks(reading)
