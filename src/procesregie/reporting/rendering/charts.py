"""Charts of the annual report: SVG drawn on the server, without a plotting library.

Each chart function lays its chart out here (positions in CSS px, computed from the figures) and
`svg_drawing.Drawing` writes the shapes as SVG: bars as rectangles, text as SVG
text (selectable in the PDF, sans-serif), presentation by attributes only (never `style`, as on the page,
whose Content-Security-Policy forbids inline styles). Names from the database (approaches, municipalities)
stay text: the drawing escapes them. Integer axes at steps of 1, 2 or 5 times a power of ten; the left
margin fits the widest name (a long one wraps; a single word too long widens the chart, never cut off).
The same figures give the same bytes.

A value may be a suppressed count (the text "<N" or "afg.", see suppression.py). It is drawn as nothing and
labelled "<N" or, for a count hidden by secondary suppression, with the word "afgeschermd" (a bare marker beside
an empty place looked like a missing bar: issue 14 §5), so a chart never shows more than its table.

Every chart comes with a text alternative (`Chart.alt`) that states its figures in words; the
figures are also in a table next to the chart. The page embeds the SVG as an `<img>` with a `data:` URI.
"""

from __future__ import annotations

import base64
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .labels import delta_label, flow_short_label
from .suppression import SECONDARY_TEXT, is_suppressed
from .svg_drawing import INK, MUTED, SMALL_SIZE, Drawing, nice_scale, text_width, wrap

# Colours readable by people with the common colour-vision deficiencies (Okabe-Ito based).
START = "#5b6770"
INFLOW = "#0072b2"
OUTFLOW = "#d55e00"
END = "#1f3b57"
PREVIOUS_LIGHTNESS = 0.6  # last year's bars: the same colour, mixed this far towards white
NEGATIVE = ("#fbd3b5", "#f4a261", "#d55e00", "#8c3a00")  # -1 .. -4
POSITIVE = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # +1 .. +4
WIDTH = 640  # CSS px: about the text width of an A4 page with 2 cm margins
MARGIN = 8
LABEL_SIZE, TINY_SIZE = 12, 10  # font sizes in px: category labels; numbers inside bars
LINE_HEIGHT = 14
MAX_LABEL_SHARE = 0.35  # of the width; a longer category label wraps onto more lines
MIN_PLOT_WIDTH = 200


