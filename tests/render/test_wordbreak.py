"""Korean lines break at the spaces between words, never inside a word; Japanese headings break
between phrases (#19)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po

from builder.base.errors import ProblemList
from builder.i18n.upkeep import render_po, update_locale
from builder.model.project import load_project
from builder.plan.request import BuildRequest
from builder.render.wordbreak import (
    break_where_the_language_breaks,
    keep_words_whole,
    keeps_words_whole,
    phrases,
)

from ..building import build_docs
from ..conftest import TIMEOUT, MiniProject
from ..typeset.test_rtl import PAGE_COUNTER

# Words of several lengths, so lines end in many places: long enough to wrap each paragraph.
KOREAN = (
    "지금 바로 긴급신고 번호로 전화하거나 응급실로 가세요. 괜찮아 보여도 과다복용은 "
    "몇 시간이 지나서야 나타나기도 해요. 지켜보며 기다리지 마세요."
)
HANGUL = re.compile("[\uac00-\ud7a3]")


def test_only_body_text_is_wrapped() -> None:
    html = (
        '<html lang="ko"><head><title>제목 한국어</title></head>'
        '<body><p class="x" title="속성 값">응급실로 가세요 (112)</p><a href="#m-1">전화</a>'
        "</body></html>"
    )
    assert keep_words_whole(html) == (
        '<html lang="ko"><head><title>제목 한국어</title></head>'
        '<body><p class="x" title="속성 값"><span class="keep-all">응급실로</span> '
        '<span class="keep-all">가세요</span> (112)</p><a href="#m-1">'
        '<span class="keep-all">전화</span></a></body></html>'
    )
    assert keeps_words_whole("ko") and not keeps_words_whole("ja")


def korean_catalog(mini: MiniProject) -> None:
    update_locale(load_project(mini.root, ProblemList()), "ko", "test")
    for domain in ("ui", "content"):
        path = mini.root / "locales/ko/LC_MESSAGES" / f"{domain}.po"
        catalog = read_po(path.open("rb"))
        for message in catalog:
            if message.id == PAGE_COUNTER:  # kept short: the counter's box never wraps
                message.string = "%(page)s / %(pages)s"
            elif message.id:
                placeholders = " ".join(re.findall(r"%\(\w+\)s", str(message.id)))
                message.string = f"{KOREAN} {placeholders}".strip()
        path.write_bytes(render_po(catalog))


def printed_lines(pdf: Path) -> list[str]:
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout.splitlines()


def test_no_korean_line_ends_inside_a_word(mini: MiniProject) -> None:
    korean_catalog(mini)
    built = build_docs(
        BuildRequest(
            root=mini.root,
            out=mini.root / "out",
            countries=["GB"],
            locales=["ko"],
            products=["handout"],
        )
    )
    words = set(KOREAN.split()) | {"한국어"}  # and the footer's language name
    lines = [line for line in printed_lines(built.written[0]) if HANGUL.search(line)]
    wrapped = [line for line in lines if KOREAN not in line]
    assert len(wrapped) > 10  # the paragraphs do wrap
    for line in lines:
        # Every run of Hangul on a line is a whole word of the catalog's sentence (dates,
        # "2026년 11월 1일", are formatted by Babel, not translated).
        pieces = [p for p in line.split() if HANGUL.search(p) and not re.search(r"\d", p)]
        assert [p for p in pieces if p not in words] == [], line


def test_japanese_headings_break_only_between_phrases() -> None:
    html = (
        '<html lang="ja"><head><title>早わかりガイド</title></head><body>'
        '<h1 title="早わかり">大切な人が自分を傷つけるとき：早わかりガイド</h1>'
        '<h2><span class="module-number">1</span>いま &amp; すぐ</h2>'
        '<p class="box-label">番号の確認日：2026年11月22日</p>'
        "<p>本文は文字の間で折り返してよい</p></body></html>"
    )
    kept = break_where_the_language_breaks(html, "ja")
    assert kept == (
        '<html lang="ja"><head><title>早わかりガイド</title></head><body>'
        '<h1 title="早わかり"><span class="keep-all">大切な</span><span class="keep-all">人が'
        '</span><span class="keep-all">自分を</span><span class="keep-all">傷つける</span>'
        '<span class="keep-all">とき：</span><span class="keep-all">早わかりガイド</span></h1>'
        '<h2><span class="module-number">1</span><span class="keep-all">いま</span> &amp; '
        '<span class="keep-all">すぐ</span></h2>'
        '<p class="box-label"><span class="keep-all">番号の</span><span class="keep-all">'
        '確認日：</span><span class="keep-all">2026年11月22日</span></p>'
        "<p>本文は文字の間で折り返してよい</p></body></html>"
    )
    # Only Japanese headings: other languages' are untouched.
    assert break_where_the_language_breaks(html, "zh-Hans") == html


def test_a_phrase_never_splits_a_number_or_a_latin_word() -> None:
    assert phrases("番号の確認日：2026年11月22日")[-2:] == ["確認日：", "2026年11月22日"]
    assert "".join(phrases("#いのちSOS（ライフリンク）")) == "#いのちSOS（ライフリンク）"
    assert not any(p.endswith("SO") for p in phrases("いのちSOSに電話する"))
