"""Extending one subject's retention: who may (access.retention), what is refused, what is logged and flagged."""

import datetime

import pytest
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.core.errors import DomainError, NotFound
from procesregie.retention.due import subject_due
from procesregie.retention.models import RetentionExtension
from procesregie.retention.services.extending import retention_extend
from tests import factories as f
from tests.days import days, on_the_day
from tests.logins import verified_client
from tests.personas import build_world

TODAY = timezone.localdate


@pytest.fixture
def world(db):
    world = build_world()
    case = world.case
    case.status, case.end_date = "closed", TODAY() - datetime.timedelta(days=30)
    case.end_reason = f.closing_reason("positief")
    case.save()
    return world


def later(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def test_the_regisseur_extends_a_subject_of_their_case(world):
    person = world.case.registration.person
    policy_date = subject_due(person=person).due_on
    extension = retention_extend(actor=world.users["regisseur"], person=person, until=policy_date + datetime.timedelta(days=365),
                                 reason="Lopend strafrechtelijk onderzoek")
    assert subject_due(person=person).due_on == extension.until
    entry = AccessLogEntry.objects.get(object_type="retention.retentionextension")
    assert (entry.action, entry.subject_key, entry.actor_username) == (Action.UPDATE, person.subject_key, "regisseur")


@pytest.mark.parametrize("persona", ["regisseur_elsewhere", "participant", "manager", "functional_admin", "other_org"])
def test_others_may_not_extend(world, persona):
    with pytest.raises(NotFound):
        retention_extend(actor=world.users[persona], person=world.case.registration.person, until=later(3000),
                         reason="x")
    assert not RetentionExtension.objects.exists()


def test_the_privacy_officer_extends_any_subject(world):
    retention_extend(actor=world.users["privacy_officer"], person=world.other_case.registration.person,
                     until=later(400), reason="Klacht in behandeling")
    assert RetentionExtension.objects.count() == 1


@pytest.mark.parametrize(("until", "reason", "message"), [
    (days(0), "x", "na vandaag"),
    (days(-1), "x", "na vandaag"),
    (days(3700), "x", "ten hoogste"),
    (None, "Onderzoek", "al bewaard tot en met"),
    (later(3000), "", "reden"),
    (later(3000), "Persoon met BSN 111222333", "BSN"),
])
def test_bad_extensions_are_refused_and_change_nothing(world, until, reason, message):
    person = world.case.registration.person
    until = on_the_day(until) or subject_due(person=person).due_on  # not later than the date the policy keeps it until
    with pytest.raises(DomainError, match=message):
        retention_extend(actor=world.users["privacy_officer"], person=person, until=until, reason=reason)
    assert not RetentionExtension.objects.exists()
    assert not AccessLogEntry.objects.filter(object_type="retention.retentionextension").exists()


def test_the_regisseur_extends_on_the_page_and_a_repeated_extension_is_flagged(world):
    person = world.case.registration.person
    client = verified_client(world.users["regisseur"])
    url = f"/bewaartermijnen/{person.subject_key}/verlengen/"
    page = client.get(url).content.decode()
    assert "Bewaartermijn verlengen" in page and "bewaard tot en met" in page
    due = subject_due(person=person).due_on
    first = due + datetime.timedelta(days=100)
    assert client.post(url, {"extension-until": first.isoformat(), "extension-reason": "Onderzoek"}).status_code == 302
    refused = client.post(url, {"extension-until": first.isoformat(), "extension-reason": "Nog eens"})
    assert refused.status_code == 200 and "kies een latere datum" in refused.content.decode()
    client.post(url, {"extension-until": (first + datetime.timedelta(days=100)).isoformat(),
                      "extension-reason": "Onderzoek loopt nog"})
    assert RetentionExtension.objects.filter(person=person).count() == 2
    assert 'data-testid="repeated-warning"' in client.get(url).content.decode()
    overview = verified_client(world.users["privacy_officer"]).get("/bewaartermijnen/").content.decode()
    assert "herhaald verlengd" in overview and person.family_name in overview
    assert 'data-repeated="ja"' in overview


def test_the_overview_logs_a_read_per_subject_shown(world):
    for case in (world.case, world.other_case):
        retention_extend(actor=world.users["privacy_officer"], person=case.registration.person, until=later(3000),
                         reason="Klacht")
    client = verified_client(world.users["privacy_officer"])
    before = set(AccessLogEntry.objects.values_list("sequence", flat=True))
    client.get("/bewaartermijnen/")
    reads = AccessLogEntry.objects.exclude(sequence__in=before).filter(action=Action.READ, subject_key__isnull=False)
    assert {entry.subject_key for entry in reads} == {world.case.registration.person.subject_key,
                                                      world.other_case.registration.person.subject_key}


def test_the_overview_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = verified_client(world.users["privacy_officer"])
    retention_extend(actor=world.users["privacy_officer"], person=world.case.registration.person, until=later(3000),
                     reason="Klacht")
    client.get("/bewaartermijnen/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as one:
        client.get("/bewaartermijnen/")
    for case in (world.other_case, world.neighbour_case):
        retention_extend(actor=world.users["privacy_officer"], person=case.registration.person, until=later(3000),
                         reason="Klacht")
    with CaptureQueriesContext(connection) as three:
        client.get("/bewaartermijnen/")
    assert len(three) == len(one)


def test_the_case_page_offers_the_extension_to_its_regisseur_only(world):
    url = f"/casussen/{world.case.pk}/"
    link = f"/bewaartermijnen/{world.case.registration.person.subject_key}/verlengen/"
    assert link in verified_client(world.users["regisseur"]).get(url).content.decode()
    page = verified_client(world.users["participant"]).get(url)
    assert page.status_code == 200 and link not in page.content.decode()
    assert verified_client(world.users["participant"]).get(link).status_code == 404


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere"])
def test_a_refused_extension_is_logged_as_denied_without_the_subject(world, persona):
    """Someone who may not extend this subject's retention gets a 404 for the page and for the form, both in the
    access log as denied (a read, an update), without the subject: nothing enters the subject's history."""
    person = world.case.registration.person
    link = f"/bewaartermijnen/{person.subject_key}/verlengen/"
    client = verified_client(world.users[persona])
    start = AccessLogEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    assert client.get(link).status_code == 404
    assert client.post(link, {"until": later(3000).isoformat(), "reason": "Onderzoek"}).status_code == 404
    entries = list(AccessLogEntry.objects.filter(sequence__gt=start).order_by("sequence").values_list(
        "actor_username", "action", "outcome", "object_type", "object_id", "subject_key"))
    username = world.users[persona].username
    assert entries == [(username, "read", "denied", "retention.retentionextension", "", None),
                       (username, "update", "denied", "retention.retentionextension", "", None)]
    assert not RetentionExtension.objects.exists()


def test_the_privacy_officers_subject_page_links_to_the_extension(world):
    key = world.case.registration.person.subject_key
    html = verified_client(world.users["privacy_officer"]).get(f"/privacy/betrokkenen/{key}/").content.decode()
    assert f"/bewaartermijnen/{key}/verlengen/" in html


def test_the_registration_page_offers_the_extension_to_who_sees_it_in_full(world):
    url = f"/aanmeldingen/{world.pending.pk}/"
    link = f"/bewaartermijnen/{world.pending.person.subject_key}/verlengen/"
    assert link in verified_client(world.users["regisseur"]).get(url).content.decode()
    assert verified_client(world.users["regisseur"]).get(link).status_code == 200
    page = verified_client(world.users["other_org"]).get(url)  # reported it: sees what it typed, not the person
    assert page.status_code == 200 and link not in page.content.decode()
