"""Short updates on a case: posted by whoever takes part in it (a partner of a participating organisation, or the
procesregisseur), plain text, logged, on the case's timeline for everyone who sees the case and for nobody else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.core.errors import DomainError, NotFound
from procesregie.plans.models import CaseUpdate
from procesregie.plans.updates import UPDATE_MAX_LENGTH, case_update_add

from .. import factories as f
from ..logins import verified_client
from .conftest import entries_since, last_sequence

pytestmark = pytest.mark.django_db


def url(case) -> str:
    return reverse("plans:case-update-add", args=[case.pk])


def case_page(client, case) -> str:
    response = client.get(reverse("casework:case-detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_partner_posts_an_update_that_the_participants_and_the_regisseur_read(world, partner, regisseur):
    client = verified_client(partner)
    assert "Update plaatsen" in case_page(client, world.case)
    before = last_sequence()
    response = client.post(url(world.case), {"update-text": "Huisbezoek <script>alert(1)</script>afgelegd."})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("casework:case-detail", args=[world.case.pk]))
    update = CaseUpdate.objects.get()
    assert (update.case, update.organisation, update.author, update.text) == (
        world.case, partner.organisation, partner, "Huisbezoek afgelegd.")
    (entry,) = [e for e in entries_since(before) if e.action != "read"]
    assert (entry.action, entry.object_type, entry.object_id) == ("create", "plans.caseupdate", str(update.pk))
    assert (entry.subject_key, entry.purpose_case_id) == (world.case.registration.person.subject_key, world.case.pk)

    for reader in (partner, regisseur):
        html = case_page(verified_client(reader), world.case)
        assert "Huisbezoek afgelegd." in html and "Update van Politie (synthetisch)" in html
        assert "<script>alert(1)" not in html


@pytest.mark.parametrize("persona", ["other_org", "removed", "colleague", "regisseur_elsewhere", "manager",
                                     "privacy_officer", "functional_admin"])
def test_who_does_not_take_part_can_neither_post_nor_read(world, persona):
    CaseUpdate.objects.create(case=world.case, organisation=world.users["participant"].organisation, text="geheim-bericht")
    client = verified_client(world.users[persona])
    before = last_sequence()
    response = client.post(url(world.case), {"update-text": "ingebroken"})
    assert response.status_code == 404 and "Geheime" not in response.content.decode()
    assert list(CaseUpdate.objects.values_list("text", flat=True)) == ["geheim-bericht"]
    assert all(e.outcome == "denied" for e in entries_since(before))
    with pytest.raises(NotFound):
        case_update_add(actor=world.users[persona], case=world.case, text="ingebroken")
    assert client.get(reverse("casework:case-detail", args=[world.case.pk])).status_code == 404


def test_the_regisseur_posts_too(world, regisseur):
    case_update_add(actor=regisseur, case=world.case, text="Overleg met de woningcorporatie gepland")
    assert CaseUpdate.objects.get().organisation == regisseur.organisation


@pytest.mark.parametrize(("text", "message"), [("", "Schrijf de update."), ("<b></b>", "Schrijf de update."),
                                               ("x" * (UPDATE_MAX_LENGTH + 1), "niet meer dan 1000 tekens")])
def test_bad_input_is_shown_and_saves_nothing(world, partner, text, message):
    response = verified_client(partner).post(url(world.case), {"update-text": text})
    html = response.content.decode()
    assert response.status_code == 200 and message in html and "Er is een probleem" in html
    assert not CaseUpdate.objects.exists()


def test_a_closed_case_takes_no_updates_and_offers_none(world, partner):
    world.case.status, world.case.end_date = "closed", timezone.localdate()
    world.case.end_reason = f.closing_reason("positief")
    world.case.save()
    client = verified_client(partner)
    assert "Update plaatsen" not in case_page(client, world.case)
    response = client.post(url(world.case), {"update-text": "te laat"})
    assert response.status_code == 200 and "afgesloten" in response.content.decode()
    with pytest.raises(DomainError, match="afgesloten"):
        case_update_add(actor=partner, case=world.case, text="te laat")
    assert not CaseUpdate.objects.exists()


def test_a_partner_removed_from_the_case_loses_its_updates_and_the_form(world, partner):
    CaseUpdate.objects.create(case=world.case, organisation=partner.organisation, author=partner, text="eigen-bericht")
    world.case.participations.filter(organisation=partner.organisation).update(removed_at=timezone.now())
    client = verified_client(partner)
    assert client.post(url(world.case), {"update-text": "nog eentje"}).status_code == 404
    assert client.get(reverse("casework:case-detail", args=[world.case.pk])).status_code == 404
