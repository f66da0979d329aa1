"""`procesregie demo-rights`: the demo procesregisseur finds a restriction in force and a correction on the page of
one of their cases, recorded by the demo privacy officer (docs/decisions/0019); a second run changes nothing; never
in production."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from procesregie.accounts.models import User
from procesregie.subjects.models import RightsRequest, RightsRequestKind
from procesregie.synthetic.demo_rights import CORRECTION, OFFICER, REGISSEUR, RESTRICTION
from tests.logins import verified_client

from .test_demo_present import AS_OF, region  # noqa: F401 (the fixture: make demo's steps on a fixed day)


@pytest.mark.django_db
def test_the_regisseur_finds_a_restriction_and_a_correction_on_a_case(region):  # noqa: F811
    call_command("demo_rights", "--today", AS_OF.isoformat(), verbosity=0)
    restriction = RightsRequest.objects.get(kind=RightsRequestKind.BEPERKING)
    assert restriction.ended_on is None and restriction.recorded_by.username == OFFICER
    correction = RightsRequest.objects.get(kind=RightsRequestKind.CORRECTIE)
    assert correction.person == restriction.person
    case = restriction.person.registrations.get(case__status="in_regie").case
    page = verified_client(User.objects.get(username=REGISSEUR)).get(reverse("casework:case-detail", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and RESTRICTION in html and CORRECTION in html

    call_command("demo_rights", "--today", AS_OF.isoformat(), verbosity=0)
    assert RightsRequest.objects.count() == 2


def test_demo_rights_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_rights", verbosity=0)
