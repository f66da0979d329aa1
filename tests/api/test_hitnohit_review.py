"""The privacy officer sees the API clients' hit/no-hit use (issue 16 part 4): a flagged client on "Mijn werk"
("Koppeling mogelijk aan het aftasten", with the client and its organisation) and on /privacy/koppelingen/, with per
client its questions (time, purpose, hit or not; never a person). Everyone else: no section, and 404 on the pages."""

import pytest
from django.urls import reverse

from procesregie.accounts.models import ApiScope
from procesregie.api.hitnohit import limits
from procesregie.audit.models import AccessLogEntry, Action, Outcome

from .. import factories as f
from ..casework.helpers import logged_in
from ..personas import build_world
from ..worklists.test_worklist import count_queries
from .conftest import token_for
from .hitnohit_helpers import ask, asked_before

pytestmark = pytest.mark.django_db

HOME = reverse("worklists:home")
LIST = reverse("api_review:client-list")
OTHERS = ["regisseur", "participant", "manager", "functional_admin", "colleague"]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def prober(world, issue_client):
    """A client of the police that tried many numbers: flagged."""
    issued = issue_client(world.users["participant"].organisation, ApiScope.HITNOHIT, name="Politie bevraging")
    asked_before(issued.client, misses=limits.PROBE_MIN_MISSES)
    return issued.client


@pytest.fixture
def quiet(world, issue_client):
    """A client of the municipality that asked a little, all fine."""
    organisation = f.OrganisationFactory(municipal=True, name="Gemeente Zuid (synthetisch)")
    issued = issue_client(organisation, ApiScope.HITNOHIT, name="Gemeente wijkteams")
    asked_before(issued.client, misses=2, hits=1)
    return issued.client


def test_the_privacy_officer_sees_a_flagged_client_on_their_work_list(world, prober, quiet):
    html = logged_in(world.users["privacy_officer"]).get(HOME).content.decode()
    assert 'data-testid="work-api-flags"' in html
    assert "Koppeling mogelijk aan het aftasten" in html
    assert "Politie bevraging" in html and prober.organisation.name in html
    assert reverse("api_review:client-detail", args=[prober.pk]) in html and LIST in html
    assert "Gemeente wijkteams" not in html  # not flagged: not work


def test_without_a_flag_the_work_list_says_so(world, quiet):
    html = logged_in(world.users["privacy_officer"]).get(HOME).content.decode()
    assert "Koppeling mogelijk aan het aftasten" not in html and "Geen koppeling valt op." in html


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_sees_the_flag(world, prober, persona):
    html = logged_in(world.users[persona]).get(HOME).content.decode()
    assert 'data-testid="work-api-flags"' not in html and "Politie bevraging" not in html


def test_the_work_list_takes_as_many_queries_with_many_flagged_clients(world, issue_client, prober):
    client = logged_in(world.users["privacy_officer"])
    one = count_queries(client, HOME)
    for n in range(4):
        flagged = issue_client(world.users["participant"].organisation, ApiScope.HITNOHIT, name=f"Koppeling {n}")
        asked_before(flagged.client, misses=limits.PROBE_MIN_MISSES)
    assert count_queries(client, HOME) == one


def test_the_overview_lists_each_clients_questions_flagged_first(world, prober, quiet, issue_client):
    issue_client(world.users["participant"].organisation, ApiScope.REPORTS_READ, name="Alleen cijfers")
    response = logged_in(world.users["privacy_officer"]).get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Politie bevraging") < html.index("Gemeente wijkteams")  # flagged first
    assert "Alleen cijfers" not in html  # no hit/no-hit scope and no questions
    assert "2 koppelingen, waarvan 1 opvalt." in " ".join(html.split())
    rows = html.split('data-flagged="')[1:]
    assert rows[0].startswith("ja") and rows[1].startswith("nee")
    cells = [cell.split("</td>")[0] for cell in rows[1].split('utrecht-table__cell--numeric">')[1:]]
    assert cells == ["3", "3", "1", "2", "0"]  # today, 7 days, hit, no hit, refused
    assert "veel vragen zonder hit" in rows[0]


def test_a_clients_page_shows_its_questions_and_never_a_person(world, issue_client):
    issued = issue_client(world.users["participant"].organisation, ApiScope.HITNOHIT, name="Politie bevraging")
    person = world.case.registration.person
    token = token_for(issued)
    assert ask(token, bsn=person.bsn, doel="Voorbereiding casusoverleg wijkteam Noord").json()["hit"] is True
    assert ask(token, achternaam="Zwartkruis", geboortedatum="1961-07-13", doel="Melding van de wijkagent").status_code == 200
    response = logged_in(world.users["privacy_officer"]).get(reverse("api_review:client-detail", args=[issued.client.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voorbereiding casusoverleg wijkteam Noord" in html and "Melding van de wijkagent" in html
    assert ">hit<" in html and ">geen hit<" in html
    for personal in (person.bsn, person.family_name, person.ref, world.case.registration.ref, "Zwartkruis"):
        assert personal not in html
    assert 'data-testid="api-use-flag">nee' in " ".join(html.split()).replace("> ", ">")


def test_reading_the_pages_is_logged_and_a_refusal_too(world, prober):
    officer, manager = world.users["privacy_officer"], world.users["manager"]
    detail = reverse("api_review:client-detail", args=[prober.pk])
    logged_in(officer).get(LIST)
    logged_in(officer).get(detail)
    assert AccessLogEntry.objects.filter(actor_id=officer.pk, action=Action.READ, outcome=Outcome.GRANTED,
                                         object_type="api.hitnohitquery", subject_key__isnull=True).count() == 1
    assert AccessLogEntry.objects.filter(actor_id=officer.pk, action=Action.READ, outcome=Outcome.GRANTED,
                                         object_type="accounts.apiclient", object_id=str(prober.pk)).count() == 1
    assert logged_in(manager).get(detail).status_code == 404
    assert AccessLogEntry.objects.filter(actor_id=manager.pk, outcome=Outcome.DENIED).count() == 1


@pytest.mark.parametrize("persona", OTHERS)
def test_the_pages_are_404_for_everyone_but_the_privacy_officer(world, prober, persona):
    client = logged_in(world.users[persona])
    for url in (LIST, reverse("api_review:client-detail", args=[prober.pk])):
        response = client.get(url)
        assert response.status_code == 404 and "Politie bevraging" not in response.content.decode()


def test_an_unknown_client_is_404(world):
    assert logged_in(world.users["privacy_officer"]).get(
        reverse("api_review:client-detail", args=[999999])).status_code == 404


def test_the_overview_takes_as_many_queries_with_many_clients(world, issue_client, prober):
    client = logged_in(world.users["privacy_officer"])
    one = count_queries(client, LIST)
    for n in range(4):
        asked_before(issue_client(world.users["participant"].organisation, ApiScope.HITNOHIT,
                                  name=f"Koppeling {n}").client, misses=3, hits=2)
    assert count_queries(client, LIST) == one
