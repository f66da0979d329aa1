"""The report's charts on paper (paper/charts.py): real charts drawn by ReportLab into a small PDF and read back with
poppler. Every text of a chart is text in the PDF at its place, in the report's fonts; the chart fits the width it is
given and is not blown up to it; bars stand where they stand in the SVG, in their colours; a hatched part's lines
stay inside it; a name with markup characters stays a name."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections import Counter

import pytest
from django.utils import translation
from PIL import Image
from reportlab.graphics.shapes import Drawing, Group, Path
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table

from procesregie.reporting.rendering import charts
from procesregie.reporting.rendering.outcomes.charts import Panel, domain_chart, recidivism_chart
from procesregie.reporting.rendering.paper import fonts
from procesregie.reporting.rendering.paper.charts import MAX_HEIGHT, chart_flowables
from procesregie.reporting.rendering.suppression import SECONDARY_TEXT
from tests.reporting.rendering_sample import sample_labels, sample_report

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"),
                                reason="poppler-utils (pdftoppm, pdftotext) not installed")

FLOW = {"start": 10, "inflow": 20, "transfer_in": 0, "outflow": 5, "transfer_out": 0, "end": 25}
MARGIN = 20.0  # points around the frame of the test pages
PX = 0.75  # points per CSS px


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def sample_overview() -> charts.Chart:
    """The overview chart of the sample report: its approaches as a tree, parents in bold."""
    approaches, blocks = sample_labels()["approaches"], sample_report()["approaches"]
    rows = [(label["name"], 0 if label["parent"] is None else 1, blocks[code]["flow"])
            for code, label in approaches.items()]
    return charts.overview_chart(rows)


def sample_flow() -> charts.Chart:
    """Top X West's flow beside last year's, with transfers (hatched) and a count hidden by secondary suppression."""
    current = {**sample_report()["approaches"]["topx-west"]["flow"], "outflow": SECONDARY_TEXT}
    return charts.flow_chart(current, {**FLOW, "transfer_in": 3}, year=2024)


def all_charts() -> list[charts.Chart]:
    return [
        sample_overview(),
        sample_flow(),
        charts.area_chart([("Amersfoort", {"start": 20, "end": 15}), ("Soest", {"start": "<5", "end": 9})]),
        charts.duration_chart([("< 1 jaar", 3), ("1–2 jaar", 7), ("> 4 jaar", "<5")]),
        charts.domain_progress_chart([("Huisvesting", {"n": 15, "+2": 6, "+1": 5, "0": 3, "-1": 1}),
                                      ("Financiën", {"n": 14, "+3": 1, "+1": "<5", "0": 4, "-2": 2})]),
        recidivism_chart([Panel("cohort", "Aanpak (n = 281)", 1943, 1185, [-44.1, -33.6]),
                          Panel("comparison", "Vergelijkingsgroep (n = 40)", 200, 170, [-30.2, 2.1])]),
        domain_chart([("Huisvesting", {"n": 40, "improved": 20, "same": 12, "worse": 8})]),
    ]


# --- a small PDF and what poppler reads in it ------------------------------------------------------------------

def pdf(tmp_path, flowables, *, width: float, height: float = 297 * mm, name: str = "charts.pdf"):
    """`flowables` on pages with a frame `width` points wide (no padding) at MARGIN from the top left."""
    out = io.BytesIO()
    document = BaseDocTemplate(out, pagesize=(width + 2 * MARGIN, height))
    frame = Frame(MARGIN, MARGIN, width, height - 2 * MARGIN, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, showBoundary=0)
    document.addPageTemplates([PageTemplate("page", [frame])])
    document.build(list(flowables))
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def words(path, page: int | None = None) -> list[tuple[str, float, float, float, float]]:
    """Every word as (text, x min, y min, x max, y max), y from the top of the page, from `pdftotext -bbox`."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    xhtml = subprocess.run(["pdftotext", "-bbox", *pages, str(path), "-"], check=True, capture_output=True, text=True,
                           timeout=60).stdout
    return [(html.unescape(text), float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, text in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                       xhtml)]


def plain_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout


