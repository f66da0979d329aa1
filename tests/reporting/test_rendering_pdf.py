"""The annual report as PDF (laid out by ReportLab, decision 0025): A4 pages that read like a printed annual report
(the summary on page 1, one section per approach, short tables side by side), every figure in print, no table running
off the page, charts drawn."""

from __future__ import annotations

import copy
import gc
import re
import shutil
import subprocess
import threading
import weakref

import pytest
from PIL import Image, ImageChops

from procesregie.reporting.rendering import render_pdf
from procesregie.reporting.rendering.pdf import cyclic_gc_paused
from tests.reporting.rendering_sample import sample_comparison, sample_labels, sample_report

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                                reason="poppler-utils (pdftoppm, pdftotext) not installed")

MM = 72 / 25.4  # PDF points per millimetre
SIDE_MARGIN = 15 * MM  # report-print.css: @page margin
SAMPLE_PAGES = 13  # the sample's six approaches (23 before the report was laid out densely; 10 before version 2
# added signals and escalations to every approach; 11 before a legend stood under each table with hidden counts; 12
# laid out by WeasyPrint, 13 by ReportLab, whose Top X West with its flow band just misses the room under Top X Oost)
TOP_LEVEL = ("Levensloopaanpak", "MDA++", "Top X", "Top X Onbegrepen gedrag met gevaarsrisico")
SUB_APPROACHES = ("Top X Oost", "Top X West")


def _write(tmp_path_factory, name, data):
    assert data.startswith(b"%PDF-")
    path = tmp_path_factory.mktemp("pdf") / name
    path.write_bytes(data)
    return path


STAGES: list[str] = []  # the stages render_pdf reports


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory):
    data = render_pdf(sample_report(), labels=sample_labels(), comparison=sample_comparison(), suppress_below=5,
                      stage=STAGES.append)
    return _write(tmp_path_factory, "jaarverslag.pdf", data)


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


def _flat(pdf_file, page=None) -> str:
    """The text (of a page) in reading order, not laid out in columns, with single spaces."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(["pdftotext", *pages, str(pdf_file), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return " ".join(text.split())


def _lines(pdf_file, page) -> list[str]:
    return [line.strip() for line in _text(pdf_file, page).splitlines() if line.strip()]


def _words(pdf_file) -> list[tuple[int, float, float, float, str]]:
    """Every word as (page, page width, x min, x max, text), from `pdftotext -bbox`."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf_file), "-"], check=True, capture_output=True, text=True,
                           timeout=60).stdout
    words = []
    for number, page in enumerate(xhtml.split("<page ")[1:], start=1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        for x_min, x_max, text in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                                             r'yMax="[\d.]+">([^<]*)</word>', page):
            words.append((number, width, float(x_min), float(x_max), text))
    return words


def chart_pixels(path) -> int:
    """Pixels in the blues of the charts (bars of inflow, of 31 December, of progress); text, rules and the
    tables' bands are grey or black, the title's bar is red."""
    with Image.open(path) as image:
        red, _green, blue = image.convert("RGB").split()
    return sum(ImageChops.subtract(blue, red).histogram()[41:])


def test_a4_pages_with_the_title_and_the_summary_on_the_first(pdf_file, pages):
    with Image.open(pages[0]) as first:
        width, height = first.size
    assert abs(width / height - 210 / 297) < 0.01  # A4 portrait
    first = _flat(pdf_file, 1)
    for text in ("Jaarverslag 2024", "Samenvatting", "Op 1 januari 2024 had het huis 57 personen in regie",
                 "Kerncijfers 2024 per aanpak en voor het hele huis", "Totaal personen", "Totaal systemen"):
        assert text in first, text
    second = _lines(pdf_file, 2)
    assert "Inhoud" in second and "Overzicht en totalen" in second


