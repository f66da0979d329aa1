"""The demo's signals (`procesregie demo-signals`): meldingen and adviesgesprekken up to today, so that each
persona meets them on day one.

A dataset brings the signals of its period (`signals.csv`, without the conversations' texts); the demo continues
them in the installation up to `today`, with texts (signal_texts.py):

- every approach whose table has a procesregisseur gets signals as the generator gives them for its period
  (`signals_csv.signal_profile`: in proportion to the approach's registrations of the year before, so Radicalisering,
  which starts from signals, gets about three a week in the city and Top X, OGG, MDA++ and Levensloop far fewer;
  meldingen and adviesgesprekken, the usual reporters, a share anonymous: no subject, and texts without personal
  data), about a new person or household or one the house knew before;
- they are handled by a procesregisseur of the approach's table (advice, a referral or no action, in the
  generator's proportions; follow-ups mostly ahead) except recent meldingen, which partly wait; a share of the
  registrations of the approach made since came from a signal of the same partner about the same subject
  (`aanmelding`);
- each demo procesregisseur's approach gets the story of the last weeks: a melding of each demo partner's
  organisation awaiting handling, follow-ups due today and overdue, anonymous advice, and a signal that was turned
  into a registration that waits for triage. Each demo partner's organisation reports an open and a handled one.

Written when the installation has no signal of the last `RECENT_DAYS` (so a second run adds nothing): from the month
after the latest signal there (the dataset's: its figures stay as they are), or the last `DEFAULT_DAYS` when there
is none, at most `MAX_DAYS` back, up to the day before `today`. Everything draws from the seed's own streams. The
signals are written with the ORM (backdated, with references from the seed: the signals services date a report
today and draw random references), their subjects with the subjects services, and the registration the demo
procesregisseur made from a signal with `registration_create`, which logs it as theirs; no reads are logged.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from procesregie.access.rules import cases_visible_to
from procesregie.accounts.models import Organisation, User
from procesregie.accounts.roles import Role
from procesregie.casework.models import Registration
from procesregie.casework.services.registrations import ContactPerson, registration_create
from procesregie.reference.models import Approach, Municipality, Table
from procesregie.signals.models import Signal, SignalKind, SignalOutcome

from . import region
from . import signal_texts as texts
from .personas import DEMO_USERS
from .present import previous_workday
from .profiles import DEFAULT_MUNICIPALITY_WEIGHT, MUNICIPALITY_WEIGHTS
from .signal_subjects import References, Subjects, age_on, reported_members, subject_name
from .signals_csv import OUTCOMES, SignalProfile, reporter_weights, signal_profile

DAY = datetime.timedelta(days=1)
RECENT_DAYS = 28
DEFAULT_DAYS = 91
MAX_DAYS = 730
OPEN_WITHIN_DAYS = 10  # a melding this recent may still wait to be handled ...
OPEN_SHARE = 0.5  # ... this often
KNOWN_SHARE = 0.2  # of the signals with a subject: one the house knew
FOLLOW_UP_DAYS = (7, 42)  # after the signal
OVERDUE_SHARE = 0.1  # of the follow-ups that passed in the last OVERDUE_DAYS: still open (the others were done
OVERDUE_DAYS = 21  # and cleared, as every older one)
YEAR = datetime.timedelta(days=365)


@dataclass
class Written:
    signals: int = 0
    anonymous: int = 0
    open: int = 0
    registrations: int = 0


@dataclass
class _Desk:
    """An approach with a table that has procesregisseurs: who handles its signals, where its subjects live."""

    approach: Approach
    profile: SignalProfile  # the generator's: kinds, reporters, anonymous share, signals per registration
    topic: texts.Topic
    per_year: float
    regisseurs: list[User]
    municipalities: list[Municipality]
    weights: list[float]

    def fits(self, organisation: Organisation) -> bool:
        """A gemeente reports about its own inhabitants only."""
        return organisation.kind != "gemeente" or any(
            organisation.name.casefold() == f"gemeente {m.name}".casefold() for m in self.municipalities
        )


class _Plan:
    def __init__(self, *, today: datetime.date, seed: int):
        self.today = today
        self.rng = random.Random(f"{seed}:demo-signals")
        self.refs = References(random.Random(f"{seed}:demo-signals:refs"))
        self.subjects = Subjects(seed=seed, refs=self.refs)
        self.organisations = list(Organisation.objects.order_by("code"))
        self.kinds = {organisation.kind for organisation in self.organisations}
        self.written = Written()
        self.partners: dict[str, User] = {}  # organisation code -> its demo ketenpartner
        for demo in DEMO_USERS:
            user = User.objects.filter(username=demo.username).first()
            if Role.KETENPARTNER in demo.roles and user is not None:
                self.partners.setdefault(demo.organisation, user)
        self.reporting_users: dict[int, list[User]] = {}

    # --- who ---------------------------------------------------------------------------------------------------

    def desks(self, start: datetime.date) -> list[_Desk]:
        """The approaches whose table has a procesregisseur, each with as many signals a year as the generator
        gives it for the new registrations (internal transfers left out) of the year before `start`."""
        desks = []
        for approach in Approach.objects.select_related("parent").order_by("code"):
            tables = Table.objects.filter(approach=approach, procesregisseurs__isnull=False).distinct().order_by("code")
            regisseurs = list(User.objects.filter(tables__in=tables).distinct().order_by("username"))
            if not regisseurs:
                continue
            districts = {table.district_id for table in tables}
            municipalities = Municipality.objects.order_by("code")
            if None not in districts:
                municipalities = municipalities.filter(district__in=districts)
            municipalities = list(municipalities)
            weights = [MUNICIPALITY_WEIGHTS.get(m.code, DEFAULT_MUNICIPALITY_WEIGHT) for m in municipalities]
            parent = approach.parent.code if approach.parent_id else ""
            profile = signal_profile(region.Approach(approach.code, approach.name, approach.unit,
                                                     approach.duration_scheme, parent))
            registrations = Registration.objects.filter(
                approach=approach, registered_on__gte=start - YEAR, registered_on__lt=start,
            ).exclude(case__transferred_from__isnull=False).count()
            desks.append(_Desk(approach, profile, texts.topic(approach.code, parent, approach.unit),
                               profile.per_registration * registrations, regisseurs, municipalities, weights))
        return desks

    def reporter(self, desk: _Desk, municipality: Municipality) -> Organisation:
        """A reporting organisation of a kind that usually calls about the approach; a gemeente: the
        municipality's own."""
        weights = reporter_weights(desk.profile, self.kinds)
        key = self.rng.choices(list(weights), list(weights.values()))[0]
        if key == "gemeente":
            own = [o for o in self.organisations if o.name.casefold() == f"gemeente {municipality.name}".casefold()]
            if own:
                return own[0]
        of_kind = [o for o in self.organisations if o.kind == key] or self.organisations
        return self.rng.choice(of_kind)

    def reporting_user(self, organisation: Organisation) -> User | None:
        """Who of the organisation registered a melding in the application: its demo login, or a partner
        professional of it (None: the organisation has no account here)."""
        if organisation.code in self.partners:
            return self.partners[organisation.code]
        if organisation.pk not in self.reporting_users:
            self.reporting_users[organisation.pk] = list(
                User.objects.filter(organisation=organisation, roles__role=Role.KETENPARTNER).order_by("username")
            )
        users = self.reporting_users[organisation.pk]
        return self.rng.choice(users) if users else None

    def municipality_of(self, desk: _Desk, organisation: Organisation) -> Municipality:
        if organisation.kind == "gemeente":
            own = [m for m in desk.municipalities if organisation.name.casefold() == f"gemeente {m.name}".casefold()]
            if own:
                return own[0]
        return self.rng.choices(desk.municipalities, desk.weights)[0]

    # --- writing -----------------------------------------------------------------------------------------------

    def moment(self, day: datetime.date, earliest: int = 8) -> datetime.datetime:
        at = datetime.time(self.rng.randint(earliest, 16), self.rng.choice((0, 10, 20, 30, 40, 50)))
        return timezone.make_aware(datetime.datetime.combine(day, at))

    def signal(
        self, desk: _Desk, *, day: datetime.date, kind: str, reported_by: Organisation, subject="new",
        outcome: str = "", follow_up_on: datetime.date | None = None, handled_on: datetime.date | None = None,
        registration: Registration | None = None, municipality: Municipality | None = None,
        reporting_user: User | None = None, consultation: texts.Consultation | None = None,
    ) -> Signal:
        """Write one signal. `subject`: "new", "known", None (anonymous) or a person or system. Without an
        `outcome` it is open (a melding nobody handled yet)."""
        rng, topic, approach = self.rng, desk.topic, desk.approach
        municipality = municipality or self.municipality_of(desk, reported_by)
        age = rng.randint(*topic.ages)
        if subject == "known":
            subject = self.subjects.known(approach, approach.unit) or "new"
        if subject == "new":
            if approach.unit == "system":
                subject = self.subjects.new_system(adult_age=age, on=day, municipality=municipality)
            else:
                subject = self.subjects.new_person(age=age, on=day, municipality=municipality)
        if subject is not None and approach.unit == "person":
            age = age_on(subject, day, age)
        consultation = consultation or rng.choice(topic.consultations)
        regisseur = rng.choice(desk.regisseurs)
        if kind == SignalKind.MELDING:
            reporting_user = reporting_user or self.reporting_user(reported_by)
        given, family = (reporting_user.first_name, reporting_user.last_name) if reporting_user else \
            self.subjects.name()
        handled_on = handled_on or (day if kind == SignalKind.ADVIESGESPREK else
                                    min(self.today - DAY, previous_workday(day + DAY * rng.randint(0, 4))))
        signal = Signal.objects.create(
            ref=self.refs.new(Signal, "M-"), approach=approach, date=day, kind=kind, reported_by=reported_by,
            reporter_name=f"{given} {family}".strip(),
            reporter_phone=f"030 0{rng.randrange(10 ** 6):06d}" if rng.random() < 0.6 else "",
            reporter_email=getattr(reporting_user, "email", "") or f"{slugify(given)}.{slugify(family)}@example.org",
            municipality=municipality,
            person=subject if approach.unit == "person" and subject is not None else None,
            system=subject if approach.unit == "system" and subject is not None else None,
            reported_name=subject_name(subject), reported_members=reported_members(subject),
            question=consultation.question.format(age=age),
            advice="" if not outcome else (
                texts.TO_REGISTRATION.format(approach=approach.name) if outcome == SignalOutcome.AANMELDING
                else consultation.advice),
            outcome=outcome,
            follow_up_on=follow_up_on if outcome else None,
            registration=registration,
            created_by=reporting_user if kind == SignalKind.MELDING else regisseur,
            handled_by=regisseur if outcome else None,
            handled_at=self.moment(handled_on) if outcome else None,
        )
        Signal.objects.filter(pk=signal.pk).update(created_at=self.moment(day, earliest=8))
        self.written.signals += 1
        self.written.anonymous += signal.is_anonymous
        self.written.open += not outcome
        return signal

    def consultation(self, desk: _Desk, outcome: str | None = None) -> texts.Consultation:
        """A consultation of the approach's topic that ended in `outcome` (default: drawn in the generator's
        proportions); any of the topic when none did."""
        outcome = outcome or self.rng.choices(list(OUTCOMES), list(OUTCOMES.values()))[0]
        fitting = [c for c in desk.topic.consultations if c.outcome == outcome]
        return self.rng.choice(fitting or desk.topic.consultations)

    def handled_outcome(self, consultation: texts.Consultation, day: datetime.date) -> tuple[str, datetime.date | None]:
        """The consultation's outcome and a follow-up date: mostly ahead; one that passed recently stays sometimes."""
        if consultation.outcome == SignalOutcome.GEEN_ACTIE:
            return consultation.outcome, None
        follow_up = day + DAY * self.rng.randint(*FOLLOW_UP_DAYS)
        passed = follow_up < self.today
        if passed and (self.rng.random() >= OVERDUE_SHARE or follow_up < self.today - DAY * OVERDUE_DAYS):
            follow_up = None
        return consultation.outcome, follow_up


