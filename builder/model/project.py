"""The project on disk: where packs, helplines, templates and locales live, loaded and checked."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from babel.languages import get_official_languages

from builder.base.errors import CareprintError, ProblemList
from builder.model.catalogs import LocaleCatalogs
from builder.model.helplines import CountryHelplines, load_all
from builder.model.localecache import load_locale
from builder.model.packs import Pack, load_packs
from builder.model.retired import RetiredNumbers, load_retired
from builder.model.translations import Translator, source_translator


def _is_root(folder: Path) -> bool:
    return (folder / "packs").is_dir() and (folder / "templates").is_dir()


def find_root(explicit: Path | None = None) -> Path:
    """The folder holding packs/ and templates/: --root, $CAREPRINT_ROOT, the checkout, or cwd.

    A folder given explicitly (--root or $CAREPRINT_ROOT) must be a project: a typo there never
    falls back silently to careprint's own data."""
    given = (
        [(explicit, "--root")]
        if explicit is not None
        else [(Path(os.environ["CAREPRINT_ROOT"]), "CAREPRINT_ROOT")]
        if os.environ.get("CAREPRINT_ROOT")
        else []
    )
    for folder, name in given:
        if not _is_root(folder):
            missing = " and ".join(
                f"{sub}/" for sub in ("packs", "templates") if not (folder / sub).is_dir()
            )
            what = "does not exist" if not folder.exists() else f"has no {missing}"
            raise CareprintError(
                "CP1201",
                f"{name} {folder}: {what}; give the careprint project folder "
                "(the one holding packs/ and templates/)",
            )
        return folder.resolve()
    candidates = [Path(__file__).resolve().parents[2], Path.cwd()]
    for candidate in candidates:
        if (
            candidate is not None
            and (candidate / "packs").is_dir()
            and (candidate / "templates").is_dir()
        ):
            return candidate.resolve()
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Project:
    root: Path
    packs: dict[str, Pack]
    helplines: dict[str, CountryHelplines]
    locales: tuple[str, ...]
    catalogs: dict[str, LocaleCatalogs] = field(default_factory=dict)
    retired: RetiredNumbers = field(default_factory=RetiredNumbers)

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def css(self) -> Path:
        return self.root / "templates" / "css"

    def default_locales(self, country: str, pack: Pack | None = None) -> list[str]:
        """The pack's languages for the country (pack.toml [languages]), then the country's
        official languages (CLDR, in its order) that ship, else the pack's source locale.

        A regional catalog serves its own region only: pt_BR is Brazil's Portuguese, so
        Portugal gets English (and the build says why, see regional_gaps) until pt_PT ships.
        """
        chosen = list(pack.definition.languages.get(country, [])) if pack else []
        for code in official_languages(country):
            for locale in self.locales:
                if _serves(locale, code, country) and locale not in chosen:
                    chosen.append(locale)
        return chosen or [pack.definition.source_locale if pack else "en"]

    def regional_gaps(self, country: str) -> list[tuple[str, str]]:
        """(official language, shipped catalog of another region) pairs for country: the
        language is official there, a catalog in it ships, but for another region only."""
        gaps = []
        for code in official_languages(country):
            if any(_serves(locale, code, country) for locale in self.locales):
                continue
            gaps += [(code, locale) for locale in self.locales if _speaks(locale, code, country)]
        return gaps

    def countries_in_official_language(self) -> list[str]:
        """Countries with helpline data where a shipped catalog (English included) serves one of
        their official languages: where a handout reads in a language of the country."""
        return [
            c
            for c in sorted(self.helplines)
            if any(
                _serves(locale, code, c)
                for code in official_languages(c)
                for locale in self.locales
            )
        ]

    def only_language(self, locale: str, country: str) -> bool:
        """locale is in the country's one official language (CLDR): Catalan for Andorra, not
        any language of Belgium or Switzerland."""
        codes = official_languages(country)
        return len(codes) == 1 and _speaks(locale, codes[0], country)

    def locale_countries(self, locale: str) -> list[str]:
        """Countries where locale is an official language: where its helpline data is
        translated (whether or not the locale is shipped yet)."""
        return [
            c
            for c in sorted(self.helplines)
            if any(_speaks(locale, code, c) for code in official_languages(c))
        ]