def page_image(path, tmp_path, dpi: int) -> Image.Image:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(tmp_path / "page")], check=True, timeout=60)
    with Image.open(tmp_path / "page.png") as image:
        return image.convert("RGB")


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def drawing_of(flowables) -> Drawing:
    (flowable,) = flowables
    if isinstance(flowable, Table):  # with its caption
        flowable = flowable._cellvalues[0][0]
    assert isinstance(flowable, Drawing)
    return flowable


def chart_words(chart: charts.Chart) -> Counter:
    return Counter(word for text in chart.drawing.texts for word in text.text.split())


# --- the tests -------------------------------------------------------------------------------------------------

def test_every_text_of_every_chart_is_text_in_the_pdf(tmp_path):
    drawn = all_charts()
    for index, chart in enumerate(drawn):
        path = pdf(tmp_path, chart_flowables(chart, 180 * mm), width=180 * mm, name=f"chart-{index}.pdf")
        found = Counter(word for word, *_ in words(path))
        missing = chart_words(chart) - found
        assert not missing, (chart.alt, missing)
        assert found == chart_words(chart), chart.alt  # nothing else: the chart alone on its page
    flow = chart_words(drawn[1])
    assert flow["afgeschermd"] == 1  # the outflow hidden by secondary suppression is named
    assert {"2023", "2024", "overdracht", "Instroom", "Uitstroom"} <= set(flow)
    overview = chart_words(drawn[0])
    assert {"Levensloopaanpak", "MDA++", "Onbegrepen", "januari", "december"} <= set(overview)


def test_texts_stand_where_the_svg_puts_them(tmp_path):
    """Each one-word text at its place: x by its anchor, the baseline inside the word's box, 0.75 pt per px from the
    drawing's top left (the frame's top left), so y is flipped and nothing is shifted."""
    for chart in (sample_overview(), sample_flow(), charts.duration_chart([("< 1 jaar", 3), ("1–2 jaar", 7)])):
        path = pdf(tmp_path, chart_flowables(chart, 180 * mm), width=180 * mm)
        found = words(path)
        checked = 0
        for text in chart.drawing.texts:
            if len(text.text.split()) != 1 or text.text != text.text.strip():
                continue
            x, baseline = MARGIN + float(text.x) * PX, MARGIN + float(text.y) * PX

            def at_place(word, text=text, x=x, baseline=baseline) -> bool:
                content, x0, y0, x1, y1 = word
                where = {"start": x0, "middle": (x0 + x1) / 2, "end": x1}[text.anchor]
                return (content == text.text and abs(where - x) < 1.0 and y0 + (y1 - y0) / 2 < baseline < y1
                        and abs((y1 - y0) - text.size * PX) < 0.5)  # the size in points

            assert any(at_place(word) for word in found), (text, [w for w in found if w[0] == text.text])
            checked += 1
        assert checked >= 5


def test_bold_names_in_the_bold_font(tmp_path):
    path = pdf(tmp_path, chart_flowables(sample_overview(), 180 * mm), width=180 * mm)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True, timeout=60).stdout
    embedded = {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]}
    assert {fonts.REGULAR, fonts.BOLD} <= embedded, listing
    plain = pdf(tmp_path, chart_flowables(charts.duration_chart([("< 1 jaar", 3)]), 180 * mm), width=180 * mm,
                name="plain.pdf")
    listing = subprocess.run(["pdffonts", str(plain)], check=True, capture_output=True, text=True, timeout=60).stdout
    assert fonts.BOLD not in listing  # no bold text, no bold font


def test_a_wide_chart_is_scaled_down_to_the_width_asked():
    single = "Hoogheemraadschapsgebiedsvertegenwoordigersoverlegcommissievergadering"
    chart = charts.overview_chart([(single, 0, FLOW), ("Top X", 0, FLOW)])
    assert chart.width > charts.WIDTH  # a word too long to wrap widens the chart
    for width in (100 * mm, 60 * mm):
        drawing = drawing_of(chart_flowables(chart, width))
        assert drawing.width == pytest.approx(width)
        assert drawing.height == pytest.approx(chart.height * width / chart.width)  # in proportion


