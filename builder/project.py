"""The project on disk: where packs, helplines, templates and locales live, loaded and checked."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages

from .catalogs import LocaleCatalogs, load_locale
from .errors import CareprintError, ProblemList
from .helplines import CountryHelplines, load_all
from .packs import Pack, load_packs
from .retired import RetiredNumbers, load_retired


def _is_root(folder: Path) -> bool:
    return (folder / "packs").is_dir() and (folder / "templates").is_dir()


def find_root(explicit: Path | None = None) -> Path:
    """The folder holding packs/ and templates/: --root, $CAREPRINT_ROOT, the checkout, or cwd.

    A folder given explicitly (--root or $CAREPRINT_ROOT) must be a project: a typo there never
    falls back silently to careprint's own data."""
    given = [(explicit, "--root")] if explicit is not None else \
        [(Path(os.environ["CAREPRINT_ROOT"]), "CAREPRINT_ROOT")] \
        if os.environ.get("CAREPRINT_ROOT") else []
    for folder, name in given:
        if not _is_root(folder):
            missing = " and ".join(f"{sub}/" for sub in ("packs", "templates")
                                   if not (folder / sub).is_dir())
            what = "does not exist" if not folder.exists() else f"has no {missing}"
            raise CareprintError(f"{name} {folder}: {what}; give the careprint project folder "
                                 "(the one holding packs/ and templates/)")
        return folder.resolve()
    candidates = [Path(__file__).resolve().parent.parent, Path.cwd()]
    for candidate in candidates:
        if candidate is not None and (candidate / "packs").is_dir() \
                and (candidate / "templates").is_dir():
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
        """Official languages of the country that are shipped, else the pack's source locale."""
        shipped: list[str] = []
        for code in official_languages(country):
            for locale in self.locales:
                if _speaks(locale, code) and locale not in shipped:
                    shipped.append(locale)
        return shipped or [pack.definition.source_locale if pack else "en"]

    def locale_countries(self, locale: str) -> list[str]:
        """Countries where locale is an official language: where its helpline data is
        translated (whether or not the locale is shipped yet)."""
        return [c for c in sorted(self.helplines)
                if any(_speaks(locale, code) for code in official_languages(c))]


def official_languages(country: str) -> list[str]:
    codes = []
    for code in get_official_languages(country, de_facto=True):
        try:
            codes.append(str(Locale.parse(code)))
        except (ValueError, UnknownLocaleError):
            continue  # CLDR lists a few languages Babel has no locale data for
    return codes


def _speaks(locale: str, language: str) -> bool:
    return locale == language or locale.split("_")[0] == language


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


def shipped_locales(root: Path, problems: ProblemList | None = None) -> tuple[str, ...]:
    """en (the source) plus every locale with a catalog under locales/."""
    found = set()
    for folder in (root / "locales").glob("*"):
        if not (folder / "LC_MESSAGES").is_dir():
            continue
        if (problem := locale_folder_problem(folder.name)) is not None:
            if problems is not None:
                problems.error(problem, folder, fix="rename the folder")
            continue
        found.add(folder.name)
    return tuple(["en"] + sorted(found - {"en"}))


def load_project(root: Path, problems: ProblemList) -> Project:
    """Read every pack and helpline file, recording every problem rather than stopping."""
    if not (root / "packs").is_dir():
        problems.error("no packs/ folder here", root,
                       fix="run careprint from a careprint checkout or pass --root")
        return Project(root, {}, {}, ("en",))
    for needed in ("templates", "templates/css"):
        if not (root / needed).is_dir():
            problems.error(f"{needed}/ is missing", root, fix="restore it from the repository")
    packs = load_packs(root / "packs", problems)
    retired = load_retired(root, problems)
    helplines = load_all(root / "packs" / "helplines", problems, retired)
    locales = shipped_locales(root, problems)
    catalogs = {}
    for locale in locales[1:]:
        if (loaded := load_locale(root, locale, problems)) is not None:
            catalogs[locale] = loaded
    return Project(root, packs, helplines, locales, catalogs, retired)
