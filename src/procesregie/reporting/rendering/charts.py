"""Charts of the annual report, drawn on the server as SVG with matplotlib.

No pyplot and no global backend switch: each chart is a `Figure` on its own SVG canvas, drawn
inside an `rc_context`, so the process's matplotlib settings are left alone. `rc_context` changes
the global rcParams for its duration, so charts are drawn one at a time (a lock) in a threaded
server. The output is deterministic (fixed `svg.hashsalt`, no date in the metadata): the same
figures give the same bytes.

A value may be a suppressed count (the text "<N", see suppression.py). It is drawn as nothing and
labelled "<N", so a chart never shows more than its table.

Every chart comes with a text alternative (`Chart.alt`) that states its figures in words; the
figures are also in a table next to the chart.
"""

from __future__ import annotations

import base64
import functools
import io
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .labels import delta_label, flow_short_label
from .suppression import is_suppressed

_RC = {
    "svg.hashsalt": "procesregie-annual-report",
    "svg.fonttype": "none",  # text stays text: selectable in the PDF, small, read by screen readers
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#595959",
    "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a",
    "ytick.color": "#1a1a1a",
    "text.color": "#1a1a1a",
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "legend.fontsize": 8,
    "path.simplify": False,
}
# Colours readable by people with the common colour-vision deficiencies (Okabe-Ito based).
START = "#5b6770"
INFLOW = "#0072b2"
OUTFLOW = "#d55e00"
END = "#1f3b57"
PREVIOUS_LIGHTNESS = 0.6  # last year's bars: the same colour, mixed this far towards white
NEGATIVE = ("#fbd3b5", "#f4a261", "#d55e00", "#8c3a00")  # -1 .. -4
POSITIVE = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")  # +1 .. +4
WIDTH_IN = 6.7  # about the text width of an A4 page with 2 cm margins
_LOCK = threading.RLock()


def _one_at_a_time(draw):
    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with _LOCK:
            return draw(*args, **kwargs)

    return wrapper


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
    return float(value), str(value)


def _render(fig: Figure, alt: str) -> Chart:
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        FigureCanvasSVG(fig)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    # The drawing's size in points, as written by matplotlib; CSS px = pt * 96 / 72.
    width, height = (float(x) for x in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    return Chart(svg=svg, alt=alt, width=round(width * 4 / 3), height=round(height * 4 / 3))


def _figure(height_in: float) -> Figure:
    with matplotlib.rc_context(_RC):
        return Figure(figsize=(WIDTH_IN, height_in), layout="constrained")


def _label_bars(ax, bars, texts: Sequence[str], *, horizontal: bool = False) -> None:
    for bar, text in zip(bars, texts, strict=True):
        if horizontal:
            ax.annotate(text, (bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height() / 2),
                        xytext=(3, 0), textcoords="offset points", va="center", ha="left", fontsize=7.5)
        else:
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()),
                        xytext=(0, 2), textcoords="offset points", va="bottom", ha="center", fontsize=8)


def _integer_axis(axis) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


@_one_at_a_time
def flow_chart(current: Mapping[str, Any], previous: Mapping[str, Any] | None = None, *,
               year: int | None = None) -> Chart:
    """Four bars: in regie on 1 January, inflow, outflow, in regie on 31 December.

    Transfers between approaches are stacked on inflow and outflow as a hatched part, so the bars
    add up (start + in - out = end). With `previous`, last year's bars stand lighter beside them.
    """
    with matplotlib.rc_context(_RC):
        fig = _figure(2.5)
        ax = fig.add_subplot()
        groups = ("start", "inflow", "outflow", "end")
        colours = {"start": START, "inflow": INFLOW, "outflow": OUTFLOW, "end": END}
        transfer = {"inflow": "transfer_in", "outflow": "transfer_out"}
        width = 0.38 if previous else 0.6
        series = [(previous, -width / 2, True), (current, width / 2 if previous else 0, False)]
        for figures, offset, faded in series:
            if figures is None:
                continue
            for index, key in enumerate(groups):
                colour = _lighter(colours[key]) if faded else colours[key]
                value, text = _value(figures.get(key))
                ax.bar([index + offset], [value], width, color=colour, edgecolor=colour, linewidth=0.8)
                total = value
                if key in transfer:
                    extra, extra_text = _value(figures.get(transfer[key]))
                    if extra or is_suppressed(figures.get(transfer[key])):
                        ax.bar([index + offset], [extra], width, bottom=[value], color="white", edgecolor=colour,
                               hatch="////", linewidth=0.8)
                        total = value + extra
                        text = f"{text} + {extra_text}"
                ax.annotate(text, (index + offset, total), xytext=(0, 2), textcoords="offset points",
                            ha="center", va="bottom", fontsize=8, color="#595959" if faded else "#1a1a1a")
        ax.set_xticks(range(len(groups)), [flow_short_label(key) for key in groups])
        _integer_axis(ax.yaxis)
        ax.margins(y=0.15)
        handles = []
        if previous is not None and year:
            handles = [Patch(facecolor=_lighter(START), label=str(year - 1)),
                       Patch(facecolor=START, label=str(year))]
        if any(_value(f.get(k))[0] or is_suppressed(f.get(k)) for f in (current, previous or {})
               for k in transfer.values()):
            handles.append(Patch(facecolor="white", edgecolor=START, hatch="////",
                                 label=_("overdracht tussen aanpakken")))
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    parts = [f"{_value(current.get(key))[1]} {flow_short_label(key).lower()}" for key in groups]
    alt = _("Staafdiagram van de stroom: %(figures)s.") % {"figures": ", ".join(parts)}
    if previous is not None:
        before = [f"{_value(previous.get(key))[1]} {flow_short_label(key).lower()}" for key in groups]
        alt += " " + _("Vorig jaar: %(figures)s.") % {"figures": ", ".join(before)}
    return _render(fig, alt)


