"""What is still open in a case: the goals and interventions that closing it would leave behind.

Casework sits below the apps that hold that work (plans), so it does not read their models: each such app
registers a source in its `AppConfig.ready()`, and the closing form and `case_close` ask `open_items(case)`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OpenItem:
    kind: str  # a stable name for tests and styling: "goal", "intervention"
    label: str  # what the closing form lists (free text of the case: shown only to who may change it)


_SOURCES: list[Callable[..., list[OpenItem]]] = []


def register(source: Callable[..., list[OpenItem]]) -> None:
    """Add `source(case) -> [OpenItem]` (once, however often an app is made ready)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def open_items(case) -> list[OpenItem]:
    """Everything still open in `case`, in the order the sources were registered."""
    return [item for source in _SOURCES for item in source(case)]
