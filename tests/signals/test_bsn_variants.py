"""A BSN typed or pasted another way (no-break spaces, slashes, underscores, double spaces, full-width digits) is
refused in an anonymous signal's free text like one typed plainly, and nothing is written."""

import pytest
from django.urls import reverse

from .helpers import logged_in, snapshot

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["111\u00a0222\u00a0333", "111/222/333", "１１１２２２３３３", "111_222_333",
                                  "111  222  333", "111 . 222 . 333", "111 - 222 - 333"])
def test_the_anonymous_form_refuses_a_bsn_however_it_is_typed(world, place, text):
    data = {"kind": "adviesgesprek", "approach": world.case.registration.approach.pk, "municipality": place.pk,
            "question": f"Het gaat om {text}", "reporter_name": "Bea", "reporter_phone": "0612345678",
            "reporter_email": ""}
    before = snapshot()
    response = logged_in(world.users["participant"]).post(reverse("signals:report-anonymous"), data)
    assert response.status_code == 200 and "Er staat een BSN in deze tekst." in response.content.decode()
    assert snapshot() == before
