"""The demo meets signals and escalations on day one (issue 13, item 5): after `make demo` (demo-data, import,
demo-users, demo-agenda, demo-signals, demo-escalations) each persona finds them.

- the procesregisseur: recent signals of their approach: partners' meldingen waiting, advice given, anonymous advice,
  follow-ups due today and overdue, a signal turned into a registration waiting for triage;
- each partner: the signals its organisation reported (an open and a handled one), beside others' it does not get;
- the manager: open escalations of different ages and reasons, raised by the procesregisseur and by partners on
  cases they take part in, and resolved ones.

Built once for the module (as `make demo` builds it, on a fixed Monday) and rolled back at its end.
"""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from procesregie.access.cases import triage_approaches
from procesregie.access.escalations import cases_escalatable_by, escalations_handled_by, escalations_visible_to
from procesregie.access.rules import cases_visible_to
from procesregie.access.signals import signals_visible_to
from procesregie.accounts.models import User
from procesregie.audit.models import AccessLogEntry, Action
from procesregie.casework.models import Participation, RegistrationStatus
from procesregie.escalations.models import Escalation
from procesregie.reminders import notifications
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.synthetic import signal_texts
from procesregie.synthetic.demo_signals import continue_signals
from procesregie.synthetic.personas import DEMO_USERS
from tests.logins import verified_client

from .demo_install import install_demo_region

AS_OF = datetime.date(2026, 11, 16)  # a Monday
PARTNERS = [demo.username for demo in DEMO_USERS if "ketenpartner" in demo.roles]
CONSULTATIONS = [
    consultation for name in dir(signal_texts) if name.isupper() and isinstance(getattr(signal_texts, name), tuple)
    for consultation in getattr(signal_texts, name)
]


@pytest.fixture(scope="module")
def region(django_db_setup, django_db_blocker, tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=directory), transaction.atomic():
        install_demo_region(directory, as_of=AS_OF)
        call_command("demo_signals", "--today", AS_OF.isoformat(), "--seed", "11", verbosity=0)
        call_command("demo_escalations", "--today", AS_OF.isoformat(), "--seed", "11", verbosity=0)
        yield directory
        transaction.set_rollback(True)


def _user(username):
    return User.objects.get(username=username)


def _text_of(html: str) -> str:
    """The text of a page's main element, for a failing assertion's message."""
    main = re.search(r"<main.*</main>", html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main.group(0) if main else html).split())


def _no_personal_data(text):
    """One of the demo's fixed texts (which name nobody), with an age filled in; no nine-digit number."""
    patterns = [re.escape(c.question).replace(re.escape("{age}"), r"\d{1,2}") for c in CONSULTATIONS]
    fixed = {c.advice for c in CONSULTATIONS}
    return not re.search(r"\d{9}", text) and (
        text == "" or text in fixed or any(re.fullmatch(pattern, text) for pattern in patterns)
        or text.startswith("Met de melder de vier criteria doorgelopen")
    )


@pytest.mark.django_db
def test_the_regisseur_finds_recent_signals_of_their_approach_to_handle(region):
    regisseur = _user("procesregisseur.zvh")
    signals = signals_visible_to(regisseur)
    recent = signals.filter(date__gte=AS_OF - datetime.timedelta(days=28))
    assert 8 <= recent.count() <= 40, recent.count()
    assert not signals.filter(date__gte=AS_OF).exists(), "nothing dated today or later"

    waiting = recent.filter(outcome="")
    assert waiting.count() >= 2 and all(
        s.kind == SignalKind.MELDING and s.reported_by.kind != "zvh" and not s.handled_by_id and not s.advice
        for s in waiting
    ), "partners' meldingen awaiting handling"
    advised = recent.filter(kind=SignalKind.ADVIESGESPREK).exclude(outcome="")
    assert advised.count() >= 3 and all(s.advice and s.handled_by_id for s in advised), "advice given and recorded"

    anonymous = recent.filter(person=None, system=None)
    assert anonymous.count() >= 2
    for signal in anonymous:
        assert signal.reported_name == "" and signal.kind == SignalKind.ADVIESGESPREK
        assert _no_personal_data(signal.question) and _no_personal_data(signal.advice), signal.ref

    due = signals.exclude(outcome="").filter(follow_up_on__lte=AS_OF)
    assert due.filter(follow_up_on=AS_OF).exists(), "a follow-up due today"
    assert due.filter(follow_up_on__lt=AS_OF).exists(), "and one overdue"
    assert due.count() <= 8, "a few, not everything"
    assert all((AS_OF - s.follow_up_on).days <= 30 for s in due), "overdue by days or weeks"


