"""Extraction and catalog upkeep: stable templates, context per module, out-of-date detection."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from builder.base.errors import ProblemList
from builder.base.writer import WriteError
from builder.i18n.pot import CARD_STRINGS, extract
from builder.i18n.upkeep import (
    LocaleStats,
    check,
    render_po,
    stats,
    update_locale,
    update_locale_files,
    write_templates,
)
from builder.i18n.workbench import budget_of
from builder.model.catalogs import po_path
from builder.model.project import Project, load_project

from ..conftest import REPO, TIMEOUT, MiniProject
from ..model.test_catalogs import add_locale


def test_content_messages_carry_module_context_and_card_budgets(mini: MiniProject) -> None:
    project = load_project(mini.root, ProblemList())
    catalog = extract(project, "content")
    first = catalog.get("First things", context="first")
    assert first is not None and first.locations[0][0].endswith("modules/first.md")
    assert catalog.get("One item", context="first") is not None
    assert catalog.get("One item", context="help") is not None  # same text, own context
    heading = catalog.get("If you need to talk now", context="card")
    assert heading is not None and "at most 28 characters" in heading.auto_comments[0]


def test_ui_messages_come_from_templates_and_builder(mini: MiniProject) -> None:
    catalog = extract(load_project(mini.root, ProblemList()), "ui")
    assert catalog.get("Key points", context="handout") is not None  # templates/handout.html
    assert catalog.get("Open 24 hours, every day", context="service") is not None  # views.py


def test_every_ui_message_has_a_context_and_a_note_and_card_ones_a_budget(
    mini: MiniProject,
) -> None:
    catalog = extract(load_project(mini.root, ProblemList()), "ui")
    messages = [m for m in catalog if m.id]
    assert len({m.id for m in messages}) == len(messages)  # looked up by msgid alone
    assert all(m.context and m.auto_comments[0].startswith("Where: ") for m in messages)
    checked = catalog.get("Numbers checked %(date)s", context="shared")
    assert checked is not None and "card" in " ".join(checked.auto_comments)
    assert "at most 50 characters" in " ".join(checked.auto_comments)
    budgets = {str(m.id) for m in messages if budget_of(m) is not None}
    assert budgets == set(CARD_STRINGS)


def test_extraction_is_stable(mini: MiniProject) -> None:
    project = load_project(mini.root, ProblemList())
    first = [p.read_bytes() for p in write_templates(project)]
    second = [p.read_bytes() for p in write_templates(project)]
    assert first == second
    assert b"Generated-By" not in first[0]  # a new Babel does not rewrite the templates
    module = mini.pack / "modules" / "first.md"
    module.write_text(module.read_text().replace("## A", "\n\n## A"))  # lines move, no text
    moved = [p.read_bytes() for p in write_templates(load_project(mini.root, ProblemList()))]
    assert moved == first


def test_update_moves_a_translation_to_its_new_context_exactly(mini: MiniProject) -> None:
    """A catalog from before ui strings had msgctxt keeps every translation, none fuzzy,
    and loses the broken "# | msgid" comments an older Babel wrote."""
    project = load_project(mini.root, ProblemList())
    update_locale(project, "fr")
    path = mini.root / "locales/fr/LC_MESSAGES/ui.po"
    old = "\n".join(
        line for line in path.read_text().splitlines() if not line.startswith(("msgctxt", "#."))
    )
    old = old.replace(
        'msgid "Key points"\nmsgstr ""',
        '# | msgid "Key point"\nmsgid "Key points"\nmsgstr "Points clés"',
    )
    path.write_text(old + "\n")
    before = read_po(path.open("rb")).get("Key points")
    assert before is not None and before.context is None
    update_locale(project, "fr")
    entry = read_po(path.open("rb")).get("Key points", context="handout")
    assert entry is not None and entry.string == "Points clés" and not entry.fuzzy
    assert entry.auto_comments and "# | " not in path.read_text()
    problems = ProblemList()
    check(project, problems)
    assert not problems.errors, [p.render() for p in problems.errors]


def test_check_reports_out_of_date_catalog(mini: MiniProject) -> None:
    project = load_project(mini.root, ProblemList())
    write_templates(project)
    update_locale(project, "fr")
    problems = ProblemList()
    check(load_project(mini.root, ProblemList()), problems)
    assert not problems.errors
    module = mini.pack / "modules" / "first.md"
    module.write_text(module.read_text().replace("This is a short", "This is a new"))
    check(load_project(mini.root, ProblemList()), problems)
    messages = [p.render() for p in problems.errors]
    assert any("content.pot is out of date" in m for m in messages)
    assert any("fr/LC_MESSAGES/content.po" in m and "not in this catalog" in m for m in messages)


def test_update_keeps_previous_source_text(mini: MiniProject) -> None:
    project = load_project(mini.root, ProblemList())
    update_locale(project, "fr")
    path = mini.root / "locales/fr/LC_MESSAGES/content.po"
    catalog = read_po(path.open("rb"))
    for message in catalog:
        if message.id == "This is a short paragraph about First things.":
            message.string = "Un court paragraphe."
    from builder.i18n.upkeep import render_po

    path.write_bytes(render_po(catalog))
    module = mini.pack / "modules" / "first.md"
    module.write_text(module.read_text().replace("a short paragraph", "a brief paragraph"))
    update_locale(load_project(mini.root, ProblemList()), "fr")
    text = path.read_text()
    assert '#| msgid "This is a short paragraph about First things."' in text
    assert "#, fuzzy" in text


@pytest.fixture(scope="session")
def shipped_rows(shipped_project: Project) -> list[LocaleStats]:
    """Check the shipped catalogs and count them, once per worker for both tests below."""
    project = shipped_project
    problems = ProblemList()
    check(project, problems)
    assert not problems.errors, [p.render() for p in problems.errors]
    rows = stats(project, problems)
    shipped = {path.name for path in (REPO / "locales").iterdir() if path.is_dir()}
    assert {r.locale for r in rows} == shipped
    assert {"es", "fr", "de", "pt_BR", "pl", "uk", "ar", "hi"} <= shipped
    return rows


def test_shipped_catalogs_are_current(shipped_rows: list[LocaleStats]) -> None:
    """Every locale holds every source string (translated, fuzzy or empty) and checks clean."""
    assert shipped_rows


def untranslated(locale: str) -> list[tuple[str | None, str]]:
    keys = []
    for domain in ("ui", "content", "helplines"):
        with po_path(REPO, locale, domain).open("rb") as handle:
            catalog = read_po(handle)
        keys += [(m.context, str(m.id)) for m in catalog if m.id and (m.fuzzy or not m.string)]
    return keys


def test_shipped_catalogs_are_complete(shipped_rows: list[LocaleStats]) -> None:
    """Every string of every shipped locale is translated: the quick guide's and the booklet's
    strings (issue 17) included, now that every translator has done them."""
    rows = shipped_rows
    missing = {r.locale: keys for r in rows if (keys := untranslated(r.locale))}
    assert not missing, f"untranslated strings per locale: {missing}"


def test_long_changed_source_keeps_a_valid_previous_msgid(
    mini: MiniProject, tmp_path: Path
) -> None:
    long_text = (
        "This is an old and very long paragraph that goes on and on, well past the "
        "usual width of seventy-nine characters, so it wraps."
    )
    module = mini.pack / "modules" / "first.md"
    module.write_text(
        module.read_text().replace("This is a short paragraph about First things.", long_text)
    )
    update_locale(load_project(mini.root, ProblemList()), "fr")
    path = mini.root / "locales/fr/LC_MESSAGES/content.po"
    catalog = read_po(path.open("rb"))
    for message in catalog:
        if message.id == long_text:
            message.string = "Un long paragraphe."
    path.write_bytes(render_po(catalog))
    module.write_text(module.read_text().replace("an old", "a changed"))
    update_locale(load_project(mini.root, ProblemList()), "fr")
    run = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert run.returncode == 0, run.stderr
    updated = read_po(path.open("rb"))
    changed = [m for m in updated if m.id and "a changed" in str(m.id)]
    assert changed and changed[0].fuzzy and changed[0].string == "Un long paragraphe."
    text = path.read_text()
    assert '#| msgid ""\n#| "This is an old and very long "' in text


def test_changed_notes_name_the_first_changed_entry_in_the_file(mini: MiniProject) -> None:
    """CP4203 points the translator at the first entry (in file order) whose notes differ from
    the template, on every run: taken from a set, the line moved with the hash seed."""
    folder = add_locale(mini)
    write_templates(load_project(mini.root, ProblemList()))
    ui = folder / "ui.po"
    lines = ui.read_text(encoding="utf-8").splitlines()
    edited = [i for i, line in enumerate(lines) if line.startswith("#. ") and "at most" in line]
    assert len(edited) >= 3
    for i in edited:
        lines[i] = lines[i].replace("at most", "no more than")
    ui.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first_msgid = next(i for i in range(edited[0], len(lines)) if lines[i].startswith("msgid "))
    problems = ProblemList()
    check(load_project(mini.root, ProblemList()), problems)
    [notes] = [p for p in problems.items if p.code == "CP4203"]
    assert (notes.file, notes.line) == (ui, first_msgid + 1)


def test_update_keeps_the_translators_header_comment_byte_for_byte(mini: MiniProject) -> None:
    """Babel rewraps header comment lines at 79 characters, collapses their spacing, drops
    blank lines and replaces words like YEAR: an update keeps the file's own lines."""
    project = load_project(mini.root, ProblemList())
    update_locale(project, "fr", "Test")
    path = mini.root / "locales/fr/LC_MESSAGES/content.po"
    text = path.read_text(encoding="utf-8")
    header, rest = text.split('msgid ""\n', 1)
    note = (
        "# Back-translation check (2026-11-30): safety-critical passages back-translated by "
        "an independent reviewer; 2 are fixed."
    )
    assert len(note) == 120
    own = f"{header}{note}\n#   indented  PROJECT note, kept as typed  \n\n#YEAR\n"
    path.write_text(f'{own}msgid ""\n{rest}', encoding="utf-8")
    module = mini.pack / "modules" / "first.md"
    module.write_text(module.read_text().replace("a short paragraph", "a brief paragraph"))
    update_locale(load_project(mini.root, ProblemList()), "fr")
    updated = path.read_text(encoding="utf-8")
    assert updated.startswith(f'{own}msgid ""\n')
    assert 'msgid "This is a brief paragraph about First things."' in updated  # still updated
    catalog = read_po(path.open("rb"))
    assert catalog.get("This is a brief paragraph about First things.", "first") is not None
    assert catalog.get("This is a short paragraph about First things.", "first") is None


