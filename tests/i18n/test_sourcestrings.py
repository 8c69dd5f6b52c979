"""The extraction a build compares locales with: kept per state of the sources, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.base.errors import ProblemList
from builder.i18n import pot
from builder.i18n.sourcestrings import source_keys, source_strings, sources_digest
from builder.model.catalogs import lookup_key
from builder.model.project import load_project

from ..conftest import MiniProject


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "careprint" / "source-strings"


def _no_extraction(*args: object) -> None:
    raise AssertionError("the sources were extracted again")


def test_unchanged_sources_are_read_from_the_cache(
    mini: MiniProject, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(mini.root, ProblemList())
    first = source_strings(project)
    assert [p.name for p in cache.iterdir()] == [f"{sources_digest(project)}.json"]
    monkeypatch.setattr(pot, "extract", _no_extraction)
    assert source_strings(project) == first


def test_the_cache_matches_a_fresh_extraction(mini: MiniProject, cache: Path) -> None:
    project = load_project(mini.root, ProblemList())
    source_strings(project)  # written
    cached = source_strings(project)  # read back
    fresh = {
        domain: {lookup_key(domain, m) for m in pot.extract(project, domain) if m.id}
        for domain in ("ui", "content", "helplines")
    }
    assert {domain: {s.key for s in strings} for domain, strings in cached.items()} == fresh
    [heading] = [s for s in cached["content"] if s.msgid == "First things"]
    assert heading.context == "first" and heading.filename.endswith("modules/first.md")
    assert heading.line == 3


def test_an_edited_module_is_extracted_again(mini: MiniProject, cache: Path) -> None:
    project = load_project(mini.root, ProblemList())
    assert (None, "First things") not in source_keys(project)["content"]
    before = sources_digest(project)
    mini.write_module("first", "A brand new title")
    project = load_project(mini.root, ProblemList())
    assert sources_digest(project) != before
    assert ("first", "A brand new title") in source_keys(project)["content"]
    assert ("first", "First things") not in source_keys(project)["content"]


def test_a_damaged_cache_file_is_replaced(mini: MiniProject, cache: Path) -> None:
    project = load_project(mini.root, ProblemList())
    good = source_strings(project)
    path = cache / f"{sources_digest(project)}.json"
    path.write_text('{"ui": [[1, 2')
    assert source_strings(project) == good
    assert set(json.loads(path.read_text())) == {"ui", "content", "helplines"}
    assert source_strings(project) == good