def test_a_wide_chart_keeps_every_word_inside_its_column(tmp_path):
    single = "Hoogheemraadschapsgebiedsvertegenwoordigersoverlegcommissievergadering"
    chart = charts.overview_chart([(single, 0, FLOW), ("Top X", 0, FLOW), ("Top X Oost", 1, FLOW)])
    width = 90 * mm
    path = pdf(tmp_path, chart_flowables(chart, width, "Personen in regie per aanpak"), width=width)
    found = words(path)
    assert {single, "Oost", "Personen", "aanpak"} <= {w for w, *_ in found}
    for word, x0, _, x1, _ in found:
        assert MARGIN - 0.5 <= x0 and x1 <= MARGIN + width + 0.5, (word, x0, x1)
    # the rightmost tick label lies near the right edge: the chart was made to fit, not merely cut off
    assert max(x1 for *_, x1, _ in found) > MARGIN + width * 0.9


def test_a_narrow_chart_is_not_blown_up_to_a_wide_column(tmp_path):
    chart = charts.duration_chart([("< 1 jaar", 3), ("1–2 jaar", 7)])
    width = 300 * mm  # far wider than the chart's 640 px (480 pt)
    drawing = drawing_of(chart_flowables(chart, width))
    assert drawing.width == pytest.approx(chart.width * PX) and drawing.height == pytest.approx(chart.height * PX)
    path = pdf(tmp_path, [drawing], width=width)
    found = words(path)
    assert max(x1 for *_, x1, _ in found) <= MARGIN + chart.width * PX
    ticks = {float(t.y): t for t in chart.drawing.texts if t.kind == "tick"}
    low, high = ticks[max(ticks)], ticks[min(ticks)]  # "0" at the bottom, the highest tick at the top
    (low_word,) = [w for w in found if w[0] == low.text and abs(w[3] - (MARGIN + float(low.x) * PX)) < 1]
    (high_word,) = [w for w in found if w[0] == high.text and abs(w[3] - (MARGIN + float(high.x) * PX)) < 1]
    assert low_word[4] - high_word[4] == pytest.approx((float(low.y) - float(high.y)) * PX, abs=0.1)


def test_a_tall_chart_is_no_taller_than_the_limit(tmp_path):
    rows = [(f"Aanpak {n}", n % 2, {"start": n, "end": n + 1}) for n in range(40)]
    chart = charts.overview_chart(rows)
    assert chart.height * PX > MAX_HEIGHT
    drawing = drawing_of(chart_flowables(chart, 180 * mm))
    assert drawing.height == pytest.approx(MAX_HEIGHT) and drawing.width < chart.width * PX
    path = pdf(tmp_path, chart_flowables(chart, 180 * mm, "Veel aanpakken"), width=180 * mm)  # fits an A4 page
    assert "Aanpak 39" in plain_text(path)


def test_bars_are_drawn_in_their_colours_where_the_svg_draws_them(tmp_path):
    """The centre of every bar has the bar's colour on the page (rendered at 50 dpi)."""
    chart = charts.flow_chart(FLOW, {"start": 8, "inflow": 4, "outflow": 2, "end": 10}, year=2024)
    path = pdf(tmp_path, chart_flowables(chart, 180 * mm), width=180 * mm)
    dpi = 50
    image = page_image(path, tmp_path, dpi)
    scale = dpi / 72
    checked = 0
    for bar in chart.drawing.bars:
        x, y, w, h = (float(v) for v in (bar.x, bar.y, bar.width, bar.height))
        if w * PX * scale < 6 or h * PX * scale < 6:
            continue
        centre = ((MARGIN + (x + w / 2) * PX) * scale, (MARGIN + (y + h / 2) * PX) * scale)
        pixel = image.getpixel((round(centre[0]), round(centre[1])))
        assert all(abs(a - b) <= 6 for a, b in zip(pixel, rgb(bar.fill), strict=True)), (bar, pixel)
        checked += 1
    assert checked >= 6
    # and the legend's swatches
    for swatch in chart.drawing.swatches:
        x, y = float(swatch.x) + 6, float(swatch.y) + 6
        pixel = image.getpixel((round((MARGIN + x * PX) * scale), round((MARGIN + y * PX) * scale)))
        assert all(abs(a - b) <= 6 for a, b in zip(pixel, rgb(swatch.fill), strict=True)), (swatch, pixel)