def test_an_update_that_cannot_finish_leaves_the_catalog_whole(
    mini: MiniProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that fills while a catalog is written: the translator's file stays as it was
    (it was written in place, cut short), and the error names it."""
    update_locale(load_project(mini.root, ProblemList()), "fr", "Test")
    path = mini.root / "locales/fr/LC_MESSAGES/content.po"
    before = path.read_bytes()
    module = mini.pack / "modules" / "first.md"
    module.write_text(module.read_text().replace("a short paragraph", "a brief paragraph"))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError) as failure:
        update_locale(load_project(mini.root, ProblemList()), "fr")
    assert path.read_bytes() == before
    assert "LC_MESSAGES" in str(failure.value.problem.file)
    assert not list(path.parent.glob("*.part"))
    # i18n update has no --out: its fix was "free some space or choose another --out".
    assert (
        failure.value.problem.fix == "the disk is full: free some space and run the command again"
    )


def entry(po: str, msgid: str) -> tuple[str, str]:
    """(comments and flags above, msgstr) of msgid's entry in a PO file's text."""
    before, after = po.split(f'msgid "{msgid}"\n', 1)
    return before.rsplit("\n\n", 1)[1], after.split("\n", 1)[0]


def test_a_new_catalog_is_prefilled_with_local_names_known_to_be_in_its_language(
    mini: MiniProject,
) -> None:
    """AD's names have a local name in Catalan, but a new `ca` left them empty: the
    reference does not say a local name's language and AD's lines list none they speak. A
    country with one official language (AD: Catalan) writes its local names in it. Where a
    line speaks only the catalog's language (BE's French line), its local name is the one to
    confirm, not the English name. The line's own number stays out: a translation may add
    none. Names in a country of several languages whose line speaks none only are left."""
    for country in ("AD", "BE"):
        shutil.copy(REPO / "packs" / "helplines" / f"{country}.toml", mini.helplines)
    project = load_project(mini.root, ProblemList())
    update_locale_files(project, "ca")
    update_locale_files(project, "fr")
    ca = po_path(mini.root, "ca", "helplines").read_text()
    fr = po_path(mini.root, "fr", "helplines").read_text()
    for po, msgid, local in [
        (ca, "Emergency numbers", "Telèfon d'emergències"),
        (ca, "Green Line - suicide prevention", "Línia Verda"),  # not "Línia Verda 177"
        (fr, "Domestic violence listening line", "Ligne Écoute violences conjugales"),
    ]:
        notes, msgstr = entry(po, msgid)
        assert msgstr == f'msgstr "{local}"', (msgid, msgstr)
        assert "#, fuzzy" in notes and "already in this language?" in notes
    assert entry(fr, "Zelfmoordlijn 1813")[1] == 'msgstr ""'  # Dutch: BE has three languages
    assert entry(fr, "Noodnummer / Numéro d'urgence")[1] == 'msgstr ""'


def test_a_local_name_that_drops_who_the_line_is_for_is_only_suggested(
    mini: MiniProject,
) -> None:
    """LT's "Youth Line (ages 16-35)" is "Jaunimo linija" locally: filled in and confirmed,
    the Lithuanian card would lose the ages (and the handout describe the line only as for
    young people). Such a name goes into a comment with what to keep, not into the msgstr."""
    shutil.copy(REPO / "packs" / "helplines" / "LT.toml", mini.helplines)
    update_locale_files(load_project(mini.root, ProblemList()), "lt")
    po = po_path(mini.root, "lt", "helplines").read_text()
    notes, msgstr = entry(po, "Youth Line (ages 16-35)")
    assert msgstr == 'msgstr ""' and "#, fuzzy" not in notes
    comment = " ".join(line.removeprefix("# ") for line in notes.splitlines())
    assert '"Jaunimo linija"; the English adds "(ages 16-35)": keep that' in comment
    notes, msgstr = entry(po, "Line of Hope (adults)")
    assert msgstr == 'msgstr ""' and '"(adults)"' in notes
    notes, msgstr = entry(po, "General emergency number")  # nothing lost: filled in to confirm
    assert msgstr == 'msgstr "Bendrasis pagalbos telefono numeris"' and "#, fuzzy" in notes
