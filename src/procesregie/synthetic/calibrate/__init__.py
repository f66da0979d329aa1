"""Calibrated synthetic data: `procesregie demo-data --calibrate TARGET.json` (shared/spec/annual-report.md,
"Calibrated synthetic data"; an outcomes target, `"report": "outcomes"`, goes to `recidivism`).

A dataset in the interchange format whose annual report for the target's year reproduces every figure the
target gives. `target` reads and checks the target, `plan` turns it into exact figures per approach
(refusing what cannot be met, naming the figure), `signal_plan` the same for the signals of the year,
`build` makes the cases, their history and activity (`version2` writes the signals), and `verify` recomputes
the report from the written files as a last check.
"""

import datetime
import json
from pathlib import Path

from ..present import continue_to
from ..region import load_region
from ..version2 import add_version_2
from ..writer import DatasetWriter
from .build import CalibratedHouse
from .demo_recidivism import load_recidivism_targets
from .plan import make_plan
from .recidivism import calibrate_outcomes, is_outcomes_target
from .signal_plan import plan_signals
from .target import CalibrationError, load_target
from .verify import dataset_report, mismatches

__all__ = ["CalibrationError", "calibrate_dataset"]


def calibrate_dataset(
    target_path: Path, out_dir: Path, *, seed: int, year: int | None = None, region_dir: Path | None = None,
    as_of: datetime.date | None = None, recidivism: Path | None = None,
) -> dict[str, int]:
    """Write the calibrated dataset into `out_dir`; return the number of data rows per file.

    Raises `CalibrationError` (before writing anything) when the target cannot be met. The same target
    and seed always give byte-identical files. An outcomes target brings its own window and `as_of`.
    `recidivism`: a file of police-registration targets per approach and cohort year (`demo_recidivism`); the
    police registrations then run on to `as_of`.
    """
    outcomes = is_outcomes_target(target_path)
    if outcomes is not None:
        for name, value in (("--year", year), ("--as-of", as_of), ("--recidivism", recidivism)):
            if value is not None:
                raise CalibrationError(f"{name} cannot be combined with an outcomes target (it has from, to and as_of)")
        return calibrate_outcomes(outcomes, out_dir, seed=seed, region_dir=region_dir)
    target = load_target(target_path, year=year)
    plan = make_plan(target, load_region(region_dir))
    signals = plan_signals(target, plan)
    cells = load_recidivism_targets(recidivism, plan.region) if recidivism is not None else None
    with DatasetWriter(out_dir) as writer:
        writer.write_region(plan.region)
        CalibratedHouse(plan, seed=seed, writer=writer, signals=signals, recidivism=cells, police_until=as_of).run()
    last = datetime.date(target.year, 12, 31)
    counts = writer.counts | add_version_2(out_dir, region=plan.region, last=last, seed=seed, signals=signals)
    if as_of is not None:
        for name, count in continue_to(out_dir, region=plan.region, last=last, as_of=as_of, seed=seed).items():
            counts[name] = counts.get(name, 0) + count
    document = json.loads(Path(target_path).read_text(encoding="utf-8-sig"))
    document["year"] = target.year
    problems = mismatches(document, dataset_report(out_dir, target.year))
    if problems:  # a bug of the generator, not of the target
        raise CalibrationError(
            "internal error: the dataset does not reproduce the target: " + "; ".join(problems[:20])
        )
    return counts
