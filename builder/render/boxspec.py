"""What a laid-out document is checked against, without WeasyPrint.

Products describe their fixed boxes as BoxChecks when they render, long before anything is
typeset; keeping these plain data here lets planning, `check` and no-op runs start without
importing WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class BoxCheck:
    """A box (by id) whose end marker (by id) must lie inside it on one page.

    `group` names the font size that can be stepped down to make the box fit ("" = none).
    """

    box_id: str
    end_id: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class Overflow:
    """A box that lost text, and the first string that does not fit (when it can be found)."""

    check: BoxCheck
    text: str


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def printed_text(html: str) -> str:
    """The text a document will print (what the font coverage check must cover)."""
    parser = _TextOf()
    parser.feed(html)
    return "".join(parser.parts)


def box_text(html: str, check: BoxCheck) -> str:
    """The text a checked box prints: from its element to its end marker ("" if either is
    missing, which the layout check reports)."""
    start = html.find(f'id="{check.box_id}"')
    end = html.find(f'id="{check.end_id}"', start)
    if start < 0 or end < 0:
        return ""
    return printed_text(html[html.rfind("<", 0, start) : html.rfind("<", 0, end)])
