"""The outcomes report's charts: SVG drawn on the server with the annual report's drawing (svg_drawing.Drawing and
the helpers of rendering/charts.py), no plotting library.

- `recidivism_chart`: per group (the approach, and its comparison group beside it) two bars, police registrations
  in the year before and in the year after the first discussion, each group on its own scale (the groups differ
  in size; the drop within each is what is compared). The 95 % interval of the change is an error bar on the
  "after" bar: the numbers after that the interval's ends would mean with the same number before.
- `domain_chart`: a diverging bar per life domain, trajectories that went back to the left, forward to the right;
  those that stayed the same are named with the domain ("n = 34, gelijk 10").

A hidden count ("<N", "afg.") is drawn as nothing and named, and a hidden or missing interval is not drawn, so a
chart never shows more than its table. Every bar carries `data-key` (`cohort-before`, `comparison-after`,
`improved`, …) and every chart an `alt` text with its figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ..charts import (
    INFLOW,
    LABEL_SIZE,
    LINE_HEIGHT,
    MARGIN,
    MAX_LABEL_SHARE,
    MIN_PLOT_WIDTH,
    NEGATIVE,
    POSITIVE,
    START,
    TINY_SIZE,
    WIDTH,
    Chart,
    _chart,
    _value,
)
from ..svg_drawing import INK, MUTED, SMALL_SIZE, Drawing, nice_scale, text_width, wrap
from .wording import count, interval, side_label

PANEL_WIDTH = (WIDTH - 2 * MARGIN) / 2
PLOT_HEIGHT = 170
COLOURS = {"before": START, "after": INFLOW}
CAP = 7  # half the width of an error bar's caps, px


@dataclass(frozen=True)
class Panel:
    key: str  # "cohort" or "comparison": the prefix of its bars' data-key
    title: str  # "Aanpak (n = 281)"
    before: Any  # a count or its hidden text
    after: Any
    ci: Any  # [low, high] in %, None, or a hidden text


def _shown(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def interval_counts(panel: Panel) -> tuple[float, float] | None:
    """The interval as numbers of registrations after, given the number before; None when not drawn."""
    if not (_shown(panel.before) and _shown(panel.after) and isinstance(panel.ci, (list, tuple))):
        return None
    low, high = (max(panel.before * (1 + bound / 100), 0.0) for bound in panel.ci)
    return low, high


def _panel(drawing: Drawing, panel: Panel, left: float, top: float) -> float:
    """One group's two bars and error bar in the box from `left`, `PANEL_WIDTH` wide; returns its bottom."""
    drawing.text("category", left + PANEL_WIDTH / 2, top + 12, panel.title, size=LABEL_SIZE, anchor="middle",
                 bold=True)
    values = {side: _value(getattr(panel, side)) for side in ("before", "after")}
    whisker = interval_counts(panel)
    right = left + PANEL_WIDTH - 12
    axis = drawing.value_axis(max([value for value, _ in values.values()] + ([whisker[1]] if whisker else [])),
                              left=left, right=right, top=top + 12 + LINE_HEIGHT, height=PLOT_HEIGHT, label=count)
    y_of, bottom = axis.y, axis.bottom
    slot = (right - axis.left) / 2
    width = slot * 0.5
    for index, side in enumerate(("before", "after")):
        centre = axis.left + slot * (index + 0.5)
        value, text = values[side]
        drawing.bar(f"{panel.key}-{side}", centre - width / 2, y_of(value), width, bottom - y_of(value),
                    COLOURS[side])
        drawing.text("category", centre, bottom + 15, side_label(side), anchor="middle")
        drawing.text("value", centre, bottom + 30, count(getattr(panel, side)) if _shown(getattr(panel, side))
                     else text, anchor="middle", bold=True)
        if side == "after" and whisker:
            low, high = (y_of(bound) for bound in whisker)
            drawing.bar(f"{panel.key}-ci", centre - 0.75, high, 1.5, low - high, INK, kind="interval")
            for y in (low, high):
                drawing.bar(f"{panel.key}-ci-cap", centre - CAP, y - 0.75, 2 * CAP, 1.5, INK, kind="interval-cap")
    return bottom + 30 + 4


