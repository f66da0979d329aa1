"""The retention policy: defaults documented in docs/retention.md, rules in force, edited by the functional
administrator with every change logged; the policy page."""

import re
from pathlib import Path

import pytest

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.core.errors import DomainError, NotFound
from procesregie.retention.defaults import ALLOWED_COUNTS_FROM, DEFAULTS
from procesregie.retention.models import Phase, RetentionRule, RetentionRuleChange
from procesregie.retention.policy import policy_in_force
from procesregie.retention.services.policy import retention_rule_remove, retention_rule_set
from tests import factories as f
from tests.logins import verified_client
from tests.personas import build_world

DOCS = Path(__file__).resolve().parents[2] / "docs" / "retention.md"


def test_docs_show_the_same_defaults_as_the_code():
    """docs/retention.md's table lists every phase with the months and the date it counts from of the code."""
    text = DOCS.read_text(encoding="utf-8")
    rows = {m.group(1): (int(m.group(2)), m.group(3)) for m in re.finditer(
        r"^\| `(\w+)` \| (\d+) \| `(\w+)` \|", text, flags=re.MULTILINE)}
    assert rows == {rule.phase: (rule.months, rule.counts_from) for rule in DEFAULTS}
    for rule in DEFAULTS:
        assert rule.why in text
    assert set(rows) == set(Phase.values)
    for counts_from in ALLOWED_COUNTS_FROM.values():
        assert counts_from  # every phase has at least one date to count from


@pytest.fixture
def world(db):
    return build_world()


def test_without_rules_the_defaults_are_in_force(db):
    policy = policy_in_force()
    assert [r["months"] for r in policy.as_json()] == [rule.months for rule in DEFAULTS]
    assert all(policy.rule_for(phase).from_defaults for phase in Phase.values)


def test_the_functional_administrator_sets_a_default_and_an_approach_rule(world):
    admin = world.users["functional_admin"]
    approach = world.case.registration.approach
    retention_rule_set(actor=admin, phase=Phase.CLOSED_CASE, months=36, counts_from="end_date", reason="Protocol 2026")
    retention_rule_set(actor=admin, phase=Phase.CLOSED_CASE, approach=approach, months=24, counts_from="end_date",
                       reason="Kortere termijn voor deze aanpak")
    policy = policy_in_force()
    assert policy.rule_for(Phase.CLOSED_CASE).months == 36
    assert policy.rule_for(Phase.CLOSED_CASE, approach.pk).months == 24
    assert policy.rule_for(Phase.CLOSED_CASE, world.other_case.registration.approach_id).months == 36
    changes = list(RetentionRuleChange.objects.order_by("id").values_list(
        "approach_code", "old_months", "new_months", "reason", "changed_by"))
    assert changes == [("", 60, 36, "Protocol 2026", admin.pk),
                       (approach.code, None, 24, "Kortere termijn voor deze aanpak", admin.pk)]
    logged = AccessLogEntry.objects.filter(object_type="retention.retentionrule", action=Action.UPDATE)
    assert logged.count() == 2 and set(logged.values_list("actor_username", flat=True)) == {admin.username}
    retention_rule_remove(actor=admin, phase=Phase.CLOSED_CASE, approach=approach, reason="Terug naar standaard")
    assert policy_in_force().rule_for(Phase.CLOSED_CASE, approach.pk).months == 36
    assert RetentionRuleChange.objects.filter(new_months=None, old_months=24).exists()


@pytest.mark.parametrize("persona", ["privacy_officer", "regisseur", "manager"])
def test_only_the_functional_administrator_changes_the_policy(world, persona):
    with pytest.raises(NotFound):
        retention_rule_set(actor=world.users[persona], phase=Phase.SIGNAL, months=6, counts_from="signal_date",
                           reason="x")
    assert not RetentionRule.objects.exists() and not RetentionRuleChange.objects.exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"months": 0}, "1 tot en met 1200"),
    ({"months": 1201}, "1 tot en met 1200"),
    ({"counts_from": "end_date"}, "alleen tellen vanaf"),
    ({"phase": "forever"}, "Kies een fase"),
    ({"reason": "  "}, "reden"),
    ({"reason": "Zie BSN 111222333"}, "BSN"),
    ({"months": 12, "counts_from": "signal_date"}, "geldt al"),
])
def test_bad_rules_are_refused_and_change_nothing(world, changes, message):
    arguments = {"phase": Phase.SIGNAL, "months": 18, "counts_from": "signal_date", "reason": "Protocol"} | changes
    with pytest.raises(DomainError, match=message):
        retention_rule_set(actor=world.users["functional_admin"], **arguments)
    assert not RetentionRule.objects.exists() and not RetentionRuleChange.objects.exists()


def test_the_access_log_has_one_period_for_the_whole_house(world):
    with pytest.raises(DomainError, match="hele huis"):
        retention_rule_set(actor=world.users["functional_admin"], phase=Phase.ACCESS_LOG,
                           approach=world.case.registration.approach, months=12, counts_from="logged_at", reason="x")


def _unchanged():
    return list(RetentionRule.objects.values_list("phase", "approach", "months")), RetentionRuleChange.objects.count()


