"""The shielding rules in the access matrix: every page that shows a case's content × every persona who sees the
case × every kind of shielded item (access.shielding, docs/decisions/0020).

The world (tests/personas.py with its two limited partners) gets, on `world.case` (reported by the police):
- a registration reason (justice data: the police registered the case),
- a short update by the police (justice data), one marked "alleen publieke partners", and an ordinary one,
- an intervention carried by the police (justice data) and one carried by the housing corporation,
- in the guest meeting (today, so held): discussion notes marked "alleen publieke partners", a decision so marked,
  a decision the police follows up (justice data) and an ordinary decision,
- the police's escalation explanation (justice data),
- the privacy officer's text of a restriction of processing in force and of a correction (decision 0019).
Who sees the case in full (its procesregisseur, the police) finds every shielded text; the private and the
incidental partner find none, while the ordinary texts show (so the page did show the case).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.accounts.models import Organisation, OrganisationKind
from procesregie.meetings.models import Decision, Discussion
from procesregie.plans.models import CaseIntervention, CaseUpdate
from procesregie.subjects.models import RightsRequest, RightsRequestKind

from ..factories import InterventionFactory
from ..logins import verified_client
from ..personas import build_world

pytestmark = pytest.mark.django_db

SHIELDED = {
    "reason": "JUSTITIE-REDEN-QX",
    "police update": "JUSTITIE-UPDATE-QX",
    "public-only update": "PUBLIEK-UPDATE-QX",
    "police intervention": "Justitietoezicht-QX",
    "public-only notes": "PUBLIEKE-NOTITIE-QX",
    "public-only decision": "PUBLIEK-BESLUIT-QX",
    "police decision": "JUSTITIE-BESLUIT-QX",
    "escalation explanation": "niemand neemt de leiding",
    "restriction text": "BEPERKING-TEKST-QX",
    "correction text": "CORRECTIE-TEKST-QX",
}
ORDINARY = {"update": "GEWONE-UPDATE-QX", "decision": "GEWOON-BESLUIT-QX", "intervention": "Woonbegeleiding-QX"}
RESTRICTED_SINCE = datetime.date(2026, 1, 5)
FULL = ["regisseur", "participant"]
LIMITED = ["private_partner", "incidental_partner"]


@pytest.fixture
def world():
    world = build_world(limited_partners=True)
    case = world.case
    police = world.users["participant"].organisation
    housing = world.users["private_partner"].organisation
    house = Organisation.objects.get(kind=OrganisationKind.ZVH)
    registration = case.registration
    registration.reason = SHIELDED["reason"]
    registration.save(update_fields=["reason"])
    CaseUpdate.objects.create(case=case, organisation=police, text=SHIELDED["police update"])
    CaseUpdate.objects.create(case=case, organisation=house, text=SHIELDED["public-only update"], public_only=True)
    CaseUpdate.objects.create(case=case, organisation=house, text=ORDINARY["update"])
    today = timezone.localdate()
    CaseIntervention.objects.create(case=case, organisation=police, agreed_on=today,
                                    intervention=InterventionFactory(name=SHIELDED["police intervention"]))
    CaseIntervention.objects.create(case=case, organisation=housing, agreed_on=today,
                                    intervention=InterventionFactory(name=ORDINARY["intervention"]))
    item = world.guest_meeting.agenda_items.get()
    Discussion.objects.create(meeting=world.guest_meeting, case=case, date=today, notes=SHIELDED["public-only notes"],
                              public_only=True)
    Decision.objects.create(agenda_item=item, text=SHIELDED["public-only decision"], owner=house, public_only=True)
    Decision.objects.create(agenda_item=item, text=SHIELDED["police decision"], owner=police)
    Decision.objects.create(agenda_item=item, text=ORDINARY["decision"], owner=house)
    RightsRequest.objects.create(person=registration.person, kind=RightsRequestKind.BEPERKING,
                                 received_on=RESTRICTED_SINCE, description=SHIELDED["restriction text"])
    RightsRequest.objects.create(person=registration.person, kind=RightsRequestKind.CORRECTIE,
                                 received_on=RESTRICTED_SINCE, description=SHIELDED["correction text"])
    return world


def pages(world) -> dict[str, tuple[str, set[str]]]:
    """Each page, with the ordinary texts it shows whoever sees the case (and the shielded ones of those kinds)."""
    item = world.guest_meeting.agenda_items.get()
    return {
        "case page": (reverse("casework:case-detail", args=[world.case.pk]), {"update", "decision", "intervention"}),
        "print view": (reverse("casework:case-print", args=[world.case.pk]), {"update", "decision", "intervention"}),
        "meeting": (reverse("meetings:meeting-detail", args=[world.guest_meeting.pk]), {"decision"}),
        "case summary": (reverse("meetings:case-summary", args=[world.guest_meeting.pk, item.pk]),
                         {"update", "decision", "intervention"}),
        "registration": (reverse("casework:registration-detail", args=[world.case.registration.pk]), set()),
        "escalation": (reverse("escalations:detail", args=[world.escalation.pk]), set()),
    }


@pytest.mark.parametrize("persona", FULL + LIMITED)
@pytest.mark.parametrize("page", ["case page", "print view", "meeting", "case summary", "registration", "escalation"])
def test_shielded_items_per_page_and_persona(world, persona, page):
    url, ordinary = pages(world)[page]
    response = verified_client(world.users[persona]).get(url)
    assert response.status_code == 200, f"{persona} cannot open the {page}"
    body = response.content.decode()
    for kind in ordinary:
        assert ORDINARY[kind] in body, f"{persona}: the {page} lacks the ordinary {kind}"
    shown = {kind for kind, text in SHIELDED.items() if text in body}
    if persona in LIMITED:
        assert not shown, f"{persona} sees on the {page}: {sorted(shown)}"
    else:
        assert shown, f"{persona} sees nothing shielded on the {page}: the test would prove nothing"


@pytest.mark.parametrize("persona", FULL)
def test_who_sees_the_case_in_full_finds_every_shielded_item_somewhere(world, persona):
    body = "".join(verified_client(world.users[persona]).get(url).content.decode() for url, _ in pages(world).values())
    assert {kind for kind, text in SHIELDED.items() if text not in body} == set()


@pytest.mark.parametrize("persona", LIMITED)
def test_the_timeline_section_leaves_out_the_shielded_updates(world, persona):
    response = verified_client(world.users[persona]).get(
        reverse("casework:case-timeline", args=[world.case.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert ORDINARY["update"] in body
    assert SHIELDED["police update"] not in body and SHIELDED["public-only update"] not in body
    assert SHIELDED["police intervention"] not in body and SHIELDED["escalation explanation"] not in body


@pytest.mark.parametrize("persona", LIMITED)
def test_the_escalation_form_names_no_justice_partners_intervention(world, persona):
    body = verified_client(world.users[persona]).get(reverse("escalations:raise", args=[world.case.pk])).content.decode()
    assert ORDINARY["intervention"] in body
    assert SHIELDED["police intervention"] not in body


@pytest.mark.parametrize("persona", LIMITED)
def test_the_plan_section_leaves_out_the_justice_partners_intervention(world, persona):
    response = verified_client(world.users[persona]).get(
        reverse("plans:plan", kwargs={"case_pk": world.case.pk}), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert ORDINARY["intervention"] in body and SHIELDED["police intervention"] not in body


@pytest.mark.parametrize("persona", LIMITED)
@pytest.mark.parametrize("page", ["case page", "print view"])
def test_who_sees_less_learns_that_a_restriction_is_in_force_and_since_when(world, persona, page):
    url, _ordinary = pages(world)[page]
    body = verified_client(world.users[persona]).get(url).content.decode()
    assert "Beperking van de verwerking sinds 5 januari 2026." in body
    assert "Correctie (verzoek van 5 januari 2026)." in body
    assert SHIELDED["restriction text"] not in body and SHIELDED["correction text"] not in body
