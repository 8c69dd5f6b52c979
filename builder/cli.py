"""The `careprint` command: parses options and calls the library; nothing else lives here."""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from .build import BuildRequest, build
from .check import check_project
from .doctor import diagnose
from .errors import CareprintError, Problem
from .project import find_root

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Build printable support packs: handouts and wallet cards.")
F = TypeVar("F", bound=Callable[..., Any])

OverlayOption = Annotated[Path | None, typer.Option(
    "--overlay", help="A clinic's folder with careprint.toml: its name, contact, logo and "
                      "colour on every document (see examples/clinic/).")]

RootOption = Annotated[Path | None, typer.Option(
    "--root", help="Project folder holding packs/ and templates/ (default: this checkout).")]


def _say(problem: Problem, root: Path | None) -> None:
    typer.echo(problem.render(root), err=True)


def handled(func: F) -> F:
    """The one error edge: user errors print plainly and exit 1; bugs save a traceback."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CareprintError as exc:
            root = find_root(kwargs.get("root"))
            for problem in exc.problems():
                _say(problem, root)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            path = Path(tempfile.gettempdir()) / f"careprint-crash-{stamp}.txt"
            path.write_text(traceback.format_exc(), encoding="utf-8")
            typer.echo(f"careprint hit a bug (not a problem with your input). The details are "
                       f"in {path}; please attach that file to a bug report.", err=True)
            raise typer.Exit(2) from None
    return wrapper  # type: ignore[return-value]


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
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
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
        duplex=duplex, strict=strict, overlay=overlay)  # type: ignore[arg-type]
    result = build(request, progress=lambda m: typer.echo(m, err=True))
    for warning in result.warnings:
        _say(warning, project_root)
    typer.echo(f"{len(result.written)} document(s) written to {out}")


@app.command("check")
@handled
def check_command(overlay: OverlayOption = None, root: RootOption = None) -> None:
    """Validate every pack, module, helpline file and template without rendering."""
    project_root = find_root(root)
    project, problems = check_project(project_root, overlay)
    for problem in problems.items:
        _say(problem, project_root)
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


@app.callback(invoke_without_command=True)
def main(version: Annotated[bool, typer.Option("--version", help="Show the version.")] = False
         ) -> None:
    if version:
        typer.echo(f"careprint {__version__}")
        raise typer.Exit()


def run() -> None:
    app(prog_name="careprint")
    sys.exit(0)
