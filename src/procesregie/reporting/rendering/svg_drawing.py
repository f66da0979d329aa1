"""A small SVG drawing for the report's charts: shapes at computed positions, written as one SVG document.

`Drawing` collects grid lines, bars, axis lines, legend swatches and text; `Drawing.svg` writes them. Positions
are CSS px, turned into text here by `number` (one decimal, a dot, whatever the locale). Presentation is set with
SVG attributes only, never `style` (the same rule as the page's Content-Security-Policy). Every value is escaped
as it is written (`escape`), so a name from the database stays text. The same shapes give the same bytes.
Written in Python rather than by a template: the annual report's page draws 45 charts, and a template took a third
of the page's time.

Also here: an estimate of the width of a text (for margins that fit the longest name), wrapping a
label onto lines, and integer axes at "nice" steps.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.html import escape

FONT = "sans-serif"
INK, MUTED, GRID = "#1a1a1a", "#595959", "#d9d9d9"  # text and axes (contrast ≥ 4.5:1 on white), grid lines
SMALL_SIZE = 11  # px: ticks, values, legend
SWATCH = 12  # px: the side of a legend's colour square

# Advance widths of printable ASCII (" " to "~") in DejaVu Sans, in hundredths of an em: the font that
# "sans-serif" means on the server (WeasyPrint); the usual fonts of browsers (Arial, Helvetica) are narrower.
_ASCII_WIDTHS = (
    32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64,
    64, 64, 34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79,
    60, 79, 69, 63, 61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63,
    63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
)
BOLD_WIDTH = 1.13  # DejaVu Sans Bold is about this much wider
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold, even escaped


@functools.lru_cache(maxsize=512)
def _em(character: str) -> float:
    """The width of one character in ems: an accented letter as its letter, anything else as wide as "→"."""
    base = unicodedata.normalize("NFKD", character)[:1] or " "
    return _ASCII_WIDTHS[ord(base) - 32] / 100 if " " <= base <= "~" else 0.84


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in px at font size `size` as DejaVu Sans draws it (Arial and Helvetica need less)."""
    return sum(_em(c) for c in text) * size * (BOLD_WIDTH if bold else 1.0)


def wrap(text: str, limit: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `limit` where spaces allow; words are never cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size, bold) > limit:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def nice_scale(maximum: float) -> tuple[int, int]:
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


