"""Interventions agreed in the plan of a trajectory, each carried by a responsible partner."""

import datetime
import random
from dataclasses import dataclass

from .partners import Partners
from .profiles import ApproachProfile
from .region import Region
from .trajectories import DAY, CaseRecord, Period

# Who usually carries an intervention: organisation codes or kinds ("gemeente" = the subject's own).
PROVIDERS: dict[str, tuple[str, ...]] = {
    "reclasseringstoezicht": ("reclassering",),
    "isd-maatregel": ("dji-pi-nieuwegein", "om"),
    "beschermd-wonen": ("wonen",),
    "schuldhulpverlening": ("gemeente",),
    "jobcoaching": ("gemeente",),
    "fact": ("ggz",),
    "klinische-opname": ("ggz",),
    "ambulante-behandeling": ("ggz",),
    "verslavingszorg": ("jellinek-utrecht", "svg-verslavingsreclassering"),
    "dagbesteding": ("wonen", "ggz"),
    "woonbegeleiding": ("wonen",),
    "gebiedsverbod": ("gemeente", "om"),
    "huisverbod": ("gemeente",),
    "ondertoezichtstelling": ("jeugdbescherming",),
    "traumabehandeling": ("ggz",),
    "bewindvoering": ("gemeente",),
    "persoonsgerichte-aanpak": ("gemeente",),
    "vog-traject": ("reclassering",),
}
FALLBACK_PROVIDERS = ("gemeente", "zorg", "ggz")
FAVOURED_WEIGHT = 6
RECENT_DAYS = 30


@dataclass(frozen=True)
class CaseIntervention:
    case_ref: str
    intervention: str
    organisation: str
    agreed_on: datetime.date
    status: str

    def row(self) -> tuple:
        return self.case_ref, self.intervention, self.organisation, self.agreed_on, self.status


class InterventionPlanner:
    """Picks a trajectory's interventions from the catalogue, favouring the ones its approach uses."""

    def __init__(self, region: Region, partners: Partners, rng: random.Random):
        self._codes = [intervention.code for intervention in region.interventions]
        self._partners = partners
        self._rng = rng

    def plan(self, case: CaseRecord, profile: ApproachProfile, period: Period) -> list[CaseIntervention]:
        """A few interventions from the catalogue, agreed mostly in the first part of the trajectory."""
        last = case.last_day(period)
        if last is None or not self._codes:
            return []
        rng = self._rng
        weights = [FAVOURED_WEIGHT if code in profile.interventions else 1 for code in self._codes]
        count = min(rng.randint(*profile.interventions_per_case), len(self._codes))
        chosen: list[str] = []
        while len(chosen) < count:
            code = rng.choices(self._codes, weights)[0]
            if code not in chosen:
                chosen.append(code)
        span = (last - case.start_date).days
        result = []
        for code in chosen:
            agreed_on = case.start_date + DAY * round(span * rng.random() ** 2)
            provider = rng.choice(PROVIDERS.get(code, FALLBACK_PROVIDERS))
            result.append(CaseIntervention(
                case.ref, code, self._partners.of(provider, case.municipality), agreed_on,
                self._status(case, agreed_on, last),
            ))
        return sorted(result, key=lambda intervention: intervention.agreed_on)

    def _status(self, case: CaseRecord, agreed_on: datetime.date, last: datetime.date) -> str:
        draw = self._rng.random()
        if case.end_date is not None:
            return "done" if draw < 0.7 else "cancelled" if draw < 0.9 else "running"
        if (last - agreed_on).days < RECENT_DAYS:
            return "agreed"
        return "running" if draw < 0.6 else "done" if draw < 0.9 else "cancelled"
