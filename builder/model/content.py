"""Content modules: Markdown with a TOML header, split into translatable blocks.

Each heading, paragraph and list item is one block, translated as a unit (the way Sphinx
translates prose), then rendered with markdown-it with raw HTML off, so nothing a writer or
translator types can become markup beyond inline emphasis and links.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from pydantic import Field, model_validator

from builder.base.errors import ProblemList
from builder.base.textfile import load_text
from builder.base.tomlsource import index_lines, parse_toml, validate
from builder.model.strict import Strict

FENCE = "+++"


class ModuleHeader(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    action: str = ""
    key_points: list[str] = Field(default_factory=list)
    # emergency-box: the three levels of urgency with the country's numbers; carers-lines and
    # abuse-lines: the country's carers' or domestic-abuse services, or where to ask instead.
    attach: Literal["", "emergency-box", "help-directory", "carers-lines", "abuse-lines"] = ""
    role: Literal["", "closing"] = ""
    box_title: str = ""  # a boxed aside at the end of the module (e.g. "If they are under 18")
    box: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _box_whole(self) -> ModuleHeader:
        if bool(self.box_title) != bool(self.box):
            raise ValueError("box_title and box go together: give both, or neither")
        return self


@dataclass(frozen=True)
class Block:
    """One translatable unit: a heading, a paragraph or a list of items."""

    kind: Literal["heading", "paragraph", "list"]
    texts: tuple[str, ...]
    lines: tuple[int, ...]
    level: int = 0


@dataclass(frozen=True)
class Module:
    header: ModuleHeader
    blocks: tuple[Block, ...]
    path: Path
    header_lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False)
    body_start: int = 1
    source_lines: tuple[str, ...] = field(default=(), compare=False)

    @property
    def id(self) -> str:
        return self.header.id


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable(["image", "html_block", "html_inline"])


def split_blocks(body: str, first_line: int, path: Path, problems: ProblemList) -> list[Block]:
    """Split a Markdown body into blocks; refuse constructs a handout cannot carry."""
    tokens = _parser().parse(body)
    blocks: list[Block] = []
    items: list[tuple[str, int]] = []
    in_list = 0
    for i, token in enumerate(tokens):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
            if in_list > 1:
                problems.error(
                    "CP1401", "nested lists are not supported", path, line, fix="flatten the list"
                )
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
            if in_list == 0 and items:
                blocks.append(Block("list", tuple(t for t, _ in items), tuple(n for _, n in items)))
                items = []
        elif token.type == "inline" and token.map:
            text = " ".join(token.content.split())
            opener = tokens[i - 1]
            if opener.type == "heading_open":
                level = int(opener.tag[1])
                if level < 2 or level > 3:
                    problems.error(
                        "CP1402",
                        f"heading level {level} is not used in modules",
                        path,
                        line,
                        fix="use ## for subheadings; the title is in the header",
                    )
                blocks.append(Block("heading", (text,), (line,), level))
            elif in_list:
                items.append((text, line))
            else:
                blocks.append(Block("paragraph", (text,), (line,)))
        elif token.type in ("fence", "code_block", "table_open", "hr", "blockquote_open"):
            problems.error(
                "CP1403",
                f"{token.type.split('_')[0]} blocks are not allowed in modules",
                path,
                line,
                fix="use plain paragraphs, ## headings and lists",
            )
    return blocks


def load_module(path: Path, problems: ProblemList) -> Module | None:
    text = load_text(path, problems, "module")
    if text is None:
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != FENCE or FENCE not in (s.strip() for s in lines[1:]):
        problems.error(
            "CP1404",
            "module must start with a +++ header (id, title, ...) closed by +++",
            path,
            1,
            fix="see packs/README.md, section Content modules",
        )
        return None
    end = next(i for i, s in enumerate(lines[1:], 1) if s.strip() == FENCE)
    header_text = "\n".join(lines[1:end])
    data = parse_toml(path, problems, header_text, first_line=2)
    if data is None:
        return None
    positions = index_lines(header_text, first_line=2)
    header = validate(ModuleHeader, data, path, problems, positions)
    if header is None:
        return None
    if header.id != path.stem:
        problems.error(
            "CP1405",
            f'module id "{header.id}" does not match its file name',
            path,
            positions.get(("id",)),
            fix=f'set id = "{path.stem}" or rename the file',
        )
    body = "\n".join(lines[end + 1 :])
    blocks = split_blocks(body, end + 2, path, problems)
    return Module(header, tuple(blocks), path, positions, end + 2, tuple(lines))


def link_targets(text: str) -> set[str]:
    """Every address text links to, as the Markdown renderer reads it (so `]( https://...)`,
    autolinks and reference forms are all seen, not just the tidy form)."""
    targets: set[str] = set()
    for token in _inline_parser().parseInline(text):
        for child in token.children or []:
            if child.type == "link_open":
                targets.add(str(child.attrGet("href") or ""))
    return targets


@functools.lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """Render inline Markdown (emphasis, links) to HTML; everything else is escaped text.

    Building a parser costs more than using it, and the same strings recur in every country's
    handout of a locale, so both the parser and the results are kept for the process."""
    html: str = _inline_parser().renderInline(text)
    return html


@functools.lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    return _parser()
