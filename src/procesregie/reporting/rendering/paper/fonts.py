"""The fonts of the printed report: DejaVu Sans, the same face the web page's PDF siblings (WeasyPrint) use, from the
system's font files (Debian: fonts-dejavu-core, installed by scripts/system-packages). Embedded as subsets."""

from __future__ import annotations

import functools
from pathlib import Path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FAMILY = "DejaVuSans-Family"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
# Where distributions put them (Debian and Ubuntu first).
DIRECTORIES = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu-sans-fonts"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)


class FontsMissing(RuntimeError):
    """The report's fonts are not installed."""


def _find(name: str) -> Path:
    for directory in DIRECTORIES:
        if (directory / name).is_file():
            return directory / name
    raise FontsMissing(f"{name} not found in {', '.join(map(str, DIRECTORIES))}: install fonts-dejavu-core "
                       "(scripts/system-packages runtime)")


@functools.cache
def register() -> None:
    """Make the report's fonts known to ReportLab (once per process); bold through <b> in a paragraph too."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(_find(file))))
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
        addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
