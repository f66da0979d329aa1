"""Hostile input to escalating and resolving: never a server error, always a form error, and nothing changes (no
escalation, no resolution, no access-log entry but reads). tests/security/test_hostile_posts.py sends its generic
values to these routes as well; this names the ones that must reach each field of these forms."""

import pytest
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry
from procesregie.escalations.models import Escalation, EscalationOutcome, EscalationReason

from ..logins import verified_client
from .conftest import agreed

pytestmark = pytest.mark.django_db

HOSTILE_CHOICES = ["99999999999999999999", "-1", "tweede waarde", "a\x00b", "😀", "x" * 10_000]
HOSTILE_TEXTS = ["a\x00b", "x" * 1_000_000, "", "   ", "<script></script>"]


def state() -> list:
    return list(Escalation.objects.order_by("pk").values_list())


def changes_since(sequence: int) -> list:
    """Granted changes in the access log (reads, and refusals logged as denied, are no change)."""
    entries = AccessLogEntry.objects.filter(sequence__gt=sequence, outcome="granted").exclude(action="read")
    return list(entries.values_list("action"))


def last() -> int:
    return AccessLogEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def raising_submissions(world, foreign_intervention):
    valid = {"escalation-reason": EscalationReason.NO_LEAD, "escalation-explanation": "Synthetisch vastgelopen"}
    foreign = {  # ids of this world that the form does not offer: another case's intervention, another organisation
        "escalation-reason": [],
        "escalation-concerns_organisation": [str(world.users["other_org"].organisation_id)],
        "escalation-concerns_intervention": [str(foreign_intervention.pk)],
    }
    for field, foreign_ids in foreign.items():
        for value in [*HOSTILE_CHOICES, *foreign_ids]:
            yield f"{field}={value[:20]!r}", {**valid, field: value}
    for value in HOSTILE_TEXTS:
        yield f"explanation={value[:20]!r}", {**valid, "escalation-explanation": value}
    yield "every field twice", {name: [value, "tweede waarde"] for name, value in valid.items()}


@pytest.mark.parametrize("htmx", [False, True])
def test_hostile_escalations_are_refused_without_a_server_error(world, htmx):
    agreed(world.case, world.users["participant"].organisation)  # so the form offers an intervention to name
    foreign = agreed(world.other_case, world.users["other_org"].organisation)
    client = verified_client(world.users["participant"])
    client.raise_request_exception = False
    url = reverse("escalations:raise", args=[world.case.pk])
    before, sequence, failures = state(), last(), []
    for label, data in raising_submissions(world, foreign):
        response = client.post(url, data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        if response.status_code != 200 or "Er is een probleem" not in response.content.decode():
            failures.append(f"{label}: {response.status_code}")
    assert failures == []
    assert state() == before and changes_since(sequence) == []


@pytest.mark.parametrize("persona", ["manager", "participant", "other_org"])
def test_hostile_resolutions_are_refused_without_a_server_error(world, persona):
    client = verified_client(world.users[persona])
    client.raise_request_exception = False
    url = reverse("escalations:detail", args=[world.escalation.pk])
    valid = {"outcome": EscalationOutcome.AGREED, "resolution": "Synthetisch besluit"}
    submissions = [{**valid, "outcome": value} for value in HOSTILE_CHOICES]
    submissions += [{**valid, "resolution": value} for value in HOSTILE_TEXTS]
    submissions += [{name: [value, "tweede waarde"] for name, value in valid.items()}]
    before, sequence, failures = state(), last(), []
    for data in submissions:
        response = client.post(url, data)
        expected = 200 if persona == "manager" else 404
        if response.status_code != expected:
            failures.append(f"{str(data)[:60]}: {response.status_code}")
    assert failures == []
    assert state() == before and changes_since(sequence) == []


@pytest.mark.parametrize("path", ["/escalaties/99999999999999999999/", "/escalaties/0/", "/casussen/99999999999999999999/escaleren/"])
def test_ids_out_of_range_are_not_found(world, path):
    client = verified_client(world.users["manager"] if path.startswith("/escalaties") else world.users["participant"])
    client.raise_request_exception = False
    assert client.get(path).status_code == 404
