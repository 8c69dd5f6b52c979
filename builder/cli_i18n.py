"""`careprint i18n ...`: catalog upkeep for translators (extract, update, stats, check)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .check import check_project
from .cli_common import RootOption, handled
from .errors import InputError, ProblemList
from .i18n import check, existing_catalogs, stats, update_locale, write_templates
from .project import Project, find_root

app = typer.Typer(no_args_is_help=True, help="Translation catalogs: extract, update, stats, check.")


def _project(root: Path | None, catalogs_may_be_stale: bool = False) -> Project:
    """The checked project. extract and update exist to mend catalogs, so for them problems
    inside locales/ (a missing or stale catalog) do not stop the command."""
    project_root = find_root(root)
    project, problems = check_project(project_root)
    errors = problems.errors
    if catalogs_may_be_stale:
        locales = (project_root / "locales").resolve()
        errors = [p for p in errors
                  if p.file is None or not p.file.resolve().is_relative_to(locales)]
    if errors:
        raise InputError(errors)
    return project


@app.command("extract")
@handled
def extract_command(root: RootOption = None) -> None:
    """Write locales/ui.pot and locales/content.pot from templates and content."""
    for path in write_templates(_project(root, catalogs_may_be_stale=True)):
        typer.echo(f"wrote {path}")


@app.command("update")
@handled
def update_command(
    locale: Annotated[list[str] | None, typer.Option(
        help="Locale(s) to update or create (default: every shipped locale).")] = None,
    credit: Annotated[str, typer.Option(help="Translator credit for a new catalog.")] = "",
    root: RootOption = None,
) -> None:
    """Merge the templates into each locale's catalogs, keeping previous source text (#|)."""
    project = _project(root, catalogs_may_be_stale=True)
    locales = [v for value in locale or [] for v in value.split(",") if v] or [
        code for code in project.locales if code != "en"]
    existing_catalogs(project, locales)  # a catalog that cannot be read stops it all here
    write_templates(project)
    for code in locales:
        for path in update_locale(project, code, credit):
            typer.echo(f"updated {path}")


@app.command("stats")
@handled
def stats_command(root: RootOption = None) -> None:
    """Per locale: translated, fuzzy and missing strings, and review status."""
    problems = ProblemList()
    rows = stats(_project(root), problems)
    typer.echo(f"{'locale':8} {'translated':>10} {'fuzzy':>6} {'missing':>8} {'done':>7}  "
               "review    translator")
    for r in rows:
        typer.echo(f"{r.locale:8} {r.translated:>10} {r.fuzzy:>6} {r.missing:>8} "
                   f"{r.percent:>6.1f}%  {r.status:9} {r.credit}")
    if problems.errors:
        raise InputError(problems.errors)


@app.command("check")
@handled
def check_command(root: RootOption = None) -> None:
    """Fail if catalogs are out of date, or a translation breaks placeholders or markup, says
    what its language's safe-messaging rules forbid, or adds a phone number."""
    problems = ProblemList()
    project = _project(root)
    check(project, problems)
    for warning in problems.warnings:
        typer.echo(warning.render(project.root), err=True)
    if problems.errors:
        raise InputError(problems.errors)
    typer.echo(f"ok: {len(project.locales) - 1} translated locale(s) match the sources")
