"""Loaded locales are kept per state of their files: a warm load equals a cold read, problems
and all, and any change to what a load reads (a catalog, a rules file, careprint's code) or a
damaged cache file means a fresh read."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from builder.base.errors import Problem, ProblemList
from builder.base.writer import user_cache
from builder.model import catalogs, lint, localecache
from builder.model.catalogs import LocaleCatalogs
from builder.model.localecache import load_locale
from builder.model.project import load_project, shipped_locales
from builder.model.prose import Unit

from ..conftest import REPO, RUN_FOLDER, MiniProject
from .test_catalogs import add_locale, set_translation

Loaded = tuple[LocaleCatalogs | None, list[Problem]]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder and nothing in memory: the first load is a cold read."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    localecache.forget()
    yield tmp_path / "cache" / "careprint" / "locales"
    localecache.forget()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The locales read from their files (not from a cache), in order."""
    done: list[str] = []

    def counting(root: Path, locale: str, problems: ProblemList) -> LocaleCatalogs | None:
        done.append(locale)
        return catalogs.read_locale(root, locale, problems)

    monkeypatch.setattr(localecache, "read_locale", counting)
    return done


def load(root: Path, locale: str) -> Loaded:
    problems = ProblemList()
    return load_locale(root, locale, problems), problems.items


def cold(root: Path, locale: str) -> Loaded:
    problems = ProblemList()
    return catalogs.read_locale(root, locale, problems), problems.items


def test_every_shipped_locale_loads_the_same_from_memory_and_from_disk(
    cache: Path, reads: list[str]
) -> None:
    locales = shipped_locales(REPO)[1:]
    assert len(locales) >= 30
    fresh = {locale: load(REPO, locale) for locale in locales}
    assert reads == list(locales)  # nothing was cached: each was read from its files
    assert {p.name.split("-")[0] for p in cache.iterdir()} == set(locales)
    assert {locale: load(REPO, locale) for locale in locales} == fresh  # in memory
    localecache.forget()
    assert {locale: load(REPO, locale) for locale in locales} == fresh  # from the files
    assert reads == list(locales)  # and neither read a catalog again
    assert all(loaded is not None and loaded.ui for loaded, _ in fresh.values())


def unsafe_french(mini: MiniProject) -> Path:
    """A French catalog holding a banned framing, a phone number, HTML and a lost placeholder."""
    folder = add_locale(mini)
    set_translation(folder / "content.po", "First things", "Il a commis un suicide")
    set_translation(folder / "content.po", "One item", "Appelez le 0800 123 456")
    set_translation(folder / "content.po", "Another item", "<b>Un autre</b>")
    set_translation(folder / "ui.po", "Numbers checked %(date)s", "Numéros vérifiés")
    return folder


def test_problems_of_an_unsafe_translation_are_reported_on_every_load(
    mini: MiniProject, cache: Path, reads: list[str]
) -> None:
    unsafe_french(mini)
    catalogs_cold, problems_cold = cold(mini.root, "fr")
    assert [p.code for p in problems_cold] == ["CP4003", "CP2005", "CP4012", "CP4004"]
    assert load(mini.root, "fr") == (catalogs_cold, problems_cold)  # read, then kept
    assert load(mini.root, "fr") == (catalogs_cold, problems_cold)  # from memory
    localecache.forget()
    assert load(mini.root, "fr") == (catalogs_cold, problems_cold)  # from the file
    assert reads == ["fr"]
    # The whole project: the same problems, in the same order, on every load.
    first, second = ProblemList(), ProblemList()
    load_project(mini.root, first)
    load_project(mini.root, second)
    assert first.items == second.items
    assert [p for p in first.items if p.file and "locales" in p.file.parts] == problems_cold


def test_a_handed_out_catalog_is_a_copy(mini: MiniProject, cache: Path) -> None:
    add_locale(mini)
    loaded, _ = load(mini.root, "fr")
    assert loaded is not None and loaded.ui
    loaded.ui.clear()
    loaded.content.clear()
    again, _ = load(mini.root, "fr")
    assert again is not None and again.ui and again.content


def test_an_edited_catalog_is_read_again(mini: MiniProject, cache: Path, reads: list[str]) -> None:
    folder = add_locale(mini)
    before, _ = load(mini.root, "fr")
    set_translation(folder / "content.po", "First things", "Les premières choses")
    after, problems = load(mini.root, "fr")
    assert reads == ["fr", "fr"] and problems == []
    assert before is not None and after is not None
    assert before.content[("first", "First things")] == "FR First things"
    assert after.content[("first", "First things")] == "Les premières choses"


RULE = """
[[rules]]
pattern = 'premières? choses'
reason = "a test rule"
suggestion = "autre chose"
examples = ["premières choses"]
"""


def test_an_edited_rules_file_is_read_again(
    mini: MiniProject, cache: Path, reads: list[str]
) -> None:
    folder = add_locale(mini)
    set_translation(folder / "content.po", "First things", "Premières choses")
    assert load(mini.root, "fr")[1] == []
    rules = mini.root / "packs" / "safe-messaging" / "fr.toml"
    rules.write_text(rules.read_text(encoding="utf-8") + RULE, encoding="utf-8")
    assert [p.code for p in load(mini.root, "fr")[1]] == ["CP2005"]
    assert reads == ["fr", "fr"]


