"""Changing a case from its page: participants (plain and htmx), closing, transfer, conflicts, the timeline."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Case, CaseStatus, Participation
from procesregie.casework.participations import is_active
from procesregie.meetings.models import Discussion, Meeting
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import ClosingReason, Table
from tests.factories import ApproachFactory, InterventionFactory, LifeDomainFactory, OrganisationFactory, TableFactory
from tests.personas import build_world

from .helpers import (
    HTMX,
    assert_every_input_has_a_label,
    assert_no_inline_script_or_style,
    last_sequence,
    logged_in,
    new_entries,
    snapshot,
    summary,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def url(name: str, case) -> str:
    return reverse(f"casework:{name}", args=[case.pk])


def organisation(world, code):
    return next(u.organisation for u in world.users.values() if u and u.organisation.code == code)


def fresh(case) -> Case:
    return Case.objects.get(pk=case.pk)


# --- participants -------------------------------------------------------------------------------------------


def test_the_case_page_offers_the_changes_only_to_who_may_make_them(world):
    regisseur = logged_in(world.users["regisseur"]).get(url("case-detail", world.case)).content.decode()
    partner = logged_in(world.users["participant"]).get(url("case-detail", world.case)).content.decode()
    for text in (url("participant-add", world.case), url("participant-remove", world.case),
                 url("case-close", world.case), url("case-transfer", world.case)):
        assert text in regisseur and text not in partner
    # The add form is folded away and fetched when opened: the page has the fold, the form comes alone.
    assert 'hx-get="%s"' % url("participant-add", world.case) in regisseur
    assert 'hx-post="%s"' % url("participant-add", world.case) not in regisseur
    form = logged_in(world.users["regisseur"]).get(url("participant-add", world.case), **HTMX).content.decode()
    assert 'hx-post="%s"' % url("participant-add", world.case) in form and "<html" not in form
    assert 'hx-target="#participants"' in form and 'id="participants"' in regisseur
    for html in (regisseur, form):
        assert_no_inline_script_or_style(html)
        assert_every_input_has_a_label(html)


def test_the_add_form_offers_who_may_still_join_and_its_read_is_logged(world):
    client = logged_in(world.users["regisseur"])
    before = last_sequence()
    form = client.get(url("participant-add", world.case), **HTMX).content.decode()
    offered = set(re.findall(r'<option value="(\d+)"', form))
    joined = {str(p.organisation_id) for p in world.case.participations.all() if is_active(p)}
    assert joined and str(organisation(world, "gemeente").pk) in offered and not offered & joined
    assert {(e.action, e.outcome, e.subject_key) for e in new_entries(before)} == {
        ("read", "granted", world.case.registration.person.subject_key)}
    # Without JavaScript the fold's link opens the participants page with the form.
    page = client.get(url("participant-add", world.case)).content.decode()
    assert "<html" in page and 'hx-post="%s"' % url("participant-add", world.case) in page
    # Who may not change the case: 404, as for the post.
    for persona in ("participant", "regisseur_elsewhere", "other_org", "manager"):
        assert logged_in(world.users[persona]).get(url("participant-add", world.case), **HTMX).status_code == 404


def test_adding_a_participant_lets_it_see_the_case_on_the_next_request(world):
    municipal = logged_in(world.users["other_org"])
    assert municipal.get(url("case-detail", world.case)).status_code == 404
    client = logged_in(world.users["regisseur"])
    before = last_sequence()

    response = client.post(url("participant-add", world.case),
                           {"organisation": organisation(world, "gemeente").pk, "version": world.case.version})

    assert response.status_code == 302 and response["Location"] == url("case-detail", world.case) + "#participants"
    participation = Participation.objects.get(case=world.case, organisation__code="gemeente")
    person = world.case.registration.person
    assert summary(new_entries(before)) == [("create", "casework.participation", person.subject_key, world.case.pk,
                                             "granted")]
    assert new_entries(before)[0].object_id == str(participation.pk)
    assert fresh(world.case).version == world.case.version + 1
    assert municipal.get(url("case-detail", world.case)).status_code == 200
    assert "neemt nu deel" in client.get(response["Location"]).content.decode()


def test_adding_with_htmx_returns_the_participants_panel(world):
    client = logged_in(world.users["regisseur"])
    response = client.post(url("participant-add", world.case),
                           {"organisation": organisation(world, "gemeente").pk, "version": world.case.version}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("{% load") is False and "<html" not in html
    assert 'id="participants"' in html and "Gemeente (synthetisch) neemt nu deel" in html
    assert f'name="version" value="{world.case.version + 1}"' in html  # the next change starts from here
    assert str(world.case.registration.person) not in html
    assert_no_inline_script_or_style(html)


def test_removing_a_participant_hides_the_case_from_it_on_the_next_request(world):
    partner = logged_in(world.users["participant"])
    assert partner.get(url("case-detail", world.case)).status_code == 200
    police = organisation(world, "politie")
    before = last_sequence()

    response = logged_in(world.users["regisseur"]).post(
        url("participant-remove", world.case), {"organisation": police.pk, "version": world.case.version}, **HTMX
    )

    assert response.status_code == 200 and "De deelname van Politie (synthetisch) is beëindigd" in response.content.decode()
    assert Participation.objects.get(case=world.case, organisation=police).removed_at is not None
    assert [e[:2] for e in summary(new_entries(before))] == [("update", "casework.participation")]
    page = partner.get(url("case-detail", world.case))
    assert page.status_code == 404 and str(world.case.registration.person) not in page.content.decode()


def test_the_case_holder_is_not_removed(world):
    police = organisation(world, "politie")
    Case.objects.filter(pk=world.case.pk).update(case_holder=police)
    rows = snapshot()
    response = logged_in(world.users["regisseur"]).post(
        url("participant-remove", world.case), {"organisation": police.pk, "version": world.case.version}
    )
    assert response.status_code == 200 and "is casushouder" in response.content.decode()
    assert snapshot() == rows


@pytest.mark.parametrize("data, message", [
    ({}, "Kies de organisatie die gaat deelnemen."),
    ({"organisation": "999999"}, "neemt al deel of bestaat niet"),
    ({"organisation": "politie"}, "neemt al deel aan deze casus"),
    ({"organisation": "gemeente", "version": ""}, "Het formulier is onvolledig"),
])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_bad_participant_input_changes_nothing(world, data, message, headers):
    data = {"version": world.case.version, **data}
    if data.get("organisation") in ("politie", "gemeente"):
        data["organisation"] = organisation(world, data["organisation"]).pk
    rows = snapshot()
    response = logged_in(world.users["regisseur"]).post(url("participant-add", world.case), data, **headers)
    assert response.status_code == 200 and message in response.content.decode()
    assert snapshot() == rows


def test_a_stale_participant_form_is_a_conflict_that_keeps_the_input(world):
    client = logged_in(world.users["regisseur"])
    stale = world.case.version
    client.post(url("participant-add", world.case), {"organisation": OrganisationFactory().pk, "version": stale})
    municipality = organisation(world, "gemeente")
    rows = snapshot()

    response = client.post(url("participant-add", world.case), {"organisation": municipality.pk, "version": stale})

    html = response.content.decode()
    assert response.status_code == 409 and "intussen gewijzigd" in html
    assert re.search(rf'<option value="{municipality.pk}" selected>', html)  # the user's choice is kept
    assert f'name="version" value="{stale + 1}"' in html  # ... with the current version, to try again
    assert snapshot() == rows
    htmx = client.post(url("participant-add", world.case), {"organisation": municipality.pk, "version": stale}, **HTMX)
    assert htmx.status_code == 200 and "intussen gewijzigd" in htmx.content.decode()
    removal = client.post(url("participant-remove", world.case),
                          {"organisation": organisation(world, "politie").pk, "version": stale})
    assert removal.status_code == 409 and "Politie (synthetisch)" in removal.content.decode()
    assert snapshot() == rows


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "other_org", "manager"])
def test_who_may_not_change_the_case_gets_404_and_changes_nothing(world, persona):
    client = logged_in(world.users[persona])
    rows = snapshot()
    before = last_sequence()
    posts = {
        "participant-add": {"organisation": organisation(world, "gemeente").pk, "version": world.case.version},
        "participant-remove": {"organisation": organisation(world, "politie").pk, "version": world.case.version},
        "case-close": {"reason": ClosingReason.objects.get(code="positief").pk,
                       "end_date": timezone.localdate().isoformat(), "version": world.case.version},
        "case-transfer": {"to_approach": world.other_case.registration.approach.pk,
                          "transfer_date": timezone.localdate().isoformat(), "version": world.case.version},
    }
    for name, data in posts.items():
        response = client.post(url(name, world.case), data)
        assert response.status_code == 404, name
        assert str(world.case.registration.person) not in response.content.decode()
    assert snapshot() == rows
    assert {(e.action, e.outcome, e.subject_key) for e in new_entries(before)} == {("update", "denied", None)}


def test_a_closed_case_takes_no_participant_changes(world):
    Case.objects.filter(pk=world.case.pk).update(
        status=CaseStatus.CLOSED, end_date=world.case.start_date, end_reason=ClosingReason.objects.get(code="overig")
    )
    client = logged_in(world.users["regisseur"])
    assert url("participant-add", world.case) not in client.get(url("case-detail", world.case)).content.decode()
    fold = client.get(url("participant-add", world.case), **HTMX).content.decode()  # a fold opened before closing
    assert "afgesloten" in fold and "<form" not in fold
    plain = client.get(url("participant-add", world.case), follow=True)  # its link, without JavaScript
    assert plain.redirect_chain == [(url("case-detail", world.case), 302)]
    assert "Deze casus is al afgesloten." in plain.content.decode()
    rows = snapshot()
    response = client.post(url("participant-add", world.case),
                           {"organisation": organisation(world, "gemeente").pk, "version": world.case.version})
    assert response.status_code == 200 and "afgesloten" in response.content.decode()
    assert snapshot() == rows


# --- closing ------------------------------------------------------------------------------------------------


def close_data(world, code="positief", **overrides):
    data = {"reason": ClosingReason.objects.get(code=code).pk, "end_date": timezone.localdate().isoformat(),
            "version": world.case.version}
    return {**data, **overrides}


def test_closing_a_case(world):
    client = logged_in(world.users["regisseur"])
    page = client.get(url("case-close", world.case)).content.decode()
    assert "Positief afgesloten" in page and "Overdracht naar een andere aanpak in het huis" not in page
    assert_no_inline_script_or_style(page)
    assert_every_input_has_a_label(page)
    before = last_sequence()

    response = client.post(url("case-close", world.case), close_data(world))

    case = fresh(world.case)
    assert response.status_code == 302 and response["Location"] == url("case-detail", case)
    assert (case.status, case.end_date, case.end_reason.code) == ("closed", timezone.localdate(), "positief")
    person = world.case.registration.person
    assert summary(new_entries(before)) == [("update", "casework.case", person.subject_key, case.pk, "granted")]
    html = client.get(response["Location"]).content.decode()
    assert "De casus is afgesloten" in html and url("case-close", case) not in html
    assert client.get(url("case-close", case)).status_code == 302  # nothing left to close


@pytest.mark.parametrize("overrides, message", [
    ({"reason": "transfer"}, "Kies een reden uit de lijst."),
    ({"reason": ""}, "Kies de reden van afsluiten."),
    ({"end_date": "1999-01-01"}, "vóór de startdatum"),
    ({"end_date": "2999-01-01"}, "toekomst"),
])
def test_bad_closing_input_changes_nothing(world, overrides, message):
    if overrides.get("reason") == "transfer":
        overrides["reason"] = ClosingReason.objects.get(code=ClosingReason.INTERNAL_TRANSFER).pk
    rows = snapshot()
    response = logged_in(world.users["regisseur"]).post(url("case-close", world.case), close_data(world, **overrides))
    assert response.status_code == 200 and message in response.content.decode()
    assert snapshot() == rows


def test_closing_a_stale_case_is_a_conflict_that_keeps_the_input(world):
    client = logged_in(world.users["regisseur"])
    stale = world.case.version
    client.post(url("participant-add", world.case), {"organisation": organisation(world, "gemeente").pk,
                                                     "version": stale})
    rows = snapshot()
    reason = ClosingReason.objects.get(code="overleden")
    response = client.post(url("case-close", world.case), close_data(world, "overleden", end_date="2024-12-31"))
    html = response.content.decode()
    assert response.status_code == 409 and "intussen gewijzigd" in html
    assert re.search(rf'value="{reason.pk}"[^>]*checked', html) and 'value="2024-12-31"' in html
    assert snapshot() == rows
    assert client.post(url("case-close", world.case), close_data(world, version=stale + 1)).status_code == 302


def test_closing_twice_is_refused(world):
    client = logged_in(world.users["regisseur"])
    client.post(url("case-close", world.case), close_data(world))
    rows = snapshot()
    response = client.post(url("case-close", world.case), close_data(world, version=world.case.version + 1))
    assert response.status_code == 200 and "niet toegestaan" in response.content.decode()
    assert snapshot() == rows


# --- transfer -----------------------------------------------------------------------------------------------


def test_transferring_a_case_to_another_approach(world):
    target = ApproachFactory(code="aanpak-c", name="Aanpak C")
    table = TableFactory(code="tafel-c", approach=target)
    regisseur = world.users["regisseur"]
    regisseur.tables.add(table)
    client = logged_in(regisseur)
    page = client.get(url("case-transfer", world.case)).content.decode()
    choices = re.search(r'<select name="to_approach".*?</select>', page, re.S).group(0)
    assert "Aanpak C" in choices and f'<option value="{world.case.registration.approach.pk}"' not in choices
    assert_no_inline_script_or_style(page)
    assert_every_input_has_a_label(page)
    before = last_sequence()

    response = client.post(url("case-transfer", world.case), {
        "to_approach": target.pk, "table": table.pk, "procesregisseur": regisseur.pk,
        "transfer_date": timezone.localdate().isoformat(), "version": world.case.version,
    })

    case = fresh(world.case)
    continuation = case.continuation
    assert response.status_code == 302 and response["Location"] == url("case-detail", continuation)
    assert (case.status, case.end_reason.code) == ("closed", "overdracht_intern")
    assert (continuation.registration.approach, continuation.table, continuation.procesregisseur) == (
        target, table, regisseur
    )
    assert set(continuation.participations.values_list("organisation__code", flat=True)) == {"politie"}
    key = world.case.registration.person.subject_key
    assert summary(new_entries(before)) == [
        ("update", "casework.case", key, case.pk, "granted"),
        ("create", "casework.case", key, continuation.pk, "granted"),
    ]
    html = client.get(response["Location"]).content.decode()
    assert "Voortzetting na overdracht vanuit Aanpak A" in html and url("case-detail", case) in html


@pytest.mark.parametrize("overrides, message", [
    ({"to_approach": "same"}, "Kies een andere aanpak uit de lijst."),
    ({"to_approach": "system"}, "Kies een andere aanpak uit de lijst."),
    ({"to_approach": ""}, "Kies de aanpak waarnaar de casus overgaat."),
    ({"table": "other"}, "hoort niet bij de gekozen aanpak"),
    ({"procesregisseur": "elsewhere"}, "werkt niet aan een tafel van deze aanpak"),
    ({"transfer_date": "1999-01-01"}, "vóór de startdatum"),
])
def test_bad_transfer_input_changes_nothing(world, overrides, message):
    target = ApproachFactory(code="aanpak-c")
    TableFactory(code="tafel-c", approach=target)
    replacements = {
        "same": world.case.registration.approach.pk, "system": ApproachFactory(system=True).pk,
        "other": Table.objects.get(code="tafel-b").pk, "elsewhere": world.users["regisseur_elsewhere"].pk,
    }
    data = {"to_approach": target.pk, "transfer_date": timezone.localdate().isoformat(), "version": world.case.version}
    data.update({key: replacements.get(value, value) for key, value in overrides.items()})
    rows = snapshot()
    response = logged_in(world.users["regisseur"]).post(url("case-transfer", world.case), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert snapshot() == rows


def test_a_stale_transfer_is_a_conflict(world):
    client = logged_in(world.users["regisseur"])
    client.post(url("participant-add", world.case), {"organisation": organisation(world, "gemeente").pk,
                                                     "version": world.case.version})
    rows = snapshot()
    target = world.other_case.registration.approach
    response = client.post(url("case-transfer", world.case), {
        "to_approach": target.pk, "transfer_date": timezone.localdate().isoformat(), "version": world.case.version,
    })
    assert response.status_code == 409 and re.search(rf'<option value="{target.pk}" selected>',
                                                     response.content.decode())
    assert snapshot() == rows


# --- the timeline -------------------------------------------------------------------------------------------


def add_history(case, items: int, first: int = 0):
    table = case.table
    start = case.start_date
    for i in range(first, first + items):
        day = start + datetime.timedelta(days=i + 1)
        meeting = Meeting.objects.create(ref=f"M-{case.pk}-{i}", table=table, date=day)
        Discussion.objects.create(meeting=meeting, case=case, date=day)
        CaseIntervention.objects.create(case=case, intervention=InterventionFactory(name=f"Interventie {i}"),
                                        organisation=OrganisationFactory(), agreed_on=day)
        Measurement.objects.create(case=case, date=day, kind="tussenmeting", domain=LifeDomainFactory(), level=3)
        Participation.objects.create(case=case, organisation=OrganisationFactory())


def timeline_kinds(html: str) -> list[str]:
    section = html[html.index('id="timeline"'):]
    return re.findall(r'data-kind="([a-z-]+)"', section)


def test_the_timeline_shows_everything_newest_first(world):
    case = world.case
    add_history(case, 1)
    client = logged_in(world.users["regisseur"])
    client.post(url("case-close", case), {"reason": ClosingReason.objects.get(code="negatief").pk,
                                          "end_date": timezone.localdate().isoformat(), "version": case.version,
                                          "confirm_open_work": "on"})  # the intervention is still agreed
    html = client.get(url("case-detail", case)).content.decode()
    kinds = timeline_kinds(html)
    assert kinds[0] == "closed" and kinds[-1] == "registration"
    for kind in ("triage", "start", "participant-added", "participant-removed", "discussion", "intervention",
                 "measurement"):
        assert kind in kinds, kind
    assert "Interventie afgesproken: Interventie 0" in html and "Meting: tussenmeting" in html
    assert "Deelname van Reclassering (synthetisch) beëindigd" in html


def count_queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_case_page_with_its_timeline_has_a_constant_number_of_queries(world):
    client = logged_in(world.users["regisseur"])
    add_history(world.case, 1)
    small = count_queries(client, url("case-detail", world.case))
    add_history(world.case, 25, first=1)
    assert count_queries(client, url("case-detail", world.case)) == small
