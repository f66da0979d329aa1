"""The demo's manager finds Resultaten with real figures (issue 15): after the demo's data and logins (as `make demo`
builds them, on a fixed day), manager.zvh opens "Resultaten" from the menu and reads the latest cohort with a full
year of follow-up: police registrations before and after beside a comparison group, life domains, follow-through.

Built once for the module and rolled back at its end.
"""

import datetime
import json

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from procesregie.accounts.models import User
from procesregie.reporting.outcomes import default_cohort_year

from ...logins import verified_client
from ...synthetic.demo_install import install_demo_region

AS_OF = datetime.date(2026, 11, 16)
YEAR = default_cohort_year(AS_OF)


@pytest.fixture(scope="module")
def region(django_db_setup, django_db_blocker, tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=directory), transaction.atomic():
        install_demo_region(directory, as_of=AS_OF)
        yield directory
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_manager_finds_resultaten_with_real_figures(region):
    client = verified_client(User.objects.get(username="manager.zvh"))
    home = client.get(reverse("worklists:home")).content.decode()
    assert f'href="{reverse("reporting:outcomes")}">Resultaten</a>' in home

    page = client.get(reverse("reporting:outcomes"), {"peildatum": AS_OF.isoformat()})
    html = page.content.decode()
    assert page.status_code == 200 and f'<option value="{YEAR}" selected>{YEAR}</option>' in html
    assert f"van 1 januari {YEAR} tot en met 31 december {YEAR}, gevolgd tot 16 november 2026" in html
    assert "Top X" in html and "regressie naar het gemiddelde" in html and "Staafdiagram" in html

    document = json.loads(client.get(reverse("reporting:outcomes-download"),
                                     {"formaat": "json", "peildatum": AS_OF.isoformat()}).content)
    topx = document["approaches"]["topx"]
    recidivism = topx["recidivism"]
    assert recidivism["n"] >= 20 and recidivism["registrations_before"] > recidivism["registrations_after"] > 0
    assert recidivism["comparison"]["n"] > 0 and recidivism["ci95_change_pct"] is not None
    assert topx["domain_progress"] and topx["follow_through"]
