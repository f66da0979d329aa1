"""Charts of the annual report: SVG drawn on the server from one template, without a plotting library.

Each chart function lays its chart out here (positions in CSS px, computed from the figures) and
`reporting/charts/chart.svg` writes the shapes and the text: bars as rectangles, text as SVG text
(selectable in the PDF, sans-serif), presentation by SVG attributes only (never `style`, as on the page,
whose Content-Security-Policy forbids inline styles). The template's autoescaping keeps names from the
database (approaches, municipalities) text. Coordinates are written by `_n`, never by the template's
number formatting (which would write "12,5" under the Dutch locale). The same figures give the same bytes.

A value may be a suppressed count (the text "<N", see suppression.py). It is drawn as nothing and
labelled "<N", so a chart never shows more than its table.

Every chart comes with a text alternative (`Chart.alt`) that states its figures in words; the
figures are also in a table next to the chart. The page embeds the SVG as an `<img>` with a `data:` URI.
"""

from __future__ import annotations

import base64
import functools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .labels import delta_label, flow_short_label
from .suppression import is_suppressed

# Colours readable by people with the common colour-vision deficiencies (Okabe-Ito based).
START = "#5b6770"
INFLOW = "#0072b2"
OUTFLOW = "#d55e00"
END = "#1f3b57"
PREVIOUS_LIGHTNESS = 0.6  # last year's bars: the same colour, mixed this far towards white
NEGATIVE = ("#fbd3b5", "#f4a261", "#d55e00", "#8c3a00")  # -1 .. -4
POSITIVE = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # +1 .. +4
INK, MUTED, GRID = "#1a1a1a", "#595959", "#d9d9d9"  # text and axes (contrast ≥ 4.5:1 on white), grid lines
FONT = "sans-serif"
WIDTH = 640  # CSS px: about the text width of an A4 page with 2 cm margins
MARGIN = 8
LABEL_SIZE, SMALL_SIZE, TINY_SIZE = 12, 11, 10  # font sizes in px: category labels; ticks, values, legend; numbers in bars
LINE_HEIGHT = 14
MAX_LABEL_SHARE = 0.35  # a longer category label wraps onto more lines (a single long word widens the chart instead)
MIN_PLOT_WIDTH = 200
TEMPLATE = "reporting/charts/chart.svg"


def _lighter(colour: str, amount: float = PREVIOUS_LIGHTNESS) -> str:
    """`colour` mixed with white. Opaque on purpose: not every SVG renderer handles opacity on text well."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (red, green, blue))


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str
    width: int  # pixels (CSS px) of the drawing, for the <img> attributes
    height: int

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def _value(value: Any) -> tuple[float, str]:
    """(what to draw, what to write) for a count that may be suppressed or missing."""
    if is_suppressed(value):
        return 0.0, str(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0, "0"
    return max(float(value), 0.0), str(value)


# --- measuring and scaling ----------------------------------------------------------------------------------

# Advance widths of printable ASCII (" " to "~") in DejaVu Sans, in hundredths of an em: the font that
# "sans-serif" means on the server (WeasyPrint); the usual fonts of browsers (Arial, Helvetica) are narrower.
_ASCII_WIDTHS = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79,
    60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63,
    63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
)
BOLD_WIDTH = 1.13  # DejaVu Sans Bold is about this much wider


@functools.lru_cache(maxsize=512)
def _em(character: str) -> float:
    """The width of one character in ems: an accented letter as its letter, anything else as wide as "→"."""
    base = unicodedata.normalize("NFKD", character)[:1] or " "
    return _ASCII_WIDTHS[ord(base) - 32] / 100 if " " <= base <= "~" else 0.84


def _text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in px at font size `size` as DejaVu Sans draws it (Arial and Helvetica need less)."""
    return sum(_em(c) for c in text) * size * (BOLD_WIDTH if bold else 1.0)


