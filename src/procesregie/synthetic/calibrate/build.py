"""The calibrated house: builds the cases of a `Plan` (exact figures per unit) with history, subjects and
activity, and writes them. The calibrated counterpart of `synthetic.house.RandomHouse`: it reuses `People`,
`Partners`, the meetings, measurements, interventions and police building blocks and `DatasetWriter`.

For each unit the year's trajectories are *slots* of four classes (see `allocate`): the class fixes how
the trajectory counts in the flow; the slot then gets a place, a duration in whole months (for the ones
that end), an end reason, a reporter or an internal transfer, dates that realise all of that, and a
subject. Around them: the history before the year (closed trajectories, transfers, declined
registrations), declined and pending registrations of the year, and for every trajectory its discussions,
measurements, interventions and police registrations. Where a target fixes a count of those (discussions,
interventions, domain_progress), the natural activity is adjusted to it as little as possible.
"""

import datetime
import math
import random
from dataclasses import dataclass, field

from ..interventions import FALLBACK_PROVIDERS, PROVIDERS, InterventionPlanner
from ..measurements import measurements
from ..meetings import Tables, discussions
from ..partners import Partners
from ..people import People, Person, System
from ..police import declined_means, police_registrations
from ..profiles import SCALES
from ..signals_csv import SignalFigures, may_come_from_signal
from ..trajectories import CaseRecord, Period
from ..writer import DatasetWriter
from .allocate import Placer, place_unit
from .dates import DAY, end_after, end_window, exit_dates, random_day, start_window
from .demo_recidivism import Case, CellTarget, apply_recidivism_targets
from .plan import DELTAS, LONG_BUCKETS, MAX_SYSTEM_SIZE, NO_DELTA, Plan, Unit, bucket_probability, duration_buckets
from .target import END_REASONS, CalibrationError

TRANSFER_REASON = "overdracht_intern"
LINK_GAP_DAYS = 45  # a subject shared by two children comes back this long after the first trajectory at least
RETURN_SHARE = 0.07  # new registrations of a subject whose earlier case closed before the year
HISTORIC_TRANSFER_SHARE = 0.05  # trajectories in regie on 1 January that continue a case of another approach
SHARED_ADULT_SHARE = 0.05
BUCKET_MONTHS = {
    "lt_1y": (0, 12), "0_6m": (0, 6), "6_12m": (6, 12), "1_2y": (12, 24), "2_4y": (24, 48), "gt_4y": (48, None),
}
MAX_MONTHS = 108  # the longest trajectory generated (the gt_4y bucket is open-ended)
MAX_ELAPSED_DAYS = 8 * 365  # a trajectory in regie on 1 January started at most this long before


@dataclass(eq=False)
class Slot:
    """One registration of the dataset and, when accepted, its trajectory."""

    unit: Unit
    kind: str  # A, B, C, D: trajectories of the year (see allocate); H: closed before the year;
    #            S: closed before the year by an internal transfer; X: declined; P: pending
    seq: int
    municipality: str = ""
    bucket: str | None = None
    months: int | None = None
    reason: str = ""
    transfer: bool = False  # continues the case of another approach (`source`)
    reporter_rule: tuple = ()
    reporter: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    registered_on: datetime.date | None = None
    triage_on: datetime.date | None = None
    decision: str = "accepted"
    source: "Slot | None" = None
    returns_after: "Slot | None" = None  # the same subject's trajectory in a sibling approach that ended before
    must_discuss: bool = False  # discussed in the year (a subject shared by two children of a parent)
    subject: Person | System | None = None
    size: int | None = None  # persons in the system (system approaches)
    ref: str = ""
    record: CaseRecord | None = None
    discussions: list = field(default_factory=list)  # [meeting_ref, date, case_ref, client, expert]
    measurements: list = field(default_factory=list)  # [case_ref, date, kind, domain, level]
    interventions: list = field(default_factory=list)  # [case_ref, intervention, organisation, agreed_on, status]

    @property
    def in_year(self) -> bool:
        return self.kind in ("A", "B", "C", "D")

    @property
    def exits(self) -> bool:
        return self.kind in ("A", "C")