def recidivism_chart(panels: Sequence[Panel]) -> Chart:
    """Before and after bars per group, side by side, each with its error bar."""
    drawing = Drawing()
    top = drawing.legend([(COLOURS["before"], "", side_label("before")), (COLOURS["after"], "", side_label("after")),
                          (INK, "", _("95%-interval van de verandering"))], top=MARGIN, left=MARGIN,
                         right=WIDTH - MARGIN) + 6
    bottom = top
    for index, panel in enumerate(panels):
        bottom = max(bottom, _panel(drawing, panel, MARGIN + index * PANEL_WIDTH, top))
    width = MARGIN * 2 + PANEL_WIDTH * max(len(panels), 2)
    parts = [_("%(group)s: %(before)s in het jaar ervoor, %(after)s in het jaar erna, 95%%-interval van de "
               "verandering %(interval)s") % {"group": panel.title, "before": _value(panel.before)[1] if not
                                               _shown(panel.before) else count(panel.before),
                                               "after": _value(panel.after)[1] if not _shown(panel.after)
                                               else count(panel.after), "interval": interval(panel.ci)}
             for panel in panels]
    alt = _("Staafdiagram van de politieregistraties in het jaar voor en na de eerste bespreking: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return _chart(drawing, width, bottom + MARGIN, alt)


def domain_chart(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> Chart:
    """Per life domain (name, published figures): worse to the left of the axis, improved to the right."""
    drawing = Drawing()
    laid_out = []
    for name, figures in rows:
        lines = wrap(name, WIDTH * MAX_LABEL_SHARE, LABEL_SIZE)
        detail = _("n = %(n)s, gelijk %(same)s") % {"n": _value(figures.get("n"))[1],
                                                   "same": _value(figures.get("same"))[1]}
        laid_out.append((lines, detail, _value(figures.get("worse")), _value(figures.get("improved")),
                         max(34, LINE_HEIGHT * (len(lines) + 1) + 8)))
    label_width = max([max(text_width(t, LABEL_SIZE) for t in lines) for lines, *_ in laid_out]
                      + [text_width(detail, SMALL_SIZE) for _, detail, *_ in laid_out], default=0)
    side_room = max([text_width(text, SMALL_SIZE) + 8 for *_, worse, improved, _ in laid_out
                     for _, text in (worse, improved)], default=0)
    left = MARGIN + label_width + 10
    width = max(WIDTH, left + MIN_PLOT_WIDTH + MARGIN)
    right = width - MARGIN
    zero = (left + right) / 2
    step, highest = nice_scale(max([max(worse[0], improved[0]) for *_, worse, improved, _ in laid_out], default=0))
    scale = ((right - left) / 2 - side_room) / highest
    y = top = MARGIN
    for lines, detail, worse, improved, pitch in laid_out:
        centre = y + pitch / 2
        first = centre - len(lines) * LINE_HEIGHT / 2 + 4
        for number, line in enumerate(lines):
            drawing.text("category", left - 10, first + number * LINE_HEIGHT, line, size=LABEL_SIZE, anchor="end")
        drawing.text("detail", left - 10, first + len(lines) * LINE_HEIGHT, detail, fill=MUTED, anchor="end")
        for key, (value, text), sign, colour in (("worse", worse, -1, NEGATIVE[2]), ("improved", improved, 1,
                                                                                      POSITIVE[2])):
            length = value * scale
            drawing.bar(key, zero if sign > 0 else zero - length, centre - 9, length, 18, colour)
            drawing.text("value", zero + sign * (length + 4), centre + 4, text, size=SMALL_SIZE if value else TINY_SIZE,
                         fill=INK if value else MUTED, anchor="start" if sign > 0 else "end")
        y += pitch
    for tick in range(-highest, highest + 1, step):
        drawing.line(zero + tick * scale, top, zero + tick * scale, y)
        drawing.text("tick", zero + tick * scale, y + 14, str(abs(tick)), fill=MUTED, anchor="middle")
    drawing.line(zero, top, zero, y, stroke=INK, over=True)
    bottom = drawing.legend([(NEGATIVE[2], "", _("achteruit")), (POSITIVE[2], "", _("vooruit"))], top=y + 24,
                            left=MARGIN, right=width - MARGIN, centred=True)
    drawing.text("caption", zero, bottom + 12, _("aantal trajecten, eindmeting tegenover nulmeting"), fill=MUTED,
                 anchor="middle")
    parts = [_("%(domain)s: %(improved)s vooruit, %(same)s gelijk, %(worse)s achteruit") % {
        "domain": name, "improved": _value(figures.get("improved"))[1], "same": _value(figures.get("same"))[1],
        "worse": _value(figures.get("worse"))[1]} for name, figures in rows]
    alt = _("Staafdiagram van de voortgang per leefgebied tussen nulmeting en eindmeting: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return _chart(drawing, width, bottom + 12 + MARGIN, alt)


__all__ = ["Panel", "domain_chart", "interval_counts", "recidivism_chart"]
