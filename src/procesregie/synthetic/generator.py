"""Entry point: write a complete synthetic dataset in the interchange format (version 2)."""

import datetime
from pathlib import Path

from .house import RandomHouse
from .present import continue_to
from .profiles import SCALES
from .region import load_region
from .trajectories import Period
from .version2 import add_version_2
from .writer import DatasetWriter

DEFAULT_SEED = 2024
DEFAULT_END_YEAR = 2025


def generate_dataset(
    out_dir: Path,
    *,
    seed: int = DEFAULT_SEED,
    scale: str = "demo",
    years: int | None = None,
    end_year: int = DEFAULT_END_YEAR,
    region_dir: Path | None = None,
    as_of: datetime.date | None = None,
) -> dict[str, int]:
    """Write all interchange files into `out_dir`; return the number of data rows per file.

    The same arguments always give byte-identical files: every random stream is seeded from `seed`
    and nothing depends on today's date. With `as_of` after the period, the open casework is continued up to
    that day (`present.continue_to`); the rows of the period stay as they were.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose from {', '.join(SCALES)}")
    profile = SCALES[scale]
    years = profile.years if years is None else years
    if years < 1:
        raise ValueError("years must be at least 1")
    region = load_region(region_dir)
    period = Period.of_years(end_year, years)
    with DatasetWriter(out_dir) as writer:
        writer.write_region(region)
        RandomHouse(region=region, scale=profile, period=period, seed=seed, writer=writer, police_until=as_of).run()
    counts = writer.counts | add_version_2(out_dir, region=region, last=period.last, seed=seed)
    if as_of is not None:
        for name, count in continue_to(out_dir, region=region, last=period.last, as_of=as_of, seed=seed).items():
            counts[name] = counts.get(name, 0) + count
    return counts