def test_the_contents_give_the_page_of_each_approach(pdf_file, pages):
    contents = _text(pdf_file, 2)
    for name in TOP_LEVEL + SUB_APPROACHES:
        found = re.search(rf"^\s*{re.escape(name)}\s*\.+\s*(\d+)\s*$", contents, re.MULTILINE)
        assert found, name
        assert name in _lines(pdf_file, int(found.group(1))), name


def test_every_approach_has_its_section_with_its_figures(pdf_file):
    text = _text(pdf_file)
    for heading in ("Inhoud", "Overzicht en totalen", "Uitstroom naar reden van afsluiten", "Instroom naar melder",
                    "Looptijd van afgesloten trajecten", "Casusoverleg", "Afgesproken interventies", "Per district",
                    "Per gemeente", "Voortgang op de leefgebieden", "Toelichting op de cijfers"):
        assert heading in text, heading
    assert text.count("Totaal in regie (caseload)") == 6  # one flow table per approach
    assert text.count("Besprekingen met een ervaringsdeskundige") == 6
    # version 2: signals and escalations in every approach, with last year's number (the comparison)
    assert text.count("Meldingen en adviesgesprekken") >= 6 and text.count("Escalaties") >= 6
    assert text.count("Totaal in 2023") == 6 and text.count("Geëscaleerd in 2023") == 6
    assert text.count("Leidden tot een aanmelding") == 4 + 1  # the approaches with signals in 2024, the definitions
    assert "Geen meldingen of adviesgesprekken in 2024." in text and "Geen escalaties in 2024." in text
    assert "Afgehandeld naar uitkomst: afspraak gemaakt" in _flat(pdf_file)
    assert "346" in text and "Amersfoort" in text and "0–6 mnd" in text and "Veilig Thuis Utrecht" in text
    assert "<5" in text


def test_top_level_approaches_start_a_page_and_small_sub_approaches_follow_on(pdf_file, pages):
    starts, shares = {}, {}
    for number in range(1, len(pages) + 1):
        lines = _lines(pdf_file, number)
        assert any(line.endswith(f"{number} / {len(pages)}") for line in lines), number
        for name in TOP_LEVEL:
            if name in lines[1:3] and name not in starts:  # under the running header
                starts[name] = number
        for name in SUB_APPROACHES:
            if name in lines[3:]:
                shares[name] = "Onderdeel van Top X" not in lines[1:3]  # something above it on its page
    assert len(set(starts.values())) == len(TOP_LEVEL), starts
    # Top X Oost follows on under Top X; Top X West, whose head and flow band move on together, starts the next page
    assert shares == {"Top X Oost": True}, shares


def test_the_sample_fits_in_few_pages(pages):
    assert len(pages) <= SAMPLE_PAGES


def test_charts_are_drawn(pages):
    counts = [chart_pixels(page) for page in pages]
    with Image.open(pages[0]) as first:
        area = first.size[0] * first.size[1]
    assert counts[0] > 0  # the summary's chart
    # every page of an approach with cases shows its charts; a page is substantially covered on some
    assert sum(count > area * 0.002 for count in counts) >= 5, counts
    assert max(counts) > area * 0.005, counts


def test_no_word_runs_off_the_page(pdf_file):
    for page, width, x_min, x_max, text in _words(pdf_file):
        assert SIDE_MARGIN - 1 <= x_min and x_max <= width - SIDE_MARGIN + 1, (page, text, x_min, x_max)


def _crowded_report():
    """Long names without a place to break, many municipalities and reporters, and large numbers: every table
    must still fit the page width, and the long ones must run on to the next page rather than be cut off."""
    report, labels = copy.deepcopy(sample_report()), copy.deepcopy(sample_labels())
    block = report["approaches"]["mda"]
    block["flow"] = {key: 123456 for key in block["flow"]}
    municipalities = {f"GM9{n:03d}": {"name": f"Noordoostpolderwaterschapsgemeente{n}",
                                      "district": "Kromme-Rijn-Heuvelrugdistrict"} for n in range(45)}
    labels["municipalities"].update(municipalities)
    block["by_municipality"] = {code: {"start": 1000 + n, "end": 99999, "plus": 12345, "minus": 54321}
                                for n, code in enumerate(municipalities)}
    labels["organisations"].update({f"org-{n}": {"name": f"Jeugdbeschermingsorganisatiesamenwerkingsverband{n}",
                                                 "kind": "jeugdbescherming"} for n in range(40)})
    block["inflow_by_reporter"] = {f"org-{n}": 1000 + n for n in range(40)}
    labels["approaches"]["mda"]["name"] = "Multidisciplinaireaanpakhuiselijkgeweldenkindermishandeling++"
    return report, labels


