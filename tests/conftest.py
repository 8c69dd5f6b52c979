"""Fixtures: small throw-away projects in tmp_path, built from the real templates.

The whole run (every xdist worker, and every careprint process a test starts) shares one cache
folder made for it, so no test reads or writes the developer's own ~/.cache/careprint, and the
fonts are cut once per run, before the tests start. Artefacts that several tests read are built
once per run (the demo, the card sheets of every country, the help-page handouts, ...), each by
a build of their own beside the tests, which wait for their own document only
(`BackgroundBuild`). Tests that lay out the same document in their process run back to back
(`lays_out`), so it is laid out once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from builder.base.errors import ProblemList
from builder.base.scratch import sweep
from builder.model.project import Project, load_project
from builder.validate.check import check_content

REPO = Path(__file__).resolve().parent.parent
# Every test builds "on" this day, so ages of helpline rows never depend on the clock. Tests of
# the shipped helpline data build on the day it was last compared instead (data_day(): a few
# rows were compared on 2026-12-01, which this day would call a date in the future).
BUILD_DAY = date(2026, 11, 30)
BUILD_EPOCH = str(int(datetime.combine(BUILD_DAY, datetime.min.time(), UTC).timestamp()))
# The longest any process a test starts may run; past it the test fails (a hung build), never
# the suite. Generous: it guards against hangs, it does not measure speed.
TIMEOUT = 300
# Set by the first (controlling) process for the whole run; workers inherit it.
RUN_FOLDER = "CAREPRINT_TEST_RUN"
# The controlling process's pid, set beside RUN_FOLDER: background builds stop once it is gone.
CONTROLLER = "CAREPRINT_TEST_CONTROLLER"
# The run folder's name: this prefix, the controller's pid, "-" and mkdtemp's random part.
TEST_RUN_PREFIX = "careprint-tests-"


def _cut_fonts() -> None:
    from builder.typeset.fontinstances import WEIGHTS, static_instance
    from builder.typeset.fonts import _package_font

    variables = [
        _package_font(family)
        for family in ("Noto Sans", "Noto Sans Arabic", "Noto Sans Devanagari")
    ]
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        list(
            pool.map(
                static_instance, *zip(*[(v, w) for v in variables for w in WEIGHTS], strict=True)
            )
        )


def _set_tmpdir(value: str | None) -> None:
    """Point TMPDIR (and so `tempfile`, and every process started from here) at value, or
    unset it (None)."""
    if value is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = value
    tempfile.tempdir = None  # read TMPDIR again


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "reads_background(build): the test reads files a BackgroundBuild writes"
    )
    config.addinivalue_line(
        "markers", "lays_out(key): what the test lays out in-process (country, locale, product)"
    )
    if RUN_FOLDER in os.environ:
        return  # an xdist worker: the controller has set everything up
    # Named with this process's id, so that a later run can tell the folder of a run killed
    # from outside (SIGTERM or SIGKILL: no cleanup runs) from one still going, and remove it.
    base = Path(tempfile.gettempdir())
    sweep(base, TEST_RUN_PREFIX)
    run = Path(tempfile.mkdtemp(prefix=f"{TEST_RUN_PREFIX}{os.getpid()}-", dir=base))
    os.environ[RUN_FOLDER] = str(run)
    os.environ[CONTROLLER] = str(os.getpid())
    os.environ["XDG_CACHE_HOME"] = str(run / "cache")
    (run / "shared").mkdir()
    # What the run's processes leave in the temporary folder goes into the run's folder too:
    # each run of the suite left a few folders in /tmp for good (WeasyPrint's fonts of a
    # pytest worker, multiprocessing's sockets, the profiles of a chromium a preview test
    # stopped) and fontconfig files. pytest's own tmp_path stays where it was, so the last
    # runs' test folders are still there to look at afterwards.
    os.environ.setdefault("PYTEST_DEBUG_TEMPROOT", str(base))
    (run / "tmp").mkdir()
    previous = os.environ.get("TMPDIR")
    _set_tmpdir(str(run / "tmp"))
    config.add_cleanup(lambda: _set_tmpdir(previous))
    config.add_cleanup(lambda: shutil.rmtree(run, ignore_errors=True))
    config.add_cleanup(lambda: _stop_background_builds(run / "shared"))
    _cut_fonts()  # both cores, once, before any worker needs them
    # Every locale read and checked once into the run's cache, and every module's reading
    # level graded into it (what each build's check_content asks for: 1.8 s of CPU in a process
    # that finds no grades), before the builds and workers that start next would each do both
    # cold at the same time.
    check_content(load_project(REPO, ProblemList()), ProblemList())


# The shell around a background build ("$@"). It writes the build's exit code once the build
# has ended, so a waiting test can tell "not yet" from "never", and keeps what the build printed
# in OUT/build.log for the tests that read the warnings. Beside the build, a watchdog checks
# every second that the run's controlling pytest ($WATCH) is still there; once it is gone
# without having stopped the build (killed from outside: pytest does not catch SIGTERM, and
# nothing catches SIGKILL), the watchdog stops the build's whole process group (the shell, the
# build, its workers and their forkserver), so no build outlives its test run.
BACKGROUND_SHELL = (
    '( while kill -0 "$WATCH" 2>/dev/null; do sleep 1; done; kill -TERM 0 ) & '
    '"$@" >"$LOG" 2>&1; echo $? >"$RC.part"; kill $! 2>/dev/null; '
    '[ -d "$OUT" ] && cp "$LOG" "$OUT/build.log"; mv "$RC.part" "$RC"'
)


@dataclass(frozen=True)
class BackgroundBuild:
    """`careprint build ARGS` of a big artefact (the card sheets of every country), run once per
    test run in a process of its own beside the tests, from the moment a test that reads it is
    collected; a test waits for its own document only (`file`), never for the whole build, and
    never holds a worker while the rest is built. The build writes each PDF atomically, so a
    file at its final path is whole."""

    name: str
    args: tuple[str, ...]

    def _path(self, suffix: str) -> Path:
        return Path(os.environ[RUN_FOLDER]) / "shared" / f"{self.name}{suffix}"

    def start(self) -> None:
        """Start the build unless some process of this run already has (its pid is kept)."""
        with self._path(".lock").open("wb") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self._path(".pid").exists():
                return
            careprint = str(Path(sys.executable).parent / "careprint")
            # Niced to the lowest priority: the tests beside it keep the cores and the build
            # takes what they leave (a test waiting for its document leaves it all). At nice 10
            # the seven builds' fourteen processes together still outweighed the two workers.
            command = [
                "nice",
                "-n",
                "19",
                careprint,
                "build",
                "--root",
                str(REPO),
                "--out",
                str(self._path("")),
            ]
            # A hung build fails the tests that wait for it (SHARED_BUILD_TIMEOUT) and is
            # stopped, with its whole process group, when the run ends (_stop_background_builds)
            # or when its controlling pytest is gone without ending it (BACKGROUND_SHELL).
            process = subprocess.Popen(
                ["sh", "-c", BACKGROUND_SHELL, "sh", *command, *self.args],
                env=os.environ
                | {
                    "SOURCE_DATE_EPOCH": BUILD_EPOCH,  # as in every test
                    "LOG": str(self._path(".log")),
                    "RC": str(self._path(".rc")),
                    "OUT": str(self._path("")),
                    "WATCH": os.environ[CONTROLLER],
                },
                stdin=subprocess.DEVNULL,
                # A process group of its own (stopped as one), but the test run's session:
                # where the kernel groups scheduling by session (autogroup, on by default on
                # Debian), a new session would be scheduled as a peer of the whole test run,
                # and nice would only rank the build against its own processes.
                process_group=0,
            )
            self._path(".pid").write_text(str(process.pid))
            _STARTED.append(process)  # kept, not collected (and warned about) while it runs

    def file(self, relative: str) -> Path:
        """OUT/relative once the build has written it; the test fails (with the build's
        output) if the build ends without it."""
        self.start()
        path = self._path("") / relative
        deadline = time.monotonic() + SHARED_BUILD_TIMEOUT
        while not path.is_file():
            if self._path(".rc").exists() and not path.is_file():
                log = self._path(".log").read_text(encoding="utf-8", errors="replace")
                pytest.fail(
                    f"{self.name}: the build ended (exit code "
                    f"{self._path('.rc').read_text().strip()}) without {relative}:\n{log}"
                )
            if time.monotonic() > deadline:
                pytest.fail(f"{self.name}: {relative} not built in {SHARED_BUILD_TIMEOUT} s")
            time.sleep(0.1)
        return path

    def finished(self) -> Path:
        """The output folder once the whole build has ended well (with build.log)."""
        self.start()
        deadline = time.monotonic() + SHARED_BUILD_TIMEOUT
        while not self._path(".rc").exists():
            if time.monotonic() > deadline:
                pytest.fail(f"{self.name}: not built in {SHARED_BUILD_TIMEOUT} s")
            time.sleep(0.1)
        code = self._path(".rc").read_text().strip()
        log = self._path(".log").read_text(encoding="utf-8", errors="replace")
        assert code == "0", f"{self.name}: the build failed (exit code {code}):\n{log}"
        return self._path("")


_STARTED: list[subprocess.Popen[bytes]] = []


def _stop_background_builds(shared: Path) -> None:
    """At the end of the run nothing reads them any more: a build still running (one that
    started for a few tests of a partial run) is stopped, its own process group."""
    for pid in shared.glob("*.pid"):
        if not pid.with_suffix(".rc").exists():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(pid.read_text()), signal.SIGTERM)


def data_day() -> date:
    """Judge the shipped data on the day it was last checked, not on the test machine's clock."""
    found = re.findall(
        r"^checked = (\d{4}-\d{2}-\d{2})",
        "\n".join(p.read_text() for p in (REPO / "packs/helplines").glob("*.toml")),
        re.M,
    )
    return max(date.fromisoformat(d) for d in found)