@_one_at_a_time
def overview_chart(rows: Sequence[tuple[str, int, Mapping[str, Any]]]) -> Chart:
    """Horizontal bars per approach: in regie on 1 January and on 31 December. Rows: (name, depth, flow)."""
    with matplotlib.rc_context(_RC):
        fig = _figure(0.9 + 0.32 * max(len(rows), 1))
        ax = fig.add_subplot()
        positions = list(range(len(rows)))[::-1]
        height = 0.38
        starts = [_value(flow.get("start")) for _, _, flow in rows]
        ends = [_value(flow.get("end")) for _, _, flow in rows]
        bars_start = ax.barh([p + height / 2 for p in positions], [v for v, _ in starts], height,
                             color=START, label=flow_short_label("start"))
        bars_end = ax.barh([p - height / 2 for p in positions], [v for v, _ in ends], height,
                           color=END, label=flow_short_label("end"))
        _label_bars(ax, bars_start, [t for _, t in starts], horizontal=True)
        _label_bars(ax, bars_end, [t for _, t in ends], horizontal=True)
        ax.set_yticks(positions, ["    " * depth + name for name, depth, _ in rows])
        for tick, (_name, depth, _flow) in zip(ax.get_yticklabels(), rows, strict=True):
            if depth == 0:
                tick.set_fontweight("bold")
        _integer_axis(ax.xaxis)
        ax.margins(x=0.12)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2)
    parts = [f"{name}: {_value(flow.get('start'))[1]} → {_value(flow.get('end'))[1]}" for name, _, flow in rows]
    alt = _("Staafdiagram per aanpak, in regie op 1 januari en op 31 december: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return _render(fig, alt)


@_one_at_a_time
def duration_chart(buckets: Sequence[tuple[str, Any]]) -> Chart:
    """Histogram of the duration of the trajectories closed in the year. Buckets: (label, count)."""
    with matplotlib.rc_context(_RC):
        fig = _figure(2.0)
        ax = fig.add_subplot()
        values = [_value(count) for _, count in buckets]
        bars = ax.bar(range(len(buckets)), [v for v, _ in values], 0.65, color=INFLOW)
        _label_bars(ax, bars, [t for _, t in values])
        ax.set_xticks(range(len(buckets)), [label for label, _ in buckets])
        ax.set_ylabel(_("afgesloten trajecten"))
        _integer_axis(ax.yaxis)
        ax.margins(y=0.18)
    parts = [f"{label}: {text}" for (label, _), (_, text) in zip(buckets, values, strict=True)]
    alt = _("Staafdiagram van de looptijd van de in het jaar afgesloten trajecten: %(figures)s.") % {
        "figures": ", ".join(parts)}
    return _render(fig, alt)


@_one_at_a_time
def area_chart(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Chart:
    """Horizontal bars per municipality (or district): in regie on 1 January and on 31 December."""
    with matplotlib.rc_context(_RC):
        fig = _figure(0.8 + 0.3 * max(len(rows), 1))
        ax = fig.add_subplot()
        positions = list(range(len(rows)))[::-1]
        height = 0.4
        starts = [_value(figures.get("start")) for _, figures in rows]
        ends = [_value(figures.get("end")) for _, figures in rows]
        bars_start = ax.barh([p + height / 2 for p in positions], [v for v, _ in starts], height,
                             color=START, label=flow_short_label("start"))
        bars_end = ax.barh([p - height / 2 for p in positions], [v for v, _ in ends], height,
                           color=END, label=flow_short_label("end"))
        _label_bars(ax, bars_start, [t for _, t in starts], horizontal=True)
        _label_bars(ax, bars_end, [t for _, t in ends], horizontal=True)
        ax.set_yticks(positions, [name for name, _ in rows])
        _integer_axis(ax.xaxis)
        ax.margins(x=0.12)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2)
    parts = [f"{name}: {s} → {e}" for (name, _), (_, s), (_, e) in zip(rows, starts, ends, strict=True)]
    alt = _("Staafdiagram per gemeente, in regie op 1 januari en op 31 december: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return _render(fig, alt)


@_one_at_a_time
def domain_progress_chart(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Chart:
    """Diverging stacked bars per life domain: cases that went back to the left, forward to the right.

    Rows: (domain name, {"-4" … "+4": count, "n": cases}). No change ("0") is not drawn; it is
    named with the domain (and in the table).
    """
    with matplotlib.rc_context(_RC):
        fig = _figure(1.0 + 0.34 * max(len(rows), 1))
        ax = fig.add_subplot()
        positions = list(range(len(rows)))[::-1]
        extent = 1.0
        segments = []
        for position, (_name, counts) in zip(positions, rows, strict=True):
            left = right = 0.0
            for step in (1, 2, 3, 4):
                value, text = _value(counts.get(f"-{step}"))
                if value:
                    bar = ax.barh([position], [-value], 0.62, left=[-left], color=NEGATIVE[step - 1])
                    segments.append((bar[0], text, step >= 3))
                    left += value
                value, text = _value(counts.get(f"+{step}"))
                if value:
                    bar = ax.barh([position], [value], 0.62, left=[right], color=POSITIVE[step - 1])
                    segments.append((bar[0], text, step >= 3))
                    right += value
            extent = max(extent, left, right)
        for bar, text, dark in segments:  # a number inside each segment wide enough to hold it
            if abs(bar.get_width()) >= extent * 0.035 * max(len(text), 1):
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, text, ha="center",
                        va="center", fontsize=7, color="white" if dark else "#1a1a1a")
        ax.axvline(0, color="#1a1a1a", linewidth=0.8)
        ax.set_xlim(-extent * 1.05, extent * 1.05)
        ticks = [label for label in ax.get_xticks() if abs(label) <= extent * 1.05 and float(label).is_integer()]
        ax.set_xticks(ticks, [str(int(abs(t))) for t in ticks])
        tick_labels = []
        for name, counts in rows:
            same = _value(counts.get("0"))[1]
            tick_labels.append(f"{name}\n" + _("n = %(n)s, gelijk %(same)s") % {
                "n": _value(counts.get("n"))[1], "same": same})
        ax.set_yticks(positions, tick_labels)
        ax.tick_params(axis="y", labelsize=8)
        ax.set_xlabel(_("← achteruit   aantal cliënten   vooruit →"))
        handles = [Patch(color=NEGATIVE[step - 1], label=delta_label(f"-{step}")) for step in (4, 3, 2, 1)]
        handles += [Patch(color=POSITIVE[step - 1], label=delta_label(f"+{step}")) for step in (1, 2, 3, 4)]
        fig.legend(handles=handles, loc="outside lower center", ncols=8, title=_("verschil eindmeting − nulmeting"),
                   title_fontsize=8)
    parts = []
    for name, counts in rows:
        down = _summed(counts, [f"-{s}" for s in (1, 2, 3, 4)])
        up = _summed(counts, [f"+{s}" for s in (1, 2, 3, 4)])
        parts.append(_("%(domain)s: %(up)s vooruit, %(same)s gelijk, %(down)s achteruit") % {
            "domain": name, "up": up, "same": _value(counts.get("0"))[1], "down": down})
    alt = _("Gestapeld staafdiagram van de voortgang per leefgebied tussen nulmeting en eindmeting: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return _render(fig, alt)


def _summed(counts: Mapping[str, Any], keys: Sequence[str]) -> str:
    total = sum(int(_value(counts.get(key))[0]) for key in keys)
    hidden = [str(counts[key]) for key in keys if is_suppressed(counts.get(key))]
    if hidden:
        return _("%(total)s en afgeschermde aantallen (%(hidden)s)") % {"total": total, "hidden": ", ".join(hidden)}
    return str(total)


__all__ = ["Chart", "area_chart", "domain_progress_chart", "duration_chart", "flow_chart",
           "overview_chart"]
