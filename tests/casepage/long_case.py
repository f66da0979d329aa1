"""An eight-year case as a house really has them, for the case page's tests and its bench (bench/case_page.py).

Built on tests/personas.py's world (the case at table A, its procesregisseur): the case started eight years ago,
was discussed at its table about once a month, has had a dozen partners come and go, a plan with goals and
interventions agreed over the years (each by a decision of a meeting, with other decisions between), and
life-domain measurements every four months (recorded through `measurement_record`, with notes, so each keeps who
scored it).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from procesregie.casework.models import Case, Participation
from procesregie.meetings.models import AgendaItem, Decision, Discussion, Meeting
from procesregie.monitoring.models import MeasurementKind
from procesregie.monitoring.services import measurement_record
from procesregie.plans.models import CaseIntervention, Goal, GoalStatus, InterventionStatus
from procesregie.reference.models import Intervention, LifeDomain

from .. import factories as f

DOMAINS = ["Huisvesting", "Financiën", "Werk en opleiding", "Lichamelijke gezondheid", "Psychische gezondheid",
           "Middelengebruik", "Sociaal netwerk", "Justitie"]


@dataclass(frozen=True)
class Size:
    years: int = 8
    discussions_per_year: int = 11
    partners: int = 12  # organisations that took part; every third one left again
    goals: int = 10
    interventions_per_year: int = 5
    measurements_per_year: int = 3  # a nulmeting, then tussenmetingen every four months


LONG = Size()
SHORT = Size(years=1, discussions_per_year=1, partners=1, goals=1, interventions_per_year=1, measurements_per_year=1)


def _domains() -> list[LifeDomain]:
    existing = list(LifeDomain.objects.order_by("position", "code"))
    if len(existing) >= len(DOMAINS):
        return existing[: len(DOMAINS)]
    return [LifeDomain.objects.get_or_create(code=f"lang-{index}", defaults={"name": name, "position": 100 + index})[0]
            for index, name in enumerate(DOMAINS)]


def _interventions() -> list[Intervention]:
    existing = list(Intervention.objects.order_by("code")[:12])
    return existing or [f.InterventionFactory(name=name) for name in (
        "Schuldhulpverlening", "Ambulante woonbegeleiding", "Verslavingszorg", "Reclasseringstoezicht",
        "Gezinscoaching", "Dagbesteding")]


def grow(case: Case, regisseur, size: Size = LONG, *, today: datetime.date | None = None) -> Case:
    """Give `case` (in regie, its regisseur `regisseur`) `size.years` years of history up to `today`."""
    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=365 * size.years)
    registration = case.registration
    registration.registered_on, registration.triage_on = start - datetime.timedelta(days=12), start
    registration.save(update_fields=["registered_on", "triage_on"])
    case.start_date = start
    case.save(update_fields=["start_date"])
    days = (today - start).days

    def day(fraction: float) -> datetime.date:
        return start + datetime.timedelta(days=int(days * fraction))

    partners = [f.OrganisationFactory(name=f"Partner {index} (synthetisch)") for index in range(size.partners)]
    for index, partner in enumerate(partners):
        joined = timezone.make_aware(datetime.datetime.combine(day(index / (size.partners + 1)), datetime.time(10)))
        left = joined + datetime.timedelta(days=300) if index % 3 == 2 else None
        participation = Participation.objects.create(case=case, organisation=partner, removed_at=left)
        Participation.objects.filter(pk=participation.pk).update(added_at=joined)

    meetings = size.years * size.discussions_per_year
    for index in range(meetings):
        date = day((index + 0.5) / meetings)
        meeting = Meeting.objects.create(ref=f"OVL-{case.pk}-{index:04d}", table=case.table, date=date,
                                         location="Zorg- en Veiligheidshuis")
        AgendaItem.objects.create(meeting=meeting, case=case, position=1)
        Discussion.objects.create(meeting=meeting, case=case, date=date, client_present=index % 4 == 0,
                                  notes=f"Voortgang besproken ({index + 1}); afspraken bijgesteld.")

    domains, catalogue = _domains(), _interventions()
    goals = [Goal.objects.create(case=case, domain=domains[index % len(domains)], position=index,
                                 description=f"Doel {index + 1}: stabiel op {domains[index % len(domains)].name}",
                                 status=GoalStatus.OPEN if index >= size.goals // 2 else GoalStatus.ACHIEVED)
             for index in range(size.goals)]
    statuses = [InterventionStatus.DONE, InterventionStatus.DONE, InterventionStatus.CANCELLED,
                InterventionStatus.RUNNING, InterventionStatus.AGREED]
    interventions = size.years * size.interventions_per_year
    agreements = []
    for index in range(interventions):
        agreed = day((index + 0.3) / interventions)
        agreements.append(CaseIntervention.objects.create(
            case=case, intervention=catalogue[index % len(catalogue)], organisation=partners[index % len(partners)],
            goal=goals[index % len(goals)], agreed_on=agreed, due_date=agreed + datetime.timedelta(days=120),
            status=statuses[index % len(statuses)] if agreed < today - datetime.timedelta(days=200)
            else InterventionStatus.RUNNING,
        ))
    # The meetings' decisions: each intervention agreed at a meeting, and every third meeting a partner follows
    # something up without an intervention.
    items = list(AgendaItem.objects.filter(case=case).select_related("meeting").order_by("meeting__date"))
    for index, agreement in enumerate(agreements):
        Decision.objects.create(agenda_item=items[index * len(items) // len(agreements)], case_intervention=agreement,
                                text=f"{agreement.intervention} afgesproken.", owner=agreement.organisation,
                                due_date=agreement.due_date)
    for index, item in enumerate(items[::3]):
        Decision.objects.create(agenda_item=item, text=f"Partner neemt contact op ({index + 1}).",
                                owner=partners[index % len(partners)],
                                due_date=item.meeting.date + datetime.timedelta(days=14))

    moments = size.years * size.measurements_per_year
    for index in range(moments):
        measurement_record(
            actor=regisseur, case=case, date=day(index / moments),
            kind=MeasurementKind.NULMETING if index == 0 else MeasurementKind.TUSSENMETING,
            levels={domain: 1 + (index + position) % 5 for position, domain in enumerate(domains)},
            notes={domains[0]: f"Toelichting bij meting {index + 1}"},
        )
    return Case.objects.get(pk=case.pk)
