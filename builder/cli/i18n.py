"""`careprint i18n ...`: catalog upkeep for translators (extract, update, stats, check)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from babel import Locale

from builder.base.errors import InputError, Problem, ProblemList
from builder.cli.common import (
    Command,
    Group,
    RootOption,
    country_option,
    handled,
    in_locales,
    json_option,
    locale_option,
)
from builder.i18n.upkeep import (
    LocaleStats,
    check,
    existing_catalogs,
    stats,
    templates,
    update_locale_files,
    write_templates,
)
from builder.i18n.workbench import Worklist, worklist
from builder.model.project import Project, find_root, locale_folder_problem, start_locale_fix
from builder.pipeline import check_project
from builder.validate.completeness import check_catalog_shares
from builder.validate.localecheck import check_rules

app = typer.Typer(
    cls=Group, no_args_is_help=True, help="Translation catalogs: extract, update, stats, check."
)


def _project(root: Path | None, catalogs_may_be_stale: bool = False) -> Project:
    """The checked project. extract and update exist to mend catalogs, so for them problems
    inside locales/ (a missing or stale catalog) do not stop the command."""
    project_root = find_root(root)
    project, problems = check_project(project_root)
    errors = problems.errors
    if catalogs_may_be_stale:
        errors = [p for p in errors if not in_locales(p, project_root)]
    if errors:
        raise InputError(errors)
    return project


@app.command("extract", cls=Command)
@handled
def extract_command(root: RootOption = None) -> None:
    """Write locales/ui.pot, content.pot and helplines.pot from the sources they translate."""
    for path in write_templates(_project(root, catalogs_may_be_stale=True)):
        typer.echo(f"wrote {path}")


@app.command("update", cls=Command)
@handled
def update_command(
    locale: Annotated[
        list[str] | None,
        locale_option("Locale(s) to update or create (default: every shipped locale)."),
    ] = None,
    credit: Annotated[
        str, typer.Option(metavar="NAME", help="Translator credit for a new catalog.")
    ] = "",
    root: RootOption = None,
) -> None:
    """Merge the templates into each locale's catalogs, keeping previous source text (#|)."""
    given = [v for value in locale or [] for v in value.split(",") if v]
    for code in given:  # before anything is written: a new locale's folder takes this name
        if (problem := locale_folder_problem(code)) is not None:
            raise typer.BadParameter(problem, param_hint="--locale")
    project = _project(root, catalogs_may_be_stale=True)
    # "CA" or "pt_br" names the folder as careprint writes it (ca, pt_BR), not a second one.
    locales = [str(Locale.parse(code)) for code in given] or [
        code for code in project.locales if code != "en"
    ]
    existing_catalogs(project, locales)  # a catalog that cannot be read stops it all here
    fresh = templates(project)  # extracted once for every locale
    write_templates(project, fresh)
    for code in locales:
        for path, created in update_locale_files(project, code, credit, fresh):
            typer.echo(f"{'created' if created else 'updated'} {path}")


@app.command("stats", cls=Command)
@handled
def stats_command(
    locale: Annotated[
        list[str] | None,
        locale_option(
            "Only these locale(s); adds counts by catalog and by product, and what to "
            "translate next."
        ),
    ] = None,
    country: Annotated[
        str | None,
        country_option(
            "Country whose documents the by-product counts are for (default: the first "
            "where the language is official)."
        ),
    ] = None,
    as_json: Annotated[bool, json_option("Print JSON on stdout.")] = False,
    root: RootOption = None,
) -> None:
    """Per locale: translated, fuzzy and missing strings, and review status."""
    problems = ProblemList()
    project = _project(root)
    chosen = [v for value in locale or [] for v in value.split(",") if v]
    unknown = [code for code in chosen if code not in project.locales]
    if unknown:
        raise InputError(
            [
                Problem(
                    "CP4301",
                    f'locale "{code}" is not started yet',
                    project.root / "locales" / code,
                    fix=start_locale_fix(code),
                )
                for code in unknown
            ]
        )
    rows = stats(project, problems, chosen)
    detailed = bool(chosen) or as_json
    lists = (
        {
            r.locale: worklist(project, r.locale, preview_country(project, r.locale, country))
            for r in rows
        }
        if detailed
        else {}
    )
    if as_json:
        typer.echo(
            json.dumps(
                [_as_json(project, r, lists[r.locale]) for r in rows], indent=2, ensure_ascii=False
            )
        )
    else:
        typer.echo(
            f"{'locale':8} {'translated':>10} {'fuzzy':>6} {'missing':>8} {'done':>7}  "
            "review    translator"
        )
        for r in rows:
            typer.echo(
                f"{r.locale:8} {r.translated:>10} {r.fuzzy:>6} {r.missing:>8} "
                f"{r.percent:>6.1f}%  {r.status:9} {r.credit}"
            )
        for r in rows if detailed else []:
            _detail(project, r, lists[r.locale])
    if problems.errors:
        raise InputError(problems.errors)