@pytest.fixture(scope="session")
def shipped_load() -> tuple[Project, ProblemList]:
    """The shipped project and the problems loading it found, once per worker."""
    problems = ProblemList()
    return load_project(REPO, problems), problems


@pytest.fixture(scope="session")
def shipped_project(shipped_load: tuple[Project, ProblemList]) -> Project:
    """The shipped project as load_project reads it, once per worker: loading reads and lints
    every locale's catalogs (2-3 s), and a dozen modules read it. Project is frozen and no test
    changes its contents; a test that needs another project makes one (dataclasses.replace)."""
    return shipped_load[0]


# The demo of `make demo`: every product of the pack for GB and US.
DEMO = BackgroundBuild(
    "demo",
    (
        "--pack",
        "partner-support",
        "--country",
        "GB,US",
        "--today",
        data_day().isoformat(),
        "--jobs",
        "2",
    ),
)


@pytest.fixture(scope="session")
def demo() -> Path:
    """The demo, built once a run beside the tests: the output folder, holding
    partner-support/, manifest.json and build.log, once the whole build has ended."""
    return DEMO.finished()


# Tests that read a BackgroundBuild (marked reads_background, or through a fixture named here)
# start it when they are collected and run last, when their documents are most likely
# written; they may wait for them, so they may take the build's time on top of their own
# before they count as hung.
BACKGROUND_FIXTURES = {"demo": DEMO}
SHARED_BUILD_TIMEOUT = 1800


