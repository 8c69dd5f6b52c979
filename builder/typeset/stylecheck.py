"""A clinic's stylesheets, checked the same way by `check --overlay` and by `build`.

The build lays documents out with WeasyPrint and fails one on anything WeasyPrint logs about a
stylesheet (CP6112) or a file it is refused (CP6003). `check` did not parse a clinic's CSS at
all, and the build found a url() outside the folder only when a page that used it was laid
out. Both now run this before anything is typeset: WeasyPrint's own parse (the one the build
uses, so the same mistakes count), and a tinycss2 walk that finds each url() and @import with
its line and column, which WeasyPrint's messages do not always give.

A missing } is the one mistake neither parser names: WeasyPrint lets a block run to the end of
the file, and reads the rules after a rule left open as nested inside it (CSS nesting), so a
clinic's colours or sizes quietly stop applying. Plain CSS has no nesting, so both are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import tinycss2
import tinycss2.ast
from weasyprint.urls import URLFetcherResponse

from builder.base.errors import ProblemList
from builder.base.textfile import load_text
from builder.model.overlay import Overlay
from builder.model.project import Project
from builder.typeset.fonts import font_dirs
from builder.typeset.weasy import LockedFetcher, parse_stylesheet

# What to do about a stylesheet's error: the line and column are in the message.
STYLESHEET_FIX = (
    "correct the stylesheet at the line:column given; an overlay's "
    "templates/css/<name> replaces careprint's whole file, so start from a copy of "
    "careprint's templates/css/<name> and change only what you need"
)
IMPORT_FIX = (
    "copy the rules into this file instead: an imported stylesheet is not checked, and a "
    "clinic's templates/css/<name> already replaces careprint's whole file"
)
OUTSIDE_FIX = (
    "put the file inside the overlay folder and give its path from the stylesheet's own "
    "folder, e.g. url(../../logo.png) for a file beside careprint.toml"
)
BRACE_FIX = "add the missing }} after line {line}"
# Written after the end of a stylesheet: the blocks that hold it are the ones never closed. The
# empty comment first ends a comment left open, so the word cannot fall inside one.
_END_WORD = "careprint-end-of-stylesheet"
# At-rules whose block holds rules; every other block holds declarations (and @page's margins).
_GROUPS = {"media", "supports", "layer", "container", "scope", "document", "starting-style"}
_AT = re.compile(r"\bat (\d+):(\d+)")
_QUOTED = re.compile(r"'(.*)'", re.S)


@dataclass(frozen=True)
class CssFault:
    code: str
    message: str
    line: int | None
    fix: str


def asset_folders(project: Project, overlay: Overlay | None) -> list[Path]:
    """What WeasyPrint may read: the project's templates, the fonts and the overlay folder."""
    return [project.templates, *font_dirs(), *([overlay.folder] if overlay else [])]


class _Judged(LockedFetcher):  # type: ignore[misc]
    """Reads nothing: each address was judged, with its place, before WeasyPrint parses."""

    def fetch(self, url: str, headers: object = None) -> object:
        return URLFetcherResponse(url, b"", {"Content-Type": "text/css"})


def stylesheet_faults(text: str, folder: Path, fetcher: LockedFetcher) -> list[CssFault]:
    """Everything the build would refuse in a stylesheet kept in folder, each with its line."""
    tokens = tinycss2.parse_component_value_list(text)
    rules = tinycss2.parse_stylesheet(tokens)
    faults = list(_refused_links(rules, folder, fetcher))
    _sheet, messages = parse_stylesheet(text, folder, _Judged(fetcher.allowed))
    placed = [_placed(message, list(_rules(rules))) for message in messages]
    faults += [fault for fault, _rule in placed]
    refused = {(rule.line, rule.column) for _fault, rule in placed if rule is not None}
    faults += _unclosed(text, tokens, rules, refused)
    return sorted(faults, key=lambda fault: fault.line or 0)


