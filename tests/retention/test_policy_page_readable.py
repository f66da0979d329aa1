"""The policy page as its users read it (UX review of issue 14, item 11): approach names instead of codes in the
rules and the history, "60 maanden (5 jaar)", "Telt vanaf" grouped per phase, "Wijzigen" fills the form with the
row's rule."""

import re

import pytest

from procesregie.retention.models import Phase
from procesregie.retention.services.policy import retention_rule_set
from tests import factories as f
from tests.logins import verified_client
from tests.personas import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def with_own_rule(world):
    admin = world.users["functional_admin"]
    approach = f.ApproachFactory(code="zv-eigen", name="Zorg en Veiligheid Eigen")
    retention_rule_set(actor=admin, phase=Phase.CLOSED_CASE, approach=approach, months=24, counts_from="end_date",
                       reason="Eigen protocol")
    world.approach = approach
    return world


def test_rules_and_history_name_the_approach(with_own_rule):
    html = verified_client(with_own_rule.users["privacy_officer"]).get("/bewaarbeleid/").content.decode()
    assert re.findall(r'data-testid="rule-approach">([^<]+)<', html) == ["Zorg en Veiligheid Eigen"]
    history = html.split('data-testid="policy-history"')[1]
    assert "Zorg en Veiligheid Eigen" in history and "zv-eigen" not in history


def test_months_say_years_too(world):
    html = verified_client(world.users["privacy_officer"]).get("/bewaarbeleid/").content.decode()
    assert "60 maanden (5 jaar)" in html and "12 maanden (1 jaar)" in html


def test_counts_from_is_grouped_per_phase(world):
    html = verified_client(world.users["functional_admin"]).get("/bewaarbeleid/").content.decode()
    select = html.split('name="rule-counts_from"')[1].split("</select>")[0]
    groups = dict(re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S))
    assert re.findall(r'value="(\w+)"', groups["afgesloten casus"]) == ["end_date"]
    assert re.findall(r'value="(\w+)"', groups["afgewezen aanmelding"]) == ["triage_on", "registered_on"]


def test_wijzigen_fills_the_form_with_the_rule(with_own_rule):
    client = verified_client(with_own_rule.users["functional_admin"])
    html = client.get("/bewaarbeleid/").content.decode()
    links = [link.replace("&amp;", "&") for link in re.findall(r'data-testid="edit-rule" href="([^"]+)"', html)]
    own = next(link for link in links if "aanpak=" in link)
    form = client.get("/bewaarbeleid/" + own.split("#")[0]).content.decode().split('id="change"')[1]
    assert re.search(r'<option value="closed_case" selected>', form)
    assert re.search(rf'<option value="{with_own_rule.approach.pk}" selected>', form)
    assert re.search(r'name="rule-months" value="24"', form)


def test_an_approachs_own_rule_is_removed_from_the_page_with_a_reason(with_own_rule):
    from procesregie.retention.models import RetentionRule, RetentionRuleChange

    client = verified_client(with_own_rule.users["functional_admin"])
    html = client.get("/bewaarbeleid/").content.decode()
    form = html.split('data-testid="remove-rule"')[1].split("</form>")[0]
    action = re.search(r'action="([^"]+)"', form).group(1)
    hidden = dict(re.findall(r'type="hidden" name="(remove-\w+)" value="([^"]*)"', form))
    refused = client.post(action, {**hidden, "remove-reason": ""})
    assert refused.status_code == 200 and "Geef de reden van de wijziging." in refused.content.decode()
    assert RetentionRule.objects.filter(approach=with_own_rule.approach).exists()
    done = client.post(action, {**hidden, "remove-reason": "Protocol ingetrokken"}, follow=True)
    assert "de standaardtermijn van het huis geldt weer" in done.content.decode()
    assert not RetentionRule.objects.filter(approach=with_own_rule.approach).exists()
    assert RetentionRuleChange.objects.filter(approach_code="zv-eigen", new_months=None).count() == 1
    assert verified_client(with_own_rule.users["privacy_officer"]).post(
        action, {**hidden, "remove-reason": "x"}).status_code == 404
