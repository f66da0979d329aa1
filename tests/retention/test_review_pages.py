"""The privacy officer's review in the pages: the lists (open first, with counts), the count beside "Vernietigingslijsten" in
the menu, one list with why each item is due and the subject's earlier exclusions, approving, excluding with a
reason, approving all, and the destruction record without personal data. Everyone else: 404."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.reference.models import Approach
from procesregie.retention.models import Decision, DestructionItem, Phase
from tests import factories as f
from tests.logins import verified_client

from .review_helpers import destruction_list, item_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(officer):
    return verified_client(officer)


def list_url(the_list) -> str:
    return reverse("retention:destruction-list", args=[the_list.pk])


def decide_url(item) -> str:
    return reverse("retention:destruction-item-decide", args=[item.destruction_list_id, item.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def fresh(item) -> DestructionItem:
    return DestructionItem.objects.get(pk=item.pk)


def test_the_lists_open_first_with_their_counts(client, officer):
    closed = destruction_list(as_of=datetime.date(2025, 1, 1))
    item_for(closed, person=f.PersonFactory(), decision=Decision.EXCLUDED, decision_reason="x")
    closed.closed_at = timezone.now()
    closed.save()
    open_list = destruction_list(as_of=datetime.date(2024, 6, 1))
    item_for(open_list, person=f.PersonFactory())
    item_for(open_list, person=f.PersonFactory())
    item_for(open_list, person=f.PersonFactory(), decision=Decision.APPROVED)
    response = client.get(reverse("retention:destruction-lists"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<tr class="utrecht-table__row" data-list="(\d+)" data-state="(\w+)">', html)
    assert rows == [(str(open_list.pk), "open"), (str(closed.pk), "closed")]
    first_row = html.split(f'data-list="{open_list.pk}"')[1].split("</tr>")[0]
    assert re.findall(r'data-count="(\w+)">(\d+)<', first_row) == [
        ("pending", "2"), ("approved", "1"), ("excluded", "0"), ("destroyed", "0"), ("lapsed", "0")]


def test_the_menu_counts_the_items_to_review(client):
    the_list = destruction_list()
    for _ in range(3):
        item_for(the_list, person=f.PersonFactory())
    item_for(the_list, person=f.PersonFactory(), decision=Decision.APPROVED)
    home = client.get(reverse("worklists:home")).content.decode()
    count_url = reverse("retention:destruction-count")
    assert f'href="{reverse("retention:destruction-lists")}"' in home and count_url in home
    assert re.search(r'procesregie-count">3<', client.get(count_url).content.decode())


def test_one_list_says_what_each_item_is_and_why_it_is_due_and_logs_the_subjects_shown(client, officer):
    approach = f.ApproachFactory(code="zorg-veiligheid", name="Zorg en Veiligheid")
    person = f.PersonFactory(given_name="Anouk", family_name="Vernietigbaar", ref="P-REVIEW-1")
    the_list = destruction_list()
    item = item_for(the_list, person=person, phase=Phase.CLOSED_CASE, approach_code=approach.code,
                    due_on=datetime.date(2020, 3, 10),
                    policy=[{"phase": "closed_case", "approach": approach.code, "months": 60,
                             "counts_from": "end_date"}])
    before = AccessLogEntry.objects.count()
    response = client.get(list_url(the_list))
    assert response.status_code == 200
    page = text(response)
    assert "P-REVIEW-1: Anouk Vernietigbaar" in page
    assert "10 maart 2020" in page
    assert "Afgesloten casus, Zorg en Veiligheid: regel van de aanpak, 60 maanden vanaf einddatum casus" in page
    reads = [entry for entry in AccessLogEntry.objects.order_by("sequence")[before:] if entry.action == Action.READ]
    assert [entry.subject_key for entry in reads] == [person.subject_key]
    assert item.pk


def test_earlier_exclusions_of_the_same_subject_are_shown_with_their_reason(client):
    person = f.PersonFactory()
    earlier = destruction_list(as_of=datetime.date(2024, 1, 1))
    item_for(earlier, person=person, decision=Decision.EXCLUDED, decision_reason="Rechtszaak loopt nog.",
             decided_at=timezone.now() - datetime.timedelta(days=300))
    other_person = f.PersonFactory()
    item_for(earlier, person=other_person, decision=Decision.EXCLUDED, decision_reason="Iets anders.",
             decided_at=timezone.now())
    current = destruction_list()
    item = item_for(current, person=person)
    item_for(current, person=f.PersonFactory())
    html = client.get(list_url(current)).content.decode()
    article = html.split(f'id="item-{item.pk}"')[1].split("</article>")[0]
    assert "Eerder uitgezonderd" in article and "Rechtszaak loopt nog." in article
    assert "Iets anders." not in html
    assert html.count('data-testid="earlier-exclusions"') == 1


def test_approve_and_exclude_from_the_page(client, officer):
    the_list = destruction_list()
    first, second = item_for(the_list, person=f.PersonFactory()), item_for(the_list, person=f.PersonFactory())
    response = client.post(decide_url(first), {f"item-{first.pk}-decision": "approved"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{first.pk}")
    assert fresh(first).decision == Decision.APPROVED
    response = client.post(decide_url(second), {f"item-{second.pk}-decision": "excluded",
                                                f"item-{second.pk}-reason": "Verzoek tot inzage loopt."})
    assert response.status_code == 302
    assert (fresh(second).decision, fresh(second).decision_reason) == (Decision.EXCLUDED, "Verzoek tot inzage loopt.")
    page = text(client.get(list_url(the_list)))
    assert "Uitgezonderd van vernietiging." in page or "Verzoek tot inzage loopt." in page


def test_an_exclusion_without_a_reason_comes_back_with_the_error_and_changes_nothing(client):
    the_list = destruction_list()
    item = item_for(the_list, person=f.PersonFactory())
    response = client.post(decide_url(item), {f"item-{item.pk}-decision": "excluded", f"item-{item.pk}-reason": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Geef de reden waarom dit item niet wordt vernietigd." in html
    assert re.search(r'<details class="procesregie-details" open>', html)
    assert fresh(item).decision == Decision.PENDING


def test_approve_all_from_the_page_needs_a_reason(client):
    the_list = destruction_list()
    items = [item_for(the_list, person=f.PersonFactory()) for _ in range(2)]
    url = reverse("retention:destruction-approve-all", args=[the_list.pk])
    response = client.post(url, {"all-reason": ""})
    assert response.status_code == 200 and "Geef de reden waarom u alle items goedkeurt." in response.content.decode()
    assert all(fresh(item).decision == Decision.PENDING for item in items)
    response = client.post(url, {"all-reason": "Steekproef gedaan, rest gecontroleerd."})
    assert response.status_code == 302
    assert all(fresh(item).decision == Decision.APPROVED for item in items)


def test_an_item_of_another_list_is_not_found(client):
    the_list, other = destruction_list(), destruction_list()
    item = item_for(other, person=f.PersonFactory())
    url = reverse("retention:destruction-item-decide", args=[the_list.pk, item.pk])
    assert client.post(url, {f"item-{item.pk}-decision": "approved"}).status_code == 404
    assert fresh(item).decision == Decision.PENDING


@pytest.mark.parametrize("persona", ["regisseur", "manager", "functional_admin", "participant"])
def test_only_the_privacy_officer_reviews(world, persona):
    the_list = destruction_list()
    person = f.PersonFactory(family_name="Afgeschermd")
    item = item_for(the_list, person=person)
    client = verified_client(world.users[persona])
    for url in (reverse("retention:destruction-lists"), reverse("retention:destruction-count"), list_url(the_list),
                reverse("retention:destruction-run", args=[the_list.pk])):
        response = client.get(url)
        assert response.status_code == 404 and "Afgeschermd" not in response.content.decode()
    assert client.post(decide_url(item), {f"item-{item.pk}-decision": "approved"}).status_code == 404
    assert client.post(reverse("retention:destruction-approve-all", args=[the_list.pk]),
                       {"all-reason": "x"}).status_code == 404
    assert fresh(item).decision == Decision.PENDING


@pytest.mark.parametrize("persona", ["regisseur", "functional_admin"])
def test_a_refused_review_is_logged_as_denied_without_a_subject(world, persona):
    """Every refusal of the lists is in the access log (denied; a POST as the change it attempted), naming neither
    the list nor a subject on it."""
    the_list = destruction_list()
    item = item_for(the_list, person=f.PersonFactory(), decision=Decision.APPROVED, decided_at=timezone.now())
    user = world.users[persona]
    client = verified_client(user)
    start = AccessLogEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    gets = [reverse("retention:destruction-lists"), reverse("retention:destruction-count"), list_url(the_list),
            reverse("retention:destruction-run", args=[the_list.pk])]
    if persona == "regisseur":  # the functional administrator reads the record (SEE_RETENTION)
        gets.append(reverse("retention:destruction-record", args=[the_list.pk]))
    for url in gets:
        assert client.get(url).status_code == 404
    posts = [(decide_url(item), {f"item-{item.pk}-decision": "excluded", f"item-{item.pk}-reason": "x"}),
             (reverse("retention:destruction-approve-all", args=[the_list.pk]), {"all-reason": "x"}),
             (reverse("retention:destruction-run", args=[the_list.pk]), {"confirm": "on"})]
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    entries = list(AccessLogEntry.objects.filter(sequence__gt=start).order_by("sequence").values_list(
        "actor_username", "action", "outcome", "object_type", "object_id", "subject_key"))
    denied = (user.username, "denied", "retention.destructionlist", "", None)
    expected = ["read"] * len(gets) + ["update", "update", "delete"]
    assert entries == [(denied[0], action, *denied[1:]) for action in expected]
    assert fresh(item).decision == Decision.APPROVED and fresh(item).result == ""


def test_the_list_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    the_list = destruction_list()
    earlier = destruction_list()
    for _ in range(3):
        person = f.PersonFactory()
        item_for(the_list, person=person, approach_code=f.ApproachFactory().code)
        item_for(earlier, person=person, decision=Decision.EXCLUDED, decision_reason="x", decided_at=timezone.now())
    client.get(list_url(the_list))
    with CaptureQueriesContext(connection) as few:
        assert client.get(list_url(the_list)).status_code == 200
    for _ in range(20):
        person = f.PersonFactory()
        item_for(the_list, person=person, approach_code=f.ApproachFactory().code)
        item_for(earlier, person=person, decision=Decision.EXCLUDED, decision_reason="x", decided_at=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(list_url(the_list)).status_code == 200


def test_the_record_names_nobody_and_shows_no_reason(client, world):
    the_list = destruction_list()
    person = f.PersonFactory(given_name="Zichtbaar", family_name="Nergens")
    item_for(the_list, person=person, decision=Decision.EXCLUDED, decision_reason="Geheime reden Nergens",
             decided_by=world.users["privacy_officer"], decided_at=timezone.now())
    item_for(the_list, kind="person", person=None, decision=Decision.APPROVED, result="destroyed",
             decided_by=world.users["privacy_officer"], decided_at=timezone.now(), carried_out_at=timezone.now(),
             summary={"registrations": 2, "measurements": 5})
    for persona in ("privacy_officer", "functional_admin"):
        response = verified_client(world.users[persona]).get(
            reverse("retention:destruction-record", args=[the_list.pk]))
        assert response.status_code == 200
        page = text(response)
        assert "Nergens" not in page and "Zichtbaar" not in page and person.ref not in page
        assert "aanmeldingen: 2" in page and "metingen: 5" in page
        assert "1 goedgekeurd, 1 uitgezonderd" in page
    assert verified_client(world.users["regisseur"]).get(
        reverse("retention:destruction-record", args=[the_list.pk])).status_code == 404
    assert Approach.objects.exists()


def test_the_overview_and_the_record_read_a_fixed_number_of_queries(client, officer, django_assert_max_num_queries):
    def grow(count):
        for _ in range(count):
            the_list = destruction_list()
            for decision in (Decision.PENDING, Decision.EXCLUDED):
                item_for(the_list, person=f.PersonFactory(), decision=decision, decided_by=officer,
                         decided_at=timezone.now(), summary={"registrations": 1})
        return the_list

    the_list = grow(1)
    urls = [reverse("retention:destruction-lists"), reverse("retention:destruction-record", args=[the_list.pk])]
    counts = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few.captured_queries))
    the_list = grow(12)
    urls[1] = reverse("retention:destruction-record", args=[the_list.pk])
    for _ in range(20):
        item_for(the_list, person=f.PersonFactory(), decision=Decision.APPROVED, decided_by=officer,
                 decided_at=timezone.now())
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
