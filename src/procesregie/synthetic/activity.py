"""Everything that happens around a case once it is registered: discussions, measurements, interventions and
the police registrations of the persons involved. Writes straight to the dataset."""

import datetime
import random

from .interventions import InterventionPlanner
from .measurements import measurements
from .meetings import Tables, discussions
from .partners import Partners
from .people import Person
from .police import declined_means, police_registrations
from .profiles import ApproachProfile, Scale
from .region import Region
from .trajectories import CaseRecord, Period
from .writer import DatasetWriter


class CaseActivity:
    """Writes a case row and its activity; each kind of activity draws from its own random stream."""

    def __init__(
        self, *, region: Region, scale: Scale, period: Period, partners: Partners, seed: int, writer: DatasetWriter,
        police_until: datetime.date | None = None,
    ):
        self._region = region
        self._scale = scale
        self._period = period
        # Police registrations go on after the period when the data does (`--as-of`): a full year after a late
        # first discussion, as the outcomes report follows it.
        self._police_period = Period(period.first, max(period.last, police_until or period.last))
        self._writer = writer
        self._tables = Tables(region.leaf_approaches(), period, scale.meeting_cadence_days)
        self._meetings_rng = random.Random(f"{seed}:meetings")
        self._measurements_rng = random.Random(f"{seed}:measurements")
        self._police_rng = random.Random(f"{seed}:police")
        self._interventions = InterventionPlanner(region, partners, random.Random(f"{seed}:interventions"))

    def write(self, case: CaseRecord, profile: ApproachProfile, persons: list[Person], *, police: bool = True) -> None:
        """Write the case row and what followed it. `persons`: whose police registrations to write."""
        write = self._writer.write
        write("cases.csv", *case.row())
        if case.start_date is None:
            if police and case.triage_decision == "declined":  # the comparison group: around the triage day
                self._write_police(persons, case.triage_on, *declined_means(profile.police_before))
            return
        agenda = discussions(case, self._tables, self._scale, self._period, self._meetings_rng)
        for discussion in agenda:
            write("discussions.csv", *discussion.row())
        for measurement in measurements(
            case, self._region.domains, profile, self._scale, self._period, self._measurements_rng
        ):
            write("measurements.csv", *measurement.row())
        for intervention in self._interventions.plan(case, profile, self._period):
            write("case_interventions.csv", *intervention.row())
        if police:
            pivot = agenda[0].date if agenda else case.start_date
            self._write_police(persons, pivot, profile.police_before, profile.police_after)

    def _write_police(self, persons: list[Person], pivot, before: float, after: float) -> None:
        for person in persons:
            for registration in police_registrations(
                person, pivot, before=before, after=after, period=self._police_period, rng=self._police_rng
            ):
                self._writer.write("police_registrations.csv", *registration.row())
