"""The plan on the case page: inline htmx forms and their no-JavaScript fallback, conflicts, scope and queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.plans import services
from procesregie.plans.models import CaseIntervention, Goal, GoalStatus, InterventionStatus

from ..factories import InterventionFactory, LifeDomainFactory, OrganisationFactory
from ..logins import verified_login
from .conftest import agreed, entries_since, last_sequence

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = timezone.localdate


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    verified_login(client, user)
    return client


@pytest.fixture
def regie(regisseur):
    return logged_in(regisseur)


def case_url(case) -> str:
    return reverse("casework:case-detail", args=[case.pk])


def goal_add_url(case) -> str:
    return reverse("plans:goal-add", args=[case.pk])


def prefixed(data: dict) -> dict:
    """The plan forms' fields carry the prefix `plan-` (unique ids next to the case page's other forms)."""
    return {f"plan-{name}": value for name, value in data.items()}


def goal_data(domain, version, description="Een eigen woning binnen een jaar", **extra) -> dict:
    return prefixed({"domain": domain.pk, "description": description, "version": version, **extra})


def section(html: str) -> str:
    return re.search(r'<section id="plan".*?</section>', html, re.S).group(0)


# --- with and without htmx ---------------------------------------------------------------------------------


def test_goal_form_is_a_page_without_htmx_and_the_plan_section_with_it(world, regie, domains):
    page = regie.get(goal_add_url(world.case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and "<h1" in html and 'name="plan-version" value="0"' in html
    partial = regie.get(goal_add_url(world.case), **HTMX).content.decode()
    assert "<html" not in partial and partial.lstrip().startswith("<section id=\"plan\"")
    assert f'hx-post="{goal_add_url(world.case)}"' in partial and 'hx-target="this"' in partial
    assert 'name="csrfmiddlewaretoken"' in partial  # the plain form posts without htmx, too


def test_saving_without_htmx_redirects_to_the_case_page(world, regie, domains):
    response = regie.post(goal_add_url(world.case), goal_data(domains[0], 0))
    assert response.status_code == 302 and response["Location"] == case_url(world.case) + "#plan"
    assert Goal.objects.get(case=world.case).description == "Een eigen woning binnen een jaar"
    html = regie.get(response["Location"]).content.decode()
    assert "Het doel is toegevoegd." in html and "Een eigen woning binnen een jaar" in section(html)


def test_saving_with_htmx_answers_with_the_updated_plan(world, regie, domains):
    response = regie.post(goal_add_url(world.case), goal_data(domains[0], 0), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="plan"') and "<html" not in html
    assert "Het doel is toegevoegd." in html and "Een eigen woning binnen een jaar" in html
    assert "<form" not in html  # the form is closed after saving


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("data, error", [
    ({"description": "   "}, "Dit veld is verplicht"),
    ({"domain": ""}, "Dit veld is verplicht"),
    ({"description": "<p> </p>"}, "Beschrijf het doel"),
])
def test_bad_input_shows_the_errors_and_saves_nothing(world, regie, domains, headers, data, error):
    before = last_sequence()
    response = regie.post(goal_add_url(world.case), {**goal_data(domains[0], 0), **prefixed(data)}, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html and 'role="alert"' in html
    assert not Goal.objects.exists() and services.plan_version(world.case) == 0
    assert {e.action for e in entries_since(before)} == {"read"}  # the form was shown again, nothing written


def test_cancel_restores_the_section_with_htmx_and_goes_to_the_case_page_without(world, regie):
    url = reverse("plans:plan", args=[world.case.pk])
    assert regie.get(url, **HTMX).content.decode().lstrip().startswith('<section id="plan"')
    response = regie.get(url)
    assert response.status_code == 302 and response["Location"] == case_url(world.case) + "#plan"


# --- conflicts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("headers, status", [({}, 409), (HTMX, 200)], ids=["plain", "htmx"])
def test_a_stale_form_keeps_the_input_shows_the_conflict_and_saves_nothing(world, regie, regisseur, domains,
                                                                          headers, status):
    opened = regie.get(goal_add_url(world.case)).content.decode()
    assert 'name="plan-version" value="0"' in opened
    services.goal_add(actor=regisseur, case=world.case, domain=domains[1], description="Hun doel", expected_version=0)

    response = regie.post(goal_add_url(world.case), goal_data(domains[0], 0, "Mijn eigen formulering"), **headers)
    assert response.status_code == status
    html = response.content.decode()
    assert "Iemand anders heeft het plan intussen gewijzigd. Uw invoer staat hieronder" in html
    assert "Mijn eigen formulering" in html  # the user's input, kept
    assert "Hun doel" in section(html)  # the plan as it is now
    assert 'name="plan-version" value="1"' in html  # saving again is possible
    assert list(Goal.objects.values_list("description", flat=True)) == ["Hun doel"]

    again = regie.post(goal_add_url(world.case), goal_data(domains[0], 1, "Mijn eigen formulering"))
    assert again.status_code == 302
    assert Goal.objects.count() == 2 and services.plan_version(world.case) == 2


def test_a_stale_goal_edit_does_not_overwrite_the_other_change(world, regie, regisseur, domains):
    goal = services.goal_add(actor=regisseur, case=world.case, domain=domains[0], description="Eerst",
                             expected_version=0)
    url = reverse("plans:goal-edit", args=[world.case.pk, goal.pk])
    assert 'name="plan-version" value="1"' in regie.get(url).content.decode()
    services.goal_update(actor=regisseur, goal=goal, domain=domains[0], description="Door een ander",
                         status=GoalStatus.ACHIEVED, expected_version=1)
    response = regie.post(url, goal_data(domains[0], 1, "Mijn versie", status=GoalStatus.OPEN))
    assert response.status_code == 409
    goal.refresh_from_db()
    assert (goal.description, goal.status) == ("Door een ander", GoalStatus.ACHIEVED)


# --- goals and interventions ---------------------------------------------------------------------------------


def test_goal_edit_changes_the_goal(world, regie, regisseur, domains):
    goal = services.goal_add(actor=regisseur, case=world.case, domain=domains[0], description="Eerst",
                             expected_version=0)
    url = reverse("plans:goal-edit", args=[world.case.pk, goal.pk])
    form = regie.get(url, **HTMX).content.decode()
    assert re.search(r">\s*Eerst</textarea>", form)
    response = regie.post(url, goal_data(domains[1], 1, "Daarna", status=GoalStatus.ACHIEVED), **HTMX)
    assert "Het doel is gewijzigd." in response.content.decode()
    goal.refresh_from_db()
    assert (goal.domain, goal.description, goal.status) == (domains[1], "Daarna", GoalStatus.ACHIEVED)


def test_a_goal_of_another_case_is_not_found(world, regie, regisseur, domains):
    other = type(world.case).objects.create(registration=world.pending, start_date=TODAY(), table=world.case.table)
    goal = Goal.objects.create(case=other, domain=domains[0], description="Elders")
    assert regie.get(reverse("plans:goal-edit", args=[world.case.pk, goal.pk])).status_code == 404


def test_intervention_add_offers_the_participants_and_saves(world, regie, partner, domains):
    url = reverse("plans:intervention-add", args=[world.case.pk])
    form = regie.get(url).content.decode()
    assert "Politie (synthetisch)" in form  # participates
    assert "Reclassering (synthetisch)" not in form  # was removed from the case
    catalogue = InterventionFactory(name="Schuldhulpverlening")
    due = TODAY() + datetime.timedelta(days=30)
    response = regie.post(url, prefixed({
        "intervention": catalogue.pk, "organisation": partner.organisation.pk, "agreed_on": TODAY().isoformat(),
        "due_date": due.isoformat(), "note": "Na intake", "goal": "", "version": 0,
    }))
    assert response.status_code == 302
    item = CaseIntervention.objects.get(case=world.case)
    assert (item.intervention, item.organisation, item.due_date, item.note) == (catalogue, partner.organisation, due, "Na intake")


def test_intervention_add_refuses_an_organisation_outside_the_case(world, regie):
    response = regie.post(reverse("plans:intervention-add", args=[world.case.pk]), prefixed({
        "intervention": InterventionFactory().pk, "organisation": OrganisationFactory().pk,
        "agreed_on": TODAY().isoformat(), "version": 0,
    }))
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not CaseIntervention.objects.exists()


def test_intervention_edit_by_the_procesregisseur(world, regie, partner):
    item = agreed(world.case, partner.organisation)
    url = reverse("plans:intervention-edit", args=[world.case.pk, item.pk])
    form = regie.get(url).content.decode()
    assert 'name="plan-due_date"' in form and 'name="plan-organisation"' in form
    due = TODAY() + datetime.timedelta(days=14)
    response = regie.post(url, prefixed({"status": "running", "due_date": due.isoformat(),
                                         "organisation": partner.organisation.pk, "note": "", "goal": "", "version": 0}),
                          **HTMX)
    assert "De interventie is gewijzigd." in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.due_date) == (InterventionStatus.RUNNING, due)


def test_a_partner_sets_only_the_status_of_its_own_intervention(world, partner):
    own = agreed(world.case, partner.organisation)
    other = agreed(world.case, OrganisationFactory())
    client = logged_in(partner)
    html = client.get(case_url(world.case)).content.decode()
    plan = section(html)
    assert "Doel toevoegen" not in plan and "Interventie afspreken" not in plan
    assert reverse("plans:intervention-edit", args=[world.case.pk, own.pk]) in plan
    assert reverse("plans:intervention-edit", args=[world.case.pk, other.pk]) not in plan

    url = reverse("plans:intervention-edit", args=[world.case.pk, own.pk])
    form = client.get(url, **HTMX).content.decode()
    assert 'name="plan-status"' in form and 'name="plan-due_date"' not in form and 'name="plan-organisation"' not in form
    response = client.post(url, prefixed({"status": "done", "version": 0, "due_date": "2000-01-01"}), **HTMX)
    assert response.status_code == 200 and "De interventie is gewijzigd." in response.content.decode()
    own.refresh_from_db()
    assert (own.status, own.due_date) == (InterventionStatus.DONE, None)  # the extra field was ignored
    assert client.get(reverse("plans:intervention-edit", args=[world.case.pk, other.pk])).status_code == 404


# --- the case page ------------------------------------------------------------------------------------------


def test_overdue_interventions_stand_out_with_a_badge_and_text(world, regie, partner):
    yesterday, tomorrow = TODAY() - datetime.timedelta(days=1), TODAY() + datetime.timedelta(days=1)
    late = agreed(world.case, partner.organisation, intervention=InterventionFactory(name="Te laat"), due_date=yesterday)
    agreed(world.case, partner.organisation, intervention=InterventionFactory(name="Loopt nog"), due_date=tomorrow,
           status=InterventionStatus.RUNNING)
    agreed(world.case, partner.organisation, intervention=InterventionFactory(name="Klaar"), due_date=yesterday,
           status=InterventionStatus.DONE)
    agreed(world.case, partner.organisation, intervention=InterventionFactory(name="Lopend te laat"),
           due_date=yesterday, status=InterventionStatus.RUNNING)
    plan = section(regie.get(case_url(world.case)).content.decode())
    rows = {re.search(r'<td class="utrecht-table__cell">([^<]+)', row).group(1): row
            for row in re.findall(r"<tr class=\"utrecht-table__row[^\"]*\">.*?</tr>", plan, re.S)[1:]}
    overdue = {name for name, row in rows.items() if "over datum" in row and "procesregie-overdue" in row}
    assert overdue == {"Te laat", "Lopend te laat"}
    assert "2 interventies zijn over de uiterste datum." in plan
    assert late.is_overdue() and not late.is_overdue(today=yesterday)


def test_the_case_page_shows_goals_per_life_domain_in_display_order(world, regie, regisseur, domains):
    for domain, text in [(domains[2], "Minder gebruik"), (domains[0], "Woning"), (domains[0], "Huurschuld weg")]:
        services.goal_add(actor=regisseur, case=world.case, domain=domain, description=text,
                          expected_version=services.plan_version(world.case))
    plan = section(regie.get(case_url(world.case)).content.decode())
    order = [plan.index(text) for text in ("Huisvesting", "Woning", "Huurschuld weg", "Middelengebruik", "Minder gebruik")]
    assert order == sorted(order)


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_case_page_queries_do_not_grow_with_the_plan(world, regie, regisseur, partner):
    def grow(n):
        for i in range(n):
            domain = LifeDomainFactory()
            goal = Goal.objects.create(case=world.case, domain=domain, description=f"Doel {i}", position=i)
            agreed(world.case, partner.organisation, goal=goal, due_date=TODAY() - datetime.timedelta(days=i))

    grow(1)
    small = _count(regie, case_url(world.case))
    grow(25)
    assert _count(regie, case_url(world.case)) == small


def test_plan_forms_queries_do_not_grow_with_the_plan(world, regie, partner):
    url = reverse("plans:intervention-add", args=[world.case.pk])
    agreed(world.case, partner.organisation)
    small = _count(regie, url)
    for i in range(20):
        agreed(world.case, partner.organisation, goal=Goal.objects.create(
            case=world.case, domain=LifeDomainFactory(), description=f"Doel {i}"))
    assert _count(regie, url) == small


# --- scope, methods, CSRF, the log --------------------------------------------------------------------------


def plan_urls(world, goal, item) -> list[str]:
    case = world.case.pk
    return [
        reverse("plans:plan", args=[case]),
        reverse("plans:goal-add", args=[case]),
        reverse("plans:goal-edit", args=[case, goal.pk]),
        reverse("plans:intervention-add", args=[case]),
        reverse("plans:intervention-edit", args=[case, item.pk]),
    ]


@pytest.mark.parametrize("persona", ["regisseur_elsewhere", "other_org", "removed", "colleague", "manager"])
def test_out_of_scope_is_not_found_and_shows_nothing(world, regisseur, partner, domains, persona):
    goal = services.goal_add(actor=regisseur, case=world.case, domain=domains[0], description="Geheim doel",
                             expected_version=0)
    item = agreed(world.case, world.users[persona].organisation)  # even when their organisation carries it
    client = logged_in(world.users[persona])
    for url in plan_urls(world, goal, item):
        for method in ("get", "post") if url != plan_urls(world, goal, item)[0] else ("get",):
            response = getattr(client, method)(url, **HTMX)
            assert response.status_code == 404, (url, method)
            assert "Geheim" not in response.content.decode()
    assert Goal.objects.count() == 1 and services.plan_version(world.case) == 1


def test_refusals_are_logged_as_denied(world, partner):
    before = last_sequence()
    assert logged_in(partner).post(goal_add_url(world.case), {}).status_code == 404
    entries = entries_since(before)
    assert [(e.action, e.outcome, e.subject_key) for e in entries] == [("update", "denied", None)]


def test_showing_a_form_is_logged_as_a_read_of_the_subject(world, regie):
    before = last_sequence()
    regie.get(goal_add_url(world.case))
    (entry,) = entries_since(before)
    assert (entry.action, entry.subject_key, entry.purpose_case_id) == (
        "read", world.case.registration.person.subject_key, world.case.pk
    )


def test_a_save_writes_one_create_entry(world, regie, domains):
    before = last_sequence()
    regie.post(goal_add_url(world.case), goal_data(domains[0], 0))
    assert [e.action for e in entries_since(before) if e.action != "read"] == ["create"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_not_allowed(world, regie, method):
    for url in (goal_add_url(world.case), reverse("plans:plan", args=[world.case.pk])):
        assert getattr(regie, method)(url).status_code == 405
    assert regie.post(reverse("plans:plan", args=[world.case.pk])).status_code == 405


def test_a_post_without_the_csrf_token_is_refused(world, regisseur, domains):
    client = logged_in(regisseur, enforce_csrf_checks=True)
    response = client.post(goal_add_url(world.case), goal_data(domains[0], 0), **HTMX)
    assert response.status_code == 403
    assert not Goal.objects.exists() and not AccessLogEntry.objects.filter(action="create").exists()


def test_a_partner_is_not_offered_a_finished_intervention(world, partner):
    done = agreed(world.case, partner.organisation, status=InterventionStatus.DONE)
    plan = section(logged_in(partner).get(case_url(world.case)).content.decode())
    assert reverse("plans:intervention-edit", args=[world.case.pk, done.pk]) not in plan


def test_an_open_plan_form_keeps_the_ids_on_the_case_page_unique(world, regie, partner):
    """The case page holds other forms (participants); after the htmx swap every id is still unique."""
    page = regie.get(case_url(world.case)).content.decode()
    for url in (reverse("plans:intervention-add", args=[world.case.pk]), goal_add_url(world.case)):
        swapped = page.replace(section(page), regie.get(url, **HTMX).content.decode())
        ids = re.findall(r'\sid="([^"]+)"', swapped)
        assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
        assert 'id="id_plan-organisation"' in swapped or 'id="id_plan-domain"' in swapped