def test_the_access_log_cannot_be_kept_shorter_than_the_data_it_is_about(world):
    """Pruning a shorter access log would remove who accessed the data of subjects still kept: refused, with the
    longest period in force (the house's defaults and the approaches' own rules), and nothing changes."""
    admin = world.users["functional_admin"]
    approach = world.case.registration.approach
    before = _unchanged()
    for months in (1, 59):  # the closed case's default is 60 months
        with pytest.raises(DomainError, match=r"toegangslog moet minstens zo lang .* \(60 maanden\)"):
            retention_rule_set(actor=admin, phase=Phase.ACCESS_LOG, months=months, counts_from="logged_at",
                               reason="Korter")
    assert _unchanged() == before
    assert not AccessLogEntry.objects.filter(object_type="retention.retentionrule").exists()

    retention_rule_set(actor=admin, phase=Phase.ACCESS_LOG, months=96, counts_from="logged_at", reason="Langer")
    retention_rule_set(actor=admin, phase=Phase.CLOSED_CASE, approach=approach, months=84, counts_from="end_date",
                       reason="Deze aanpak langer")
    before = _unchanged()
    with pytest.raises(DomainError, match=r"\(84 maanden\)"):  # an approach's own rule counts too
        retention_rule_set(actor=admin, phase=Phase.ACCESS_LOG, months=72, counts_from="logged_at", reason="Korter")
    assert _unchanged() == before
    retention_rule_set(actor=admin, phase=Phase.ACCESS_LOG, months=84, counts_from="logged_at", reason="Gelijk")
    assert policy_in_force().rule_for(Phase.ACCESS_LOG).months == 84


@pytest.mark.parametrize(("phase", "counts_from", "approach_rule"), [
    (Phase.SIGNAL, "signal_date", False), (Phase.DECLINED_REGISTRATION, "triage_on", True),
    (Phase.CLOSED_CASE, "end_date", True),
])
def test_no_period_may_outlast_the_access_log(world, phase, counts_from, approach_rule):
    admin = world.users["functional_admin"]
    approach = world.case.registration.approach if approach_rule else None
    with pytest.raises(DomainError, match=r"niet langer zijn dan die van het toegangslog \(60 maanden\)"):
        retention_rule_set(actor=admin, phase=phase, approach=approach, months=61, counts_from=counts_from,
                           reason="Langer")
    assert _unchanged() == ([], 0)
    retention_rule_set(actor=admin, phase=phase, approach=approach, months=60, counts_from=counts_from,
                       reason="Even lang als het toegangslog")  # allowed
    assert policy_in_force().rule_for(phase, approach.pk if approach else None).months == 60


def test_the_policy_page_says_why_a_shorter_access_log_is_refused(world):
    client = verified_client(world.users["functional_admin"])
    refused = client.post("/bewaarbeleid/", {"rule-phase": "access_log", "rule-approach": "", "rule-months": "1",
                                             "rule-counts_from": "logged_at", "rule-reason": "Kort"})
    assert refused.status_code == 200 and "toegangslog moet minstens zo lang" in refused.content.decode()
    assert _unchanged() == ([], 0)


def test_the_administrator_changes_the_policy_on_its_page(world):
    client = verified_client(world.users["functional_admin"])
    page = client.get("/bewaarbeleid/")
    assert page.status_code == 200 and "Termijn wijzigen" in page.content.decode()
    answer = client.post("/bewaarbeleid/", {"rule-phase": "signal", "rule-approach": "", "rule-months": "18",
                                            "rule-counts_from": "signal_date", "rule-reason": "Protocol 2026"})
    assert answer.status_code == 302
    html = client.get("/bewaarbeleid/").content.decode()
    assert "18 maanden" in html and "Protocol 2026" in html
    refused = client.post("/bewaarbeleid/", {"rule-phase": "signal", "rule-months": "18",
                                             "rule-counts_from": "end_date", "rule-reason": "x"})
    assert refused.status_code == 200 and "alleen tellen vanaf" in refused.content.decode()
    assert RetentionRuleChange.objects.count() == 1


def test_the_privacy_officer_reads_the_policy_without_the_form(world):
    f.ApproachFactory()
    html = verified_client(world.users["privacy_officer"]).get("/bewaarbeleid/").content.decode()
    assert "Standaardtermijnen van het huis" in html and "Termijn wijzigen" not in html
    assert verified_client(world.users["privacy_officer"]).post(
        "/bewaarbeleid/", {"rule-phase": "signal"}).status_code == 404


def test_the_policy_page_reads_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = world.users["functional_admin"]
    client = verified_client(admin)
    retention_rule_set(actor=admin, phase=Phase.SIGNAL, months=18, counts_from="signal_date", reason="Protocol")
    client.get("/bewaarbeleid/")
    with CaptureQueriesContext(connection) as one:
        client.get("/bewaarbeleid/")
    for approach in (world.case.registration.approach, world.other_case.registration.approach):
        retention_rule_set(actor=admin, phase=Phase.CLOSED_CASE, approach=approach, months=24, counts_from="end_date",
                           reason="Eigen termijn")
    with CaptureQueriesContext(connection) as three:
        client.get("/bewaarbeleid/")
    assert len(three) == len(one)