def _layout_key(item: pytest.Item) -> Hashable | None:
    """What the test lays out in its process (tests/layout.py, lay_out_shared keeps the last
    layout): its lays_out marker holds the document's key, or a function of the test's
    parameters that gives it."""
    marker = item.get_closest_marker("lays_out")
    if marker is None:
        return None
    key = marker.args[0]
    if callable(key):
        callspec = getattr(item, "callspec", None)
        return key(**(callspec.params if callspec is not None else {}))  # type: ignore[no-any-return]
    return key  # type: ignore[no-any-return]


def _same_layout_together(items: list[pytest.Item]) -> list[pytest.Item]:
    """The tests that lay out one document run back to back, where the first of them stood,
    so the document is laid out once for all of them (in one worker: worksteal hands out
    runs of consecutive tests)."""
    keys = {id(item): _layout_key(item) for item in items}
    groups: dict[Hashable, list[pytest.Item]] = {}
    for item in items:
        if (key := keys[id(item)]) is not None:
            groups.setdefault(key, []).append(item)
    ordered: list[pytest.Item] = []
    for item in items:
        key = keys[id(item)]
        if key is None:
            ordered.append(item)
        elif key in groups:
            ordered += groups.pop(key)
    return ordered


def _background_builds(item: pytest.Item) -> list[BackgroundBuild]:
    builds = [marker.args[0] for marker in item.iter_markers("reads_background")]
    builds += [
        BACKGROUND_FIXTURES[name]
        for name in getattr(item, "fixturenames", ())
        if name in BACKGROUND_FIXTURES
    ]
    assert all(isinstance(build, BackgroundBuild) for build in builds), item.nodeid
    return builds


@pytest.hookimpl(trylast=True)  # after pytest's own grouping by parameter
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reading = set()
    for item in items:
        if builds := _background_builds(item):
            reading.add(id(item))
            item.add_marker(pytest.mark.timeout(SHARED_BUILD_TIMEOUT))
            for build in builds:
                if not config.option.collectonly:
                    build.start()
    items.sort(key=lambda item: id(item) in reading)
    items[:] = _same_layout_together(items)


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)


