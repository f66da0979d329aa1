"""The signals of a generated dataset: `signals.csv` (interchange version 2), meldingen and adviesgesprekken.

Built on the casework a generator has just written (cases.csv), like the rest of `version2`, from its own random
streams, so every other file stays byte for byte what it was for a seed:

- per approach and year a number of signals in proportion to the approach's new registrations (Radicalisering
  lives on signals: some thirteen for every registration, as the 163 signals beside 10 new cases of Radicalisering
  Stad in 2024; Top X, OGG, Levensloop and MDA++ about one or less), or exactly the figures a calibration target
  asks for its year (`SignalFigures`, planned by `calibrate.signal_plan`);
- reported by the kinds of organisation that usually call about the approach (a gemeente: the subject's own);
  a share anonymous (no subject; adviesgesprekken far more often than meldingen), the others about a subject the
  house registered for the approach;
- a share of the year's registrations came from a signal (outcome `aanmelding`: a melding of the same partner
  about the same subject, at most two weeks before the registration, in the same year); the other signals ended
  in advice, a referral or no action, and meldingen of the last days of the data are partly still open (empty
  outcome, as the interchange reads it).
"""

import csv
import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .region import Approach, Region
from .writer import VERSION_2_COLUMNS, write_file

DAY = datetime.timedelta(days=1)
LEAD_DAYS = 14  # a signal that led to a registration came at most this long before it
OPEN_DAYS = 10  # meldingen of the last days of the data may still wait for a procesregisseur
OPEN_SHARE = 0.5
HISTORY_SHARE = 0.85  # calibrated data: the years before the target year had about this share of signals, each
HISTORY_YEARS = 2
OUTCOMES = {"advies": 55, "doorverwezen": 25, "geen_actie": 20}  # of the signals that did not lead to a registration
REF_PREFIX = "SIG"
DECEASED = "overleden"
SUBJECT_YEARS = 1  # a signal about a subject comes at most this many years before or after one of its registrations


@dataclass(frozen=True)
class SignalProfile:
    per_registration: float  # signals per new registration of the approach (not counting internal transfers)
    melding_share: float  # the rest are adviesgesprekken
    reporters: dict[str, float]  # organisation kinds that call or report, by weight
    from_signal: float  # share of the registrations of the year that came from a signal
    anonymous: float  # share of the adviesgesprekken without a subject; of the meldingen a third of it


_TOPX = SignalProfile(
    per_registration=0.8, melding_share=0.6, from_signal=0.3, anonymous=0.3,
    reporters={"politie": 40, "gemeente": 35, "reclassering": 10, "jeugdbescherming": 5, "zorg": 5, "ggz": 5},
)
_RADICALISATION = SignalProfile(
    per_registration=13, melding_share=0.35, from_signal=0.6, anonymous=0.5,
    reporters={"gemeente": 30, "politie": 25, "zorg": 10, "ggz": 10, "overig": 8, "jeugdbescherming": 5,
               "reclassering": 5, "om": 4, "zvh": 3},
)
SIGNAL_PROFILES: dict[str, SignalProfile] = {  # by approach code (the Utrecht reference data) or parent code
    "topx": _TOPX,
    "topx-ogg": SignalProfile(per_registration=1.0, melding_share=0.5, from_signal=0.3, anonymous=0.3,
                              reporters={"gemeente": 35, "politie": 30, "ggz": 25, "zorg": 10}),
    "levensloop": SignalProfile(per_registration=0.5, melding_share=0.4, from_signal=0.2, anonymous=0.3,
                                reporters={"gemeente": 40, "ggz": 25, "reclassering": 15, "wonen": 10, "zorg": 10}),
    "mda": SignalProfile(per_registration=1.2, melding_share=0.6, from_signal=0.3, anonymous=0.3,
                         reporters={"zorg": 35, "gemeente": 25, "politie": 15, "jeugdbescherming": 15, "rvdk": 10}),
    "radicalisering-stad": _RADICALISATION,
    "radicalisering-oost": _RADICALISATION,
    "radicalisering-west": _RADICALISATION,
}
_GENERIC = SignalProfile(per_registration=0.6, melding_share=0.5, from_signal=0.25, anonymous=0.3,
                         reporters={"gemeente": 40, "politie": 30, "zorg": 15, "ggz": 15})


def signal_profile(approach: Approach) -> SignalProfile:
    """The signals of an approach: its own profile, its parent's, or a generic one."""
    for code in (approach.code, approach.parent):
        if code in SIGNAL_PROFILES:
            return SIGNAL_PROFILES[code]
    return _GENERIC


def reporter_weights(profile: SignalProfile, kinds: set[str], allowed: set[str] | None = None) -> dict[str, float]:
    """The profile's reporter kinds that the region has (and `allowed` allows), by weight; every allowed kind of
    the region alike when the profile names none of them."""
    allowed = kinds if allowed is None else kinds & allowed
    weights = {kind: weight for kind, weight in profile.reporters.items() if kind in allowed}
    return weights or {kind: 1.0 for kind in sorted(allowed)}


