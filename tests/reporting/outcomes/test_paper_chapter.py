"""The annual report's chapter "Resultaten" on paper (rendering/paper/outcomes.py, ReportLab): the same text, in the
same order, as the HTML chapter render_html gives for the same outcomes document — every definition, section title,
sentence, chart caption, table caption, table row and legend — from a page of its own, with its chapter marks, names
printed as they are (not read as markup), in the active language, and no title left at the foot of a page."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from django.utils import translation
from reportlab.platypus import Spacer

from procesregie.reporting.rendering import render_html
from procesregie.reporting.rendering.outcomes.context import outcomes_context
from procesregie.reporting.rendering.paper.document import Pages, build_pdf
from procesregie.reporting.rendering.paper.outcomes import approach, outcomes_chapter
from procesregie.reporting.rendering.paper.styles import BODY, FRAME_WIDTH, paragraph
from tests.reporting.rendering_sample import sample_report

from .rendering_sample import sample_outcome_labels, sample_outcomes

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
                                reason="poppler-utils (pdftotext, pdfinfo) not installed")

SUPPRESS_BELOW = 5
COVER = "Voorblad van de proef"
TITLE = "Proefdocument"  # the footer of every page


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


class Chapter:
    """A chapter on paper: the PDF, its pages as lines of text (pdftotext -layout) without the running header and
    the footer, the context it was made from and the page of each chapter mark."""

    def __init__(self, path, context, pages: Pages):
        self.path, self.context, self.pages = path, context, pages
        count = int(subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True,
                                   timeout=60).stdout.split("Pages:")[1].split()[0])
        self.raw: list[list[str]] = []  # every line of every page, the header and footer included
        for number in range(1, count + 1):
            text = subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
                                  check=True, capture_output=True, text=True, timeout=60).stdout
            self.raw.append([line.replace("\u00a0", " ").strip() for line in text.splitlines() if line.strip()])
        self.body = [lines[1 if number > 1 else 0:-1] for number, lines in enumerate(self.raw, start=1)]
        self.flat = _normal(" ".join(line for lines in self.body for line in lines))


def _build(path, context, flowables) -> Chapter:
    """The PDF of `flowables()` at `path`."""
    pages = Pages()
    data = build_pdf(flowables(), title=TITLE, pages=pages)
    assert data.startswith(b"%PDF-")
    path.write_bytes(data)
    return Chapter(path, context, pages)


def _chapter(tmp_path, *, language: str, labels=None) -> Chapter:
    labels = labels or sample_outcome_labels()
    with translation.override(language):
        context = outcomes_context(sample_outcomes(), labels=labels, suppress_below=SUPPRESS_BELOW, base_level=3)
        return _build(tmp_path / f"resultaten-{language}.pdf", context,
                      lambda: [paragraph(COVER, BODY), *outcomes_chapter(context, width=FRAME_WIDTH)])


@pytest.fixture(scope="module")
def dutch(tmp_path_factory):
    return _chapter(tmp_path_factory.mktemp("paper"), language="nl")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return _chapter(tmp_path_factory.mktemp("paper"), language="en")


class HtmlChapter(HTMLParser):
    """The text of the HTML chapter: its blocks (headings, paragraphs, terms and definitions, captions) in order,
    and its table rows as lists of cells."""

    BLOCKS = {"h2", "h3", "h4", "h5", "h6", "p", "dt", "dd", "caption", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.rows: list[tuple[bool, list[str]]] = []  # (a header row, its cells)
        self._block: list[str] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._data_row = False

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._block = []
        elif tag == "tr":
            self._row, self._data_row = [], False
        elif tag in ("th", "td"):
            self._cell = []
            self._data_row |= tag == "td"

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self._block is not None:
            self.blocks.append(_normal("".join(self._block)))
            self._block = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(_normal("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append((not self._data_row, self._row))
            self._row = None

    def handle_data(self, data):
        for buffer in (self._block, self._cell):
            if buffer is not None:
                buffer.append(data)


def _html_chapter(language: str) -> HtmlChapter:
    with translation.override(language):
        html = render_html(sample_report(), labels=sample_outcome_labels(), standalone=False,
                           outcomes=sample_outcomes(), suppress_below=SUPPRESS_BELOW)
    chapter = HtmlChapter()
    chapter.feed(html[html.index('id="resultaten"'):html.index('id="toelichting"')])
    return chapter


def _in_order(cells: list) -> str:
    """A pattern for a table's row laid out by pdftotext -layout: the words of its cells in their order, but for the
    row heading's words after the first, which may wrap under it and follow its figures."""
    label = _normal(str(cells[0])).split()
    figures = [word for cell in cells[1:] for word in _normal(str(cell)).split()]
    return "|".join(r"\s+".join(map(re.escape, [*label[:cut], *figures, *label[cut:]]))
                    for cut in range(len(label), 0, -1))