@pytest.mark.django_db
def test_a_signal_was_turned_into_a_registration_that_waits_for_the_regisseurs_triage(region):
    regisseur = _user("procesregisseur.zvh")
    converted = signals_visible_to(regisseur).filter(
        outcome=SignalOutcome.AANMELDING, registration__status=RegistrationStatus.PENDING
    ).select_related("registration")
    assert converted.count() >= 1
    signal = converted.first()
    registration = signal.registration
    assert (registration.person_id, registration.approach_id, registration.reported_by_id, registration.reason,
            registration.reported_name, registration.contact_name) == (
        signal.person_id, signal.approach_id, signal.reported_by_id, signal.question, signal.reported_name,
        signal.reporter_name)
    assert signal.date <= registration.registered_on <= AS_OF
    assert registration in notifications.registrations_to_triage(regisseur), "on the regisseur's triage list"
    assert registration.created_by == regisseur == signal.handled_by
    assert AccessLogEntry.objects.filter(
        actor_username=regisseur.username, action=Action.CREATE, object_type="casework.registration",
        object_id=str(registration.pk), subject_key=signal.person.subject_key,
    ).exists(), "the regisseur made it: in the access log as theirs"
    assert Signal.objects.filter(outcome=SignalOutcome.AANMELDING, registration=None).count() == 0
    # one is about a known subject: the registration follows their closed case, which the regisseur sees from the triage
    followed = converted.filter(registration__previous_case__isnull=False)
    assert followed.count() == 1
    registration = followed.get().registration
    previous = registration.previous_case
    assert previous.status == "closed" and previous.registration.person_id == registration.person_id
    triage = verified_client(regisseur).get(reverse("casework:triage", args=[registration.pk])).content.decode()
    assert re.search(r'data-testid="previous-case">\s*<a[^>]*href="%s"' % reverse(
        "casework:case-detail", args=[previous.pk]), triage), (
        f"no link to {previous.registration.ref} in the triage of {registration.ref}; the regisseur sees that case: "
        f"{cases_visible_to(regisseur).filter(pk=previous.pk).exists()}; the page: {_text_of(triage)[:1500]}")


@pytest.mark.django_db
def test_each_partner_finds_the_signals_its_organisation_reported_and_others_report_too(region):
    for username in PARTNERS:
        partner = _user(username)
        visible = signals_visible_to(partner)
        assert set(visible) == set(Signal.objects.filter(reported_by=partner.organisation)), username
        own = visible.filter(date__gte=AS_OF - datetime.timedelta(days=28))
        assert own.filter(outcome="").exists(), f"{username}: a melding of its organisation still waits"
        assert own.exclude(outcome="").exists(), f"{username}: and one was handled"
        assert own.filter(created_by=partner).exists(), f"{username}: one it reported itself"
        others = Signal.objects.filter(approach__in=own.values("approach")).exclude(reported_by=partner.organisation)
        assert others.exists(), f"{username}: other organisations report in the same approaches (not its to see)"


@pytest.mark.django_db
def test_the_datasets_signals_get_their_conversation_and_none_waits_for_months(region):
    assert not Signal.objects.filter(question="").exists(), "every signal says what the question or worry was"
    assert not Signal.objects.exclude(outcome="").filter(advice="").exists(), "and a handled one the advice given"
    assert not Signal.objects.filter(reporter_name="").exists(), "and who called"
    waiting = Signal.objects.filter(outcome="")
    assert waiting.exists() and not waiting.filter(date__lt=AS_OF - datetime.timedelta(days=28)).exists()

    # As a dataset brings them (signals.csv has no texts), one still open on its last day.
    Signal.objects.all().delete()
    regisseur = _user("procesregisseur.zvh")
    approach = triage_approaches(regisseur).first()
    last = datetime.date(2025, 12, 1)  # the latest signal of a dataset that ends with December
    bare = [
        Signal.objects.create(ref=f"SIG-{outcome or 'open'}", approach=approach, date=last, kind=SignalKind.MELDING,
                              reported_by=regisseur.organisation, outcome=outcome)
        for outcome in ("", SignalOutcome.DOORVERWEZEN)
    ]
    continue_signals(today=AS_OF, seed=11)
    for signal in bare:
        signal.refresh_from_db()
        assert signal.question and signal.advice and signal.reporter_name, signal.ref
    assert bare[1].outcome == SignalOutcome.DOORVERWEZEN and bare[1].handled_by is None, "as the dataset has it"
    assert bare[0].outcome and bare[0].handled_by in User.objects.filter(tables__approach=approach)
    assert last < bare[0].handled_at.date() < AS_OF, "handled in the days after the dataset's last day"
    assert Signal.objects.filter(date__gt=last).count() > 100, "continued from the month after"
    assert Signal.objects.filter(date__lte=datetime.date(2025, 12, 31)).count() == 2, "the dataset's months unchanged"


