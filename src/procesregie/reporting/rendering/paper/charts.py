"""A chart of the report on paper: the shapes `rendering/charts.py` laid out (`Chart.drawing`, an `svg_drawing.Drawing`)
drawn as a ReportLab vector drawing, the same picture the web page's SVG shows, without parsing that SVG.

Positions arrive as CSS px with y pointing down; here 96 px make an inch (px → pt ×0.75) and y is flipped (ReportLab's
y points up). A chart wider than its column is scaled down to fit, never up; as in report-print.css it is never
taller than `MAX_HEIGHT` either. The order is the SVG's: white background, grid lines, bars, axis lines, legend
swatches, text. Text stays text (selectable, in the report's DejaVu Sans), baseline and anchor as in the SVG; it is
drawn as a string, never read as markup, so a name from the database stays a name. A hatched fill (`url(#hatch-…)`,
the transfers between approaches) is the SVG pattern's picture: white, with diagonal lines 6 px apart in its colour,
each line cut to the rectangle here (no clipping path).
"""

from __future__ import annotations

import functools
import math

from reportlab.graphics.shapes import Drawing, Group, Path, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from ..charts import Chart
from ..svg_drawing import Drawing as Shapes
from ..svg_drawing import Line as ShapeLine
from ..svg_drawing import Rect as ShapeRect
from . import fonts
from .styles import CHART_CAPTION, paragraph

PX = 0.75  # points per CSS px (96 px per inch)
MAX_HEIGHT = 200 * mm  # report-print.css: .procesregie-report__chart-image { max-block-size: 200mm }
HATCH_SPACING = 6  # px: the pattern's tile; its lines run along x + y = 6k
HATCH_WIDTH = 1.3  # px
WHITE = colors.white


@functools.lru_cache(maxsize=256)
def _colour(value: str) -> colors.Color:
    """A fill or stroke of the SVG as a ReportLab colour (cached: a chart repeats a handful of colours)."""
    return colors.HexColor(value) if value.startswith("#") else colors.toColor(value)


def _hatch_colour(fill: str, hatches: dict[str, str]) -> str | None:
    """The colour of the lines of a hatched fill `url(#hatch-xxxxxx)`; None for a plain fill."""
    if not fill.startswith("url(#"):
        return None
    pattern = fill[5:].rstrip(")")
    return hatches.get(pattern) or "#" + pattern.removeprefix("hatch-")


def _hatch_lines(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float, float, float]]:
    """The pattern's lines (x + y = 6k, in the SVG's coordinates: the pattern's tiles start at the origin) cut to the
    rectangle from (x0, y0) to (x1, y1): (xa, ya, xb, yb) each, ends on the rectangle's edges."""
    segments = []
    first = math.floor((x0 + y0) / HATCH_SPACING) + 1
    last = math.ceil((x1 + y1) / HATCH_SPACING) - 1
    for k in range(first, last + 1):
        c = k * HATCH_SPACING
        xa, xb = max(x0, c - y1), min(x1, c - y0)
        if xb > xa:
            segments.append((xa, c - xa, xb, c - xb))
    return segments


def _path(stroke: str, width: float) -> Path:
    """An empty stroked path: many straight lines in one colour drawn as one shape (a shape costs more than a line)."""
    return Path(fillColor=None, strokeColor=_colour(stroke), strokeWidth=width, strokeLineCap=0)


def _lines(lines: list[ShapeLine], top: float, into: list) -> None:
    """Grid or axis lines, 1 px wide; a run of lines in the same colour as one path (the same picture: they are
    opaque and alike, so which of them lies on top does not show)."""
    path, stroke = None, ""
    for line in lines:
        if path is None or line.stroke != stroke:
            stroke = line.stroke
            path = _path(stroke, 1)
            into.append(path)
        path.moveTo(float(line.x1), top - float(line.y1))
        path.lineTo(float(line.x2), top - float(line.y2))


def _rect(rect: ShapeRect, top: float, hatches: dict[str, str], into: list) -> None:
    """A bar or a legend swatch: its fill (plain, or white with the hatch's lines), then its outline."""
    x, y, width, height = float(rect.x), float(rect.y), float(rect.width), float(rect.height)
    lines = _hatch_colour(rect.fill, hatches)
    stroke = _colour(rect.stroke) if rect.stroke else None
    if lines is None:
        into.append(Rect(x, top - y - height, width, height, fillColor=_colour(rect.fill), strokeColor=stroke,
                         strokeWidth=1))
        return
    into.append(Rect(x, top - y - height, width, height, fillColor=WHITE, strokeColor=None, strokeWidth=0))
    path = _path(lines, HATCH_WIDTH)
    for xa, ya, xb, yb in _hatch_lines(x, y, x + width, y + height):
        path.moveTo(xa, top - ya)
        path.lineTo(xb, top - yb)
    into.append(path)
    if stroke is not None:
        into.append(Rect(x, top - y - height, width, height, fillColor=None, strokeColor=stroke, strokeWidth=1))


def _shapes(shapes: Shapes, width: float, height: float) -> list:
    """The chart's shapes in px, y flipped (ReportLab's y goes up from the bottom, `height` px below the SVG's top)."""
    drawn: list = [Rect(0, 0, width, height, fillColor=WHITE, strokeColor=None, strokeWidth=0)]
    _lines(shapes.grid, height, drawn)
    for rect in shapes.bars:
        _rect(rect, height, shapes.hatches, drawn)
    _lines(shapes.axes, height, drawn)
    for rect in shapes.swatches:
        _rect(rect, height, shapes.hatches, drawn)
    for text in shapes.texts:
        drawn.append(String(float(text.x), height - float(text.y), text.text,
                            fontName=fonts.BOLD if text.bold else fonts.REGULAR, fontSize=text.size,
                            fillColor=_colour(text.fill), textAnchor=text.anchor))
    return drawn


def chart_drawing(chart: Chart, width: float, *, max_height: float = MAX_HEIGHT) -> Drawing:
    """The chart as a ReportLab drawing (a flowable) no wider than `width` and no taller than `max_height` points:
    0.75 pt per px, less where it would not fit, never more."""
    factor = min(PX, width / chart.width if chart.width else PX, max_height / chart.height if chart.height else PX)
    group = Group(*_shapes(chart.drawing, chart.width, chart.height), transform=(factor, 0, 0, factor, 0, 0))
    return Drawing(chart.width * factor, chart.height * factor, group)


def chart_flowables(chart: Chart, width: float, caption: str = "", *,
                    max_height: float = MAX_HEIGHT) -> list[Flowable]:
    """The chart `width` points wide at most (see `chart_drawing`), with `caption` (plain text) under it, kept
    together on one page."""
    drawing = chart_drawing(chart, width, max_height=max_height)
    if not caption:
        return [drawing]
    # One unbreakable block. A table rather than KeepTogether: inside a column (a cell of a band that breaks over
    # pages) ReportLab cannot split a KeepTogether.
    return [Table([[drawing], [paragraph(caption, CHART_CAPTION)]], colWidths=[drawing.width], hAlign="LEFT",
                  style=TableStyle([("NOSPLIT", (0, 0), (-1, -1)), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))]


__all__ = ["MAX_HEIGHT", "chart_drawing", "chart_flowables"]