class CalibratedHouse:
    def __init__(self, plan: Plan, *, seed: int, writer: DatasetWriter, signals: dict[str, SignalFigures] | None = None,
                 recidivism: list[CellTarget] | None = None, police_until: datetime.date | None = None):
        self.plan = plan
        self.recidivism = recidivism or []  # exact police registrations per approach and cohort (demo_recidivism)
        self.signals = signals or {}  # the signals of the year per approach (`signal_plan`), written by `version2`
        self.region = plan.region
        self.year = plan.year
        self.first = datetime.date(plan.year, 1, 1)
        self.last = datetime.date(plan.year, 12, 31)
        self.police_until = max(police_until or self.last, self.last)  # the data goes on to as_of: so does the police
        self.writer = writer
        self.scale = SCALES["demo"]
        self.seed = seed
        self._rng = random.Random(f"{seed}:calibrate:slots")
        self._dates = random.Random(f"{seed}:calibrate:dates")
        self._subjects_rng = random.Random(f"{seed}:calibrate:subjects")
        self._adjust = random.Random(f"{seed}:calibrate:adjust")
        self.partners = Partners(self.region, random.Random(f"{seed}:partners"))
        self.placer = Placer(self.region, random.Random(f"{seed}:calibrate:places"))
        self.people = People(seed=seed, writer=writer)
        self.slots: list[Slot] = []
        self.kind_of = {o.code: o.kind for o in self.region.organisations}
        self.codes_of_kind: dict[str, list[str]] = {}
        for organisation in self.region.organisations:
            self.codes_of_kind.setdefault(organisation.kind, []).append(organisation.code)
        self.leaf_units = [u for u in plan.units if not u.is_parent]

    def _slot(self, unit: Unit, kind: str, **values) -> Slot:
        slot = Slot(unit=unit, kind=kind, seq=len(self.slots), **values)
        self.slots.append(slot)
        return slot

    # --- the run ---------------------------------------------------------------------------------------

    def run(self) -> None:
        for unit in self.plan.units:
            self._year_slots(unit)
        self._pair_transfers()
        for slot in [s for s in self.slots if s.in_year and s.start is None]:
            self._date(slot)
        for parent, count in self.plan.overlaps:
            self._share_subjects(parent, count)
        for unit in self.plan.units:
            self._history(unit)
            self._registrations(unit)
        for slot in list(self.slots):
            self._registration_dates(slot)
        for unit in self.plan.units:
            self._registrations_for_signals(unit)
        self._resolve_reporters()
        self._system_sizes()
        self._subjects()
        self._records()
        self._activity()
        for unit in self.plan.units:
            self._adjust_discussions(unit)
            self._adjust_interventions(unit)
            self._adjust_progress(unit)
        if self.recidivism:
            self.police = apply_recidivism_targets(
                self.recidivism, [self._case(slot) for slot in self.ordered], self.police, last_year=self.year,
                until=self.police_until, rng=random.Random(f"{self.seed}:calibrate:recidivism"),
            )
        self._write()

    # --- the year's trajectories -----------------------------------------------------------------------

    def _year_slots(self, unit: Unit) -> None:
        flow = unit.flow
        if not any(flow.values()):
            return
        rng = self._rng
        start, end = flow["start"], flow["end"]
        plus, minus = flow["inflow"] + flow["transfer_in"], flow["outflow"] + flow["transfer_out"]
        durations = unit.map("durations")
        buckets = duration_buckets(unit.approach.duration_scheme)
        listed = sum(durations.values())
        long = sum(number for bucket, number in durations.items() if bucket in LONG_BUCKETS)
        free_short = [b for b in buckets if b not in LONG_BUCKETS and b not in durations]
        x_low = max(0, start - end, long + (0 if free_short else minus - listed))
        x_high = min(start, minus)
        preferred = round(minus * start / (start + plus / 2)) if start + plus else 0
        x, placed = place_unit(
            self.placer, unit.code, flow, unit.map("location"), unit.profile.districts, x_low, x_high, preferred
        )
        slots = {cls: [self._slot(unit, cls, municipality=m) for m in placed[cls]] for cls in ("A", "B", "C", "D")}

        # Durations of the trajectories that end in the year: long ones started before it (class A).
        exits_a, exits_c = slots["A"], slots["C"]
        items = [bucket for bucket, number in durations.items() for _ in range(number)]
        long_items = [b for b in items if b in LONG_BUCKETS]
        short_items = [b for b in items if b not in LONG_BUCKETS]
        free = [None] * (minus - listed)
        rng.shuffle(exits_a)
        for slot, bucket in zip(exits_a, long_items, strict=False):
            slot.bucket = bucket
        open_a = exits_a[len(long_items):]
        rest = short_items + free
        rng.shuffle(rest)
        if not free_short:  # the C slots take the listed short buckets, the free ones are all long
            rest = short_items[:len(exits_c)]
            for slot, bucket in zip(exits_c, rest, strict=True):
                slot.bucket = bucket
            leftover = short_items[len(exits_c):] + free
            rng.shuffle(leftover)
            for slot, bucket in zip(open_a, leftover, strict=True):
                slot.bucket = bucket
        else:
            for slot, bucket in zip(exits_c + open_a, rest, strict=True):
                slot.bucket = bucket
        unlisted = [b for b in buckets if b not in durations]
        for slot in exits_a + exits_c:
            if slot.bucket is None:
                choices = unlisted if slot.kind == "A" else free_short
                weights = [bucket_probability(unit.profile, b) for b in choices]
                slot.bucket = rng.choices(choices, weights)[0]
            slot.months = self._months_in(slot.bucket, unit)

        # End reasons: the transfer_out ones end with overdracht_intern, the rest as the target lists.
        exits = exits_a + exits_c
        rng.shuffle(exits)
        for slot in exits[:flow["transfer_out"]]:
            slot.reason = TRANSFER_REASON
        reasons = unit.map("outflow_by_reason")
        items = [reason for reason, number in reasons.items() for _ in range(number)]
        free_reasons = [r for r in END_REASONS if r != TRANSFER_REASON and r not in reasons]
        weights = [unit.profile.end_reasons.get(r, 0) + 0.1 for r in free_reasons]
        plain = exits[flow["transfer_out"]:]
        items += [rng.choices(free_reasons, weights)[0] for _ in range(len(plain) - len(items))]
        rng.shuffle(items)
        for slot, reason in zip(plain, items, strict=True):
            slot.reason = reason

        # Entries: transfer_in ones continue a case of another approach, the rest were reported.
        entries = slots["C"] + slots["D"]
        rng.shuffle(entries)
        for slot in entries[:flow["transfer_in"]]:
            slot.transfer = True
        codes, kinds = unit.map("inflow_by_reporter"), unit.map("inflow_by_reporter_kind")
        rules: list[tuple] = [("code", code) for code, number in codes.items() for _ in range(number)]
        for kind, number in kinds.items():
            already = sum(n for code, n in codes.items() if self.kind_of[code] == kind)
            rules += [("kind", kind)] * (number - already)
        reported = entries[flow["transfer_in"]:]
        rules += [("free",)] * (len(reported) - len(rules))
        rng.shuffle(rules)
        for slot, rule in zip(reported, rules, strict=True):
            slot.reporter_rule = rule

    def _months_in(self, bucket: str, unit: Unit) -> int:
        low, high = BUCKET_MONTHS[bucket]
        high = MAX_MONTHS if high is None else high
        profile = unit.profile
        for _ in range(30):
            months = int(self._rng.lognormvariate(math.log(profile.median_months), profile.spread))
            if low <= months < high:
                return months
        return self._rng.randint(low, min(high - 1, low + 24))

    # --- internal transfers ----------------------------------------------------------------------------

    def _pair_transfers(self) -> None:
        """Each transfer_in continues a transfer_out of another approach on the day it closed, when one fits;
        otherwise a case that closed shortly before the year."""
        rng = self._rng
        sources = [s for s in self.slots if s.reason == TRANSFER_REASON and not s.transfer]
        rng.shuffle(sources)
        targets = [s for s in self.slots if s.transfer]
        rng.shuffle(targets)
        used: set[int] = set()
        for target in targets:
            window = start_window(target.months if target.kind == "C" else None, self.first, self.last)
            for source in sources:
                if id(source) in used or source.unit.code == target.unit.code:
                    continue
                if source.unit.approach.unit != target.unit.approach.unit:
                    continue
                if (source.unit.code, target.unit.code) in self.plan.no_transfer_pairs:
                    continue
                ends = end_window(source.kind == "A", source.months, self.first, self.last)
                low, high = max(window[0], ends[0]), min(window[1], ends[1])
                if low > high:
                    continue
                paired = self._pair(source, target, low, high)
                if paired:
                    used.add(id(source))
                    break
        for target in targets:
            if target.source is None:
                self._historic_source(target)

    def _pair(self, source: Slot, target: Slot, low: datetime.date, high: datetime.date) -> bool:
        for _ in range(8):
            day = random_day(self._dates, low, high)
            dates = exit_dates(self._dates, starts_before=source.kind == "A", months=source.months, first=self.first,
                               last=self.last, end_window=(day, day))
            if dates is None:
                continue
            end = None
            if target.kind == "C":
                end = end_after(self._dates, day, target.months, self.last)
                if end is None:
                    continue
            source.start, source.end = dates
            target.start, target.end, target.source = day, end, source
            return True
        return False

    def _historic_source(self, target: Slot) -> None:
        """A case of another approach that closed with an internal transfer shortly before the year."""
        unit = target.unit
        others = [u for u in self.leaf_units if u.code != unit.code and u.approach.unit == unit.approach.unit]
        if not others:
            raise CalibrationError(f"{unit.code}.flow.transfer_in ({unit.flow['transfer_in']}): there is no other "
                                   f"approach of unit {unit.approach.unit!r} to transfer from")
        preferred = [u for u in others if unit.code in u.profile.transfer_to] or others
        nearby = [u for u in preferred if self._covers(u, target.municipality)] or preferred
        origin = self._rng.choice(nearby)
        start = random_day(self._dates, self.first, min(self.last, self.first + DAY * 20))
        target.start = start
        if target.kind == "C":
            target.end = end_after(self._dates, start, target.months, self.last)
            if target.end is None:
                target.start = self.first
                target.end = end_after(self._dates, self.first, target.months, self.last)
        closed = self.first - DAY * self._dates.randint(1, 25)
        source = self._slot(origin, "S", municipality=self._source_place(origin, target.municipality),
                            reason=TRANSFER_REASON)
        source.end = closed
        source.start = closed - DAY * self._duration_days(origin)
        source.reporter_rule = ("free",)
        target.source = source

    def _covers(self, unit: Unit, municipality: str) -> bool:
        districts = unit.profile.districts
        return districts is None or self.placer.district(municipality) in districts

    def _source_place(self, origin: Unit, municipality: str) -> str:
        """Where the subject lived at the earlier case: here, unless the origin works elsewhere (they moved)."""
        if self._covers(origin, municipality):
            return municipality
        return self._place(origin, [])

    # --- dates -----------------------------------------------------------------------------------------

    def _duration_days(self, unit: Unit) -> int:
        profile = unit.profile
        days = self._dates.lognormvariate(math.log(profile.median_months * 30.44), profile.spread)
        return max(14, min(round(days), MAX_MONTHS * 30))

    def _date(self, slot: Slot) -> None:
        first, last, rng = self.first, self.last, self._dates
        if slot.exits:
            dates = exit_dates(rng, starts_before=slot.kind == "A", months=slot.months, first=first, last=last)
            if dates is None:  # cannot happen for the buckets used; a clear message if it does
                raise CalibrationError(f"{slot.unit.code}.durations: no dates for {slot.months} months")
            slot.start, slot.end = dates
        elif slot.kind == "B":
            elapsed = rng.uniform(0.05, 1.0) * self._duration_days(slot.unit) * 1.6
            slot.start = first - DAY * max(1, min(round(elapsed), MAX_ELAPSED_DAYS - rng.randint(0, 365)))
            if slot.start.weekday() >= 5:
                slot.start -= DAY * (slot.start.weekday() - 4)
        else:  # D
            slot.start = random_day(rng, first, last)
        if slot.kind == "B" or (slot.kind == "A" and not slot.transfer):
            self._maybe_historic_transfer(slot)

    def _maybe_historic_transfer(self, slot: Slot) -> None:
        """Now and then a trajectory in regie on 1 January continues a case of another approach."""
        if slot.kind not in ("A", "B") or self._rng.random() >= HISTORIC_TRANSFER_SHARE:
            return
        unit = slot.unit
        others = [u for u in self.leaf_units if u.code != unit.code and u.approach.unit == unit.approach.unit
                  and unit.code in u.profile.transfer_to and self._covers(u, slot.municipality)]
        if not others:
            return
        origin = self._rng.choice(others)
        source = self._slot(origin, "S", municipality=slot.municipality, reason=TRANSFER_REASON)
        source.end = slot.start
        source.start = slot.start - DAY * self._duration_days(origin)
        source.reporter_rule = ("free",)
        slot.transfer, slot.source = True, source

    def _share_subjects(self, parent: str, count: int) -> None:
        """`count` subjects whose trajectory in one child of `parent` ended in the year come back in another
        child later that year: the parent counts them once (its discussed subjects are distinct)."""
        node = self.plan.nodes[parent]

        def leaves(child) -> set[str]:
            return {child.code} if not child.children else {code for c in child.children for code in leaves(c)}

        branch = {code: index for index, child in enumerate(node.children) for code in leaves(child)}
        later = LINK_GAP_DAYS
        exits = sorted((s for s in self.slots if s.exits and s.unit.code in branch and s.source is None
                        and s.returns_after is None and s.reason not in (TRANSFER_REASON, "overleden")
                        and s.end <= self.last - DAY * (later + 5)), key=lambda s: (s.end, s.seq))
        entries = [s for s in self.slots if s.kind == "D" and s.unit.code in branch and not s.transfer
                   and s.returns_after is None]
        self._rng.shuffle(entries)
        taken: set[int] = set()
        for exit_ in exits:
            if count <= 0:
                break
            older = exit_.unit.profile.age_range[1]
            candidates = [e for e in entries if id(e) not in taken and branch[e.unit.code] != branch[exit_.unit.code]
                          and not any(x is e for x in exits)]
            candidates.sort(key=lambda e: e.unit.profile.age_range[1] < older)  # on to an older age group first
            if not candidates:
                break
            entry = candidates[0]
            taken.add(id(entry))
            entry.start = random_day(self._dates, exit_.end + DAY * later, self.last)
            entry.returns_after, entry.must_discuss, exit_.must_discuss = exit_, True, True
            count -= 1
        if count > 0:
            raise CalibrationError(f"{parent}.discussions.unique_subjects: {count} more subjects would have to be "
                                   "discussed in two of its children than its trajectories allow")

    # --- history and other registrations ---------------------------------------------------------------

    def _history(self, unit: Unit) -> None:
        """Trajectories that closed in the two years before: the house did not start this year."""
        flow = unit.flow
        if unit.is_parent and not any(flow.values()):
            return
        minus = flow["outflow"] + flow["transfer_out"]
        places = [s.municipality for s in self.slots if s.unit is unit and s.in_year]
        for years_back, share in ((1, 0.9), (2, 0.5)):
            count = round(max(minus, 1) * share)
            for _ in range(count):
                closed = random_day(self._dates, datetime.date(self.year - years_back, 1, 1),
                                    datetime.date(self.year - years_back, 12, 31))
                slot = self._slot(unit, "H", municipality=self._place(unit, places))
                slot.end = closed
                slot.start = closed - DAY * self._duration_days(unit)
                reasons = [r for r in END_REASONS if r != TRANSFER_REASON]
                slot.reason = self._rng.choices(reasons, [unit.profile.end_reasons.get(r, 0) + 0.1 for r in reasons])[0]
                slot.reporter_rule = ("free",)

    def _place(self, unit: Unit, places: list[str]) -> str:
        if places:
            return self._rng.choice(places)
        return self.placer.anywhere(unit.profile.districts)

    def _registrations(self, unit: Unit) -> None:
        """Declined registrations (the year's as the target says) and the year's pending ones."""
        flow = unit.flow
        if unit.is_parent and not any(flow.values()) and not unit.scalars.get("declined"):
            return
        rng = self._rng
        places = [s.municipality for s in self.slots if s.unit is unit and s.in_year]
        natural = round(flow["inflow"] * unit.profile.decline_rate / (1 - unit.profile.decline_rate))
        declined = unit.scalars.get("declined", natural)
        for year, count in ((self.year, declined), (self.year - 1, natural)):
            for _ in range(count):
                slot = self._slot(unit, "X", municipality=self._place(unit, places), decision="declined")
                slot.triage_on = random_day(self._dates, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
                slot.registered_on = slot.triage_on - DAY * (3 + min(round(self._dates.expovariate(1 / 16)), 60))
                slot.reporter_rule = ("free",)
        pending = round(flow["inflow"] / 12 * 0.6 + rng.random() * 0.8) if flow["inflow"] else 0
        for _ in range(pending):
            slot = self._slot(unit, "P", municipality=self._place(unit, places), decision="")
            slot.registered_on = random_day(self._dates, self.last - DAY * 24, self.last)
            slot.reporter_rule = ("free",)

    def _registration_dates(self, slot: Slot) -> None:
        if slot.kind in ("X", "P"):
            return
        if slot.transfer:
            slot.registered_on = slot.triage_on = slot.start
            return
        rng = self._dates
        start_delay = rng.randint(0, 7)
        slot.triage_on = slot.start - DAY * start_delay
        slot.registered_on = slot.triage_on - DAY * (3 + min(round(rng.expovariate(1 / 16)), 90))
        if slot.returns_after is not None:  # registered again after the earlier trajectory closed
            slot.registered_on = max(slot.registered_on, slot.returns_after.end + DAY)
            slot.triage_on = max(slot.triage_on, slot.registered_on)

    def _registrations_for_signals(self, unit: Unit) -> None:
        """The registrations in the year that the unit's signals led to (`to_registration`, signals_csv): where the
        year has too few, registrations of trajectories that started in the year and of registrations declined in
        it are dated in the year (no figure counts a registration date), then registrations waiting for triage
        are added at the end of the year."""
        figures = self.signals.get(unit.code)
        needed = figures.to_registration if figures is not None and figures.to_registration else 0
        if not needed:
            return
        slots = [s for s in self.slots if s.unit is unit]
        missing = needed - sum(may_come_from_signal(s.registered_on, s.source is not None, self.year) for s in slots)
        rng = random.Random(f"{self.seed}:calibrate:signals:{unit.code}")
        for slot in slots:
            if missing <= 0:
                return
            if slot.source is not None or slot.returns_after is not None or slot.registered_on >= self.first:
                continue
            latest = slot.start if slot.kind in ("A", "B", "C", "D") else slot.triage_on if slot.kind == "X" else None
            if latest is not None and latest >= self.first:
                slot.registered_on = random_day(rng, self.first, latest)
                slot.triage_on = max(slot.triage_on, slot.registered_on)
                missing -= 1
        places = [s.municipality for s in slots if s.in_year]
        for _ in range(missing):
            slot = self._slot(unit, "P", municipality=self._place(unit, places), decision="")
            slot.registered_on = random_day(rng, self.last - DAY * 45, self.last)
            slot.reporter_rule = ("free",)

    # --- reporters -------------------------------------------------------------------------------------

    def _resolve_reporters(self) -> None:
        for slot in self.slots:
            if slot.transfer:
                slot.reporter = self.partners.house
                continue
            unit = slot.unit
            codes, kinds = unit.map("inflow_by_reporter"), unit.map("inflow_by_reporter_kind")
            rule = slot.reporter_rule or ("free",)
            if rule[0] == "code":
                slot.reporter = rule[1]
            elif rule[0] == "kind":
                slot.reporter = self._of_kind(rule[1], slot.municipality, exclude=codes)
            elif slot.kind in ("C", "D"):  # counted: keep out of the listed codes and kinds
                slot.reporter = self._free_reporter(unit, slot.municipality, codes, kinds)
            else:
                slot.reporter = self.partners.reporter(unit.profile, slot.municipality)

    def _of_kind(self, kind: str, municipality: str, exclude: dict) -> str:
        if kind == "gemeente":
            own = self.region.municipal_organisation(municipality)
            if own is not None and own.code not in exclude:
                return own.code
        candidates = [code for code in self.codes_of_kind.get(kind, []) if code not in exclude]
        return self._rng.choice(candidates)

    def _free_reporter(self, unit: Unit, municipality: str, codes: dict, kinds: dict) -> str:
        """A reporter outside the listed codes and kinds: the usual ones of the approach when possible."""
        for _ in range(6):
            code = self.partners.reporter(unit.profile, municipality)
            if code not in codes and self.kind_of[code] not in kinds:
                return code
        allowed = [o for o in self.region.organisations if o.kind not in kinds and o.code not in codes]
        if not allowed:
            raise CalibrationError(f"{unit.code}.inflow_by_reporter: no organisation is left for the unlisted inflow")
        usual: dict[str, float] = {}
        for key, weight in unit.profile.reporters.items():
            kind = self.kind_of.get(key, key)
            usual[kind] = usual.get(kind, 0) + weight
        kinds_left = sorted({o.kind for o in allowed})
        kind = self._rng.choices(kinds_left, [usual.get(k, 0) + 1 for k in kinds_left])[0]
        if kind == "gemeente":
            own = self.region.municipal_organisation(municipality)
            if own is not None and own.code not in codes:
                return own.code
        return self._rng.choice([o.code for o in allowed if o.kind == kind])

    # --- subjects --------------------------------------------------------------------------------------

    def _root(self, slot: Slot) -> Slot:
        """The slot whose subject this one has (itself, or the start of its chain of transfers/returns)."""
        while slot.source is not None or slot.returns_after is not None:
            slot = slot.source or slot.returns_after
        return slot

    def _system_sizes(self) -> None:
        rng = self._subjects_rng
        for slot in self.slots:
            if slot.unit.approach.unit == "system" and slot.source is None and slot.returns_after is None:
                slot.size = rng.randint(2, 6)
        fixed: set[int] = set()
        for unit in self.plan.units:
            if unit.approach.unit != "system" or "persons_involved" not in unit.scalars:
                continue
            target = unit.scalars["persons_involved"]
            roots = list({id(r): r for r in (self._root(s) for s in self.slots if s.unit is unit and s.in_year)}.values())
            settled = [r for r in roots if id(r) in fixed]
            free = [r for r in roots if id(r) not in fixed]
            left = target - sum(r.size for r in settled)
            if not free:
                if left:
                    raise CalibrationError(f"{unit.code}.persons_involved ({target}) cannot be met: all its systems are "
                                           "shared with other approaches")
                continue
            if not len(free) <= left <= MAX_SYSTEM_SIZE * len(free):
                raise CalibrationError(f"{unit.code}.persons_involved ({target}): {left} persons for {len(free)} systems")
            sizes = [r.size for r in free]
            while sum(sizes) != left:  # one person more or less at a time, keeping households of 2-6 if possible
                step = 1 if sum(sizes) < left else -1
                usual = [i for i, size in enumerate(sizes) if 2 <= size + step <= 6]
                movable = usual or [i for i, size in enumerate(sizes) if 1 <= size + step <= MAX_SYSTEM_SIZE]
                sizes[rng.choice(movable)] += step
            for root, size in zip(free, sizes, strict=True):
                root.size = size
                fixed.add(id(root))

    def _subjects(self) -> None:
        """Persons and systems, created in the order of registration; a few subjects return."""
        rng = self._subjects_rng
        released: list[tuple[datetime.date, Person | System, str]] = []  # (available from, subject, unit kind)
        self._single_adults: list[Person] = []
        for slot in sorted(self.slots, key=lambda s: (s.registered_on, s.seq)):
            unit = slot.unit
            if slot.source is not None:
                slot.subject = slot.source.subject
            elif slot.returns_after is not None:
                slot.subject = slot.returns_after.subject
            else:
                slot.subject = None
                if slot.kind in ("C", "D", "X") and not unit.distinct_persons and rng.random() < RETURN_SHARE:
                    slot.subject = self._returning(released, slot)
                if slot.subject is None:
                    slot.subject = self._new_subject(slot)
            if slot.reason == "overleden":
                persons = [slot.subject] if isinstance(slot.subject, Person) else slot.subject.adults
                rng.choice(persons).died_on = slot.end
            if slot.kind in ("H", "X") and slot.reason != "overleden":
                available = (slot.end or slot.triage_on) + DAY * 30
                released.append((available, slot.subject, unit.approach.unit))

    def _returning(self, released: list, slot: Slot) -> Person | System | None:
        profile = slot.unit.profile
        for index, (available, subject, unit_kind) in enumerate(released):
            if available >= slot.registered_on or available >= self.first or unit_kind != slot.unit.approach.unit:
                continue
            if isinstance(subject, Person):
                if subject.died_on is not None:
                    continue
                if not profile.age_range[0] <= subject.age_on(slot.registered_on) <= profile.age_range[1]:
                    continue
            elif any(person.died_on for person, _ in subject.members):
                continue
            released.pop(index)
            return subject
        return None

    def _new_subject(self, slot: Slot) -> Person | System:
        rng, unit = self._subjects_rng, slot.unit
        profile = unit.profile
        on = slot.registered_on
        if unit.approach.unit == "system":
            return self._system(on, slot.municipality, profile.age_range, slot.size or rng.randint(2, 6),
                                shareable=slot.kind in ("H", "X", "P"))
        low, high = profile.age_range
        age = round(rng.triangular(low, high, low + (high - low) * 0.25))
        return self.people.person(age=age, on=on, municipality=slot.municipality, male=rng.random() < profile.male_share)

    def _system(self, on: datetime.date, municipality: str, adult_ages: tuple[int, int], size: int,
                shareable: bool) -> System:
        """A household of exactly `size` persons: one or two parents (`ouder`) and children (`kind`)."""
        rng = self._subjects_rng
        adult_count = 1 if size == 1 or rng.random() < 0.35 else 2
        adults: list[Person] = []
        if self._single_adults and rng.random() < SHARED_ADULT_SHARE:
            candidate = self._single_adults.pop(rng.randrange(len(self._single_adults)))
            if candidate.died_on is None:
                adults.append(candidate)
        shared = list(adults)
        first_male = adults[0].male if adults else rng.random() < 0.5
        while len(adults) < adult_count:
            male = first_male if not adults else (first_male if rng.random() < 0.05 else not first_male)
            adults.append(self.people.person(age=rng.randint(*adult_ages), on=on, municipality=municipality, male=male))
        youngest = min(adult.age_on(on) for adult in adults)
        children = [
            self.people.person(
                age=rng.randint(0, max(0, min(17, youngest - 18))), on=on, municipality=municipality,
                male=rng.random() < 0.5, family_name=rng.choice([adult.family_name for adult in adults]),
            )
            for _ in range(size - len(adults))
        ]
        system_number = getattr(self, "_system_count", 0) + 1
        self._system_count = system_number
        system = System(
            ref=f"S{system_number:05d}",
            name="Familie " + " / ".join(dict.fromkeys(adult.family_name for adult in adults)),
            municipality=municipality,
            members=[(adult, "ouder") for adult in adults] + [(child, "kind") for child in children],
        )
        self.writer.write("systems.csv", system.ref, system.name, system.municipality)
        for person, role in system.members:
            self.writer.write("system_members.csv", system.ref, person.ref, role)
        if shareable:  # only households outside the year's caseload lend a parent to a later one
            self._single_adults += [adult for adult in adults if adult not in shared]
        return system

    # --- case rows and activity ------------------------------------------------------------------------

    def _records(self) -> None:
        ordered = sorted(self.slots, key=lambda s: (s.registered_on, s.seq))
        for number, slot in enumerate(ordered, start=1):
            slot.ref = f"C{number:06d}"
        for slot in ordered:
            accepted = slot.decision == "accepted"
            slot.record = CaseRecord(
                ref=slot.ref, subject_ref=slot.subject.ref, approach=slot.unit.code, municipality=slot.municipality,
                reported_by=slot.reporter, registered_on=slot.registered_on,
                triage_decision=slot.decision, triage_on=slot.triage_on if slot.decision else None,
                start_date=slot.start if accepted else None, end_date=slot.end if accepted else None,
                end_reason=slot.reason if accepted and slot.end else "",
                transferred_from=slot.source.ref if slot.source is not None else "",
            )
        self.ordered = ordered

    def _activity(self) -> None:
        starts = [s.registered_on for s in self.slots] + [s.start for s in self.slots if s.start]
        first_year = min(starts).year
        self.period = Period(datetime.date(first_year, 1, 1), self.last)
        approaches = [unit.approach for unit in self.plan.units]
        self.tables = Tables(approaches, self.period, self.scale.meeting_cadence_days)
        meetings_rng = random.Random(f"{self.seed}:meetings")
        measurements_rng = random.Random(f"{self.seed}:measurements")
        police_rng = random.Random(f"{self.seed}:police")
        planner = InterventionPlanner(self.region, self.partners, random.Random(f"{self.seed}:interventions"))
        self.police: list[tuple] = []
        for slot in self.ordered:
            case, profile = slot.record, slot.unit.profile
            persons = [slot.subject] if isinstance(slot.subject, Person) else slot.subject.adults
            if case.start_date is None:
                if slot.decision == "declined":  # the comparison group: around the triage day
                    self._police(persons, case.triage_on, *declined_means(profile.police_before), police_rng)
                continue
            agenda = discussions(case, self.tables, self.scale, self.period, meetings_rng)
            slot.discussions = [list(d.row()) for d in agenda]
            slot.measurements = [list(m.row()) for m in measurements(
                case, self.region.domains, profile, self.scale, self.period, measurements_rng)]
            slot.interventions = [list(i.row()) for i in planner.plan(case, profile, self.period)]
            if slot.source is None:
                pivot = agenda[0].date if agenda else case.start_date
                self._police(persons, pivot, profile.police_before, profile.police_after, police_rng)

    def _police(self, persons, pivot, before, after, rng) -> None:
        period = Period(self.period.first, self.police_until)
        for person in persons:
            for registration in police_registrations(person, pivot, before=before, after=after, period=period,
                                                     rng=rng):
                self.police.append(registration.row())

    @staticmethod
    def _case(slot: Slot) -> Case:
        record = slot.record
        subject = slot.subject
        return Case(
            approach=slot.unit.code,
            persons=(subject,) if isinstance(subject, Person) else tuple(person for person, _ in subject.members),
            accepted=record.triage_decision == "accepted",
            declined_on=record.triage_on if record.triage_decision == "declined" else None,
            first_discussion=min((row[1] for row in slot.discussions), default=None),
            died_on=record.end_date if record.end_reason == "overleden" else None,
        )

    # --- adjusting activity to the target --------------------------------------------------------------

    def _window(self, slot: Slot) -> tuple[datetime.date, datetime.date]:
        return max(slot.start, self.first), min(slot.end or self.last, self.last)

    def _in_year(self, rows: list, column: int) -> list:
        return [row for row in rows if self.first <= row[column] <= self.last]

    def _free_day(self, slot: Slot, taken: set) -> datetime.date | None:
        low, high = self._window(slot)
        day = self.tables.next_meeting(slot.unit.code, low)
        meetings = []
        while day <= high:
            if day not in taken:
                meetings.append(day)
            day = self.tables.next_meeting(slot.unit.code, day + DAY)
        if meetings:
            return self._adjust.choice(meetings)
        free = [low + DAY * i for i in range((high - low).days + 1) if low + DAY * i not in taken]
        workdays = [d for d in free if d.weekday() < 5] or free
        return self._adjust.choice(workdays) if workdays else None

    def _add_discussion(self, slot: Slot) -> bool:
        taken = {row[1] for row in slot.discussions}
        day = self._free_day(slot, taken)
        if day is None:
            return False
        rng = self._adjust
        slot.discussions.append([Tables.meeting_ref(slot.unit.code, day), day, slot.ref, rng.random() < 0.3,
                                 rng.random() < 0.08])
        slot.discussions.sort(key=lambda row: row[1])
        return True

    def _adjust_discussions(self, unit: Unit) -> None:
        targets = {key.split(".", 1)[1]: value for key, value in unit.scalars.items() if key.startswith("discussions.")}
        if not targets:
            return
        rng = self._adjust
        cases = [s for s in self.ordered if s.unit is unit and s.in_year]
        label = f"{unit.code}.discussions"

        def rows(slot):
            return self._in_year(slot.discussions, 1)

        unique = targets.get("unique_subjects")
        for slot in cases:
            if slot.must_discuss and not rows(slot) and not self._add_discussion(slot):
                raise CalibrationError(f"{label}: no day to discuss {slot.ref} in the year")
        if unique is not None:
            discussed = [s for s in cases if rows(s)]
            quiet = [s for s in cases if not rows(s)]
            rng.shuffle(discussed)
            discussed.sort(key=lambda s: (s.must_discuss, len(rows(s))))
            if sum(s.must_discuss for s in discussed) > unique:
                raise CalibrationError(f"{label}.unique_subjects ({unique}): fewer than the subjects it shares")
            for slot in discussed[:max(0, len(discussed) - unique)]:
                slot.discussions = [row for row in slot.discussions if row not in rows(slot)]
            rng.shuffle(quiet)
            missing = unique - len(discussed)
            for slot in quiet:
                if missing <= 0:
                    break
                if self._add_discussion(slot):
                    missing -= 1
            if missing > 0:
                raise CalibrationError(f"{label}.unique_subjects ({unique}): not enough cases to discuss")
        count = targets.get("count")
        if count is not None:
            allowed = [s for s in cases if rows(s)] if unique is not None else cases
            total = sum(len(rows(s)) for s in cases)
            while total > count:
                candidates = [s for s in allowed if len(rows(s)) > (1 if unique is not None or s.must_discuss else 0)]
                if not candidates:
                    raise CalibrationError(f"{label}.count ({count}) < unique_subjects")
                most = max(len(rows(s)) for s in candidates)
                slot = rng.choice([s for s in candidates if len(rows(s)) == most])
                victim = rng.choice(rows(slot))
                slot.discussions.remove(victim)
                total -= 1
            stuck = 0
            while total < count:
                weights = [((self._window(s)[1] - self._window(s)[0]).days + 1) / (len(rows(s)) + 1) ** 2
                           for s in allowed]
                if not allowed or stuck > 50:
                    raise CalibrationError(f"{label}.count ({count}): more discussions than the cases' days allow")
                slot = rng.choices(allowed, weights)[0]
                if self._add_discussion(slot):
                    total += 1
                    stuck = 0
                else:
                    stuck += 1
        year_rows = [row for s in cases for row in rows(s)]
        for key, column in (("client_present", 3), ("expert_present", 4)):
            if key not in targets:
                continue
            wanted = targets[key]
            if wanted > len(year_rows):
                raise CalibrationError(f"{label}.{key} ({wanted}) > the {len(year_rows)} discussions of the year")
            yes = [row for row in year_rows if row[column]]
            no = [row for row in year_rows if not row[column]]
            rng.shuffle(yes)
            rng.shuffle(no)
            for row in yes[:max(0, len(yes) - wanted)]:
                row[column] = False
            for row in no[:max(0, wanted - len(yes))]:
                row[column] = True

    def _adjust_interventions(self, unit: Unit) -> None:
        wanted = unit.map("interventions")
        if not wanted:
            return
        rng = self._adjust
        cases = [s for s in self.ordered if s.unit is unit and s.in_year]
        for code, number in wanted.items():
            present = [(s, row) for s in cases for row in self._in_year(s.interventions, 3) if row[1] == code]
            rng.shuffle(present)
            for slot, row in present[:max(0, len(present) - number)]:
                slot.interventions.remove(row)
            missing = number - len(present)
            without = [s for s in cases if not any(row[1] == code for row in s.interventions)]
            rng.shuffle(without)
            pool = without + [s for s in cases if s not in without]
            for index in range(max(0, missing)):
                slot = pool[index % len(pool)]
                low, high = self._window(slot)
                agreed_on = random_day(rng, low, high)
                provider = rng.choice(PROVIDERS.get(code, FALLBACK_PROVIDERS))
                organisation = self.partners.of(provider, slot.municipality)
                if slot.end is not None:
                    status = "done" if rng.random() < 0.7 else "cancelled"
                else:
                    status = "agreed" if (self.last - agreed_on).days < 30 else "running"
                slot.interventions.append([slot.ref, code, organisation, agreed_on, status])
                slot.interventions.sort(key=lambda row: row[3])

    def _adjust_progress(self, unit: Unit) -> None:
        maps = {name.split(":", 1)[1]: values for name, values in unit.maps.items() if name.startswith("progress:")}
        if not maps:
            return
        rng = self._adjust
        exits = [s for s in self.ordered if s.unit is unit and s.exits]
        keys = (*DELTAS, NO_DELTA)
        for domain, exact in maps.items():
            natural = {id(s): self._progress_key(s, domain) for s in exits}
            quota = dict(exact)
            free_left = len(exits) - sum(exact.values())
            free_keys = [k for k in keys if k not in exact]
            chosen: dict[int, str] = {}
            order = list(exits)
            rng.shuffle(order)
            for slot in order:
                key = natural[id(slot)]
                if key in quota and quota[key] > 0:
                    quota[key] -= 1
                    chosen[id(slot)] = key
                elif key not in quota and free_left > 0:
                    free_left -= 1
                    chosen[id(slot)] = key
            for slot in order:
                if id(slot) in chosen:
                    continue
                wished = natural[id(slot)]
                needing = [k for k in quota if quota[k] > 0]
                if needing:
                    key = min(needing, key=lambda k: (_distance(k, wished), keys.index(k)))
                    quota[key] -= 1
                else:
                    key = min(free_keys, key=lambda k: (_distance(k, wished), keys.index(k)))
                    free_left -= 1
                chosen[id(slot)] = key
            for slot in exits:
                if chosen[id(slot)] != natural[id(slot)]:
                    self._set_progress(slot, domain, chosen[id(slot)])

    def _progress_key(self, slot: Slot, domain: str) -> str:
        nul = [row for row in slot.measurements if row[2] == "nulmeting" and row[3] == domain]
        eind = [row for row in slot.measurements if row[2] == "eindmeting" and row[3] == domain]
        if not nul or not eind:
            return NO_DELTA
        first = min(nul, key=lambda row: row[1])
        final = max(eind, key=lambda row: row[1])
        delta = final[4] - first[4]
        return f"+{delta}" if delta > 0 else str(delta)

    def _set_progress(self, slot: Slot, domain: str, key: str) -> None:
        rows = slot.measurements
        if key == NO_DELTA:
            slot.measurements = [row for row in rows if not (row[2] == "eindmeting" and row[3] == domain)]
            return
        delta = int(key)
        nul = [row for row in rows if row[2] == "nulmeting" and row[3] == domain]
        if nul:
            first = min(nul, key=lambda row: row[1])
        else:
            day = min([row[1] for row in rows if row[2] == "nulmeting"] or [min(slot.start + DAY * 7, slot.end)])
            first = [slot.ref, day, "nulmeting", domain, 3]
            rows.append(first)
        level = min(max(first[4], max(1, 1 - delta)), min(5, 5 - delta))
        first[4] = level
        eind = [row for row in rows if row[2] == "eindmeting" and row[3] == domain]
        if eind:
            final = max(eind, key=lambda row: row[1])
        else:
            final = [slot.ref, slot.end, "eindmeting", domain, 3]
            rows.append(final)
        final[4] = level + delta
        rows.sort(key=lambda row: (row[1], ("nulmeting", "tussenmeting", "eindmeting").index(row[2])))

    # --- writing ---------------------------------------------------------------------------------------

    def _write(self) -> None:
        write = self.writer.write
        for slot in self.ordered:
            write("cases.csv", *slot.record.row())
        for slot in self.ordered:
            for row in slot.discussions:
                write("discussions.csv", *row)
        for slot in self.ordered:
            for row in slot.measurements:
                write("measurements.csv", *row)
        for slot in self.ordered:
            for row in slot.interventions:
                write("case_interventions.csv", *row)
        for row in self.police:
            write("police_registrations.csv", *row)


def _distance(key: str, wished: str) -> int:
    if key == NO_DELTA or wished == NO_DELTA:
        return 0 if key == wished else 5
    return abs(int(key) - int(wished))