def number(value: float) -> str:
    """A coordinate as SVG text: at most one decimal, a dot, never "-0"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Line:
    x1: str
    y1: str
    x2: str
    y2: str
    stroke: str


@dataclass(frozen=True)
class Rect:
    kind: str  # the class: "bar", "bar bar--previous", "bar bar--transfer"; empty for legend swatches
    key: str  # the figure it draws ("inflow", "+2", …)
    x: str
    y: str
    width: str
    height: str
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class Text:
    kind: str  # the class: "tick", "category", "value", "legend", "detail", "caption"
    x: str
    y: str
    text: str
    size: int
    fill: str
    anchor: str
    bold: bool


@dataclass(frozen=True)
class ValueAxis:
    """A drawn vertical value axis (`Drawing.value_axis`): the plot starts at `left`, 0 is at `bottom`, `highest` at
    `bottom - height`."""

    left: float
    bottom: float
    highest: int
    height: float

    def length(self, value: float) -> float:
        """The height in px that `value` takes on this axis."""
        return value / self.highest * self.height

    def y(self, value: float) -> float:
        return self.bottom - self.length(value)


@dataclass
class Drawing:
    """The shapes of one chart, drawn in this order: grid lines, bars, axis lines, legend swatches, text."""

    hatches: dict[str, str] = field(default_factory=dict)  # pattern id -> colour
    grid: list[Line] = field(default_factory=list)
    bars: list[Rect] = field(default_factory=list)
    axes: list[Line] = field(default_factory=list)
    swatches: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    def hatch(self, colour: str) -> str:
        """The fill of a hatched area in `colour` (diagonal lines on white)."""
        pattern = "hatch-" + colour.lstrip("#")
        self.hatches[pattern] = colour
        return f"url(#{pattern})"

    def line(self, x1: float, y1: float, x2: float, y2: float, *, stroke: str = GRID, over: bool = False) -> None:
        """A grid line under the bars, or (`over`) an axis line over them."""
        (self.axes if over else self.grid).append(Line(number(x1), number(y1), number(x2), number(y2), stroke))

    def bar(self, key: str, x: float, y: float, width: float, height: float, fill: str, *, stroke: str = "",
            kind: str = "bar") -> None:
        if width > 0 and height > 0:  # a zero or suppressed value is drawn as nothing
            self.bars.append(Rect(kind, key, number(x), number(y), number(width), number(height), fill, stroke))

    def text(self, kind: str, x: float, y: float, text: str, *, size: int = SMALL_SIZE, fill: str = INK,
             anchor: str = "start", bold: bool = False) -> None:
        """`text` with its baseline at `y`; `anchor` "start", "middle" or "end" at `x`."""
        self.texts.append(Text(kind, number(x), number(y), _NOT_XML.sub("", text), size, fill, anchor, bold))

    def value_axis(self, largest: float, *, left: float, right: float, top: float, height: float,
                   label: Callable[[int], str] = str) -> ValueAxis:
        """A vertical integer axis from 0 to a nice scale (`nice_scale`) over `largest`, `height` px tall from `top`:
        the tick labels (`label(tick)`) right-aligned from `left`, grid lines to `right`, and the base line over the
        bars. Returns where the plot starts and how a value maps to a height."""
        step, highest = nice_scale(largest)
        ticks = range(0, highest + 1, step)
        axis = ValueAxis(left + max(text_width(label(t), SMALL_SIZE) for t in ticks) + 6, top + height, highest, height)
        for tick in ticks:
            self.line(axis.left, axis.y(tick), right, axis.y(tick))
            self.text("tick", axis.left - 6, axis.y(tick) + 4, label(tick), fill=MUTED, anchor="end")
        self.line(axis.left, axis.bottom, right, axis.bottom, stroke=MUTED, over=True)
        return axis

    def legend(self, items: Sequence[tuple[str, str, str]], *, top: float, left: float, right: float,
               centred: bool = False) -> float:
        """Swatches with their text, (fill, stroke, text) each, in rows from `top`; returns the bottom."""
        rows: list[list[tuple[float, tuple[str, str, str]]]] = [[]]
        used = 0.0
        for item in items:
            width = SWATCH + 6 + text_width(item[2], SMALL_SIZE) + 16
            if rows[-1] and used + width > right - left:
                rows.append([])
                used = 0.0
            rows[-1].append((width, item))
            used += width
        for row in rows:
            x = left + ((right - left) - sum(w for w, _ in row) + 16) / 2 if centred else left
            for width, (fill, stroke, text) in row:
                self.swatches.append(Rect("", "", number(x), number(top + 1), str(SWATCH), str(SWATCH), fill, stroke))
                self.text("legend", x + SWATCH + 6, top + 11, text)
                x += width
            top += 18
        return top

    def svg(self, width: int, height: int, alt: str) -> str:
        """The SVG document, `width` × `height` px, named by `alt` (its <title>)."""
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n\n\n',  # the empty lines: the bytes the template wrote
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}"'
            f' role="img" aria-labelledby="title" font-family="{escape(FONT)}">\n',
            f'<title id="title">{escape(_NOT_XML.sub("", alt))}</title>\n',
        ]
        if self.hatches:
            parts.append("<defs>")
            parts.extend(
                f'\n<pattern id="{escape(key)}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="#ffffff"/><path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5"'
                f' stroke="{escape(colour)}" stroke-width="1.3"/></pattern>'
                for key, colour in self.hatches.items()
            )
            parts.append("\n</defs>")
        parts.append(f'\n<rect width="{width}" height="{height}" fill="#ffffff"/>\n<g class="grid" stroke-width="1">')
        parts.extend(_line(line) for line in self.grid)
        parts.append('\n</g>\n<g class="bars">')
        parts.extend(_rect(bar, labelled=True) for bar in self.bars)
        parts.append('\n</g>\n<g class="axes" stroke-width="1">')
        parts.extend(_line(line) for line in self.axes)
        parts.append('\n</g>\n<g class="legend">')
        parts.extend(_rect(swatch, labelled=False) for swatch in self.swatches)
        parts.append('\n</g>\n<g class="labels">')
        parts.extend(_text(text) for text in self.texts)
        parts.append("\n</g>\n</svg>\n")
        return "".join(parts)


def _line(line: Line) -> str:
    return (f'\n<line x1="{escape(line.x1)}" y1="{escape(line.y1)}" x2="{escape(line.x2)}" y2="{escape(line.y2)}"'
            f' stroke="{escape(line.stroke)}"/>')


def _rect(rect: Rect, *, labelled: bool) -> str:
    """A bar (`labelled`: with its class and the figure it draws) or a legend swatch."""
    label = f' class="{escape(rect.kind)}" data-key="{escape(rect.key)}"' if labelled else ""
    stroke = f' stroke="{escape(rect.stroke)}" stroke-width="1"' if rect.stroke else ""
    return (f'\n<rect{label} x="{escape(rect.x)}" y="{escape(rect.y)}" width="{escape(rect.width)}"'
            f' height="{escape(rect.height)}" fill="{escape(rect.fill)}"{stroke}/>')


def _text(text: Text) -> str:
    anchor = f' text-anchor="{escape(text.anchor)}"' if text.anchor != "start" else ""
    bold = ' font-weight="bold"' if text.bold else ""
    return (f'\n<text class="{escape(text.kind)}" x="{escape(text.x)}" y="{escape(text.y)}" font-size="{escape(text.size)}"'
            f' fill="{escape(text.fill)}"{anchor}{bold}>{escape(text.text)}</text>')
