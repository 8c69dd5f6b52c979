"""A catalog below its pack's completeness threshold is refused unless the build asks for it,
and then marked in the manifest and catalogue; a product's own strings do not count."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from babel.messages.pofile import read_po

from builder import pipeline
from builder.base.errors import InputError, ProblemList
from builder.i18n.extract import PRODUCT_CONTEXTS
from builder.i18n.sourcestrings import source_strings
from builder.i18n.upkeep import render_po
from builder.model.project import load_project
from builder.plan.request import BuildRequest
from builder.run.batch import BatchOptions
from builder.validate.completeness import completeness

from ..building import build_docs
from ..conftest import MiniProject
from ..model.test_catalogs import add_locale
from .conftest import AD_CA, CA_CATALOG, fails_alone, manifest, refuses_all


def fill(mini: MiniProject, every: int, products_too: bool = True) -> float:
    """Translate every `every`-th string of fr (0: none); return the share the build counts."""
    folder = add_locale(mini, fill=False)
    for domain in ("ui", "content"):
        path = folder / f"{domain}.po"
        catalog = read_po(path.open("rb"))
        for index, message in enumerate(m for m in catalog if m.id):
            own = domain == "content" and message.context in PRODUCT_CONTEXTS
            if (every and index % every == 0) or (own and products_too and every):
                message.string = "FR " + str(message.id)
        path.write_bytes(render_po(catalog))
    project = load_project(mini.root, ProblemList())
    keys = {d: {s.key for s in found} for d, found in source_strings(project).items()}
    return completeness(project.catalogs["fr"], keys)


def request(mini: MiniProject, **kw: object) -> BuildRequest:
    kw.setdefault("out", mini.root / "out")
    kw.setdefault("countries", ["GB"])
    kw.setdefault("locales", ["fr"])
    kw.setdefault("products", ["handout", "card"])
    return BuildRequest(root=mini.root, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("every,shown", [(0, "0%"), (2, "5")])
def test_an_incomplete_catalog_is_refused_naming_locale_share_and_option(
    mini: MiniProject, every: int, shown: str
) -> None:
    mini.write_pack(["first", "help"], ("handout", "card"))
    share = fill(mini, every)
    assert share < 0.95 and (share == 0 if every == 0 else 0.4 < share < 0.6)
    with pytest.raises(InputError) as caught:
        build_docs(request(mini))
    message = str(caught.value)
    assert "locales/fr/LC_MESSAGES/content.po: fr: only " + shown in message
    assert "below pack mini's threshold of 95%" in message
    assert "--allow-incomplete" in message and "min_complete" in message
    assert not (mini.root / "out").exists()  # refused before anything is written


def test_built_on_request_it_is_marked_in_manifest_and_catalogue(mini: MiniProject) -> None:
    mini.write_pack(["first", "help"], ("handout", "card"))
    share = fill(mini, 2)
    out = mini.root / "out"
    result = build_docs(request(mini, allow_incomplete=True), catalogue=True)
    assert len(result.written) == 2
    assert any("built on request and marked incomplete" in w.message for w in result.warnings)
    documents = manifest(out)
    assert {name: d["incomplete"] for name, d in documents.items()} == {
        "mini/GB/fr/handout.pdf": {"fr": share},
        "mini/GB/fr/card.pdf": {"fr": share},
    }
    html = (out / "index.html").read_text()
    shown = f"{int(share * 1000) / 10:g}%"
    assert html.count(f"incomplete translation: fr {shown} translated") == 2


def test_a_complete_catalog_builds_unmarked(mini: MiniProject) -> None:
    mini.write_pack(["first", "help"], ("handout", "card"))
    assert fill(mini, 1) == 1.0
    build_docs(request(mini), catalogue=True)
    assert all(d["incomplete"] == {} for d in manifest(mini.root / "out").values())
    assert "incomplete translation" not in (mini.root / "out" / "index.html").read_text()


def test_a_products_own_strings_warn_but_do_not_count(mini: MiniProject) -> None:
    """The card's text (card.toml) untranslated, everything else done: the catalog is whole,
    the card prints those strings in English and the build says so, as before."""
    mini.write_pack(["first", "help"], ("handout", "card"))
    assert fill(mini, 1, products_too=False) == 1.0
    result = build_docs(request(mini))
    assert all(d["incomplete"] == {} for d in manifest(mini.root / "out").values())
    assert any("not translated and will print in English" in w.message for w in result.warnings)


def test_the_pack_sets_its_threshold(mini: MiniProject) -> None:
    pack = mini.write_pack(["first", "help"], ("handout", "card"))
    pack.write_text(pack.read_text() + "\n[translations]\nmin_complete = 0.4\n")
    assert 0.4 < fill(mini, 2) < 0.95
    build_docs(request(mini))
    assert all(d["incomplete"] == {} for d in manifest(mini.root / "out").values())
    pack.write_text(pack.read_text().replace("0.4", "1.5"))
    with pytest.raises(InputError, match=r"pack\.toml:\d+: .*min_complete"):
        build_docs(request(mini, out=mini.root / "out2"))


def every_country(mini: MiniProject, **kw: object) -> BuildRequest:
    """`build --all`: each country in its default languages."""
    return request(mini, countries=[], locales=[], products=["card-sheet"], **kw)


def test_a_default_language_below_the_threshold_fails_alone_a_named_one_refuses_all(
    catalan: MiniProject,
) -> None:
    """`build --all` once ca is started: Andorra's documents fail, each naming the catalog and
    the fix, and their older copies go, while the other countries are built (--strict and
    --require-reviewed too: what does not print is not checked for them). Named, as before,
    it refuses the build."""
    out = catalan.root / "out"
    old = pipeline.build(
        every_country(catalan, allow_incomplete=True),
        BatchOptions(jobs=1, force=True, catalogue=False),
    )
    assert AD_CA in [f.path for f in old.built]
    assert manifest(out)[AD_CA]["incomplete"] == {"ca": 0.0}
    for flags in ({}, {"strict": True}, {"require_reviewed": True}):
        report = pipeline.build(
            every_country(catalan, **flags), BatchOptions(jobs=1, force=True, catalogue=False)
        )
        assert sorted(f.path for f in report.built) == [
            "mini/GB/en/card-sheet.pdf",
            "mini/US/en/card-sheet.pdf",
        ], flags
        assert [f.path for f in report.failed] == [AD_CA], flags
        [error] = report.failed[0].errors
        assert error.code == "CP4106" and error.file == catalan.root / CA_CATALOG
        assert "ca: only 0% of its strings are translated" in error.message
        assert "--allow-incomplete" in error.fix and "min_complete" in error.fix
        assert not (out / AD_CA).exists()
        assert manifest(out)[AD_CA]["status"] == "failed"
        assert not [w for w in report.warnings if w.code in ("CP4101", "CP4102", "CP4106")]
    # Asked for by name (--locale ca, or --with ca), it refuses the build: nothing is written.
    shutil.rmtree(out)
    for asked in ({"locales": ["ca"]}, {"locales": [], "with_locale": "ca"}):
        with pytest.raises(InputError, match="CP4106") as caught:
            build_docs(request(catalan, countries=[], products=["card-sheet"], **asked))
        assert CA_CATALOG + ": ca: only 0%" in str(caught.value)
        assert not out.exists()


@pytest.mark.parametrize("command", [("check",), ("i18n", "check")])
def test_the_checks_say_a_started_catalog_would_stop_its_countries_builds(
    mini: MiniProject, run_cli: Callable[..., tuple[int, str]], command: tuple[str, ...]
) -> None:
    """A volunteer's freshly started catalog, and CI on its pull request: both checks passed
    it, while every build of a country that gets the language by default (and so build
    --all) fails its documents in it. They now fail with what the build would say, before
    anyone builds."""
    pack = mini.write_pack(["first", "help"], ("handout", "card"))
    pack.write_text(pack.read_text() + '\n[languages]\nGB = ["fr"]\n')
    fill(mini, 0)
    assert run_cli("i18n", "extract", "--root", str(mini.root))[0] == 0
    with pytest.raises(InputError, match="only 0%"):
        build_docs(request(mini, locales=[]))  # what a build of GB says
    code, output = run_cli(*command, "--root", str(mini.root))
    assert code == 1, output
    said = " ".join(output.split())
    assert (
        "error CP4106 locales/fr/LC_MESSAGES/content.po: fr: only 0% of its strings are "
        "translated, below pack mini's threshold of 95%, so every build of GB (built in fr by "
        "default), build --all included, fails its documents in fr"
    ) in said
    assert "careprint i18n stats --locale fr" in said and "--allow-incomplete" in said
    assert "CP4201" not in said and said.count("error ") == 1  # this is all that is wrong


@pytest.mark.parametrize("every,code", [(2, 0), (1, 0)], ids=["half", "whole"])
def test_a_catalog_no_default_build_reaches_only_warns(
    mini: MiniProject, run_cli: Callable[..., tuple[int, str]], every: int, code: int
) -> None:
    """fr is no official language of GB or US: only --locale fr would be refused, so check
    warns (and says nothing once the catalog is whole)."""
    mini.write_pack(["first", "help"], ("handout", "card"))
    fill(mini, every)
    assert run_cli("i18n", "extract", "--root", str(mini.root))[0] == 0
    status, output = run_cli("check", "--root", str(mini.root))
    assert status == code, output
    warned = "warning CP4106" in output and "careprint build --locale fr refuses it" in output
    assert warned == (every == 2)


def test_under_strict_a_default_language_built_on_request_fails_alone(
    catalan: MiniProject, run_cli: Callable[..., tuple[int, str]]
) -> None:
    """--strict --allow-incomplete: --strict refuses what would print marked incomplete
    (CP4107). It refused the whole of `build --all` once a country's default language was
    below the threshold; now that language's documents fail and the others are built. Named,
    it still refuses the build."""
    flags = ("--strict", "--allow-incomplete")
    error = fails_alone(run_cli, catalan, flags, before=("--allow-incomplete",))
    assert error.startswith(
        f"error CP4107 {CA_CATALOG}: ca: 0% of its strings are translated, below pack mini's "
        "threshold of 95%, and --strict refuses"
    )
    assert "this document is not built" in error and "build without --strict" in error
    for named in (("--locale", "ca"), ("--with", "ca")):
        output = refuses_all(run_cli, catalan, *flags, *named)
        assert f"{CA_CATALOG}:" in output and "ca: " in output
