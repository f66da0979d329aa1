"""Who takes part in a trajectory (case_participants.csv) and who holds it (the `case_holder` of cases.csv).

The reporting organisation takes part in most trajectories from their start; one to four other partners join
them: first the organisations that carry an intervention of the plan, then the partners the approach usually
works with (its usual reporters, the subject's own municipality). Some of the others leave before the case
ends (`until`); a few agreed a term that runs past the dataset's last day. The house itself is never a
participant: its procesregisseur directs the case.
"""

import datetime
import random
from dataclasses import dataclass

from .partners import Partners
from .profiles import approach_profile
from .region import Region
from .trajectories import DAY
from .written import Trajectory

REPORTER_SHARE = 0.9  # trajectories the reporting organisation takes part in
OTHERS_SHARE = 0.9  # trajectories with other partners
OTHERS = (1, 4)
LEFT_SHARE = 0.15  # participations of other partners (not carrying an open intervention) that ended early
TERM_SHARE = 0.05  # participations in an open case that end on an agreed day after the dataset's last day
TERM_DAYS = (180, 1280)
CASE_HOLDER_SHARE = 0.85


@dataclass(frozen=True)
class Participation:
    case_ref: str
    organisation: str
    since: datetime.date
    until: datetime.date | None = None

    def row(self) -> tuple:
        return self.case_ref, self.organisation, self.since, self.until

    def active_on(self, day: datetime.date) -> bool:
        return self.since <= day and (self.until is None or self.until >= day)


class ParticipantPlanner:
    """Plans the participations of each trajectory and picks its case holder; one random stream for both."""

    def __init__(self, region: Region, rng: random.Random, last: datetime.date):
        self._region = region
        self._rng = rng
        self._last = last
        self._partners = Partners(region, rng)
        self._houses = {organisation.code for organisation in region.organisations_of_kind("zvh")}
        self._approaches = {approach.code: approach for approach in region.approaches}

    def plan(self, case: Trajectory) -> list[Participation]:
        rng = self._rng
        last_day = case.last_day(self._last)
        result = []
        taken = set(self._houses)
        if case.reported_by not in taken and rng.random() < REPORTER_SHARE:
            result.append(Participation(case.ref, case.reported_by, case.start_date))
        taken.add(case.reported_by)
        if rng.random() >= OTHERS_SHARE:
            return result
        wanted = rng.randint(*OTHERS)
        others = [code for code in case.carriers() if code not in taken][:max(wanted, 1)]
        taken.update(others)
        for code in self._usual_partners(case, tries=2 * wanted):
            if len(others) >= wanted:
                break
            if code not in taken:
                others.append(code)
                taken.add(code)
        span = (last_day - case.start_date).days
        first_agreed = {}
        for intervention in case.interventions:
            first_agreed.setdefault(intervention.organisation, intervention.agreed_on)
        keep = case.open_carriers()
        for code in others:
            since = case.start_date + DAY * round(span * 0.4 * rng.random() ** 2)
            since = min(since, first_agreed.get(code, since))
            until = None
            draw = rng.random()
            if code not in keep and draw < LEFT_SHARE and since < last_day:
                until = since + DAY * rng.randint(1, (last_day - since).days)
            elif case.is_open and draw > 1 - TERM_SHARE:
                until = self._last + DAY * rng.randint(*TERM_DAYS)
            result.append(Participation(case.ref, code, since, until))
        return result

    def _usual_partners(self, case: Trajectory, tries: int) -> list[str]:
        """Organisations the approach usually works with, for the subject's municipality."""
        profile = approach_profile(self._approaches[case.approach])
        keys = list(profile.reporters) + ["gemeente"]
        weights = list(profile.reporters.values()) + [sum(profile.reporters.values()) / 2]
        return [self._partners.of(self._rng.choices(keys, weights)[0], case.municipality) for _ in range(tries)]

    def case_holder(self, case: Trajectory, participations: list[Participation]) -> str:
        """A partner that takes part in the case on its last day (most cases have one), or none."""
        candidates = [p.organisation for p in participations if p.active_on(case.last_day(self._last))]
        if not candidates or self._rng.random() >= CASE_HOLDER_SHARE:
            return ""
        return self._rng.choice(candidates)
