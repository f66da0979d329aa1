"""The hostile submissions of issue 10 §5 that answered 500, one by one: each must now be a form error or a
safe redirect, and change nothing.

The generated sweep over every POST route is tests/security/test_hostile_posts.py; these are its known cases,
kept explicit so that a regression names its cause.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Case, Registration, RegistrationStatus
from procesregie.meetings.models import Discussion
from tests.access.routes.meetings import item_kwargs
from tests.logins import verified_login
from tests.personas import build_world

pytestmark = pytest.mark.django_db

TOO_BIG_FOR_A_BIGINT = "99999999999999999999"
HOME = reverse(settings.LOGIN_REDIRECT_URL)


def client_of(user) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is the finding, not a crash of the test
    verified_login(client, user)
    return client


@pytest.mark.parametrize(
    "next_values",
    [["tweede waarde"], ["😀"], ["a%00b"], ["a\x00b"], ["/werk/", "tweede waarde"], ["tweede waarde", "/werk/x"]],
    ids=["words", "emoji", "percent-nul", "nul", "twice-last-not-a-path", "twice-last-a-path"],
)
@pytest.mark.parametrize("logged_in", [True, False], ids=["logged-in", "anonymous"])
def test_language_switch_with_a_next_that_is_not_a_path_goes_home(next_values, logged_in):
    world = build_world()
    client = client_of(world.users["regisseur"]) if logged_in else Client(raise_request_exception=False)
    response = client.post(reverse("accounts:language"), {"language": "en", "next": next_values})
    assert response.status_code == 302
    last = next_values[-1]
    expected = last if last.startswith("/") else HOME  # QueryDict.get: the last value counts
    assert response["Location"] == expected
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("next_value", ["tweede waarde", "😀", "a%00b"])
def test_login_page_of_a_logged_in_user_with_a_next_that_is_not_a_path_goes_home(next_value):
    world = build_world()
    response = client_of(world.users["regisseur"]).get(reverse("accounts:login"), {"next": next_value})
    assert response.status_code == 302 and response["Location"] == HOME


def test_an_id_too_big_for_a_bigint_among_the_triage_participants_is_a_form_error():
    world = build_world()
    organisations = {user.organisation.code: user.organisation for user in world.users.values() if user}
    data = {
        "criterion_multi_problem": "on", "criterion_multiple_chains": "on", "decision": "accept",
        "decided_on": timezone.localdate().isoformat(), "table": world.case.table_id,
        "procesregisseur": world.users["regisseur"].pk, "case_holder": organisations["politie"].pk,
        "participants": [organisations["gemeente"].pk, TOO_BIG_FOR_A_BIGINT],
    }
    cases_before = Case.objects.count()
    response = client_of(world.users["regisseur"]).post(reverse("casework:triage", args=[world.pending.pk]), data)
    assert response.status_code == 200
    assert "Kies organisaties uit de lijst." in response.content.decode()
    assert Case.objects.count() == cases_before
    assert Registration.objects.get(pk=world.pending.pk).status == RegistrationStatus.PENDING


def test_an_id_too_big_for_a_bigint_among_the_organisations_present_is_a_form_error():
    world = build_world()
    kwargs = item_kwargs(world)
    url = reverse("meetings:discussion-edit", kwargs=kwargs)
    prefix = f"bespreking-{kwargs['item']}-"
    data = {prefix + "version": "0", prefix + "notes": "Synthetisch", prefix + "organisations_present": [TOO_BIG_FOR_A_BIGINT]}
    response = client_of(world.users["regisseur"]).post(url, data)
    assert response.status_code == 200
    assert not Discussion.objects.exists()


@pytest.mark.parametrize("length", [10_000, 1_000_000], ids=["10k", "1MB"])
def test_an_overlong_username_at_the_login_is_a_form_error_and_never_reaches_the_lockout_records(length):
    response = Client(raise_request_exception=False).post(
        reverse("accounts:login"), {"username": "x" * length, "password": "geen wachtwoord"}
    )
    assert response.status_code == 200
    assert "procesregie-error-summary" in response.content.decode()
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
