"""`careprint check` on content: each finding names file and line, and the command fails."""

from collections.abc import Callable

import pytest

from ..conftest import MiniProject
from ..model.test_catalogs import add_locale, set_translation

Run = Callable[..., tuple[int, str]]

COMMITTED = """\
+++
id = "first"
title = "First things"
action = "Sit with them for a while today."
key_points = ["Listen first.", "Help is there."]
+++

This is a short paragraph.

Her uncle committed suicide when she was young.
"""

PHONE = """\
+++
id = "first"
title = "First things"
action = "Sit with them for a while today."
key_points = ["Listen first.", "Help is there."]
+++

This is a short paragraph.

If you need to talk, you can call
Samaritans on 116 123 at any time.
"""

NO_KEY_POINTS = """\
+++
id = "first"
title = "First things"
action = "Sit with them for a while today."
+++

This is a short paragraph.
"""


def check(mini: MiniProject, run_cli: Run, *extra: str) -> tuple[int, str]:
    return run_cli("check", "--root", str(mini.root), *extra)


def test_committed_suicide_fails_with_file_line_reason_and_fix(
    mini: MiniProject, run_cli: Run
) -> None:
    mini.write_module_text("first", COMMITTED)
    code, output = check(mini, run_cli)
    assert code == 1, output
    assert 'packs/mini/modules/first.md:10: "committed suicide"' in output
    assert "crime or sin" in output and "died by suicide" in output
    assert "Traceback" not in output


def test_phone_number_in_module_fails_on_its_own_line(mini: MiniProject, run_cli: Run) -> None:
    mini.write_module_text("first", PHONE)
    code, output = check(mini, run_cli)
    assert code == 1, output
    assert 'packs/mini/modules/first.md:11: "116 123" looks like a phone number' in output
    assert "packs/helplines/" in output


def test_module_without_key_points_fails(mini: MiniProject, run_cli: Run) -> None:
    mini.write_module_text("first", NO_KEY_POINTS)
    code, output = check(mini, run_cli)
    assert code == 1, output
    assert "packs/mini/modules/first.md:3: module has no key points" in output
    assert "key_points = [...]" in output


def test_number_on_the_card_is_caught_too(mini: MiniProject, run_cli: Run) -> None:
    card = mini.pack / "card.toml"
    card.write_text(card.read_text().replace('"Be patient."', '"Ring 0800 123 456."'))
    code, output = check(mini, run_cli)
    assert code == 1 and 'packs/mini/card.toml:5: "0800 123 456"' in output, output


def test_report_prints_grade_words_and_time_per_module(mini: MiniProject, run_cli: Run) -> None:
    code, output = check(mini, run_cli, "--report")
    assert code == 0, output
    rows = [
        line.split() for line in output.splitlines() if line.strip().startswith(("first ", "help "))
    ]
    assert [r[0] for r in rows if r[1] != "page"] == ["first", "help"]
    for row in (r for r in rows if r[1] != "page"):
        assert float(row[1]) <= 8 and int(row[2]) > 10 and row[3:5] == ["0", "min"]
    # The generated help page is graded too, naming its hardest country.
    assert any(line.strip().startswith("help page (hardest: ") for line in output.splitlines())


@pytest.mark.parametrize("command", [("check",), ("i18n", "check")])
def test_every_translation_problem_is_said_in_one_run(
    mini: MiniProject, run_cli: Run, command: tuple[str, ...]
) -> None:
    """A volunteer's catalog with a typed phone number and an over-long card string: the
    number stopped both checks before they looked at card budgets, so the budget was said
    only on the next run, after the number was fixed. Both are said at once, each once."""
    mini.write_pack(["first", "help"], ("handout", "card"))
    folder = add_locale(mini)
    assert run_cli("i18n", "extract", "--root", str(mini.root))[0] == 0
    number = set_translation(folder / "content.po", "One item", "Appelez le 01 23 45 67 89")
    budget = set_translation(
        folder / "ui.po", "Numbers checked %(date)s", "Vérifié " * 9 + "%(date)s"
    )
    code, output = run_cli(*command, "--root", str(mini.root))
    said = " ".join(output.split())
    assert code == 1
    assert f"error CP4012 locales/fr/LC_MESSAGES/content.po:{number + 1}: " in said
    assert f"error CP4013 locales/fr/LC_MESSAGES/ui.po:{budget}: card text is 80 characters" in said
    assert said.count("error ") == 2, said
