"""A small server-side SVG chart of the levels per life domain over time (no plotting library, no script).

One panel per life domain (small multiples), all on the same time axis and the same scale 1–5, so a change on
one domain never hides behind another's line. Lines and points are drawn in one colour: the panels carry the
domain's name, so nothing depends on telling colours apart. Presentation is set with SVG attributes, never
with `style`, so the image obeys the same Content-Security-Policy as the page.

Each point can have its own marker shape (`Point.marker`: circle, square or diamond; the measurements use one
per kind of measurement), explained by the legend above the panels; lines of notes under the panels say more
(who scored). Shapes, not colours, tell the markers apart.

The page embeds the image as `data:image/svg+xml;base64,...` with `Chart.alt` as its text alternative, and
keeps the table of values next to it.
"""

import base64
import datetime
import functools
import math
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

LEVELS = (1, 2, 3, 4, 5)
COLUMNS = 3
PANEL_WIDTH, PANEL_HEIGHT = 240, 132
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 30, 14, 30, 26  # inside a panel, around the plotting area
MARGIN = 8
INK, GRID, MUTED = "#1a1a1a", "#d9d9d9", "#595959"  # contrast ≥ 4.5:1 on white for text
FONT = "sans-serif"
MARKERS = ("circle", "square", "diamond")
LEGEND_HEIGHT = 28  # above the panels, when there is a legend
NOTE_LINE_HEIGHT = 18  # under the panels, per line of notes


@dataclass(frozen=True)
class Point:
    date: datetime.date
    level: int
    marker: str = "circle"  # one of MARKERS


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str
    width: int
    height: int

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


_NEEDS_QUOTING = re.compile("[&<>\"'\n\r\t]")


def _quoted(value: str) -> str:
    """`quoteattr(value)`, without its work for the plain values (numbers, colours) that are nearly all of them."""
    return quoteattr(value) if _NEEDS_QUOTING.search(value) else f'"{value}"'


@functools.cache
def _attribute_name(keyword: str) -> str:
    """`class_` → `class`, `font_size` → `font-size`."""
    return keyword.rstrip("_").replace("_", "-")


def _attrs(**values) -> str:
    return " ".join(f"{_attribute_name(name)}={_quoted(str(value))}" for name, value in values.items())


