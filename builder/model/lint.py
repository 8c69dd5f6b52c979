"""Safe-messaging and phone-number lint for everything a pack says to its reader.

The phrases to reject live in packs/safe-messaging.toml (English, the source language) and
packs/safe-messaging/<locale>.toml (one file per translated language), kept as data next to the
content (pattern, reason, better phrasing), so reviewers can add one without touching Python.
Each rule carries examples it must catch and allowed phrases it must let through; loading checks
both, so a pattern that drifts fails with the line of the example. Phone numbers never belong
in text: they come from packs/helplines/, where each is validated and dated.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from fontTools.unicodedata import script_extension as unicode_scripts
from pydantic import Field, field_validator

from builder.base.errors import AddProblem, Problem, ProblemList
from builder.base.textfile import load_text
from builder.base.tomlsource import Loc, index_lines, line_of, parse_toml, validate
from builder.model.prose import Unit, find_line
from builder.model.strict import Strict

RULES_FILE = Path("packs") / "safe-messaging.toml"
LOCALE_RULES = Path("packs") / "safe-messaging"

# A run of digits with single spaces (also no-break and thin ones), dots, hyphens or brackets
# between them: "116 123", "0800-123-456", "+44 (0)20 7946". \d also matches Arabic-Indic and
# Devanagari digits. Three or more digits in a run look like a phone number.
_DIGIT_RUN = re.compile(r"\+?\(?\d(?:[ \u00a0\u2009\u202f.\-\u2010\u2011()]{0,2}\d)*")
_SEPARATORS = " \u00a0\u2009\u202f.-\u2010\u2011()"
WEB_ADDRESS = _WEB = re.compile(r"(https?://|www\.)\S+")
_YEAR = re.compile(r"(19|20)\d\d")
_PERCENT = re.compile(r"[ \u00a0\u202f]?[%\uff05\u066a]")
_PERCENT_BEFORE = re.compile(r"[%\uff05\u066a][ \u00a0\u202f]?$")


class PhraseRule(Strict):
    """One phrase to reject in a translated language (the file name says which)."""

    pattern: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)
    examples: list[str] = Field(min_length=1)
    allowed: list[str] = Field(default_factory=list)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        """Checked by compiling it as it is used, so that compilation is the one kept."""
        try:
            _compiled(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


class Rule(PhraseRule):
    """A rule of the source-language file, which may name the languages it applies to."""

    languages: list[str] = Field(default_factory=lambda: ["en"])
    examples: list[str] = Field(default_factory=list)


class RuleFile(Strict):
    rules: list[Rule] = Field(min_length=1)


class LocaleRuleFile(Strict):
    rules: list[PhraseRule] = Field(min_length=1)


R = TypeVar("R", bound=PhraseRule)


def check_examples(
    rules: list[R], path: Path, text: str, positions: dict[Loc, int], problems: ProblemList
) -> list[R]:
    """Each rule catches its examples and lets its allowed phrases through; else it is dropped
    with an error on the example's line (a silently broken rule would pass unsafe text)."""
    source = tuple(text.splitlines())
    good = []
    for index, rule in enumerate(rules):
        ok = True
        for key, phrases, wanted in (
            ("examples", rule.examples, True),
            ("allowed", rule.allowed, False),
        ):
            start = line_of(positions, ("rules", index, key)) or 1
            for phrase in phrases:
                if (find_phrases(phrase, rule.regex) != []) == wanted:
                    continue
                ok = False
                line = find_line(source, phrase, start)
                if wanted:
                    problems.error(
                        "CP2001",
                        f'rule {index + 1}: its pattern does not catch its example "{phrase}"',
                        path,
                        line,
                        fix="widen the pattern, or correct the example",
                    )
                else:
                    found = find_phrases(phrase, rule.regex)[0][1]
                    problems.error(
                        "CP2002",
                        f'rule {index + 1}: its pattern catches "{found}" in the '
                        f'allowed phrase "{phrase}"',
                        path,
                        line,
                        fix="narrow the pattern so safe wording passes",
                    )
        if ok:
            good.append(rule)
    return good


def _read_rules(
    path: Path, model: type[RuleFile] | type[LocaleRuleFile], problems: ProblemList
) -> list[PhraseRule]:
    text = load_text(path, problems)
    if text is None:
        return []
    rules, found = _parsed_rules(path, model, text)
    problems.extend(list(found))
    return list(rules)


