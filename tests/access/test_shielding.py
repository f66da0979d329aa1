"""An incidental WGS participant sees a case only while invited (access.shielding, docs/decisions/0020): a
participation with an agreed end and an agenda item that lists it as a guest; of a meeting only that item; never
through a table's membership. Adding one needs the end date; the forms mark texts "alleen publieke partners"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.access import shielding
from procesregie.access.rules import VIEW, allowed
from procesregie.casework.models import Participation
from procesregie.casework.services import participant_add
from procesregie.core.errors import DomainError
from procesregie.meetings.models import AgendaItem, Meeting
from procesregie.meetings.services import agenda_item_invite
from procesregie.plans.models import CaseUpdate

from .. import factories as f
from ..logins import verified_client
from ..personas import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(limited_partners=True)


def _sees_case(world, persona="incidental_partner") -> bool:
    return allowed(world.users[persona], VIEW, "casework.Case").filter(pk=world.case.pk).exists()


def _participation(world):
    return Participation.objects.get(case=world.case, organisation=world.users["incidental_partner"].organisation)


def test_the_invited_incidental_partner_sees_the_case_and_its_page(world):
    assert _sees_case(world)
    assert verified_client(world.users["incidental_partner"]).get(
        reverse("casework:case-detail", args=[world.case.pk])).status_code == 200


def test_without_an_end_date_the_incidental_partner_sees_nothing(world):
    Participation.objects.filter(pk=_participation(world).pk).update(until=None)
    assert not _sees_case(world)
    assert verified_client(world.users["incidental_partner"]).get(
        reverse("casework:case-detail", args=[world.case.pk])).status_code == 404


def test_after_the_end_date_the_incidental_partner_sees_nothing(world):
    Participation.objects.filter(pk=_participation(world).pk).update(
        until=timezone.localdate() - datetime.timedelta(days=1))
    assert not _sees_case(world)
    assert not allowed(world.users["incidental_partner"], VIEW, Meeting).filter(pk=world.guest_meeting.pk).exists()


def test_without_an_invitation_the_incidental_partner_sees_nothing(world):
    world.guest_meeting.agenda_items.get().guests.clear()
    assert not _sees_case(world)
    assert verified_client(world.users["incidental_partner"]).get(
        reverse("meetings:meeting-detail", args=[world.guest_meeting.pk])).status_code == 404


def test_a_private_partner_needs_no_invitation(world):
    world.guest_meeting.agenda_items.get().guests.clear()
    assert _sees_case(world, "private_partner")


def test_in_the_meeting_the_incidental_partner_sees_only_the_item_it_is_invited_to(world):
    """The guest meeting gets a second item of another case the organisation takes part in, without an invitation
    for it: the page shows the invited case, and of the other only that there is one more item."""
    guest = world.users["incidental_partner"].organisation
    other = f.CaseFactory(registration__approach=world.case.registration.approach, table=world.case.table,
                          registration__person__family_name="Nietuitgenodigd")
    Participation.objects.create(case=other, organisation=guest, until=timezone.localdate() + datetime.timedelta(days=9))
    AgendaItem.objects.create(meeting=world.guest_meeting, case=other, position=2)
    later = Meeting.objects.create(ref="O-LATER", table=world.case.table, date=timezone.localdate())
    AgendaItem.objects.create(meeting=later, case=other, position=1).guests.add(guest)  # invited elsewhere
    client = verified_client(world.users["incidental_partner"])
    body = client.get(reverse("meetings:meeting-detail", args=[world.guest_meeting.pk])).content.decode()
    assert world.case.registration.person.family_name in body
    assert "Nietuitgenodigd" not in body
    assert "Nietuitgenodigd" in client.get(reverse("meetings:meeting-detail", args=[later.pk])).content.decode()


def test_table_membership_opens_no_meeting_for_an_incidental_partner(world):
    table = world.case.table
    table.members.add(world.users["incidental_partner"].organisation, world.users["private_partner"].organisation)
    meeting = Meeting.objects.create(ref="O-LEDEN", table=table, date=timezone.localdate())
    assert not allowed(world.users["incidental_partner"], VIEW, Meeting).filter(pk=meeting.pk).exists()
    assert allowed(world.users["private_partner"], VIEW, Meeting).filter(pk=meeting.pk).exists()


def test_the_search_and_the_export_follow_the_invitation(world):
    client = verified_client(world.users["incidental_partner"])
    name, ref = world.case.registration.person.family_name, world.case.registration.ref  # the query is echoed: look for the ref
    search = reverse("worklists:search")
    export = reverse("worklists:case-export", kwargs={"file_format": "csv"})
    assert ref in client.get(search, {"q": name}).content.decode()
    assert ref in client.get(export).content.decode()
    world.guest_meeting.agenda_items.get().guests.clear()
    assert ref not in client.get(search, {"q": name}).content.decode()
    assert ref not in client.get(export).content.decode()


def test_adding_an_incidental_participant_needs_an_end_date(world):
    regisseur = world.users["regisseur"]
    other_guest = f.OrganisationFactory(code="gast-2", kind="overig", wgs_participant="incidenteel")
    with pytest.raises(DomainError):
        participant_add(actor=regisseur, case=world.case, organisation=other_guest)
    assert not Participation.objects.filter(organisation=other_guest).exists()
    until = timezone.localdate() + datetime.timedelta(days=14)
    participation = participant_add(actor=regisseur, case=world.case, organisation=other_guest, until=until)
    assert participation.until == until


def test_the_participant_form_refuses_an_incidental_organisation_without_an_end_date(world):
    other_guest = f.OrganisationFactory(code="gast-3", kind="overig", wgs_participant="incidenteel")
    world.case.refresh_from_db()
    response = verified_client(world.users["regisseur"]).post(
        reverse("casework:participant-add", args=[world.case.pk]),
        {"organisation": other_guest.pk, "version": world.case.version},
    )
    assert "incidentele deelnemer" in response.content.decode()
    assert not Participation.objects.filter(organisation=other_guest).exists()


def test_an_invitation_goes_only_to_a_participating_organisation(world):
    item = world.guest_meeting.agenda_items.get()
    stranger = f.OrganisationFactory(code="vreemd", kind="overig", wgs_participant="incidenteel")
    with pytest.raises(DomainError):
        agenda_item_invite(actor=world.users["regisseur"], item=item, organisation=stranger)
    assert not item.guests.filter(pk=stranger.pk).exists()
    housing = world.users["private_partner"].organisation
    agenda_item_invite(actor=world.users["regisseur"], item=item, organisation=housing)
    assert item.guests.filter(pk=housing.pk).exists()


def test_police_registrations_are_never_shown_to_who_sees_less(world):
    assert shielding.shows_police_registrations(world.users["participant"])
    assert not shielding.shows_police_registrations(world.users["private_partner"])
    assert not shielding.shows_police_registrations(world.users["incidental_partner"])


def test_the_update_form_marks_an_update_for_public_partners_only(world):
    response = verified_client(world.users["participant"]).post(
        reverse("plans:case-update-add", kwargs={"case_pk": world.case.pk}),
        {"update-text": "Alleen voor publieke partners", "update-public_only": "on"},
    )
    assert response.status_code == 302
    assert CaseUpdate.objects.get(text="Alleen voor publieke partners").public_only
    body = verified_client(world.users["private_partner"]).get(
        reverse("casework:case-detail", args=[world.case.pk])).content.decode()
    assert "Alleen voor publieke partners" not in body


def test_the_regisseur_invites_an_incidental_participant_from_the_meeting_page(world):
    """The world's incidental partner loses its invitation; the meeting page offers to invite it (and nobody else:
    the police and the housing corporation see the case without one), the POST invites it, it sees the case again."""
    item = world.guest_meeting.agenda_items.get()
    item.guests.clear()
    guest = world.users["incidental_partner"].organisation
    client = verified_client(world.users["regisseur"])
    meeting_url = reverse("meetings:meeting-detail", args=[world.guest_meeting.pk])
    body = client.get(meeting_url).content.decode()
    assert "Incidentele deelnemer uitnodigen" in body
    offered = body.split('name="organisation">', 1)[1].split("</select>", 1)[0]
    assert guest.name in offered and world.users["private_partner"].organisation.name not in offered
    assert not _sees_case(world)
    response = client.post(reverse("meetings:agenda-invite", args=[world.guest_meeting.pk, item.pk]),
                           {"organisation": guest.pk})
    assert response.status_code == 302
    assert _sees_case(world)
    assert "Incidentele deelnemer uitnodigen" not in client.get(meeting_url).content.decode()


def test_a_partner_cannot_invite(world):
    item = world.guest_meeting.agenda_items.get()
    item.guests.clear()
    guest = world.users["incidental_partner"].organisation
    response = verified_client(world.users["participant"]).post(
        reverse("meetings:agenda-invite", args=[world.guest_meeting.pk, item.pk]), {"organisation": guest.pk})
    assert response.status_code == 404
    assert not item.guests.exists()


def test_the_incidental_partners_case_page_shows_only_the_invited_items_meeting(world):
    """The case was also discussed at another meeting, without an invitation: the incidental partner's case page
    shows neither that meeting nor its decision; the private partner's shows both."""
    from procesregie.meetings.models import Decision, Discussion

    today = timezone.localdate()
    other = Meeting.objects.create(ref="O-ZONDER-GAST", table=world.case.table, date=today - datetime.timedelta(days=7))
    item = AgendaItem.objects.create(meeting=other, case=world.case, position=1)
    Discussion.objects.create(meeting=other, case=world.case, date=other.date)
    Decision.objects.create(agenda_item=item, text="BESLUIT-ZONDER-GAST", owner=world.users["private_partner"].organisation)
    url = reverse("casework:case-detail", args=[world.case.pk])
    incidental = verified_client(world.users["incidental_partner"]).get(url).content.decode()
    private = verified_client(world.users["private_partner"]).get(url).content.decode()
    assert "O-ZONDER-GAST" in private and "BESLUIT-ZONDER-GAST" in private
    assert "O-ZONDER-GAST" not in incidental and "BESLUIT-ZONDER-GAST" not in incidental
    assert "O-GAST" in incidental


def test_the_incidental_partners_case_summary_shows_only_the_invited_items_decisions(world):
    from procesregie.meetings.models import Decision

    today = timezone.localdate()
    other = Meeting.objects.create(ref="O-ZONDER-GAST", table=world.case.table, date=today - datetime.timedelta(days=7))
    Decision.objects.create(agenda_item=AgendaItem.objects.create(meeting=other, case=world.case, position=1),
                            text="BESLUIT-ZONDER-GAST", owner=world.users["private_partner"].organisation)
    guest_item = world.guest_meeting.agenda_items.get()
    Decision.objects.create(agenda_item=guest_item, text="BESLUIT-MET-GAST",
                            owner=world.users["private_partner"].organisation)
    url = reverse("meetings:case-summary", args=[world.guest_meeting.pk, guest_item.pk])
    incidental = verified_client(world.users["incidental_partner"]).get(url).content.decode()
    private = verified_client(world.users["private_partner"]).get(url).content.decode()
    assert "BESLUIT-ZONDER-GAST" in private and "BESLUIT-MET-GAST" in private
    assert "BESLUIT-ZONDER-GAST" not in incidental and "BESLUIT-MET-GAST" in incidental