def _sentences(context) -> list[str]:
    return [_normal(sentence) for page in context["outcomes_approaches"] for section in page.sections
            for sentence in section.sentences]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_text_of_the_html_chapter_is_in_the_pdf_in_the_same_order(language, dutch, english):
    chapter = dutch if language == "nl" else english
    html = _html_chapter(language)
    # The HTML's text is the context's: every sentence and every table of the context is in it.
    sentences = _sentences(chapter.context)
    assert len(sentences) > 40 and set(sentences) <= set(html.blocks)
    tables = [table for page in chapter.context["outcomes_approaches"] for section in page.sections
              for table in section.tables]
    assert len([row for header, row in html.rows if not header]) == sum(len(table.rows) for table in tables) > 30
    assert len(html.blocks) > 120

    position = 0
    for block in html.blocks:
        found = chapter.flat.find(block, position)
        assert found >= 0, (block, chapter.flat[position:position + 300])
        position = found + len(block)

    layout = "\n".join(line for lines in chapter.body for line in lines)
    for header, cells in html.rows:
        if header:  # a heading may wrap in its narrow column, beside the next one's lines
            for cell in cells:
                assert all(word in chapter.flat for word in cell.split()), cell
        else:  # a row: its heading and then its figures, in the columns' order (a cell may wrap)
            assert re.search(_in_order(cells), layout), cells


def test_every_figure_of_the_context_is_printed(dutch):
    """The same check from the context objects themselves, without the HTML: the tables' cells row by row."""
    layout = "\n".join(line for lines in dutch.body for line in lines)
    for page in dutch.context["outcomes_approaches"]:
        for section in page.sections:
            for table in section.tables:
                assert _normal(table.caption) in dutch.flat and _normal(table.legend) in dutch.flat, table.id
                for row in table.rows:
                    cells = [row.label, *row.cells]
                    assert re.search(_in_order(cells), layout), (table.id, cells)
            if section.chart:
                assert _normal(section.chart_caption) in dutch.flat
            if section.empty_text:
                assert _normal(section.empty_text) in dutch.flat
    assert "daalde het aantal politieregistraties van 1.943 in het jaar ervoor naar 1.185 in het jaar erna" \
        in dutch.flat
    assert "„<5”: minder dan 5 (kan ook 0 zijn)" in dutch.flat  # published with the threshold


def test_the_chapter_starts_a_page_with_its_marks(dutch):
    assert dutch.body[0] == [COVER]
    assert dutch.raw[1][:2] == ["Resultaten", "Resultaten"]  # the running header, the heading
    assert dutch.body[1][1].startswith("Personen die in 2023 voor het eerst zijn besproken, gevolgd tot de "
                                       "peildatum 1 januari 2025:")
    assert "Eerste bespreking" in dutch.body[1]  # the definitions follow
    assert dutch.pages.of["resultaten"] == 2  # its mark: the contents, the bookmark, the running header
    assert dutch.pages.count == len(dutch.raw)
    assert all(lines[-1].startswith(TITLE) and lines[-1].replace(" ", "").endswith(f"{number}/{len(dutch.raw)}")
               for number, lines in enumerate(dutch.raw, start=1))


def test_the_mark_of_each_approach_is_on_the_page_of_its_heading(dutch):
    """The contents, the bookmark and the running header point to the page where the approach's name is printed, also
    where its head would fit at the foot of a page and its first section would not."""
    for page in dutch.context["outcomes_approaches"]:
        number = dutch.pages.of[page.anchor]
        assert page.name in dutch.body[number - 1], (page.name, number)


