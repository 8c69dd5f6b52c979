"""Babel extractors for content: each module block, and the card, plan and pack texts.

Used through the mapping file locales/content.cfg (so `pybabel extract -F locales/content.cfg`
works too). Every message gets msgctxt = module id (or "card", "safety-plan", "pack") so the same
sentence in two places can be translated differently, and card strings carry their length budget
as a translator note.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from builder.base.errors import ProblemList
from builder.base.tomlsource import index_lines, line_of
from builder.model.content import FENCE, split_blocks
from builder.model.prose import find_line

Extracted = tuple[int, str, tuple[str, str], list[str]]

# Length budgets shown to translators; cards shrink text to fit but only so far.
CARD_BUDGETS = {
    "front_heading": 28,
    "emergency_label": 24,
    "urgent_label": 24,
    "crisis_label": 28,
    "back_heading": 28,
    "reminders": 75,
    "contact_label": 24,
    "clinic_label": 24,
}
CONTEXT_FOR_FILE = {
    "card.toml": "card",
    "safety-plan.toml": "safety-plan",
    "pack.toml": "pack",
    "levels.toml": "levels",
    "quick-guide.toml": "quick-guide",
}
# Files whose text only one product prints (the card family counts as one): a catalog's
# completeness is judged without them (validate/completeness.py).
PRODUCT_CONTEXTS = frozenset({"card", "safety-plan", "quick-guide"})
PACK_KEYS = ("title", "subtitle", "intro")


def _read(fileobj: IO[bytes]) -> str:
    return fileobj.read().decode("utf-8")


def extract_module(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Extracted]:
    """Yield the title, action, key points and every heading, paragraph and list item."""
    text = _read(fileobj)
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE:
        return
    end = next((i for i, s in enumerate(lines[1:], 1) if s.strip() == FENCE), None)
    if end is None:
        return
    header_text = "\n".join(lines[1:end])
    header = tomllib.loads(header_text)
    positions = index_lines(header_text, first_line=2)
    context = str(header.get("id", ""))
    for key, label in (("title", "Module title"), ("action", "'Try this' box: one action")):
        if header.get(key):
            yield (line_of(positions, (key,)) or 1, "pgettext", (context, header[key]), [label])
    for index, point in enumerate(header.get("key_points", [])):
        yield (
            line_of(positions, ("key_points", index)) or 1,
            "pgettext",
            (context, point),
            ["Key points box"],
        )
    if header.get("box_title"):
        yield (
            line_of(positions, ("box_title",)) or 1,
            "pgettext",
            (context, header["box_title"]),
            ["Boxed aside: heading"],
        )
    for index, paragraph in enumerate(header.get("box", [])):
        yield (
            line_of(positions, ("box", index)) or 1,
            "pgettext",
            (context, paragraph),
            ["Boxed aside: paragraph"],
        )
    blocks = split_blocks("\n".join(lines[end + 1 :]), end + 2, Path(context), ProblemList())
    for block in blocks:
        notes = [f"Heading (level {block.level})"] if block.kind == "heading" else []
        if block.kind == "list":
            notes = ["List item"]
        for message, line in zip(block.texts, block.lines, strict=True):
            yield (line, "pgettext", (context, message), notes)


def extract_pack_text(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Extracted]:
    """Yield translatable strings of card.toml, safety-plan.toml and pack.toml."""
    name = Path(getattr(fileobj, "name", "")).name
    context = CONTEXT_FOR_FILE.get(name)
    if context is None:
        return
    text = _read(fileobj)
    data = tomllib.loads(text)
    positions = index_lines(text)
    if context == "pack":
        for key in PACK_KEYS:
            if data.get(key):
                yield (
                    line_of(positions, (key,)) or 1,
                    "pgettext",
                    (context, data[key]),
                    [f"Pack {key}"],
                )
    elif context == "levels":
        for key, value in data.items():
            yield (
                line_of(positions, (key,)) or 1,
                "pgettext",
                (context, value),
                [
                    f"Three levels of urgency ({key.replace('_', ' ')}): first page of the "
                    "handout and top of 'What to do now'; page 1 must still hold the contents "
                    "list, so keep it about as long as the English"
                ],
            )
    elif context == "quick-guide":
        source = tuple(text.splitlines())
        for key, value in data.items():
            start = line_of(positions, (key,)) or 1
            for item in value if isinstance(value, list) else [value]:
                # The line of each list item, not of its key: a translator's tool shows it.
                yield (
                    find_line(source, item, start),
                    "pgettext",
                    (context, item),
                    [
                        f"Quick guide ({key.replace('_', ' ')}): one sheet, both sides, set "
                        "smaller when long; keep it about as long as the English"
                    ],
                )
    elif context == "card":
        for key, value in data.items():
            budget = CARD_BUDGETS.get(key)
            note = [
                f"Wallet card: {key.replace('_', ' ')}"
                + (f"; at most {budget} characters" if budget else "")
            ]
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                loc = (key, index) if isinstance(value, list) else (key,)
                yield (line_of(positions, loc) or 1, "pgettext", (context, item), note)
    else:
        for key in ("title", "intro", "danger_label", "date_made_label", "review_label"):
            if data.get(key):
                yield (
                    line_of(positions, (key,)) or 1,
                    "pgettext",
                    (context, data[key]),
                    [f"Safety plan {key.replace('_', ' ')}"],
                )
        for index, step in enumerate(data.get("steps", [])):
            for key in ("title", "prompt"):
                yield (
                    line_of(positions, ("steps", index, key)) or 1,
                    "pgettext",
                    (context, step[key]),
                    [f"Safety plan step '{step['id']}': {key}"],
                )


def extract_helplines(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Extracted]:
    """Yield the printed text of a country's helpline file, msgctxt = the country code.

    Names, costs, reader notes, instructions and areas are data written in English;
    translating them per country keeps a French page for France free of English words.
    """
    text = _read(fileobj)
    data = tomllib.loads(text)
    positions = index_lines(text)
    country = str(data.get("country", ""))
    for si, service in enumerate(data.get("services", [])):
        sid = service.get("id", "")
        fields: list[tuple[str, tuple[str | int, ...], str]] = [
            ("name", ("services", si, "name"), service.get("name", ""))
        ]
        if service.get("cost", "not stated") != "not stated":
            fields.append(("cost", ("services", si, "cost"), service["cost"]))
        for key in ("reader_note", "schedule"):
            if service.get(key):
                fields.append((key, ("services", si, key), service[key]))
        for ci, contact in enumerate(service.get("contacts", [])):
            for key in ("instruction", "area"):
                if contact.get(key):
                    fields.append((key, ("services", si, "contacts", ci, key), contact[key]))
        for key, loc, value in fields:
            note = f"{country} helpline '{sid}': {key}"
            if key == "name":
                note += " (keep a proper name as it is; a local name is in the data)"
            yield (line_of(positions, loc) or 1, "pgettext", (country, value), [note])
