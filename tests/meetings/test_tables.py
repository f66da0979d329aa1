"""The tables: who sees which, and the functional administrator's cadence and members. No case content there."""

import pytest
from django.urls import reverse

from procesregie.core.errors import NotFound
from procesregie.meetings import services
from procesregie.meetings.models import Meeting

from .. import factories as f
from .conftest import entries_since, last_sequence

pytestmark = pytest.mark.django_db


def listed(client) -> str:
    response = client.get(reverse("meetings:table-list"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("persona", "tafel_a", "tafel_b"),
    [
        ("regisseur", True, False),
        ("regisseur_elsewhere", False, True),
        ("participant", True, False),  # the police are a member of table A
        ("removed", False, False),
        ("colleague", False, False),  # police, but a manager
        ("manager", False, False),
        ("functional_admin", True, True),
    ],
)
def test_each_sees_the_tables_they_belong_to(mw, as_user, persona, tafel_a, tafel_b):
    html = listed(as_user(persona))
    table_b = mw.world.other_case.table
    assert (reverse("meetings:table-detail", args=[mw.table.pk]) in html) is tafel_a
    assert (reverse("meetings:table-detail", args=[table_b.pk]) in html) is tafel_b


def test_the_table_page_shows_members_and_procesregisseurs_but_no_cases(mw, as_user):
    for persona in ("functional_admin", "participant", "regisseur"):
        html = as_user(persona).get(reverse("meetings:table-detail", args=[mw.table.pk])).content.decode()
        assert "Politie (synthetisch)" in html and "Gemeente (synthetisch)" in html
        assert mw.users["regisseur"].get_full_name() in html
        assert "Geheime" not in html and "Verborgen" not in html and mw.case.registration.ref not in html


def test_meetings_are_listed_for_those_who_may_open_them(mw, as_user):
    meeting_url = reverse("meetings:meeting-detail", args=[mw.meeting.pk])
    table_url = reverse("meetings:table-detail", args=[mw.table.pk])
    assert meeting_url in as_user("participant").get(table_url).content.decode()
    assert meeting_url not in as_user("functional_admin").get(table_url).content.decode()
    regie = as_user("regisseur").get(table_url).content.decode()
    assert reverse("meetings:meeting-schedule", args=[mw.table.pk]) in regie
    assert reverse("meetings:table-edit", args=[mw.table.pk]) not in regie


def test_the_functional_administrator_sets_cadence_and_members(mw, as_user):
    probation = mw.users["removed"].organisation
    before = last_sequence()
    response = as_user("functional_admin").post(
        reverse("meetings:table-edit", args=[mw.table.pk]), {"cadence": "eens per zes weken", "members": [probation.pk]}
    )
    assert response.status_code == 302
    mw.table.refresh_from_db()
    assert mw.table.cadence == "eens per zes weken"
    assert list(mw.table.members.all()) == [probation]
    (entry,) = entries_since(before)
    assert (entry.action, entry.object_type, entry.object_id, entry.actor_username) == (
        "update", "reference.table", str(mw.table.pk), "beheer"
    )
    # Membership decides who opens the meetings: probation now; the municipality no longer (it takes part in a case
    # on the agenda of this one, so it keeps that meeting, but not the table's next one).
    assert as_user("removed").get(reverse("meetings:meeting-detail", args=[mw.meeting.pk])).status_code == 200
    later = Meeting.objects.create(ref="O-TEST0002", table=mw.table, date=mw.meeting.date)
    assert as_user("other_org").get(reverse("meetings:meeting-detail", args=[later.pk])).status_code == 404
    assert as_user("removed").get(reverse("meetings:meeting-detail", args=[later.pk])).status_code == 200


def test_bad_table_input_is_shown_and_not_saved(mw, as_user):
    response = as_user("functional_admin").post(
        reverse("meetings:table-edit", args=[mw.table.pk]), {"cadence": "x" * 101, "members": ["999999"]}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Er is een probleem" in html
    assert "Zorg dat deze waarde niet meer dan 100 tekens bevat" in html and "Selecteer een geldige keuze" in html
    mw.table.refresh_from_db()
    assert mw.table.cadence == "wekelijks" and mw.table.members.count() == 2


@pytest.mark.parametrize("persona", ["regisseur", "participant", "manager"])
def test_only_the_functional_administrator_edits_tables(mw, as_user, persona):
    other = f.OrganisationFactory(code="nieuw")
    response = as_user(persona).post(
        reverse("meetings:table-edit", args=[mw.table.pk]), {"cadence": "dagelijks", "members": [other.pk]}
    )
    assert response.status_code == 404
    with pytest.raises(NotFound):
        services.table_update(actor=mw.users[persona], table=mw.table, cadence="dagelijks", members=[other])
    mw.table.refresh_from_db()
    assert mw.table.cadence == "wekelijks" and other not in mw.table.members.all()
