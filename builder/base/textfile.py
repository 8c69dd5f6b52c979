"""The one way in for every text file careprint reads: size, encoding, BOM and stray bytes.

Packs, modules, helpline files, catalogs, overlays, batch files, templates and stylesheets are
all read here, so each is refused the same way with a message a clinic administrator can act on:
the file, the line, what is wrong and how to fix it. Sizes are checked before reading, so a huge
file is refused at once instead of hanging a build.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from builder.base.errors import CareprintError, Problem, ProblemList

KB = 1000
# Generous for real files (the largest module is under 2 kB, the largest catalog under 100 kB),
# small enough that reading and checking one never takes more than a moment.
LIMITS = {
    "module": 100 * KB,
    "data": 500 * KB,  # TOML: helplines, packs, overlays, batch files, rules
    "catalog": 2000 * KB,  # PO files
    "template": 200 * KB,
    "stylesheet": 500 * KB,
    "manifest": 100_000 * KB,
}
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters (Unicode category Cc) other than tab and line ends, and U+FFFD.
_STRAY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
SAVE_AS_UTF8 = "save it as UTF-8 (in Notepad: File > Save as > Encoding: UTF-8)"


@dataclass(frozen=True)
class TextProblem:
    code: str
    message: str
    line: int | None
    fix: str


class UnreadableFile(CareprintError):
    """A file that cannot be read as careprint text; carries the one problem found."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code, problem.render())
        self.problem = problem

    def problems(self) -> list[Problem]:
        return [self.problem]


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def _control_name(char: str) -> str:
    names = {
        "\0": "NUL",
        "\x1a": "SUB (end of file in old DOS files)",
        "\x0c": "form feed",
        "\x08": "backspace",
        "\x1b": "escape",
        "\x7f": "DEL",
    }
    return names.get(char, unicodedata.name(char, "control character"))


def decode(data: bytes, kind: str = "data") -> tuple[str | None, TextProblem | None]:
    """Text from bytes, or the first reason it is not careprint text (with its line)."""
    limit = LIMITS[kind]
    if len(data) > limit:
        return None, TextProblem(
            "CP1004",
            f"is {len(data) // KB} kB; a {kind} file may be at most {limit // KB} kB",
            None,
            "split it into smaller files, or check that this is the file you meant",
        )
    if data.startswith(UTF8_BOM):
        return None, TextProblem(
            "CP1006",
            "starts with a byte-order mark (BOM)",
            1,
            "save it as UTF-8 without BOM (most editors offer 'UTF-8' next to 'UTF-8 with BOM')",
        )
    if data.startswith(UTF16_BOMS):
        return None, TextProblem("CP1007", "is saved as UTF-16, not UTF-8", 1, SAVE_AS_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col(data, exc.start)
        byte = data[exc.start]
        guess = ""
        try:
            # Windows-1252 (and Latin-1) is what Word, Excel and Notepad used to save.
            letter = data[exc.start : exc.start + 1].decode("cp1252")
            guess = f' ("{letter}" in Windows-1252: the file was probably saved in that encoding)'
        except UnicodeDecodeError:
            pass
        return None, TextProblem(
            "CP1008",
            f"is not UTF-8 text: byte 0x{byte:02X} at column {column} cannot be read{guess}",
            line,
            SAVE_AS_UTF8,
        )
    if (found := _STRAY.search(text)) is not None:
        index, char = found.start(), found.group(0)
        line = text.count("\n", 0, index) + 1
        what = (
            "a replacement character (U+FFFD): the text was damaged by an earlier conversion"
            if char == "\ufffd"
            else f"an invisible control character {_control_name(char)} (U+{ord(char):04X})"
        )
        return None, TextProblem(
            "CP1009",
            f"contains {what}",
            line,
            "delete it (retype the text around it, or copy it from the original source)",
        )
    return text, None


def read_bytes(path: Path, kind: str = "data") -> bytes:
    """The file's bytes, or UnreadableFile naming the path and what is wrong with it."""

    def fail(code: str, message: str, fix: str, line: int | None = None) -> UnreadableFile:
        return UnreadableFile(Problem(code, message, path, line, fix))

    if path.is_symlink() and not path.exists():
        target = os.readlink(path)
        raise fail(
            "CP1001",
            f"is a link to {target}, which does not exist",
            "point the link at an existing file, or replace it with the file",
        )
    if path.is_dir():
        raise fail("CP1002", "is a folder, not a file", "give the path of the file inside it")
    if not path.exists():
        raise fail("CP1003", "does not exist", "check the name and the folder")
    try:
        size = path.stat().st_size
        limit = LIMITS[kind]
        if size > limit:
            raise fail(
                "CP1004",
                f"is {size // KB} kB; a {kind} file may be at most {limit // KB} kB",
                "split it into smaller files, or check that this is the file you meant",
            )
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise fail(
            "CP1005",
            f"cannot be read: {exc.strerror or exc}",
            "check that the file exists and that you may read it",
        ) from None


def read_text(path: Path, kind: str = "data") -> str:
    """The file as text, or UnreadableFile with the file, line, problem and fix."""
    text, problem = decode(read_bytes(path, kind), kind)
    if problem is not None:
        raise UnreadableFile(
            Problem(problem.code, problem.message, path, problem.line, problem.fix)
        )
    assert text is not None
    return text


def load_text(path: Path, problems: ProblemList, kind: str = "data") -> str | None:
    """read_text for loaders that collect problems: None with the problem recorded."""
    try:
        return read_text(path, kind)
    except UnreadableFile as exc:
        problems.add(exc.problem)
        return None
