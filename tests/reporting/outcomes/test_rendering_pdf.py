"""The outcomes report as PDF (WeasyPrint, like the annual report): an introduction page with the window, the
peildatum and the definitions; each top-level approach from a new page; charts drawn; every figure and sentence in
print; no table or word running off the page, however long the names. And the annual PDF with its chapter."""

from __future__ import annotations

import copy
import shutil
import subprocess

import pytest
from django.utils import translation

from procesregie.reporting.rendering import render_pdf
from procesregie.reporting.rendering.outcomes import render_outcomes_pdf
from tests.reporting.rendering_sample import sample_report
from tests.reporting.test_rendering_pdf import SIDE_MARGIN, _lines, _text, _words, chart_pixels
from tests.reporting.test_rendering_pdf import _flat as _flat_text

from .rendering_sample import sample_outcome_labels, sample_outcomes

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                                reason="poppler-utils (pdftoppm, pdftotext) not installed")

def _flat(pdf_file, page=None) -> str:
    return _flat_text(pdf_file, page).replace("\u00a0", " ")


TOP_LEVEL = ("Levensloopaanpak", "MDA++", "Top X", "Top X Onbegrepen gedrag met gevaarsrisico")


def _write(tmp_path_factory, name: str, data: bytes):
    assert data.startswith(b"%PDF-")
    path = tmp_path_factory.mktemp("outcomes") / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory):
    with translation.override("nl"):
        data = render_outcomes_pdf(sample_outcomes(), labels=sample_outcome_labels(), suppress_below=5)
    return _write(tmp_path_factory, "resultaten.pdf", data)


@pytest.fixture(scope="module")
def pages(pdf_file):
    """The pages as images (50 dpi), in order."""
    prefix = pdf_file.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf_file), str(prefix)], check=True, timeout=120)
    return sorted(pdf_file.parent.glob(f"{prefix.name}-*.png"))


def test_the_first_page_introduces_the_window_the_peildatum_and_the_definitions(pdf_file, pages):
    first = _flat(pdf_file, 1)
    for text in ("Resultaten", "Personen die in 2023 voor het eerst zijn besproken, gevolgd tot de peildatum 1 januari "
                 "2025.", "Wat de cijfers betekenen", "Eerste bespreking", "Jaar ervoor en jaar erna", "Wie meetelt",
                 "Vergelijkingsgroep", "95%-interval", "Zodat niemand herkenbaar is"):
        assert text in first, text
    assert "Recidive: politieregistraties voor en na" not in first  # the figures start on the next page


def test_each_top_level_approach_starts_a_page_and_the_contents_point_to_it(pdf_file, pages):
    starts = {}
    for number in range(2, len(pages) + 1):
        lines = _lines(pdf_file, number)
        assert lines[-1].endswith(f"{number} / {len(pages)}"), lines[-1]
        for name in TOP_LEVEL:
            if name in lines[1:3] and name not in starts:
                starts[name] = number
    assert len(set(starts.values())) == len(TOP_LEVEL), starts
    contents = _text(pdf_file, 1) + _text(pdf_file, 2)
    for name, page in starts.items():
        assert any(line.strip().startswith(name) and line.strip().endswith(str(page))
                   for line in contents.splitlines()), name


def test_every_figure_and_sentence_is_in_print(pdf_file):
    text = _flat(pdf_file)
    for figure in ("Bij de 281 personen die in 2023 voor het eerst zijn besproken, daalde het aantal "
                   "politieregistraties van 1.943 in het jaar ervoor naar 1.185 in het jaar erna (−39,0 %).",
                   "Er is geen vergelijkingsgroep", "regressie naar het gemiddelde", "−44,1 % tot −33,6 %",
                   "Reclassering Nederland", "Politieregistraties naar soort", "Te laat", "Huisvesting",
                   "„<5”: minder dan 5 (kan ook 0 zijn)"):
        assert figure in text, figure
    assert text.count("Recidive: de cijfers") == 5


def test_charts_are_drawn(pdf_file, pages):
    counts = [chart_pixels(page) for page in pages]
    assert counts[0] == 0  # the introduction has no chart
    assert sum(count > 0 for count in counts) >= 4, counts


def test_no_word_runs_off_the_page(pdf_file):
    for page, width, x_min, x_max, text in _words(pdf_file):
        assert SIDE_MARGIN - 1 <= x_min and x_max <= width - SIDE_MARGIN + 1, (page, text, x_min, x_max)


def _crowded():
    """Many organisations and domains with long names and large numbers: every table must stay within the page
    and run on to the next page rather than be cut off."""
    document, labels = sample_outcomes(), sample_outcome_labels()
    block = document["approaches"]["mda"]
    labels["organisations"].update({f"org-{n}": {"name": f"Jeugdbeschermingsorganisatiesamenwerkingsverband{n}",
                                                 "kind": "zorg"} for n in range(40)})
    block["follow_through"] = {f"org-{n}": {"agreed": 123456, "running": 23456, "done": 345678, "cancelled": 4567,
                                            "overdue": 99999} for n in range(40)}
    labels["domains"].update({f"d{n}": f"Maatschappelijkeparticipatieendagbesteding{n}" for n in range(12)})
    block["domain_progress"] = {f"d{n}": {"n": 30000, "improved": 10000, "same": 15000, "worse": 5000,
                                          "improved_pct": 33.3, "wilson95": [32.8, 33.8]} for n in range(12)}
    labels["approaches"]["mda"]["name"] = "Multidisciplinaireaanpakhuiselijkgeweldenkindermishandeling++"
    return document, labels


@pytest.fixture(scope="module")
def crowded_pdf(tmp_path_factory):
    document, labels = _crowded()
    with translation.override("nl"):
        return _write(tmp_path_factory, "druk.pdf", render_outcomes_pdf(copy.deepcopy(document), labels=labels))


def test_crowded_tables_stay_within_the_page_and_run_on(crowded_pdf):
    for page, width, x_min, x_max, text in _words(crowded_pdf):
        assert SIDE_MARGIN - 1 <= x_min and x_max <= width - SIDE_MARGIN + 1, (page, text, x_min, x_max)
    text = _flat(crowded_pdf).replace("\u2010 ", "").replace(" ", "")  # a long name may wrap in its cell
    for n in range(40):
        assert f"Jeugdbeschermingsorganisatiesamenwerkingsverband{n}" in text, n
    for n in range(12):
        assert f"Maatschappelijkeparticipatieendagbesteding{n}" in text, n
    assert "123.456" in text and "345.678" in text and "99.999" in text


def test_the_annual_pdf_has_the_chapter_with_its_own_page(tmp_path_factory):
    with translation.override("nl"):
        data = render_pdf(sample_report(), labels=sample_outcome_labels(), outcomes=sample_outcomes(),
                          suppress_below=5)
    pdf = _write(tmp_path_factory, "jaarverslag.pdf", data)
    contents = _text(pdf, 2)
    entry = [line for line in contents.splitlines() if line.strip().startswith("Resultaten")]
    assert entry, contents
    page = int(entry[0].split()[-1])
    assert "Resultaten" in _lines(pdf, page)[1:3]
    chapter = _flat(pdf)
    assert "daalde het aantal politieregistraties van 1.943 in het jaar ervoor naar 1.185" in chapter
    for _page, width, x_min, x_max, text in _words(pdf):
        assert SIDE_MARGIN - 1 <= x_min and x_max <= width - SIDE_MARGIN + 1, (text, x_min, x_max)
