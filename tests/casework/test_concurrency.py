"""Two procesregisseurs change the same case at the same moment: exactly one change is stored, the other
gets the conflict. Real concurrency needs real connections, so these run on PostgreSQL, in threads."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from procesregie.casework import services
from procesregie.casework.models import Case, Participation
from procesregie.core.errors import Conflict
from procesregie.reference.models import ClosingReason
from procesregie.reference.services import closing_reasons_ensure

from ..factories import OrganisationFactory
from ..personas import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def race(first, second) -> list[str]:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def run(change) -> None:
        try:
            start.wait(timeout=10)
            change()
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(change,)) for change in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_participant_changes_against_one_version_store_exactly_one():
    world = build_world()
    regisseur, case = world.users["regisseur"], world.case
    version = case.version
    first, second = OrganisationFactory(), OrganisationFactory()

    def add(organisation):
        return lambda: services.participant_add(actor=regisseur, case=case, organisation=organisation,
                                                expected_version=version)

    assert race(add(first), add(second)) == ["conflict", "saved"]
    added = Participation.objects.filter(case=case, organisation__in=[first, second]).count()
    assert added == 1 and Case.objects.get(pk=case.pk).version == version + 1


def test_closing_and_adding_at_once_store_exactly_one():
    world = build_world()
    regisseur, case = world.users["regisseur"], world.case
    version = case.version
    closing_reasons_ensure(actor=None)  # a transactional test may run after a flush of the data migration's rows
    reason = ClosingReason.objects.get(code="positief")

    def close():
        services.case_close(actor=regisseur, case=case, end_date=timezone.localdate(), reason=reason,
                            expected_version=version)

    def add():
        services.participant_add(actor=regisseur, case=case, organisation=OrganisationFactory(),
                                 expected_version=version)

    assert race(close, add) == ["conflict", "saved"]
    assert Case.objects.get(pk=case.pk).version == version + 1
