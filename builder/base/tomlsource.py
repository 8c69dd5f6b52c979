"""Read TOML data files into strict models, keeping the file and line of every problem.

tomllib gives no positions, so a light line index maps a key path such as
("services", 2, "contacts", 0, "value") to the line that holds it. Pydantic's errors are then
rewritten in plain words with that position (the way rendercv maps its validation errors).
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.base.errors import ProblemList
from builder.base.textfile import load_text
from builder.base.wording import pattern_problem

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _key(text: str, i: int) -> tuple[list[str], int] | None:
    """The parts of a (dotted, maybe quoted) key starting at text[i], and where it ends."""
    parts: list[str] = []
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] in "\"'":
            close = text.find(text[i], i + 1)
            if close < 0:
                return None
            parts.append(text[i + 1 : close])
            i = close + 1
        elif match := _BARE.match(text, i):
            parts.append(match.group())
            i = match.end()
        else:
            return None
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == ".":
            i += 1
            continue
        return parts, i


def _scan(text: str, i: int, depth: int, closer: str) -> tuple[int, str]:
    """Follow a value from text[i] to the end of the line: how many brackets stay open, and
    which multi-line string (its closing quotes) is still open."""
    while i < len(text):
        if closer:
            end = text.find(closer, i)
            if end < 0:
                return depth, closer
            i, quote, closer = end + 3, closer[0], ""
            while i < len(text) and text[i] == quote:
                i += 1  # up to two quotes may end the string's content
            continue
        char = text[i]
        if char == "#":
            break
        if text.startswith(('"""', "'''"), i):
            closer, i = text[i : i + 3], i + 3
            continue
        if char == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif char == "'":
            i = text.find("'", i + 1)
            if i < 0:
                break
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        i += 1
    return depth, closer


def index_lines(text: str, first_line: int = 1) -> dict[Loc, int]:
    """Map each table and key path in a TOML text to its line number.

    tomllib keeps no positions, so this follows the text the way the parser does: lines inside
    a multi-line string or a multi-line array are values, never keys or headers, and a dotted
    key (`hours.note = ...`) gives a position to each of its parts.
    """
    positions: dict[Loc, int] = {}
    counters: dict[Loc, int] = {}
    latest: dict[tuple[str, ...], Loc] = {}
    current: Loc = ()
    depth, closer = 0, ""

    def resolve(names: list[str]) -> Loc:
        path: Loc = ()
        for i in range(len(names)):
            prefix = tuple(names[: i + 1])
            path = latest.get(prefix, path + (names[i],))
        return path

    for number, raw in enumerate(text.splitlines(), first_line):
        if closer or depth > 0:
            depth, closer = _scan(raw, 0, depth, closer)
            continue
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[[") and (found := _key(line, 2)) and line[found[1] :].startswith("]]"):
            names = found[0]
            array = resolve(names[:-1]) + (names[-1],)
            counters[array] = counters.get(array, -1) + 1
            current = array + (counters[array],)
            latest[tuple(names)] = current
            positions[current] = number
        elif line.startswith("[") and (found := _key(line, 1)) and line[found[1] :].startswith("]"):
            names = found[0]
            current = resolve(names[:-1]) + (names[-1],)
            latest[tuple(names)] = current
            positions[current] = number
        elif (found := _key(line, 0)) and line[found[1] :].startswith("="):
            names, end = found
            for i in range(len(names)):
                positions.setdefault(current + tuple(names[: i + 1]), number)
            depth, closer = _scan(line, end + 1, 0, "")
    return positions


