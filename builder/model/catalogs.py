"""Translation catalogs: read PO files, check every translation, and hand out Translators.

Each locale has two domains under locales/<locale>/LC_MESSAGES/: ui.po (templates) and
content.po (modules, card, plan; msgctxt = module id). A translation may only carry what its
source carries: the same %(placeholders)s, no HTML, and links only to the source's addresses.
Every translation, fuzzy ones too, is held to its language's safe-messaging rules and may
add no phone number (translationlint.py). Problems name the PO file and line. Fuzzy and empty
entries fall back to English.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from builder.base.errors import ProblemList
from builder.base.textfile import load_text
from builder.model.content import link_targets
from builder.model.lint import (
    LONGEST_WORD,
    load_locale_rules,
    locale_rules_candidates,
    locale_rules_path,
    long_words,
)
from builder.model.translationlint import lint_translation
from builder.model.translations import Translator

DOMAINS = ("ui", "content", "helplines")
TEXT_DOMAINS = ("ui", "content")
REVIEW_STATES = ("draft", "reviewed")
Key = tuple[str | None, str]

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
_HTML = re.compile(r"<\s*[A-Za-z!/?]")


def po_path(root: Path, locale: str, domain: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


_KEYWORDS = ("msgctxt", "msgid_plural", "msgid", "msgstr")


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _quoted(rest: str) -> bool:
    """A complete PO string: "...", with every inner quote escaped."""
    return _QUOTED.fullmatch(rest) is not None


QUOTES_FIX = "fix the quotes on that line (msgfmt --check shows the same problem)"
# The escapes msgfmt knows after a backslash (C's). Babel keeps any other as text, so a "\q"
# printed a backslash on the card.
_ESCAPES = frozenset('\\"ntrabfv01234567x')
_ESCAPE = re.compile(r"\\(.)")


def _entries_problem(text: str) -> tuple[int, str, str] | None:
    """An unknown escape, or a second entry for a string already translated above (a merge of
    two translators' work: Babel keeps the first, the reviewer may read the second). msgfmt
    refuses both; Babel accepts them."""
    seen: dict[tuple[str, str], int] = {}
    parts = {"msgctxt": "", "msgid": ""}
    current, started = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        keyword = next((k for k in _KEYWORDS if line.startswith(k)), None)
        if keyword is not None:
            if keyword in ("msgctxt", "msgid") and current in ("", "msgstr"):
                parts = {"msgctxt": "", "msgid": ""}  # a new entry begins
            if keyword == "msgid":
                started = number
            if keyword == "msgstr" and current in ("msgid", "msgid_plural"):
                key = (parts["msgctxt"], parts["msgid"])
                if key[1] != '""' and key in seen:
                    return (
                        started,
                        f"this string has an entry already, at line {seen[key]}: only the "
                        "first is printed",
                        "keep one of the two entries (msgfmt --check reports the same)",
                    )
                seen.setdefault(key, started)
            current = keyword
        elif not line.startswith('"'):
            continue
        quoted = line[line.find('"') :] if '"' in line else ""
        if current in parts:
            parts[current] += quoted
        for match in _ESCAPE.finditer(quoted):
            if match.group(1) not in _ESCAPES:
                return (
                    number,
                    f'"{match.group(0)}" is not an escape a PO file knows: it would print '
                    "as it stands",
                    r"write \\ for a backslash or \" for a quote, or take the backslash out",
                )
    return None


def po_syntax(text: str) -> tuple[int, str, str] | None:
    """The first line that is not PO syntax, why, and the fix. Babel reads a string with a
    missing closing quote by dropping its last letter, so quotes are checked here first, then
    what else Babel lets through (_entries_problem)."""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword = next((k for k in _KEYWORDS if line.startswith(k)), None)
        rest = line
        if keyword is not None:
            rest = line[len(keyword) :]
            if keyword == "msgstr" and rest.startswith("["):
                rest = rest.partition("]")[2]
            rest = rest.strip()
        if not _quoted(rest):
            if keyword is None and not line.startswith('"'):
                return (
                    number,
                    "this line is neither a comment, a keyword (msgid, msgstr, "
                    "msgctxt) nor a quoted string",
                    QUOTES_FIX,
                )
            return (
                number,
                'the text is not enclosed in double quotes (a closing " is '
                'missing, or a " inside the text is not written as \\")',
                QUOTES_FIX,
            )
    return _entries_problem(text)


def read_catalog(path: Path, problems: ProblemList) -> Catalog | None:
    text = load_text(path, problems, "catalog")
    if text is None:
        return None
    if (bad := po_syntax(text)) is not None:
        problems.error("CP4001", bad[1], path, bad[0], fix=bad[2])
        return None
    try:
        return read_po(io.StringIO(text), abort_invalid=True)
    except (PoFileError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        last = max(1, len(text.splitlines()))
        # Babel counts from 0 and says "line 0" for a problem at the very end.
        line = min(max(int(line), 1), last) if isinstance(line, int) else None
        message = re.sub(r" on (line )?\d+$", "", str(exc))
        problems.error(
            "CP4002",
            f"cannot read catalog: {message}",
            path,
            line,
            fix="fix the PO syntax (msgfmt --check shows the same problem)",
        )
        return None


def review_status(catalog: Catalog) -> tuple[str, str]:
    """(status, credit) from the header comment lines "Review-Status:" and "Translated-By:"."""
    header = catalog.header_comment or ""
    status = re.search(r"^#\s*Review-Status:\s*(\S+)", header, re.M)
    # Babel re-wraps header comments, so a long credit continues on the next lines.
    credit = re.search(
        r"^#\s*Translated-By:\s*(.*(?:\n#(?!\s*[A-Z][\w-]*:)\s*\S.*)*)", header, re.M
    )
    text = (
        " ".join(part.strip().lstrip("#").strip() for part in credit.group(1).splitlines())
        if credit
        else ""
    )
    return (status.group(1).lower() if status else "", text)


def key_of(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, msgid)


def lookup_key(domain: str, message: Message) -> Key:
    """The key the builder looks a message up by: ui strings by msgid alone (their msgctxt
    only tells the translator where they print), the other domains by msgctxt and msgid."""
    context, msgid = key_of(message)
    return (None, msgid) if domain == "ui" else (context, msgid)


def _formats(text: str, source: str) -> bool:
    """The translation survives the %-formatting its source gets when printed."""
    names = {name: "x" for name in re.findall(r"%\((\w+)\)", source)}
    try:
        text % names
    except (ValueError, TypeError, KeyError):
        return False
    return True


def check_translation(message: Message, path: Path, problems: ProblemList) -> bool:
    """A translation keeps the source's placeholders and adds no markup or links of its own."""
    source, text = str(key_of(message)[1]), message.string
    if not isinstance(text, str) or not text:
        return True
    ok = True
    line = message.lineno
    same_names = sorted(_PLACEHOLDER.findall(source)) == sorted(_PLACEHOLDER.findall(text))
    if not same_names:
        wanted = ", ".join(_PLACEHOLDER.findall(source)) or "none"
        problems.error(
            "CP4003",
            f"placeholders differ from the source ({wanted})",
            path,
            line,
            fix="keep every %(name)s of the msgid exactly once",
        )
        ok = False
    if _HTML.search(text):
        problems.error(
            "CP4004",
            "HTML is not allowed in a translation",
            path,
            line,
            fix="use plain text; only **bold**, *italic* and the source's links",
        )
        ok = False
    # A misspelt name fails formatting too: said once, above, not also as a stray "%".
    if same_names and _PLACEHOLDER.search(source) and not _formats(text, source):
        problems.error(
            "CP4005",
            'a lone "%" in a text with %(name)s placeholders',
            path,
            line,
            fix='write "%%" for a percent sign, and keep each %(name)s as it is',
        )
        ok = False
    if not link_targets(text) <= link_targets(source):
        problems.error(
            "CP4006",
            "the translation links to an address the source does not",
            path,
            line,
            fix="keep the source's link addresses",
        )
        ok = False
    if long_words(text):
        problems.error(
            "CP4007",
            f"a word of more than {LONGEST_WORD} characters would run off the page",
            path,
            line,
            fix="add spaces or shorten it",
        )
        ok = False
    if "![" in text:
        problems.error(
            "CP4008",
            "images are not allowed in a translation",
            path,
            line,
            fix="remove the image markup",
        )
        ok = False
    return ok


@dataclass
class LocaleCatalogs:
    """One locale's checked translations, with where each untranslated entry sits."""

    locale: str
    status: str
    credit: str
    ui: dict[str, str] = field(default_factory=dict)
    content: dict[Key, str] = field(default_factory=dict)
    helplines: dict[Key, str] = field(default_factory=dict)
    untranslated: dict[Key, tuple[Path, int | None]] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    written: dict[str, tuple[Path, int | None]] = field(default_factory=dict)  # text -> entry
    # No safe-messaging rules for the language (packs/safe-messaging/): its translations are
    # unchecked, so none of its documents may be built; the other locales' builds go on.
    no_rules: bool = False

    def entry_of(self, printed: str) -> tuple[Path, int | None] | None:
        """Where a translation that prints `printed` (or a line of it) is written."""
        printed = " ".join(printed.split())
        if not printed:
            return None
        if printed in self.written:
            return self.written[printed]
        return next((where for text, where in self.written.items() if printed in text), None)

    def translator(self) -> Translator:
        """A fresh translator per document, so each document counts its own fallbacks."""
        return Translator(
            Locale.parse(self.locale),
            ui=self.ui,
            content=self.content,
            helplines=self.helplines,
            status=self.status,
        )


def locale_inputs(root: Path, locale: str) -> list[Path]:
    """Every file read_locale reads, or whose presence it looks for: the locale's catalogs and
    the places its safe-messaging rules may be (localecache.py keys its cache on them)."""
    return [po_path(root, locale, domain) for domain in DOMAINS] + locale_rules_candidates(
        root, locale
    )


def read_locale(root: Path, locale: str, problems: ProblemList) -> LocaleCatalogs | None:
    """A locale's catalogs read and checked from its files (load_locale keeps what this makes).

    A locale without safe-messaging rules is read and marked `no_rules`, not refused here:
    whoever would print or pass its text says so (CP2004, see lint.no_rules), so a language a
    translator has just started does not stop the builds and checks of the others."""
    result: LocaleCatalogs | None = None
    no_rules = locale_rules_path(root, locale) is None
    rules = [] if no_rules else load_locale_rules(root, locale, problems)
    for domain in DOMAINS:
        path = po_path(root, locale, domain)
        if not path.is_file():
            problems.error(
                "CP4009",
                f"catalog {domain}.po is missing for {locale}",
                path,
                fix=f"run careprint i18n update --locale {locale}",
            )
            return None
        catalog = read_catalog(path, problems)
        if catalog is None:
            return None
        status, credit = review_status(catalog)
        if status not in REVIEW_STATES:
            problems.error(
                "CP4010",
                "the header comment needs '# Review-Status: draft' or '# Review-Status: reviewed'",
                path,
                1,
                fix="add the line to the comment block at the top of the file",
            )
            return None
        if result is None:
            result = LocaleCatalogs(locale, status, credit, no_rules=no_rules)
        elif status != result.status:
            problems.error(
                "CP4011",
                f"review status {status} differs from the other catalog's ({result.status})",
                path,
                1,
                fix="use one status per locale",
            )
        result.paths[domain] = path
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for message in catalog:
            if not message.id:
                continue
            key = lookup_key(domain, message)
            text = message.string if isinstance(message.string, str) else ""
            safe = lint_translation(message, path, lines, rules, problems)
            if not text or message.fuzzy:
                result.untranslated[key] = (path, message.lineno)
                continue
            if not check_translation(message, path, problems) or not safe:
                continue
            result.written.setdefault(" ".join(text.split()), (path, message.lineno))
            if domain == "ui":
                result.ui[key[1]] = text
            elif domain == "content":
                result.content[key] = text
            else:
                result.helplines[key] = text
    return result
