"""The demo's escalations (`procesregie demo-escalations`): stuck cases taken to the house's managers.

So that the demo manager finds a work list on day one, and the demo procesregisseur and partners find the
escalations they raised on their cases' timelines:

- open ones of different ages and reasons: raised by the demo procesregisseur on a case they direct (a partner does
  not deliver an overdue intervention; no partner takes the lead), and by each demo partner on a case its
  organisation takes part in;
- resolved ones of the last months, with their outcomes (an agreement, escalated to the administrators, withdrawn,
  not resolved), resolved by the demo manager of the house.

Only the demo logins raise and resolve, through the escalations services (which check that they may and log the
access as for any user), on cases that take changes. Written once: an installation that has escalations gets none.
Deterministic with the seed; dates relative to `today`.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from procesregie.access.escalations import cases_escalatable_by
from procesregie.accounts.models import User
from procesregie.accounts.roles import Role
from procesregie.casework.lifecycle import accepting_changes
from procesregie.casework.models import Case, Participation
from procesregie.escalations.concerns import organisations_concerned
from procesregie.escalations.models import Escalation, EscalationOutcome, EscalationReason
from procesregie.escalations.services import escalation_raise, escalation_resolve
from procesregie.plans.models import OPEN_INTERVENTION_STATUSES, CaseIntervention

from .personas import DEMO_USERS

DAY = datetime.timedelta(days=1)

EXPLANATIONS = {
    EscalationReason.INTERVENTION_NOT_DELIVERED: (
        "De afgesproken interventie is na herhaald rappel nog steeds niet gestart. Zonder deze interventie komt het "
        "plan van aanpak niet verder; de partner geeft aan geen capaciteit te hebben.",
        "Sinds de afspraak in het casusoverleg is er niets gebeurd en de termijn is ruim verstreken. Telefonisch en "
        "per mail geen reactie van de uitvoerende organisatie.",
    ),
    EscalationReason.NO_LEAD: (
        "Geen van de betrokken partners wil de rol van casushouder op zich nemen, terwijl de situatie verslechtert. "
        "Er is een besluit nodig wie de leiding neemt.",
        "Zorg en veiligheid wijzen naar elkaar: de hulpverlening wacht op justitie en andersom. Niemand pakt de regie "
        "op de uitvoering.",
    ),
    EscalationReason.NO_AGREEMENT: (
        "De partners zijn het niet eens over de aanpak: de ene partner wil een gedwongen kader, de andere wil eerst "
        "vrijwillige hulp proberen. Twee overleggen leverden geen besluit op.",
        "Over de volgorde van de interventies bestaat geen overeenstemming; het plan van aanpak kan niet worden "
        "vastgesteld.",
    ),
    EscalationReason.OTHER: (
        "Er is geen passende woonplek te vinden en alle reguliere routes zijn geprobeerd. Een besluit op bestuurlijk "
        "niveau is nodig om een uitzondering te maken.",
        "Informatie die nodig is voor het plan wordt niet gedeeld vanwege twijfel over de grondslag. Graag een "
        "besluit over de gegevensdeling in deze casus.",
    ),
}

RESOLUTIONS = {
    EscalationOutcome.AGREED: (
        "Overleg met de leidinggevenden van beide partners: de interventie start binnen twee weken; de "
        "procesregisseur bewaakt dit en meldt het als het niet gebeurt.",
        "Afgesproken dat de gemeente de casushouder wordt; de overige partners leveren hun bijdrage volgens het plan.",
    ),
    EscalationOutcome.ESCALATED_FURTHER: (
        "Op managementniveau niet op te lossen; voorgelegd aan het stuurgroepoverleg van het Zorg- en "
        "Veiligheidshuis.",
    ),
    EscalationOutcome.WITHDRAWN: (
        "Ingetrokken door de melder: de partner heeft de interventie inmiddels alsnog gestart.",
    ),
    EscalationOutcome.NOT_RESOLVED: (
        "Geen oplossing gevonden binnen de mogelijkheden van de partners; de procesregisseur zoekt met de tafel naar "
        "een alternatief.",
    ),
}

# (days ago, reason, raised by, at the demo regisseur's table) of the open escalations; "regisseur" is the demo
# procesregisseur (on a case they direct), an organisation code a demo partner (when the region has it).
OPEN = (
    (2, EscalationReason.NO_AGREEMENT, "reclassering-nederland", False),
    (6, EscalationReason.NO_LEAD, "politie-midden-nederland", True),
    (13, EscalationReason.INTERVENTION_NOT_DELIVERED, "regisseur", True),
    (29, EscalationReason.OTHER, "gemeente-utrecht", False),
    (47, EscalationReason.NO_LEAD, "regisseur", True),
)
# (days ago raised, days to resolve, reason, raised by, at the demo regisseur's table, outcome)
RESOLVED = (
    (41, 9, EscalationReason.INTERVENTION_NOT_DELIVERED, "regisseur", True, EscalationOutcome.AGREED),
    (66, 20, EscalationReason.NO_LEAD, "gemeente-utrecht", False, EscalationOutcome.AGREED),
    (95, 12, EscalationReason.NO_AGREEMENT, "politie-midden-nederland", False, EscalationOutcome.ESCALATED_FURTHER),
    (130, 4, EscalationReason.INTERVENTION_NOT_DELIVERED, "reclassering-nederland", True, EscalationOutcome.WITHDRAWN),
    (172, 30, EscalationReason.OTHER, "regisseur", True, EscalationOutcome.NOT_RESOLVED),
)


@dataclass
class Written:
    open: int = 0
    resolved: int = 0


def _demo_user(organisation: str | None, role: str) -> User | None:
    for demo in DEMO_USERS:
        if role in demo.roles and (organisation is None or demo.organisation == organisation):
            user = User.objects.filter(username=demo.username, is_active=True).first()
            if user is not None:
                return user
    return None


def _weekday(day: datetime.date) -> datetime.date:
    return day - DAY * max(0, day.weekday() - 4)


class _Raiser:
    """Picks a case for a demo login to escalate: one it may escalate, in regie since before the day, not escalated
    yet; the demo procesregisseur's own caseload; for a partner, when `mine`, a case the demo procesregisseur directs
    if there is one."""

    def __init__(self, rng: random.Random, regisseur: User | None):
        self._rng = rng
        self._regisseur = regisseur
        self._taken: set[int] = set()

    def case(self, user: User, raised_on: datetime.date, *, mine: bool,
             with_overdue: datetime.date | None = None) -> Case | None:
        cases = (
            cases_escalatable_by(user).filter(accepting_changes(), start_date__lt=raised_on)
            .exclude(pk__in=self._taken).order_by("pk")
        )
        if user == self._regisseur:
            cases = cases.filter(procesregisseur=user)
        else:
            cases = cases.filter(pk__in=Participation.objects.active(raised_on).filter(
                organisation=user.organisation).values("case"))
        if with_overdue is not None:
            cases = cases.filter(pk__in=CaseIntervention.objects.overdue(with_overdue).values("case"))
        preferred = cases.filter(procesregisseur=self._regisseur) if mine and self._regisseur else cases.none()
        candidates = list(preferred) or list(cases)
        if not candidates:
            return None
        case = self._rng.choice(candidates)
        self._taken.add(case.pk)
        return case


def write_escalations(*, today: datetime.date, seed: int) -> Written:
    written = Written()
    if Escalation.objects.exists():
        return written
    rng = random.Random(f"{seed}:demo-escalations")
    regisseur = _demo_user(None, Role.PROCESREGISSEUR)
    manager = _demo_user(None, Role.MANAGER)
    raiser = _Raiser(rng, regisseur)
    with transaction.atomic():
        for days, reason, by, mine in OPEN:
            if _raise(rng, raiser, regisseur, today, days, reason, by, mine) is not None:
                written.open += 1
        for days, resolve_days, reason, by, mine, outcome in RESOLVED:
            escalation = _raise(rng, raiser, regisseur, today, days, reason, by, mine)
            if escalation is None or manager is None:
                continue
            escalation_resolve(
                actor=manager, escalation=escalation, outcome=outcome, resolution=rng.choice(RESOLUTIONS[outcome]),
                resolved_on=min(today, _weekday(escalation.raised_on + DAY * resolve_days)),
            )
            written.resolved += 1
    return written


def _raise(rng, raiser: _Raiser, regisseur, today, days, reason, by, mine) -> Escalation | None:
    user = regisseur if by == "regisseur" else _demo_user(by, Role.KETENPARTNER)
    if user is None:
        return None
    raised_on = _weekday(today - DAY * days)
    overdue = reason == EscalationReason.INTERVENTION_NOT_DELIVERED
    case = raiser.case(user, raised_on, mine=mine, with_overdue=raised_on if overdue else None) or (
        raiser.case(user, raised_on, mine=mine) if overdue else None)
    if case is None:
        return None
    intervention = None
    if overdue:  # the overdue intervention of another organisation, or one it has not started yet
        others = CaseIntervention.objects.filter(case=case).exclude(organisation=user.organisation)
        intervention = (others.overdue(raised_on).order_by("due_date", "pk").first()
                        or others.filter(status__in=OPEN_INTERVENTION_STATUSES, agreed_on__lt=raised_on)
                        .order_by("agreed_on", "pk").first())
    concerns = None
    if reason == EscalationReason.NO_AGREEMENT:  # the partner it disagrees with
        others = [o for o in organisations_concerned(case) if o.pk != user.organisation_id and o.kind != "zvh"]
        concerns = min(others, key=lambda organisation: organisation.code, default=None)
    return escalation_raise(
        actor=user, case=case, reason=reason, explanation=rng.choice(EXPLANATIONS[reason]),
        concerns_organisation=concerns, concerns_intervention=intervention, raised_on=raised_on,
    )
