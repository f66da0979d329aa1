"""`procesregie demo-shielding`: the demo's private and incidental partner find a case on the coming agenda and see
less of it (docs/decisions/0020); a second run changes nothing; never in production."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from procesregie.access.meetings import meetings_visible_to
from procesregie.access.rules import cases_visible_to
from procesregie.accounts.models import User
from procesregie.casework.models import Participation
from procesregie.synthetic.personas import LIMITED_DEMO_USERS
from tests.logins import verified_client

from .test_demo_present import AS_OF, region  # noqa: F401 (the fixture: make demo's steps on a fixed day)

PRIVATE, INCIDENTAL = (demo.username for demo in LIMITED_DEMO_USERS)


@pytest.mark.django_db
def test_the_limited_partners_find_one_case_and_the_incidental_one_its_meeting(region):  # noqa: F811
    call_command("demo_shielding", "--today", AS_OF.isoformat(), verbosity=0)
    private, incidental = User.objects.get(username=PRIVATE), User.objects.get(username=INCIDENTAL)
    invited = cases_visible_to(incidental)
    assert invited.count() == 1
    case = invited.get()
    assert cases_visible_to(private).filter(pk=case.pk).exists()
    assert Participation.objects.active().get(case=case, organisation=incidental.organisation).until is not None
    meetings = meetings_visible_to(incidental)
    assert meetings.count() == 1 and meetings.get().agenda_items.filter(case=case).exists()
    assert verified_client(incidental).get(reverse("casework:case-detail", args=[case.pk])).status_code == 200

    before = Participation.objects.count()
    call_command("demo_shielding", "--today", AS_OF.isoformat(), verbosity=0)
    assert Participation.objects.count() == before


def test_demo_shielding_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_shielding", verbosity=0)
