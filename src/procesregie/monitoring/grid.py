"""The measurements of a case arranged as a table: levels per life domain (rows) per measurement moment (columns)."""

from dataclasses import dataclass
from datetime import date

from procesregie.casework.models import Case
from procesregie.reference.models import LifeDomain

from .models import Measurement


@dataclass(frozen=True)
class MeasurementColumn:
    """One measurement moment: a date and the kind of measurement (nulmeting, tussenmeting, eindmeting)."""

    date: date
    kind: str
    kind_label: str


@dataclass
class MeasurementRow:
    domain: LifeDomain
    levels: list[int | None]


@dataclass
class MeasurementGrid:
    """Levels per life domain (rows) per measurement moment (columns), and the scale that explains the levels."""

    columns: list[MeasurementColumn]
    rows: list[MeasurementRow]
    scale: list[tuple[int, str]]


def measurement_grid(case: Case) -> MeasurementGrid:
    """Arrange the prefetched measurements of a case. For one domain at one moment the later entry wins."""
    fields = Measurement._meta
    kind_labels = dict(fields.get_field("kind").flatchoices)
    measurements = list(case.measurements.all())  # ordered by date, then entry order
    columns = list(
        dict.fromkeys(MeasurementColumn(m.date, m.kind, kind_labels.get(m.kind, m.kind)) for m in measurements)
    )
    position = {(column.date, column.kind): index for index, column in enumerate(columns)}
    rows: dict[int, MeasurementRow] = {}
    for m in measurements:
        row = rows.setdefault(m.domain_id, MeasurementRow(domain=m.domain, levels=[None] * len(columns)))
        row.levels[position[(m.date, m.kind)]] = m.level
    ordered = sorted(rows.values(), key=lambda row: (row.domain.position, row.domain.code))
    return MeasurementGrid(columns=columns, rows=ordered, scale=list(fields.get_field("level").flatchoices))
