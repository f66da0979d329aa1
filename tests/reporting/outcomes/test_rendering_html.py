"""The outcomes report as HTML: the page's fragment is accessible (headings in order, captioned tables with header
cells, charts with a text alternative, no inline style or script), the stand-alone document has its own title, and
the annual report gets the chapter "Resultaten" only when given an outcomes document."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.utils import translation

from procesregie.reporting.rendering import render_html
from procesregie.reporting.rendering.outcomes import render_outcomes_html
from tests.reporting.rendering_sample import sample_report

from .rendering_sample import sample_outcome_labels, sample_outcomes


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings: list[tuple[int, str | None]] = []
        self.ids: Counter = Counter()
        self.tables = 0
        self.captions = 0
        self.header_cells: list[str | None] = []
        self.images: list[dict] = []
        self.styles = 0
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), attrs.get("id")))
        self.tables += tag == "table"
        self.captions += tag == "caption"
        if tag == "th":
            self.header_cells.append(attrs.get("scope"))
        if tag == "img":
            self.images.append(attrs)
        self.styles += "style" in attrs
        self.scripts += tag == "script"


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def fragment(**kwargs) -> str:
    """The page's fragment, with ordinary spaces for the no-break spaces before "%"."""
    html = render_outcomes_html(sample_outcomes(), labels=sample_outcome_labels(), standalone=False, **kwargs)
    return html.replace("\u00a0", " ")


@pytest.mark.parametrize("n", [None, 5])
def test_the_fragment_for_the_page_is_accessible(n):
    page = parse(fragment(suppress_below=n))
    levels = [level for level, _ in page.headings]
    assert levels[0] == 2 and 1 not in levels  # the page has the h1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False)), levels
    assert not [key for key, times in page.ids.items() if times > 1]
    assert page.tables > 10 and page.captions == page.tables
    assert page.header_cells and set(page.header_cells) == {"col", "row"}
    assert page.styles == 0 and page.scripts == 0
    # 5 recidivism charts (not the empty approach) and 4 life-domain charts; hidden, Top X OGG's 0 and "<5" and the
    # life domains of Top X Oost and West (all "<5" or "afg.") would draw no bar: those charts are left out, their
    # tables are there
    assert len(page.images) == (9 if n is None else 6)
    for image in page.images:
        assert image["alt"] and image["src"].startswith("data:image/svg+xml;base64,")
        svg = ET.fromstring(base64.b64decode(image["src"].split(",", 1)[1]))
        assert svg.get("role") == "img"
        assert svg.find("{http://www.w3.org/2000/svg}title").text.replace("\u00a0", " ") == image["alt"]
    assert 'href="/static/reporting/report.css"' in fragment()


def test_the_fragment_names_every_approach_and_its_parts_in_the_tree_order():
    html = fragment()
    names = re.findall(r'<h2 class="utrecht-heading-2 procesregie-report__approach-title" id="resultaten-([^"]+)-heading"',
                       html)
    assert names == ["levensloop", "mda", "topx", "topx-ogg"]
    assert re.findall(r'id="resultaten-([^"]+)-heading">Top X (?:Oost|West)</h3>', html) == ["topx-oost", "topx-west"]
    assert "Onderdeel van Top X" in html
    assert "Deze aanpak telt de personen, trajecten en interventies van zijn onderdelen mee" in html
    for title in ("Recidive: politieregistraties voor en na", "Voortgang op de leefgebieden",
                  "Uitvoering van afgesproken interventies", "Wat de cijfers betekenen"):
        assert title in html, title
    assert "Geen interventies in 2023 afgesproken." in html  # the empty approach
    assert "Geen trajecten in 2023 afgesloten met een nulmeting en een eindmeting." in html


