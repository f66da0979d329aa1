"""Running text of the printed report: definition lists and the head of an approach (its place in the tree, its
name, what it adds up)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from .document import Chapter
from .styles import APPROACH, DEFINITION, META, PATH, SUB_APPROACH, TERM, paragraph


def definition_list(pairs: Iterable[tuple[str, str]]) -> list[Flowable]:
    """Terms in bold, each with its explanation indented under it."""
    return [KeepTogether([paragraph(term, TERM), paragraph(text, DEFINITION)]) for term, text in pairs]


def approach_head(*, key: str, name: str, depth: int, ancestors: Sequence[str], meta: str = "") -> Flowable:
    """The head of an approach: "Onderdeel van …", its name (the chapter mark for the contents, the bookmarks and,
    for a top-level approach, the running header) and `meta`; kept together and with what follows."""
    parts: list[Flowable] = [Chapter(key, name, level=1 + depth, running=depth == 0)]
    if ancestors:
        parts.append(paragraph(f"{_('Onderdeel van')} {' › '.join(ancestors)}", PATH))
    parts.append(paragraph(name, APPROACH if depth == 0 else SUB_APPROACH))
    if meta:
        parts.append(paragraph(meta, META))
    # One block, kept with what follows so that it never stands alone at the foot of a page. A table of one cell,
    # not KeepTogether: ReportLab does not keep a KeepTogether with the next flowable.
    head = Table([[parts]], hAlign="LEFT", style=TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    head.keepWithNext = 1
    return head
