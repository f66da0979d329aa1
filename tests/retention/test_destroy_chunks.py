"""The destruction run in chunks (retention.services.destroying): each chunk of items is its own transaction inside
its own report safeguard; a chunk that would change a report rolls back alone, what was carried out before it stays
destroyed and recorded, and the next run goes on where it stopped."""

import contextlib
import datetime
import json

import pytest
from django.db import transaction
from django.utils import timezone

from procesregie.core.errors import DomainError
from procesregie.reporting.models import ReportSnapshot
from procesregie.retention.models import Decision, DestructionItem, DestructionList, Result
from procesregie.retention.safeguard import ReportsChanged
from procesregie.retention.services import destroying
from procesregie.retention.services.destroying import destruction_carry_out
from procesregie.subjects.models import Person, PoliceRegistration

from .review_helpers import destruction_list, due_person, item_for

pytestmark = pytest.mark.django_db


def _approved_list(officer, number):
    the_list = destruction_list()
    persons = [due_person(family_name=f"Deel{index}") for index in range(number)]
    for person in persons:
        item_for(the_list, person=person, decision=Decision.APPROVED, decided_by=officer, decided_at=timezone.now())
    return the_list, persons


def test_each_chunk_is_guarded_on_its_own_and_reported(officer, monkeypatch):
    guarded = []
    real = destroying.reports_unchanged

    @contextlib.contextmanager
    def counting(**kwargs):
        with real(**kwargs):
            guarded.append(kwargs["destruction_list"].pk)
            yield

    monkeypatch.setattr(destroying, "reports_unchanged", counting)
    the_list, persons = _approved_list(officer, 5)
    chunks = []
    outcome = destruction_carry_out(actor=officer, chunk_size=2, progress=lambda items, _s: chunks.append(items))
    assert (outcome["destroyed"], outcome["lists_closed"]) == (5, [the_list.pk])
    assert chunks == [2, 2, 1] and guarded == [the_list.pk] * 3
    assert not Person.objects.filter(pk__in=[person.pk for person in persons], destroyed_on__isnull=True).exists()


def test_a_chunk_that_would_change_a_report_rolls_back_alone_and_the_next_run_goes_on(officer, monkeypatch):
    calls = {"n": 0}
    real = destroying.reports_unchanged

    @contextlib.contextmanager
    def second_chunk_changes_a_report(**kwargs):
        calls["n"] += 1
        if calls["n"] != 2:
            with real(**kwargs):
                yield
            return
        with transaction.atomic():
            yield
            raise ReportsChanged([("annual", {"year": 2015})])

    monkeypatch.setattr(destroying, "reports_unchanged", second_chunk_changes_a_report)
    the_list, persons = _approved_list(officer, 3)
    with pytest.raises(DomainError, match="gestopt.*annual.*1 item"):
        destruction_carry_out(actor=officer, chunk_size=1)

    done, *left = persons
    assert Person.objects.get(pk=done.pk).destroyed_on == timezone.localdate()
    for person in left:
        assert Person.objects.get(pk=person.pk).family_name == person.family_name
    items = {item.person_id or item.pk: item for item in DestructionItem.objects.all()}
    assert [item.result for item in DestructionItem.objects.order_by("due_on", "id")] == [
        Result.DESTROYED, Result.NONE, Result.NONE]
    assert all(items[person.pk].decision == Decision.APPROVED for person in left)
    assert DestructionList.objects.get(pk=the_list.pk).closed_at is None

    monkeypatch.setattr(destroying, "reports_unchanged", real)
    outcome = destruction_carry_out(actor=officer, chunk_size=1)
    assert (outcome["destroyed"], outcome["lapsed"], outcome["lists_closed"]) == (2, 0, [the_list.pk])
    assert not Person.objects.filter(destroyed_on__isnull=True, pk__in=[person.pk for person in persons]).exists()


def test_the_command_prints_each_transaction_with_v2_and_refuses_a_negative_chunk_size(officer):
    import io

    from django.core.management import CommandError, call_command

    _approved_list(officer, 3)
    with pytest.raises(CommandError, match="chunk-size"):
        call_command("retention", "destroy", "--chunk-size", "-1")
    assert not Person.objects.filter(destroyed_on__isnull=False).exists()
    out = io.StringIO()
    call_command("retention", "destroy", "--chunk-size", "2", verbosity=2, stdout=out)
    lines = out.getvalue().splitlines()
    assert [line for line in lines if "item(s) in" in line] == [
        line for line in lines if line.startswith(("Deel: 2 item(s) in", "Deel: 1 item(s) in"))]
    assert len([line for line in lines if "item(s) in" in line]) == 2
    assert any(line.startswith("2 transactie(s), de langste") for line in lines)


def test_a_run_in_chunks_keeps_the_outcomes_report_once_with_the_figures_from_before_the_whole_run(officer):
    the_list, persons = _approved_list(officer, 3)
    for person in persons:  # declined on 15 January 2015: the comparison group of the cohort 2015
        PoliceRegistration.objects.create(person=person, date=datetime.date(2014, 12, 1), kind="misdrijf")

    destruction_carry_out(actor=officer, chunk_size=1)

    kept = ReportSnapshot.objects.filter(kind="outcomes", destruction_list=the_list, parameters__first="2015-01-01")
    assert kept.count() == 1, "the outcomes report is kept before the first chunk only, not before each chunk"
    document = json.loads(kept.get().document)
    before = sum(block["recidivism"]["comparison"]["registrations_before"] for block in document["approaches"].values())
    assert before == 3, "the figures from before the whole run, the three persons' registrations"
    assert ReportSnapshot.objects.filter(kind="annual", destruction_list=the_list).exists()
