"""Safe-messaging phrases and phone numbers: caught with their line, and safe text passes."""

from pathlib import Path

import pytest

from builder.base.errors import ProblemList
from builder.model.lint import (
    LONGEST_WORD,
    Rule,
    lint_long_words,
    lint_numbers,
    lint_phrases,
    load_rules,
    long_words,
    phone_like,
)
from builder.model.prose import Unit

from ..conftest import REPO, MiniProject


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    problems = ProblemList()
    loaded = load_rules(REPO, problems)
    assert not problems.items, [p.render() for p in problems.items]
    return loaded


def unit(text: str, line: int = 7) -> Unit:
    return Unit("paragraph", text, Path("m.md"), line)


def phrases(text: str, rules: list[Rule], locale: str = "en") -> list[str]:
    problems = ProblemList()
    lint_phrases([unit(text)], rules, locale, problems)
    return [p.message for p in problems.errors]


def test_every_rule_catches_its_own_examples(rules: list[Rule]) -> None:
    assert len(rules) >= 10
    for rule in rules:
        assert rule.examples, f"rule {rule.pattern} has no examples"
        for example in rule.examples:
            assert rule.regex.search(example), f"{rule.pattern} misses {example!r}"


@pytest.mark.parametrize(
    "text",
    [
        "He committed suicide last year.",
        "It was her second failed attempt.",
        "A successful attempt is",
        "The news spoke of a self-harm epidemic.",
        "She took 30 tablets.",
        "He swallowed a handful of pills.",
        "a lethal dose",
        "Hide the razor blades.",
        "It was just a cry for help.",
    ],
)
def test_unsafe_phrases_are_rejected_with_reason_and_suggestion(
    text: str, rules: list[Rule]
) -> None:
    problems = ProblemList()
    lint_phrases([unit(text)], rules, "en", problems)
    assert len(problems.errors) >= 1, text
    found = problems.errors[0]
    assert found.line == 7 and found.fix.startswith("write ")


@pytest.mark.parametrize(
    "text",
    [
        "Self-harm is a way some people cope with pain that feels too big.",
        "Talk with them about removing things they could use to hurt themselves.",
        "If they talk about wanting to die, get help now.",
        "People do recover. Asking for help is a brave step.",
        "It is not about getting attention.",
        "Cuts, bruises or burns they avoid explaining.",
    ],
)
def test_safe_sentences_pass(text: str, rules: list[Rule]) -> None:
    assert phrases(text, rules) == []


def test_rules_apply_only_to_their_languages(tmp_path: Path) -> None:
    rule = Rule(pattern="suicide", reason="r", suggestion="s", languages=["fr"])
    problems = ProblemList()
    lint_phrases([unit("suicide")], [rule], "en_GB", problems)
    assert not problems.items
    lint_phrases([unit("suicide")], [rule], "fr_CA", problems)
    assert len(problems.errors) == 1


def test_match_in_a_wrapped_paragraph_points_at_its_line(rules: list[Rule]) -> None:
    source = (
        "",
        "First line of the paragraph goes on",
        "and then someone committed",
        "suicide in the story.",
    )
    text = " ".join(" ".join(source[1:]).split())
    problems = ProblemList()
    lint_phrases(
        [Unit("paragraph", text, Path("m.md"), 2, source, multiline=True)], rules, "en", problems
    )
    assert [p.line for p in problems.errors] == [3]


def test_broken_rule_file_names_line(mini: MiniProject) -> None:
    (mini.root / "packs" / "safe-messaging.toml").write_text(
        '[[rules]]\npattern = "ok"\nreason = "r"\nsuggestion = "s"\n\n'
        '[[rules]]\npattern = "(unclosed"\nreason = "r"\nsuggestion = "s"\n'
    )
    problems = ProblemList()
    assert load_rules(mini.root, problems) == []
    assert problems.errors[0].line == 7
    assert "not a valid regular expression" in problems.errors[0].message


def test_missing_rule_file_is_an_error(tmp_path: Path) -> None:
    problems = ProblemList()
    load_rules(tmp_path, problems)
    assert "safe-messaging rules file is missing" in problems.errors[0].message


