"""The demo region installed as the demo tests need it: reference data, a generated region (seed 11, the data up to
2025, continued to `as_of` when given), imported, and the demo logins (written to `directory`, the VAR_DIR)."""

import datetime
from pathlib import Path

from django.core.management import call_command


def install_demo_region(directory: Path, *, as_of: datetime.date | None = None) -> None:
    call_command("load_reference", verbosity=0)
    present = ["--as-of", as_of.isoformat()] if as_of else []
    call_command("demo_data", "--seed", "11", "--end-year", "2025", *present, "--out", str(directory / "dataset"),
                 verbosity=0)
    call_command("import", str(directory / "dataset"), verbosity=0)
    call_command("demo_users", verbosity=0)
