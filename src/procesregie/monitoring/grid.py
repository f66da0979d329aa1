"""The measurements of a case arranged as a table: levels per life domain (rows) per measurement moment (columns),
with who scored each moment and the notes that came with the levels."""

from dataclasses import dataclass, field
from datetime import date

from procesregie.casework.models import Case
from procesregie.reference.models import LifeDomain

from .models import Measurement


@dataclass
class MeasurementColumn:
    """One measurement moment: a date and the kind of measurement (nulmeting, tussenmeting, eindmeting), and who
    scored it (names, in entry order; empty when nobody was recorded, e.g. an imported measurement)."""

    date: date
    kind: str
    kind_label: str
    scored_by: list[str] = field(default_factory=list)

    @property
    def scorers(self) -> str:
        return ", ".join(self.scored_by)


@dataclass
class MeasurementRow:
    domain: LifeDomain
    levels: list[int | None]


@dataclass(frozen=True)
class MeasurementNote:
    """A note that came with one level."""

    column: MeasurementColumn
    domain: LifeDomain
    level: int
    text: str


@dataclass(frozen=True)
class MeasurementMoment:
    """One measurement moment with its levels in the order of the grid's rows (None: not measured)."""

    column: MeasurementColumn
    levels: list[int | None]


@dataclass
class MeasurementGrid:
    """Levels per life domain (rows) per measurement moment (columns), the scale that explains the levels, and the
    notes (newest first)."""

    columns: list[MeasurementColumn]
    rows: list[MeasurementRow]
    scale: list[tuple[int, str]]
    notes: list[MeasurementNote] = field(default_factory=list)

    def moments(self) -> list[MeasurementMoment]:
        """The same levels the other way round: one entry per moment, newest first (the case page's table, which
        an eight-year case with two dozen moments keeps readable as rows, not as columns)."""
        return [MeasurementMoment(column, [row.levels[index] for row in self.rows])
                for index, column in reversed(list(enumerate(self.columns)))]


def scorer_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def measurement_grid(case: Case) -> MeasurementGrid:
    """Arrange the prefetched measurements of a case. For one domain at one moment the later entry wins."""
    fields = Measurement._meta
    kind_labels = dict(fields.get_field("kind").flatchoices)
    measurements = list(case.measurements.all())  # ordered by date, then entry order
    columns: dict[tuple, MeasurementColumn] = {}
    for m in measurements:
        column = columns.get((m.date, m.kind))
        if column is None:
            column = columns[(m.date, m.kind)] = MeasurementColumn(m.date, m.kind, kind_labels.get(m.kind, m.kind))
        name = scorer_name(m.recorded_by)
        if name and name not in column.scored_by:
            column.scored_by.append(name)
    position = {key: index for index, key in enumerate(columns)}
    rows: dict[int, MeasurementRow] = {}
    notes: dict[tuple, MeasurementNote] = {}
    for m in measurements:
        row = rows.setdefault(m.domain_id, MeasurementRow(domain=m.domain, levels=[None] * len(columns)))
        row.levels[position[(m.date, m.kind)]] = m.level
        key = (m.date, m.kind, m.domain_id)
        if m.note:
            notes[key] = MeasurementNote(columns[(m.date, m.kind)], m.domain, m.level, m.note)
        else:
            notes.pop(key, None)  # a later entry without a note corrects the earlier one
    ordered = sorted(rows.values(), key=lambda row: (row.domain.position, row.domain.code))
    newest_first = sorted(notes.values(), key=lambda note: (position[(note.column.date, note.column.kind)],
                                                             -note.domain.position), reverse=True)
    return MeasurementGrid(columns=list(columns.values()), rows=ordered,
                           scale=list(fields.get_field("level").flatchoices), notes=newest_first)
