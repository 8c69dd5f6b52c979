"""A clinic's stylesheets, checked the same way by `check --overlay` and by `build`.

The build lays documents out with WeasyPrint and fails one on anything WeasyPrint logs about a
stylesheet (CP6112) or a file it is refused (CP6003). `check` did not parse a clinic's CSS at
all, and the build found a url() outside the folder only when a page that used it was laid
out. Both now run this before anything is typeset: WeasyPrint's own parse (the one the build
uses, so the same mistakes count), and a tinycss2 walk that finds each url() and @import with
its line and column, which WeasyPrint's messages do not always give.
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
    rules = tinycss2.parse_stylesheet(text)
    faults = list(_refused_links(rules, folder, fetcher))
    _sheet, messages = parse_stylesheet(text, folder, _Judged(fetcher.allowed))
    placed = list(_rules(rules))
    faults += [_placed(message, placed) for message in messages]
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


def _placed(message: str, rules: list[_Rule]) -> CssFault:
    """WeasyPrint's message, with the line it gives ("at 3:5"), or else placed at the rule
    whose selector it quotes (a nested one's comes after its parent's, as `:is(parent) x`)."""
    found = _AT.search(message)
    if found:
        return CssFault("CP6112", message, int(found[1]), STYLESHEET_FIX)
    quoted = _QUOTED.search(message)
    text = " ".join(quoted[1].split()) if quoted else ""
    named = [r for r in rules if r.selector and text.endswith(r.selector)]
    if not named:
        return CssFault("CP6112", message, None, STYLESHEET_FIX)
    rule = max(named, key=lambda r: (len(r.selector), -r.line))
    said = f"invalid or unsupported selector '{rule.selector}' at {rule.line}:{rule.column}"
    if rule.nested:  # `color: red` with no ";" runs into the next rule's selector
        said += ', inside another rule: is a ";" missing before it?'
    return CssFault("CP6112", said, rule.line, STYLESHEET_FIX)


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
