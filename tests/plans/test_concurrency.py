"""Two people save the same plan at the same moment: exactly one change is stored, the other gets the conflict.

Real concurrency needs real connections, so these run on PostgreSQL (the production database), in threads.
"""

import threading

import pytest
from django.db import connection, connections

from procesregie.core.errors import Conflict
from procesregie.plans import services
from procesregie.plans.models import Goal, Plan

from ..factories import LifeDomainFactory
from ..personas import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


@pytest.mark.parametrize("plan_exists", [True, False], ids=["later-change", "first-change"])
def test_two_saves_against_one_version_store_exactly_one(plan_exists):
    world = build_world()
    regisseur, case = world.users["regisseur"], world.case
    domain = LifeDomainFactory()
    if plan_exists:
        Plan.objects.create(case=case, version=3)
    version = services.plan_version(case)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(text: str) -> None:
        try:
            start.wait(timeout=10)
            services.goal_add(actor=regisseur, case=case, domain=domain, description=text, expected_version=version)
            outcomes[text] = "saved"
        except Conflict:
            outcomes[text] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("Doel A", "Doel B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    (saved,) = [text for text, outcome in outcomes.items() if outcome == "saved"]
    assert list(Goal.objects.filter(case=case).values_list("description", flat=True)) == [saved]
    assert services.plan_version(case) == version + 1
