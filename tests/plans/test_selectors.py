"""The case page decides "may change" once, and the plan's and measurements' edit controls follow that answer."""

import pytest

from procesregie.access.rules import CHANGE, can, cases_visible_to
from procesregie.accounts.models import RoleAssignment
from procesregie.accounts.roles import Role
from procesregie.casepage.selectors import case_page
from procesregie.casework.models import Participation

pytestmark = pytest.mark.django_db


def test_the_case_page_panels_agree_with_can_change_for_every_persona(world):
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
            page = case_page(user=user, case_id=case.pk)
            assert page.can_change is expected, persona
            assert page.plan.editable is expected, persona
            assert page.measurement_panel.editable is expected, persona
            checked += 1
    assert checked >= 4  # regisseur, participant, and the dual-role user on both cases
