"""Helpers for the casework flow tests: logged-in clients, the access log since a moment, snapshots."""

import re

from django.test import Client

from procesregie.audit.models import AccessLogEntry
from procesregie.casework.models import Case, Participation, Registration
from procesregie.subjects.models import Person, System, SystemMember

from ..logins import verified_login

HTMX = {"HTTP_HX_REQUEST": "true"}


def logged_in(user) -> Client:
    client = Client()
    verified_login(client, user)
    return client


def last_sequence() -> int:
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


def new_entries(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(sequence__gt=since).order_by("sequence"))


def summary(entries) -> list[tuple]:
    """(action, object type, subject key, purpose case id, outcome) per entry: what the tests compare."""
    return [(e.action, e.object_type, e.subject_key, e.purpose_case_id, e.outcome) for e in entries]


def snapshot():
    """Every row that registration, triage and case changes can write, to prove a refusal changed nothing."""
    models = (Registration, Case, Participation, Person, System, SystemMember)
    return [list(model.objects.order_by("pk").values()) for model in models]


def assert_no_inline_script_or_style(html: str) -> None:
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def assert_every_input_has_a_label(html: str) -> None:
    """Each visible input, select and textarea has a <label for> with its id (or sits in a labelled fieldset)."""
    ids = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        match = re.search(r'\bid="([^"]+)"', tag)
        assert match and match.group(1) in ids, f"no label for {tag}"
