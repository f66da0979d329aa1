"""Escalations in the pages: escalating on the case page, the case's timeline, the managers' work list (order, age,
filters, paging, a constant number of queries) and the escalation's page with the resolve form. The managers' pages
never show the subject or the case's content, and every page that shows an escalation logs a read of its subjects."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.escalations.models import Escalation, EscalationOutcome, EscalationReason
from procesregie.escalations.selectors import PER_PAGE

from .. import factories as f
from ..logins import verified_client
from .conftest import agreed, entries_since, escalated, last_sequence

pytestmark = pytest.mark.django_db



def list_url(**query) -> str:
    url = reverse("escalations:list")
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def detail_url(escalation) -> str:
    return reverse("escalations:detail", args=[escalation.pk])


def raise_url(case) -> str:
    return reverse("escalations:raise", args=[case.pk])


def case_page(client, case) -> str:
    response = client.get(reverse("casework:case-detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def timeline_items(html: str) -> list[str]:
    """The text of each event on the timeline, without its date."""
    items = re.findall(r'<li class="procesregie-timeline__item"[^>]*>.*?</p>\s*<p[^>]*>(.*?)</p>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def subject_marks(case) -> list[str]:
    person = case.registration.person
    return [person.family_name, person.given_name, person.bsn]


def close(case) -> None:
    case.status, case.end_date, case.end_reason = "closed", timezone.localdate(), f.closing_reason("positief")
    case.save()


# --- escalating on the case page ------------------------------------------------------------------------------


def test_a_partner_escalates_from_the_case_page_and_it_is_on_the_timeline(world, partner, regisseur):
    intervention = agreed(world.case, partner.organisation)
    client = verified_client(partner)
    html = case_page(client, world.case)
    # The fold is on the page; the form is fetched when it is opened (htmx), not rendered with every case page.
    assert "Escaleren naar de managers van het huis" in html and f'hx-get="{raise_url(world.case)}"' in html
    assert f'action="{raise_url(world.case)}"' not in html
    before = last_sequence()
    opened = client.get(raise_url(world.case), HTTP_HX_REQUEST="true")
    form = opened.content.decode()
    assert opened.status_code == 200 and f'action="{raise_url(world.case)}"' in form and "<html" not in form
    # the form names the case's partners and interventions: a read of the case, logged like its page
    assert [(entry.action, entry.subject_key) for entry in entries_since(before)] == [
        ("read", world.case.registration.person.subject_key)]
    assert f'<option value="{intervention.pk}">{intervention.intervention} (Politie (synthetisch))</option>' in form

    response = client.post(raise_url(world.case), {
        "escalation-reason": EscalationReason.INTERVENTION_NOT_DELIVERED,
        "escalation-explanation": "De schuldhulp is na drie maanden nog niet gestart.",
        "escalation-concerns_intervention": str(intervention.pk),
    })
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:case-detail", args=[world.case.pk]) + "#escalations"
    escalation = Escalation.objects.exclude(pk=world.escalation.pk).get()
    assert (escalation.raised_by, escalation.concerns_intervention, escalation.concerns_organisation) == (
        partner, intervention, partner.organisation)

    for reader in (partner, regisseur):
        html = case_page(verified_client(reader), world.case)
        assert "Open sinds 0 dagen." in html and f'href="{detail_url(escalation)}"' in html
        assert ("Geëscaleerd door Politie (synthetisch): een partner levert een afgesproken interventie niet: "
                "De schuldhulp is na drie maanden nog niet gestart.") in timeline_items(html)


def test_bad_input_comes_back_on_a_page_of_its_own_and_saves_nothing(world, partner):
    count = Escalation.objects.count()
    response = verified_client(partner).post(raise_url(world.case), {
        "escalation-reason": "verzonnen", "escalation-explanation": "Mijn tekst blijft staan",
        "escalation-concerns_organisation": str(world.users["other_org"].organisation_id),
    })
    html = response.content.decode()
    assert response.status_code == 200 and "Er is een probleem" in html and "Mijn tekst blijft staan" in html
    assert "Selecteer een geldige keuze" in html
    assert Escalation.objects.count() == count


def test_a_closed_case_offers_no_escalation_and_refuses_one(world, partner):
    close(world.case)
    client = verified_client(partner)
    html = case_page(client, world.case)
    assert raise_url(world.case) not in html  # no fold to escalate
    assert "Escalatie van" in html  # its escalations stay readable
    page = client.get(raise_url(world.case)).content.decode()
    assert "er kan niet meer worden geëscaleerd" in page and "escalation-explanation" not in page
    fold = client.get(raise_url(world.case), HTTP_HX_REQUEST="true").content.decode()  # a fold opened before closing
    assert "er kan niet meer worden geëscaleerd" in fold and "escalation-explanation" not in fold and "<html" not in fold
    count = Escalation.objects.count()
    response = client.post(raise_url(world.case), {
        "escalation-reason": EscalationReason.NO_LEAD, "escalation-explanation": "Toch nog"})
    assert response.status_code == 200 and "er kan niet meer worden geëscaleerd" in response.content.decode()
    assert Escalation.objects.count() == count


def test_the_print_view_shows_escalations_on_the_timeline_but_no_form(world, regisseur):
    html = verified_client(regisseur).get(reverse("casework:case-print", args=[world.case.pk])).content.decode()
    assert any(item.startswith("Geëscaleerd door Politie (synthetisch)") for item in timeline_items(html))
    assert raise_url(world.case) not in html


def test_the_timelines_escalation_entries_lead_to_the_escalations_page(world, partner, regisseur):
    world.escalation.resolved_on, world.escalation.outcome = timezone.localdate(), EscalationOutcome.AGREED
    world.escalation.resolution = "Synthetisch besluit"
    world.escalation.save()
    link = f'<a class="utrecht-link utrecht-link--html-a" href="{detail_url(world.escalation)}">'
    for reader in (partner, regisseur):
        client = verified_client(reader)
        for html in (case_page(client, world.case),
                     client.get(reverse("casework:case-print", args=[world.case.pk])).content.decode()):
            entries = re.findall(r'<li class="procesregie-timeline__item" data-kind="(escalation[-\w]*)">(.*?)</li>',
                                 html, re.S)
            assert {kind for kind, _entry in entries} == {"escalation", "escalation-resolved"}
            assert all(link + "Geëscaleerd door" in entry or link + "Escalatie afgehandeld" in entry
                       for _kind, entry in entries)
        # and the page opens for them
        assert client.get(detail_url(world.escalation)).status_code == 200


# --- the managers' work list ----------------------------------------------------------------------------------


def test_the_work_list_shows_open_escalations_first_with_their_age_and_nothing_of_the_subject(world, manager):
    world.escalation.delete()
    police = world.users["participant"].organisation
    old = escalated(world.case, days_ago=40, organisation=police, reason=EscalationReason.NO_LEAD)
    recent = escalated(world.other_case, days_ago=2, organisation=world.users["other_org"].organisation)
    done = escalated(world.case, days_ago=90, organisation=police)
    done.resolved_on, done.outcome, done.resolution = timezone.localdate() - datetime.timedelta(days=80), "niet_opgelost", "x"
    done.save()
    html = verified_client(manager).get(list_url(state="alle")).content.decode()
    rows = re.findall(r'<tr class="utrecht-table__row" data-state="(\w+)">(.*?)</tr>', html, re.S)
    assert [(state, f'href="{detail_url(e)}"' in row) for (state, row), e in zip(rows, [old, recent, done], strict=True)] == [
        ("open", True), ("open", True), ("afgehandeld", True)]
    assert 'data-age="40">40 dagen' in rows[0][1] and 'data-age="2">2 dagen' in rows[1][1]
    # a resolved one: how long it took, not how long it has been open
    assert 'data-age="10">doorlooptijd 10 dagen' in rows[2][1] and "afgehandeld: niet opgelost" in rows[2][1]
    assert world.case.registration.ref in rows[0][1] and "Aanpak A" in rows[0][1] and "geen partner neemt de leiding" in rows[0][1]
    assert "Politie (synthetisch)" in rows[0][1]
    for case in (world.case, world.other_case):
        assert not [mark for mark in subject_marks(case) if mark in html]
    assert f"/casussen/{world.case.pk}/" not in html  # no link to a case managers cannot open
    assert "3 escalaties gevonden." in html


def test_the_work_list_filters_on_state_and_approach(world, manager):
    resolved = escalated(world.other_case, days_ago=5)
    resolved.resolved_on, resolved.outcome, resolved.resolution = timezone.localdate(), "afspraak_gemaakt", "x"
    resolved.save()
    client = verified_client(manager)

    def shown(**query) -> set[int]:
        html = client.get(list_url(**query)).content.decode()
        return {int(pk) for pk in re.findall(r'href="/escalaties/(\d+)/"', html)}

    assert shown(state="alle") == {world.escalation.pk, resolved.pk}
    assert shown(state="open") == {world.escalation.pk}
    assert shown(state="afgehandeld") == {resolved.pk}
    assert shown(approach="aanpak-b", state="alle") == {resolved.pk}
    # a parent approach takes in its children
    approach_b = world.other_case.registration.approach
    parent = f.ApproachFactory(code="ouder", name="Ouder")
    approach_b.parent = parent
    approach_b.save()
    assert shown(approach="ouder", state="alle") == {resolved.pk}
    assert shown(approach="ouder", state="open") == set()


def test_the_work_list_lists_the_open_escalations_the_menu_counts_unless_asked_otherwise(world, manager):
    resolved = escalated(world.other_case, days_ago=5)
    resolved.resolved_on, resolved.outcome, resolved.resolution = timezone.localdate(), "afspraak_gemaakt", "x"
    resolved.save()
    client = verified_client(manager)
    html = client.get(list_url()).content.decode()
    assert ">1</span>" in client.get(reverse("escalations:count")).content.decode()
    assert "1 escalatie gevonden." in html and html.count("<tr class=\"utrecht-table__row\" data-state=") == 1
    assert f'href="{detail_url(world.escalation)}"' in html and f'href="{detail_url(resolved)}"' not in html
    assert re.search(r'<option value="open" selected>Open</option>', html)
    # what to do, and what the days are
    assert "Open een escalatie om haar af te handelen." in html
    assert ">Dagen open</th>" in html and "Leeftijd" not in html
    # an invalid state is reported and the open ones are listed
    html = client.get(list_url(state="alles")).content.decode()
    assert "zijn niet toegepast" in html and f'href="{detail_url(resolved)}"' not in html
    assert f'href="{detail_url(world.escalation)}"' in html
    both = client.get(list_url(state="alle")).content.decode()
    assert "2 escalaties gevonden." in both and re.search(r'<option value="alle" selected>', both)


@pytest.mark.parametrize("query", [{"state": "alles"}, {"approach": "bestaat-niet"}, {"approach": "a%00b"},
                                   {"page": "99999999999999999999"}, {"page": "²"}, {"page": "-1"},
                                   {"state": "a%00b"}])
def test_invalid_filters_and_pages_are_harmless(world, manager, query):
    response = verified_client(manager).get(list_url(**query))
    assert response.status_code == 200
    assert world.case.registration.ref in response.content.decode()  # the filter is not applied, the list stands


def test_the_work_list_pages(world, manager):
    for days in range(PER_PAGE + 2):
        escalated(world.other_case, days_ago=days)
    client = verified_client(manager)
    first = client.get(list_url()).content.decode()
    assert first.count('data-state="open"') == PER_PAGE and "Pagina 1 van 2" in first
    second = client.get(list_url(page=2)).content.decode()
    assert second.count('data-state="open"') == 3 and "Pagina 2 van 2" in second


def _list_queries(client) -> int:
    client.get(list_url())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(list_url()).status_code == 200
    return len(queries)


def _some_escalations(world, count: int) -> None:
    """`count` escalations on cases of their own, every other one about a household (its members are logged too)."""
    for number in range(count):
        case = (f.CaseFactory(registration__for_system=True, registration__system__members=2) if number % 2
                else f.CaseFactory())
        escalated(case, days_ago=number, organisation=world.users["participant"].organisation)


def test_the_work_list_takes_as_many_queries_for_many_escalations_as_for_few(world, manager):
    client = verified_client(manager)
    _some_escalations(world, 2)
    few = _list_queries(client)
    _some_escalations(world, 40)  # more than a page, of more cases, approaches and households
    many = _list_queries(client)
    assert many == few


def test_a_page_of_the_work_list_logs_a_read_per_subject_of_each_escalation(world, manager):
    system_case = f.CaseFactory(registration__for_system=True, registration__system__members=2)
    on_system = escalated(system_case)
    before = last_sequence()
    verified_client(manager).get(list_url())
    entries = [entry for entry in entries_since(before) if entry.action == "read"]
    system = system_case.registration.system
    expected = {
        (str(world.escalation.pk), world.case.registration.person.subject_key, world.case.pk),
        (str(on_system.pk), system.subject_key, system_case.pk),
        *((str(on_system.pk), m.person.subject_key, system_case.pk) for m in system.memberships.select_related("person")),
    }
    assert {(e.object_id, e.subject_key, e.purpose_case_id) for e in entries} == expected
    assert {(e.object_type, e.outcome, e.actor_username) for e in entries} == {
        ("escalations.escalation", "granted", manager.username)}


def test_an_empty_work_list_logs_the_read_of_nobody(world, manager):
    world.escalation.delete()
    before = last_sequence()
    html = verified_client(manager).get(list_url()).content.decode()
    assert "0 escalaties gevonden." in html
    (entry,) = entries_since(before)
    assert (entry.object_type, entry.object_id, entry.subject_key) == ("escalations.escalation", "", None)


def test_the_menu_counts_the_open_escalations_for_managers(world, manager):
    client = verified_client(manager)
    home = client.get(reverse("worklists:home")).content.decode()
    assert f'href="{reverse("escalations:list")}"' in home and f'hx-get="{reverse("escalations:count")}"' in home
    assert ">1</span>" in client.get(reverse("escalations:count")).content.decode()
    escalated(world.other_case)
    assert ">2</span>" in client.get(reverse("escalations:count")).content.decode()
    home = verified_client(world.users["regisseur"]).get(reverse("worklists:home")).content.decode()
    assert f'href="{reverse("escalations:list")}"' not in home


# --- one escalation and its resolution ------------------------------------------------------------------------


def test_the_manager_reads_the_escalation_without_the_case_and_resolves_it(world, manager, partner, regisseur):
    intervention = agreed(world.case, partner.organisation)
    intervention.intervention.name = "Verslavingszorg (synthetisch)"
    intervention.intervention.save()
    world.escalation.concerns_intervention = intervention
    world.escalation.concerns_organisation = partner.organisation
    world.escalation.save()
    age = (timezone.localdate() - world.escalation.raised_on).days
    client = verified_client(manager)
    before = last_sequence()
    html = client.get(detail_url(world.escalation)).content.decode()
    for shown in (world.case.registration.ref, "Aanpak A", "geen partner neemt de leiding",
                  "Synthetisch: niemand neemt de leiding.", "Politie (synthetisch)", f"{age} dagen open", "Afhandelen"):
        assert shown in html, shown
    assert not [mark for mark in subject_marks(world.case) if mark in html]
    assert "Verslavingszorg" not in html  # the case's plan is not the manager's to read
    assert f'href="/casussen/{world.case.pk}/' not in html
    (entry,) = entries_since(before)
    assert (entry.action, entry.object_id, entry.subject_key, entry.purpose_case_id, entry.purpose_approach) == (
        "read", str(world.escalation.pk), world.case.registration.person.subject_key, world.case.pk, "aanpak-a")

    response = client.post(detail_url(world.escalation), {
        "outcome": EscalationOutcome.AGREED, "resolution": "De politie neemt de leiding; over een maand evalueren."})
    assert response.status_code == 302 and response["Location"] == detail_url(world.escalation)
    html = client.get(detail_url(world.escalation)).content.decode()
    assert "afspraak gemaakt" in html and "De politie neemt de leiding; over een maand evalueren." in html
    assert 'name="outcome"' not in html

    for reader in (partner, regisseur):
        items = timeline_items(case_page(verified_client(reader), world.case))
        assert ("Escalatie afgehandeld: afspraak gemaakt: De politie neemt de leiding; over een maand evalueren."
                in items)
        # who sees the case reads the intervention it concerns on the escalation's page, and goes back to the case
        page = verified_client(reader).get(detail_url(world.escalation)).content.decode()
        assert "Verslavingszorg (synthetisch)" in page and f'href="/casussen/{world.case.pk}/#escalations"' in page
        assert 'name="outcome"' not in page


def test_the_manager_finds_whom_to_call_and_still_nothing_of_the_subject(world, manager, partner, regisseur):
    client = verified_client(manager)
    html = client.get(detail_url(world.escalation)).content.decode()
    raiser = re.search(r'data-testid="escalation-raiser">(.*?)</dd>', html, re.S).group(1)
    assert f'<a class="utrecht-link utrecht-link--html-a" href="mailto:{partner.email}">{partner.email}</a>' in raiser
    assert partner.get_full_name() in raiser
    assert ">geen procesregisseur</dd>" in html
    regisseur.first_name, regisseur.last_name = "Synthetische", "Regisseur"
    regisseur.save()
    world.case.procesregisseur = regisseur
    world.case.save()
    html = client.get(detail_url(world.escalation)).content.decode()
    shown = re.search(r'data-testid="escalation-regisseur">(.*?)</dd>', html, re.S).group(1)
    assert shown == f'Synthetische Regisseur (<a class="utrecht-link utrecht-link--html-a" href="mailto:{regisseur.email}">{regisseur.email}</a>)'
    assert "Procesregisseur van de casus" in html
    assert not [mark for mark in subject_marks(world.case) if mark in html]
    assert f'href="/casussen/{world.case.pk}/' not in html


def test_resolving_twice_is_refused_on_the_form(world, manager, second_manager):
    client = verified_client(manager)
    first = {"outcome": EscalationOutcome.AGREED, "resolution": "Eerste"}
    assert client.post(detail_url(world.escalation), first).status_code == 302
    response = verified_client(second_manager).post(
        detail_url(world.escalation), {"outcome": EscalationOutcome.WITHDRAWN, "resolution": "Tweede"})
    assert response.status_code == 200 and "Deze escalatie is al afgehandeld." in response.content.decode()
    escalation = Escalation.objects.get(pk=world.escalation.pk)
    assert (escalation.outcome, escalation.resolution) == (EscalationOutcome.AGREED, "Eerste")


@pytest.mark.parametrize("data", [{}, {"outcome": "opgelost", "resolution": "x"}, {"outcome": "afspraak_gemaakt"},
                                  {"outcome": "afspraak_gemaakt", "resolution": "<b></b>"}])
def test_a_resolution_without_outcome_or_explanation_comes_back_with_errors(world, manager, data):
    response = verified_client(manager).post(detail_url(world.escalation), data)
    assert response.status_code == 200 and "Er is een probleem" in response.content.decode()
    assert Escalation.objects.get(pk=world.escalation.pk).is_open
