"""The extension page is no dead end (UX review of issue 14, item 9): it links back to where the user came from (a
path on this site only), returns there after saving with the success message, and shows every error at once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.retention.due import subject_due
from procesregie.retention.models import RetentionExtension
from tests import factories as f
from tests.logins import verified_client
from tests.personas import build_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
A_BSN = "111222333"  # passes the 11-proef


@pytest.fixture
def world(db):
    world = build_world()
    case = world.case
    case.status, case.end_date = "closed", TODAY() - datetime.timedelta(days=30)
    case.end_reason = f.closing_reason("positief")
    case.save()
    world.person = case.registration.person
    world.url = reverse("retention:extend", args=[world.person.subject_key])
    return world


def back_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)" data-testid="back-link"', html)


def test_the_page_links_back_and_saving_returns_there(world):
    client = verified_client(world.users["privacy_officer"])
    subject_page = reverse("privacy:subject-detail", args=[world.person.subject_key])
    html = client.get(world.url, {"next": subject_page}).content.decode()
    assert back_links(html) == [subject_page]
    until = subject_due(person=world.person).due_on + datetime.timedelta(days=365)
    response = client.post(world.url, {"extension-until": until.isoformat(), "extension-reason": "Lopend onderzoek",
                                       "extension-next": subject_page}, follow=True)
    assert response.redirect_chain == [(subject_page, 302)]
    assert "De bewaartermijn is verlengd." in response.content.decode()
    assert RetentionExtension.objects.filter(person=world.person, until=until).exists()


def test_the_page_goes_back_to_the_referring_page_of_this_site(world):
    client = verified_client(world.users["regisseur"])
    case_page = f"/casussen/{world.case.pk}/"
    html = client.get(world.url, headers={"referer": f"http://testserver{case_page}"}).content.decode()
    assert back_links(html) == [case_page]


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_elsewhere_is_ignored(world, elsewhere):
    client = verified_client(world.users["privacy_officer"])
    assert back_links(client.get(world.url, {"next": elsewhere}).content.decode()) == []
    until = subject_due(person=world.person).due_on + datetime.timedelta(days=365)
    response = client.post(world.url, {"extension-until": until.isoformat(), "extension-reason": "Lopend onderzoek",
                                       "extension-next": elsewhere})
    assert response.status_code == 302 and response["Location"] == world.url


def test_a_past_date_and_a_bsn_are_refused_together(world):
    client = verified_client(world.users["privacy_officer"])
    response = client.post(world.url, {"extension-until": (TODAY() - datetime.timedelta(days=3)).isoformat(),
                                       "extension-reason": f"BSN {A_BSN} heeft bezwaar"})
    assert response.status_code == 200
    summary = response.content.decode().split("procesregie-error-summary")[1].split("</ul>")[0]
    assert "De nieuwe datum moet na vandaag liggen." in summary
    assert "Er staat een BSN in de reden." in summary
    assert not RetentionExtension.objects.exists()
