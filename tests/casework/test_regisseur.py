"""Every trajectory has a procesregisseur: chosen at triage (default: who triages), changed on the case page by who
may change the case, kept on the timeline and logged. Imported cases without one say so and can be assigned."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.accounts.roles import Role
from procesregie.casework import services
from procesregie.casework.models import Case, RegisseurChange
from procesregie.core.errors import DomainError, NotFound
from procesregie.reference.models import ClosingReason, Table
from tests.personas import build_world, make_user

from .helpers import HTMX, assert_every_input_has_a_label, last_sequence, logged_in, new_entries, snapshot, summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    colleague = make_user("collega-regisseur", world.users["regisseur"].organisation, Role.PROCESREGISSEUR)
    colleague.first_name, colleague.last_name = "Carla", "Collega"
    colleague.save()
    Table.objects.get(code="tafel-a").procesregisseurs.add(colleague)
    world.users["colleague_regisseur"] = colleague
    return world


def url(name, obj):
    return reverse(f"casework:{name}", args=[obj.pk])


def fresh(case) -> Case:
    return Case.objects.get(pk=case.pk)


def rows():
    return [*snapshot(), list(RegisseurChange.objects.values())]


def test_the_triage_form_proposes_the_regisseur_who_triages(world):
    html = logged_in(world.users["regisseur"]).get(url("triage", world.pending)).content.decode()
    select = re.search(r'<select name="procesregisseur".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{world.users["regisseur"].pk}" selected>', select)
    assert f'value="{world.users["colleague_regisseur"].pk}"' in select


def test_accepting_without_a_regisseur_makes_the_one_who_triages_it(world):
    case = services.registration_accept(
        actor=world.users["regisseur"], registration=world.pending, decided_on=timezone.localdate(),
        criteria=["criterion_multi_problem"], table=Table.objects.get(code="tafel-a"),
    )
    assert case.procesregisseur == world.users["regisseur"]


def test_an_imported_case_without_regisseur_says_so_and_can_be_assigned(world):
    assert world.case.procesregisseur is None
    client = logged_in(world.users["regisseur"])
    html = client.get(url("case-detail", world.case)).content.decode()
    assert re.search(r'data-testid="procesregisseur">geen procesregisseur<', html)
    # The fold offers it; the form (and its list of procesregisseurs) is fetched when the fold is opened.
    assert f'hx-get="{url("case-regisseur", world.case)}"' in html and "Procesregisseur toewijzen" in html
    assert f'action="{url("case-regisseur", world.case)}"' not in html
    before = last_sequence()
    form = client.get(url("case-regisseur", world.case), **HTMX).content.decode()
    assert f'action="{url("case-regisseur", world.case)}"' in form and "<html" not in form
    assert f'<option value="{world.users["colleague_regisseur"].pk}">' in form
    assert_every_input_has_a_label(form)
    # the form names the case's candidates: a read of the case, logged
    assert {(e.action, e.subject_key) for e in new_entries(before)} == {
        ("read", world.case.registration.person.subject_key)}
    partner = logged_in(world.users["participant"]).get(url("case-detail", world.case)).content.decode()
    assert "geen procesregisseur" in partner and url("case-regisseur", world.case) not in partner

    before = last_sequence()
    response = client.post(url("case-regisseur", world.case), {
        "procesregisseur": world.users["colleague_regisseur"].pk, "version": world.case.version})

    assert response.status_code == 302
    case = fresh(world.case)
    assert case.procesregisseur == world.users["colleague_regisseur"] and case.version == world.case.version + 1
    change = RegisseurChange.objects.get(case=case)
    assert (change.previous, change.changed_by) == (None, world.users["regisseur"])
    person = case.registration.person
    assert summary(new_entries(before)) == [("update", "casework.regisseurchange", person.subject_key, case.pk, "granted")]
    html = client.get(url("case-detail", case)).content.decode()
    assert re.search(r'data-testid="procesregisseur">Carla Collega<', html)
    assert "Procesregisseur: Carla Collega" in html and "voorheen: geen" in html  # on the timeline


def test_changing_the_regisseur_again_keeps_the_history(world):
    services.case_regisseur_set(actor=None, case=world.case, procesregisseur=world.users["regisseur"])
    services.case_regisseur_set(actor=world.users["regisseur"], case=world.case,
                                procesregisseur=world.users["colleague_regisseur"])
    changes = list(RegisseurChange.objects.filter(case=world.case).values_list("previous", "procesregisseur"))
    assert changes == [(None, world.users["regisseur"].pk),
                       (world.users["regisseur"].pk, world.users["colleague_regisseur"].pk)]


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "manager", "other_org"])
def test_who_may_not_change_the_case_gets_404_and_changes_nothing(world, persona):
    before = rows()
    response = logged_in(world.users[persona]).post(url("case-regisseur", world.case), {
        "procesregisseur": world.users["colleague_regisseur"].pk, "version": world.case.version})
    assert response.status_code == 404 and rows() == before
    with pytest.raises(NotFound):
        services.case_regisseur_set(actor=world.users[persona], case=world.case,
                                    procesregisseur=world.users["colleague_regisseur"])
    assert rows() == before


def test_only_a_regisseur_of_the_case_table_can_be_appointed(world):
    before = rows()
    response = logged_in(world.users["regisseur"]).post(url("case-regisseur", world.case), {
        "procesregisseur": world.users["regisseur_elsewhere"].pk, "version": world.case.version})
    assert response.status_code == 200 and "Kies een procesregisseur van de overlegtafel" in response.content.decode()
    with pytest.raises(DomainError, match="geen procesregisseur aan deze overlegtafel"):
        services.case_regisseur_set(actor=world.users["regisseur"], case=world.case,
                                    procesregisseur=world.users["regisseur_elsewhere"])
    assert rows() == before


def test_a_stale_form_is_a_conflict(world):
    client = logged_in(world.users["regisseur"])
    stale = world.case.version
    services.case_regisseur_set(actor=None, case=world.case, procesregisseur=world.users["regisseur"])
    before = rows()
    response = client.post(url("case-regisseur", world.case), {
        "procesregisseur": world.users["colleague_regisseur"].pk, "version": stale})
    assert response.status_code == 409 and "intussen gewijzigd" in response.content.decode()
    assert rows() == before


def test_a_closed_case_offers_no_regisseur_change_and_refuses_one(world):
    client = logged_in(world.users["regisseur"])
    services.case_close(actor=None, case=world.case, end_date=timezone.localdate(),
                        reason=ClosingReason.objects.get(code="positief"))
    case = fresh(world.case)
    html = client.get(url("case-detail", case)).content.decode()
    assert url("case-regisseur", case) not in html
    assert client.get(url("case-regisseur", case)).status_code == 302
    fold = client.get(url("case-regisseur", case), **HTMX)  # a fold opened before the case was closed
    assert fold.status_code == 200 and "al afgesloten" in fold.content.decode() and "<form" not in fold.content.decode()
    before = rows()
    with pytest.raises(DomainError, match="afgesloten"):
        services.case_regisseur_set(actor=world.users["regisseur"], case=case,
                                    procesregisseur=world.users["colleague_regisseur"])
    assert rows() == before


def test_the_fold_says_so_when_there_is_nobody_else_to_appoint(world):
    Table.objects.get(code="tafel-a").procesregisseurs.remove(world.users["colleague_regisseur"])
    Case.objects.filter(pk=world.case.pk).update(procesregisseur=world.users["regisseur"])
    client = logged_in(world.users["regisseur"])
    html = client.get(url("case-detail", world.case)).content.decode()
    assert f'hx-get="{url("case-regisseur", world.case)}"' in html and "Procesregisseur wijzigen" in html
    form = client.get(url("case-regisseur", world.case), **HTMX).content.decode()
    assert "Er is geen andere procesregisseur aan de overlegtafels van deze aanpak." in form and "<form" not in form
