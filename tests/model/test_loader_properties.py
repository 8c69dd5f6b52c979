"""Property tests: whatever bytes or structure a loader is given, it answers with a clear problem
(naming the file, with a line inside it when there is one) or a result, never an exception.

Derandomized with a fixed number of examples, so the run is short and cannot flake.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.base.errors import ProblemList
from builder.base.textfile import decode
from builder.model.catalogs import check_translation, read_catalog
from builder.model.content import load_module
from builder.model.helplines import load_country
from builder.model.overlay import load_overlay
from builder.model.phones import NumberError, dialable
from builder.output.manifest import read_manifest
from builder.plan.batchfile import read_batch

from ..conftest import GB, MODULE

FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _answer(load: Callable[[Path, ProblemList], object], name: str, data: bytes) -> None:
    """Write data to a file called name, load it, and check the answer is clear."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        problems = ProblemList()
        result = load(path, problems)
        lines = data.count(b"\n") + 2
        for problem in problems.items:
            assert problem.message.strip()
            assert problem.file is not None
            assert problem.line is None or 1 <= problem.line <= lines, problem
            assert "Traceback" not in problem.render()
        if result is None:
            assert problems.errors, "nothing loaded, and no problem said why"


@FAST
@given(st.binary(max_size=300))
def test_decode_answers_any_bytes(data: bytes) -> None:
    text, problem = decode(data)
    assert (text is None) != (problem is None)
    if problem is not None:
        assert problem.message and problem.fix
        assert problem.line is None or 1 <= problem.line <= data.count(b"\n") + 1


@FAST
@given(st.binary(max_size=300))
def test_every_loader_answers_random_bytes(data: bytes) -> None:
    _answer(load_country, "GB.toml", data)
    _answer(load_module, "first.md", data)
    _answer(read_catalog, "content.po", data)
    _answer(read_manifest, "manifest.json", data)
    _answer(lambda p, pr: read_batch(p, pr), "batch.toml", data)


TOML_VALUES = st.sampled_from(
    [
        '"x"',
        '""',
        "1",
        "-3",
        "true",
        "2026-11-01",
        "2026-13-45",
        '"+44 116 123"',
        '"999"',
        '"1-800-273-8255"',
        "[]",
        '["mon"]',
        '"https://example.org"',
        '"javascript:x"',
        '"17:00"',
        '"24:00"',
        '"Europe/London"',
        '"UK"',
        '"gb"',
        '"#1d5c3f"',
        '"navy"',
        "{ a = 1 }",
        '"\\u0000"',
        '"unterminated',
        "[1, 2",
        "inf",
        '"""multi\nline"""',
    ]
)
TOML_KEYS = st.sampled_from(
    [
        "country",
        "timezone",
        "id",
        "kind",
        "name",
        "open_24_7",
        "source_url",
        "checked",
        "type",
        "value",
        "website",
        "days",
        "from",
        "to",
        "hours_note",
        "caution",
        "phone",
        "accent",
        "logo",
        "packs",
        "countries",
        "unknown",
        "id id",
        '"quoted"',
        "a.b",
    ]
)
TOML_LINES = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", TOML_KEYS, TOML_VALUES),
    st.sampled_from(
        [
            "[[services]]",
            "[[services.contacts]]",
            "[[services.opening]]",
            "[contact]",
            "[[contact.opening]]",
            "[[services]",
            "[ ]",
            "# note",
            "",
            "=",
            "[[retired]]",
        ]
    ),
    st.text(max_size=20),
)


@FAST
@given(st.lists(TOML_LINES, max_size=25))
def test_toml_loaders_answer_random_structure(lines: list[str]) -> None:
    try:
        data = "\n".join(lines).encode("utf-8")
    except UnicodeEncodeError:
        return  # lone surrogates cannot be saved in a file at all
    _answer(load_country, "GB.toml", data)
    _answer(lambda p, pr: read_batch(p, pr), "batch.toml", data)
    with tempfile.TemporaryDirectory() as folder:
        clinic = Path(folder)
        (clinic / "careprint.toml").write_bytes(data)
        problems = ProblemList()
        if load_overlay(clinic, problems) is None:
            assert problems.errors


@FAST
@given(st.lists(TOML_LINES, max_size=12))
def test_helpline_file_with_random_extra_rows(extra: list[str]) -> None:
    try:
        data = (GB + "\n".join(extra)).encode("utf-8")
    except UnicodeEncodeError:
        return
    _answer(load_country, "GB.toml", data)


MD_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "- ",
        "* ",
        "1. ",
        "> ",
        "```",
        "    code",
        "[a](https://x.org)",
        "]( https://evil.example)",
        "<b>",
        "<https://x.org>",
        "**",
        "_",
        "\n",
        "\n\n",
        "+++",
        "![img](x.png)",
        "| a | b |",
        "---",
        "0800 123 456",
        "word ",
        "\t",
        "\\",
        "`",
    ]
)


@FAST
@given(st.lists(st.one_of(MD_PIECES, st.text(max_size=8)), max_size=40))
def test_module_loader_answers_random_markdown(pieces: list[str]) -> None:
    body = "".join(pieces)
    try:
        data = (MODULE.format(id="first", title="First things", extra="") + body).encode()
    except UnicodeEncodeError:
        return
    _answer(load_module, "first.md", data)


# Typed for hypothesis's Literal category names.
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
PO_LINES = st.one_of(
    st.builds(
        lambda k, t: f'{k} "{t}"',
        st.sampled_from(["msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr[0]"]),
        st.text(
            alphabet=st.characters(blacklist_characters='"\\\n\r', blacklist_categories=SURROGATES),
            max_size=12,
        ),
    ),
    st.sampled_from(
        [
            'msgid "Numbers checked %(date)s"',
            'msgstr "Vérifié %(date)s"',
            'msgstr "100 % le %(date)s"',
            'msgstr "[x]( https://evil.example)"',
            'msgstr "<b>bold</b>"',
            'msgstr "unterminated',
            '"continued"',
            "#, fuzzy",
            "# Review-Status: draft",
            "",
            '#~ msgid "old"',
            'msgid ""',
            'msgstr ""',
            "msgstr",
            '"\\"',
            "garbage",
        ]
    ),
)


@FAST
@given(st.lists(PO_LINES, max_size=20))
def test_catalog_reader_answers_random_po(lines: list[str]) -> None:
    try:
        data = "\n".join(lines).encode("utf-8")
    except UnicodeEncodeError:
        return

    def load(path: Path, problems: ProblemList) -> object:
        catalog = read_catalog(path, problems)
        for message in catalog or []:
            if message.id:
                check_translation(message, path, problems)
        return catalog

    _answer(load, "content.po", data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["format", "generator", "shard", "documents", "x"]), JSON, max_size=4
    )
)
def test_manifest_reader_answers_random_json(data: dict[str, object]) -> None:
    _answer(read_manifest, "manifest.json", json.dumps(data).encode())


@FAST
@given(st.text(max_size=20), st.sampled_from(["GB", "US", "DE", "BR", "ZZ"]))
def test_phone_numbers_are_checked_or_refused(value: str, country: str) -> None:
    try:
        dial = dialable(value, country)
    except NumberError as exc:
        assert str(exc)
    else:
        assert dial.display and dial.tel
