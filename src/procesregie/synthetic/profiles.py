"""How each approach behaves in synthetic data, and the two dataset scales.

The shares, durations and reporters are loosely modelled on the published figures of ZVH Regio Utrecht.
Approaches that are not listed get a profile derived from their unit and duration scheme, so a region
with other approaches still produces a plausible dataset.
"""

from dataclasses import dataclass, field, replace

from .region import Approach

END_REASONS = (
    "positief", "negatief", "detentie_maatregel", "overdracht_intern", "overdracht_extern", "overleden", "overig",
)
TRANSFER_REASON = "overdracht_intern"

_USUAL_END_REASONS = {
    "positief": 50, "negatief": 13, "detentie_maatregel": 13, "overdracht_intern": 6,
    "overdracht_extern": 8, "overleden": 2, "overig": 8,
}


@dataclass(frozen=True)
class ApproachProfile:
    weight: float  # relative share of the registrations
    districts: tuple[str, ...] | None = None  # subjects live in these districts; None = the whole region
    age_range: tuple[int, int] = (18, 60)  # age at registration (person approaches; adults of a system)
    male_share: float = 0.8
    reporters: dict[str, float] = field(default_factory=lambda: {"gemeente": 50, "politie": 40, "reclassering": 10})
    median_months: float = 24  # median duration of a trajectory
    spread: float = 0.8  # sigma of the log-normal duration
    decline_rate: float = 0.1
    end_reasons: dict[str, float] = field(default_factory=lambda: dict(_USUAL_END_REASONS))
    transfer_to: tuple[str, ...] = ()  # approach codes an internal transfer may continue in
    interventions: tuple[str, ...] = ()  # catalogue codes this approach uses more than others
    interventions_per_case: tuple[int, int] = (1, 4)
    police_before: float = 4.0  # mean police registrations per person in the year before the first discussion
    police_after: float = 2.4  # ... and in the year after
    start_level: float = 2.3  # mean nulmeting level


_TOPX = ApproachProfile(
    weight=40, reporters={"gemeente": 50, "politie": 42, "reclassering": 5, "om-midden-nederland": 3},
    transfer_to=("topx-ogg", "levensloop"),
    interventions=("reclasseringstoezicht", "isd-maatregel", "schuldhulpverlening", "jobcoaching", "verslavingszorg",
                   "persoonsgerichte-aanpak", "gebiedsverbod", "vog-traject"),
    interventions_per_case=(2, 5), police_before=5.0, police_after=3.0, start_level=2.2,
)
_RADICALISATION = ApproachProfile(
    weight=10, age_range=(14, 60),
    reporters={"politie": 45, "gemeente": 35, "om-midden-nederland": 10, "reclassering": 10},
    median_months=30, spread=0.7, decline_rate=0.2,
    interventions=("persoonsgerichte-aanpak", "ambulante-behandeling", "jobcoaching", "reclasseringstoezicht"),
    interventions_per_case=(1, 3), police_before=1.0, police_after=0.6, start_level=2.8,
)

