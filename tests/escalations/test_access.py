"""Who escalates, reads and resolves, for every persona of tests/personas.py, through the rule and the pages.

- raise: whoever takes part in the case (its procesregisseur, the participating police);
- read: whoever sees the case, and the house's managers (not the police's `colleague`, who holds the manager role at
  a partner: an escalation of a case the police does not take part in is none of its business);
- resolve and the work list: the managers.
Everyone else gets 404 with nothing of the case in it, and nothing changes.
"""

import pytest
from django.urls import reverse

from procesregie.access import rules
from procesregie.access.capabilities import HANDLE_ESCALATIONS, may
from procesregie.escalations.models import Escalation, EscalationOutcome, EscalationReason

from ..logins import verified_client
from .conftest import escalated

pytestmark = pytest.mark.django_db

PERSONAS = ["regisseur", "regisseur_elsewhere", "participant", "removed", "other_org", "colleague", "manager",
            "privacy_officer", "functional_admin"]
TAKES_PART = {"regisseur", "participant"}
MANAGERS = {"manager"}
READS = TAKES_PART | MANAGERS


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_rules_for_each_persona(world, persona):
    user = world.users[persona]
    assert rules.can(user, rules.ESCALATE, world.case) is (persona in TAKES_PART)
    assert rules.can(user, rules.VIEW, world.escalation) is (persona in READS)
    assert rules.can(user, rules.RESOLVE, world.escalation) is (persona in MANAGERS)
    assert may(user, HANDLE_ESCALATIONS) is (persona in MANAGERS)
    # the managers read the escalation, never the case
    assert rules.can(user, rules.VIEW, world.case) is (persona in TAKES_PART)


def test_who_sees_another_case_reads_its_escalations_only(world):
    elsewhere = escalated(world.other_case)
    visible = {persona: set(rules.allowed(world.users[persona], rules.VIEW, Escalation)) for persona in PERSONAS}
    assert visible["regisseur_elsewhere"] == visible["other_org"] == {elsewhere}
    assert visible["regisseur"] == visible["participant"] == {world.escalation}
    assert visible["manager"] == {world.escalation, elsewhere}
    assert visible["colleague"] == set()
    assert visible["removed"] == visible["privacy_officer"] == visible["functional_admin"] == set()


def test_an_inactive_account_reads_and_raises_nothing(world):
    for persona in ("participant", "manager"):
        user = world.users[persona]
        user.is_active = False
        assert not rules.allowed(user, rules.VIEW, Escalation).exists()
        assert not rules.can(user, rules.ESCALATE, world.case) and not rules.can(user, rules.RESOLVE, world.escalation)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_in_the_pages(world, persona):
    client = verified_client(world.users[persona])
    ref = world.case.registration.ref
    urls = {
        "raise": reverse("escalations:raise", args=[world.case.pk]),
        "list": reverse("escalations:list"),
        "count": reverse("escalations:count"),
        "detail": reverse("escalations:detail", args=[world.escalation.pk]),
    }
    pages = {name: client.get(url) for name, url in urls.items()}
    assert (pages["raise"].status_code == 200) is (persona in TAKES_PART)
    assert (pages["detail"].status_code == 200) is (persona in READS)
    assert (pages["list"].status_code == 200) is (persona in MANAGERS)
    assert (pages["count"].status_code == 200) is (persona in MANAGERS)
    for response in pages.values():
        html = response.content.decode()
        if response.status_code != 200:
            assert response.status_code == 404 and ref not in html and "Geheime" not in html
            assert "niemand neemt de leiding" not in html
    if persona in MANAGERS:
        assert ref in pages["list"].content.decode()

    count = Escalation.objects.count()
    raised = client.post(urls["raise"], {"escalation-reason": EscalationReason.NO_LEAD,
                                         "escalation-explanation": "Synthetisch vastgelopen"})
    assert raised.status_code == (302 if persona in TAKES_PART else 404)
    assert Escalation.objects.count() == count + (persona in TAKES_PART)

    resolved = client.post(urls["detail"], {"outcome": EscalationOutcome.AGREED, "resolution": "Synthetisch besluit"})
    assert resolved.status_code == (302 if persona in MANAGERS else 404)
    assert Escalation.objects.get(pk=world.escalation.pk).is_open is (persona not in MANAGERS)


@pytest.mark.parametrize("persona", ["regisseur", "participant"])
def test_the_neighbouring_case_is_out_of_reach(world, persona):
    """The regisseur of table A and the police do not see the case at table A2, so neither escalate it nor read its
    escalations (404, as for a case that does not exist)."""
    client = verified_client(world.users[persona])
    neighbours = escalated(world.neighbour_case)
    assert client.get(reverse("escalations:raise", args=[world.neighbour_case.pk])).status_code == 404
    assert client.post(reverse("escalations:raise", args=[world.neighbour_case.pk]), {
        "escalation-reason": EscalationReason.NO_LEAD, "escalation-explanation": "x"}).status_code == 404
    assert client.get(reverse("escalations:detail", args=[neighbours.pk])).status_code == 404
    assert client.get(reverse("escalations:detail", args=[10**12])).status_code == 404
