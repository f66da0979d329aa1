"""Recording a discussion: attendance, the client, an expert by experience, notes; concurrency and refusals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.core.errors import Conflict, DomainError, NotFound
from procesregie.meetings import services
from procesregie.meetings.models import Discussion

from .. import factories as f
from .conftest import HTMX, entries_since, last_sequence

pytestmark = pytest.mark.django_db


def url(mw, item=None) -> str:
    return reverse("meetings:discussion-edit", args=[mw.meeting.pk, (item or mw.first).pk])


def data(item, **values) -> dict:
    prefix = f"bespreking-{item.pk}-"
    return {prefix + name: value for name, value in values.items()}


def test_recording_a_discussion_stores_attendance_and_flags(mw, as_user):
    police = mw.users["participant"].organisation
    client = as_user("regisseur")
    assert client.get(url(mw)).status_code == 200
    before = last_sequence()
    response = client.post(url(mw), data(
        mw.first, version=0, client_present="on", expert_present="on", organisations_present=[police.pk],
        notes="Afspraak: <script>alert(1)</script>huisbezoek.",
    ))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting-detail", args=[mw.meeting.pk]) + "#agendapunt-1"
    discussion = Discussion.objects.get()
    assert (discussion.meeting, discussion.case, discussion.date) == (mw.meeting, mw.case, mw.meeting.date)
    assert (discussion.client_present, discussion.expert_present, discussion.version) == (True, True, 1)
    assert list(discussion.organisations_present.all()) == [police]
    assert discussion.notes == "Afspraak: huisbezoek."
    (entry,) = [e for e in entries_since(before) if e.action != "read"]
    assert (entry.action, entry.object_type, entry.object_id) == ("create", "meetings.discussion", str(discussion.pk))
    assert (entry.subject_key, entry.purpose_case_id) == (mw.case.registration.person.subject_key, mw.case.pk)

    # Shown on the meeting page, also to the partner.
    html = as_user("participant").get(reverse("meetings:meeting-detail", args=[mw.meeting.pk])).content.decode()
    assert "Cliënt aan tafel" in html and "Ervaringsdeskundige aanwezig" in html and "huisbezoek" in html
    assert "alert(1)" not in html

    # A second save updates the same row.
    before = last_sequence()
    response = client.post(url(mw), data(mw.first, version=1, notes="Bijgewerkt"))
    discussion.refresh_from_db()
    assert (discussion.client_present, discussion.expert_present, discussion.notes, discussion.version) == (
        False, False, "Bijgewerkt", 2
    )
    assert not discussion.organisations_present.exists()
    assert Discussion.objects.count() == 1
    assert [e.action for e in entries_since(before) if e.action != "read"] == ["update"]


def test_the_attendance_offers_table_members_and_case_participants(mw, as_user):
    participant_only = f.OrganisationFactory(code="zorgpartner", name="Zorgpartner (synthetisch)")
    mw.case.participations.create(organisation=participant_only)
    html = as_user("regisseur").get(url(mw)).content.decode()
    for name in ("Politie (synthetisch)", "Gemeente (synthetisch)", "Zorgpartner (synthetisch)"):
        assert name in html
    assert "Reclassering (synthetisch)" not in html  # removed from the case, not a member


def test_a_stale_form_is_refused_and_the_input_kept(mw, as_user):
    client = as_user("regisseur")
    client.post(url(mw), data(mw.first, version=0, notes="Eerste versie"))
    response = client.post(url(mw), data(mw.first, version=0, client_present="on", notes="Mijn late aanvulling"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft deze bespreking intussen gewijzigd" in html
    assert "Mijn late aanvulling" in html  # the user's input is still in the form
    assert "Eerste versie" in html  # and the stored version is shown beside it
    assert f'name="bespreking-{mw.first.pk}-version" value="1"' in html  # saving again is a deliberate overwrite
    discussion = Discussion.objects.get()
    assert (discussion.notes, discussion.client_present, discussion.version) == ("Eerste versie", False, 1)


def test_the_service_raises_conflict_on_a_stale_version(mw):
    regisseur = mw.users["regisseur"]
    services.discussion_record(actor=regisseur, item=mw.first, version=0, client_present=True, expert_present=False)
    with pytest.raises(Conflict):
        services.discussion_record(actor=regisseur, item=mw.first, version=0, client_present=False, expert_present=False)
    assert Discussion.objects.get().client_present is True


def test_an_organisation_outside_the_table_and_case_is_refused(mw, as_user):
    stranger = f.OrganisationFactory(code="vreemd")
    response = as_user("regisseur").post(url(mw), data(mw.first, version=0, organisations_present=[stranger.pk]))
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not Discussion.objects.exists()
    with pytest.raises(DomainError):
        services.discussion_record(
            actor=mw.users["regisseur"], item=mw.first, version=0, client_present=False, expert_present=False,
            organisations_present=[stranger],
        )
    assert not Discussion.objects.exists()


def test_a_meeting_in_the_future_has_no_discussions_yet(mw, as_user):
    mw.meeting.date = timezone.localdate() + datetime.timedelta(days=7)
    mw.meeting.save()
    response = as_user("regisseur").post(url(mw), data(mw.first, version=0, client_present="on"))
    assert response.status_code == 200 and "nog niet plaatsgevonden" in response.content.decode()
    assert not Discussion.objects.exists()


def test_htmx_gets_the_form_and_then_the_item_in_place(mw, as_user):
    client = as_user("regisseur")
    form = client.get(url(mw), **HTMX)
    html = form.content.decode()
    assert form.status_code == 200 and "<html" not in html
    assert 'id="agendapunt-1"' in html and 'hx-post="' in html
    assert "HX-Request" in form["Vary"]
    saved = client.post(url(mw), data(mw.first, version=0, expert_present="on", notes="Inline"), **HTMX)
    html = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in html
    assert html.strip().startswith('<article class="procesregie-section procesregie-agenda__item" id="agendapunt-1"')
    assert "Inline" in html and "Ervaringsdeskundige aanwezig" in html
    invalid = client.post(url(mw), data(mw.first, notes="zonder versie"), **HTMX)
    assert invalid.status_code == 200 and "Er is een probleem" in invalid.content.decode()
    assert "zonder versie" in invalid.content.decode()


@pytest.mark.parametrize("persona", ["participant", "other_org", "regisseur_elsewhere", "manager"])
def test_others_cannot_record_a_discussion(mw, as_user, persona):
    before = last_sequence()
    response = as_user(persona).post(url(mw), data(mw.first, version=0, client_present="on", notes="x"))
    assert response.status_code == 404
    assert not Discussion.objects.exists()
    assert all(e.outcome == "denied" for e in entries_since(before))
    with pytest.raises(NotFound):
        services.discussion_record(actor=mw.users[persona], item=mw.first, version=0, client_present=True,
                                   expert_present=False)
    assert not Discussion.objects.exists()


def test_an_item_of_another_meeting_is_not_reachable_through_this_one(mw, as_user):
    other = mw.meeting.__class__.objects.create(ref="O-ANDER", table=mw.table, date=mw.meeting.date)
    response = as_user("regisseur").post(
        reverse("meetings:discussion-edit", args=[other.pk, mw.first.pk]), data(mw.first, version=0)
    )
    assert response.status_code == 404 and not Discussion.objects.exists()