NEXT_SHOWN = 10


def preview_country(project: Project, locale: str, country: str | None) -> str:
    """The country a translator checks first: given, or where the language is the first
    official one, or any where it is official, or the first with helpline data."""
    if country:
        if country.upper() not in project.helplines:
            raise InputError(
                [
                    Problem(
                        "CP3010",
                        f'no helpline data for country "{country}"',
                        fix=f"use one of {', '.join(sorted(project.helplines))}",
                    )
                ]
            )
        return country.upper()
    official = project.locale_countries(locale)
    first = [c for c in official if project.default_locales(c)[:1] == [locale]]
    return (first + official + sorted(project.helplines))[0]


def _detail(project: Project, row: LocaleStats, found: Worklist) -> None:
    typer.echo(f"\n{row.locale} by catalog:")
    for domain, (total, translated, fuzzy) in row.catalogs.items():
        typer.echo(f"  {domain + '.po':14} {translated:>5}/{total:<5} translated, {fuzzy} fuzzy")
    typer.echo(f"{row.locale} by product (for {found.country}):")
    width = max([14, *map(len, found.coverage)])  # handout-booklet is longer than 14
    for product, (total, done) in found.coverage.items():
        typer.echo(f"  {product:{width}} {done:>5}/{total:<5} strings it prints are translated")
    typer.echo(
        f"{row.locale}: translate next ({len(found.items)} to do; card strings first, "
        "then the emergency modules, then the rest):"
    )
    for item in found.items[:NEXT_SHOWN]:
        state = {
            "missing": "",
            "fuzzy": " (fuzzy)",
            "in-language": " (already in this language? confirm)",
        }[item.state]
        typer.echo(f"  {item.where(project.root)}: [{item.tier}] {item.msgid[:60]}{state}")
    for finding in found.findings:
        typer.echo(f"  {finding.render(project.root)}")


def _as_json(project: Project, row: LocaleStats, found: Worklist) -> dict[str, object]:
    return {
        "locale": row.locale,
        "total": row.total,
        "translated": row.translated,
        "fuzzy": row.fuzzy,
        "missing": row.missing,
        "percent": round(row.percent, 1),
        "review": row.status,
        "translator": row.credit,
        "catalogs": {
            d: {"total": t, "translated": tr, "fuzzy": f} for d, (t, tr, f) in row.catalogs.items()
        },
        "country": found.country,
        "products": {p: {"strings": t, "translated": d} for p, (t, d) in found.coverage.items()},
        "next": [
            {
                "file": str(i.path.relative_to(project.root)),
                "line": i.line,
                "domain": i.domain,
                "context": i.context,
                "msgid": i.msgid,
                "state": i.state,
                "tier": i.tier,
                "products": list(i.products),
            }
            for i in found.items
        ],
        "checks": [p.render(project.root) for p in found.findings],
    }


@app.command("check", cls=Command)
@handled
def check_command(root: RootOption = None) -> None:
    """Fail if catalogs are stale, a translation is unsafe or a catalog is too incomplete to
    build (the checks every build makes)."""
    problems = ProblemList()
    # A catalog's own errors (a typed number) are said by check() below, beside what only it
    # finds (card budgets, stale entries, too little translated): all in one run.
    project = _project(root, catalogs_may_be_stale=True)
    check(project, problems)
    check_rules(project, problems)
    check_catalog_shares(project, problems)
    for warning in problems.warnings:
        typer.echo(warning.render(project.root), err=True)
    if problems.errors:
        raise InputError(problems.errors)
    typer.echo(f"ok: {len(project.locales) - 1} translated locale(s) match the sources")
