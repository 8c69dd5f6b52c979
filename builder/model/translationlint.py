"""Safe messaging in every language: each translated string is checked like the source text.

A translation is printed as it is written, so the same two rules apply to it as to the English
pack: none of its language's banned framings or method words (packs/safe-messaging/<locale>.toml),
and no phone number the source string does not carry (numbers live only in packs/helplines/,
where each is validated and dated). Findings name the PO file and the line of the msgstr where
the phrase starts, even in a string that wraps over many lines.

Two mistakes print wrong or no advice without either rule noticing, so they are refused too: a
number in digits the source does not have ("cool the burn for 2 minutes" for the source's 20,
"under 16" for "under 18", or a fuzzy entry accepted without updating its number after the
English changed), and a translation of only spaces, which prints a label or the draft notice as
nothing at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import unescape

from builder.base.errors import ProblemList
from builder.model.lint import WEB_ADDRESS, PhraseRule, digits_of, lint_with, phone_like
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
    source_numbers = {n for source in sources for _, n in numbers_in(str(source))}
    for unit in units:
        if not unit.text.strip() and any(str(source).strip() for source in sources):
            clean = False
            problems.error(
                "CP4014",
                "this translation is only spaces, so nothing would print where the source "
                f'says "{shorten(str(sources[0]))}"',
                path,
                unit.line,
                fix='write the translation, or leave it empty (msgstr "") to print the '
                "English until it is translated",
            )
            continue
        added = added_numbers(unit.text, [str(s) for s in sources])
        for offset, written in added:
            clean = False
            problems.error(
                "CP4012",
                f'"{written}" looks like a phone number; a translation must not add numbers',
                path,
                unit.line_at(offset),
                fix="numbers come from packs/helplines/ and are printed by the "
                "templates; write the sentence without it, as the source does",
            )
        # A fuzzy entry is not printed; it is checked once its flag is taken off.
        if message.fuzzy or not source_numbers:
            continue
        # Phone-like runs are CP4012's, compared by their digits ("85 258" is 85258).
        phones = [(start, start + len(written)) for start, written in phone_like(unit.text)]
        for offset, number in numbers_in(unit.text):
            if number in source_numbers or any(a <= offset < b for a, b in phones):
                continue
            clean = False
            problems.error(
                "CP4015",
                f"the number {number} is not in the source, which has "
                f"{', '.join(sorted(source_numbers, key=int))}: a changed number changes "
                "the advice",
                path,
                unit.line_at(offset),
                fix="write the source's number (in digits or in words); if the English "
                "changed, check the whole sentence against it",
            )
    return clean


_NUMBER = re.compile(r"\d+")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def numbers_in(text: str) -> list[tuple[int, str]]:
    """(offset, value) of each number written in digits, in any script ("١٨" is "18";
    "08" is "8"), outside web addresses and placeholders. A number written in words is not
    seen: a translation may write the source's "24 hours" as "round the clock"."""
    blanked = _PLACEHOLDER.sub(
        lambda m: " " * len(m.group(0)), WEB_ADDRESS.sub(lambda m: " " * len(m.group(0)), text)
    )
    return [(m.start(), str(int(digits_of(m.group(0))))) for m in _NUMBER.finditer(blanked)]


def shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def added_numbers(text: str, sources: Sequence[str]) -> list[tuple[int, str]]:
    """Each phone-like run in text (offset, as written) that none of the sources carries."""
    allowed = {digits_of(w) for source in sources for _, w in phone_like(source)}
    return [(offset, w) for offset, w in phone_like(text) if digits_of(w) not in allowed]