@dataclass
class SignalFigures:
    """The exact figures of the own signals of one approach in the target year (what `calibrate` plans)."""

    count: int
    melding: int | None = None  # None: kinds as the profile has them; else the number of meldingen
    by_reporter_kind: dict[str, int] = field(default_factory=dict)  # exact for these kinds, the rest of others
    to_registration: int | None = None  # None: as many as the profile and the registrations of the year give


@dataclass(frozen=True)
class Registration:
    """A registration of cases.csv that a signal may have led to."""

    ref: str
    approach: str
    registered_on: datetime.date
    reported_by: str
    subject_ref: str
    municipality: str


def may_come_from_signal(registered_on: datetime.date, transfer: bool, year: int) -> bool:
    """Whether a registration can be the one a signal of `year` led to: registered in that year (a signal comes
    before its registration), and not an internal transfer (the house's own continuation of a case)."""
    return not transfer and registered_on.year == year


def read_registrations(directory: Path) -> tuple[list[Registration], dict[str, datetime.date]]:
    """The registrations of cases.csv that are not internal transfers, in file order, and the day each subject
    whose case ended with `overleden` died (no signal is about them afterwards)."""
    registrations, died = [], {}
    with (Path(directory) / "cases.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["end_reason"] == DECEASED:
                died[row["subject_ref"]] = datetime.date.fromisoformat(row["end_date"])
            if not row["transferred_from"]:
                registrations.append(Registration(
                    row["case_ref"], row["approach"], datetime.date.fromisoformat(row["registered_on"]),
                    row["reported_by"], row["subject_ref"], row["municipality"],
                ))
    return registrations, died


def write_signals(directory: Path, *, region: Region, last: datetime.date, seed: int,
                  figures: dict[str, SignalFigures] | None = None) -> int:
    """Write signals.csv into `directory` (whose cases.csv is written); return the number of signals.

    Without `figures` every approach gets signals in every year of its registrations; with them the year of
    `last` has exactly those figures per approach and the `HISTORY_YEARS` before it about `HISTORY_SHARE` as many.
    """
    registrations, died = read_registrations(directory)
    writer = _Signals(region, registrations, died, last, random.Random(f"{seed}:signals"))
    approaches = {approach.code: approach for approach in region.approaches}
    if figures is None:
        per_year = Counter((r.approach, r.registered_on.year) for r in registrations)
        for year in sorted({year for _, year in per_year}):
            for approach in region.approaches:
                profile = signal_profile(approach)
                mean = profile.per_registration * per_year[(approach.code, year)]
                count = max(0, round(writer.rng.gauss(mean, mean**0.5))) if mean else 0
                writer.year(approach, year, SignalFigures(count))
    else:
        for back in range(HISTORY_YEARS, 0, -1):
            for code, exact in figures.items():
                mean = exact.count * HISTORY_SHARE**back
                count = max(0, round(writer.rng.gauss(mean, (mean**0.5) / 2))) if mean else 0
                writer.year(approaches[code], last.year - back, SignalFigures(count))
        for code, exact in figures.items():
            writer.year(approaches[code], last.year, exact)
    rows = sorted(writer.rows, key=lambda row: (row[2], writer.order[row[1]], row[-1]))
    return write_file(Path(directory) / "signals.csv", VERSION_2_COLUMNS["signals.csv"], (
        (f"{REF_PREFIX}{number:06d}", *row[1:-1]) for number, row in enumerate(rows, start=1)
    ))


class _Signals:
    """Makes the signals of one approach and year at a time; `rows` holds them (with a sequence number last)."""

    def __init__(self, region: Region, registrations: list[Registration], died: dict[str, datetime.date],
                 last: datetime.date, rng: random.Random):
        self.region = region
        self.died = died
        self.last = last
        self.rng = rng
        self.rows: list[tuple] = []
        self.order = {approach.code: index for index, approach in enumerate(region.approaches)}
        self.kinds = {organisation.kind for organisation in region.organisations}
        self.kind_of = {organisation.code: organisation.kind for organisation in region.organisations}
        self.of_kind: dict[str, list[str]] = defaultdict(list)
        for organisation in region.organisations:
            self.of_kind[organisation.kind].append(organisation.code)
        self.by_approach: dict[str, list[Registration]] = defaultdict(list)
        for registration in registrations:
            self.by_approach[registration.approach].append(registration)
        # Whom a signal of an approach in a year can be about: the subjects the house registered for it around then.
        self.subjects: dict[tuple[str, int], dict[str, str]] = defaultdict(dict)  # subject ref → municipality
        for registration in registrations:
            for year in range(registration.registered_on.year - SUBJECT_YEARS,
                              registration.registered_on.year + SUBJECT_YEARS + 1):
                self.subjects[(registration.approach, year)].setdefault(registration.subject_ref,
                                                                        registration.municipality)

    def year(self, approach: Approach, year: int, exact: SignalFigures) -> None:
        first, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), self.last)
        count = exact.count
        if count == 0 or end < first:
            return
        rng, profile = self.rng, signal_profile(approach)
        linkable = [r for r in self.by_approach[approach.code] if may_come_from_signal(r.registered_on, False, year)
                    and r.registered_on <= end]
        if exact.to_registration is None:
            led = min(count, sum(rng.random() < profile.from_signal for _ in linkable))
        elif exact.to_registration > len(linkable):
            raise ValueError(f"internal error: {approach.code} has {len(linkable)} registrations in {year} for "
                             f"{exact.to_registration} signals that led to one")
        else:
            led = exact.to_registration
        chosen = sorted(rng.sample(linkable, led), key=lambda r: (r.registered_on, r.ref))
        kinds = self._kinds(profile, count, led, exact.melding)
        reporters = self._reporter_kinds(profile, count, exact.by_reporter_kind) if exact.by_reporter_kind else None
        for index in range(count):
            kind = kinds[index]
            if index < led:
                self._led_to(approach, chosen[index], kind, reporters, first)
            else:
                self._other(approach, profile, kind, reporters, first, end)

    def _kinds(self, profile: SignalProfile, count: int, led: int, melding: int | None) -> list[str]:
        """The kind of each signal: those that led to a registration first, mostly meldingen."""
        if melding is None:
            return [("melding" if self.rng.random() < (0.85 if index < led else profile.melding_share)
                     else "adviesgesprek") for index in range(count)]
        kinds = ["melding"] * melding + ["adviesgesprek"] * (count - melding)
        rest = kinds[led:]
        self.rng.shuffle(rest)
        return kinds[:led] + rest

    def _reporter_kinds(self, profile: SignalProfile, count: int, exact: dict[str, int]) -> list[str]:
        """A pool of reporter kinds: exactly `exact`, the rest of kinds `exact` does not list."""
        pool = [kind for kind, number in sorted(exact.items()) for _ in range(number)]
        free = count - len(pool)
        if free > 0:
            weights = reporter_weights(profile, self.kinds, self.kinds - set(exact))
            pool += self.rng.choices(list(weights), list(weights.values()), k=free)
        self.rng.shuffle(pool)
        return pool

    def _led_to(self, approach, registration: Registration, kind: str, reporters: list[str] | None,
                first: datetime.date) -> None:
        """A signal that led to `registration`: its partner, subject and place, shortly before it."""
        reporter = registration.reported_by
        if reporters is not None:
            wanted = self.kind_of.get(reporter)
            if wanted in reporters:
                reporters.remove(wanted)
            else:
                reporter = self._organisation(reporters.pop(), registration.municipality)
        day = registration.registered_on - DAY * self.rng.randint(0, LEAD_DAYS)
        self._add(max(day, first), approach.code, kind, reporter, registration.municipality,
                  registration.subject_ref, "aanmelding", registration.ref)

    def _other(self, approach, profile: SignalProfile, kind: str, reporters: list[str] | None,
               first: datetime.date, end: datetime.date) -> None:
        rng = self.rng
        day = _workday_between(rng, first, end)
        anonymous = profile.anonymous if kind == "adviesgesprek" else profile.anonymous / 3
        subject = self._subject(approach.code, day) if rng.random() >= anonymous else None
        if subject is not None:
            subject, municipality = subject
        else:
            subject = ""
            registrations = self.by_approach[approach.code]
            municipality = rng.choice(registrations).municipality if registrations and rng.random() < 0.6 else ""
        if reporters is not None:
            reporter_kind = reporters.pop()
        else:
            weights = reporter_weights(profile, self.kinds)
            reporter_kind = rng.choices(list(weights), list(weights.values()))[0]
        reporter = self._organisation(reporter_kind, municipality)
        if kind == "melding" and day > self.last - DAY * OPEN_DAYS and rng.random() < OPEN_SHARE:
            outcome = ""
        else:
            outcome = rng.choices(list(OUTCOMES), list(OUTCOMES.values()))[0]
        self._add(day, approach.code, kind, reporter, municipality, subject, outcome, "")

    def _subject(self, approach: str, day: datetime.date) -> tuple[str, str] | None:
        """A subject of the approach around `day` that was alive then (subject ref, municipality), or None."""
        subjects = self.subjects.get((approach, day.year))
        if not subjects:
            return None
        refs = list(subjects)
        for _ in range(4):
            ref = self.rng.choice(refs)
            if ref not in self.died or self.died[ref] >= day:
                return ref, subjects[ref]
        return None

    def _organisation(self, kind: str, municipality: str) -> str:
        if kind == "gemeente" and municipality:
            own = self.region.municipal_organisation(municipality)
            if own is not None:
                return own.code
        return self.rng.choice(self.of_kind[kind])

    def _add(self, day, approach, kind, reporter, municipality, subject, outcome, registration) -> None:
        self.rows.append(("", approach, day, kind, reporter, municipality, subject, outcome, registration,
                          len(self.rows)))


def _workday_between(rng: random.Random, first: datetime.date, end: datetime.date) -> datetime.date:
    """A day in [first, end], a workday when one comes up in a few draws."""
    span = (end - first).days
    day = first
    for _ in range(4):
        day = first + DAY * rng.randint(0, span)
        if day.weekday() < 5:
            break
    return day
