"""The reference data of a region, read from its bundled CSV files (pure Python, no database)."""

import csv
from dataclasses import dataclass
from pathlib import Path

import procesregie.reference

REGIONS_DIR = Path(procesregie.reference.__file__).resolve().parent / "data"
DEFAULT_REGION = "utrecht"


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    district: str


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    kind: str
    wgs_participant: str


@dataclass(frozen=True)
class Approach:
    code: str
    name: str
    unit: str
    duration_scheme: str
    parent: str


@dataclass(frozen=True)
class CatalogueEntry:
    """A life domain or an intervention: a code and a name."""

    code: str
    name: str


@dataclass(frozen=True)
class Region:
    municipalities: list[Municipality]
    organisations: list[Organisation]
    approaches: list[Approach]
    domains: list[CatalogueEntry]
    interventions: list[CatalogueEntry]

    def leaf_approaches(self) -> list[Approach]:
        """Approaches without children: the ones that hold cases."""
        parents = {approach.parent for approach in self.approaches if approach.parent}
        return [approach for approach in self.approaches if approach.code not in parents]

    def approach(self, code: str) -> Approach:
        return next(approach for approach in self.approaches if approach.code == code)

    def municipality(self, code: str) -> Municipality:
        return next(municipality for municipality in self.municipalities if municipality.code == code)

    def organisations_of_kind(self, kind: str) -> list[Organisation]:
        return [organisation for organisation in self.organisations if organisation.kind == kind]

    def organisation_codes(self) -> set[str]:
        return {organisation.code for organisation in self.organisations}

    def municipal_organisation(self, municipality_code: str) -> Organisation | None:
        """The gemeente organisation of a municipality, matched on its name ("Gemeente Zeist" for Zeist)."""
        name = f"gemeente {self.municipality(municipality_code).name}".casefold()
        for organisation in self.organisations_of_kind("gemeente"):
            if organisation.name.casefold() == name:
                return organisation
        return None


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [{key.strip(): (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def load_region(directory: Path | None = None) -> Region:
    """Read municipalities, organisations, approaches, domains and interventions from a region directory."""
    directory = Path(directory) if directory else REGIONS_DIR / DEFAULT_REGION
    return Region(
        municipalities=[
            Municipality(row["code"], row["name"], row["district"]) for row in _read(directory / "municipalities.csv")
        ],
        organisations=[
            Organisation(row["code"], row["name"], row["kind"], row.get("wgs_participant") or "publiek")
            for row in _read(directory / "organisations.csv")
        ],
        approaches=[
            Approach(
                row["code"], row["name"], row["unit"], row.get("duration_scheme") or "years", row.get("parent") or ""
            )
            for row in _read(directory / "approaches.csv")
        ],
        domains=[CatalogueEntry(row["code"], row["name"]) for row in _read(directory / "domains.csv")],
        interventions=[CatalogueEntry(row["code"], row["name"]) for row in _read(directory / "interventions.csv")],
    )