# Keyed by approach code (the Utrecht reference data).
APPROACH_PROFILES: dict[str, ApproachProfile] = {
    "topx-oost": replace(_TOPX, weight=50, districts=("Oost",)),
    "topx-west": replace(_TOPX, weight=18, districts=("West",),
                         reporters={"gemeente": 60, "politie": 20, "reclassering": 10, "rvdk": 10}),
    "topx-jeugd": replace(_TOPX, weight=22, districts=("Stad",), age_range=(12, 21),
                          reporters={"politie": 60, "gemeente": 20, "rvdk": 10, "jeugdbescherming": 10},
                          transfer_to=("topx-volwassenen",), interventions=("ondertoezichtstelling", "dagbesteding",
                          "jobcoaching", "ambulante-behandeling", "gebiedsverbod", "traumabehandeling")),
    "topx-volwassenen": replace(_TOPX, weight=22, districts=("Stad",), age_range=(18, 60),
                                reporters={"politie": 60, "gemeente": 30, "reclassering": 10},
                                transfer_to=("levensloop", "topx-ogg")),
    "topx-ogg": ApproachProfile(
        weight=45, age_range=(18, 80), male_share=0.7,
        reporters={"gemeente": 42, "politie": 45, "ggz": 8, "reclassering": 5},
        median_months=11, spread=0.6, decline_rate=0.15,
        end_reasons={**_USUAL_END_REASONS, "detentie_maatregel": 25, "negatief": 8},
        transfer_to=("topx-oost", "topx-west", "topx-volwassenen", "levensloop"),
        interventions=("fact", "klinische-opname", "beschermd-wonen", "woonbegeleiding", "ambulante-behandeling"),
        interventions_per_case=(1, 3), police_before=2.5, police_after=1.4, start_level=1.9,
    ),
    "levensloop": ApproachProfile(
        weight=14, age_range=(20, 65), male_share=0.9,
        reporters={"gemeente": 70, "zvh": 10, "reclassering": 10, "ggz": 10},
        median_months=96, spread=0.5, decline_rate=0.1,
        end_reasons={"positief": 10, "negatief": 10, "detentie_maatregel": 30, "overdracht_extern": 20,
                     "overleden": 20, "overig": 10},
        interventions=("fact", "beschermd-wonen", "klinische-opname", "bewindvoering", "reclasseringstoezicht"),
        interventions_per_case=(2, 5), police_before=3.0, police_after=2.0, start_level=1.8,
    ),
    "mda": ApproachProfile(
        weight=50, age_range=(20, 55), male_share=0.5,
        reporters={"veilig-thuis": 45, "politie": 20, "gemeente": 15, "jeugdbescherming": 10, "rvdk": 10},
        median_months=18, spread=0.6, decline_rate=0.1,
        interventions=("huisverbod", "ondertoezichtstelling", "traumabehandeling", "ambulante-behandeling",
                       "schuldhulpverlening"),
        interventions_per_case=(2, 4), police_before=1.5, police_after=0.8, start_level=2.4,
    ),
    "radicalisering-stad": replace(_RADICALISATION, weight=16, districts=("Stad",),
                                   transfer_to=("topx-volwassenen", "topx-jeugd")),
    "radicalisering-oost": replace(_RADICALISATION, weight=5, districts=("Oost",), transfer_to=("topx-oost",)),
    "radicalisering-west": replace(_RADICALISATION, weight=4, districts=("West",), transfer_to=("topx-west",)),
}

# Generic profiles for approaches the table above does not know.
_GENERIC_PERSON_YEARS = ApproachProfile(weight=10)
_GENERIC_PERSON_MONTHS = replace(APPROACH_PROFILES["topx-ogg"], weight=10, transfer_to=())
_GENERIC_SYSTEM = replace(APPROACH_PROFILES["mda"], weight=10)


def approach_profile(approach: Approach) -> ApproachProfile:
    """The profile of an approach: its own, its parent's, or a generic one by unit and duration scheme."""
    for code in (approach.code, approach.parent):
        if code in APPROACH_PROFILES:
            return APPROACH_PROFILES[code]
    if approach.unit == "system":
        return _GENERIC_SYSTEM
    return _GENERIC_PERSON_MONTHS if approach.duration_scheme == "months" else _GENERIC_PERSON_YEARS


# Approximate number of inhabitants (thousands) per CBS code, to place subjects where people live.
MUNICIPALITY_WEIGHTS = {
    "GM0344": 370, "GM0307": 160, "GM0345": 68, "GM0355": 66, "GM0356": 64, "GM1904": 65, "GM1961": 57,
    "GM0632": 52, "GM1581": 50, "GM0321": 50, "GM0342": 47, "GM0736": 45, "GM0310": 43, "GM0353": 34,
    "GM0327": 30, "GM0308": 25, "GM0352": 24, "GM0313": 22, "GM0340": 20, "GM0312": 15, "GM0331": 14,
    "GM0335": 14, "GM0351": 14, "GM0589": 10, "GM0317": 9.5, "GM0339": 5.7,
}
DEFAULT_MUNICIPALITY_WEIGHT = 20


@dataclass(frozen=True)
class Scale:
    """The size of a dataset and how intensively its cases are followed."""

    name: str
    years: int
    registrations_per_year: int
    duration_factor: float = 1.0  # multiplies every approach's median duration
    meeting_cadence_days: int = 14  # how often a table meets
    discussion_interval_days: int = 42  # a case comes back on the agenda about this often ...
    intensive_days: int | None = None  # ... during its first days; None = for its whole duration
    monitoring_interval_days: int = 120  # afterwards (scaled down, monitoring only)
    measured_domains: int | None = None  # domains measured per case; None = all
    tussenmeting_interval_days: int = 182


SCALES: dict[str, Scale] = {
    # One region over four years, a few hundred registrations a year.
    "demo": Scale(name="demo", years=4, registrations_per_year=250),
    # One large house over ten years: ~20,000 trajectories, ~100,000 discussions, ~250,000 measurements.
    "large": Scale(
        name="large", years=10, registrations_per_year=2_200, duration_factor=0.6, meeting_cadence_days=7,
        intensive_days=120, monitoring_interval_days=180, measured_domains=5, tussenmeting_interval_days=365,
    ),
}