def continue_signals(*, today: datetime.date, seed: int) -> Written:
    """Write the demo's signals from the month after the latest one there up to the day before `today`."""
    latest = Signal.objects.aggregate(latest=Max("date"))["latest"]
    if latest is not None and latest >= today - DAY * RECENT_DAYS:
        return Written()
    plan = _Plan(today=today, seed=seed)
    start = max(_month_after(latest) if latest else today - DAY * DEFAULT_DAYS, today - DAY * MAX_DAYS)
    last = today - DAY
    with transaction.atomic():
        desks = plan.desks(start)
        _complete_the_dataset(plan, desks, start)
        for desk in desks:
            _background(plan, desk, start, last)
            _from_registrations(plan, desk, start, last)
        stories = [desk for desk in desks if _directed_by_a_demo_regisseur(desk)]
        for desk in stories:
            _regisseur_story(plan, desk)
        _partner_stories(plan, stories + sorted(desks, key=lambda desk: -desk.per_year))
    return plan.written


def _month_after(day: datetime.date) -> datetime.date:
    """The first day of the month after `day`'s: a dataset ends with a month (a calibrated one with its year), whose
    figures the continuation leaves as they are."""
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _complete_the_dataset(plan: _Plan, desks: list[_Desk], start: datetime.date) -> None:
    """The dataset's signals get the conversation that the interchange format does not carry (the professional who
    called, the question, the advice given), and those that were still open on its last day are handled in the days
    after it by a procesregisseur of the approach."""
    rng, desk_of = plan.rng, {desk.approach.pk: desk for desk in desks}
    signals = list(Signal.objects.filter(date__lt=start, question="").select_related("approach__parent", "person")
                   .order_by("date", "ref"))
    for signal in signals:
        desk = desk_of.get(signal.approach_id)
        approach = signal.approach
        topic = desk.topic if desk else texts.topic(approach.code, approach.parent.code if approach.parent_id else "",
                                                    approach.unit)
        fitting = [c for c in topic.consultations if c.outcome == signal.outcome] or list(topic.consultations)
        consultation = rng.choice(fitting)
        age = rng.randint(*topic.ages)
        if signal.person is not None:
            age = age_on(signal.person, signal.date, age)
        signal.reporter_name = signal.reporter_name or " ".join(plan.subjects.name())
        signal.question = consultation.question.format(age=age)
        if not signal.outcome and desk is not None:  # waiting on the last day: handled since
            handled_on = min(plan.today - DAY, previous_workday(start + DAY * rng.randint(0, 10)))
            signal.outcome, signal.handled_by = consultation.outcome, rng.choice(desk.regisseurs)
            signal.handled_at = plan.moment(max(handled_on, signal.date))
        if signal.outcome:
            signal.advice = texts.TO_REGISTRATION.format(approach=signal.approach.name) \
                if signal.outcome == SignalOutcome.AANMELDING else consultation.advice
    Signal.objects.bulk_update(signals, ["reporter_name", "question", "advice", "outcome", "handled_by",
                                         "handled_at"], batch_size=500)


