"""Fixtures: small throw-away projects in tmp_path, built from the real templates.

The whole run (every xdist worker, and every careprint process a test starts) shares one cache
folder made for it, so no test reads or writes the developer's own ~/.cache/careprint, and the
fonts are cut once per run, before the tests start. Artefacts that several test modules read
(the demo build, the card sheets of every country) are built once per run by whichever worker
asks first, while the others wait for it (`shared_artefact`). Tests that lay out the same
document in their process run back to back (`lays_out`), so it is laid out once.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Hashable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from builder.base.errors import ProblemList
from builder.model.project import Project, load_project

REPO = Path(__file__).resolve().parent.parent
# Every test builds "on" this day, so ages of helpline rows never depend on the clock.
BUILD_DAY = date(2026, 11, 30)  # the day the shipped helpline data was last compared
BUILD_EPOCH = str(int(datetime.combine(BUILD_DAY, datetime.min.time(), UTC).timestamp()))
# The longest any process a test starts may run; past it the test fails (a hung build), never
# the suite. Generous: it guards against hangs, it does not measure speed.
TIMEOUT = 300
# Set by the first (controlling) process for the whole run; workers inherit it.
RUN_FOLDER = "CAREPRINT_TEST_RUN"


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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "lays_out(key): what the test lays out in-process (country, locale, product)"
    )
    if RUN_FOLDER in os.environ:
        return  # an xdist worker: the controller has set everything up
    run = Path(tempfile.mkdtemp(prefix="careprint-tests-"))
    os.environ[RUN_FOLDER] = str(run)
    os.environ["XDG_CACHE_HOME"] = str(run / "cache")
    (run / "shared").mkdir()
    config.add_cleanup(lambda: shutil.rmtree(run, ignore_errors=True))
    _cut_fonts()  # both cores, once, before any worker needs them


def shared_artefact(name: str, make: Callable[[Path], None]) -> Path:
    """A folder made by make(folder) once per test run, whichever worker asks first."""
    shared = Path(os.environ[RUN_FOLDER]) / "shared"
    folder = shared / name
    with (shared / f"{name}.lock").open("wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / f"{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            previous = os.environ.get("SOURCE_DATE_EPOCH")
            os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH  # as in every test
            try:
                make(folder)
            finally:
                if previous is None:
                    os.environ.pop("SOURCE_DATE_EPOCH", None)
                else:
                    os.environ["SOURCE_DATE_EPOCH"] = previous
            (shared / f"{name}.done").touch()
    return folder


def build_in_process(out: Path, *args: str) -> None:
    """`careprint build --out OUT ARGS` through the real CLI, in this process (its pool runs the
    jobs); what it printed is kept in OUT/build.log for the tests that read the warnings."""
    from typer.testing import CliRunner

    from builder.cli.app import app

    result = CliRunner().invoke(app, ["build", "--root", str(REPO), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    (out / "build.log").write_text(result.output, encoding="utf-8")


def data_day() -> date:
    """Judge the shipped data on the day it was last checked, not on the test machine's clock."""
    found = re.findall(
        r"^checked = (\d{4}-\d{2}-\d{2})",
        "\n".join(p.read_text() for p in (REPO / "packs/helplines").glob("*.toml")),
        re.M,
    )
    return max(date.fromisoformat(d) for d in found)


@pytest.fixture(scope="session")
def shipped_project() -> Project:
    """The shipped project as load_project reads it, once per worker: loading reads and lints
    every locale's catalogs (2-3 s), and a dozen modules read it. Project is frozen and no test
    changes its contents; a test that needs another project makes one (dataclasses.replace)."""
    return load_project(REPO, ProblemList())


@pytest.fixture(scope="session")
def demo() -> Path:
    """The demo of `make demo` (every product of the pack for GB and US), built once a run:
    the output folder, holding partner-support/, manifest.json and build.log."""
    return shared_artefact(
        "demo",
        lambda out: build_in_process(
            out,
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
def every_card_sheet() -> Path:
    """The English card sheet of every country, built once a run through the worker pool."""
    return (
        shared_artefact(
            "card-sheets",
            lambda out: build_in_process(
                out,
                "--pack",
                "partner-support",
                "--country",
                ",".join(sorted(p.stem for p in (REPO / "packs/helplines").glob("*.toml"))),
                "--locale",
                "en",
                "--product",
                "card-sheet",
                "--today",
                data_day().isoformat(),
                "--jobs",
                "2",
            ),
        )
        / "partner-support"
    )


# Fixtures that build an artefact for the whole run: the test that asks first builds it (and
# a test on another worker waits for it), so these tests start first, while the others fill the
# cores, and may take the build's time on top of their own before they count as hung.
SHARED_BUILDS = {"demo", "every_card_sheet", "handouts"}
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


@pytest.hookimpl(trylast=True)  # after pytest's own grouping by parameter
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SHARED_BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.timeout(SHARED_BUILD_TIMEOUT))
    items.sort(key=lambda item: not SHARED_BUILDS & set(getattr(item, "fixturenames", ())))
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
