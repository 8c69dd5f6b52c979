"""Module shape: title, action and key points, except for the closing module."""

from builder.base.errors import ProblemList
from builder.model.packs import load_pack
from builder.validate.structure import check_module_structure

from ..conftest import MiniProject

HEADER = """\
+++
id = "first"
title = "{title}"
{extra}+++

A short paragraph.
"""


def findings(mini: MiniProject, extra: str, title: str = "First things") -> list[str]:
    mini.write_module_text("first", HEADER.format(title=title, extra=extra))
    problems = ProblemList()
    pack = load_pack(mini.pack, problems)
    assert pack is not None and not problems.errors
    for module in pack.modules:
        check_module_structure(module, problems)
    return [
        f"{p.severity}:{p.file.name if p.file else ''}:{p.line}: {p.message}"
        for p in problems.items
    ]


GOOD = 'action = "Sit with them."\nkey_points = ["Listen first.", "Help is there."]\n'


def test_complete_module_passes(mini: MiniProject) -> None:
    assert findings(mini, GOOD) == []


def test_missing_action_and_key_points_are_errors(mini: MiniProject) -> None:
    assert findings(mini, "") == [
        "error:first.md:3: module has no action",
        "error:first.md:3: module has no key points",
    ]


def test_key_points_must_be_two_to_four(mini: MiniProject) -> None:
    one = 'action = "Sit with them."\nkey_points = ["Only one."]\n'
    assert findings(mini, one) == ["error:first.md:5: module has 1 key points"]
    five = 'action = "Sit with them."\nkey_points = ["a b", "c d", "e f", "g h", "i j"]\n'
    assert findings(mini, five) == ["error:first.md:5: module has 5 key points"]


def test_closing_module_needs_neither(mini: MiniProject) -> None:
    assert findings(mini, 'role = "closing"\n') == []


def test_label_title_and_long_paragraph_are_warnings(mini: MiniProject) -> None:
    assert findings(mini, GOOD, title="Signs") == [
        'warning:first.md:3: title "Signs" reads like a label'
    ]
    long_body = HEADER.format(title="First things", extra=GOOD) + "\n" + "word " * 70 + "\n"
    mini.write_module_text("first", long_body)
    problems = ProblemList()
    pack = load_pack(mini.pack, problems)
    assert pack is not None
    check_module_structure(pack.modules[0], problems)
    assert [(p.line, p.message) for p in problems.warnings] == [(10, "paragraph of 70 words")]
