"""Hit/no-hit (issue 16 part 4): a partner asks "is this person known here?" and hears only yes or no and whom to call.

A hit is a person in regie now (a case in regie, also as a member of a system whose case is in regie) or registered
and waiting for triage; a closed case, a declined registration or a destroyed person is no hit. Every question is
kept with its purpose and logged as an access: on a hit as a read of the person, on a miss without anything that
identifies the person asked about.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from procesregie.accounts.models import ApiScope
from procesregie.api.models import HitNoHitQuery
from procesregie.audit.models import AccessLogEntry, Action, Outcome

from .. import factories as f
from .conftest import bearer, token_for
from .hitnohit_helpers import PURPOSE, URL, ask, tables_holding

pytestmark = pytest.mark.django_db

CONTACT = {"naam": settings.PROCESREGIE_CONTACT_NAME, "telefoon": settings.PROCESREGIE_CONTACT_PHONE,
           "email": settings.PROCESREGIE_CONTACT_EMAIL}


@pytest.fixture
def police(db):
    return f.OrganisationFactory(police=True, name="Politie Midden (synthetisch)")


@pytest.fixture
def issued(issue_client, police):
    return issue_client(police, ApiScope.HITNOHIT, name="Politie hit/no-hit")


@pytest.fixture
def token(issued):
    return token_for(issued)


def hit_of(response) -> bool:
    assert response.status_code == 200, response.content
    return response.json()["hit"]


# --- what is a hit ----------------------------------------------------------------------------------------------------


def test_a_person_with_a_case_in_regie_is_a_hit_by_bsn(token):
    person = f.CaseFactory().registration.person
    assert hit_of(ask(token, bsn=person.bsn)) is True


def test_a_bsn_may_be_typed_with_spaces_and_dots(token):
    person = f.CaseFactory().registration.person
    assert hit_of(ask(token, bsn=f"{person.bsn[:4]}.{person.bsn[4:6]} {person.bsn[6:]}")) is True


def test_a_person_in_regie_is_a_hit_by_name_and_birth_date_ignoring_case(token):
    person = f.CaseFactory(registration__person__given_name="Kees", registration__person__family_name="Verbeek",
                           registration__person__birth_date=datetime.date(1988, 3, 14)).registration.person
    assert hit_of(ask(token, achternaam="VERBEEK", voornaam="kees", geboortedatum="1988-03-14")) is True
    assert hit_of(ask(token, achternaam="Verbeek", voornaam="Kees", geboortedatum="1988-03-15")) is False
    assert hit_of(ask(token, achternaam="Verbeek", voornaam="Karel", geboortedatum="1988-03-14")) is False
    assert person.bsn  # found by name although the partner did not give the BSN


def test_a_member_of_a_system_whose_case_is_in_regie_is_a_hit(token):
    member = f.PersonFactory()
    system = f.SystemFactory(members=[member, f.PersonFactory()])
    f.CaseFactory(registration__for_system=True, registration__system=system)
    assert hit_of(ask(token, bsn=member.bsn)) is True


def test_a_member_of_a_system_with_only_a_closed_case_is_no_hit(token):
    member = f.PersonFactory()
    f.CaseFactory(closed=True, registration__for_system=True, registration__system=f.SystemFactory(members=[member]))
    assert hit_of(ask(token, bsn=member.bsn)) is False


def test_an_unknown_person_is_no_hit(token):
    assert hit_of(ask(token, bsn=f.synthetic_bsn())) is False
    assert hit_of(ask(token, achternaam="Onbekend", geboortedatum="1970-01-01")) is False


def test_a_closed_case_is_no_hit(token):
    person = f.CaseFactory(closed=True).registration.person
    assert hit_of(ask(token, bsn=person.bsn)) is False


def test_a_closed_case_and_a_new_case_in_regie_is_a_hit(token):
    person = f.CaseFactory(closed=True).registration.person
    f.CaseFactory(registration__person=person)
    assert hit_of(ask(token, bsn=person.bsn)) is True


def test_a_registration_waiting_for_triage_is_a_hit(token):
    person = f.RegistrationFactory().person
    assert hit_of(ask(token, bsn=person.bsn)) is True


def test_a_declined_registration_is_no_hit(token):
    person = f.RegistrationFactory(declined=True).person
    assert hit_of(ask(token, bsn=person.bsn)) is False


def test_a_destroyed_person_or_registration_is_no_hit(token):
    today = timezone.localdate()
    destroyed_person = f.RegistrationFactory(person__destroyed_on=today).person
    tombstone = f.RegistrationFactory(destroyed_on=today).person
    assert hit_of(ask(token, bsn=destroyed_person.bsn)) is False
    assert hit_of(ask(token, bsn=tombstone.bsn)) is False


# --- what the answer holds ---------------------------------------------------------------------------------------------


def test_the_answer_holds_only_hit_and_the_same_contact_point_for_a_hit_and_a_miss(token):
    case = f.CaseFactory()
    hit = ask(token, bsn=case.registration.person.bsn)
    miss = ask(token, bsn=f.synthetic_bsn())
    assert hit.json() == {"hit": True, "contactpunt": CONTACT}
    assert miss.json() == {"hit": False, "contactpunt": CONTACT}
    assert hit["Content-Type"] == miss["Content-Type"] == "application/json"
    assert "no-store" in hit["Cache-Control"]
    person = case.registration.person
    for secret in (person.family_name, person.given_name, case.registration.approach.name, case.registration.ref,
                   str(case.start_date)):
        assert secret not in hit.content.decode()


def test_the_contact_point_comes_from_the_settings(token, settings):
    settings.PROCESREGIE_CONTACT_NAME = "ZVH Testregio (synthetisch)"
    settings.PROCESREGIE_CONTACT_PHONE = "030 111 2222"
    settings.PROCESREGIE_CONTACT_EMAIL = "regie@testregio.example.org"
    assert ask(token, bsn=f.synthetic_bsn()).json()["contactpunt"] == {
        "naam": "ZVH Testregio (synthetisch)", "telefoon": "030 111 2222", "email": "regie@testregio.example.org"}


# --- every question is kept and logged ------------------------------------------------------------------------------


def test_a_hit_is_kept_with_its_purpose_and_logged_as_a_read_of_the_person(token, issued, police):
    person = f.RegistrationFactory().person
    response = ask(token, bsn=person.bsn, doel="Voorbereiding casusoverleg wijkteam Noord")
    assert hit_of(response) is True
    request_id = response["X-Request-ID"]
    (asked,) = HitNoHitQuery.objects.all()
    assert (asked.client, asked.organisation, asked.purpose, asked.by_bsn, asked.hit, asked.request_id) == (
        issued.client, police, "Voorbereiding casusoverleg wijkteam Noord", True, True, request_id)
    assert abs(asked.asked_at - timezone.now()) < datetime.timedelta(minutes=1)
    (entry,) = AccessLogEntry.objects.filter(request_id=request_id)
    assert entry.subject_key == person.subject_key
    assert (entry.action, entry.outcome, entry.object_type, entry.object_id) == (
        Action.READ, Outcome.GRANTED, "subjects.person", str(person.pk))
    assert (entry.actor_id, entry.actor_username, entry.actor_organisation) == (
        issued.client.user_id, issued.client.user.username, police.code)


def test_a_purpose_is_kept_as_plain_text(token):
    ask(token, bsn=f.synthetic_bsn(), doel="<script>alert(1)</script>Overleg <b>wijkteam</b> Noord")
    assert HitNoHitQuery.objects.get().purpose == "Overleg wijkteam Noord"


def test_the_persons_own_access_history_shows_the_hit(token, issued):
    person = f.CaseFactory().registration.person
    ask(token, achternaam=person.family_name, voornaam=person.given_name, geboortedatum=str(person.birth_date))
    assert AccessLogEntry.objects.filter(subject_key=person.subject_key, actor_id=issued.client.user_id,
                                         action=Action.READ).count() == 1


def test_a_miss_is_kept_and_logged_without_a_subject(token, issued, police):
    response = ask(token, achternaam="Onbekend", geboortedatum="1970-01-01")
    assert hit_of(response) is False
    (asked,) = HitNoHitQuery.objects.all()
    assert (asked.client, asked.organisation, asked.purpose, asked.by_bsn, asked.hit, asked.request_id) == (
        issued.client, police, PURPOSE, False, False, response["X-Request-ID"])
    (entry,) = AccessLogEntry.objects.filter(request_id=response["X-Request-ID"])
    assert entry.subject_key is None
    assert (entry.action, entry.object_type, entry.object_id, entry.actor_id) == (
        Action.READ, "api.hitnohitquery", str(asked.pk), issued.client.user_id)


def test_a_known_person_who_is_no_hit_leaves_no_trace_of_them(token):
    person = f.CaseFactory(closed=True).registration.person
    response = ask(token, bsn=person.bsn)
    assert hit_of(response) is False
    assert not AccessLogEntry.objects.filter(subject_key=person.subject_key).exists()
    (entry,) = AccessLogEntry.objects.filter(request_id=response["X-Request-ID"])
    assert entry.subject_key is None and entry.object_type == "api.hitnohitquery"


def test_nothing_that_identifies_a_person_missed_is_stored_in_any_table(token):
    bsn = f.synthetic_bsn()
    assert hit_of(ask(token, bsn=bsn)) is False
    assert hit_of(ask(token, achternaam="Zwartkruis-Oudejans", voornaam="Theodorus", geboortedatum="1961-07-13")) is False
    assert tables_holding(bsn, "Zwartkruis-Oudejans", "Theodorus") == {}
    assert HitNoHitQuery.objects.count() == 2  # asked and kept, without the person


# --- who may ask ------------------------------------------------------------------------------------------------------


def test_without_a_token_401_and_nothing_kept(db):
    response = Client().post(URL, {"bsn": "111222333", "doel": PURPOSE}, content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not HitNoHitQuery.objects.exists()


def test_a_client_without_the_hitnohit_scope_gets_403_and_nothing_kept(issue_client, police):
    other = issue_client(police, ApiScope.REGISTRATIONS_READ, ApiScope.REGISTRATIONS_WRITE)
    person = f.CaseFactory().registration.person
    response = ask(token_for(other), bsn=person.bsn)
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert "hit" not in response.json() and not HitNoHitQuery.objects.exists()
    assert not AccessLogEntry.objects.filter(subject_key=person.subject_key).exists()


def test_a_token_asked_without_the_hitnohit_scope_gets_403(issue_client, police):
    both = issue_client(police, ApiScope.HITNOHIT, ApiScope.REGISTRATIONS_READ)
    assert ask(token_for(both, scope="registrations:read"), bsn=f.synthetic_bsn()).status_code == 403


def test_a_staff_session_is_no_credential(db):
    from ..logins import verified_client

    response = verified_client(f.UserFactory()).post(URL, {"bsn": "111222333", "doel": PURPOSE},
                                                      content_type="application/json")
    assert response.status_code == 401 and not HitNoHitQuery.objects.exists()


# --- bad input: a clear 400, nothing kept -----------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "field"), [
    ({"bsn": "123456789"}, "bsn"),  # fails the 11-proef
    ({"bsn": "12345"}, "bsn"),
    ({"bsn": "000000000"}, "bsn"),
    ({"bsn": "１１１２２２３３３"}, "bsn"),  # full-width digits
    ({"bsn": "111222333", "achternaam": "Jansen", "geboortedatum": "1990-01-01"}, "non_field_errors"),
    ({"bsn": "111222333", "voornaam": "Kees"}, "non_field_errors"),
    ({}, "non_field_errors"),
    ({"achternaam": "Jansen"}, "geboortedatum"),
    ({"geboortedatum": "1990-01-01"}, "achternaam"),
    ({"voornaam": "Kees", "geboortedatum": "1990-01-01"}, "achternaam"),
    ({"achternaam": "Jansen", "geboortedatum": "9999-12-31"}, "geboortedatum"),
    ({"achternaam": "Jansen", "geboortedatum": "1990-02-30"}, "geboortedatum"),
    ({"bsn": "111222333", "doel": "kort"}, "doel"),
    ({"bsn": "111222333", "doel": "          <b></b>  "}, "doel"),
    ({"bsn": "111222333", "doel": "<b>kort</b>"}, "doel"),  # 4 characters of text
    ({"bsn": "111222333", "doel": None}, "doel"),
    ({"bsn": "111222333", "doel": "x" * 501}, "doel"),
    ({"bsn": "111222333", "doel": "Controle van 111 222 333 voor het overleg"}, "doel"),
    ({"achternaam": "Jansen", "geboortedatum": "1990-01-01", "doel": "Controle van Jansen voor het overleg"}, "doel"),
    ({"achternaam": "Jansen", "geboortedatum": "1990-01-01", "doel": "Melding\x00huiselijk geweld"}, "doel"),
    ({"achternaam": "Jan\x00sen", "geboortedatum": "1990-01-01"}, "achternaam"),
    ({"achternaam": "J" * 201, "geboortedatum": "1990-01-01"}, "achternaam"),
    ({"bsn": None}, "bsn"),
])
def test_a_bad_question_is_a_400_problem_naming_the_field_and_nothing_is_kept(token, body, field):
    before = AccessLogEntry.objects.count()
    response = ask(token, **body)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and field in problem["errors"], problem
    assert "hit" not in problem
    assert not HitNoHitQuery.objects.exists() and AccessLogEntry.objects.count() == before


def test_odd_but_valid_questions_are_answered(token):
    assert hit_of(ask(token, achternaam="Oud", geboortedatum="0001-01-01")) is False
    assert hit_of(ask(token, achternaam="ß" * 200, voornaam="名" * 200, geboortedatum="1990-01-01",
                      doel="é" * 500)) is False
    assert hit_of(ask(token, bsn="12345672", doel="Melding 12345678 van de wijkagent")) is False  # 8 digits: 012345672


@pytest.mark.parametrize("payload", ['["bsn"]', '"111222333"', "null", "{", "1" * 10000, '{"bsn": {"a": 1}}'])
def test_a_body_that_is_no_question_is_a_400(token, payload):
    response = Client().post(URL, payload, content_type="application/json", **bearer(token))
    assert response.status_code == 400 and not HitNoHitQuery.objects.exists()


def test_a_body_that_is_no_json_is_refused(token):
    response = Client().post(URL, {"bsn": "111222333", "doel": PURPOSE}, **bearer(token))  # a form post
    assert response.status_code in (400, 415) and "hit" not in response.json()
    assert not HitNoHitQuery.objects.exists()


def test_other_methods_are_405(token):
    assert Client().get(URL, **bearer(token)).status_code == 405
    assert Client().put(URL, "{}", content_type="application/json", **bearer(token)).status_code == 405


def test_the_service_answers_only_a_client_that_holds_the_scope(issue_client, police):
    from procesregie.api.hitnohit.services import Question, hitnohit_ask
    from procesregie.core.errors import NotFound

    question = Question(purpose=PURPOSE, bsn=f.synthetic_bsn())
    without = issue_client(police, ApiScope.REPORTS_READ).client
    for actor in (without.user, f.UserFactory(organisation=police)):
        with pytest.raises(NotFound):
            hitnohit_ask(actor=actor, question=question)
    assert not HitNoHitQuery.objects.exists()


def test_finding_a_known_person_who_is_no_hit_takes_the_same_queries_as_finding_nobody(django_assert_num_queries):
    """The time of an answer must not tell "known here once" (a closed case) from "never known"."""
    from procesregie.api.hitnohit.in_regie import in_regie

    closed = f.CaseFactory(closed=True).registration.person
    destroyed = f.RegistrationFactory(person__destroyed_on=timezone.localdate()).person
    in_regie_now = f.CaseFactory().registration.person
    for person, expected in ((None, False), (closed, False), (destroyed, False), (in_regie_now, True)):
        with django_assert_num_queries(1):
            assert in_regie(person) is expected
