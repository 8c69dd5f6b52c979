"""The pinned font stack's coverage: read from the fonts once, then from the user's cache."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from builder.base import writer
from builder.typeset import fonts

from ..conftest import TIMEOUT, MiniProject


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    fonts.font_faces()  # the static instances stay in the real cache (cut once, ~20 s)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fonts.covered_characters.cache_clear()
    yield tmp_path / "careprint" / "coverage"
    fonts.covered_characters.cache_clear()


def test_coverage_is_kept_and_matches_the_fonts(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fonts.covered_characters()
    assert {ord("a"), ord("ع"), ord("क"), ord("日")} <= first and 0x1F600 not in first
    [kept] = cache.iterdir()
    fonts.covered_characters.cache_clear()

    def no_reading() -> frozenset[int]:
        raise AssertionError("the fonts were read again")

    monkeypatch.setattr(fonts, "_read_cmaps", no_reading)
    assert fonts.covered_characters() == first
    assert [p.name for p in cache.iterdir()] == [kept.name]


def test_a_damaged_coverage_file_is_read_again(cache: Path) -> None:
    first = fonts.covered_characters()
    [kept] = cache.iterdir()
    kept.write_text("not-hex\n")
    fonts.covered_characters.cache_clear()
    assert fonts.covered_characters() == first
    assert fonts._from_ranges(kept.read_text()) == set(first)


def test_ranges_round_trip() -> None:
    points = frozenset({0x20, 0x21, 0x22, 0x41, 0x10FFFF})
    assert fonts._to_ranges(points) == "20-22\n41-41\n10ffff-10ffff\n"
    assert fonts._from_ranges(fonts._to_ranges(points)) == set(points)


def test_the_fontconfig_file_is_named_by_its_text_so_no_build_reads_a_rewrite() -> None:
    """Builds read the configuration while others may be making it, and two installations
    on one machine point at different font folders: each text gets a file of its own, written
    whole, never one file rewritten in place."""
    conf = fonts.fontconfig_file.__wrapped__()
    text = conf.read_bytes()
    assert conf.name == f"fonts-{hashlib.sha256(text).hexdigest()[:16]}.conf"
    root = ElementTree.fromstring(text)
    assert root.tag == "fontconfig" and root.find("cachedir") is not None
    assert not list(conf.parent.glob(f".{conf.name}.*.part"))  # no half-written file left


def test_a_temporary_folder_that_cannot_be_written_names_tmpdir_not_out(
    tmp_path: Path, mini: MiniProject
) -> None:
    """The fontconfig file lives in the temporary folder, which TMPDIR moves and --out does
    not: a file where its folder should be (which even root cannot write into) fails the
    build naming that file and TMPDIR."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    blocker = scratch / f"careprint-fontconfig-{os.getuid()}"
    blocker.write_text("a file where the fontconfig folder should be")
    out = tmp_path / "out"
    fails_plainly(
        [
            *("build", "--root", str(mini.root), "--country", "GB", "--product", "card-sheet"),
            *("--out", str(out), "--jobs", "1"),
        ],
        {"TMPDIR": str(scratch)},
        out,
        "cannot write to the temporary folder",
        f"{blocker} is a file",
        "set TMPDIR to a folder you may write to",
    )


def fails_plainly(args: list[str], env: dict[str, str], out: Path, *said: str) -> None:
    """`careprint ARGS` with env set fails plainly: exit 1, no traceback, each of `said` in
    what it printed, no word of --out (which moves neither the cache nor the temporary
    folder), and no PDF under out."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "careprint"), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "careprint hit a bug" not in output
    for words in said:
        assert words in output, output
    assert "--out" not in output
    assert not list(out.rglob("*.pdf"))


@pytest.mark.parametrize("code", sorted(writer._OS_FIXES), ids=errno.errorcode.get)
def test_no_temporary_folder_fix_points_to_out(code: int) -> None:
    fix = writer.os_fix(OSError(code, os.strerror(code)), "temp")
    assert "TMPDIR" in fix and "--out" not in fix
