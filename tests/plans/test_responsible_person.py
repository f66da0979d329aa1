"""An agreed intervention may name a contact person of the partner that carries it (as a meeting's decision may):
an active user of that organisation, chosen by the procesregisseur; the partner rule still sets the status only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.core.errors import DomainError
from procesregie.plans import services
from procesregie.plans.models import CaseIntervention, InterventionStatus

from ..factories import InterventionFactory
from ..logins import verified_client
from .conftest import agreed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def prefixed(data: dict) -> dict:
    return {f"plan-{name}": value for name, value in data.items()}


def label(user) -> str:
    return f"{user.get_full_name() or user.username} ({user.organisation})"


def test_the_regisseur_names_a_person_of_the_partner(world, regisseur, partner):
    client = verified_client(regisseur)
    url = reverse("plans:intervention-add", args=[world.case.pk])
    form = client.get(url).content.decode()
    assert label(partner) in form
    assert label(world.users["other_org"]) not in form  # the municipality takes no part in this case
    response = client.post(url, prefixed({
        "intervention": InterventionFactory().pk, "organisation": partner.organisation.pk,
        "responsible_person": partner.pk, "agreed_on": TODAY().isoformat(), "version": 0,
    }))
    assert response.status_code == 302
    assert CaseIntervention.objects.get().responsible_person == partner
    page = client.get(reverse("casework:case-detail", args=[world.case.pk])).content.decode()
    assert f"{partner.organisation} ({partner.get_full_name() or partner.username})" in page


def test_a_person_of_another_organisation_is_refused(world, regisseur, partner):
    stranger = world.users["other_org"]
    response = verified_client(regisseur).post(reverse("plans:intervention-add", args=[world.case.pk]), prefixed({
        "intervention": InterventionFactory().pk, "organisation": partner.organisation.pk,
        "responsible_person": stranger.pk, "agreed_on": TODAY().isoformat(), "version": 0,
    }))
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not CaseIntervention.objects.exists()
    with pytest.raises(DomainError, match="contactpersoon"):
        services.intervention_agree(actor=regisseur, case=world.case, intervention=InterventionFactory(),
                                    organisation=partner.organisation, responsible_person=stranger, agreed_on=TODAY())
    assert not CaseIntervention.objects.exists()


def test_changing_the_partner_asks_for_a_person_of_the_new_one(world, regisseur, partner):
    probation = world.users["removed"].organisation
    item = agreed(world.case, partner.organisation, responsible_person=partner)
    with pytest.raises(DomainError, match="contactpersoon"):
        services.intervention_update(actor=regisseur, case_intervention=item, organisation=probation,
                                     expected_version=None)
    item.refresh_from_db()
    assert (item.organisation, item.responsible_person) == (partner.organisation, partner)
    services.intervention_update(actor=regisseur, case_intervention=item, organisation=probation,
                                 responsible_person=None, expected_version=None)
    item.refresh_from_db()
    assert (item.organisation, item.responsible_person) == (probation, None)


def test_the_partner_sets_the_status_even_when_its_named_person_has_left(world, partner):
    colleague = world.users["colleague"]  # police too
    item = agreed(world.case, partner.organisation, responsible_person=colleague,
                  due_date=TODAY() + datetime.timedelta(days=5))
    colleague.is_active = False
    colleague.save()
    services.intervention_update(actor=partner, case_intervention=item, status=InterventionStatus.RUNNING,
                                 expected_version=None)
    item.refresh_from_db()
    assert item.status == InterventionStatus.RUNNING
    with pytest.raises(DomainError, match="alleen de status"):
        services.intervention_update(actor=partner, case_intervention=item, responsible_person=partner,
                                     expected_version=None)
    item.refresh_from_db()
    assert item.responsible_person == colleague
