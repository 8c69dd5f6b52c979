"""Fixtures: small throw-away projects in tmp_path, built from the real templates."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Every test builds "on" this day, so ages of helpline rows never depend on the clock.
BUILD_DAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    epoch = int(datetime.combine(BUILD_DAY, datetime.min.time(), UTC).timestamp())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))

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

    def write_pack(self, modules: list[str],
                   products: tuple[str, ...] | list[str] = ("handout", "card-sheet")) -> Path:
        path = self.pack / "pack.toml"
        path.write_text(PACK.format(modules=", ".join(f'"{m}"' for m in modules),
                                    products=", ".join(f'"{p}"' for p in products)))
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

    from builder.cli import app

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, list(args))
        return result.exit_code, result.output

    return run