@functools.lru_cache(maxsize=128)
def _parsed_rules(
    path: Path, model: type[RuleFile] | type[LocaleRuleFile], text: str
) -> tuple[tuple[PhraseRule, ...], tuple[Problem, ...]]:
    """A rules file's checked rules and its problems, once per process and text: locales that
    share a language file (fr, fr_CA) and every later load reuse the parsed, compiled rules.
    The rules are frozen models, so sharing them is safe."""
    problems = ProblemList()
    data = parse_toml(path, problems, text)
    if data is None:
        return (), tuple(problems.items)
    positions = index_lines(text)
    loaded = validate(model, data, path, problems, positions)
    if loaded is None:
        return (), tuple(problems.items)
    good = check_examples(list(loaded.rules), path, text, positions, problems)
    return tuple(good), tuple(problems.items)


def load_rules(root: Path, problems: ProblemList) -> list[Rule]:
    path = root / RULES_FILE
    if not path.is_file():
        problems.error(
            "CP2003",
            "the safe-messaging rules file is missing",
            path,
            fix="restore packs/safe-messaging.toml from the repository",
        )
        return []
    return [rule for rule in _read_rules(path, RuleFile, problems) if isinstance(rule, Rule)]


def locale_rules_candidates(root: Path, locale: str) -> list[Path]:
    """Where a locale's rules may be, first found first: its own file, then its language's."""
    return [
        root / LOCALE_RULES / f"{name}.toml" for name in dict.fromkeys((locale, _language(locale)))
    ]


def locale_rules_path(root: Path, locale: str) -> Path | None:
    """The rules for a locale: its own file (pt_BR.toml), else its language's (fr.toml)."""
    return next((path for path in locale_rules_candidates(root, locale) if path.is_file()), None)


def load_locale_rules(
    root: Path, locale: str, problems: ProblemList, catalog: Path | None = None
) -> list[PhraseRule]:
    """A translated language's rules; a locale without any cannot be checked, which is an error
    on its catalog (so a new language never ships unchecked)."""
    path = locale_rules_path(root, locale)
    if path is None:
        no_rules(locale, catalog, problems.error)
        return []
    return _read_rules(path, LocaleRuleFile, problems)


def no_rules(locale: str, catalog: Path | None, add: AddProblem, outcome: str = "") -> None:
    """CP2004 on the locale's catalog, naming the rules file to add: an error wherever the
    locale's text would print or be called checked, a warning where only other locales are
    built (a half-started language must not stop them). `outcome` says what follows."""
    add(
        "CP2004",
        f"no safe-messaging rules for {locale}, so its translations cannot be checked{outcome}",
        catalog,
        fix=f"add packs/safe-messaging/{_language(locale)}.toml with the banned "
        "framings and method words of the language (see packs/README.md)",
    )


def _language(locale: str) -> str:
    return re.split(r"[_-]", locale)[0]


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Each rule's pattern compiled once per process: every language's rules together
    outnumber the re module's own cache, and the catalogs are linted string by string.
    Normalised (NFC) as the text it reads is, so a letter typed composed in one and as its
    parts in the other (Bengali "ো" or "ে" + "া") still matches."""
    return re.compile(unicodedata.normalize("NFC", pattern), re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _visible(text: str) -> tuple[str, tuple[int, ...]]:
    """The text without invisible format characters (soft hyphens, zero-width joiners), which
    would otherwise split a word in two, normalised (NFC, so a decomposed letter cannot slip
    past a pattern), and the original offset of each character kept (for a character that
    normalising composed, one in the same word: enough to name the line).
    Kept per text: every rule of a language reads the same string."""
    kept = [(i, ch) for i, ch in enumerate(text) if unicodedata.category(ch) != "Cf"]
    visible = "".join(ch for _, ch in kept)
    offsets = tuple(i for i, _ in kept)
    if unicodedata.is_normalized("NFC", visible):
        return visible, offsets
    normal: list[str] = []
    mapped: list[int] = []
    for piece in re.finditer(r"\s+|\S+", visible):
        word = unicodedata.normalize("NFC", piece.group(0))
        normal.append(word)
        mapped.extend(
            offsets[piece.start() + min(j, len(piece.group(0)) - 1)] for j in range(len(word))
        )
    return "".join(normal), tuple(mapped)


def find_phrases(text: str, regex: re.Pattern[str]) -> list[tuple[int, str]]:
    """(offset in text, phrase as matched) of each match, ignoring invisible characters."""
    visible, offsets = _visible(text)
    return [(offsets[m.start()], m.group(0)) for m in regex.finditer(visible) if m.group(0)]


def lint_with(texts: Iterable[Unit], rules: Iterable[PhraseRule], problems: ProblemList) -> bool:
    """Reject each rule's phrases, naming the line, the reason and a better phrasing."""
    compiled = [(rule, rule.regex) for rule in rules]
    clean = True
    for item in texts:
        for rule, regex in compiled:
            for offset, phrase in find_phrases(item.text, regex):
                clean = False
                problems.error(
                    "CP2005",
                    f'"{phrase}": {rule.reason}',
                    item.path,
                    item.line_at(offset),
                    fix=f"write {rule.suggestion}",
                )
    return clean