def chart_pixels(image: Image.Image) -> int:
    """Pixels in the blues of the charts, as tests/reporting/test_rendering_pdf.py counts them."""
    from PIL import ImageChops

    red, _green, blue = image.split()
    return sum(ImageChops.subtract(blue, red).histogram()[41:])


def test_the_blue_area_is_the_area_of_the_blue_bars(tmp_path):
    dpi = 50
    scale = (dpi / 72 * PX) ** 2  # page pixels per px²
    for figures in (FLOW, {**FLOW, "inflow": 40, "end": 5}):
        chart = charts.flow_chart(figures)
        path = pdf(tmp_path, chart_flowables(chart, 180 * mm), width=180 * mm)
        blue = {charts.INFLOW, charts.END}  # blue minus red over 40; START (grey) and OUTFLOW (orange) are not
        expected = sum(float(b.width) * float(b.height) for b in chart.drawing.bars if b.fill in blue) * scale
        assert chart_pixels(page_image(path, tmp_path, dpi)) == pytest.approx(expected, rel=0.1)


@pytest.mark.parametrize("name", ['<b>&"', "Bunnik & Co <i>", "</para><br/>&amp;"])
def test_names_with_markup_characters_come_out_literally(tmp_path, name):
    drawn = [charts.overview_chart([(name, 0, FLOW)]), charts.area_chart([(name, {"start": 3, "end": 4})]),
             charts.duration_chart([(name, 3)])]
    flowables = [f for chart in drawn for f in chart_flowables(chart, 180 * mm, f"Bijschrift {name}")]
    text = plain_text(pdf(tmp_path, flowables, width=180 * mm))
    assert text.count(name) == len(drawn) * 2  # in each chart and in each caption


def test_the_caption_stands_under_the_chart_kept_with_it(tmp_path):
    chart = sample_flow()
    flowables = chart_flowables(chart, 180 * mm, "Stroom van Top X West")
    (block,) = flowables
    (drawing,), (caption,) = block._cellvalues
    assert isinstance(drawing, Drawing) and isinstance(caption, Paragraph)
    found = words(pdf(tmp_path, flowables, width=180 * mm))
    lowest_chart_word = max(y1 for word, _, _, _, y1 in found if word in chart_words(chart))
    (first,) = [w for w in found if w[0] == "Stroom"]
    assert first[2] > lowest_chart_word and first[1] == pytest.approx(MARGIN, abs=0.5)  # under it, at the left
    assert drawing_of(chart_flowables(chart, 180 * mm)) is not None  # without a caption: the drawing alone


def _hatch_paths(drawing: Drawing) -> list[Path]:
    (group,) = drawing.contents
    assert isinstance(group, Group)
    return [shape for shape in group.contents if isinstance(shape, Path) and shape.strokeWidth == 1.3]


