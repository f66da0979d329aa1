"""Every write of the meetings app: logged when done, nothing changed when refused or when the log cannot be written."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from procesregie.audit.errors import AccessLogUnavailable
from procesregie.meetings import services
from procesregie.meetings.models import AgendaItem, Decision, Discussion, Meeting
from procesregie.plans.models import CaseIntervention

from .. import factories as f
from ..audit.conftest import break_log_inserts
from ..logins import verified_login
from .conftest import add_case, entries_since, last_sequence

pytestmark = pytest.mark.django_db


def snapshot(mw) -> tuple:
    """Everything these writes could change."""
    mw.table.refresh_from_db()
    return (
        mw.table.cadence,
        sorted(mw.table.members.values_list("pk", flat=True)),
        sorted(Meeting.objects.values_list("pk", "date", "starts_at", "location")),
        sorted(AgendaItem.objects.values_list("pk", "meeting_id", "case_id", "position", "prepared_notes")),
        sorted(Discussion.objects.values_list("pk", "date", "client_present", "expert_present", "notes", "version")),
        sorted(Discussion.organisations_present.through.objects.values_list("discussion_id", "organisation_id")),
        sorted(Decision.objects.values_list("pk", "text", "case_intervention_id", "owner_id", "owner_person_id", "due_date")),
        sorted(CaseIntervention.objects.values_list("pk", "organisation_id", "due_date")),
    )


def _third(mw):
    return add_case(mw.table, family_name="Derde")


# name: (who may, the request's path and data, the entry it must leave: (action, object type))
WRITES = {
    "table-edit": (
        "functional_admin",
        lambda mw: (reverse("meetings:table-edit", args=[mw.table.pk]), {"cadence": "maandelijks"}),
        ("update", "reference.table"),
    ),
    "meeting-schedule": (
        "regisseur",
        lambda mw: (reverse("meetings:meeting-schedule", args=[mw.table.pk]), {"date": "2025-01-06"}),
        ("create", "meetings.meeting"),
    ),
    "meeting-edit": (
        "regisseur",
        lambda mw: (reverse("meetings:meeting-edit", args=[mw.meeting.pk]), {"date": "2025-01-07", "location": "B"}),
        ("update", "meetings.meeting"),
    ),
    "agenda-add": (
        "regisseur",
        lambda mw: (reverse("meetings:agenda-add", args=[mw.meeting.pk]), {"case": _third(mw).pk}),
        ("create", "meetings.agendaitem"),
    ),
    "agenda-move": (
        "regisseur",
        lambda mw: (reverse("meetings:agenda-move", args=[mw.meeting.pk, mw.first.pk]), {"direction": "down"}),
        ("update", "meetings.agendaitem"),
    ),
    "agenda-remove": (
        "regisseur",
        lambda mw: (reverse("meetings:agenda-remove", args=[mw.meeting.pk, mw.first.pk]), {}),
        ("delete", "meetings.agendaitem"),
    ),
    "discussion-edit": (
        "regisseur",
        lambda mw: (
            reverse("meetings:discussion-edit", args=[mw.meeting.pk, mw.first.pk]),
            {f"bespreking-{mw.first.pk}-version": "0", f"bespreking-{mw.first.pk}-notes": "genoteerd"},
        ),
        ("create", "meetings.discussion"),
    ),
    "agenda-prepare": (
        "regisseur",
        lambda mw: (
            reverse("meetings:agenda-prepare", args=[mw.meeting.pk, mw.first.pk]),
            {f"voorbereiding-{mw.first.pk}-notes": "voorbereid",
             f"voorbereiding-{mw.first.pk}-opened_with": services.draft_fingerprint("")},
        ),
        ("update", "meetings.agendaitem"),
    ),
    "decision-add": (
        "regisseur",
        lambda mw: (
            reverse("meetings:decision-add", args=[mw.meeting.pk, mw.first.pk]),
            {
                f"besluit-{mw.first.pk}-text": "besloten",
                f"besluit-{mw.first.pk}-intervention": f.InterventionFactory().pk,
                f"besluit-{mw.first.pk}-owner": mw.users["participant"].organisation.pk,
                f"besluit-{mw.first.pk}-due_date": (mw.meeting.date + datetime.timedelta(days=30)).isoformat(),
            },
        ),
        ("create", "meetings.decision"),
    ),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_is_logged(mw, as_user, write):
    persona, request_of, (action, object_type) = WRITES[write]
    path, data = request_of(mw)
    before_state, before = snapshot(mw), last_sequence()
    response = as_user(persona).post(path, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert snapshot(mw) != before_state
    written = [e for e in entries_since(before) if (e.action, e.object_type) == (action, object_type)]
    assert written, [(e.action, e.object_type) for e in entries_since(before)]
    user = mw.users[persona]
    assert all(e.actor_id == user.pk and e.outcome == "granted" for e in written)
    if object_type.startswith("meetings.") and object_type != "meetings.meeting":
        assert all(e.subject_key and e.purpose_case_id for e in written)  # about a case: its subject and purpose


REFUSED = [
    (write, persona)
    for write in sorted(WRITES)
    for persona in ("participant", "other_org", "regisseur_elsewhere", "manager", "functional_admin", "regisseur")
    if persona != WRITES[write][0]
]


@pytest.mark.parametrize(("write", "persona"), REFUSED)
def test_refused_writes_change_nothing(mw, as_user, write, persona):
    _allowed, request_of, _entry = WRITES[write]
    path, data = request_of(mw)
    before_state, before = snapshot(mw), last_sequence()
    response = as_user(persona).post(path, data)
    assert response.status_code == 404
    assert snapshot(mw) == before_state
    assert all(e.outcome == "denied" for e in entries_since(before))
    body = response.content.decode()
    assert "Geheime" not in body and "Verborgen" not in body


SERVICE_CALLS = {
    "table_update": lambda mw: services.table_update(
        actor=mw.users["functional_admin"], table=mw.table, cadence="x", members=[]),
    "meeting_schedule": lambda mw: services.meeting_schedule(
        actor=mw.users["regisseur"], table=mw.table, date=datetime.date(2025, 1, 6)),
    "meeting_update": lambda mw: services.meeting_update(
        actor=mw.users["regisseur"], meeting=mw.meeting, date=datetime.date(2025, 1, 7)),
    "agenda_item_add": lambda mw: services.agenda_item_add(actor=mw.users["regisseur"], meeting=mw.meeting, case=_third(mw)),
    "agenda_item_move": lambda mw: services.agenda_item_move(actor=mw.users["regisseur"], item=mw.first, direction="down"),
    "agenda_item_remove": lambda mw: services.agenda_item_remove(actor=mw.users["regisseur"], item=mw.first),
    "discussion_record": lambda mw: services.discussion_record(
        actor=mw.users["regisseur"], item=mw.first, version=0, client_present=True, expert_present=True, notes="n"),
    "decision_add": lambda mw: services.decision_add(
        actor=mw.users["regisseur"], item=mw.first, text="b", intervention=f.InterventionFactory(),
        owner=mw.users["participant"].organisation, due_date=mw.meeting.date),
    "agenda_item_prepare": lambda mw: services.agenda_item_prepare(actor=mw.users["regisseur"], item=mw.first, notes="n"),
}


@pytest.mark.parametrize("call", sorted(SERVICE_CALLS))
def test_no_change_without_its_log_entry(mw, call):
    before_state = snapshot(mw)
    break_log_inserts()
    with pytest.raises(AccessLogUnavailable):
        SERVICE_CALLS[call](mw)
    assert snapshot(mw) == before_state


def test_a_post_without_the_csrf_token_is_refused(mw):
    client = Client(enforce_csrf_checks=True)
    verified_login(client, mw.users["regisseur"])
    path, data = WRITES["discussion-edit"][1](mw)
    before_state = snapshot(mw)
    assert client.post(path, data).status_code == 403
    assert client.post(path, data, HTTP_HX_REQUEST="true").status_code == 403
    assert snapshot(mw) == before_state
