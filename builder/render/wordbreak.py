"""Lines break between words or phrases, never inside a word, where the language asks for it.

Korean is written with spaces between words, and a line that ends inside a word ("연락하" /
"세요") reads as two words. CSS says so with `word-break: keep-all`, which the pinned
WeasyPrint does not support (70.0 knows `normal` and `break-all` only), and Pango breaks
between any two Hangul syllables (UAX #14). So each Korean word of the body is wrapped, at
render time, in a span that does not wrap (`.keep-all` in base.css): lines still break at
the spaces between words, and the text itself (what pdftotext and screen readers read) is
unchanged.

Japanese has no spaces: body text may break between any two characters (as Japanese print
does), but a heading that breaks inside a word (早わか / りガイド) reads badly at its size.
Each phrase of a Japanese heading, as BudouX finds them (browsers' `word-break:
auto-phrase`), is wrapped the same way, so a heading breaks only between phrases, after its
punctuation (：、) and never inside a number.
"""

from __future__ import annotations

import html as htmllib
import re
from functools import cache

from budoux import Parser, load_default_japanese_parser
from markupsafe import escape

# Languages whose words are kept whole (BCP 47 primary subtags).
KEEP_ALL = frozenset({"ko"})
# Languages whose headings break only between phrases.
PHRASED_HEADINGS = frozenset({"ja"})

_TAG = re.compile(r"(<[^>]*>)")
_HANGUL_WORD = re.compile(r"[^\s<>]*[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f][^\s<>]*")

# What the templates print as headings or titles: the elements, and paragraphs or spans set
# as one by their class.
HEADING_TAGS = frozenset({"h1", "h2", "h3"})
HEADING_CLASSES = frozenset(
    {
        "box-label",
        "card-heading",
        "contents-heading",
        "contents-title",
        "title-page-title",
        "urgent-heading",
    }
)
_OPEN = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Kana and Han (with the iteration mark and the prolonged sound mark).
_JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u30fc]")
# A line may break after these (closing punctuation, full width and ASCII).
_BREAK_AFTER = frozenset("、。，．：；！？」』）】〕,.:;!?)")


def keeps_words_whole(lang: str) -> bool:
    return lang.split("-")[0] in KEEP_ALL


def keeps_heading_phrases(lang: str) -> bool:
    return lang.split("-")[0] in PHRASED_HEADINGS


def keep_words_whole(html: str) -> str:
    """html with every Hangul word of its body in a span that does not wrap. Only text
    between tags is touched (never a tag or an attribute), and only inside <body>."""
    start = html.find("<body")
    end = html.rfind("</body>")
    if start < 0 or end < 0:
        return html
    parts = _TAG.split(html[start:end])
    for i in range(0, len(parts), 2):  # even items are text, odd ones tags
        parts[i] = _HANGUL_WORD.sub(r'<span class="keep-all">\g<0></span>', parts[i])
    return html[:start] + "".join(parts) + html[end:]


@cache
def _japanese() -> Parser:
    return load_default_japanese_parser()


def _glued(left: str, right: str) -> bool:
    """Two pieces that are one word: digits or Latin letters on both sides (2026年 / 11月,
    SOS)."""
    a, b = left[-1:], right[:1]
    return (a.isdigit() and b.isdigit()) or (
        a.isascii() and a.isalpha() and b.isascii() and b.isalpha()
    )


def phrases(text: str) -> list[str]:
    """Japanese text cut where a line may break: BudouX's phrases, also cut after closing
    punctuation, never between two digits or two Latin letters. Joined, they are the text."""
    pieces: list[str] = []
    for phrase in _japanese().parse(text):
        start = 0
        for index, char in enumerate(phrase[:-1]):
            if char in _BREAK_AFTER:
                pieces.append(phrase[start : index + 1])
                start = index + 1
        pieces.append(phrase[start:])
    merged: list[str] = []
    for piece in pieces:
        if merged and _glued(merged[-1], piece):
            merged[-1] += piece
        else:
            merged.append(piece)
    return merged


def _keep_phrases(text: str) -> str:
    """Escaped text with each Japanese phrase in a span that does not wrap."""
    plain = htmllib.unescape(text)
    if not _JAPANESE.search(plain):
        return text
    out = []
    for phrase in phrases(plain):
        for piece in re.split(r"(\s+)", phrase):  # a space inside a phrase may still break
            if _JAPANESE.search(piece):
                out.append(f'<span class="keep-all">{escape(piece)}</span>')
            else:
                out.append(str(escape(piece)))
    return "".join(out)


def _opens_heading(tag: str) -> str | None:
    """The element name when tag opens a heading or an element set as one."""
    match = _OPEN.fullmatch(tag)
    if match is None or tag.endswith("/>"):
        return None
    name = match.group(1).lower()
    found = _CLASS.search(match.group(2))
    classes = set((found.group(1) or found.group(2) or "").split()) if found else set()
    return name if name in HEADING_TAGS or classes & HEADING_CLASSES else None


def keep_heading_phrases(html: str) -> str:
    """html with each Japanese phrase of its headings and titles in a span that does not
    wrap. Only text between tags is touched, and only inside <body>."""
    start = html.find("<body")
    end = html.rfind("</body>")
    if start < 0 or end < 0:
        return html
    parts = _TAG.split(html[start:end])
    heading: str | None = None
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if heading is None:
                heading = _opens_heading(part)
                depth = 1 if heading else 0
            elif re.fullmatch(rf"<{heading}\b[^>]*>", part, re.IGNORECASE):
                depth += 1
            elif re.fullmatch(rf"</{heading}\s*>", part, re.IGNORECASE):
                depth -= 1
                heading = heading if depth else None
        elif heading is not None and part:
            parts[i] = _keep_phrases(part)
    return html[:start] + "".join(parts) + html[end:]


def break_where_the_language_breaks(html: str, lang: str) -> str:
    """The rendered html with the spans its language's line breaking needs (if any)."""
    if keeps_words_whole(lang):
        return keep_words_whole(html)
    if keeps_heading_phrases(lang):
        return keep_heading_phrases(html)
    return html
