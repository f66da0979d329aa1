"""The printed document: A4 pages with a running header (the approach being read) and a footer (the report's title,
"page / pages"), chapters marked for the contents and the PDF's bookmarks, laid out in one pass.

The numbers that are only known at the end (a chapter's page in the contents, the number of pages in every footer)
are PDF forms: each place shows a named form, and the forms are written when the last page is done. The contents
keep the same height whatever their numbers, so nothing moves.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .fonts import REGULAR
from .styles import (
    CONTENTS,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_SIDE,
    MARGIN_TOP,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RUNNING,
)

NUMBER_ROOM = 12 * mm  # where a page number stands, right-aligned, in the contents and the footer


def _form(kind: str, number: int) -> str:
    """The name of a number's form: by position, never by a code from the database (a form's name is a PDF name)."""
    return f"{kind}{number}"


def _number_form(canvas, name: str, x: float, y: float) -> None:
    """Show the form `name` (a number written at the end) right-aligned at `x`, on the baseline `y`."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


@dataclass
class Pages:
    """What the layout found: the page of each chapter (by key) and the number of pages."""

    of: dict[str, int] = field(default_factory=dict)
    count: int = 0


class Chapter(Flowable):
    """An invisible mark where a chapter starts: its page for the contents, a bookmark (PDF outline at `level`),
    and, with `running`, the text of the running header from here on."""

    def __init__(self, key: str, title: str, *, level: int, running: bool = False):
        super().__init__()
        self.key, self.title, self.level, self.running = key, title, level, running
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        document = self.canv._doctemplate
        document.found.of.setdefault(self.key, document.page)
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=min(self.level, document.outline_level + 1))
        document.outline_level = min(self.level, document.outline_level + 1)
        if self.running:
            document.set_running(self.title)


class Contents(Flowable):
    """The contents: a line per chapter with a dotted leader to its page number, each a link to its chapter."""

    def __init__(self, entries: Sequence[tuple[int, str, str]], *, width: float = FRAME_WIDTH):
        super().__init__()
        self.entries, self.width = list(entries), width
        self.line = CONTENTS.leading + CONTENTS.spaceAfter

    def wrap(self, available_width, available_height):
        self.width = available_width
        return self.width, self.line * len(self.entries) + 2 * mm

    def draw(self):
        canvas, size = self.canv, CONTENTS.fontSize
        keys = canvas._doctemplate.contents_keys
        canvas.setFont(REGULAR, size)
        canvas.setFillColor(CONTENTS.textColor)
        dot = stringWidth(".", REGULAR, size)
        y = self.line * len(self.entries) + 2 * mm
        for depth, title, key in self.entries:
            y -= self.line
            indent = 4 * mm * depth + (1.5 * mm if depth else 0)
            room = self.width - NUMBER_ROOM - indent - stringWidth(f"{title} ", REGULAR, size)
            canvas.drawString(indent, y, f"{title} {'.' * max(int(room / dot), 3)}")
            keys.append(key)
            _number_form(canvas, _form("contents", len(keys)), self.width, y)
            canvas.linkRect("", key, (indent, y - 2, self.width, y + size), relative=1, thickness=0)


class _Document(BaseDocTemplate):
    def __init__(self, buffer, *, title: str, author: str, stage: Callable[[str], None]):
        super().__init__(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN_SIDE, rightMargin=MARGIN_SIDE,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=author,
                         creator="Procesregie", invariant=1, lang="nl")
        self.report_title, self.stage, self.found, self.contents_keys = title, stage, Pages(), []
        self.outline_level = -1
        self._running, self._running_on_page = "", ""
        frame = Frame(MARGIN_SIDE, MARGIN_BOTTOM, FRAME_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([PageTemplate("page", frames=[frame], onPageEnd=self._furniture)])

    def set_running(self, title: str) -> None:
        """The running header shows the first chapter that starts on a page, otherwise the one read before it."""
        if not self._running_on_page:
            self._running_on_page = title
        self._running = title

    def handle_pageBegin(self):
        self._carried = self._running
        self._running_on_page = ""
        super().handle_pageBegin()

    def _furniture(self, canvas, document):
        canvas.saveState()
        canvas.setFont(REGULAR, RUNNING.fontSize)
        canvas.setFillColor(MUTED)
        running = self._running_on_page or self._carried
        if running and document.page > 1:
            canvas.drawString(MARGIN_SIDE, PAGE_HEIGHT - MARGIN_TOP + 5 * mm, running)
        canvas.drawString(MARGIN_SIDE, MARGIN_BOTTOM - 8 * mm, self.report_title)
        canvas.restoreState()
        _number_form(canvas, _form("page", document.page), PAGE_WIDTH - MARGIN_SIDE, MARGIN_BOTTOM - 8 * mm)

    def _endBuild(self):
        """After the last page: the forms with the numbers, then the file."""
        self._doSave = 0
        super()._endBuild()
        self.stage("writing")
        canvas, self.found.count = self.canv, self.page
        numbers = {_form("page", page): f"{page} / {self.found.count}" for page in range(1, self.found.count + 1)}
        numbers.update({_form("contents", number): str(self.found.of.get(key, ""))
                        for number, key in enumerate(self.contents_keys, start=1)})
        for name, text in numbers.items():
            canvas.beginForm(name, lowerx=-NUMBER_ROOM, lowery=-3 * mm, upperx=1 * mm, uppery=5 * mm)
            canvas.setFont(REGULAR, RUNNING.fontSize if name.startswith("page") else CONTENTS.fontSize)
            canvas.setFillColor(MUTED if name.startswith("page") else CONTENTS.textColor)
            canvas.drawRightString(0, 0, text)
            canvas.endForm()
        canvas.save()


def build_pdf(story: list[Flowable], *, title: str, author: str = "", stage: Callable[[str], None] | None = None,
              pages: Pages | None = None) -> bytes:
    """The PDF of `story`. `stage(name)` hears "layout" at the start and "writing" when the pages are done; `pages`,
    when given, is filled with the page of each chapter and the number of pages."""
    stage = stage or (lambda name: None)
    stage("layout")
    buffer = io.BytesIO()
    document = _Document(buffer, title=title, author=author, stage=stage)
    if pages is not None:
        document.found = pages
    document.build(story)
    return buffer.getvalue()