GB = """\
country = "GB"
timezone = "Europe/London"

[[services]]
id = "emergency"
kind = "emergency"
name = "Emergency services"
open_24_7 = true
cost = "free"
source_url = "https://example.org/gb-emergency"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "999"

[[services]]
id = "samaritans"
kind = "crisis"
name = "Samaritans"
open_24_7 = true
source_url = "https://example.org/samaritans"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "116 123"
"""

US = """\
country = "US"
timezone = "America/New_York"

[[services]]
id = "emergency"
kind = "emergency"
name = "Emergency services"
open_24_7 = true
source_url = "https://example.org/us-emergency"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "911"

[[services]]
id = "lifeline"
kind = "crisis"
name = "988 Suicide & Crisis Lifeline"
open_24_7 = true
source_url = "https://example.org/988"
checked = 2026-11-01

[[services.contacts]]
type = "phone"
value = "988"
"""

MODULE = """\
+++
id = "{id}"
title = "{title}"
action = "Sit with them for a while today."
key_points = ["Listen first.", "Help is there."]
{extra}+++

This is a short paragraph about {title}.

## A subheading

- One item
- Another item
"""

PACK = """\
id = "mini"
title = "A small test pack"
version = "1.2.3"
date = 2026-11-01
modules = [{modules}]
products = [{products}]
"""

CARD = """\
front_heading = "If you need to talk now"
emergency_label = "Emergency"
crisis_label = "Crisis line"
back_heading = "Remember"
reminders = ["Listen without judging.", "Be patient."]
contact_label = "Someone I can call"
clinic_label = "Clinic number"
"""


class MiniProject:
    """A project folder with one pack ("mini"), GB and US helplines and the real templates."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(REPO / "templates", root / "templates")
        (root / "locales").mkdir()
        for cfg in (REPO / "locales").glob("*.cfg"):
            shutil.copy(cfg, root / "locales" / cfg.name)
        self.helplines = root / "packs" / "helplines"
        self.helplines.mkdir(parents=True)
        shutil.copy(REPO / "packs" / "safe-messaging.toml", root / "packs")
        shutil.copy(REPO / "packs" / "retired-numbers.toml", root / "packs")
        shutil.copytree(REPO / "packs" / "safe-messaging", root / "packs" / "safe-messaging")
        self.pack = root / "packs" / "mini"
        (self.pack / "modules").mkdir(parents=True)
        self.write_helplines("GB", GB)
        self.write_helplines("US", US)
        self.write_module("first", "First things")
        self.write_module("help", "Where to find help", 'attach = "help-directory"\n')
        self.write_pack(["first", "help"])
        (self.pack / "card.toml").write_text(CARD)

    def write_helplines(self, country: str, text: str) -> Path:
        path = self.helplines / f"{country}.toml"
        path.write_text(textwrap.dedent(text))
        return path

    def write_module(self, module_id: str, title: str, extra: str = "") -> Path:
        path = self.pack / "modules" / f"{module_id}.md"
        path.write_text(MODULE.format(id=module_id, title=title, extra=extra))
        return path

    def write_module_text(self, module_id: str, text: str) -> Path:
        """A module written exactly as given (dedented), for tests that need exact lines."""
        path = self.pack / "modules" / f"{module_id}.md"
        path.write_text(textwrap.dedent(text))
        return path

    def write_pack(
        self, modules: list[str], products: tuple[str, ...] | list[str] = ("handout", "card-sheet")
    ) -> Path:
        path = self.pack / "pack.toml"
        path.write_text(
            PACK.format(
                modules=", ".join(f'"{m}"' for m in modules),
                products=", ".join(f'"{p}"' for p in products),
            )
        )
        return path

    def copy_pack(self, pack_id: str) -> Path:
        """A second pack (same content, another id): more documents for batch tests."""
        folder = self.root / "packs" / pack_id
        shutil.copytree(self.pack, folder)
        definition = folder / "pack.toml"
        definition.write_text(definition.read_text().replace('id = "mini"', f'id = "{pack_id}"'))
        return folder


@pytest.fixture
def mini(tmp_path: Path) -> MiniProject:
    return MiniProject(tmp_path / "project")


@pytest.fixture
def run_cli() -> Callable[..., tuple[int, str]]:
    """Run the careprint CLI in-process; return (exit code, stdout + stderr)."""
    from typer.testing import CliRunner

    from builder.cli.app import app

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, list(args))
        return result.exit_code, result.output

    return run
