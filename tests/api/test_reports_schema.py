"""The figures' answers are what the OpenAPI document says they are: schemathesis validates real answers (with
hidden counts as "<5" and "afg.", shown counts, null and hidden percentages and intervals) against the document."""

import pytest
import requests
import schemathesis
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from schemathesis.core.transport import Response

from procesregie.accounts.models import ApiScope

from .. import factories as f
from ..personas import build_world
from ..reporting.outcomes.web_cohort import add_cohort
from .conftest import bearer, token_for

pytestmark = pytest.mark.django_db


def conforms(path: str, response) -> None:
    """Raises when `response` is not what the document says `GET path` answers."""
    document = schemathesis.openapi.from_dict(Client().get("/api/v1/schema/", {"format": "json"}).json())
    request = requests.Request("GET", f"http://testserver{response.wsgi_request.get_full_path()}").prepare()
    headers = {name: [value] for name, value in response.items()}
    answer = Response(response.status_code, headers, response.content, request, 0.01, True)
    document[path]["GET"].validate_response(answer)


@pytest.fixture
def headers(issue_client):
    cache.clear()
    return bearer(token_for(issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ)))


def test_the_annual_report_is_as_documented(headers):
    world = build_world()
    add_cohort(world, 6)
    for year in (timezone.localdate().year - 1, 1990):
        response = Client().get(f"/api/v1/reports/annual/{year}/", **headers)
        assert response.status_code == 200
        conforms("/api/v1/reports/annual/{year}/", response)
        assert '"<5"' in response.content.decode() or year == 1990  # hidden counts were there to validate


def test_the_outcomes_report_is_as_documented(headers):
    world = build_world()
    add_cohort(world, 7)
    add_cohort(world, 2, year=timezone.localdate().year - 3)
    code = world.case.registration.approach.code
    small = timezone.localdate().year - 3
    intervals = []
    for query in ({}, {"cohortjaar": small}):
        response = Client().get("/api/v1/reports/outcomes/", query, **headers)
        assert response.status_code == 200
        conforms("/api/v1/reports/outcomes/", response)
        recidivism = response.json()["approaches"][code]["recidivism"]
        intervals += [recidivism["ci95_change_pct"], recidivism["comparison"]["change_pct"]]
    assert isinstance(intervals[0], list) and intervals[2] == "afg."  # shown and hidden intervals were validated
