"""The display hint behind the plan's and measurements' edit controls must agree with the access rule."""

import pytest

from procesregie.access.rules import CHANGE, can, cases_visible_to
from procesregie.accounts.models import Role, RoleAssignment
from procesregie.casework.models import Participation
from procesregie.monitoring import selectors as monitoring_selectors
from procesregie.plans import selectors as plan_selectors

pytestmark = pytest.mark.django_db


def test_the_hint_for_a_shown_case_agrees_with_can_change_for_every_persona(world):
    house = world.users["regisseur"].organisation
    both = world.users["regisseur_elsewhere"]  # directs table B only, and now also a partner at case A
    RoleAssignment.objects.create(user=both, role=Role.KETENPARTNER)
    Participation.objects.create(case=world.case, organisation=house)
    checked = 0
    for persona, user in world.users.items():
        if user is None:
            continue
        user = type(user).objects.get(pk=user.pk)  # roles read afresh
        for case in cases_visible_to(user):
            expected = can(user, CHANGE, case)
            assert plan_selectors.may_change_shown_case(user, case) is expected, persona
            assert monitoring_selectors.may_change_shown_case(user, case) is expected, persona
            checked += 1
    assert checked >= 4  # regisseur, participant, and the dual-role user on both cases
