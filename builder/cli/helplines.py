"""`careprint helplines ...`: list, show, check and compare the per-country helpline data."""

from __future__ import annotations

from typing import Annotated

import typer

from builder.base.errors import CareprintError
from builder.cli.common import (
    PROBLEM,
    Command,
    FailOption,
    Group,
    RootOption,
    TodayOption,
    WarnOption,
    flag_option,
    handled,
    say,
)
from builder.model.freshness import build_date
from builder.model.project import find_root
from builder.render.listing import (
    country_name,
    country_rows,
    format_rows,
    no_crisis_line,
    show_country,
)
from builder.validate.helplinecheck import check_helplines
from builder.validate.helplinediff import diff, format_changes, read_side

app = typer.Typer(
    cls=Group,
    no_args_is_help=True,
    help="List, show, check and compare the helpline numbers per country.",
)


@app.command("list", cls=Command)
@handled
def list_command(today: TodayOption = None, root: RootOption = None) -> None:
    """One line per country: the levels its card fills, emergency number, first crisis line,
    age of the data."""
    project_root = find_root(root)
    result = check_helplines(project_root, build_date(today))
    for line in format_rows(country_rows(result.countries, result.dating)):
        typer.echo(line)
    if result.problems.errors:
        typer.echo(
            f"({len(result.problems.errors)} problem(s): run `careprint helplines check`)", err=True
        )


@app.command("show", cls=Command)
@handled
def show_command(
    country: Annotated[str, typer.Argument(metavar="CC", help="Country code like GB.")],
    today: TodayOption = None,
    root: RootOption = None,
) -> None:
    """Every service of one country in print order, with sources, ages and caution notes."""
    project_root = find_root(root)
    result = check_helplines(project_root, build_date(today))
    code = country.upper()
    if code not in result.countries:
        for problem in result.problems.errors:
            say(problem, project_root)
        raise CareprintError(
            "CP3010",
            f'no valid helpline data for "{code}": available: '
            + ", ".join(sorted(result.countries)),
        )
    for line in show_country(result.countries[code], result.dating):
        typer.echo(line)


@app.command("check", cls=Command)
@handled
def check_command(
    today: TodayOption = None,
    warn_after_months: WarnOption = None,
    fail_after_months: FailOption = None,
    root: RootOption = None,
) -> None:
    """Validate every helpline file: keys, numbers for their country, and age of the data."""
    project_root = find_root(root)
    result = check_helplines(project_root, build_date(today), warn_after_months, fail_after_months)
    for problem in result.problems.items:
        say(problem, project_root)
    if result.problems.errors:
        raise typer.Exit(PROBLEM)
    limits = result.dating.limits
    oldest = result.oldest.isoformat() if result.oldest else "none"
    typer.echo(
        f"ok: {len(result.countries)} countries, {result.services} services; oldest "
        f"check {oldest} (warn after {limits.warn_after_months} months, fail after "
        f"{limits.fail_after_months}, judged on {result.dating.today.isoformat()}); "
        f"{len(result.problems.warnings)} warning(s)"
    )
    gaps = {
        code: gap
        for code, country in sorted(result.countries.items())
        if (gap := no_crisis_line(country))
    }
    if gaps:
        typer.echo(f"{len(gaps)} countries print no crisis line on their cards:")
        for code, gap in gaps.items():
            typer.echo(f"  {code}  {country_name(code)}: {gap}")


@app.command("diff", cls=Command)
@handled
def diff_command(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="Older version: a folder or a git revision.")
    ],
    new: Annotated[
        str | None,
        typer.Argument(
            metavar="[NEW]",
            help="Newer version: a folder or a git revision (default: the working copy).",
        ),
    ] = None,
    exit_code: Annotated[
        bool,
        flag_option(
            "--exit-code",
            "Exit 1 when anything changed (like git diff --exit-code), "
            "so CI can ask for the printouts to be replaced.",
        ),
    ] = False,
    root: RootOption = None,
) -> None:
    """Numbers added, removed or changed per country and service: which printouts to replace.

    A folder may hold <CC>.toml files or be a project with packs/helplines.
    """
    project_root = find_root(root)
    changes = diff(read_side(old, project_root), read_side(new or str(project_root), project_root))
    for line in format_changes(changes):
        typer.echo(line)
    if exit_code and changes:
        raise typer.Exit(PROBLEM)