def official_languages(country: str) -> list[str]:
    codes = []
    for code in get_official_languages(country, de_facto=True):
        try:
            codes.append(str(Locale.parse(code)))
        except (ValueError, UnknownLocaleError):
            continue  # CLDR lists a few languages Babel has no locale data for
    return codes


@functools.cache
def _subtags(code: str, country: str | None = None) -> tuple[str, str | None, str | None]:
    """(language, script, region) of a locale code, a missing script filled in from CLDR's
    likely subtags: for a catalog from its own region ("zh_TW" is Traditional, "zh" Simplified),
    for an official language from the country it is official in ("zh" in Singapore is Simplified;
    CLDR names Taiwan's and Hong Kong's "zh_Hant" outright)."""
    language, region, script = parse_locale(code)[:3]
    if script is None:
        likely = get_global("likely_subtags")
        for key in (f"{language}_{region or country}", language):
            if key in likely:
                script = parse_locale(likely[key])[2]
                break
    return language, script, region


def _speaks(locale: str, language: str, country: str) -> bool:
    """A catalog is in an official language of country if language and script agree (a
    Traditional Chinese catalog is not in China's Chinese, a Simplified one not in Taiwan's)."""
    return _subtags(locale)[:2] == _subtags(language, country)[:2]


def _serves(locale: str, language: str, country: str) -> bool:
    """A catalog in language serves country if it names no region or names that one."""
    region = _subtags(locale)[2]
    return _speaks(locale, language, country) and region in (None, country)


def locale_folder_problem(name: str) -> str | None:
    """Why a folder under locales/ cannot be a locale (pt-BR for pt_BR, an unknown code)."""
    try:
        Locale.parse(name)
        return None
    except (ValueError, UnknownLocaleError):
        pass
    for sep in ("-", "."):
        try:
            meant = str(Locale.parse(name.replace(sep, "_")))
        except (ValueError, UnknownLocaleError):
            continue
        return f'"{name}" is not a locale folder name: use "{meant}" (with an underscore)'
    return f'"{name}" is not a locale Babel knows: use a code like "fr", "pt_BR" or "zh_Hant"'


def start_locale_fix(code: str) -> str:
    """How to start the locale `code` (a fix text): `i18n update` with the code as careprint
    names its folder (ca-ES -> ca_ES), or, for a code that names no locale, why not."""
    for candidate in (code, code.replace("-", "_"), code.replace(".", "_")):
        try:
            name = str(Locale.parse(candidate))
        except (ValueError, UnknownLocaleError):
            continue
        return f'start it: careprint i18n update --locale {name} --credit "Your Name"'
    return locale_folder_problem(code) or f'"{code}" is not a locale code'


def shipped_locales(root: Path, problems: ProblemList | None = None) -> tuple[str, ...]:
    """en (the source) plus every locale with a catalog under locales/."""
    found = set()
    for folder in (root / "locales").glob("*"):
        if not (folder / "LC_MESSAGES").is_dir():
            continue
        if (problem := locale_folder_problem(folder.name)) is not None:
            if problems is not None:
                problems.error("CP1202", problem, folder, fix="rename the folder")
            continue
        found.add(folder.name)
    return tuple(["en"] + sorted(found - {"en"}))


def load_project(root: Path, problems: ProblemList) -> Project:
    """Read every pack and helpline file, recording every problem rather than stopping."""
    if not (root / "packs").is_dir():
        problems.error(
            "CP1203",
            "no packs/ folder here",
            root,
            fix="run careprint from a careprint checkout or pass --root",
        )
        return Project(root, {}, {}, ("en",))
    for needed in ("templates", "templates/css"):
        if not (root / needed).is_dir():
            problems.error(
                "CP1204", f"{needed}/ is missing", root, fix="restore it from the repository"
            )
    packs = load_packs(root / "packs", problems)
    retired = load_retired(root, problems)
    helplines = load_all(root / "packs" / "helplines", problems, retired)
    locales = shipped_locales(root, problems)
    catalogs = {}
    for locale in locales[1:]:
        if (loaded := load_locale(root, locale, problems)) is not None:
            catalogs[locale] = loaded
    return Project(root, packs, helplines, locales, catalogs, retired)


def translator_for(project: Project, locale: str) -> Translator:
    catalogs = project.catalogs.get(locale)
    return catalogs.translator() if catalogs else source_translator(locale)