def test_the_recidivism_table_has_both_groups_only_where_there_is_a_comparison_group():
    html = fragment()
    oost = re.search(r'<table [^>]*id="resultaten-topx-oost-recidive-tabel".*?</table>', html, re.S).group()
    assert "Vergelijkingsgroep (afgewezen aanmeldingen)" in oost
    for figure in ("1.943", "1.185", "−39,0 %", "−44,1 % tot −33,6 %", "−15,0 %", "−30,2 % tot +2,1 %", "281", "40"):
        assert figure in oost, figure
    west = re.search(r'<table [^>]*id="resultaten-topx-west-recidive-tabel".*?</table>', html, re.S).group()
    assert "Vergelijkingsgroep" not in west
    ogg = re.search(r'<table [^>]*id="resultaten-topx-ogg-recidive-tabel".*?</table>', html, re.S).group()
    assert "<td class=\"utrecht-table__cell utrecht-table__cell--numeric-data\">–</td>" in ogg  # no percentage
    follow = re.search(r'<table [^>]*id="resultaten-topx-oost-uitvoering-tabel".*?</table>', html, re.S).group()
    for header in ("Afgesproken", "Loopt", "Afgerond", "Geannuleerd", "Totaal", "Te laat"):
        assert f">{header}</th>" in follow, header


def test_the_stand_alone_document_has_a_title_page_with_the_window_and_the_definitions():
    html = render_outcomes_html(sample_outcomes(), labels=sample_outcome_labels())
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    assert "<title>Resultaten: personen in 2023 voor het eerst besproken</title>" in html
    page = parse(html)
    assert [level for level, _ in page.headings][:1] == [1] and page.styles == 0 and page.scripts == 0
    assert "Personen die in 2023 voor het eerst zijn besproken, gevolgd tot de peildatum 1 januari 2025." in html
    assert "/static/" not in html  # the stylesheets are inside
    for term in ("Eerste bespreking", "Jaar ervoor en jaar erna", "Wie meetelt", "Vergelijkingsgroep", "95%-interval"):
        assert f"<dt>{term}</dt>" in html, term
    other = dict(sample_outcomes(), **{"from": "2023-03-01", "to": "2023-08-31"})
    assert "tussen 1 maart 2023 en 31 augustus 2023" in render_outcomes_html(other, labels=sample_outcome_labels())


def test_a_name_with_markup_stays_text():
    labels = sample_outcome_labels()
    labels["organisations"]["altrecht"]["name"] = "<img src=x onerror=alert(1)>"
    html = render_outcomes_html(sample_outcomes(), labels=labels, standalone=False)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_annual_report_gets_the_chapter_only_with_an_outcomes_document():
    labels = sample_outcome_labels()
    plain = render_html(sample_report(), labels=labels, standalone=False)
    assert 'id="resultaten"' not in plain and "Resultaten" not in plain
    html = render_html(sample_report(), labels=labels, standalone=False, outcomes=sample_outcomes(),
                       suppress_below=5).replace("\u00a0", " ")
    assert '<a class="utrecht-link utrecht-link--html-a procesregie-report__toc-link" href="#resultaten">Resultaten</a>' \
        in html
    chapter = html[html.index('id="resultaten"'):html.index('id="toelichting"')]
    assert '<h2 class="utrecht-heading-2 procesregie-report__approach-title" id="resultaten-heading">Resultaten</h2>' \
        in chapter
    assert "Personen die in 2023 voor het eerst zijn besproken, gevolgd tot de peildatum 1 januari 2025" in chapter
    assert re.search(r'<h3 [^>]*id="resultaten-topx-heading">Top X</h3>', chapter)
    assert re.search(r'<h4 [^>]*id="resultaten-topx-oost-heading">Top X Oost</h4>', chapter)
    assert "daalde het aantal politieregistraties van 1.943 in het jaar ervoor naar 1.185" in chapter
    assert "&lt;5" in chapter  # published with the annual report's threshold
    page = parse(html)
    assert not [key for key, times in page.ids.items() if times > 1]
    levels = [level for level, _ in page.headings]
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False)), levels
