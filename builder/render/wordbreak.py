"""Korean lines break between words, never inside one.

Korean is written with spaces between words, and a line that ends inside a word ("연락하" /
"세요") reads as two words. CSS says so with `word-break: keep-all`, which the pinned
WeasyPrint does not support (70.0 knows `normal` and `break-all` only), and Pango breaks
between any two Hangul syllables (UAX #14). So each Korean word of the body is wrapped, at
render time, in a span that does not wrap (`.keep-all` in base.css): lines still break at
the spaces between words, and the text itself (what pdftotext and screen readers read) is
unchanged.
"""

from __future__ import annotations

import re

# Languages whose words are kept whole (BCP 47 primary subtags).
KEEP_ALL = frozenset({"ko"})

_TAG = re.compile(r"(<[^>]*>)")
_HANGUL_WORD = re.compile(r"[^\s<>]*[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f][^\s<>]*")


def keeps_words_whole(lang: str) -> bool:
    return lang.split("-")[0] in KEEP_ALL


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