def line_of(positions: dict[Loc, int], loc: Loc) -> int | None:
    """The line of the longest known prefix of loc (an array item falls back to its key)."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in positions:
            return positions[loc[:end]]
    return None


def parse_toml(
    path: Path, problems: ProblemList, text: str | None = None, first_line: int = 1
) -> dict[str, Any] | None:
    """Parse TOML; on a syntax error record it with its line and return None."""
    if text is None:
        text = load_text(path, problems)
        if text is None:
            return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = None
        if found := re.search(r"at line (\d+)", message):
            line = int(found.group(1)) + first_line - 1
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        fix = "check quotes, brackets and commas on that line"
        if "overwrite" in message or "twice" in message:
            # tomllib's words for a key (or table) given a second time.
            fix = "this key or table is already given above in the file: keep only one of them"
        problems.error("CP1101", f"TOML syntax error: {message}", path, line, fix=fix)
        return None


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """Walk a model class along a location path to the model that holds its last key."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return current
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    while True:
        args = typing.get_args(annotation)
        origin = typing.get_origin(annotation)
        if origin in (list, tuple, typing.Union, types.UnionType) and args:
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else args[0]
            if not typing.get_args(annotation):
                return annotation
        else:
            return annotation


def describe(loc: Loc) -> str:
    """A readable key path: services[3].contacts[1].value (1-based items)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + part
    return text


def validate(
    model: type[M],
    data: dict[str, Any],
    path: Path,
    problems: ProblemList,
    positions: dict[Loc, int],
    context: dict[str, Any] | None = None,
) -> M | None:
    """Validate data into model; record each error with file, line and a fix in plain words."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors():
            loc: Loc = tuple(err["loc"])
            # A problem with the file as a whole (no key to point at) is shown at its top.
            line = line_of(positions, loc) or 1
            kind = err["type"]
            if kind == "extra_forbidden":
                key = str(loc[-1])
                owner = _model_at(model, loc[:-1])
                allowed = (
                    sorted(name for name, f in owner.model_fields.items() if not f.exclude)
                    if owner
                    else []
                )
                close = difflib.get_close_matches(key, allowed, n=1)
                fix = f'did you mean "{close[0]}"?' if close else ""
                fix = (fix + " " if fix else "") + f"allowed keys: {', '.join(allowed)}"
                problems.error("CP1102", f'unknown key "{describe(loc)}"', path, line, fix=fix)
            elif kind == "missing":
                problems.error(
                    "CP1103",
                    f'missing required key "{describe(loc)}"',
                    path,
                    line,
                    fix=f"add {loc[-1]} = ...",
                )
            elif kind == "string_pattern_mismatch":
                # Say what the value should look like, never the regular expression.
                message = pattern_problem(str(loc[-1]) if loc else "", err.get("input"))
                problems.error("CP1104", f"{describe(loc)}: {message}", path, line)
            elif kind == "literal_error":
                # "Input should be 'mon', 'tue', ..." did not say what was written, nor the
                # value meant (days = ["Monday"] is "mon").
                written = err.get("input")
                expected = str(err.get("ctx", {}).get("expected", ""))
                choices = re.findall(r"'([^']*)'", expected) or [expected]
                meant = [c for c in choices if c and str(written).lower().startswith(c)]
                meant = meant or difflib.get_close_matches(str(written).lower(), choices, n=1)
                fix = f'write "{meant[0]}"; ' if meant else ""
                problems.error(
                    "CP1105",
                    f'{describe(loc)}: "{written}" is not allowed here',
                    path,
                    line,
                    fix=f"{fix}allowed: {', '.join(choices)}",
                )
            else:
                message = err["msg"].removeprefix("Value error, ")
                where = describe(loc)
                # A number or list where text belongs (phone = 2079460321): say how to write it.
                fix = (
                    f'write it in double quotes: {loc[-1]} = "..."' if kind == "string_type" else ""
                )
                problems.error(
                    "CP1105", f"{where}: {message}" if where else message, path, line, fix=fix
                )
        return None


def read_model(
    model: type[M], path: Path, problems: ProblemList, *, missing: str, fix: str
) -> tuple[M | None, dict[Loc, int]]:
    """Read a TOML file into a strict model: the one path every data file takes.

    Returns the model (None when the file is missing or invalid, with the problems recorded)
    and the line index, so callers can point later checks at lines too.
    """
    if not path.exists() and not path.is_symlink():
        problems.error("CP1106", missing, path, fix=fix)
        return None, {}
    text = load_text(path, problems)
    data = parse_toml(path, problems, text) if text is not None else None
    if data is None or text is None:
        return None, {}
    positions = index_lines(text)
    return validate(model, data, path, problems, positions), positions