_DEMO_REGISSEURS = {demo.username for demo in DEMO_USERS if Role.PROCESREGISSEUR in demo.roles}


def _directed_by_a_demo_regisseur(desk: _Desk) -> bool:
    return any(user.username in _DEMO_REGISSEURS for user in desk.regisseurs)


def _background(plan: _Plan, desk: _Desk, start: datetime.date, last: datetime.date) -> None:
    rng, profile = plan.rng, desk.profile
    days = (last - start).days + 1
    count = round(desk.per_year * days / 365 * rng.uniform(0.85, 1.15))
    for day in sorted(max(start, previous_workday(start + DAY * rng.randrange(days))) for _ in range(count)):
        melding = rng.random() < profile.melding_share
        kind = SignalKind.MELDING if melding else SignalKind.ADVIESGESPREK
        anonymous = profile.anonymous / 3 if melding else profile.anonymous
        subject = None if rng.random() < anonymous else "known" if rng.random() < KNOWN_SHARE else "new"
        municipality = rng.choices(desk.municipalities, desk.weights)[0]
        reported_by = plan.reporter(desk, municipality)
        consultation = plan.consultation(desk)
        if melding and (plan.today - day).days <= OPEN_WITHIN_DAYS and rng.random() < OPEN_SHARE:
            outcome, follow_up = "", None
        else:
            outcome, follow_up = plan.handled_outcome(consultation, day)
        plan.signal(desk, day=day, kind=kind, reported_by=reported_by, subject=subject, outcome=outcome,
                    follow_up_on=follow_up, municipality=municipality, consultation=consultation)


