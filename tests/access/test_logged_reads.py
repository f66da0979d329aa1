"""Every page that shows personal data writes its access-log entries: a read of exactly the data subjects it shows.

Generated from the access matrix: every route × every verified persona, as a plain GET and as an htmx GET (the
sections of the case page answer only to htmx). Whatever shows a subject's name, BSN or a registration of theirs,
or anything of their case (a route about `world.case` that answers 200: its plan or measurements section shows
no name, but is their data), must have logged a read (or export) of that subject in the same request, and
nothing else may be logged as read.
"""

import pytest
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry, Action, Outcome
from procesregie.casework.models import Registration

from ..personas import build_world
from .routes import all_routes
from .test_matrix import VERIFIED, client_for

pytestmark = pytest.mark.django_db

ROUTES = all_routes()
HTMX = {"HTTP_HX_REQUEST": "true"}
CASE_APPS = {"casework", "plans", "monitoring"}  # whose routes with a `pk`/`case_pk` are about a case
CASE_ROUTES = {"escalations:raise"}  # of other apps, about a case: the form names the case's partners and interventions
PDFS_OF_THE_CASE = {"meetings:case-summary-pdf"}  # the matrix's item is world.case's (the report's PDFs hold no subject)


def subject_marks(world) -> dict:
    """subject key -> the strings that show it on a page: full name, BSN, its registrations' references."""
    marks = {}
    for case in (world.case, world.other_case, world.neighbour_case):
        person = case.registration.person
        marks[person.subject_key] = {str(person), person.bsn}
    person = world.pending.person
    marks[person.subject_key] = {str(person), person.bsn}
    for registration in Registration.objects.filter(person__subject_key__in=marks).select_related("person"):
        marks[registration.person.subject_key].add(registration.ref)
    if world.signal is not None:  # a signal's subject: the name, as reported too, the BSN, the signal's reference
        person = world.signal.person
        marks.setdefault(person.subject_key, set()).update({str(person), person.bsn, world.signal.reported_name,
                                                            world.signal.ref})
    return {key: {mark for mark in values if mark} for key, values in marks.items()}


def last_pk() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("persona", VERIFIED)
def test_a_page_logs_a_read_of_exactly_the_subjects_it_shows(route, persona, htmx):
    world = build_world(limited_partners=True)  # VERIFIED includes the limited partners
    kwargs_of, _expect = ROUTES[route]
    kwargs = kwargs_of(world) if kwargs_of else {}
    url = reverse(route, kwargs=kwargs)
    about_the_case = world.case.pk in (kwargs.get("pk"), kwargs.get("case_pk")) and (
        route.split(":")[0] in CASE_APPS or route in CASE_ROUTES)
    marks = subject_marks(world)
    client = client_for(world, persona)
    before = last_pk()

    response = client.get(url, **(HTMX if htmx else {}))

    body = response.content.decode(errors="replace") if response.status_code == 200 else ""
    shown = {key for key, values in marks.items() if any(value in body for value in values)}
    if body and about_the_case:
        shown.add(world.case.registration.person.subject_key)
    if body and route in PDFS_OF_THE_CASE:  # compressed text, not searchable here
        shown.add(world.case.registration.person.subject_key)
    logged = set(
        AccessLogEntry.objects.filter(
            pk__gt=before, action__in=[Action.READ, Action.EXPORT], outcome=Outcome.GRANTED, subject_key__in=marks,
        ).values_list("subject_key", flat=True)
    )
    assert logged == shown, f"{persona} GET {route}: shown {len(shown)} subjects, logged {len(logged)}"


def test_the_neighbouring_table_is_out_of_scope_on_every_case_route():
    """The regisseur of table A directs approach A's cases at table A only; a case at table A2 answers 404 on every
    route that takes a case, wherever the same route for their own case would answer."""
    world = build_world()
    client = client_for(world, "regisseur")
    checked = 0
    for route, (kwargs_of, expect) in sorted(ROUTES.items()):
        if kwargs_of is None or not route.startswith(("casework:case", "casework:participant", "plans:", "monitoring:")):
            continue
        kwargs = kwargs_of(world)
        keys = [name for name, value in kwargs.items() if value == world.case.pk and name in ("pk", "case_pk")]
        if not keys:
            continue
        url = reverse(route, kwargs={**kwargs, keys[0]: world.neighbour_case.pk})
        for method in ("get", "post"):
            if expect("regisseur", method) == 405:
                continue
            response = getattr(client, method)(url, **HTMX)
            assert response.status_code == 404, f"{method.upper()} {route}: {response.status_code}"
            checked += 1
    assert checked >= 10