def _segments(path: Path) -> list[tuple[float, float, float, float]]:
    points = path.points
    assert path.operators == [0, 1] * (len(points) // 4)  # moveTo, lineTo: separate straight lines
    return [tuple(points[i:i + 4]) for i in range(0, len(points), 4)]


def test_a_hatched_part_draws_its_lines_inside_its_rect():
    chart = charts.flow_chart({**FLOW, "transfer_in": 10})
    (transfer,) = [bar for bar in chart.drawing.bars if bar.key == "transfer_in"]
    assert transfer.fill.startswith("url(#hatch-")
    x, y, w, h = (float(v) for v in (transfer.x, transfer.y, transfer.width, transfer.height))
    drawing = drawing_of(chart_flowables(chart, 180 * mm))
    paths = _hatch_paths(drawing)
    assert len(paths) == 2  # the bar's and the legend swatch's
    bar_path = paths[0]
    assert bar_path.strokeColor.hexval() == "0x" + charts.INFLOW.lstrip("#")
    segments = _segments(bar_path)
    top = chart.height  # ReportLab's y = height - the SVG's y
    for x1, y1, x2, y2 in segments:
        for px, py in ((x1, top - y1), (x2, top - y2)):
            assert x - 1e-6 <= px <= x + w + 1e-6 and y - 1e-6 <= py <= y + h + 1e-6, (px, py, (x, y, w, h))
        assert (x1 + top - y1) == pytest.approx(x2 + top - y2)  # on one diagonal x + y = c, as the pattern
        assert round(x1 + top - y1, 6) % 6 == pytest.approx(0, abs=1e-6)  # on the pattern's lines, 6 px apart
        assert (x2 - x1) > 0 and (y2 - y1) > 0  # rising to the right on paper: "/"
    # as many lines as the diagonals 6 px apart cross the rect
    assert abs(len(segments) - (w + h) / 6) <= 1.5
    (swatch,) = [s for s in chart.drawing.swatches if s.fill.startswith("url(#hatch-")]  # the legend's
    sx, sy = float(swatch.x), float(swatch.y)
    for x1, y1, x2, y2 in _segments(paths[1]):
        for px, py in ((x1, top - y1), (x2, top - y2)):
            assert sx - 1e-6 <= px <= sx + 12 + 1e-6 and sy - 1e-6 <= py <= sy + 12 + 1e-6


def test_a_hatched_part_on_the_page_is_lines_on_white_and_nothing_outside(tmp_path):
    chart = charts.flow_chart({**FLOW, "transfer_in": 10})
    (transfer,) = [bar for bar in chart.drawing.bars if bar.key == "transfer_in"]
    x, y, w, h = (float(v) for v in (transfer.x, transfer.y, transfer.width, transfer.height))
    dpi = 200
    scale = dpi / 72
    image = page_image(pdf(tmp_path, chart_flowables(chart, 180 * mm), width=180 * mm), tmp_path, dpi)

    def box(left, top, right, bottom):  # in px of the chart, to pixels of the page
        return tuple(round((MARGIN + v * PX) * scale) for v in (left, top, right, bottom))

    inside = image.crop(box(x + 2, y + 2, x + w - 2, y + h - 2))  # within the outline
    colours = Counter(inside.get_flattened_data())
    total = sum(colours.values())
    white = sum(n for c, n in colours.items() if min(c) >= 245)
    blue = sum(n for c, n in colours.items() if c[2] - c[0] > 80)
    assert white > total * 0.3 and blue > total * 0.15, colours.most_common(5)  # lines on white, not a solid fill
    # beside the bar (the plot's white between the bars) no blue: the lines stop at the outline
    for left, right in ((x - 20, x - 3), (x + w + 3, x + w + 20)):
        beside = image.crop(box(left, y, right, y + h))
        assert not [c for c in beside.get_flattened_data() if c[2] - c[0] > 40]


def test_a_chart_and_its_caption_move_to_the_next_page_together_also_inside_a_breaking_column(tmp_path):
    """Where the chart fits the rest of a page but its caption does not, both go on to the next page: on their own
    and in a column of two that breaks over the page (a band of the annual report)."""
    chart = sample_flow()
    figure = chart_flowables(chart, 120 * mm, "Bijschrift onder de grafiek")
    drawing = drawing_of(chart_flowables(chart, 120 * mm))
    room = 297 * mm - 2 * MARGIN - drawing.height - 2  # the chart fits, its caption does not
    column = Table([[[Spacer(0, room), *chart_flowables(chart, 120 * mm, "Bijschrift onder de grafiek")],
                     [Spacer(0, 10)]]], colWidths=[130 * mm, 40 * mm], splitInRow=1)
    for name, story in (("alone.pdf", [Spacer(0, room), *figure]), ("column.pdf", [column])):
        path = pdf(tmp_path, story, width=180 * mm, name=name)
        first, second = ({word for word, *_ in words(path, page)} for page in (1, 2))
        assert "Bijschrift" in second and "Bijschrift" not in first, name
        assert chart_words(chart).keys() <= second and not chart_words(chart).keys() & first, name