def test_a_new_rules_file_of_the_locales_own_is_read(
    mini: MiniProject, cache: Path, reads: list[str]
) -> None:
    """fr_CA is checked with fr.toml until fr_CA.toml exists; then with that one."""
    folder = add_locale(mini, "fr_CA")
    set_translation(folder / "content.po", "First things", "Premières choses")
    assert load(mini.root, "fr_CA")[1] == []
    own = mini.root / "packs" / "safe-messaging" / "fr_CA.toml"
    own.write_text(RULE, encoding="utf-8")
    assert [p.code for p in load(mini.root, "fr_CA")[1]] == ["CP2005"]
    assert reads == ["fr_CA", "fr_CA"]


def test_a_catalog_edited_while_it_is_read_is_not_kept(
    mini: MiniProject, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = add_locale(mini)

    def edited_meanwhile(root: Path, locale: str, problems: ProblemList) -> LocaleCatalogs | None:
        loaded = catalogs.read_locale(root, locale, problems)
        set_translation(folder / "content.po", "First things", "Les premières choses")
        return loaded

    monkeypatch.setattr(localecache, "read_locale", edited_meanwhile)
    before, _ = load(mini.root, "fr")
    assert before is not None and before.content[("first", "First things")] == "FR First things"
    assert not cache.exists()  # kept under neither the old files' key nor the new
    monkeypatch.setattr(localecache, "read_locale", catalogs.read_locale)
    after, _ = load(mini.root, "fr")
    assert after is not None
    assert after.content[("first", "First things")] == "Les premières choses"


def test_other_code_reads_again(
    mini: MiniProject, cache: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_locale(mini)
    first = load(mini.root, "fr")
    monkeypatch.setattr(localecache, "code_digest", lambda: "another version of careprint")
    assert load(mini.root, "fr") == first
    assert reads == ["fr", "fr"]
    assert len(list(cache.glob("fr-*.json"))) == 2


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _letter_changed(data: bytes) -> bytes:
    at = data.index(b"FR First things")
    return data[:at] + b"XR" + data[at + 2 :]


def _well_formed_but_foreign(data: bytes) -> bytes:
    payload = b'{"problems": [["CP4003"]], "catalogs": {"ui": 5}}'
    return hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


@pytest.mark.parametrize(
    "damage",
    [
        _truncated,
        _letter_changed,
        _well_formed_but_foreign,
        lambda data: b"",
        lambda data: b"\xff\xfe garbage \x00",
    ],
    ids=["truncated", "letter-changed", "foreign", "empty", "garbage"],
)
def test_a_damaged_cache_file_is_read_again_and_replaced(
    mini: MiniProject, cache: Path, reads: list[str], damage: Callable[[bytes], bytes]
) -> None:
    add_locale(mini)
    first = load(mini.root, "fr")
    [path] = cache.glob("fr-*.json")
    good = path.read_bytes()
    path.write_bytes(damage(good))
    localecache.forget()
    assert load(mini.root, "fr") == first
    assert reads == ["fr", "fr"]
    assert path.read_bytes() == good


def test_a_cache_that_cannot_be_written_only_costs_time(
    mini: MiniProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    add_locale(mini)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    localecache.forget()
    first = load(mini.root, "fr")
    localecache.forget()
    assert load(mini.root, "fr") == first
    assert reads == ["fr", "fr"]
    localecache.forget()


def test_an_unreadable_catalog_is_reported_not_cached(
    mini: MiniProject, cache: Path, reads: list[str]
) -> None:
    folder = add_locale(mini)
    (folder / "ui.po").unlink()
    (folder / "ui.po").mkdir()  # a folder where the catalog should be
    for _ in range(2):
        loaded, problems = load(mini.root, "fr")
        assert loaded is None and [p.code for p in problems] == ["CP4009"]
    assert reads == ["fr", "fr"] and not cache.exists()


def test_the_test_run_never_touches_the_developers_cache() -> None:
    """conftest points XDG_CACHE_HOME into the run's own folder before any test loads."""
    run = Path(os.environ[RUN_FOLDER])
    assert user_cache("locales").is_relative_to(run)
    assert not user_cache("locales").is_relative_to(Path.home() / ".cache")


def test_each_rules_file_is_parsed_and_compiled_once(tmp_path: Path) -> None:
    first = lint.load_locale_rules(REPO, "de", ProblemList())
    again = lint.load_locale_rules(REPO, "de", ProblemList())
    assert first and all(a is b for a, b in zip(first, again, strict=True))
    assert all(rule.regex is lint._compiled(rule.pattern) for rule in first)
    misses = lint._compiled.cache_info().misses
    text = " ".join(example for rule in first for example in rule.examples)
    problems = ProblemList()
    lint.lint_with([Unit("translation", text, tmp_path / "de.po", 1)], first, problems)
    assert len(problems.items) >= len(first)  # every rule caught its examples
    assert lint._compiled.cache_info().misses == misses  # and compiled nothing new
