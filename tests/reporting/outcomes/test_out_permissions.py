"""`report outcomes --out FILE` over an existing file keeps that file's permissions (security review of issue 15).

The file is written beside the target and renamed into place (write_whole); the renamed file must not be more
readable than the one it replaces: an operator who keeps the exact, unsuppressed JSON in a file only they may read
(chmod 600) must not find it readable by everybody after the next run, as `Path.write_bytes` never did."""

import io
import os
import stat

import pytest
from django.core.management import call_command

WINDOW = ["--from", "2023-01-01", "--to", "2023-12-31", "--as-of", "2025-01-01"]


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_private_file_stays_private(tmp_path, umask_022, fmt):
    target = tmp_path / f"resultaten.{fmt}"
    target.write_text("vorige cijfers\n")
    target.chmod(0o600)
    call_command("report", "outcomes", *WINDOW, "--format", fmt, "--out", str(target), stdout=io.StringIO(),
                 stderr=io.StringIO())
    assert target.read_text() != "vorige cijfers\n"  # replaced
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.django_db
def test_a_new_file_follows_the_umask(tmp_path, umask_022):
    target = tmp_path / "nieuw.json"
    call_command("report", "outcomes", *WINDOW, "--out", str(target), stdout=io.StringIO(), stderr=io.StringIO())
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
