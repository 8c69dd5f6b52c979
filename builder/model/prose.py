"""The words a reader sees, unit by unit, each with the file line it comes from.

The reading-level, safe-messaging and phone-number checks all read these units, so every
finding points at the line a writer has to change, even inside a paragraph that spans lines.
"""

from __future__ import annotations

import html
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.base.textfile import UnreadableFile, read_text
from builder.base.tomlsource import Loc, index_lines, line_of
from builder.model.content import Module, render_inline

_TAG = re.compile(r"<[^>]+>")
_MARKER = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)")
# Keys in text files that name things rather than say things to the reader.
NOT_PROSE = frozenset({"id", "attach", "role"})


@dataclass(frozen=True)
class Unit:
    """One piece of reader-facing text: a title, paragraph, list item, key point, label."""

    kind: str
    text: str
    path: Path
    line: int
    source: tuple[str, ...] = ()
    multiline: bool = False

    @property
    def plain(self) -> str:
        """The text without Markdown, as it reads on paper."""
        return html.unescape(_TAG.sub("", render_inline(self.text))).strip()

    def line_at(self, offset: int) -> int:
        """The file line holding character `offset` of the text (paragraphs may wrap)."""
        if not self.multiline or not self.source:
            return self.line
        token = len(self.text[: offset + 1].split()) - 1
        number = self.line
        while number <= len(self.source):
            raw = self.source[number - 1]
            if number == self.line:
                raw = _MARKER.sub("", raw)
            count = len(raw.split())
            if token < count:
                return number
            token -= count
            number += 1
        return self.line


def _unescape_toml(raw: str) -> str:
    return raw.replace('\\"', '"').replace("\\\\", "\\")


def find_line(source: tuple[str, ...], text: str, start: int) -> int:
    """The first line from `start` on that holds `text` as written in a TOML string."""
    needle = text[:40]
    for number in range(max(start, 1), len(source) + 1):
        if needle in _unescape_toml(source[number - 1]):
            return number
    return start


def module_units(module: Module) -> list[Unit]:
    """Title, body blocks, action and key points of a module, in reading order."""
    h, src, path = module.header, module.source_lines, module.path
    pos = module.header_lines

    def header_line(*loc: str | int) -> int:
        return line_of(pos, loc) or 1

    units = [Unit("title", h.title, path, header_line("title"), src)]
    for block in module.blocks:
        kind = {"heading": "heading", "paragraph": "paragraph", "list": "item"}[block.kind]
        for text, line in zip(block.texts, block.lines, strict=True):
            units.append(Unit(kind, text, path, line, src, multiline=True))
    if h.action:
        units.append(Unit("action", h.action, path, header_line("action"), src))
    start = header_line("key_points")
    for point in h.key_points:
        line = find_line(src, point, start)
        units.append(Unit("key-point", point, path, line, src))
        start = line
    if h.box_title:
        units.append(Unit("heading", h.box_title, path, header_line("box_title"), src))
    for index, paragraph in enumerate(h.box):
        units.append(Unit("paragraph", paragraph, path, header_line("box", index), src))
    return units


def _walk(data: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PROSE:
                yield from _walk(value, (*loc, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _walk(item, (*loc, index))


def toml_units(path: Path, keys: frozenset[str] | None = None) -> list[Unit]:
    """Every reader-facing string of a TOML text file (card, safety plan), with its line.

    `keys` limits it to those top-level keys (pack.toml also holds ids and versions). The
    caller has already validated the file; an unreadable one simply has no units.
    """
    try:
        text = read_text(path)
        data = tomllib.loads(text)
    except (UnreadableFile, tomllib.TOMLDecodeError):
        return []
    source = tuple(text.splitlines())
    positions = index_lines(text)
    units = []
    if keys is not None:
        data = {k: v for k, v in data.items() if k in keys}
    for loc, value in _walk(data, ()):
        start = line_of(positions, loc) or 1
        line = find_line(source, value, start) if isinstance(loc[-1], int) else start
        units.append(Unit("text", value, path, line, source))
    return units