def _lighter(colour: str, amount: float = PREVIOUS_LIGHTNESS) -> str:
    """`colour` mixed with white. Opaque on purpose: not every SVG renderer handles opacity on text well."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in (red, green, blue))


@dataclass(frozen=True)
class Chart:
    """A chart: its shapes (`drawing`), which the page shows as SVG (`svg`, written when first asked for: the PDF
    draws the shapes itself) and the PDF draws itself (paper/charts.py)."""

    alt: str
    width: int  # pixels (CSS px) of the drawing, for the <img> attributes
    height: int
    drawing: Drawing = field(compare=False, repr=False)

    @functools.cached_property
    def svg(self) -> str:
        return self.drawing.svg(self.width, self.height, self.alt)

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def _chart(drawing: Drawing, width: float, height: float, alt: str) -> Chart:
    width, height = math.ceil(width), math.ceil(height)
    return Chart(alt=alt, width=width, height=height, drawing=drawing)


def _value(value: Any) -> tuple[float, str]:
    """(what to draw, what to write) for a count that may be suppressed or missing."""
    if value == SECONDARY_TEXT:
        return 0.0, _("afgeschermd")
    if is_suppressed(value):
        return 0.0, str(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0, "0"
    return max(float(value), 0.0), str(value)


# --- layouts shared by several charts --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Column:
    key: str
    parts: Sequence[tuple[float, str, str, str]]  # (value, fill, stroke, key) from the bottom up
    label: str
    faded: bool = False


def _columns(drawing: Drawing, groups: Sequence[tuple[str, Sequence[_Column]]], *, top: float, share: float,
             plot_height: float) -> float:
    """Vertical bars in groups along a category axis, below `top`; `share`: a bar's part of its group's width.
    Returns the bottom of the drawing."""
    right = WIDTH - MARGIN
    axis = drawing.value_axis(max([sum(p[0] for p in c.parts) for _, cs in groups for c in cs], default=0),
                              left=MARGIN, right=right, top=top + LINE_HEIGHT + 2,  # room for the value above a bar
                              height=plot_height)
    left, bottom = axis.left, axis.bottom
    slot = (right - left) / max(len(groups), 1)
    for index, (category, columns) in enumerate(groups):
        centre = left + slot * (index + 0.5)
        bar_width = slot * share
        for position, column in enumerate(columns):
            x = centre - bar_width * len(columns) / 2 + bar_width * position
            y = bottom
            for value, fill, stroke, key in column.parts:
                height = axis.length(value)
                kind = "bar" + (" bar--previous" if column.faded else "") + (" bar--transfer" if stroke else "")
                drawing.bar(key, x, y - height, bar_width, height, fill, stroke=stroke, kind=kind)
                y -= height
            drawing.text("value", x + bar_width / 2, y - 4, column.label, fill=MUTED if column.faded else INK,
                         anchor="middle")
        drawing.text("category", centre, bottom + 16, category, size=LABEL_SIZE, anchor="middle")
    return bottom + 16 + 4 + MARGIN


def _paired_bars(rows: Sequence[tuple[str, int, Mapping[str, Any]]], *, hierarchy: bool) -> tuple[Drawing, float, float]:
    """Two horizontal bars per row, in regie on 1 January (above) and on 31 December. Rows: (name, depth, figures).

    With `hierarchy` the names stand left-aligned, indented by depth, the top level in bold; otherwise
    they stand right-aligned against the bars. The left margin fits the widest name.
    """
    drawing = Drawing()
    series = (("start", START), ("end", END))
    labelled = []
    for name, depth, figures in rows:
        bold = hierarchy and depth == 0
        indent = 16 * depth if hierarchy else 0
        lines = wrap(name, WIDTH * MAX_LABEL_SHARE - indent, LABEL_SIZE, bold)
        values = [_value(figures.get(key)) for key, _ in series]
        labelled.append((lines, bold, indent, values, max(30, LINE_HEIGHT * len(lines) + 8)))
    label_width = max([indent + max(text_width(line, LABEL_SIZE, bold) for line in lines)
                       for lines, bold, indent, _, _ in labelled], default=0)
    room = max([text_width(text, SMALL_SIZE) for *_, values, _ in labelled for _, text in values], default=0) + 8
    left = MARGIN + label_width + 10
    width = max(WIDTH, left + MIN_PLOT_WIDTH + room + MARGIN)
    right = width - MARGIN - room
    top = drawing.legend([(colour, "", flow_short_label(key)) for key, colour in series], top=MARGIN, left=left,
                         right=width - MARGIN) + 6
    step, highest = nice_scale(max([value for *_, values, _ in labelled for value, _ in values], default=0))
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
    drawing = Drawing()
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
    return _chart(drawing, WIDTH, height, alt)


def overview_chart(rows: Sequence[tuple[str, int, Mapping[str, Any]]]) -> Chart:
    """Horizontal bars per approach: in regie on 1 January and on 31 December. Rows: (name, depth, flow)."""
    drawing, width, height = _paired_bars(rows, hierarchy=True)
    parts = [f"{name}: {_value(flow.get('start'))[1]} → {_value(flow.get('end'))[1]}" for name, _, flow in rows]
    alt = _("Staafdiagram per aanpak, in regie op 1 januari en op 31 december: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return _chart(drawing, width, height, alt)


def duration_chart(buckets: Sequence[tuple[str, Any]]) -> Chart:
    """Histogram of the duration of the trajectories closed in the year. Buckets: (label, count)."""
    drawing = Drawing()
    values = [_value(count) for _, count in buckets]
    drawing.text("caption", MARGIN, MARGIN + 11, _("afgesloten trajecten"), fill=MUTED)
    groups = [(label, [_Column(label, [(value, INFLOW, "", label)], text)])
              for (label, _), (value, text) in zip(buckets, values, strict=True)]
    height = _columns(drawing, groups, top=MARGIN + 16, share=0.65, plot_height=120)
    parts = [f"{label}: {text}" for (label, _), (_, text) in zip(buckets, values, strict=True)]
    alt = _("Staafdiagram van de looptijd van de in het jaar afgesloten trajecten: %(figures)s.") % {
        "figures": ", ".join(parts)}
    return _chart(drawing, WIDTH, height, alt)


def area_chart(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Chart:
    """Horizontal bars per municipality (or district): in regie on 1 January and on 31 December."""
    drawing, width, height = _paired_bars([(name, 0, figures) for name, figures in rows], hierarchy=False)
    parts = [f"{name}: {_value(figures.get('start'))[1]} → {_value(figures.get('end'))[1]}" for name, figures in rows]
    alt = _("Staafdiagram per gemeente, in regie op 1 januari en op 31 december: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return _chart(drawing, width, height, alt)


def domain_progress_chart(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Chart:
    """Diverging stacked bars per life domain: cases that went back to the left, forward to the right.

    Rows: (domain name, {"-4" … "+4": count, "n": cases}). No change ("0") is not drawn; it is
    named with the domain ("n = …, gelijk …", and in the table). Suppressed counts are drawn as
    nothing and named at the end of their side ("+ <5").
    """
    drawing = Drawing()
    sides = ((-1, NEGATIVE, "-"), (1, POSITIVE, "+"))
    laid_out = []
    for name, counts in rows:
        lines = wrap(name, WIDTH * MAX_LABEL_SHARE, LABEL_SIZE)
        detail = _("n = %(n)s, gelijk %(same)s") % {"n": _value(counts.get("n"))[1],
                                                   "same": _value(counts.get("0"))[1]}
        segments = {sign: [(delta, *_value(counts.get(f"{prefix}{delta}"))) for delta in (1, 2, 3, 4)]
                    for sign, _, prefix in sides}
        hidden = {sign: " ".join(f"+ {text}" for delta, _, text in segments[sign]
                                 if is_suppressed(counts.get(f"{prefix}{delta}")))
                  for sign, _, prefix in sides}
        laid_out.append((lines, detail, segments, hidden, max(34, LINE_HEIGHT * (len(lines) + 1) + 8)))
    label_width = max([max(text_width(t, LABEL_SIZE) for t in lines) for lines, *_ in laid_out]
                      + [text_width(detail, SMALL_SIZE) for _, detail, *_ in laid_out], default=0)
    side_room = max([text_width(text, SMALL_SIZE) + 8 for *_, hidden, _ in laid_out for text in hidden.values()
                     if text], default=0)
    left = MARGIN + label_width + 10
    width = max(WIDTH, left + MIN_PLOT_WIDTH + MARGIN)
    right = width - MARGIN
    zero = (left + right) / 2
    extent = max([sum(v for _, v, _ in segments[sign]) for *_, segments, _, _ in laid_out for sign in (-1, 1)],
                 default=0)
    step, highest = nice_scale(extent)
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
            for delta, value, text in segments[sign]:
                length = value * scale
                x = zero + reach if sign > 0 else zero - reach - length
                drawing.bar(f"{prefix}{delta}", x, centre - 9, length, 18, colours[delta - 1])
                if value and length >= text_width(text, TINY_SIZE) + 4:  # a number inside a bar wide enough
                    drawing.text("value", x + length / 2, centre + 3.5, text, size=TINY_SIZE, anchor="middle",
                                 fill="#ffffff" if delta >= 3 else INK)
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
    return _chart(drawing, width, bottom + MARGIN, alt)


def _summed(counts: Mapping[str, Any], keys: Sequence[str]) -> str:
    total = sum(int(_value(counts.get(key))[0]) for key in keys)
    hidden = [_value(counts[key])[1] for key in keys if is_suppressed(counts.get(key))]
    if hidden:
        return _("%(total)s en afgeschermde aantallen (%(hidden)s)") % {"total": total, "hidden": ", ".join(hidden)}
    return str(total)


__all__ = ["Chart", "area_chart", "domain_progress_chart", "duration_chart", "flow_chart",
           "overview_chart"]
