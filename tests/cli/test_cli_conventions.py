"""CLI conventions: readable --help everywhere, --shard usage errors, a first run that says
what it prepares, and --json that repeats an unchanged document's warnings."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from builder import pipeline
from builder.cli.app import app
from builder.cli.console import PlainLog
from builder.plan.request import BuildRequest
from builder.run import batch
from builder.run.batch import BatchOptions
from builder.run.events import Event, Planned, Preparing
from builder.typeset import fontinstances, fonts

from ..conftest import MiniProject

Run = Callable[..., tuple[int, str]]
# What click and typer print when an option or argument has no metavar of its own.
TYPE_NAME = re.compile(r"<(?:str|int|float|bool|path|Path|list\[[^>]*\]|[a-z_]+\[[^>]*\])>")


def commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, command in group.commands.items():
        if hasattr(command, "commands"):  # a group (typer vendors its own click)
            yield from commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


EVERY_COMMAND = list(commands(typer.main.get_command(app)))  # type: ignore[arg-type]


def test_every_command_is_listed() -> None:
    names = {" ".join(c) for c in EVERY_COMMAND}
    assert {"build", "check", "preview", "helplines diff", "i18n update", "manifest merge"} <= names


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: " ".join(c) or "careprint")
def test_help_fits_80_columns_without_type_names(
    command: tuple[str, ...], run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, output = run_cli(*command, "--help")
    assert code == 0, output
    assert not TYPE_NAME.findall(output), output
    assert max(len(line) for line in output.splitlines()) <= 80, output


@pytest.mark.parametrize(
    ("shard", "needle"),
    [("4/3", "4/3: K must be between 1 and N"), ("0/3", "K must be"), ("two", "is not K/N")],
)
def test_a_bad_shard_is_a_usage_error(
    mini: MiniProject, run_cli: Run, shard: str, needle: str
) -> None:
    out = mini.root / "out"
    code, output = run_cli("build", "--root", str(mini.root), "--out", str(out), "--shard", shard)
    assert code == 2, output
    assert needle in " ".join(output.replace("│", " ").split()), output
    assert not out.exists()


def test_the_first_run_says_what_it_prepares_once(
    mini: MiniProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    left = iter([6, 0])
    monkeypatch.setattr(batch, "instances_to_cut", lambda: next(left))
    request = BuildRequest(root=mini.root, out=mini.root / "out", products=["card-sheet"])
    for expected in ([Preparing], []):
        events: list[Event] = []
        pipeline.build(request, BatchOptions(jobs=1, catalogue=False), events.append)
        preparing = [type(e) for e in events if isinstance(e, Preparing)]
        assert preparing == expected
        assert isinstance(events[len(preparing)], Planned)  # said before the wait, not after
    log = io.StringIO()
    PlainLog(None, log)(Preparing("cutting 6 font instances into the cache", 30))
    assert log.getvalue() == (
        "First run on this machine: cutting 6 font instances into the cache; this takes "
        "about 30 s (longer on a busy machine), once.\n"
    )
    quiet = io.StringIO()
    PlainLog(None, quiet, quiet=True)(Preparing("cutting", 30))
    assert quiet.getvalue() == ""


def test_fonts_to_cut_are_counted_without_cutting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fonts.instances_to_cut() == 0  # the test run cut them at its start
    monkeypatch.setattr(fontinstances, "cache_root", lambda: tmp_path / "empty-cache")
    assert fonts.instances_to_cut() == 2 * len(fonts.PACKAGE_STACK)
    assert not (tmp_path / "empty-cache").exists()


def test_json_repeats_the_warnings_of_unchanged_documents(mini: MiniProject, run_cli: Run) -> None:
    path = mini.helplines / "GB.toml"  # no crisis line: the card says so, and so does a warning
    text = path.read_text().replace('kind = "crisis"', 'kind = "support"')
    path.write_text(
        text.replace(
            'timezone = "Europe/London"\n',
            'timezone = "Europe/London"\ncrisis_gap = "none found for this test"\n',
        )
    )
    args = ["--country", "GB", "--product", "card-sheet", "--jobs", "1"]
    out = str(mini.root / "out")
    runs = []
    for _ in range(2):
        code, output = run_cli("build", "--root", str(mini.root), "--out", out, *args, "--json")
        assert code == 0, output
        events = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
        runs.append(next(e for e in events if e["event"] == "document"))
    built, unchanged = runs
    assert (built["status"], unchanged["status"]) == ("built", "unchanged")
    assert [w["code"] for w in built["warnings"]] == ["CP6103"]
    # manifest.json keeps the line people read: code, file, line and text come back whole (the
    # fix stays inside the message there)
    keep = ("code", "severity", "file", "line", "text")
    assert [{k: w[k] for k in keep} for w in unchanged["warnings"]] == [
        {k: w[k] for k in keep} for w in built["warnings"]
    ]