def _refused_links(
    nodes: Iterable[tinycss2.ast.Node], folder: Path, fetcher: LockedFetcher
) -> Iterator[CssFault]:
    for node in nodes:
        at = f"at {node.source_line}:{node.source_column}"
        if isinstance(node, tinycss2.ast.AtRule) and node.lower_at_keyword == "import":
            yield CssFault("CP6112", f"@import {at} is not allowed", node.source_line, IMPORT_FIX)
            continue
        target = _url(node)
        if target is not None:
            refusal = fetcher.refusal(urljoin(folder.as_uri() + "/", target))
            if refusal is not None:
                yield CssFault(
                    "CP6003", f"url({target}) {at}: {refusal}", node.source_line, OUTSIDE_FIX
                )
        for part in ("prelude", "content", "arguments"):
            yield from _refused_links(getattr(node, part, None) or [], folder, fetcher)


def _url(node: tinycss2.ast.Node) -> str | None:
    """The address of url(x), url("x") or src("x"), else None."""
    if isinstance(node, tinycss2.ast.URLToken):
        return str(node.value)
    if isinstance(node, tinycss2.ast.FunctionBlock) and node.lower_name in ("url", "src"):
        strings = [a for a in node.arguments if isinstance(a, tinycss2.ast.StringToken)]
        return str(strings[0].value) if strings else None
    return None


@dataclass(frozen=True)
class _Rule:
    selector: str
    line: int
    column: int
    nested: bool


def _rules(nodes: Iterable[tinycss2.ast.Node], nested: bool = False) -> Iterator[_Rule]:
    """Each rule's selector (nested ones too) and place: WeasyPrint names a bad selector by
    its text alone."""
    for node in nodes:
        if isinstance(node, tinycss2.ast.QualifiedRule):
            selector = " ".join(tinycss2.serialize(node.prelude).split())
            yield _Rule(selector, node.source_line, node.source_column, nested)
            yield from _rules(tinycss2.parse_blocks_contents(node.content), True)


def _placed(message: str, rules: list[_Rule]) -> tuple[CssFault, _Rule | None]:
    """WeasyPrint's message, with the line it gives ("at 3:5"), or else placed at the rule
    whose selector it quotes (a nested one's comes after its parent's, as `:is(parent) x`)."""
    found = _AT.search(message)
    if found:
        return CssFault("CP6112", message, int(found[1]), STYLESHEET_FIX), None
    quoted = _QUOTED.search(message)
    text = " ".join(quoted[1].split()) if quoted else ""
    named = [r for r in rules if r.selector and text.endswith(r.selector)]
    if not named:
        return CssFault("CP6112", message, None, STYLESHEET_FIX), None
    rule = max(named, key=lambda r: (len(r.selector), -r.line))
    said = f"invalid or unsupported selector '{rule.selector}' at {rule.line}:{rule.column}"
    if rule.nested:  # `color: red` with no ";" runs into the next rule's selector
        said += ', inside another rule: is a ";" missing before it?'
    return CssFault("CP6112", said, rule.line, STYLESHEET_FIX), rule


def _unclosed(
    text: str,
    tokens: list[tinycss2.ast.Node],
    rules: list[tinycss2.ast.Node],
    refused: set[tuple[int, int]],
) -> Iterator[CssFault]:
    """Each { left open at the end of the file, and each rule's block that holds another rule,
    placed at that {. A nested rule WeasyPrint already refused (its selector ran into a
    declaration with no ";") is left to that message."""
    blocks = {id(node.content): node for node in _walk(tokens) if node.type == "{} block"}
    still_open = _open_at_end(text)
    end = len(text)
    comment = _open_comment(text, tokens)
    if comment is not None:  # it hides every rule after it, and would hide a } put in it
        end = _offset(text, comment.source_line, comment.source_column)
        yield CssFault(
            "CP6112",
            f"the comment at {comment.source_line}:{comment.source_column} is never closed: "
            "everything after it is ignored",
            comment.source_line,
            "end the comment with */",
        )
    for holder, inner in _holders(rules, None):
        block = blocks.get(id(holder.content))
        if block is None:
            continue
        nested = next(
            (
                n
                for n in inner
                if _is_nested(n, holder) and (n.source_line, n.source_column) not in refused
            ),
            None,
        )
        is_open = (block.source_line, block.source_column) in still_open
        if nested is None and not is_open:
            continue
        where = f"{{ at {block.source_line}:{block.source_column} of '{_name(holder)}'"
        if nested is None:
            said = f"the {where} is never closed: its block runs to the end of the file"
            line = _last_line_before(text, end)
        else:
            first = f"'{_name(nested)}' at {nested.source_line}:{nested.source_column}"
            said = (
                f"the {where} is never closed, so {first} and the rules after it are read as "
                "nested inside it, and plain CSS has no nesting"
                if is_open
                else f"{first} is inside the {where}, and plain CSS has no nesting: "
                "is a } missing before it?"
            )
            line = _last_line_before(text, _offset(text, nested.source_line, nested.source_column))
        yield CssFault("CP6112", said, block.source_line, BRACE_FIX.format(line=line))


