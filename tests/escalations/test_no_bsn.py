"""An escalation's explanation and resolution hold no BSN: the house's managers read them without seeing the case
(and the resolution is on the case's timeline). A BSN there, however typed, is refused on the form with what to do,
and nothing is written."""

import pytest
from django.urls import reverse

from procesregie.core.errors import DomainError
from procesregie.escalations.models import Escalation, EscalationOutcome, EscalationReason
from procesregie.escalations.services import escalation_raise, escalation_resolve
from tests.logins import verified_client

from .conftest import entries_since, last_sequence

pytestmark = pytest.mark.django_db

REFUSED = "Er staat een BSN in de toelichting."
BSN_TEXTS = ["Jan (BSN 111222333) woont bij zijn moeder.", "bsn 111 222 333", "111/222/333", "１１１２２２３３３"]


@pytest.mark.parametrize("text", BSN_TEXTS)
def test_raising_with_a_bsn_in_the_explanation_is_refused(world, partner, text):
    count, before = Escalation.objects.count(), last_sequence()
    with pytest.raises(DomainError, match=REFUSED):
        escalation_raise(actor=partner, case=world.case, reason=EscalationReason.NO_LEAD, explanation=text)
    assert Escalation.objects.count() == count and entries_since(before) == []


@pytest.mark.parametrize("text", BSN_TEXTS)
def test_resolving_with_a_bsn_in_the_resolution_is_refused(world, manager, text):
    with pytest.raises(DomainError, match=REFUSED):
        escalation_resolve(actor=manager, escalation=world.escalation, outcome=EscalationOutcome.AGREED,
                           resolution=text)
    assert Escalation.objects.get(pk=world.escalation.pk).is_open


def test_the_raise_form_says_so_and_keeps_the_text(world, partner):
    count = Escalation.objects.count()
    response = verified_client(partner).post(reverse("escalations:raise", args=[world.case.pk]), {
        "escalation-reason": EscalationReason.NO_LEAD, "escalation-explanation": "Het gaat om 111 222 333.",
    })
    html = response.content.decode()
    assert response.status_code == 200 and REFUSED in html and "haal het nummer weg" in html
    assert "Het gaat om 111 222 333." in html  # back in the field, to be corrected
    assert Escalation.objects.count() == count


def test_the_resolve_form_says_so(world, manager):
    response = verified_client(manager).post(reverse("escalations:detail", args=[world.escalation.pk]), {
        "outcome": EscalationOutcome.AGREED, "resolution": "Afgesproken met 111.222.333.",
    })
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert Escalation.objects.get(pk=world.escalation.pk).is_open


def test_numbers_that_are_no_bsn_are_fine(world, partner):
    escalation = escalation_raise(actor=partner, case=world.case, reason=EscalationReason.NO_LEAD,
                                  explanation="Bel de wijkagent op 06 1234 5678; dossier 123456789.")
    assert escalation.explanation.endswith("dossier 123456789.")