@pytest.fixture(scope="module")
def crowded_pdf(tmp_path_factory):
    report, labels = _crowded_report()
    return _write(tmp_path_factory, "druk.pdf", render_pdf(report, labels=labels, comparison=sample_comparison()))


def test_crowded_tables_stay_within_the_page_and_run_on(crowded_pdf):
    for page, width, x_min, x_max, text in _words(crowded_pdf):
        assert SIDE_MARGIN - 1 <= x_min and x_max <= width - SIDE_MARGIN + 1, (page, text, x_min, x_max)
    text = _flat(crowded_pdf).replace("\u2010 ", "").replace(" ", "")  # a long name may wrap (hyphenated) in its cell
    for n in range(45):
        assert f"Noordoostpolderwaterschapsgemeente{n}" in text, n
    for n in range(40):
        assert f"Jeugdbeschermingsorganisatiesamenwerkingsverband{n}" in text, n
    assert "123456" in text and "99999" in text


def test_the_build_reports_its_stages(pdf_file):
    assert STAGES == ["layout", "writing"]  # the first pass lays out, the second (the contents' pages known) is kept


# WeasyPrint (the outcomes report, the case summary, the inzage document) renders with the cyclic collector paused.

def test_what_the_rendering_leaves_in_cycles_is_collected_when_it_is_done():
    class Box:
        pass

    gc.collect()  # so that too few objects are new for the collector to start on its own afterwards
    with cyclic_gc_paused():
        box = Box()
        box.parent = box  # a cycle: reference counting alone never frees it
        left = weakref.ref(box)
        del box
        assert left() is not None
    assert left() is None


def test_the_collector_comes_back_after_a_failure_and_after_the_last_of_several_renderings():
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("WeasyPrint failed")
    assert gc.isenabled()

    first_inside, second_done = threading.Event(), threading.Event()

    def second():
        first_inside.wait(5)
        with cyclic_gc_paused():
            pass
        second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    with cyclic_gc_paused():
        first_inside.set()
        second_done.wait(5)
        assert not gc.isenabled()  # the second rendering finished first: the first still runs without it
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_names_and_codes_from_the_database_are_text_and_the_contents_still_point(tmp_path_factory):
    """An approach's name with markup characters prints as it is; a code with spaces, slashes and brackets (it names
    the chapter's bookmark and link) leaves the PDF whole and the contents right."""
    report, labels, comparison = copy.deepcopy(sample_report()), copy.deepcopy(sample_labels()), sample_comparison()
    code, name = "mda ++/(2) <x>", "MDA++ <b>Oost</b> & West"
    report["approaches"][code] = report["approaches"].pop("mda")
    labels["approaches"][code] = {**labels["approaches"].pop("mda"), "name": name}
    comparison = {(code if key == "mda" else key): value for key, value in comparison.items()}
    path = _write(tmp_path_factory, "namen.pdf", render_pdf(report, labels=labels, comparison=comparison))
    contents = _text(path, 2)
    found = re.search(rf"^\s*{re.escape(name)}\s*\.+\s*(\d+)\s*$", contents, re.MULTILINE)
    assert found, contents
    assert _lines(path, int(found.group(1))).count(name) == 2  # the running header and the heading
    assert f"{name} systemen" in _flat(path, 2)  # a row of the overview's table
    subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, timeout=60)  # a whole, readable PDF