def _holders(
    nodes: Iterable[tinycss2.ast.Node], parent: tinycss2.ast.Node | None
) -> Iterator[tuple[tinycss2.ast.Node, list[tinycss2.ast.Node]]]:
    """Each rule with a block, with the rules and declarations its block holds."""
    for node in nodes:
        if isinstance(node, tinycss2.ast.QualifiedRule | tinycss2.ast.AtRule):
            if node.content is None:
                continue
            inner = tinycss2.parse_blocks_contents(node.content)
            yield node, inner
            yield from _holders(inner, node)


def _is_nested(node: tinycss2.ast.Node, holder: tinycss2.ast.Node) -> bool:
    """A rule where plain CSS has none: any rule in a style rule's block, and a style rule in
    any at-rule's block but a group's (@media and the like)."""
    if isinstance(holder, tinycss2.ast.QualifiedRule):
        return isinstance(node, tinycss2.ast.QualifiedRule | tinycss2.ast.AtRule)
    return isinstance(node, tinycss2.ast.QualifiedRule) and holder.lower_at_keyword not in _GROUPS


def _name(rule: tinycss2.ast.Node) -> str:
    prelude = " ".join(tinycss2.serialize(rule.prelude).split())
    if isinstance(rule, tinycss2.ast.AtRule):
        return f"@{rule.at_keyword} {prelude}".rstrip()
    return prelude


def _walk(nodes: Iterable[tinycss2.ast.Node]) -> Iterator[tinycss2.ast.Node]:
    for node in nodes:
        yield node
        yield from _walk(getattr(node, "content", None) or getattr(node, "arguments", None) or [])


def _open_at_end(text: str) -> set[tuple[int, int]]:
    """Where each { still open at the end of text starts. None when a (, [ or function is
    open too: it swallowed the } that follow, and WeasyPrint names its declaration."""
    nodes = tinycss2.parse_component_value_list(f"{text}\n/**/{_END_WORD}")
    found: set[tuple[int, int]] = set()
    while nodes:
        last = nodes[-1]
        if isinstance(last, tinycss2.ast.IdentToken) and last.value == _END_WORD:
            return found
        if not isinstance(last, tinycss2.ast.CurlyBracketsBlock):
            break
        found.add((last.source_line, last.source_column))
        nodes = last.content
    return set()


def _open_comment(text: str, tokens: list[tinycss2.ast.Node]) -> tinycss2.ast.Comment | None:
    """A comment still open at the end of text: the last thing in it, and text does not end
    with its */."""
    last = tokens[-1] if tokens else None
    while isinstance(last, tinycss2.ast.CurlyBracketsBlock) and last.content:
        last = last.content[-1]
    if isinstance(last, tinycss2.ast.Comment) and not text.endswith(f"/*{last.value}*/"):
        return last
    return None


def _offset(text: str, line: int, column: int) -> int:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    return sum(len(part) + 1 for part in lines[: line - 1]) + column - 1


def _last_line_before(text: str, offset: int) -> int:
    """The line of the last thing written before offset: where a missing } belongs."""
    kept = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")[:offset]
    return kept.rstrip().count("\n") + 1


def check_overlay_stylesheets(
    overlay: Overlay, folders: Sequence[Path], problems: ProblemList
) -> None:
    """A clinic's stylesheets are read only from its folder, and refused as the build would."""
    folder = overlay.templates / "css"
    fetcher = LockedFetcher(folders)
    for path in sorted(folder.glob("*.css")) if folder.is_dir() else []:
        if not path.resolve().is_relative_to(folder.resolve()):
            problems.error(
                "CP6006",
                f"is a link to {path.resolve()}, outside the overlay folder",
                path,
                fix="put the stylesheet itself in the folder, not a link",
            )
            continue
        text = load_text(path, problems, "stylesheet")
        for fault in stylesheet_faults(text, folder, fetcher) if text is not None else []:
            problems.error(fault.code, fault.message, path, fault.line, fix=fault.fix)
