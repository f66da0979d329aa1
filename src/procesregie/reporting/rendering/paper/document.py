"""The printed document: A4 pages with a running header (the approach being read) and a footer (the report's title,
"page / pages"), chapters marked for the contents and the PDF's bookmarks, built in passes until the page numbers in
the contents hold.

The story is made afresh for every pass by `make_story(pages)`, where `pages` holds what the previous pass found
(the page of each chapter, the number of pages): a laid-out flowable cannot be laid out twice.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from .fonts import REGULAR, register
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

MAX_PASSES = 4


@dataclass
class Pages:
    """What a pass found: the page of each chapter (by key) and the number of pages. Empty before the first."""

    of: dict[str, int] = field(default_factory=dict)
    count: int = 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Pages) and (self.of, self.count) == (other.of, other.count)


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
    """The contents: a line per chapter with a dotted leader to its page number (from the previous pass), each a link
    to its chapter."""

    def __init__(self, entries: Sequence[tuple[int, str, str]], pages: Pages, *, width: float = FRAME_WIDTH):
        super().__init__()
        self.entries, self.pages, self.width = list(entries), pages, width
        self.line = CONTENTS.leading + CONTENTS.spaceAfter

    def wrap(self, available_width, available_height):
        self.width = available_width
        return self.width, self.line * len(self.entries) + 2 * mm

    def draw(self):
        canvas, size = self.canv, CONTENTS.fontSize
        canvas.setFont(REGULAR, size)
        canvas.setFillColor(CONTENTS.textColor)
        dot = stringWidth(".", REGULAR, size)
        y = self.line * len(self.entries) + 2 * mm
        for depth, title, key in self.entries:
            y -= self.line
            indent = 4 * mm * depth + (1.5 * mm if depth else 0)
            number = str(self.pages.of.get(key, ""))
            number_width = stringWidth(number, REGULAR, size)
            title_width = stringWidth(title, REGULAR, size)
            room = self.width - indent - number_width - title_width - 2 * dot
            leader = "." * max(int(room / dot) - 1, 3)
            canvas.drawString(indent, y, f"{title} {leader}")
            canvas.drawRightString(self.width, y, number)
            if number:
                canvas.linkRect("", key, (indent, y - 2, self.width, y + size), relative=1, thickness=0)


class _Document(BaseDocTemplate):
    def __init__(self, buffer, *, title: str, author: str, pages: Pages):
        super().__init__(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN_SIDE, rightMargin=MARGIN_SIDE,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=author,
                         creator="Procesregie", invariant=1, lang="nl")
        self.report_title, self.previous, self.found = title, pages, Pages()
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
        canvas.drawRightString(PAGE_WIDTH - MARGIN_SIDE, MARGIN_BOTTOM - 8 * mm,
                               f"{document.page} / {self.previous.count or document.page}")
        canvas.restoreState()


def build_pdf(make_story: Callable[[Pages], list[Flowable]], *, title: str, author: str = "",
              stage: Callable[[str], None] | None = None) -> bytes:
    """The PDF of the story `make_story(pages)` makes, laid out until its page numbers hold (at most MAX_PASSES)."""
    register()
    stage = stage or (lambda name: None)
    pages = Pages()
    for number in range(1, MAX_PASSES + 1):
        stage("layout" if number == 1 else "writing")  # the second pass is the one that is kept, nearly always
        buffer = io.BytesIO()
        document = _Document(buffer, title=title, author=author, pages=pages)
        document.build(make_story(pages))
        document.found.count = document.page
        if document.found == pages:
            break
        pages = document.found
    return buffer.getvalue()
