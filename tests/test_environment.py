"""The environment the tests run in: the one requirements.lock describes, and no process of a
test run left running after it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from .conftest import BACKGROUND_SHELL, TIMEOUT
from .lockfile import differences, locked


def test_installed_packages_equal_the_lock() -> None:
    assert differences() == [], "run `make test` (it installs requirements.lock exactly)"


def test_lock_reads_markers_for_this_interpreter(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "babel==2.19.0 \\\n    --hash=sha256:00\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n    --hash=sha256:11\n"
        "tomli==2.0.1 ; python_full_version < '3.11' \\\n"
        "    # via mypy\n"
        "weasyprint==70.0 \\\n"
    )
    assert locked(lock) == {"babel": "2.19.0", "weasyprint": "70.0"}


def _alive_in_group(group: int) -> list[int]:
    """Pids of the processes of a process group that are still running (not zombies: where
    pid 1 does not reap orphans, a dead process can stay in the table)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended while we looked
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _wait_until_gone(group: int) -> list[int]:
    """Waits (for the condition, up to TIMEOUT) until nothing of the group runs; what remains."""
    deadline = time.monotonic() + TIMEOUT
    while (left := _alive_in_group(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _background(tmp_path: Path, watch: int, *command: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["sh", "-c", BACKGROUND_SHELL, "sh", *command],
        env=os.environ
        | {
            "LOG": str(tmp_path / "build.log"),
            "RC": str(tmp_path / "rc"),
            "OUT": str(tmp_path / "out"),
            "WATCH": str(watch),
        },
        stdin=subprocess.DEVNULL,
        process_group=0,
    )


def test_a_background_build_is_stopped_once_its_test_run_is_gone(tmp_path: Path) -> None:
    """A pytest killed from outside never reaches its clean-up: the build it started beside the
    tests, with its whole process group, must not run on without it."""
    run = subprocess.Popen(["sleep", str(TIMEOUT)])  # stands for the controlling pytest
    build = _background(tmp_path, run.pid, "sleep", str(TIMEOUT))
    try:
        run.kill()
        run.wait()  # killed and reaped, as by the shell that started it
        assert build.wait(timeout=TIMEOUT) == -signal.SIGTERM
        assert _wait_until_gone(build.pid) == []
        assert not (tmp_path / "rc").exists()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)


def test_a_background_build_that_ends_says_how_and_leaves_nothing_running(tmp_path: Path) -> None:
    run = subprocess.Popen(["sleep", str(TIMEOUT)])  # the controlling pytest, still there
    (tmp_path / "out").mkdir()
    build = _background(tmp_path, run.pid, "sh", "-c", "echo built; exit 3")
    try:
        assert build.wait(timeout=TIMEOUT) == 0
        assert (tmp_path / "rc").read_text() == "3\n"
        assert (tmp_path / "out" / "build.log").read_text() == "built\n"
        assert _wait_until_gone(build.pid) == []  # the watchdog went with the build
        assert run.poll() is None
    finally:
        run.kill()
        run.wait()