def _wrap(text: str, limit: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `limit` where spaces allow; words are never cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and _text_width(candidate, size, bold) > limit:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def _scale(maximum: float) -> tuple[int, int]:
    """(step, top) of an integer axis from 0 to at least `maximum`: steps of 1, 2 or 5 times a power of ten,
    at most six of them."""
    maximum = max(math.ceil(maximum), 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(maximum / step) <= 6:
                return step, step * math.ceil(maximum / step)
        magnitude *= 10


def _n(value: float) -> str:
    """A coordinate as SVG text: at most one decimal, a dot, never "-0"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- the drawing: shapes for the template ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Line:
    x1: str
    y1: str
    x2: str
    y2: str
    stroke: str


@dataclass(frozen=True)
class _Rect:
    kind: str  # the class: "bar", "bar bar--previous", "bar bar--transfer"; empty for legend swatches
    key: str  # the figure it draws ("inflow", "+2", …)
    x: str
    y: str
    width: str
    height: str
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class _Text:
    kind: str  # the class: "tick", "category", "value", "legend", "detail", "caption"
    x: str
    y: str
    text: str
    size: int
    fill: str
    anchor: str
    bold: bool


@dataclass
class _Drawing:
    hatches: dict[str, str] = field(default_factory=dict)  # pattern id -> colour
    grid: list[_Line] = field(default_factory=list)
    bars: list[_Rect] = field(default_factory=list)
    axes: list[_Line] = field(default_factory=list)
    swatches: list[_Rect] = field(default_factory=list)
    texts: list[_Text] = field(default_factory=list)

    def hatch(self, colour: str) -> str:
        """The fill of a hatched area in `colour` (diagonal lines on white)."""
        pattern = "hatch-" + colour.lstrip("#")
        self.hatches[pattern] = colour
        return f"url(#{pattern})"

    def line(self, x1: float, y1: float, x2: float, y2: float, *, stroke: str = GRID, over: bool = False) -> None:
        (self.axes if over else self.grid).append(_Line(_n(x1), _n(y1), _n(x2), _n(y2), stroke))

    def bar(self, key: str, x: float, y: float, width: float, height: float, fill: str, *, stroke: str = "",
            kind: str = "bar") -> None:
        if width > 0 and height > 0:  # a zero or suppressed value is drawn as nothing
            self.bars.append(_Rect(kind, key, _n(x), _n(y), _n(width), _n(height), fill, stroke))

    def swatch(self, x: float, y: float, fill: str, stroke: str = "") -> None:
        self.swatches.append(_Rect("", "", _n(x), _n(y), "12", "12", fill, stroke))

    def text(self, kind: str, x: float, y: float, text: str, *, size: int = SMALL_SIZE, fill: str = INK,
             anchor: str = "start", bold: bool = False) -> None:
        self.texts.append(_Text(kind, _n(x), _n(y), _NOT_XML.sub("", text), size, fill, anchor, bold))

    def legend(self, items: Sequence[tuple[str, str, str]], *, top: float, left: float, right: float,
               centred: bool = False) -> float:
        """Swatches with their text, (fill, stroke, text) each, in rows from `top`; returns the bottom."""
        rows: list[list[tuple[float, tuple[str, str, str]]]] = [[]]
        used = 0.0
        for item in items:
            width = 18 + _text_width(item[2], SMALL_SIZE) + 16
            if rows[-1] and used + width > right - left:
                rows.append([])
                used = 0.0
            rows[-1].append((width, item))
            used += width
        for row in rows:
            x = left + ((right - left) - sum(w for w, _ in row) + 16) / 2 if centred else left
            for width, (fill, stroke, text) in row:
                self.swatch(x, top + 1, fill, stroke)
                self.text("legend", x + 18, top + 11, text)
                x += width
            top += 18
        return top

    def render(self, width: float, height: float, alt: str) -> Chart:
        width, height = math.ceil(width), math.ceil(height)
        svg = render_to_string(TEMPLATE, {
            "width": width, "height": height, "font": FONT, "alt": _NOT_XML.sub("", alt),
            "hatches": [{"id": key, "colour": colour} for key, colour in self.hatches.items()],
            "grid": self.grid, "bars": self.bars, "axes": self.axes, "swatches": self.swatches, "texts": self.texts,
        })
        return Chart(svg=svg, alt=alt, width=width, height=height)


# --- layouts shared by several charts --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Column:
    key: str
    parts: Sequence[tuple[float, str, str, str]]  # (value, fill, stroke, key) from the bottom up
    label: str
    faded: bool = False


def _columns(drawing: _Drawing, groups: Sequence[tuple[str, Sequence[_Column]]], *, top: float, share: float,
             plot_height: float, width: float = WIDTH) -> float:
    """Vertical bars in groups along a category axis, below `top`; `share`: a bar's part of its group's width.
    Returns the bottom of the drawing."""
    step, highest = _scale(max([sum(p[0] for p in c.parts) for _, cs in groups for c in cs], default=0))
    ticks = range(0, highest + 1, step)
    left = MARGIN + max(_text_width(str(t), SMALL_SIZE) for t in ticks) + 6
    right = width - MARGIN
    plot_top = top + LINE_HEIGHT + 2  # room for the value above the highest bar
    bottom = plot_top + plot_height

    def y_of(value: float) -> float:
        return bottom - value / highest * plot_height

    for tick in ticks:
        drawing.line(left, y_of(tick), right, y_of(tick))
        drawing.text("tick", left - 6, y_of(tick) + 4, str(tick), fill=MUTED, anchor="end")
    drawing.line(left, bottom, right, bottom, stroke=MUTED, over=True)
    slot = (right - left) / max(len(groups), 1)
    for index, (category, columns) in enumerate(groups):
        centre = left + slot * (index + 0.5)
        bar_width = slot * share
        for position, column in enumerate(columns):
            x = centre - bar_width * len(columns) / 2 + bar_width * position
            y = bottom
            for value, fill, stroke, key in column.parts:
                height = value / highest * plot_height
                kind = "bar" + (" bar--previous" if column.faded else "") + (" bar--transfer" if stroke else "")
                drawing.bar(key, x, y - height, bar_width, height, fill, stroke=stroke, kind=kind)
                y -= height
            drawing.text("value", x + bar_width / 2, y - 4, column.label, fill=MUTED if column.faded else INK,
                         anchor="middle")
        drawing.text("category", centre, bottom + 16, category, size=LABEL_SIZE, anchor="middle")
    return bottom + 16 + 4 + MARGIN


def _paired_bars(rows: Sequence[tuple[str, int, Mapping[str, Any]]], *, hierarchy: bool) -> tuple[_Drawing, float, float]:
    """Two horizontal bars per row, in regie on 1 January (above) and on 31 December. Rows: (name, depth, figures).

    With `hierarchy` the names stand left-aligned, indented by depth, the top level in bold; otherwise
    they stand right-aligned against the bars. The left margin fits the widest name.
    """
    drawing = _Drawing()
    series = (("start", START), ("end", END))
    labelled = []
    for name, depth, figures in rows:
        bold = hierarchy and depth == 0
        indent = 16 * depth if hierarchy else 0
        lines = _wrap(name, WIDTH * MAX_LABEL_SHARE - indent, LABEL_SIZE, bold)
        values = [_value(figures.get(key)) for key, _ in series]
        labelled.append((lines, bold, indent, values, max(30, LINE_HEIGHT * len(lines) + 8)))
    label_width = max([indent + max(_text_width(line, LABEL_SIZE, bold) for line in lines)
                       for lines, bold, indent, _, _ in labelled], default=0)
    room = max([_text_width(text, SMALL_SIZE) for *_, values, _ in labelled for _, text in values], default=0) + 8
    left = MARGIN + label_width + 10
    width = max(WIDTH, left + MIN_PLOT_WIDTH + room + MARGIN)
    right = width - MARGIN - room
    top = drawing.legend([(colour, "", flow_short_label(key)) for key, colour in series], top=MARGIN, left=left,
                         right=width - MARGIN) + 6
    step, highest = _scale(max([value for *_, values, _ in labelled for value, _ in values], default=0))
    scale = (right - left) / highest
    y = top
    for lines, bold, indent, values, pitch in labelled:
        centre = y + pitch / 2
        first = centre - (len(lines) - 1) * LINE_HEIGHT / 2 + 4
        for number, line in enumerate(lines):
            x, anchor = (MARGIN + indent, "start") if hierarchy else (left - 10, "end")
            drawing.text("category", x, first + number * LINE_HEIGHT, line, size=LABEL_SIZE, anchor=anchor, bold=bold)
        for (key, colour), (value, text), bar_top in zip(series, values, (centre - 11, centre + 1), strict=True):
            drawing.bar(key, left, bar_top, value * scale, 10, colour)
            drawing.text("value", left + value * scale + 4, bar_top + 9, text)
        y += pitch
    for tick in range(0, highest + 1, step):
        drawing.line(left + tick * scale, top, left + tick * scale, y)
        drawing.text("tick", left + tick * scale, y + 14, str(tick), fill=MUTED, anchor="middle")
    drawing.line(left, top, left, y, stroke=MUTED, over=True)
    return drawing, width, y + 14 + 4 + MARGIN


# --- the charts ------------------------------------------------------------------------------------------------

def flow_chart(current: Mapping[str, Any], previous: Mapping[str, Any] | None = None, *,
               year: int | None = None) -> Chart:
    """Four bars: in regie on 1 January, inflow, outflow, in regie on 31 December.

    Transfers between approaches are stacked on inflow and outflow as a hatched part, so the bars
    add up (start + in - out = end). With `previous`, last year's bars stand lighter beside them.
    """
    drawing = _Drawing()
    groups = ("start", "inflow", "outflow", "end")
    colours = {"start": START, "inflow": INFLOW, "outflow": OUTFLOW, "end": END}
    transfer = {"inflow": "transfer_in", "outflow": "transfer_out"}
    years = [(previous, True), (current, False)] if previous is not None else [(current, False)]
    has_transfers = any(_value(f.get(k))[0] or is_suppressed(f.get(k)) for f, _ in years for k in transfer.values())
    columns: list[tuple[str, list[_Column]]] = []
    for key in groups:
        bars = []
        for figures, faded in years:
            colour = _lighter(colours[key]) if faded else colours[key]
            value, text = _value(figures.get(key))
            parts = [(value, colour, "", key)]
            if key in transfer and (_value(figures.get(transfer[key]))[0] or is_suppressed(figures.get(transfer[key]))):
                extra, extra_text = _value(figures.get(transfer[key]))
                parts.append((extra, drawing.hatch(colour), colour, transfer[key]))
                text = f"{text} + {extra_text}"
            bars.append(_Column(key, parts, text, faded))
        columns.append((flow_short_label(key), bars))
    legend = []
    if previous is not None and year:
        legend = [(_lighter(START), "", str(year - 1)), (START, "", str(year))]
    if has_transfers:
        legend.append((drawing.hatch(START), START, _("overdracht tussen aanpakken")))
    top = drawing.legend(legend, top=MARGIN, left=MARGIN, right=WIDTH - MARGIN) + 4 if legend else MARGIN
    height = _columns(drawing, columns, top=top, share=0.38 if previous is not None else 0.6, plot_height=160)
    parts = [f"{_value(current.get(key))[1]} {flow_short_label(key).lower()}" for key in groups]
    alt = _("Staafdiagram van de stroom: %(figures)s.") % {"figures": ", ".join(parts)}
    if previous is not None:
        before = [f"{_value(previous.get(key))[1]} {flow_short_label(key).lower()}" for key in groups]
        alt += " " + _("Vorig jaar: %(figures)s.") % {"figures": ", ".join(before)}
    return drawing.render(WIDTH, height, alt)


def overview_chart(rows: Sequence[tuple[str, int, Mapping[str, Any]]]) -> Chart:
    """Horizontal bars per approach: in regie on 1 January and on 31 December. Rows: (name, depth, flow)."""
    drawing, width, height = _paired_bars(rows, hierarchy=True)
    parts = [f"{name}: {_value(flow.get('start'))[1]} → {_value(flow.get('end'))[1]}" for name, _, flow in rows]
    alt = _("Staafdiagram per aanpak, in regie op 1 januari en op 31 december: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return drawing.render(width, height, alt)


def duration_chart(buckets: Sequence[tuple[str, Any]]) -> Chart:
    """Histogram of the duration of the trajectories closed in the year. Buckets: (label, count)."""
    drawing = _Drawing()
    values = [_value(count) for _, count in buckets]
    drawing.text("caption", MARGIN, MARGIN + 11, _("afgesloten trajecten"), fill=MUTED)
    groups = [(label, [_Column(label, [(value, INFLOW, "", label)], text)])
              for (label, _), (value, text) in zip(buckets, values, strict=True)]
    height = _columns(drawing, groups, top=MARGIN + 16, share=0.65, plot_height=120)
    parts = [f"{label}: {text}" for (label, _), (_, text) in zip(buckets, values, strict=True)]
    alt = _("Staafdiagram van de looptijd van de in het jaar afgesloten trajecten: %(figures)s.") % {
        "figures": ", ".join(parts)}
    return drawing.render(WIDTH, height, alt)


def area_chart(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Chart:
    """Horizontal bars per municipality (or district): in regie on 1 January and on 31 December."""
    drawing, width, height = _paired_bars([(name, 0, figures) for name, figures in rows], hierarchy=False)
    parts = [f"{name}: {_value(figures.get('start'))[1]} → {_value(figures.get('end'))[1]}" for name, figures in rows]
    alt = _("Staafdiagram per gemeente, in regie op 1 januari en op 31 december: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return drawing.render(width, height, alt)


def domain_progress_chart(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Chart:
    """Diverging stacked bars per life domain: cases that went back to the left, forward to the right.

    Rows: (domain name, {"-4" … "+4": count, "n": cases}). No change ("0") is not drawn; it is
    named with the domain ("n = …, gelijk …", and in the table). Suppressed counts are drawn as
    nothing and named at the end of their side ("+ <5").
    """
    drawing = _Drawing()
    sides = ((-1, NEGATIVE, "-"), (1, POSITIVE, "+"))
    laid_out = []
    for name, counts in rows:
        lines = _wrap(name, WIDTH * MAX_LABEL_SHARE, LABEL_SIZE)
        detail = _("n = %(n)s, gelijk %(same)s") % {"n": _value(counts.get("n"))[1],
                                                   "same": _value(counts.get("0"))[1]}
        segments = {sign: [(step, *_value(counts.get(f"{prefix}{step}"))) for step in (1, 2, 3, 4)]
                    for sign, _, prefix in sides}
        hidden = {sign: " ".join(f"+ {text}" for step, _, text in segments[sign]
                                 if is_suppressed(counts.get(f"{prefix}{step}")))
                  for sign, _, prefix in sides}
        laid_out.append((lines, detail, segments, hidden, max(34, LINE_HEIGHT * (len(lines) + 1) + 8)))
    label_width = max([max(_text_width(t, LABEL_SIZE) for t in lines) for lines, *_ in laid_out]
                      + [_text_width(detail, SMALL_SIZE) for _, detail, *_ in laid_out], default=0)
    side_room = max([_text_width(text, SMALL_SIZE) + 8 for *_, hidden, _ in laid_out for text in hidden.values()
                     if text], default=0)
    left = MARGIN + label_width + 10
    width = max(WIDTH, left + MIN_PLOT_WIDTH + MARGIN)
    right = width - MARGIN
    zero = (left + right) / 2
    extent = max([sum(v for _, v, _ in segments[sign]) for *_, segments, _, _ in laid_out for sign in (-1, 1)],
                 default=0)
    step, highest = _scale(extent)
    scale = ((right - left) / 2 - side_room) / highest
    top = y = MARGIN
    for lines, detail, segments, hidden, pitch in laid_out:
        centre = y + pitch / 2
        first = centre - len(lines) * LINE_HEIGHT / 2 + 4
        for number, line in enumerate(lines):
            drawing.text("category", left - 10, first + number * LINE_HEIGHT, line, size=LABEL_SIZE, anchor="end")
        drawing.text("detail", left - 10, first + len(lines) * LINE_HEIGHT, detail, fill=MUTED, anchor="end")
        for sign, colours, prefix in sides:
            reach = 0.0
            for step_, value, text in segments[sign]:
                length = value * scale
                x = zero + reach if sign > 0 else zero - reach - length
                drawing.bar(f"{prefix}{step_}", x, centre - 9, length, 18, colours[step_ - 1])
                if value and length >= _text_width(text, TINY_SIZE) + 4:  # a number inside a bar wide enough
                    drawing.text("value", x + length / 2, centre + 3.5, text, size=TINY_SIZE, anchor="middle",
                                 fill="#ffffff" if step_ >= 3 else INK)
                reach += length
            if hidden[sign]:
                drawing.text("value", zero + sign * (reach + 4), centre + 4, hidden[sign], fill=MUTED,
                             anchor="start" if sign > 0 else "end")
        y += pitch
    for tick in range(-highest, highest + 1, step):
        drawing.line(zero + tick * scale, top, zero + tick * scale, y)
        drawing.text("tick", zero + tick * scale, y + 14, str(abs(tick)), fill=MUTED, anchor="middle")
    drawing.line(zero, top, zero, y, stroke=INK, over=True)
    caption = re.sub(" {2,}", lambda spaces: "\u00a0" * len(spaces.group()),  # SVG would fold the spaces
                     _("← achteruit   aantal cliënten   vooruit →"))
    drawing.text("caption", zero, y + 32, caption, anchor="middle")
    drawing.text("legend", width / 2, y + 56, _("verschil eindmeting − nulmeting"), fill=MUTED, anchor="middle")
    legend = [(NEGATIVE[s - 1], "", delta_label(f"-{s}")) for s in (4, 3, 2, 1)]
    legend += [(POSITIVE[s - 1], "", delta_label(f"+{s}")) for s in (1, 2, 3, 4)]
    bottom = drawing.legend(legend, top=y + 62, left=MARGIN, right=width - MARGIN, centred=True)
    parts = []
    for name, counts in rows:
        down = _summed(counts, [f"-{s}" for s in (1, 2, 3, 4)])
        up = _summed(counts, [f"+{s}" for s in (1, 2, 3, 4)])
        parts.append(_("%(domain)s: %(up)s vooruit, %(same)s gelijk, %(down)s achteruit") % {
            "domain": name, "up": up, "same": _value(counts.get("0"))[1], "down": down})
    alt = _("Gestapeld staafdiagram van de voortgang per leefgebied tussen nulmeting en eindmeting: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return drawing.render(width, bottom + MARGIN, alt)


def _summed(counts: Mapping[str, Any], keys: Sequence[str]) -> str:
    total = sum(int(_value(counts.get(key))[0]) for key in keys)
    hidden = [str(counts[key]) for key in keys if is_suppressed(counts.get(key))]
    if hidden:
        return _("%(total)s en afgeschermde aantallen (%(hidden)s)") % {"total": total, "hidden": ", ".join(hidden)}
    return str(total)


__all__ = ["Chart", "area_chart", "domain_progress_chart", "duration_chart", "flow_chart",
           "overview_chart"]