def test_the_head_of_an_approach_says_where_it_belongs_and_what_it_adds_up(dutch):
    assert "Onderdeel van Top X" in dutch.flat
    assert ("Deze aanpak telt de personen, trajecten en interventies van zijn onderdelen mee, ieder één keer: "
            "Top X Oost, Top X West.") in dutch.flat


def _layout_faults(chapter: Chapter) -> list[tuple[int, str]]:
    """A title (an approach's, a section's, a table's) as the last line of a page; a legend or a chart's caption as
    the first, away from its table or chart."""
    heads = {"Onderdeel van Top X"}
    starts = set()
    for page in chapter.context["outcomes_approaches"]:
        heads.add(page.name)
        for section in page.sections:
            heads.add(section.title)
            heads.update(table.caption for table in section.tables)
            starts.update(table.legend[:40] for table in section.tables if table.legend)
            if section.chart_caption:
                starts.add(section.chart_caption[:40])
    faults = []
    for number, lines in enumerate(chapter.body, start=1):
        if lines and lines[-1] in heads:
            faults.append((number, lines[-1]))
        if lines and any(lines[0].startswith(start) for start in starts):
            faults.append((number, lines[0]))
    return faults


def test_no_title_is_left_at_the_foot_of_a_page_and_no_legend_or_caption_starts_one(dutch):
    assert not _layout_faults(dutch)


def test_wherever_the_page_ends_no_title_is_left_behind(dutch, tmp_path):
    """MDA++ (a chart after its head and its first section's title, tables with legends) after a gap that moves the
    foot of the page through it."""
    mda = next(page for page in dutch.context["outcomes_approaches"] if page.code == "mda")
    faults = []
    with translation.override("nl"):
        for gap in range(430, 740, 12):
            chapter = _build(tmp_path / f"mda-{gap}.pdf", dutch.context,
                             lambda gap=gap: [Spacer(1, gap), *approach(mda, FRAME_WIDTH)])
            assert mda.name in chapter.flat
            faults += [(gap, *fault) for fault in _layout_faults(chapter)]
    assert not faults


def test_a_name_with_markup_characters_is_printed_as_it_is(tmp_path):
    labels = sample_outcome_labels()
    labels["approaches"]["topx-oost"]["name"] = "Oost <b>& West</b>"
    labels["organisations"]["altrecht"]["name"] = "Altrecht <i>&amp;"
    labels["domains"]["huisvesting"] = "Wonen & <u>huis</u>"
    chapter = _chapter(tmp_path, language="nl", labels=labels)
    lines = [line for lines in chapter.body for line in lines]
    assert "Oost <b>& West</b>" in lines  # its heading
    assert "Top X Oost" not in lines
    assert "Oost <b>& West</b>, Top X West." in chapter.flat  # the parent's sentence of its parts
    assert any(line.startswith("Altrecht <i>&amp; ") for line in lines)  # a table's row heading
    marked = [sentence for sentence in _sentences(chapter.context) if "Wonen & <u>huis</u>" in sentence]
    assert marked and all(sentence in chapter.flat for sentence in marked)  # the life domains' sentences
    assert "&lt;" not in chapter.flat


def test_the_english_translation_is_used(english):
    assert english.raw[1][:2] == ["Outcomes", "Outcomes"]
    assert "Persons first discussed in 2023, followed up to the reference date" in english.flat
    assert "Only those followed for a full year after the first discussion by the reference date (" \
        in english.flat
    assert "This approach includes the persons, trajectories and interventions of its parts, each once:" \
        in english.flat
    for dutch_text in ("Resultaten", "Personen die", "Eerste bespreking", "Alleen wie op de peildatum",
                       "Deze aanpak telt", "Onderdeel van"):
        assert dutch_text not in english.flat, dutch_text


def test_each_call_makes_fresh_flowables(dutch):
    first, second = (outcomes_chapter(dutch.context, width=FRAME_WIDTH) for _ in range(2))
    assert len(first) == len(second) and not {id(flowable) for flowable in first} & {id(f) for f in second}

