"""The CLI's last-resort error edge: an operating-system refusal that no code expected is the
user's error (CP7009, the path named, exit 1), and its fix fits where the path lives, never
pointing to an --out the command does not have or that does not move that path."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builder import pipeline
from builder.cli import app as cli_app
from builder.cli import helplines as cli_helplines
from builder.cli import i18n as cli_i18n
from builder.cli.app import app

from ..conftest import MiniProject

# (command, what the command calls first that may be refused, where the refused path is,
# the errno, what the fix must say)
CASES = [
    ("i18n stats", (cli_i18n, "check_project"), "project", errno.ENOSPC, "free some space and"),
    ("check", (cli_app, "check_project"), "cache", errno.EROFS, "set XDG_CACHE_HOME"),
    ("helplines list", (cli_helplines, "check_helplines"), "temp", errno.ENOTDIR, "set TMPDIR"),
    ("doctor", (cli_app, "diagnose"), "elsewhere", errno.EEXIST, "move it out of the way"),
    ("build", (pipeline, "build"), "project", errno.EACCES, "change the file's or its folder"),
    ("build", (pipeline, "build"), "out", errno.EEXIST, "choose another --out"),
]


@pytest.mark.parametrize(
    "command,target,place,code,fix", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_a_refused_path_gets_the_fix_that_fits_it(
    command: str,
    target: tuple[object, str],
    place: str,
    code: int,
    fix: str,
    mini: MiniProject,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The project is in tmp_path, itself in the system's temporary folder: give the cache and
    # the temporary folder places of their own, apart from the project and from elsewhere.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out"
    path = {
        "project": mini.root / "locales" / "fr" / "LC_MESSAGES" / "content.po",
        "cache": tmp_path / "cache" / "careprint" / "templates" / "x.cache",
        "temp": scratch / "careprint-fontconfig-0" / "fonts.conf",
        "elsewhere": tmp_path / "elsewhere" / "x",
        "out": out / "mini" / "GB" / "en" / "card.pdf",
    }[place]

    def refused(*args: object, **kwargs: object) -> Callable[..., object]:
        raise OSError(code, os.strerror(code), str(path))

    module, name = target
    monkeypatch.setattr(module, name, refused)
    args = command.split()
    if command != "doctor":
        args += ["--root", str(mini.root)]
    if command == "build":
        args += ["--country", "GB", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output and "hit a bug" not in output, output
    assert "error CP7009" in output and path.name in output, output
    assert fix in output, output
    if place != "out":
        assert "--out" not in output, output