@pytest.mark.parametrize(
    "text,found",
    [
        ("Call Samaritans on 116 123 now.", ["116 123"]),
        ("Ring 999.", ["999"]),
        ("Text SHOUT to 85258", ["85258"]),
        ("call 0800-123-456 or +44 20 7946 0000", ["0800-123-456", "+44 20 7946 0000"]),
        ("[call us](tel:116123)", ["116123"]),
        ("Help is there 24/7.", []),
        ("Since 2015, more people ask for help.", []),
        ("About 1 in 5 people.", []),
        ("See https://www.example.org/help/2024/12345 for more.", []),
        ("Open 10:30 to 17:00.", []),
        ("100% confidential, 100 % free, %100 ölçekte", []),  # a share: not a number to dial
        ("Ring 111, it is 100% free", ["111"]),
    ],
)
def test_phone_like_numbers(text: str, found: list[str]) -> None:
    assert [w for _, w in phone_like(text)] == found


def test_number_report_names_line_and_fix() -> None:
    problems = ProblemList()
    lint_numbers([unit("Call 116 123.", line=12)], problems)
    [problem] = problems.errors
    assert problem.line == 12 and '"116 123"' in problem.message
    assert "packs/helplines/" in problem.fix


def test_english_examples_and_allowed_phrases_are_checked_on_load(mini: MiniProject) -> None:
    (mini.root / "packs" / "safe-messaging.toml").write_text(
        '[[rules]]\npattern = "epidemic"\nreason = "r"\nsuggestion = "s"\n'
        'examples = ["an epidemic", "a wave"]\n\n'
        '[[rules]]\npattern = "pills?"\nreason = "r"\nsuggestion = "s"\n'
        'examples = ["20 pills"]\nallowed = ["painkillers", "pillow"]\n'
    )
    problems = ProblemList()
    assert load_rules(mini.root, problems) == []
    assert [(p.line, p.message.split(":")[0]) for p in problems.errors] == [
        (5, "rule 1"),
        (12, "rule 2"),
    ]
    assert 'does not catch its example "a wave"' in problems.errors[0].message
    assert 'catches "pill" in the allowed phrase "pillow"' in problems.errors[1].message


@pytest.mark.parametrize(
    "text,found",
    [
        ("Appelez le 01\u00a045\u00a039\u00a040\u00a000.", ["01\u00a045\u00a039\u00a040\u00a000"]),
        ("اتصل على ٩٣٧", ["٩٣٧"]),
        ("१४४१६ पर कॉल करें", ["१४४१६"]),
    ],
)
def test_phone_like_numbers_with_no_break_spaces_and_other_digits(
    text: str, found: list[str]
) -> None:
    assert [w for _, w in phone_like(text)] == found


LATIN_45 = "Donaudampfschifffahrtsgesellschaftskapitaenin"  # 45 letters, no space


@pytest.mark.parametrize(
    "text",
    [
        # Chinese, Japanese and Thai are written without spaces between words: a whole sentence
        # is no word, and the line may break between any two of its characters.
        "如果您担心您的伴侣或家人可能会伤害自己，请立即拨打下面列出的危机热线，他们全天候提供免费、保密的帮助。",
        "大切な人が自分を傷つけるかもしれないと心配なときは、下に書かれている相談窓口にすぐに電話してください。",
        "ถ้าคุณกังวลว่าคนที่คุณรักอาจทำร้ายตัวเองให้โทรหาสายด่วนที่อยู่ด้านล่างนี้ทันที",
        # a short Latin word inside a Chinese sentence is measured on its own
        "如果您担心您的伴侣或家人可能会伤害自己，请打开WhatsApp或者拨打下面列出的危机热线获得帮助。",
    ],
)
def test_scripts_without_spaces_are_not_one_long_word(text: str) -> None:
    assert len(text.replace(" ", "")) > LONGEST_WORD
    assert long_words(text) == []


def test_a_long_latin_run_still_fails() -> None:
    assert len(LATIN_45) == 45
    assert long_words(f"Say {LATIN_45} now.") == [(4, LATIN_45)]


def test_a_long_latin_run_in_a_chinese_line_is_found_with_its_offset() -> None:
    text = f"请拨打热线{LATIN_45}获得帮助。"
    assert long_words(text) == [(5, LATIN_45)]


def test_a_long_korean_run_still_fails() -> None:
    # Korean is written with spaces between words: Hangul is measured like Latin.
    run = "가" * (LONGEST_WORD + 1)
    assert long_words(run) == [(0, run)]


def test_long_word_report_names_line_and_fix() -> None:
    problems = ProblemList()
    lint_long_words([unit(f"危机热线{LATIN_45}", line=9)], problems)
    [problem] = problems.errors
    assert problem.line == 9 and "45 characters" in problem.message
    assert LATIN_45[:20] in problem.message
