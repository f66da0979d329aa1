"""Helpers for the signal tests: a snapshot of what signals write; logged-in clients and the access log since a moment
(those of the casework tests)."""

from procesregie.casework.models import Registration
from procesregie.casework.services import ContactPerson
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, System, SystemMember

from ..casework.helpers import last_sequence, logged_in, new_entries

__all__ = ["REPORTER", "last_sequence", "logged_in", "new_entries", "snapshot"]

REPORTER = ContactPerson(name="Wijkagent Jansen", phone="06 1234 5678")


def snapshot() -> list[list[dict]]:
    """Every row a signal service can write, to prove that a refusal changed nothing."""
    models = (Signal, Registration, Person, System, SystemMember)
    return [list(model.objects.order_by("pk").values()) for model in models]
