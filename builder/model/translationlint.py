"""Safe messaging in every language: each translated string is checked like the source text.

A translation is printed as it is written, so the same two rules apply to it as to the English
pack: none of its language's banned framings or method words (packs/safe-messaging/<locale>.toml),
and no phone number the source string does not carry (numbers live only in packs/helplines/,
where each is validated and dated). Findings name the PO file and the line of the msgstr where
the phrase starts, even in a string that wraps over many lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import unescape

from builder.base.errors import ProblemList
from builder.model.lint import PhraseRule, digits_of, lint_with, phone_like
from builder.model.prose import Unit


@dataclass(frozen=True)
class PoUnit(Unit):
    """A msgstr, with the offset at which each of its PO lines starts."""

    starts: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int:
        line = self.line
        for start, number in self.starts:
            if start > offset:
                break
            line = number
        return line


def _blocks(lines: list[str], msgid_line: int) -> list[tuple[int, list[tuple[int, str]]]]:
    """The msgstr blocks after a msgid: (first line, [(line, quoted segment), ...]) each."""
    blocks: list[tuple[int, list[tuple[int, str]]]] = []
    for index in range(max(msgid_line - 1, 0), len(lines)):
        raw = lines[index].strip()
        if raw.startswith("msgstr"):
            quoted = raw.split(" ", 1)[1] if " " in raw else '""'
            blocks.append((index + 1, [(index + 1, quoted)]))
        elif blocks and raw.startswith('"'):
            blocks[-1][1].append((index + 1, raw))
        elif blocks:
            break
    return blocks


def msgstr_units(message: Message, path: Path, lines: list[str]) -> list[PoUnit]:
    """Each non-empty translation of a message (one per plural form), with its lines."""
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    units = []
    blocks = _blocks(lines, message.lineno or 1)
    for index, text in enumerate(strings):
        if not isinstance(text, str) or not text:
            continue
        first, segments = blocks[index] if index < len(blocks) else (message.lineno or 1, [])
        starts, offset = [], 0
        for number, quoted in segments:
            piece = unescape(quoted)
            if piece:
                starts.append((offset, number))
            offset += len(piece)
        if offset != len(text):  # not laid out as expected: point at the msgstr line
            starts = []
        units.append(PoUnit("translation", text, path, first, starts=tuple(starts)))
    return units


def lint_translation(
    message: Message, path: Path, lines: list[str], rules: list[PhraseRule], problems: ProblemList
) -> bool:
    """False, with each problem recorded, if a translation says what the rules forbid or holds
    a number its source does not."""
    units = msgstr_units(message, path, lines)
    clean = lint_with(units, rules, problems)
    sources = message.id if isinstance(message.id, tuple | list) else (message.id,)
    for unit in units:
        for offset, written in added_numbers(unit.text, [str(s) for s in sources]):
            clean = False
            problems.error(
                "CP4012",
                f'"{written}" looks like a phone number; a translation must not add numbers',
                path,
                unit.line_at(offset),
                fix="numbers come from packs/helplines/ and are printed by the "
                "templates; write the sentence without it, as the source does",
            )
    return clean


def added_numbers(text: str, sources: Sequence[str]) -> list[tuple[int, str]]:
    """Each phone-like run in text (offset, as written) that none of the sources carries."""
    allowed = {digits_of(w) for source in sources for _, w in phone_like(source)}
    return [(offset, w) for offset, w in phone_like(text) if digits_of(w) not in allowed]
