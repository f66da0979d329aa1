"""The overlegtafels of the region (tables.csv): one per approach that holds cases (every approach without
children, and a parent that has cases of its own).

A table's ref is the code the importer gives an approach's default table (`overleg-<approach>`), so an
installation that imported a version 1 demo keeps its tables when it imports a version 2 one. An approach that
serves one district only (Top X Oost, Radicalisering West, ...) has a table of that district. The meetings of a
table are the ones `meetings.Tables` plans for its approach, so every case discussed at a meeting belongs to
the meeting's table.
"""

from dataclasses import dataclass

from .profiles import approach_profile
from .region import Region


@dataclass(frozen=True)
class TableRecord:
    ref: str
    name: str
    approach: str
    district: str = ""

    def row(self) -> tuple:
        return self.ref, self.name, self.approach, self.district


def table_ref(approach: str) -> str:
    return f"overleg-{approach}"[:64]


def region_tables(region: Region, with_cases: set[str]) -> list[TableRecord]:
    """A table for every approach without children or in `with_cases`, in the order of approaches.csv."""
    districts = {municipality.district for municipality in region.municipalities}
    leaves = {approach.code for approach in region.leaf_approaches()}
    tables = []
    for approach in region.approaches:
        if approach.code not in leaves and approach.code not in with_cases:
            continue
        served = approach_profile(approach).districts or ()
        district = served[0] if len(served) == 1 and served[0] in districts else ""
        tables.append(TableRecord(table_ref(approach.code), f"Casusoverleg {approach.name}", approach.code, district))
    return tables