@pytest.mark.django_db
def test_radicalisation_starts_from_signals_the_other_approaches_get_fewer(region):
    def count(code):
        return Signal.objects.filter(approach__code=code).count()

    demo_tables = triage_approaches(_user("procesregisseur.zvh")).values_list("code", flat=True)
    others = [code for code in ("topx-oost", "topx-west", "topx-ogg", "mda", "levensloop") if code not in demo_tables]
    assert count("radicalisering-stad") > 2 * max(count(code) for code in others)
    kinds = {kind for kind in Signal.objects.values_list("kind", flat=True)}
    assert kinds == {SignalKind.MELDING, SignalKind.ADVIESGESPREK}
    anonymous = Signal.objects.filter(person=None, system=None)
    assert anonymous.count() >= 10 and not anonymous.exclude(reported_name="").exists()
    assert all(_no_personal_data(s.question) and _no_personal_data(s.advice) for s in anonymous)
    assert not Signal.objects.filter(approach__unit="system", person__isnull=False).exists()
    assert Signal.objects.filter(approach__unit="system", system__isnull=False).exists()


@pytest.mark.django_db
def test_the_manager_finds_open_escalations_of_different_ages_and_reasons_and_resolved_ones(region):
    manager = _user("manager.zvh")
    assert not signals_visible_to(manager).exists(), "a manager reads no signal"
    work_list = escalations_handled_by(manager)
    open_ = list(work_list.filter(resolved_on=None).select_related("case", "raised_by"))
    assert len(open_) >= 3
    ages = {(AS_OF - escalation.raised_on).days for escalation in open_}
    assert len(ages) == len(open_) and min(ages) <= 7 and max(ages) >= 28, ages
    assert len({escalation.reason for escalation in open_}) >= 3
    assert all(escalation.explanation for escalation in open_)

    regisseur = _user("procesregisseur.zvh")
    by_regisseur = [e for e in open_ if e.raised_by == regisseur]
    assert by_regisseur and all(e.case.procesregisseur == regisseur for e in by_regisseur)
    assert set(escalations_visible_to(regisseur)) >= set(by_regisseur), "on the cases they direct"
    by_partners = [e for e in open_ if e.raised_by and e.raised_by.username in PARTNERS]
    assert by_partners
    for escalation in by_partners:
        partner = escalation.raised_by
        assert escalation.raised_by_organisation == partner.organisation
        assert Participation.objects.active(escalation.raised_on).filter(
            case=escalation.case, organisation=partner.organisation).exists()
        assert cases_escalatable_by(partner).filter(pk=escalation.case_id).exists(), "on a case it takes part in"
        assert escalations_visible_to(partner).filter(pk=escalation.pk).exists()
        assert AccessLogEntry.objects.filter(
            actor_username=partner.username, action=Action.CREATE, object_type="escalations.escalation",
            object_id=str(escalation.pk)).exists(), "raised through the service: logged as the partner's"

    resolved = work_list.exclude(resolved_on=None)
    assert resolved.count() >= 3 and len({e.outcome for e in resolved}) >= 3
    assert all(e.resolved_by == manager and e.resolution and e.raised_on <= e.resolved_on <= AS_OF for e in resolved)


@pytest.mark.django_db
def test_a_second_run_adds_nothing(region):
    before = (Signal.objects.count(), Escalation.objects.count())
    call_command("demo_signals", "--today", AS_OF.isoformat(), "--seed", "11", verbosity=0)
    call_command("demo_escalations", "--today", AS_OF.isoformat(), "--seed", "11", verbosity=0)
    assert (Signal.objects.count(), Escalation.objects.count()) == before


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_signals(region):
    def written():
        return list(Signal.objects.order_by("ref").values_list(
            "ref", "approach__code", "date", "kind", "reported_by__code", "reporter_name", "reporter_phone",
            "reported_name", "person__ref", "person__bsn", "system__ref", "question", "advice", "outcome",
            "follow_up_on", "handled_by__username", "handled_at", "registration__ref"))

    Signal.objects.all().delete()  # the same installation, twice: the test's transaction takes it back
    start = transaction.savepoint()
    continue_signals(today=AS_OF, seed=11)
    first = written()
    transaction.savepoint_rollback(start)
    continue_signals(today=AS_OF, seed=11)
    assert first and written() == first


@pytest.mark.django_db
def test_demo_signals_and_escalations_refuse_production(settings):
    settings.PRODUCTION = True
    for command in ("demo_signals", "demo_escalations"):
        with pytest.raises(Exception, match="productie"):
            call_command(command, verbosity=0)


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["demo_signals", "demo_escalations"])
@pytest.mark.parametrize("today, message", [("2999-01-01", "after today"), ("16-11-2026", "not a date")])
def test_demo_signals_and_escalations_refuse_a_day_after_today_or_no_date(command, today, message):
    before = (Signal.objects.count(), Escalation.objects.count())
    with pytest.raises(Exception, match=message):
        call_command(command, "--today", today, verbosity=0)
    assert (Signal.objects.count(), Escalation.objects.count()) == before
