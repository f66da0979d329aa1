"""The review of a long list (UX review of issue 14): deciding an item on page 2 or in a filtered view comes back to
that page, with the item and its error or its new decision; the list filters by kind and phase; the menu marks one
item current on the retention pages."""

import re

import pytest
from django.urls import reverse

from procesregie.retention import destruction_lists as selectors
from procesregie.retention.models import Decision, DestructionItem, ItemKind, Phase
from tests import factories as f
from tests.logins import verified_client

from .review_helpers import destruction_list, item_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(officer):
    return verified_client(officer)


@pytest.fixture
def two_pages(monkeypatch):
    """Three items, two per page: the last one (by due date) is on page 2."""
    monkeypatch.setattr(selectors, "ITEMS_PER_PAGE", 2)
    the_list = destruction_list()
    items = [item_for(the_list, person=f.PersonFactory(family_name=f"Pagina{n}")) for n in range(3)]
    return the_list, items[-1]


def form_action(html: str, item: DestructionItem, decision: str) -> str:
    """The address the item's form posts to, as the page gives it to the browser."""
    forms = re.findall(r'<form[^>]*action="([^"]+)"[^>]*>\s*<input type="hidden" name="[^"]+" value="[^"]+">', html)
    for action, value in re.findall(
            r'<form[^>]*action="([^"]+)"[^>]*>(?:(?!</form>).)*?name="item-%d-decision" value="(\w+)"' % item.pk,
            html, re.S):
        if value == decision:
            return action.replace("&amp;", "&")
    raise AssertionError(f"no {decision} form for item {item.pk} among {forms}")


def test_a_refused_exclusion_on_page_2_comes_back_on_page_2_with_its_error(client, two_pages):
    the_list, item = two_pages
    url = reverse("retention:destruction-list", args=[the_list.pk]) + "?page=2"
    html = client.get(url).content.decode()
    assert f'id="item-{item.pk}"' in html
    response = client.post(form_action(html, item, "excluded"),
                           {f"item-{item.pk}-decision": "excluded", f"item-{item.pk}-reason": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="item-{item.pk}"' in html and "Pagina 2 van 2" in html
    assert "Geef de reden waarom dit item niet wordt vernietigd." in html
    assert DestructionItem.objects.get(pk=item.pk).decision == Decision.PENDING


def test_a_decision_on_page_2_returns_to_page_2_and_the_item(client, two_pages):
    the_list, item = two_pages
    html = client.get(reverse("retention:destruction-list", args=[the_list.pk]) + "?page=2").content.decode()
    response = client.post(form_action(html, item, "approved"), {f"item-{item.pk}-decision": "approved"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?page=2#item-{item.pk}")
    html = client.get(response["Location"]).content.decode()
    assert f'id="item-{item.pk}"' in html and "Goedgekeurd voor vernietiging." in html


def test_a_decision_in_a_filtered_view_keeps_the_filter(client):
    the_list = destruction_list()
    item_for(the_list, person=f.PersonFactory())
    system_item = item_for(the_list, system=f.SystemFactory())
    url = reverse("retention:destruction-list", args=[the_list.pk]) + "?soort=system&fase=declined_registration"
    html = client.get(url).content.decode()
    response = client.post(form_action(html, system_item, "approved"), {f"item-{system_item.pk}-decision": "approved"})
    assert response["Location"].endswith(f"?soort=system&fase=declined_registration#item-{system_item.pk}")


def test_the_list_filters_by_kind_and_phase(client):
    the_list = destruction_list()
    person_item = item_for(the_list, person=f.PersonFactory())
    case_item = item_for(the_list, person=f.PersonFactory(), phase=Phase.CLOSED_CASE)
    system_item = item_for(the_list, system=f.SystemFactory())
    log_item = item_for(the_list, kind=ItemKind.ACCESS_LOG, phase=Phase.ACCESS_LOG)
    base = reverse("retention:destruction-list", args=[the_list.pk])

    def shown(query):
        return set(map(int, re.findall(r'<article[^>]* id="item-(\d+)"', client.get(base + query).content.decode())))

    assert shown("") == {person_item.pk, case_item.pk, system_item.pk, log_item.pk}
    assert shown("?soort=person") == {person_item.pk, case_item.pk}
    assert shown("?soort=person&fase=closed_case") == {case_item.pk}
    assert shown("?soort=access_log") == {log_item.pk}
    assert shown("?soort=nonsense") == shown("")


@pytest.mark.parametrize("name, args, current", [
    ("retention:destruction-lists", [], "Vernietigingslijsten"),
    ("retention:extensions", [], "Bewaartermijnen"),
])
def test_one_menu_item_is_current_on_a_retention_page(client, name, args, current):
    html = client.get(reverse(name, args=args)).content.decode()
    marked = re.findall(r'aria-current="(?:page|true)">([^<]+)<', html.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0])
    assert marked == [current]


def test_one_menu_item_is_current_on_a_list(client):
    the_list = destruction_list()
    html = client.get(reverse("retention:destruction-list", args=[the_list.pk])).content.decode()
    marked = re.findall(r'aria-current="(?:page|true)">([^<]+)<', html.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0])
    assert marked == ["Vernietigingslijsten"]


def test_the_refused_destruction_says_what_to_do_without_a_stray_label(client):
    the_list = destruction_list()
    item_for(the_list, person=f.PersonFactory(), decision=Decision.APPROVED)
    html = client.post(reverse("retention:destruction-run", args=[the_list.pk]), {}).content.decode()
    summary = html.split("procesregie-error-summary")[1].split("</ul>")[0]
    assert "Bevestig dat u de goedgekeurde items wilt vernietigen." in summary
    assert "gemaakt.:" not in summary


def test_the_record_names_the_approach_of_the_rule(client):
    approach = f.ApproachFactory(code="eigen-regel", name="Aanpak Met Eigen Regel")
    the_list = destruction_list()
    item_for(the_list, person=f.PersonFactory(), phase=Phase.CLOSED_CASE, approach_code=approach.code)
    item_for(the_list, person=f.PersonFactory())
    html = client.get(reverse("retention:destruction-record", args=[the_list.pk])).content.decode()
    cells = re.findall(r'data-testid="line-approach">([^<]+)<', html)
    assert sorted(cells) == ["Aanpak Met Eigen Regel", "standaardregel van het huis"]


def test_a_person_or_system_item_links_to_the_privacy_officers_subject_page(client):
    the_list = destruction_list()
    person, system = f.PersonFactory(), f.SystemFactory()
    item_for(the_list, person=person)
    item_for(the_list, system=system)
    item_for(the_list, kind=ItemKind.ACCESS_LOG, phase=Phase.ACCESS_LOG)
    html = client.get(reverse("retention:destruction-list", args=[the_list.pk])).content.decode()
    links = re.findall(r'data-testid="subject-link" href="([^"]+)"', html)
    assert sorted(links) == sorted(reverse("privacy:subject-detail", args=[subject.subject_key])
                                   for subject in (person, system))
    assert client.get(links[0]).status_code == 200
