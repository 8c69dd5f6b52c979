"""A language a translator has just started, without its safe-messaging rules yet: its own
documents are refused (CP2004, naming the rules file to add), while builds, checks and the
preview of every other locale go on with a warning."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from babel.messages.pofile import read_po

from builder import pipeline
from builder.base.errors import InputError, ProblemList
from builder.i18n.sourcestrings import source_strings
from builder.i18n.upkeep import render_po
from builder.model.project import load_project
from builder.plan.request import BuildRequest
from builder.preview.server import Workbench
from builder.run.batch import BatchOptions

from ..building import build_docs
from ..conftest import REPO, MiniProject
from ..model.test_catalogs import add_locale, set_translation
from .conftest import CA_CATALOG, fails_alone, fails_alone_with_all, refuses_all

Run = Callable[..., tuple[int, str]]
EO_CATALOG = "locales/eo/LC_MESSAGES/content.po"  # Esperanto: no packs/safe-messaging/eo.toml


@pytest.fixture
def half_started(mini: MiniProject) -> MiniProject:
    """fr translated (its rules ship), eo started with `i18n update` but no rules file."""
    add_locale(mini, "fr")
    add_locale(mini, "eo")
    assert not (mini.root / "packs" / "safe-messaging" / "eo.toml").exists()
    return mini


def request(mini: MiniProject, **kw: object) -> BuildRequest:
    kw.setdefault("out", mini.root / "out")
    kw.setdefault("countries", ["GB"])
    kw.setdefault("products", ["card-sheet"])
    return BuildRequest(root=mini.root, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("strict", [False, True])  # --strict: a clinic's French build
@pytest.mark.parametrize("locales", [["fr"], []])  # fr asked for; GB's default (English)
def test_other_locales_build_with_a_warning_naming_the_rules_file(
    half_started: MiniProject, locales: list[str], strict: bool
) -> None:
    """The warning is about a locale this build does not print, so --strict (which fails on
    what the build prints) leaves it a warning."""
    if strict:  # nothing else of fr may print in English either: GB's helpline texts too
        path = half_started.root / "locales/fr/LC_MESSAGES/helplines.po"
        catalog = read_po(path.open("rb"))
        project = load_project(half_started.root, ProblemList())
        for string in source_strings(project)["helplines"]:
            if string.context == "GB":
                catalog.add(string.msgid, f"FR {string.msgid}", context="GB")
        path.write_bytes(render_po(catalog))
    result = build_docs(request(half_started, locales=locales, strict=strict))
    assert [path.suffix for path in result.written] == [".pdf"]
    [warning] = [w for w in result.warnings if w.code == "CP2004"]
    assert warning.file == half_started.root / EO_CATALOG
    assert "no safe-messaging rules for eo" in warning.message
    assert "packs/safe-messaging/eo.toml" in warning.fix


def test_documents_in_the_locale_without_rules_are_refused_and_nothing_is_written(
    half_started: MiniProject,
) -> None:
    with pytest.raises(InputError) as caught:
        build_docs(
            request(
                half_started,
                locales=["eo", "fr"],
                products=["card-sheet", "handout"],
                allow_incomplete=True,
            )
        )
    [problem] = [p for p in caught.value.problems() if p.code == "CP2004"]
    assert problem.file == half_started.root / EO_CATALOG
    assert "its 2 document(s) in this build are not built" in problem.message
    assert "packs/safe-messaging/eo.toml" in problem.fix
    assert not (half_started.root / "out").exists()


def test_check_fails_on_it_and_still_checks_the_other_catalogs(
    half_started: MiniProject, run_cli: Run
) -> None:
    stale = half_started.root / "locales" / "fr" / "LC_MESSAGES" / "content.po"
    text = stale.read_text(encoding="utf-8")
    entry = 'msgid "Another item"\nmsgstr "FR Another item"\n'
    assert entry in text
    stale.write_text(text.replace(entry, ""), encoding="utf-8")
    code, output = run_cli("check", "--root", str(half_started.root))
    assert code == 1
    assert f"error CP2004 {EO_CATALOG}: no safe-messaging rules for eo" in output
    assert "none of its documents can be built" in output
    assert "CP4202 locales/fr/LC_MESSAGES/content.po" in output  # fr is still checked
    code, output = run_cli("i18n", "check", "--root", str(half_started.root))
    assert code == 1 and f"error CP2004 {EO_CATALOG}" in output


def test_translation_stats_of_both_locales_go_on(half_started: MiniProject, run_cli: Run) -> None:
    code, output = run_cli("i18n", "stats", "--root", str(half_started.root))
    assert code == 0, output
    assert [line.split()[0] for line in output.splitlines()[1:]] == ["eo", "fr"]


def test_the_preview_shows_the_other_locale_and_refuses_this_one(
    half_started: MiniProject,
) -> None:
    root = half_started.root
    french = Workbench(root, "fr", "GB", root / "out" / "fr", ("card-sheet",))
    french.rebuild()
    assert french.state.blocking == []
    assert {key: view.status for key, view in french.state.documents.items()} == {
        ("card-sheet", "fr"): "built",
        ("card-sheet", "en"): "built",
    }
    esperanto = Workbench(root, "eo", "GB", root / "out" / "eo", ("card-sheet",))
    esperanto.rebuild()
    [blocking] = [line for line in esperanto.state.blocking if "CP2004" in line]
    assert f"{EO_CATALOG}: no safe-messaging rules for eo" in blocking
    assert "packs/safe-messaging/eo.toml" in blocking
    assert esperanto.state.documents == {}


def test_a_country_whose_language_has_no_rules_fails_alone_in_a_default_build(
    half_started: MiniProject,
) -> None:
    """`build --all` plans each country's default locales, so starting Catalan makes it
    Andorra's language: Andorra's documents fail, each naming the rules file to add, while the
    other countries are built (also under --strict); asked for by name, see the test above."""
    half_started.write_helplines("AD", (REPO / "packs/helplines/AD.toml").read_text())
    add_locale(half_started, "ca")
    for strict in (False, True):
        report = pipeline.build(
            request(half_started, countries=[], strict=strict),
            BatchOptions(jobs=1, force=True, catalogue=False),
        )
        assert sorted(f.path for f in report.built) == [
            "mini/GB/en/card-sheet.pdf",
            "mini/US/en/card-sheet.pdf",
        ]
        assert [f.path for f in report.failed] == ["mini/AD/ca/card-sheet.pdf"]
        [error] = report.failed[0].errors
        assert error.code == "CP2004" and error.file == half_started.root / CA_CATALOG
        assert "packs/safe-messaging/ca.toml" in error.fix
        assert not (half_started.root / "out/mini/AD").exists()
        manifest = json.loads((half_started.root / "out/manifest.json").read_text())
        assert manifest["documents"]["mini/AD/ca/card-sheet.pdf"]["status"] == "failed"


def test_a_draft_default_language_fails_alone_under_require_reviewed(
    catalan_translated: MiniProject, run_cli: Run
) -> None:
    """`build --all --require-reviewed` refused everything while any country's default
    language was a draft (every shipped one is): now that language's documents fail, each
    naming its catalog, and the reviewed and English ones are built. Named, it still refuses
    the build."""
    error = fails_alone(run_cli, catalan_translated, ("--require-reviewed",))
    assert error == (
        f"error CP4101 {CA_CATALOG}: the ca translation is a draft, not yet reviewed by a native "
        "speaker, so this document is not built (build without --require-reviewed, or have it "
        "reviewed and set '# Review-Status: reviewed')"
    )
    for named in (("--locale", "ca"), ("--with", "ca")):
        output = refuses_all(run_cli, catalan_translated, "--require-reviewed", *named)
        assert f"error CP4101 {CA_CATALOG}: the ca translation is a draft" in output


def test_a_document_refused_for_several_reasons_names_every_one(
    catalan_translated: MiniProject, run_cli: Run
) -> None:
    """A draft with an untranslated string, under --require-reviewed --strict: AD's
    document named only the first reason, so fixing it was the only way to learn of the
    second. It names both, in the order the checks run."""
    line = set_translation(catalan_translated.root / CA_CATALOG, "Another item", "")
    errors = fails_alone_with_all(run_cli, catalan_translated, ("--require-reviewed", "--strict"))
    assert [error.split()[1] for error in errors] == ["CP4101", "CP4102"]
    assert f"{CA_CATALOG}:{line}: ca: 1 string(s) are not translated" in errors[1]


def test_untranslated_text_in_a_default_language_fails_alone_under_strict(
    catalan_translated: MiniProject, run_cli: Run
) -> None:
    """`build --all --strict` refused everything for one string a country's default language
    had not translated (CP4102), or one of its helpline texts (CP4104): now that language's
    documents fail, each with one error naming the first entry, how many there are and the
    fix, and the others are built. Named, each entry still refuses the build."""
    root = catalan_translated.root
    line = set_translation(root / CA_CATALOG, "Another item", "")
    error = fails_alone(run_cli, catalan_translated, ("--strict",))
    assert error == (
        f"error CP4102 {CA_CATALOG}:{line}: ca: 1 string(s) are not translated, the first "
        '"Another item" [first], so under --strict this document is not built (translate them '
        "(careprint i18n stats --locale ca lists what is missing), or build without --strict "
        "to print them in English)"
    )
    output = refuses_all(run_cli, catalan_translated, "--strict", "--locale", "ca")
    assert (
        f'error CP4102 {CA_CATALOG}:{line}: ca: "Another item" [first] is not translated' in output
    )
    set_translation(root / CA_CATALOG, "Another item", "CA Another item")
    helplines = root / "locales/ca/LC_MESSAGES/helplines.po"
    line = set_translation(helplines, "Emergency numbers", "")
    error = fails_alone(run_cli, catalan_translated, ("--strict",))
    assert error.startswith(
        f"error CP4104 {helplines.relative_to(root)}:{line}: ca: 1 helpline text(s) for AD are "
        'not translated, the first "Emergency numbers", so under --strict this document is not '
        "built (add them to locales/ca/LC_MESSAGES/helplines.po"
    )
    output = refuses_all(run_cli, catalan_translated, "--strict", "--locale", "ca")
    assert 'ca: helpline text "Emergency numbers" for AD is not translated' in output
