"""The annual report as HTML: what a manager reads on screen, in a file, or in the web page.

Rendering is the slow part (the charts), so each variant is rendered once per module: `html` (everything: names,
last year's figures), `bare` (the edge cases together), `content` (for the web page).
"""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from procesregie.reporting.rendering import charts, publish, render_html
from tests.reporting.rendering_sample import sample_comparison, sample_labels, sample_report


class _Tables(HTMLParser):
    """Every table as {id: {"caption": str, "header": [..], "rows": {row heading: [cells]}}}, plus checks."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, dict] = {}
        self.images: list[dict] = []
        self.headings: list[tuple[str, str]] = []
        self.th_without_scope = 0
        self._table = None
        self._row = None
        self._cell = None
        self._heading = None
        self._in_caption = False
        self._in_thead = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = {"caption": "", "header": [], "rows": {}}
            self.tables[attrs["id"]] = self._table
        elif tag == "caption":
            self._in_caption = True
        elif tag == "thead":
            self._in_thead = True
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            if tag == "th" and attrs.get("scope") not in ("col", "row"):
                self.th_without_scope += 1
            self._cell = ""
        elif tag == "img":
            self.images.append(attrs)
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = (tag, "")
        elif tag == "span" and self._cell is not None:
            self._cell += "\x00"  # the detail after a row heading (a code, a district): cut off below

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag == "thead":
            self._in_thead = False
        elif tag in ("th", "td"):
            self._row.append(self._cell.split("\x00")[0].strip())
            self._cell = None
        elif tag == "tr":
            if self._in_thead:
                self._table["header"] = self._row
            else:
                self._table["rows"][self._row[0]] = self._row[1:]
        elif re.fullmatch(r"h[1-6]", tag) and self._heading:
            self.headings.append((self._heading[0], self._heading[1].strip()))
            self._heading = None

    def handle_data(self, data):
        if self._in_caption:
            self._table["caption"] += data
        elif self._cell is not None:
            self._cell += data
        if self._heading is not None:
            self._heading = (self._heading[0], self._heading[1] + data)


def parse(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(sample_report(), labels=sample_labels(), comparison=sample_comparison())


@pytest.fixture(scope="module")
def page(html) -> _Tables:
    return parse(html)


HOSTILE_NAME = '<img src=x onerror="alert(1)">MDA'


@pytest.fixture(scope="module")
def bare() -> str:
    """The edge cases in one render: no comparison, no names except a hostile one for MDA++, and translations
    deactivated, as a management command has them."""
    with translation.override(None):
        return render_html(sample_report(), labels={"approaches": {"mda": {"name": HOSTILE_NAME}}})


@pytest.fixture(scope="module")
def content() -> str:
    return render_html(sample_report(), labels=sample_labels(), standalone=False)


def test_a_standalone_document_in_dutch_with_its_stylesheet_inline(html):
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    assert "<title>Jaarverslag 2024</title>" in html
    assert html.count("<style") == 2  # screen and print, inline: the file works on its own
    assert ".procesregie-report__table" in html
    assert "<link" not in html  # nothing to fetch


def test_no_script_and_no_inline_style_attributes(html):
    assert "<script" not in html.lower()
    assert " style=" not in html
    assert "javascript:" not in html.lower()


def test_the_web_page_content_has_no_style_element_and_links_report_css(content):
    assert "<!DOCTYPE" not in content and "<html" not in content and "<style" not in content
    assert "<script" not in content.lower() and " style=" not in content
    assert 'href="/static/reporting/report.css"' in content
    assert '<h1 class="utrecht-heading-1' in content


def test_dutch_headings_per_approach(page):
    texts = [text for _, text in page.headings]
    assert ("h1", "Jaarverslag 2024") in page.headings
    for heading in ("Overzicht en totalen", "In- en uitstroom", "Uitstroom naar reden van afsluiten",
                    "Instroom naar melder", "Looptijd van afgesloten trajecten", "Per gemeente", "Per district",
                    "Voortgang op de leefgebieden", "Casusoverleg", "Afgesproken interventies",
                    "Meldingen en adviesgesprekken", "Escalaties", "Toelichting op de cijfers"):
        assert heading in texts, heading
    # parents with their children nested: Top X (h2), then Top X Oost and Top X West (h3) under it
    order = [(tag, text) for tag, text in page.headings if text.startswith(("Top X", "MDA", "Levensloop"))]
    assert order == [("h2", "Levensloopaanpak"), ("h2", "MDA++"), ("h2", "Top X"), ("h3", "Top X Oost"),
                     ("h3", "Top X West"), ("h2", "Top X Onbegrepen gedrag met gevaarsrisico")]


def test_every_table_has_a_caption_and_scoped_headers(page):
    assert page.tables
    for table_id, table in page.tables.items():
        assert table["caption"].strip(), table_id
    assert page.th_without_scope == 0


def test_flow_figures_with_last_year_beside_them(page):
    flow = page.tables["aanpak-topx-oost-stroom"]
    assert flow["header"] == ["Stroom", "2024", "2023", "Verschil"]
    assert flow["rows"]["In regie op 1 januari"] == ["32", "30", "+2"]
    assert flow["rows"]["Instroom"] == ["11", "15", "−4"]
    assert flow["rows"]["Uitstroom"] == ["17", "13", "+4"]
    assert flow["rows"]["In regie op 31 december"] == ["26", "32", "−6"]
    assert flow["rows"]["Totaal in regie (caseload)"] == ["43", "45", "−2"]
    # transfers between approaches are shown separately
    west = page.tables["aanpak-topx-west-stroom"]["rows"]
    assert west["Overdracht in (uit andere aanpak)"][0] == "2"
    assert west["Overdracht uit (naar andere aanpak)"][0] == "1"


def test_flow_without_comparison_has_one_column(bare):
    tables = parse(bare).tables
    assert tables["aanpak-mda-stroom"]["header"] == ["Stroom", "2024"]
    assert tables["aanpak-mda-stroom"]["rows"]["Instroom"] == ["47"]


def test_overview_and_totals(page):
    overview = page.tables["overzicht-tabel"]
    assert list(overview["rows"]) == ["Levensloopaanpak", "MDA++", "Top X", "Top X Oost", "Top X West",
                                     "Top X Onbegrepen gedrag met gevaarsrisico"]
    assert overview["rows"]["Top X"][:7] == ["52", "19", "2", "26", "1", "46", "73"]
    assert overview["rows"]["Top X"][7] == "72"  # caseload last year, from the comparison
    totals = page.tables["totalen-tabel"]["rows"]
    assert totals["Personen"] == ["57", "33", "39", "51", "92", "–"]
    assert totals["Systemen"] == ["40", "47", "45", "42", "87", "346"]


def test_breakdowns_use_names_not_codes(page):
    reasons = page.tables["aanpak-topx-oost-redenen-tabel"]["rows"]
    assert reasons == {"Positief afgesloten (doelen behaald)": ["10"],
                       "Negatief afgesloten (doelen niet behaald)": ["4"],
                       "Lange detentie of maatregel (TBS, PIJ, ISD)": ["3"]}
    kinds = page.tables["aanpak-topx-oost-melders-soort"]["rows"]
    assert kinds == {"gemeente": ["7"], "politie": ["1"], "reclassering": ["1"], "Raad voor de Kinderbescherming": ["2"]}
    organisations = page.tables["aanpak-mda-melders-organisatie"]["rows"]
    assert organisations["Veilig Thuis Utrecht"] == ["30"]
    municipalities = page.tables["aanpak-topx-oost-gemeenten-tabel"]
    assert municipalities["header"] == ["Gemeente", "District", "1 januari", "Plus", "Min", "31 december"]
    assert municipalities["rows"]["Amersfoort"] == ["Oost", "20", "6", "11", "15"]
    assert list(municipalities["rows"]) == ["Amersfoort", "Soest", "Veenendaal"]
    districts = page.tables["aanpak-mda-districten-tabel"]["rows"]
    assert districts == {"Oost": ["15", "17", "17", "15", "32"], "Stad": ["25", "30", "28", "27", "55"]}
    interventions = page.tables["aanpak-mda-interventies-tabel"]["rows"]
    assert interventions == {"Ondertoezichtstelling (OTS)": ["11"], "Tijdelijk huisverbod": ["4"]}


def test_durations_in_the_scheme_of_the_approach(page):
    years = page.tables["aanpak-topx-oost-looptijden-tabel"]["rows"]
    assert years == {"< 1 jaar": ["3"], "1–2 jaar": ["4"], "2–4 jaar": ["4"], "> 4 jaar": ["6"]}
    months = page.tables["aanpak-topx-ogg-looptijden-tabel"]["rows"]
    assert months == {"0–6 mnd": ["9"], "6–12 mnd": ["4"], "1–2 jaar": ["1"], "2–4 jaar": ["0"], "> 4 jaar": ["0"]}


def test_life_domain_progress(page):
    table = page.tables["aanpak-topx-oost-leefgebieden-tabel"]
    assert table["header"] == ["Leefgebied", "−4", "−3", "−2", "−1", "0", "+1", "+2", "+3", "+4", "n"]
    assert table["rows"]["Huisvesting"] == ["0", "0", "0", "1", "3", "5", "6", "0", "0", "15"]
    assert table["rows"]["Financiën"] == ["0", "0", "2", "0", "4", "7", "0", "1", "0", "14"]
    assert list(table["rows"]) == ["Huisvesting", "Financiën"]  # the order of the reference data


def test_discussions_declined_and_persons_in_systems(html):
    facts = dict(re.findall(r'<dt class="procesregie-report__fact-label">([^<]+)</dt>'
                            r'<dd class="procesregie-report__fact-value">([^<]+)</dd>',
                            html.split('id="aanpak-mda"')[1].split('id="aanpak-topx"')[0]))
    assert facts == {
        "Afgewezen aanmeldingen (triage)": "3",
        "Personen in de systemen": "346",
        "Besprekingen": "310",
        "Unieke besproken personen of systemen": "87",
        "Besprekingen met de cliënt aan tafel": "60",
        "Besprekingen met een ervaringsdeskundige": "14",
        "Meldingen": "43",
        "Adviesgesprekken": "120",
        "Totaal": "163",
        "Leidden tot een aanmelding": "47",
        "Totaal in 2023": "139",
        "Geëscaleerd in 2024": "12",
        "Afgehandeld in 2024": "9",
        "Geëscaleerd in 2023": "10",
    }
    oost = html.split('id="aanpak-topx-oost"')[1].split('id="aanpak-topx-west"')[0]
    assert "Personen in de systemen" not in oost  # only system approaches


def _section_facts(document: str, section_id: str) -> list[tuple[str, str]]:
    part = document.split(f'id="{section_id}"')[1].split("</section>")[0]
    return re.findall(r'<dt class="procesregie-report__fact-label">([^<]+)</dt>'
                      r'<dd class="procesregie-report__fact-value">([^<]+)</dd>', part)


def _count_lines(document: str, section_id: str) -> list[str]:
    part = document.split(f'id="{section_id}"')[1].split("</section>")[0]
    return [re.sub(r"<[^>]+>", "", line) for line in
            re.findall(r'<p class="utrecht-paragraph procesregie-report__count-line">(.*?)</p>', part)]


def test_signals_per_approach_with_last_years_total(html, page):
    assert _section_facts(html, "aanpak-topx-oost-meldingen") == [
        ("Meldingen", "9"), ("Adviesgesprekken", "15"), ("Totaal", "24"), ("Leidden tot een aanmelding", "6"),
        ("Totaal in 2023", "20"),
    ]
    # the kinds of reporting organisation in a line, in the order and with the names of the organisation kinds
    assert _count_lines(html, "aanpak-topx-oost-meldingen") == [
        "Naar soort meldende organisatie: gemeente 10, politie 8, ggz 3, zorg 3."]
    # the parent sums its children
    assert _section_facts(html, "aanpak-topx-meldingen")[2:] == [
        ("Totaal", "35"), ("Leidden tot een aanmelding", "9"), ("Totaal in 2023", "31")]
    assert _count_lines(html, "aanpak-topx-meldingen") == [
        "Naar soort meldende organisatie: gemeente 10, politie 15, Openbaar Ministerie 4, ggz 3, zorg 3."]
    # an approach without signals this year says so, and still gives last year's
    assert "Geen meldingen of adviesgesprekken in 2024." in html.split('id="aanpak-topx-ogg-meldingen"')[1].split(
        "</section>")[0]
    assert _section_facts(html, "aanpak-topx-ogg-meldingen") == [("Totaal in 2023", "2")]
    assert _count_lines(html, "aanpak-topx-ogg-meldingen") == []
    assert not [table for table in page.tables if "meldingen" in table or "escalaties" in table]  # no tables


def test_escalations_per_approach_with_their_outcomes(html, page):
    assert _section_facts(html, "aanpak-topx-ogg-escalaties") == [
        ("Geëscaleerd in 2024", "6"), ("Afgehandeld in 2024", "5"), ("Geëscaleerd in 2023", "4")]
    assert _count_lines(html, "aanpak-topx-ogg-escalaties") == [  # names and order of EscalationOutcome
        "Afgehandeld naar uitkomst: afspraak gemaakt 3, bestuurlijk opgeschaald 1, niet opgelost 1."]
    assert _count_lines(html, "aanpak-mda-escalaties") == [
        "Afgehandeld naar uitkomst: afspraak gemaakt 6, bestuurlijk opgeschaald 1, ingetrokken 2."]
    assert "Geen escalaties in 2024." in html.split('id="aanpak-topx-west-escalaties"')[1].split("</section>")[0]
    assert _section_facts(html, "aanpak-topx-west-escalaties") == [("Geëscaleerd in 2023", "2")]
    assert _count_lines(html, "aanpak-topx-west-escalaties") == []


def test_signals_and_escalations_without_a_comparison_give_this_year_only(bare):
    assert _section_facts(bare, "aanpak-mda-meldingen") == [
        ("Meldingen", "43"), ("Adviesgesprekken", "120"), ("Totaal", "163"), ("Leidden tot een aanmelding", "47")]
    assert _section_facts(bare, "aanpak-mda-escalaties") == [
        ("Geëscaleerd in 2024", "12"), ("Afgehandeld in 2024", "9")]
    assert _section_facts(bare, "aanpak-levensloop-meldingen") == []
    assert "2023" not in bare.split('id="aanpak-levensloop-escalaties"')[1].split("</section>")[0]


def test_the_definitions_explain_signals_and_escalations(html):
    glossary = html.split('id="toelichting"')[1]
    assert "<dt>Meldingen en adviesgesprekken</dt>" in glossary and "<dt>Escalaties</dt>" in glossary
    assert "uiterlijk 31 december 2024" in glossary


def test_an_approach_without_cases_says_so(html):
    part = html.split('id="aanpak-levensloop"')[1].split('id="aanpak-mda"')[0]
    assert "Geen afgesloten trajecten in 2024." in part
    assert "Geen instroom in 2024." in part
    assert "<img" not in part  # no empty charts


def test_charts_are_svg_images_with_a_text_alternative(page):
    charts_ = [image for image in page.images if image["src"].startswith("data:image/svg+xml;base64,")]
    # overview + per approach: flow (5 with cases), durations (5), domains (5), municipalities (the 4 with more
    # than one municipality: with one, the chart would repeat the flow chart's first and last bars)
    assert len(charts_) == 1 + 5 * 3 + 4
    for image in charts_:
        assert len(image["alt"]) > 40
        svg = base64.b64decode(image["src"].split(",", 1)[1]).decode()
        assert svg.startswith("<?xml") and "<svg" in svg and "<script" not in svg
        assert int(image["width"]) > 100 and int(image["height"]) > 50
    alts = " ".join(image["alt"] for image in charts_)
    assert "32 1 januari, 11 instroom, 17 uitstroom, 26 31 december" in alts
    assert "Huisvesting: 11 vooruit, 3 gelijk, 1 achteruit" in alts


def test_one_municipality_gets_its_table_but_no_chart(html, page):
    assert page.tables["aanpak-topx-ogg-gemeenten-tabel"]["rows"]["Utrecht"] == ["Stad", "5", "14", "14", "5"]
    part = html.split('id="aanpak-topx-ogg-gemeenten"')[1].split("</section>")[0]
    assert "<img" not in part
    assert "<img" in html.split('id="aanpak-mda-gemeenten"')[1].split("</section>")[0]


def test_every_id_is_unique(html, content):
    for document in (html, content):
        ids = re.findall(r' id="([^"]+)"', document)
        assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_headings_descend_one_level_at_a_time(page):
    levels = [int(tag[1]) for tag, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), levels


# --- the summary ----------------------------------------------------------------------------------------------


def _summary_paragraphs(document: str) -> list[str]:
    return re.findall(r'<p class="utrecht-paragraph procesregie-report__summary-text">([^<]*)</p>', document)


def test_the_summary_comes_first_and_tells_the_year_in_sentences(html, page):
    texts = [text for _, text in page.headings]
    assert texts.index("Samenvatting") < texts.index("Inhoud") < texts.index("Overzicht en totalen")
    assert _summary_paragraphs(html) == [
        "Op 1 januari 2024 had het huis 57 personen in regie, op 31 december 51 (6 minder). "
        "De instroom in 2024 was 33 personen en de uitstroom 39 (in 2023: 36 en 30). "
        "De caseload, alle trajecten die in 2024 in regie waren, was 92 personen.",
        "Op 1 januari 2024 had het huis 40 systemen in regie, op 31 december 42 (2 meer). "
        "De instroom in 2024 was 47 systemen en de uitstroom 45 (in 2023: 44 en 39). "
        "De caseload, alle trajecten die in 2024 in regie waren, was 87 systemen. "
        "Het aantal personen in deze systemen was 346.",
        "De grootste aanpakken naar caseload waren MDA++ (87 systemen), Top X (73 personen) en "
        "Top X Onbegrepen gedrag met gevaarsrisico (19 personen).",
        "In 2024 registreerde het huis 198 meldingen en adviesgesprekken (in 2023: 172). "
        "Er werd 21 keer geëscaleerd; 16 daarvan zijn nog in 2024 afgehandeld.",
    ]


def test_the_summary_table_has_the_top_level_approaches_and_the_totals_with_last_year(page):
    table = page.tables["samenvatting-tabel"]
    assert table["caption"] == "Kerncijfers 2024 per aanpak en voor het hele huis"
    assert table["header"] == ["Aanpak", "1 januari", "Instroom", "Uitstroom", "31 december", "Instroom 2023",
                               "Uitstroom 2023"]
    assert table["rows"] == {
        "Levensloopaanpak": ["0", "0", "0", "0", "0", "0"],
        "Top X": ["52", "19", "26", "46", "24", "20"],
        "Top X Onbegrepen gedrag met gevaarsrisico": ["5", "14", "13", "5", "12", "10"],
        "Totaal personen": ["57", "33", "39", "51", "36", "30"],  # last year: the leaves, as the totals
        "MDA++": ["40", "47", "45", "42", "44", "39"],
        "Totaal systemen": ["40", "47", "45", "42", "44", "39"],
    }


def test_the_summary_without_a_comparison_leaves_last_year_out(bare):
    table = parse(bare).tables["samenvatting-tabel"]
    assert table["header"] == ["Aanpak", "1 januari", "Instroom", "Uitstroom", "31 december"]
    assert table["rows"]["Totaal personen"] == ["57", "33", "39", "51"]
    assert "2023" not in " ".join(_summary_paragraphs(bare))


def test_the_summary_tells_no_more_than_the_suppressed_tables():
    """Last year's person totals would need Top X West's suppressed outflow (7 < 10): they are left out."""
    document = render_html(sample_report(), labels=sample_labels(), comparison=sample_comparison(),
                           suppress_below=10, standalone=False)
    paragraphs = _summary_paragraphs(document)
    persons, systems, work = paragraphs[0], paragraphs[1], paragraphs[-1]
    # The figures are those of the published tables (secondary suppression may hide some as "afg." or "<10").
    published = publish(sample_report(), 10, labels=sample_labels(), comparison=sample_comparison())
    person = published.report["totals"]["person"]
    assert f"De instroom in 2024 was {person['inflow']} personen en de uitstroom {person['outflow']}." in persons
    assert "(in 2023: 44 en 39)" in systems
    # Top X OGG had 2 signals last year (<10) and Top X 3 escalations this year (<10): no sums that need them.
    assert work == "In 2024 registreerde het huis 198 meldingen en adviesgesprekken."
    rows = parse(document).tables["samenvatting-tabel"]["rows"]
    keys = ("start", "inflow", "outflow", "end")
    assert rows["Totaal personen"] == [str(person[key]) for key in keys] + ["–", "–"]
    ogg, ogg_last_year = published.report["approaches"]["topx-ogg"]["flow"], published.comparison["topx-ogg"]["previous"]
    assert rows["Top X Onbegrepen gedrag met gevaarsrisico"] == (
        [str(ogg[key]) for key in keys] + [str(ogg_last_year["inflow"]), str(ogg_last_year["outflow"])])
    assert rows["Top X Onbegrepen gedrag met gevaarsrisico"][0] == "<10"


def test_the_summary_of_a_year_without_trajectories():
    from procesregie.reporting.rendering import annual_report_context

    zeros = {key: 0 for key in ("start", "inflow", "outflow", "end", "caseload")}
    report = {"report": "annual", "version": 1, "year": 2024,
              "approaches": {"levensloop": sample_report()["approaches"]["levensloop"]},
              "totals": {"person": zeros, "system": {**zeros, "persons_involved": 0}}}
    summary = annual_report_context(report, labels=sample_labels())["summary"]
    assert summary.paragraphs == ["In 2024 had het huis geen trajecten in regie."]  # and no signals or escalations
    assert [row.label for row in summary.table.rows] == ["Levensloopaanpak", "Totaal personen", "Totaal systemen"]


def test_the_summary_of_a_year_with_signals_and_escalations_but_without_trajectories():
    from procesregie.reporting.rendering import annual_report_context

    zeros = {key: 0 for key in ("start", "inflow", "outflow", "end", "caseload")}
    block = {**sample_report()["approaches"]["levensloop"],
             "signals": {"count": 1, "by_kind": {"melding": 1}, "by_reporter_kind": {"politie": 1},
                         "to_registration": 0},
             "escalations": {"count": 2, "resolved": 1, "by_outcome": {"ingetrokken": 1}}}
    report = {"report": "annual", "version": 2, "year": 2024, "approaches": {"levensloop": block},
              "totals": {"person": zeros, "system": {**zeros, "persons_involved": 0}}}
    summary = annual_report_context(report, labels=sample_labels())["summary"]
    assert summary.paragraphs == [
        "In 2024 had het huis geen trajecten in regie.",
        "In 2024 registreerde het huis 1 melding of adviesgesprek. "
        "Er werd 2 keer geëscaleerd; 1 daarvan is nog in 2024 afgehandeld.",
    ]


def test_names_are_escaped(bare):
    assert "<img src=x" not in bare
    assert "&lt;img src=x" in bare


def test_codes_without_a_name_are_shown_as_codes(bare):
    assert "topx-oost" in bare and "GM0307" in bare and "huisvesting" in bare


def test_rendering_is_deterministic(html):
    assert render_html(sample_report(), labels=sample_labels(), comparison=sample_comparison()) == html


def test_charts_are_identical_svg_each_time():
    flow = sample_report()["approaches"]["topx-west"]["flow"]
    previous = sample_comparison()["topx-west"]["previous"]
    first = charts.flow_chart(flow, previous, year=2024)
    second = charts.flow_chart(flow, previous, year=2024)
    assert first.svg == second.svg
    assert "<dc:date>" not in first.svg
    domains = list(sample_report()["approaches"]["topx-oost"]["domain_progress"].items())
    assert charts.domain_progress_chart(domains).svg == charts.domain_progress_chart(domains).svg


def test_a_web_page_can_include_the_content(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    from procesregie.reporting.rendering import annual_report_context

    request = rf.get("/rapportage/jaarverslag/2024/")
    request.user = AnonymousUser()
    context = annual_report_context(sample_report(), labels=sample_labels(), suppress_below=5)
    html = render_to_string("reporting/annual_page.html", context, request=request)
    assert "<title>Jaarverslag 2024 · Procesregie</title>" in html
    assert html.count("<h1") == 1  # the report's title is the page's only h1
    assert 'href="/static/reporting/report.css"' in html
    assert " style=" not in html and "<style" not in html
    assert "&lt;5" in html


def test_the_document_has_a_language_even_when_a_command_deactivates_translations(bare):
    assert '<html lang="nl">' in bare
    assert "Jaarverslag 2024" in bare
