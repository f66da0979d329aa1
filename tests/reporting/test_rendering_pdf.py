"""The annual report as PDF: a real, multi-page A4 document with its charts drawn."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image, ImageChops

from procesregie.reporting.rendering import render_pdf
from tests.reporting.rendering_sample import sample_comparison, sample_labels, sample_report

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                                reason="poppler-utils (pdftoppm, pdftotext) not installed")


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory):
    data = render_pdf(sample_report(), labels=sample_labels(), comparison=sample_comparison(), suppress_below=5)
    assert data.startswith(b"%PDF-")
    path = tmp_path_factory.mktemp("pdf") / "jaarverslag.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def pages(pdf_file):
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf_file), str(pdf_file.parent / "page")], check=True,
                   timeout=120)
    return sorted(pdf_file.parent.glob("page-*.png"))


def _text(pdf_file, page=None) -> str:
    command = ["pdftotext", "-layout"]
    if page:
        command += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*command, str(pdf_file), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout


def chart_pixels(path) -> int:
    """Pixels in the blue of the charts (inflow bars, positive progress); text and rules are grey or black."""
    with Image.open(path) as image:
        red, _green, blue = image.convert("RGB").split()
    return sum(ImageChops.subtract(blue, red).histogram()[61:])


def test_a4_pages_with_a_title_page(pdf_file, pages):
    assert len(pages) >= 2
    with Image.open(pages[0]) as first:
        width, height = first.size
    assert abs(width / height - 210 / 297) < 0.01  # A4 portrait
    title = _text(pdf_file, page=1)
    assert "Jaarverslag 2024" in title
    assert "1 /" not in title  # no page number on the title page


def test_every_approach_and_its_figures_are_in_the_text(pdf_file):
    text = _text(pdf_file)
    for heading in ("Inhoud", "Overzicht en totalen", "Top X Oost", "Top X West", "MDA++", "Levensloopaanpak",
                    "Top X Onbegrepen gedrag met gevaarsrisico", "Uitstroom naar reden van afsluiten",
                    "Looptijd van afgesloten trajecten", "Voortgang op de leefgebieden", "Toelichting op de cijfers"):
        assert heading in text, heading
    assert "346" in text and "Amersfoort" in text and "0–6 mnd" in text
    assert "<5" in text


def test_each_approach_starts_on_a_new_page_with_page_numbers(pdf_file, pages):
    starts = {}
    for number in range(1, len(pages) + 1):
        lines = [line.strip() for line in _text(pdf_file, page=number).splitlines() if line.strip()]
        assert number == 1 or any(line.endswith(f"{number} / {len(pages)}") for line in lines), number
        for name in ("Top X Oost", "Top X West", "MDA++", "Levensloopaanpak"):
            # the heading sits under the running header (and, for a child, under "Onderdeel van …")
            if name in lines[1:4] and name not in starts:
                starts[name] = number
    assert len(set(starts.values())) == 4, starts


def test_charts_are_drawn(pages):
    counts = [chart_pixels(page) for page in pages]
    with Image.open(pages[0]) as first:
        area = first.size[0] * first.size[1]
    # at least one page is substantially covered by chart bars; the title page has none
    assert max(counts) > area * 0.01, counts
    assert counts[0] == 0
