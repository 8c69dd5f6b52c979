"""The `careprint` command: parses options and calls the library; nothing else lives here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, cli_helplines, cli_i18n
from .build import BuildRequest, build
from .check import check_project
from .cli_common import FailOption, RootOption, TodayOption, WarnOption, handled, say
from .doctor import diagnose
from .errors import CareprintError
from .freshness import build_date
from .i18n import check as i18n_check
from .project import find_root
from .readability import format_report, score_pack

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Build printable support packs: handouts and wallet cards.")

OverlayOption = Annotated[Path | None, typer.Option(
    "--overlay", help="A clinic's folder with careprint.toml: its name, contact, logo and "
                      "colour on every document (see examples/clinic/).")]


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


@app.command("build")
@handled
def build_command(
    pack: Annotated[list[str] | None, typer.Option(help="Pack id(s), comma-separated.")] = None,
    country: Annotated[list[str] | None, typer.Option(
        help="Country code(s) like GB,US (default: every country with helpline data).")] = None,
    locale: Annotated[list[str] | None, typer.Option(
        help="Locale(s) like en,fr (default: the country's shipped official languages).")] = None,
    product: Annotated[list[str] | None, typer.Option(
        help="Product(s): handout, card-sheet, ... (default: all the pack's products).")] = None,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out"),
    paper: Annotated[str | None, typer.Option(
        help="a4 or letter (default: by country, CLDR's rule).")] = None,
    duplex: Annotated[str, typer.Option(help="long-edge or short-edge.")] = "long-edge",
    strict: Annotated[bool, typer.Option(
        help="Treat warnings (e.g. untranslated strings) as errors.")] = False,
    require_reviewed: Annotated[bool, typer.Option(
        help="Refuse translations not yet reviewed by a native speaker.")] = False,
    allow_stale: Annotated[bool, typer.Option(
        "--allow-stale", help="Build even when numbers are past the age limit; the PDFs then "
                              "say the numbers may be out of date.")] = False,
    today: TodayOption = None,
    warn_after_months: WarnOption = None,
    fail_after_months: FailOption = None,
    overlay: OverlayOption = None,
    root: RootOption = None,
) -> None:
    """Build PDFs into OUT/<pack>/<COUNTRY>/<locale>/<product>.pdf."""
    if duplex not in ("long-edge", "short-edge"):
        raise CareprintError(f'unknown duplex "{duplex}": use long-edge or short-edge')
    project_root = find_root(root)
    request = BuildRequest(
        root=project_root, out=out, packs=_split(pack), countries=_split(country),
        locales=_split(locale), products=_split(product), paper=paper,
        duplex=duplex, strict=strict, today=build_date(today),  # type: ignore[arg-type]
        require_reviewed=require_reviewed, allow_stale=allow_stale,
        warn_after_months=warn_after_months, fail_after_months=fail_after_months,
        overlay=overlay)
    result = build(request, progress=lambda m: typer.echo(m, err=True))
    for warning in result.warnings:
        say(warning, project_root)
    typer.echo(f"{len(result.written)} document(s) written to {out}")


@app.command("check")
@handled
def check_command(
    report: Annotated[bool, typer.Option(
        "--report", help="Also print reading grade, words and reading time per module.")] = False,
    today: TodayOption = None,
    warn_after_months: WarnOption = None,
    fail_after_months: FailOption = None,
    overlay: OverlayOption = None,
    root: RootOption = None,
) -> None:
    """Validate every pack, module, helpline file and template without rendering."""
    project_root = find_root(root)
    project, problems = check_project(project_root, build_date(today), warn_after_months,
                                      fail_after_months, overlay_dir=overlay)
    if not problems.errors:
        i18n_check(project, problems)
    for problem in problems.items:
        say(problem, project_root)
    if report:
        for pack in project.packs.values():
            typer.echo(f"pack {pack.id} (US grade: Flesch-Kincaid; target 8 or lower)")
            for line in format_report(score_pack(pack)):
                typer.echo(f"  {line}")
    if problems.errors:
        raise typer.Exit(1)
    typer.echo(f"ok: {len(project.packs)} pack(s), {len(project.helplines)} countries, "
               f"{len(project.locales)} locale(s), {len(problems.warnings)} warning(s)")


@app.command("list")
@handled
def list_command(root: RootOption = None) -> None:
    """Show packs, products, countries and locales available."""
    project, problems = check_project(find_root(root))
    for pack in project.packs.values():
        typer.echo(f"pack {pack.id}: {pack.definition.title} (v{pack.definition.version})")
        typer.echo(f"  products: {', '.join(pack.definition.products)}")
    typer.echo(f"countries: {', '.join(sorted(project.helplines))}")
    typer.echo(f"locales: {', '.join(project.locales)}")
    if problems.errors:
        typer.echo(f"({len(problems.errors)} problem(s): run `careprint check`)", err=True)


@app.command("doctor")
def doctor_command() -> None:
    """Report what this machine lacks for fast, correct builds; exit 1 if anything is missing."""
    findings = diagnose()
    for f in findings:
        mark = "ok " if f.ok else "MISSING"
        typer.echo(f"{mark:8}{f.name}: {f.detail}" + (f"\n        fix: {f.fix}" if f.fix else ""))
    if not all(f.ok for f in findings):
        raise typer.Exit(1)


app.add_typer(cli_helplines.app, name="helplines")
app.add_typer(cli_i18n.app, name="i18n")


@app.callback(invoke_without_command=True)
def main(version: Annotated[bool, typer.Option("--version", help="Show the version.")] = False
         ) -> None:
    if version:
        typer.echo(f"careprint {__version__}")
        raise typer.Exit()


def run() -> None:
    app(prog_name="careprint")
    sys.exit(0)
