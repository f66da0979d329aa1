"""The inzage document reads as the citizen reads: no login names, organisation codes, English role codes, meeting
codes or "2026-12" months in the preview and the PDF; the measurements as a small table; a participation still
running "sinds <date>". The JSON keeps the codes and adds the readable fields (decision 0019)."""

import json
import re
from dataclasses import replace

import pytest

from procesregie.meetings.models import Discussion
from procesregie.privacy.inzage_rendering import render_print_html

from ..casepage.long_case import SHORT
from ..logins import verified_client as logged_in
from .history import add_history
from .test_inzage import produce

pytestmark = pytest.mark.django_db


@pytest.fixture
def document_pages(world):
    person = add_history(world, years=1, reads_per_year=6, size=replace(SHORT, years=1))
    officer = logged_in(world.users["privacy_officer"])
    url = produce(officer, person)
    preview = officer.get(url).content.decode()
    document = json.loads(officer.get(url, {"format": "json"}).content)
    return world, person, preview, document


def access_part(html: str) -> str:
    return html[html.index('id="inzage-toegang"'):]


def test_the_access_log_names_organisation_and_role_in_words(document_pages):
    world, _person, preview, document = document_pages
    printed = render_print_html(document)
    for html in (access_part(preview), access_part(printed)):
        assert "ketenpartner, Politie (synthetisch)" in html and "privacy officer, " in html
        # not the login names, the organisation codes nor the role codes
        logins = {world.users[name].username for name in ("participant", "privacy_officer", "regisseur")}
        cells = set(re.findall(r">([^<>]*)<", html)) | {part.strip() for part in re.split(r"[·(),]", html)}
        assert not logins & cells, logins & cells
        assert "privacy_officer" not in html and "system" not in cells
        assert not re.search(r"[>·] ?[0-9]{4}-[0-9]{2} ?[<·]", html)  # months in words
        assert re.search(r"(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                         r"december) 20[0-9]{2}", html)


def test_the_json_keeps_the_codes_and_adds_readable_fields(document_pages):
    _world, _person, _preview, document = document_pages
    partner = next(e for e in document["access_log"] if e["actor"] == "partner")
    assert partner["organisation"] == "politie" and partner["organisation_name"] == "Politie (synthetisch)"
    assert partner["roles"] == "ketenpartner" and partner["role_names"] == "ketenpartner"
    assert partner["who"] == "ketenpartner, Politie (synthetisch)"
    officer = next(e for e in document["access_log"] if e["roles"] == "privacy_officer")
    assert officer["role_names"] == "privacy officer"


def test_meetings_by_table_and_date_measurements_as_a_table_participants_since(document_pages):
    world, _person, preview, document = document_pages
    discussion = Discussion.objects.filter(case=world.case).select_related("meeting__table").first()
    assert discussion.meeting.ref not in preview and discussion.meeting.table.name in preview
    assert 'data-testid="inzage-measurements"' in preview
    grid = preview[preview.index('data-testid="inzage-measurements"'):]
    grid = grid[:grid.index("</table>")]
    assert grid.count('scope="row"') >= 2  # a row per domain, not one line per moment
    assert "sinds " in preview and "tot –" not in preview