def _from_registrations(plan: _Plan, desk: _Desk, start: datetime.date, last: datetime.date) -> None:
    """A share of the approach's registrations made since came from a signal of their partner about their subject."""
    registrations = (
        Registration.objects.filter(approach=desk.approach, registered_on__range=(start, last), signal__isnull=True)
        .exclude(case__transferred_from__isnull=False)
        .select_related("person", "system", "reported_by", "municipality")
        .order_by("registered_on", "ref")
    )
    for registration in registrations:
        if plan.rng.random() >= desk.profile.from_signal:
            continue
        day = max(start, previous_workday(registration.registered_on - DAY * plan.rng.randint(0, 10)))
        plan.signal(
            desk, day=day, kind=plan.rng.choice((SignalKind.MELDING, SignalKind.ADVIESGESPREK)),
            reported_by=registration.reported_by, subject=registration.person or registration.system,
            outcome=SignalOutcome.AANMELDING, handled_on=registration.registered_on, registration=registration,
            municipality=registration.municipality,
        )


def _workdays_ago(plan: _Plan, days: int) -> datetime.date:
    return previous_workday(plan.today - DAY * days)


def _regisseur_story(plan: _Plan, desk: _Desk) -> None:
    """What the demo procesregisseur finds in their signal list on day one."""
    rng, today = plan.rng, plan.today
    partners = [user.organisation for _code, user in sorted(plan.partners.items())]
    partners = [organisation for organisation in partners if desk.fits(organisation)]
    rotation = iter(partners * 3)

    def reporter() -> Organisation:
        fallback = plan.reporter(desk, rng.choices(desk.municipalities, desk.weights)[0])
        return next(rotation, fallback)

    # Meldingen of partners awaiting handling (one per demo partner that reports here, at least two).
    for days in range(1, max(2, len(partners)) + 1):
        plan.signal(desk, day=_workdays_ago(plan, days * 2 - 1), kind=SignalKind.MELDING, reported_by=reporter())
    # Follow-ups: one due today, two overdue.
    for days, follow_up, kind in ((14, today, SignalKind.ADVIESGESPREK), (20, today - DAY * 3, SignalKind.MELDING),
                                  (27, today - DAY * 9, SignalKind.ADVIESGESPREK)):
        consultation = plan.consultation(desk, rng.choice((SignalOutcome.ADVIES, SignalOutcome.DOORVERWEZEN)))
        plan.signal(desk, day=_workdays_ago(plan, days), kind=kind, reported_by=reporter(),
                    subject="known" if kind == SignalKind.MELDING else "new", outcome=consultation.outcome,
                    follow_up_on=follow_up, consultation=consultation)
    # Anonymous advice: one with a follow-up ahead, one without.
    for days, follow_up in ((4, today + DAY * 10), (11, None)):
        consultation = plan.consultation(desk, SignalOutcome.ADVIES)
        plan.signal(desk, day=_workdays_ago(plan, days), kind=SignalKind.ADVIESGESPREK,
                    reported_by=plan.reporter(desk, rng.choices(desk.municipalities, desk.weights)[0]),
                    subject=None, outcome=SignalOutcome.ADVIES, follow_up_on=follow_up, consultation=consultation)
    _turned_into_registration(plan, desk, reporter())


