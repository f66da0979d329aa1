"""The demo's hit/no-hit questions: `procesregie demo-api-clients` has the partner systems ask them through the real
service, so the privacy officer finds questions (and one client flagged) on day one; a second run asks nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from procesregie.accounts.models import ApiClient
from procesregie.api.hitnohit.limits import client_use
from procesregie.api.models import HitNoHitQuery
from procesregie.audit.models import AccessLogEntry
from procesregie.synthetic.demo_hitnohit import BULK_PURPOSE
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(reference_data, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    for _ in range(8):
        f.CaseFactory()  # persons in regie
    f.CaseFactory(closed=True)
    call_command("demo_users", stdout=StringIO())


def run() -> str:
    out = StringIO()
    call_command("demo_api_clients", stdout=out)
    return out.getvalue()


def client_of(code: str) -> ApiClient:
    return ApiClient.objects.get(user__organisation__code=code)


def test_the_partner_systems_ask_with_a_purpose_and_probation_is_flagged_for_its_file_check(demo):
    output = run()
    asked = HitNoHitQuery.objects.all()
    assert f"{asked.count()} hit/no-hit-vragen gesteld" in output
    by_client = {code: asked.filter(client=client_of(code))
                 for code in ("politie-midden-nederland", "veilig-thuis", "reclassering-nederland")}
    assert all(questions.exists() for questions in by_client.values())
    assert by_client["politie-midden-nederland"].filter(hit=True).exists()
    assert by_client["politie-midden-nederland"].filter(hit=False).exists()
    assert asked.filter(by_bsn=False).exists() and asked.filter(by_bsn=True).exists()
    assert all(len(question.purpose) >= 10 for question in asked)

    uses = {use.client.organisation.code: use for use in client_use(list(ApiClient.objects.all()), timezone.now())}
    assert uses["reclassering-nederland"].flagged and uses["reclassering-nederland"].probing
    assert not uses["politie-midden-nederland"].flagged and not uses["veilig-thuis"].flagged
    assert by_client["reclassering-nederland"].filter(purpose=BULK_PURPOSE).count() > 50
    # asked as the API asks: each question logged as an access by the client's service account
    logged = AccessLogEntry.objects.filter(actor_username__startswith="api.").count()
    assert logged >= asked.count()


def test_a_second_run_asks_nothing(demo):
    run()
    before = HitNoHitQuery.objects.count()
    assert "hit/no-hit-vragen gesteld" not in run()
    assert HitNoHitQuery.objects.count() == before