def _tag(name: str, body: str = "", **attrs) -> str:
    head = f"<{name} {_attrs(**attrs)}" if attrs else f"<{name}"
    return f"{head}>{body}</{name}>" if body else f"{head}/>"


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _truncate(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _marker(shape: str, x: float, y: float, **attrs) -> str:
    """A marker centred on (x, y): a circle, a square or a diamond of about the same size."""
    if shape == "square":
        return _tag("rect", x=_fmt(x - 3.5), y=_fmt(y - 3.5), width=7, height=7, **attrs)
    if shape == "diamond":
        points = f"{_fmt(x)},{_fmt(y - 5)} {_fmt(x + 5)},{_fmt(y)} {_fmt(x)},{_fmt(y + 5)} {_fmt(x - 5)},{_fmt(y)}"
        return _tag("polygon", points=points, **attrs)
    return _tag("circle", cx=_fmt(x), cy=_fmt(y), r=4, **attrs)


def _legend(entries: list[tuple[str, str]]) -> str:
    """One row of markers with their labels, left to right."""
    parts, x = [], 0.0
    for shape, label in entries:
        parts.append(_marker(shape, x + 5, 10, fill=INK, class_="legend-marker", data_marker=shape))
        parts.append(_tag("text", escape(label), x=_fmt(x + 14), y=14, fill=INK, font_size=12, font_family=FONT))
        x += 14 + 7 * len(label) + 24
    return _tag("g", "".join(parts), class_="legend", transform=f"translate({MARGIN + 4},{MARGIN})")


def line_chart(series: list[Series], *, title: str, description: str, alt: str,
               date_label=lambda d: d.strftime("%d-%m-%Y"), legend: list[tuple[str, str]] = (),
               notes: list[str] = ()) -> Chart | None:
    """Draw `series` (one panel each, in the given order); None when there is nothing to draw.

    `title` and `description` go into the SVG itself (its accessible name when opened on its own); `alt` is
    the text alternative the page puts on the `<img>`. `date_label` formats the dates on the time axis.
    `legend`: (marker shape, label) pairs shown above the panels; `notes`: lines of text under the panels.
    """
    series = [s for s in series if s.points]
    if not series:
        return None
    dates = [point.date for s in series for point in s.points]
    first, last = min(dates), max(dates)
    span = (last - first).days
    columns = min(COLUMNS, len(series))
    rows = math.ceil(len(series) / columns)
    width = columns * PANEL_WIDTH + 2 * MARGIN
    top_space = LEGEND_HEIGHT if legend else 0
    height = top_space + rows * PANEL_HEIGHT + len(notes) * NOTE_LINE_HEIGHT + 2 * MARGIN
    plot_width = PANEL_WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_height = PANEL_HEIGHT - PLOT_TOP - PLOT_BOTTOM

    def x_of(day: datetime.date) -> float:
        return plot_width / 2 if span == 0 else (day - first).days / span * plot_width

    def y_of(level: int) -> float:
        return plot_height - (level - LEVELS[0]) / (LEVELS[-1] - LEVELS[0]) * plot_height

    # The grid, the level labels and the time axis are the same in every panel: drawn once, repeated as text.
    axis_y = _fmt(plot_height + 16)
    frame = [_tag("text", escape(date_label(first)), x=0, y=axis_y, fill=MUTED, font_size=10, font_family=FONT)]
    if span:
        frame.append(_tag("text", escape(date_label(last)), x=_fmt(plot_width), y=axis_y, fill=MUTED,
                          font_size=10, text_anchor="end", font_family=FONT))
    for level in LEVELS:
        y = _fmt(y_of(level))
        frame.append(_tag("line", x1=0, x2=_fmt(plot_width), y1=y, y2=y, stroke=GRID, stroke_width=1))
        frame.append(_tag("text", str(level), x=-8, y=_fmt(y_of(level) + 4), fill=MUTED, font_size=11,
                          text_anchor="end", font_family=FONT))
    frame_svg = "".join(frame)

    panels = []
    for index, s in enumerate(series):
        left = MARGIN + (index % columns) * PANEL_WIDTH
        top = MARGIN + (index // columns) * PANEL_HEIGHT
        parts = [_tag("text", escape(_truncate(s.name)), x=0, y=-14, fill=INK, font_size=13, font_weight="bold",
                      font_family=FONT), frame_svg]
        coordinates = [(x_of(p.date), y_of(p.level)) for p in s.points]
        if len(coordinates) > 1:
            parts.append(_tag("polyline", points=" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coordinates),
                              fill="none", stroke=INK, stroke_width=2, stroke_linejoin="round"))
        for (x, y), point in zip(coordinates, s.points, strict=True):
            parts.append(_marker(point.marker, x, y, class_="point", fill=INK, data_level=point.level,
                                 data_date=point.date.isoformat(), data_marker=point.marker))
        transform = f"translate({left + PLOT_LEFT},{top + top_space + PLOT_TOP})"
        panels.append(_tag("g", "".join(parts), transform=transform))

    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {_attrs(width=width, height=height)} '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="title desc">'
        f'<title id="title">{escape(title)}</title><desc id="desc">{escape(description)}</desc>'
        f'{_tag("rect", x=0, y=0, width=width, height=height, fill="#ffffff")}'
        f'{_legend(list(legend)) if legend else ""}'
        f'{"".join(panels)}{_notes(list(notes), top=top_space + rows * PANEL_HEIGHT + MARGIN)}</svg>'
    )
    return Chart(svg=svg, alt=alt, width=width, height=height)


def _notes(lines: list[str], *, top: int) -> str:
    if not lines:
        return ""
    texts = "".join(_tag("text", escape(_truncate(line, 110)), x=0, y=(index + 1) * NOTE_LINE_HEIGHT - 5, fill=INK, font_size=12,
                         font_family=FONT) for index, line in enumerate(lines))
    return _tag("g", texts, class_="notes", transform=f"translate({MARGIN + 4},{top})")