def lint_phrases(
    texts: Iterable[Unit], rules: list[Rule], locale: str, problems: ProblemList
) -> None:
    """The source-language rules that apply to locale."""
    lint_with(texts, [rule for rule in rules if _language(locale) in rule.languages], problems)


def phone_like(text: str) -> list[tuple[int, str]]:
    """(offset, digits as written) of each digit run that could be a phone number.

    Web addresses are skipped, and a lone four-digit year (1900-2099) is allowed.
    """
    blanked = _WEB.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for match in _DIGIT_RUN.finditer(blanked):
        written = match.group(0).strip(_SEPARATORS)
        if len(digits_of(written)) < 3 or (_YEAR.fullmatch(written) is not None):
            continue
        # A share ("100 %", Turkish "%100") is not a number to dial.
        before = blanked[max(0, match.start() - 2) : match.start()]
        if _PERCENT.match(blanked, match.end()) or _PERCENT_BEFORE.search(before):
            continue
        found.append((match.start() + match.group(0).index(written[0]), written))
    return found


# The longest words in the shipped languages are far shorter; a longer run of letters cannot
# break and runs off the page (WeasyPrint does not report it).
LONGEST_WORD = 40

# Scripts written without spaces between words (ISO 15924): a line may break between any two of
# their characters, so a run of them is no word at all. Decided by each character's script (from
# the Unicode data fontTools ships), never by the locale: a Latin word inside a Chinese sentence is
# still measured.
_UNSPACED = frozenset({"Hani", "Hira", "Kana", "Hrkt", "Thai", "Laoo", "Khmr", "Mymr"})


@functools.lru_cache(maxsize=8192)
def _unspaced(ch: str) -> bool:
    """A character of a script written without spaces; one shared by such scripts only (the
    prolonged sound mark ー, the iteration mark 々) counts as theirs."""
    scripts = set(unicode_scripts(ch))
    return bool(scripts) and scripts <= _UNSPACED


def long_words(text: str) -> list[tuple[int, str]]:
    """(offset, word) of each word longer than LONGEST_WORD letters; web addresses aside.
    Words are runs between spaces and characters of scripts written without spaces."""
    blanked = _WEB.sub(lambda m: " " * len(m.group(0)), text)
    blanked = "".join(" " if _unspaced(ch) else ch for ch in blanked)
    return [
        (m.start(), text[m.start() : m.end()])
        for m in re.finditer(r"\S+", blanked)
        if len(m.group(0)) > LONGEST_WORD
    ]


def lint_long_words(texts: Iterable[Unit], problems: ProblemList) -> None:
    for item in texts:
        for offset, word in long_words(item.text):
            problems.error(
                "CP2006",
                f'a word of {len(word)} characters ("{word[:20]}...") cannot be '
                "broken across lines and would run off the page",
                item.path,
                item.line_at(offset),
                fix=f"words may have at most {LONGEST_WORD} characters; add spaces or shorten it",
            )


def digits_of(written: str) -> str:
    """The digits of a number as ASCII, whatever script it is written in ("١١٦" is "116")."""
    return "".join(str(unicodedata.digit(ch)) for ch in written if ch.isdigit())


def lint_numbers(texts: Iterable[Unit], problems: ProblemList) -> None:
    for item in texts:
        for offset, written in phone_like(item.text):
            problems.error(
                "CP2007",
                f'"{written}" looks like a phone number; pack text must not hold numbers',
                item.path,
                item.line_at(offset),
                fix="numbers come from packs/helplines/: in a module, use attach = "
                '"emergency-box" or "help-directory"; write other numbers in '
                "words",
            )
