"""A country's default language that is not ready to print: Andorra's Catalan in the mini
project, started or translated, and a build that takes every country in its default languages,
as `build --all` does."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from builder.base.errors import ProblemList
from builder.i18n.sourcestrings import source_strings
from builder.i18n.upkeep import render_po
from builder.model.project import load_project

from ..conftest import REPO, MiniProject
from ..model.test_catalogs import add_locale

# A rule for the test's Catalan catalog, so that it is checked and counted: the real
# packs/safe-messaging/ca.toml is a translator's work, not a test's.
CA_RULES = """\
[[rules]]
pattern = '''\\bsuïcidi\\s+comès'''
reason = "a test rule"
suggestion = "s"
examples = ["suïcidi comès"]
allowed = ["suïcidi"]
"""


def start_catalan(mini: MiniProject, fill: bool) -> MiniProject:
    """Andorra's helplines and ca with its rules written; ca is AD's default language."""
    mini.write_helplines("AD", (REPO / "packs/helplines/AD.toml").read_text())
    add_locale(mini, "ca", fill=fill)
    (mini.root / "packs/safe-messaging/ca.toml").write_text(CA_RULES, encoding="utf-8")
    return mini


@pytest.fixture
def catalan(mini: MiniProject) -> MiniProject:
    """ca barely started: below the pack's threshold."""
    return start_catalan(mini, fill=False)


@pytest.fixture
def catalan_translated(mini: MiniProject) -> MiniProject:
    """ca translated, Andorra's helpline texts too, and still a draft (as `i18n update`
    starts it): nothing in it prints in English."""
    start_catalan(mini, fill=True)
    path = mini.root / "locales/ca/LC_MESSAGES/helplines.po"
    catalog = read_po(path.open("rb"))
    for string in source_strings(load_project(mini.root, ProblemList()))["helplines"]:
        if string.context == "AD":
            message = catalog.get(string.msgid, context="AD")
            assert message is not None
            message.string = f"CA {string.msgid}"
            message.flags.discard("fuzzy")
    path.write_bytes(render_po(catalog))
    return mini


CA_CATALOG = "locales/ca/LC_MESSAGES/content.po"
DEFAULT_BUILT = ["mini/GB/en/card-sheet.pdf", "mini/US/en/card-sheet.pdf"]
AD_CA = "mini/AD/ca/card-sheet.pdf"


def build_by_default(
    run_cli: Callable[..., tuple[int, str]], mini: MiniProject, *flags: str
) -> tuple[int, str, dict[str, dict[str, object]]]:
    """`careprint build` of every country's card sheet in its default languages (what --all
    does for each product): exit code, output and the manifest's documents."""
    out = mini.root / "out"
    code, output = run_cli(
        "build",
        "--root",
        str(mini.root),
        "--out",
        str(out),
        "--product",
        "card-sheet",
        "--jobs",
        "1",
        *flags,
    )
    documents = manifest(out) if (out / "manifest.json").exists() else {}
    return code, output, documents


def manifest(out: Path) -> dict[str, dict[str, object]]:
    documents: dict[str, dict[str, object]] = json.loads((out / "manifest.json").read_text())[
        "documents"
    ]
    return documents


def fails_alone(
    run_cli: Callable[..., tuple[int, str]],
    mini: MiniProject,
    flags: tuple[str, ...],
    before: tuple[str, ...] = (),
    failing: str = AD_CA,
) -> str:
    """Build every country's card sheet in its default languages (AD in ca among them), with
    `before`, then again with `flags`: AD's card sheet in ca (or `failing`) fails with one
    error, its older copy gone, while the others stay built, and the build exits 1. Returns
    that error as the manifest keeps it (the output says it too)."""
    [error] = fails_alone_with_all(run_cli, mini, flags, before, failing)
    return error


def fails_alone_with_all(
    run_cli: Callable[..., tuple[int, str]],
    mini: MiniProject,
    flags: tuple[str, ...],
    before: tuple[str, ...] = (),
    failing: str = AD_CA,
) -> list[str]:
    """As fails_alone, with every error the document fails with, in order."""
    out = mini.root / "out"
    code, output, documents = build_by_default(run_cli, mini, *before)
    assert code == 0 and documents[failing]["status"] == "ok", output
    code, output, documents = build_by_default(run_cli, mini, *flags)
    assert code == 1, output
    assert {path: entry["status"] for path, entry in documents.items()} == {
        failing: "failed",
        **dict.fromkeys(DEFAULT_BUILT, "ok"),
    }
    assert all((out / path).exists() for path in DEFAULT_BUILT)
    assert not (out / failing).exists()
    errors = documents[failing]["errors"]
    assert isinstance(errors, list) and errors
    for error in errors:
        assert str(error) in " ".join(output.split()), output
    return [str(error) for error in errors]


def refuses_all(run_cli: Callable[..., tuple[int, str]], mini: MiniProject, *flags: str) -> str:
    """The same build naming ca (--locale ca, or --with ca), or whatever `flags` name:
    refused, nothing written; the output."""
    shutil.rmtree(mini.root / "out", ignore_errors=True)
    code, output, _ = build_by_default(run_cli, mini, *flags)
    assert code == 1 and not (mini.root / "out").exists(), output
    return output
