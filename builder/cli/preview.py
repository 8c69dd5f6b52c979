"""`careprint preview`: options, the checks a translator needs before a server starts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from builder.base.errors import InputError, Problem, ProblemList
from builder.cli.common import (
    RootOption,
    country_option,
    flag_option,
    handled,
    jobs_option,
    locale_option,
    out_option,
    overlay_option,
    product_option,
)
from builder.cli.i18n import preview_country
from builder.model.project import find_root, load_project, start_locale_fix
from builder.preview.server import Workbench, serve


@handled
def preview_command(
    locale: Annotated[str, locale_option("The locale you translate, like it or pt_BR.")],
    country: Annotated[
        str | None,
        country_option(
            "Country whose documents to show (default: the first where the language is official)."
        ),
    ] = None,
    product: Annotated[
        list[str] | None,
        product_option("Product(s) to show (default: all the pack's products, cards first)."),
    ] = None,
    out: Annotated[
        Path,
        out_option("Folder for the preview's PDFs (kept between runs: unchanged ones are reused)."),
    ] = Path("out/preview"),
    port: Annotated[
        int, typer.Option(metavar="PORT", help="Port on 127.0.0.1 (default: a free one).")
    ] = 0,
    jobs: Annotated[
        int,
        jobs_option("Documents built at once (1, the default, is quickest for one-string edits)."),
    ] = 1,
    no_open: Annotated[
        bool, flag_option("--no-open", "Do not open a browser; just print the address.")
    ] = False,
    overlay: Annotated[
        Path | None, overlay_option("A clinic's folder with careprint.toml, watched as well.")
    ] = None,
    root: RootOption = None,
) -> None:
    """Show your translation live beside English, and what to translate next.

    Serves a page on 127.0.0.1 that rebuilds the documents you change (catalogs, packs,
    templates) and refreshes itself. Ctrl-C stops it."""
    project_root = find_root(root)
    project = load_project(project_root, ProblemList())
    if locale not in project.locales:
        raise InputError(
            [
                Problem(
                    "CP4301",
                    f'locale "{locale}" is not started yet',
                    project_root / "locales" / locale,
                    fix=start_locale_fix(locale),
                )
            ]
        )
    chosen = preview_country(project, locale, country)
    products = tuple(p.strip() for value in product or [] for p in value.split(",") if p)
    bench = Workbench(
        project_root,
        locale,
        chosen,
        out.resolve(),
        products,
        overlay.resolve() if overlay else None,
        jobs,
    )
    serve(bench, port, open_browser=not no_open, say=typer.echo)
