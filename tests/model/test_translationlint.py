"""Safe messaging in every language: each shipped locale's rules hold, and an unsafe phrase or a
phone number in a translation stops `build` and `i18n check` with the PO file and line."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Message

from builder.base.errors import ProblemList
from builder.model.lint import PhraseRule, find_phrases, load_locale_rules
from builder.model.project import Project
from builder.model.translationlint import lint_translation, msgstr_units

from ..conftest import REPO, MiniProject
from .test_catalogs import add_locale

Run = Callable[..., tuple[int, str]]
SHIPPED = ("es", "fr", "de", "pt_BR", "pl", "uk", "ar", "hi")

# Per locale: three PO lines of an unsafe msgstr (a banned phrase on the second line, a phone
# number on the third, digits in the locale's own script where it has one), the phrase the
# rules must report, and the number as written.
UNSAFE = {
    "de": (
        "Wenn Ihr Partner daran denkt, ",
        "Selbstmord zu begehen oder sich mit Rasierklingen ",
        "zu schneiden, rufen Sie 0800 123 4567 an.",
        "Selbstmord",
        "0800 123 4567",
    ),
    "es": (
        "Si tu pareja habla de ",
        "cometer suicidio después de un intento fallido, ",
        "llama al 024 ahora.",
        "cometer suicidio",
        "024",
    ),
    "fr": (
        "Si votre partenaire parle de ",
        "sa tentative ratée ou d'une dose mortelle, ",
        "appelez le 3114.",
        "tentative ratée",
        "3114",
    ),
    "pt_BR": (
        "Se a pessoa falar de ",
        "uma tentativa fracassada ou de chumbinho, ",
        "ligue 188 agora.",
        "tentativa fracassada",
        "188",
    ),
    "pl": (
        "Jeśli partner mówi o ",
        "nieudanej próbie samobójczej albo o żyletkach, ",
        "zadzwoń pod 116 123.",
        "nieudanej próbie",
        "116 123",
    ),
    "uk": (
        "Якщо партнер говорить про ",
        "невдалої спроби самогубства чи лезо, ",
        "телефонуйте 7333.",
        "невдалої спроби",
        "7333",
    ),
    "ar": (
        "إذا تحدث شريكك عن ",
        "محاولة انتحار فاشلة أو عن شفرات الحلاقة، ",
        "اتصل على ٩٣٧ فورًا.",
        "محاولة انتحار فاشلة",
        "٩٣٧",
    ),
    "hi": (
        "अगर आपका साथी ",
        "कीटनाशक या नींद की गोलियां की बात करे, ",
        "तो १४४१६ पर कॉल करें।",
        "कीटनाशक",
        "१४४१६",
    ),
}

# Words each language's pack needs (overdose, poisoning, self-harm, suicide): no rule may
# catch them.
NEEDED = {
    "de": [
        "eine Überdosis",
        "eine Vergiftung",
        "Selbstverletzung",
        "Suizid",
        "Fragen Sie direkt: Denkst du an Suizid?",
        "Medikamente sicher aufbewahren",
        "Sie haben eine Überdosis genommen oder etwas Schädliches geschluckt, egal wie wenig.",
    ],
    "es": [
        "una sobredosis",
        "una intoxicación",
        "las autolesiones",
        "el suicidio",
        "Pregunte directamente: ¿estás pensando en el suicidio?",
        "Guarde los medicamentos en un lugar seguro",
        "Tomó una sobredosis o tragó algo dañino, sea cual sea la cantidad.",
    ],
    "fr": [
        "une surdose",
        "un empoisonnement",
        "une intoxication",
        "le suicide",
        "Demandez directement : penses-tu au suicide ?",
        "se faire du mal",
        "Rangez les médicaments en lieu sûr",
        "Il a pris une surdose ou avalé quelque chose de dangereux, même en petite quantité.",
    ],
    "pt_BR": [
        "uma overdose",
        "um envenenamento",
        "a automutilação",
        "a autolesão",
        "o suicídio",
        "Pergunte diretamente: você está pensando em suicídio?",
        "Guarde os remédios em lugar seguro",
        "Tomou uma overdose ou engoliu algo perigoso, mesmo em pequena quantidade.",
    ],
    "pl": [
        "przedawkowanie",
        "zatrucie",
        "samookaleczenie",
        "samobójstwo",
        "próba samobójcza",
        "Zapytaj wprost: czy myślisz o samobójstwie?",
        "Przechowuj leki bezpiecznie",
        "Przedawkował leki lub połknął coś szkodliwego, nawet w małej ilości.",
    ],
    "uk": [
        "передозування",
        "отруєння",
        "самоушкодження",
        "самогубство",
        "спроба самогубства",
        "Запитайте прямо: ти думаєш про самогубство?",
        "Зберігайте ліки в безпечному місці",
        "Прийняв надмірну дозу ліків або проковтнув щось шкідливе, навіть трохи.",
    ],
    "ar": [
        "جرعة زائدة",
        "تسمم",
        "إيذاء النفس",
        "الانتحار",
        "محاولة انتحار",
        "اسأل مباشرة: هل تفكر في الانتحار؟",
        "احفظوا الأدوية في مكان آمن",
        "تناول جرعة زائدة أو ابتلع شيئًا ضارًا، مهما كانت الكمية.",
    ],
    "hi": [
        "ओवरडोज़",
        "ज़हर",
        "खुद को नुकसान पहुँचाना",
        "आत्महत्या",
        "आत्महत्या का प्रयास",
        "सीधे पूछें: क्या आप आत्महत्या के बारे में सोच रहे हैं?",
        "दवाइयाँ सुरक्षित रखें",
        "उन्होंने ओवरडोज़ लिया है या कुछ हानिकारक निगल लिया है, चाहे कितना भी कम हो।",
    ],
}


@pytest.fixture(scope="module")
def rules() -> dict[str, list[PhraseRule]]:
    loaded = {}
    for locale in SHIPPED:
        problems = ProblemList()
        loaded[locale] = load_locale_rules(REPO, locale, problems)
        assert not problems.items, [p.render() for p in problems.items]
    return loaded


def unsafe_msgstr(path: Path, locale: str) -> tuple[int, int]:
    """Write the locale's unsafe text over the first card string, as a wrapped msgstr; return
    the lines of its phrase and of its number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index('msgid "Emergency"') + 1
    first, second, third = UNSAFE[locale][:3]
    lines[index : index + 1] = ['msgstr ""', f'"{first}"', f'"{second}"', f'"{third}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index + 3, index + 4


@pytest.mark.parametrize("locale", SHIPPED)
def test_unsafe_translation_fails_build_and_i18n_check(
    locale: str, mini: MiniProject, run_cli: Run
) -> None:
    folder = add_locale(mini, locale)
    phrase_line, number_line = unsafe_msgstr(folder / "content.po", locale)
    phrase, number = UNSAFE[locale][3:]
    where = f"locales/{locale}/LC_MESSAGES/content.po"
    for command in (
        (
            "build",
            "--country",
            "GB",
            "--locale",
            locale,
            "--product",
            "card-sheet",
            "--out",
            str(mini.root / "out"),
        ),
        ("i18n", "check"),
        ("check",),
    ):
        code, output = run_cli(*command, "--root", str(mini.root))
        assert code == 1, (command, output)
        assert f'{where}:{phrase_line}: "{phrase}' in output, (command, output)
        assert f'{where}:{number_line}: "{number}" looks like a phone number' in output, output
        assert "Traceback" not in output
    assert not (mini.root / "out" / "mini").exists()


@pytest.mark.parametrize("locale", SHIPPED)
def test_each_rule_catches_its_examples_and_passes_its_allowed(
    locale: str, rules: dict[str, list[PhraseRule]]
) -> None:
    assert len(rules[locale]) >= 8
    for rule in rules[locale]:
        assert rule.examples, rule.pattern
        for example in rule.examples:
            assert find_phrases(example, rule.regex), f"{rule.pattern} misses {example!r}"
        for phrase in rule.allowed:
            assert not find_phrases(phrase, rule.regex), f"{rule.pattern} catches {phrase!r}"
    assert sum(len(rule.allowed) for rule in rules[locale]) >= len(rules[locale])


@pytest.mark.parametrize("locale", SHIPPED)
def test_needed_words_pass_every_rule(locale: str, rules: dict[str, list[PhraseRule]]) -> None:
    for text in NEEDED[locale]:
        caught = [
            (rule.pattern, found)
            for rule in rules[locale]
            for _, found in find_phrases(text, rule.regex)
        ]
        assert not caught, (text, caught)


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_unsafe_fixture_phrase_is_caught_by_the_shipped_rules(
    locale: str, rules: dict[str, list[PhraseRule]]
) -> None:
    text = "".join(UNSAFE[locale][:3])
    assert any(find_phrases(text, rule.regex) for rule in rules[locale])


def write_rules(root: Path, locale: str, body: str) -> Path:
    path = root / "packs" / "safe-messaging" / f"{locale}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


RULE = """\
[[rules]]
pattern = '''\\bselbstmord\\w*'''
reason = "r"
suggestion = "s"
examples = [
  "Selbstmord",
  {example},
]
allowed = [
  "Suizid",
  {allowed},
]
"""


@pytest.mark.parametrize(
    "example,allowed,line,says",
    [
        ('"Freitod"', '"Hilfe"', 7, 'does not catch its example "Freitod"'),
        (
            '"Selbstmorde"',
            '"Selbstmordgedanken"',
            11,
            'catches "Selbstmordgedanken" in the allowed',
        ),
    ],
)
def test_a_misbehaving_example_is_an_error_on_its_line(
    tmp_path: Path, example: str, allowed: str, line: int, says: str
) -> None:
    path = write_rules(tmp_path, "de", RULE.format(example=example, allowed=allowed))
    problems = ProblemList()
    assert load_locale_rules(tmp_path, "de", problems) == []
    [problem] = problems.errors
    assert (problem.file, problem.line) == (path, line)
    assert says in problem.message


def test_a_rule_without_examples_is_refused(tmp_path: Path) -> None:
    write_rules(tmp_path, "de", "[[rules]]\npattern = 'x'\nreason = 'r'\nsuggestion = 's'\n")
    problems = ProblemList()
    assert load_locale_rules(tmp_path, "de", problems) == []
    assert "rules[1].examples" in problems.errors[0].message


def test_regional_locale_uses_its_languages_rules_and_a_locale_without_rules_fails(
    tmp_path: Path,
) -> None:
    write_rules(tmp_path, "fr", RULE.format(example='"Selbstmorde"', allowed='"x"'))
    problems = ProblemList()
    assert len(load_locale_rules(tmp_path, "fr_CA", problems)) == 1
    catalog = tmp_path / "locales" / "it" / "LC_MESSAGES" / "content.po"
    assert load_locale_rules(tmp_path, "it", problems, catalog) == []
    [problem] = problems.errors
    assert problem.file == catalog and "no safe-messaging rules for it" in problem.message
    assert "packs/safe-messaging/it.toml" in problem.fix


def test_a_new_locale_without_rules_fails_check(mini: MiniProject, run_cli: Run) -> None:
    add_locale(mini, "eo")
    code, output = run_cli("check", "--root", str(mini.root))
    assert code == 1
    assert "locales/eo/LC_MESSAGES/content.po: no safe-messaging rules for eo" in output


def message(source: str, text: str, lineno: int = 1, **kw: object) -> Message:
    return Message(source, text, lineno=lineno, **kw)  # type: ignore[arg-type]


def lint(msg: Message, lines: list[str], rules: list[PhraseRule]) -> list[tuple[int | None, str]]:
    problems = ProblemList()
    lint_translation(msg, Path("x.po"), lines, rules, problems)
    return [(p.line, p.message) for p in problems.errors]


def test_a_phrase_wrapped_over_two_po_lines_is_found_on_the_line_it_starts(
    rules: dict[str, list[PhraseRule]],
) -> None:
    lines = [
        'msgid "Listen."',
        'msgstr ""',
        '"Er sprach von einem erfolgreichen "',
        '"Suizidversuch."',
    ]
    found = lint(
        message("Listen.", "Er sprach von einem erfolgreichen Suizidversuch."), lines, rules["de"]
    )
    assert [line for line, _ in found] == [3]
    assert found[0][1].startswith('"erfolgreichen Suizidversuch"')


def test_invisible_characters_do_not_hide_a_word(rules: dict[str, list[PhraseRule]]) -> None:
    text = "Selbst\u00admord"  # a soft hyphen inside the word
    lines = ['msgid "Suicide"', f'msgstr "{text}"']
    assert [line for line, _ in lint(message("Suicide", text), lines, rules["de"])] == [2]


def test_fuzzy_translations_are_checked_too(rules: dict[str, list[PhraseRule]]) -> None:
    lines = ["#, fuzzy", 'msgid "Help"', 'msgstr "Ruf 0800 111 0 111 an"']
    found = lint(
        message("Help", "Ruf 0800 111 0 111 an", lineno=2, flags=["fuzzy"]), lines, rules["de"]
    )
    assert found and "looks like a phone number" in found[0][1] and found[0][0] == 3


def test_a_number_the_source_carries_may_stay_and_no_other(
    rules: dict[str, list[PhraseRule]],
) -> None:
    source = "Text SHOUT to 85258"
    kept = ['msgid "Text SHOUT to 85258"', 'msgstr "Envoyez SHOUT au 85 258"']
    assert lint(message(source, "Envoyez SHOUT au 85 258"), kept, rules["fr"]) == []
    changed = ['msgid "Text SHOUT to 85258"', 'msgstr "Envoyez SHOUT au 85259"']
    assert [
        line for line, _ in lint(message(source, "Envoyez SHOUT au 85259"), changed, rules["fr"])
    ] == [2]


def test_plural_translations_are_each_checked(rules: dict[str, list[PhraseRule]]) -> None:
    lines = [
        'msgid "%(n)s line"',
        'msgid_plural "%(n)s lines"',
        'msgstr[0] "%(n)s Leitung"',
        'msgstr[1] "%(n)s Leitungen, 0800 123 456"',
    ]
    msg = message(
        ("%(n)s line", "%(n)s lines"),  # type: ignore[arg-type]
        ("%(n)s Leitung", "%(n)s Leitungen, 0800 123 456"),  # type: ignore[arg-type]
    )
    assert [line for line, _ in lint(msg, lines, rules["de"])] == [4]
    assert [u.line for u in msgstr_units(msg, Path("x.po"), lines)] == [3, 4]


def test_shipped_catalogs_pass_their_rules(shipped_load: tuple[Project, ProblemList]) -> None:
    project, problems = shipped_load
    assert set(SHIPPED) <= set(project.catalogs)
    assert not problems.errors, [p.render(REPO) for p in problems.errors]


def test_a_decomposed_bengali_phrase_is_caught() -> None:
    # "জোয়ার" (a wave of suicides) with its vowel sign ো typed as its two parts ে + া, as some
    # keyboards do: normalised before matching, so the rule still catches it.
    problems = ProblemList()
    bengali = load_locale_rules(REPO, "bn", problems)
    assert not problems.items
    text = "আত্মহত্যার জ\u09c7\u09beয়ার"
    assert "\u09cb" not in text
    assert any(find_phrases(text, rule.regex) for rule in bengali)


@pytest.mark.parametrize(
    "locale", sorted(path.stem for path in (REPO / "packs" / "safe-messaging").glob("*.toml"))
)
def test_every_example_is_caught_also_when_decomposed(locale: str) -> None:
    problems = ProblemList()
    loaded = load_locale_rules(REPO, locale, problems)
    assert not problems.items, [p.render() for p in problems.items]
    for rule in loaded:
        for example in rule.examples:
            decomposed = unicodedata.normalize("NFD", example)
            assert find_phrases(decomposed, rule.regex), f"{rule.pattern} misses {decomposed!r}"


def test_a_changed_number_in_advice_is_refused_on_its_line(
    rules: dict[str, list[PhraseRule]],
) -> None:
    source = "Cool the burn under cool running water for 20 minutes."
    lines = [f'msgid "{source}"', 'msgstr ""', '"Kühlen Sie die Brandwunde "', '"2 Minuten lang."']
    found = lint(message(source, "Kühlen Sie die Brandwunde 2 Minuten lang."), lines, rules["de"])
    assert [line for line, _ in found] == [4]
    assert "the number 2 is not in the source, which has 20" in found[0][1]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("Under 18: call 116 111", "Unter 18: 116 111 anrufen"),
        ("Open 24 hours, every day", "Täglich rund um die Uhr"),  # in words
        ("Bleeding does not stop after ten minutes", "10分間押さえても"),  # source in words
        ("10:00–12:00 (days not stated)", "10 h – 12 h (jours non précisés)"),
        ("08:00–17:00", "8–17 Uhr"),
        ("Under 18", "أقل من ١٨"),  # the locale's own digits
        ("%(count)s lines, 7 days a week", "%(count)s lignes, 7 jours sur 7"),
        ("See www.example.org/2", "Voir www.example.org/3"),  # an address is not a number
    ],
)
def test_the_same_numbers_in_digits_or_in_words_pass(
    source: str, text: str, rules: dict[str, list[PhraseRule]]
) -> None:
    lines = [f'msgid "{source}"', f'msgstr "{text}"']
    assert lint(message(source, text), lines, rules["de"]) == []