def _turned_into_registration(plan: _Plan, desk: _Desk, reported_by: Organisation) -> None:
    """A melding of the last days that the demo procesregisseur turned into a registration, which waits for triage:
    made through `registration_create` as theirs, on behalf of the reporting organisation (logged as their create).
    Its subject is a known one, whose last case (one the procesregisseur sees) was closed: the registration links to
    that case, so the triage shows the earlier case and the closed case its later registration."""
    regisseur = next(user for user in desk.regisseurs if user.username in _DEMO_REGISSEURS)
    day, registered_on = _workdays_ago(plan, 3), _workdays_ago(plan, 1)
    known = plan.subjects.known(desk.approach, desk.approach.unit, among=cases_visible_to(regisseur))
    signal = plan.signal(desk, day=day, kind=SignalKind.MELDING, reported_by=reported_by, subject=known or "new")
    registration = registration_create(
        actor=regisseur if regisseur.is_active else None, subject=signal.subject, approach=desk.approach,
        municipality=signal.municipality, reported_by=reported_by, registered_on=registered_on,
        reason=signal.question, ref=plan.refs.new(Registration, "A-"), reported_name=signal.reported_name,
        contact=ContactPerson(name=signal.reporter_name, phone=signal.reporter_phone, email=signal.reporter_email),
        reported_members=signal.reported_members, from_signal=signal,
    )
    Registration.objects.filter(pk=registration.pk).update(created_by=regisseur)
    Signal.objects.filter(pk=signal.pk).update(
        registration=registration, outcome=SignalOutcome.AANMELDING, handled_by=regisseur,
        handled_at=plan.moment(registered_on), advice=texts.TO_REGISTRATION.format(approach=desk.approach.name),
    )
    plan.written.open -= 1
    plan.written.registrations += 1


def _partner_stories(plan: _Plan, desks: list[_Desk]) -> None:
    """Each demo partner's organisation has reported a melding that waits and one that was handled."""
    for _code, user in sorted(plan.partners.items()):
        organisation = user.organisation
        reported = Signal.objects.filter(reported_by=organisation, date__gte=plan.today - DAY * 28)
        desk = next((desk for desk in desks if desk.fits(organisation)), None)
        if desk is None:
            continue
        if not reported.filter(outcome="").exists():
            plan.signal(desk, day=_workdays_ago(plan, 2), kind=SignalKind.MELDING, reported_by=organisation,
                        reporting_user=user)
        if not reported.exclude(outcome="").exists():
            consultation = plan.consultation(desk)
            outcome, _ = plan.handled_outcome(consultation, _workdays_ago(plan, 12))
            plan.signal(desk, day=_workdays_ago(plan, 12), kind=SignalKind.MELDING, reported_by=organisation,
                        reporting_user=user, outcome=outcome, consultation=consultation,
                        follow_up_on=plan.today + DAY * 7 if outcome != SignalOutcome.GEEN_ACTIE else None)
