"""Helpers for the signal tests: logged-in clients, the access log since a moment, a snapshot of what signals write."""

from django.test import Client

from procesregie.audit.models import AccessLogEntry
from procesregie.casework.models import Registration
from procesregie.casework.services import ContactPerson
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, System, SystemMember

from ..logins import verified_login

REPORTER = ContactPerson(name="Wijkagent Jansen", phone="06 1234 5678")


def logged_in(user) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def last_sequence() -> int:
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


def new_entries(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(sequence__gt=since).order_by("sequence"))


def snapshot() -> list[list[dict]]:
    """Every row a signal service can write, to prove that a refusal changed nothing."""
    models = (Signal, Registration, Person, System, SystemMember)
    return [list(model.objects.order_by("pk").values()) for model in models]