def test_a_changed_age_is_refused_and_a_fuzzy_entry_waits_for_review(
    rules: dict[str, list[PhraseRule]],
) -> None:
    source, text = "For young people under 18", "Für junge Menschen unter 16"
    lines = [f'msgid "{source}"', f'msgstr "{text}"']
    assert [c for c, _ in lint(message(source, text), lines, rules["de"])] == [2]
    # A fuzzy entry (the English changed) is not printed: no error until the flag comes off.
    fuzzy = ["#, fuzzy", *lines]
    assert lint(message(source, text, lineno=2, flags=["fuzzy"]), fuzzy, rules["de"]) == []


def test_a_phone_number_added_is_reported_once() -> None:
    problems = ProblemList()
    source, text = "Call within 20 minutes", "Innerhalb von 20 Minuten 0800 111 0 111 anrufen"
    lines = [f'msgid "{source}"', f'msgstr "{text}"']
    lint_translation(message(source, text), Path("x.po"), lines, [], problems)
    assert [p.code for p in problems.errors] == ["CP4012"]


@pytest.mark.parametrize("blank", [" ", "\u00a0", "  \\n"])
def test_a_translation_of_only_spaces_is_refused(blank: str) -> None:
    problems = ProblemList()
    lines = ['msgid "Life in danger"', f'msgstr "{blank}"']
    text = blank.replace("\\n", "\n")
    assert not lint_translation(message("Life in danger", text), Path("x.po"), lines, [], problems)
    assert [(p.code, p.line) for p in problems.errors] == [("CP4014", 2)]
    assert 'where the source says "Life in danger"' in problems.errors[0].message


def test_a_blank_translation_fails_build_and_i18n_check(mini: MiniProject, run_cli: Run) -> None:
    folder = add_locale(mini, "de")
    path = folder / "content.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = lines.index('msgid "Emergency"') + 1
    lines[index] = 'msgstr " "'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = ("--out", str(mini.root / "out"))
    for command in (("i18n", "check"), ("build", "-c", "GB", "-l", "de", "-p", "card-sheet", *out)):
        code, output = run_cli(*command, "--root", str(mini.root))
        assert code == 1, (command, output)
        assert f"CP4014 locales/de/LC_MESSAGES/content.po:{index + 1}: " in output, output
    assert not (mini.root / "out" / "mini").exists()
