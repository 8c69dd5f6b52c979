"""Safe-messaging and phone-number lint for everything a pack says to its reader.

The phrases to reject live in packs/safe-messaging.toml, maintained as data next to the content
(pattern, reason, better phrasing), so reviewers can add one without touching Python. Phone
numbers never belong in text: they come from packs/helplines/, where each is validated and dated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import ProblemList
from .prose import Unit
from .textfile import load_text
from .tomlsource import index_lines, parse_toml, validate

RULES_FILE = Path("packs") / "safe-messaging.toml"

# A run of digits with single spaces, dots, dashes or brackets between them: "116 123",
# "0800-123-456", "+44 (0)20 7946". Three or more digits in a run look like a phone number.
_DIGIT_RUN = re.compile(r"\+?\(?\d(?:[ .\-()]{0,2}\d)*")
_WEB = re.compile(r"(https?://|www\.)\S+")
_YEAR = re.compile(r"(19|20)\d\d")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    languages: list[str] = ["en"]
    examples: list[str] = []

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[Rule] = Field(min_length=1)


def load_rules(root: Path, problems: ProblemList) -> list[Rule]:
    path = root / RULES_FILE
    if not path.is_file():
        problems.error("the safe-messaging rules file is missing", path,
                       fix="restore packs/safe-messaging.toml from the repository")
        return []
    text = load_text(path, problems)
    data = parse_toml(path, problems, text) if text is not None else None
    if data is None or text is None:
        return []
    loaded = validate(RuleFile, data, path, problems, index_lines(text))
    return list(loaded.rules) if loaded else []


def _language(locale: str) -> str:
    return re.split(r"[_-]", locale)[0]


def lint_phrases(texts: Iterable[Unit], rules: list[Rule], locale: str,
                 problems: ProblemList) -> None:
    """Reject each rule's phrases, naming the line, the reason and a better phrasing."""
    active = [(rule, rule.regex) for rule in rules if _language(locale) in rule.languages]
    for item in texts:
        for rule, regex in active:
            for match in regex.finditer(item.text):
                problems.error(f'"{match.group(0)}": {rule.reason}', item.path,
                               item.line_at(match.start()),
                               fix=f"write {rule.suggestion}")


def phone_like(text: str) -> list[tuple[int, str]]:
    """(offset, digits as written) of each digit run that could be a phone number.

    Web addresses are skipped, and a lone four-digit year (1900-2099) is allowed.
    """
    blanked = _WEB.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for match in _DIGIT_RUN.finditer(blanked):
        written = match.group(0).strip(" .-()")
        digits = re.sub(r"\D", "", written)
        if len(digits) < 3 or (_YEAR.fullmatch(written) is not None):
            continue
        found.append((match.start() + match.group(0).index(written[0]), written))
    return found


# The longest words in the shipped languages are far shorter; a longer run of letters cannot
# break and runs off the page (WeasyPrint does not report it).
LONGEST_WORD = 40


def long_words(text: str) -> list[tuple[int, str]]:
    """(offset, word) of each word longer than LONGEST_WORD letters; web addresses aside."""
    blanked = _WEB.sub(lambda m: " " * len(m.group(0)), text)
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S+", blanked)
            if len(m.group(0)) > LONGEST_WORD]


def lint_long_words(texts: Iterable[Unit], problems: ProblemList) -> None:
    for item in texts:
        for offset, word in long_words(item.text):
            problems.error(f'a word of {len(word)} characters ("{word[:20]}...") cannot be '
                           "broken across lines and would run off the page", item.path,
                           item.line_at(offset),
                           fix=f"words may have at most {LONGEST_WORD} characters; add spaces "
                               "or shorten it")


def lint_numbers(texts: Iterable[Unit], problems: ProblemList) -> None:
    for item in texts:
        for offset, written in phone_like(item.text):
            problems.error(f'"{written}" looks like a phone number; pack text must not hold '
                           "numbers", item.path, item.line_at(offset),
                           fix='numbers come from packs/helplines/: in a module, use attach = '
                               '"emergency-box" or "help-directory"; write other numbers in '
                               "words")
