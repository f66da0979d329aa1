"""Recording a measurement: who may, what is checked, and the one log entry per subject."""

import datetime

import pytest
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.core.errors import DomainError, NotFound
from procesregie.monitoring.models import Measurement, MeasurementKind
from procesregie.monitoring.services import measurement_record

from ..days import days, on_the_day
from ..factories import closing_reason

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def last_sequence() -> int:
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


def record(actor, case, levels, *, date=None, kind=MeasurementKind.NULMETING):
    return measurement_record(actor=actor, case=case, date=date or TODAY(), kind=kind, levels=levels)


def test_a_measurement_stores_one_row_per_measured_domain_and_logs_one_create(world, regisseur, domains):
    before = last_sequence()
    rows = record(regisseur, world.case, {domains[0]: 2, domains[2]: 4})
    assert sorted((m.domain.code, m.level, m.kind) for m in rows) == [
        ("huisvesting", 2, "nulmeting"), ("middelengebruik", 4, "nulmeting")
    ]
    assert Measurement.objects.filter(case=world.case).count() == 2
    (entry,) = AccessLogEntry.objects.filter(sequence__gt=before)
    person = world.case.registration.person
    assert (entry.action, entry.subject_key, entry.purpose_case_id, entry.purpose_approach) == (
        "create", person.subject_key, world.case.pk, "aanpak-a"
    )


def test_entering_a_domain_again_at_the_same_moment_corrects_it(world, regisseur, domains):
    record(regisseur, world.case, {domains[0]: 2})
    record(regisseur, world.case, {domains[0]: 3})
    assert list(Measurement.objects.filter(case=world.case).values_list("level", flat=True)) == [2, 3]  # the last counts


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "other_org", "removed", "manager"])
def test_only_the_procesregisseur_records(world, domains, persona):
    before = last_sequence()
    with pytest.raises(NotFound):
        record(world.users[persona], world.case, {domains[0]: 3})
    assert not Measurement.objects.exists() and last_sequence() == before


@pytest.mark.parametrize("arguments, message", [
    ({"levels": {}}, "ten minste één leefgebied"),
    ({"levels": "level 6"}, "tussen 1"),
    ({"kind": "halve meting"}, "soort meting"),
    ({"date": days(1)}, "in de toekomst"),
    ({"date": datetime.date(1990, 1, 1)}, "vóór de aanmelding"),
])
def test_inconsistent_input_is_refused_and_nothing_is_stored(world, regisseur, domains, arguments, message):
    call = {"date": TODAY(), "kind": MeasurementKind.TUSSENMETING, "levels": {domains[0]: 3}, **on_the_day(arguments)}
    if call["levels"] == "level 6":
        call["levels"] = {domains[0]: 6}
    before = last_sequence()
    with pytest.raises(DomainError, match=message):
        measurement_record(actor=regisseur, case=world.case, **call)
    assert not Measurement.objects.exists() and last_sequence() == before


def test_a_closed_case_takes_no_measurement_not_even_on_its_end_date(world, regisseur, domains):
    """A closed case offers nothing but reading and reopening (casework.lifecycle.accepts_changes)."""
    end = TODAY() - datetime.timedelta(days=10)
    type(world.case).objects.filter(pk=world.case.pk).update(status="closed", end_date=end,
                                                             end_reason=closing_reason("positief"))
    world.case.refresh_from_db()
    before = last_sequence()
    for day in (end, TODAY()):
        with pytest.raises(DomainError, match="Deze casus is afgesloten; er kunnen geen metingen meer bij."):
            record(regisseur, world.case, {domains[0]: 4}, date=day, kind=MeasurementKind.EINDMETING)
    assert not Measurement.objects.exists() and last_sequence() == before
