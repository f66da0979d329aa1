"""Every link of an error summary leads to something on the page, and every group of options is described by its
error: the first thing a keyboard or screen-reader user does with a refused form is follow the summary.

Each form is sent empty (or with a bad value) by who may send it; radio and checkbox groups are among them
(triage's decision, closing's reason, a discussion's organisations, a measurement's levels).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from procesregie.meetings.models import AgendaItem, Meeting

from ..logins import verified_login
from ..personas import build_world

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _agenda_item(world) -> AgendaItem:
    meeting = Meeting.objects.create(ref="O-SUMMARY", table=world.case.table, date=timezone.localdate())
    return AgendaItem.objects.create(meeting=meeting, case=world.case, position=1)


def refused_forms(world):
    item = _agenda_item(world)
    case = world.case.pk
    return [
        ("regisseur", reverse("casework:triage", args=[world.pending.pk]), {}, {}),
        ("regisseur", reverse("casework:case-close", args=[case]), {"version": world.case.version}, {}),
        ("regisseur", reverse("monitoring:measurement-add", args=[case]), {"meting-date": "gisteren"}, HTMX),
        ("regisseur", reverse("meetings:discussion-edit", args=[item.meeting.pk, item.pk]),
         {f"bespreking-{item.pk}-organisations_present": "99999999999999999999"}, HTMX),
        ("functional_admin", reverse("meetings:table-edit", args=[world.case.table.pk]), {"members": "x"}, {}),
    ]


def test_every_error_summary_link_leads_to_an_element_of_the_page():
    world = build_world()
    checked = 0
    for persona, url, data, headers in refused_forms(world):
        client = Client()
        verified_login(client, world.users[persona])
        html = client.post(url, data, **headers).content.decode()
        summary = re.search(r'<div class="utrecht-alert utrecht-alert--error.*?</div>\s*</div>', html, re.S)
        assert summary, f"{url}: no error summary"
        targets = re.findall(r'href="#([^"]+)"', summary.group(0))
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        assert targets and not [t for t in targets if t not in ids], f"{url}: links to {set(targets) - ids}"
        for fieldset in re.findall(r"<fieldset[^>]*utrecht-form-fieldset--invalid[^>]*>", html):
            described = re.search(r'aria-describedby="([^"]+)"', fieldset)
            assert described and any(ref.endswith("_error") for ref in described.group(1).split()), fieldset
        checked += len(targets)
    assert checked >= 5
