"""Reading level: simple text passes, hard text warns or fails at its hardest paragraph."""

import socket
import sys

import pytest

from builder.base.errors import ProblemList
from builder.model.packs import load_pack
from builder.validate.readability import check_reading_level, format_report, grade, score_pack

from ..conftest import MiniProject

SIMPLE = "Sit with them. Listen. Tell them you care. Ask what would help today."
# Long sentences of long words: well past grade 10.
HARD = (
    "Comprehensive psychotherapeutic interventions frequently necessitate considerable "
    "organisational coordination between multidisciplinary professionals, particularly "
    "regarding individualised safeguarding documentation and continuity arrangements."
)
# Long sentences of everyday words: with the short title, action and key points of the
# module around them, the module lands between grade 8 and 10.
MEDIUM = (
    "When you talk about how you feel with someone you trust, you may find that the "
    "weight you carry every day becomes a little easier to manage over time. "
    "Try to choose a quiet moment together when neither of you is rushed, "
    "and remember that a difficult conversation does not have to be finished at once."
)

MODULE = """\
+++
id = "first"
title = "First things"
action = "Sit with them for a while today."
key_points = ["Listen first.", "Help is there."]
+++

{first}

{second}
"""


def check(
    mini: MiniProject, first: str, second: str, locale: str = "en"
) -> tuple[ProblemList, list[float]]:
    mini.write_module_text("first", MODULE.format(first=first, second=second))
    if locale != "en":
        pack_file = mini.pack / "pack.toml"
        pack_file.write_text(pack_file.read_text() + f'source_locale = "{locale}"\n')
    problems = ProblemList()
    pack = load_pack(mini.pack, problems)
    assert pack is not None and not problems.items
    scores = check_reading_level(pack, problems)
    return problems, [s.grade for s in scores]


def test_grade_orders_texts_by_difficulty() -> None:
    assert grade(SIMPLE) < 4 < 8 < grade(MEDIUM) < grade(HARD)
    assert grade(HARD) > 10


def test_plain_module_passes(mini: MiniProject) -> None:
    problems, grades = check(mini, SIMPLE, SIMPLE)
    assert not problems.items and grades[0] <= 8


def test_hard_module_fails_at_its_hardest_paragraph(mini: MiniProject) -> None:
    problems, _ = check(mini, SIMPLE, HARD)
    [error] = problems.errors
    assert error.file is not None and error.file.name == "first.md"
    assert error.line == 10 and "above the limit of 10" in error.message


def test_fairly_hard_module_warns(mini: MiniProject) -> None:
    problems, grades = check(mini, MEDIUM, MEDIUM)
    assert 8 < grades[0] <= 10
    [warning] = problems.warnings
    assert not problems.errors and warning.line == 8 and "above the target of 8" in warning.message


def test_other_source_languages_are_not_scored(mini: MiniProject) -> None:
    problems, grades = check(mini, HARD, HARD, locale="de")
    assert grades == [] and not problems.items


def test_scoring_never_reaches_the_network(
    mini: MiniProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("readability scoring tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    problems = ProblemList()
    pack = load_pack(mini.pack, problems)
    assert pack is not None
    assert [s.module_id for s in score_pack(pack)] == ["first", "help"]
    assert "nltk" not in sys.modules


def test_report_lists_each_module_and_a_total(mini: MiniProject) -> None:
    problems = ProblemList()
    pack = load_pack(mini.pack, problems)
    assert pack is not None
    lines = format_report(score_pack(pack))
    assert lines[0].split() == ["module", "grade", "words", "reading", "time"]
    assert [line.split()[0] for line in lines[1:]] == ["first", "help", "total"]
    assert lines[-1].split()[1] == str(sum(int(line.split()[2]) for line in lines[1:3]))
