"""Run folders (builder/base/scratch.py): a run's temporary files go, even when it was killed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from builder.base import scratch as scratch_module

from ..conftest import CONTROLLER, RUN_FOLDER, TEST_RUN_PREFIX


def test_run_folders_of_killed_runs_are_swept(tmp_path: Path) -> None:
    # 999999999 is above the kernel's largest process id, so no such process can exist.
    dead = tmp_path / f"{scratch_module.PREFIX}999999999-x"
    (dead / "weasyprint-abc").mkdir(parents=True)
    alive = tmp_path / f"{scratch_module.PREFIX}{os.getpid()}-y"
    alive.mkdir()
    scratch_module.sweep(tmp_path)
    assert not dead.exists() and alive.exists()


def test_a_test_run_killed_from_outside_leaves_a_folder_the_next_run_sweeps(tmp_path: Path) -> None:
    """A test run killed by SIGTERM or SIGKILL runs no cleanup and left its
    careprint-tests-* folder in the temporary folder for good. The folder is now named with
    its controlling pytest's pid, and each run sweeps the folders of runs that are gone
    (keeping its own, those of runs still going, and careprint's own run folders)."""
    here = Path(os.environ[RUN_FOLDER])
    assert here.name.startswith(f"{TEST_RUN_PREFIX}{os.environ[CONTROLLER]}-")
    # What the run's processes put in the temporary folder is inside it, so removed with it.
    assert Path(tempfile.gettempdir()).is_relative_to(here)
    assert os.environ["TMPDIR"] == str(here / "tmp")
    dead = tmp_path / f"{TEST_RUN_PREFIX}999999999-abcd1234"
    (dead / "shared").mkdir(parents=True)
    alive = tmp_path / f"{TEST_RUN_PREFIX}{os.environ[CONTROLLER]}-efgh5678"
    alive.mkdir()
    not_tests = tmp_path / f"{scratch_module.PREFIX}999999999-x"
    not_tests.mkdir()
    scratch_module.sweep(tmp_path, TEST_RUN_PREFIX)
    assert not dead.exists() and alive.exists() and not_tests.exists()
