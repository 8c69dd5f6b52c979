"""The `careprint` command: parses options and calls the library; nothing else lives here."""

from __future__ import annotations

import signal
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from builder import __version__, pipeline
from builder.base.errors import CareprintError, ProblemList
from builder.cli import helplines as cli_helplines
from builder.cli import i18n as cli_i18n
from builder.cli import preview as cli_preview
from builder.cli.common import (
    PROBLEM,
    Command,
    FailOption,
    Group,
    OverlayOption,
    RootOption,
    TodayOption,
    WarnOption,
    choice_option,
    country_option,
    fail_option,
    flag_option,
    handled,
    in_locales,
    jobs_option,
    json_option,
    locale_option,
    out_option,
    product_option,
    say,
    stop_on_sigterm,
    stopped,
    today_option,
    warn_option,
)
from builder.cli.console import summary, watching
from builder.i18n.upkeep import check as i18n_check
from builder.model.freshness import build_date
from builder.model.project import find_root
from builder.output.index_page import write_catalogue
from builder.output.shards import merge_manifests, parse_shard
from builder.pipeline import check_project
from builder.plan.batchfile import read_batch
from builder.plan.request import BuildRequest
from builder.run.batch import BatchOptions
from builder.typeset.doctor import diagnose
from builder.validate.completeness import check_catalog_shares
from builder.validate.localecheck import check_rules
from builder.validate.pagescore import format_page_report, score_pages
from builder.validate.readability import format_report, is_english, score_pack

app = typer.Typer(
    cls=Group,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Build printable support packs: handouts and wallet cards.\n\n"
    "Exit codes: 0 ok, 1 a document or input problem, 2 usage, 3 a bug.",
)

AllowExistingOption = Annotated[
    bool,
    flag_option(
        "--allow-existing-files",
        "Write into an --out folder that already holds files "
        "careprint did not make (its index.html and manifest.json would be replaced). Without it, "
        "careprint refuses such a folder and lists what is in it.",
    ),
]


def _shard(value: str | None) -> str | None:
    """--shard is checked while the options are read, so 4/3 is a usage error (exit 2)."""
    if value:
        try:
            parse_shard(value)
        except CareprintError as exc:
            raise typer.BadParameter(str(exc)) from None
    return value


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


class Duplex(StrEnum):
    LONG_EDGE = "long-edge"
    SHORT_EDGE = "short-edge"


SELECT, OUTPUT, DATING, RUNNING = ("What to build", "Output", "Checks and dating", "How to run")


@app.command("build", cls=Command)
@handled
def build_command(
    pack: Annotated[
        list[str] | None,
        typer.Option(metavar="PACK", rich_help_panel=SELECT, help="Pack id(s), comma-separated."),
    ] = None,
    country: Annotated[
        list[str] | None,
        country_option(
            "Country code(s) like GB,US (default: every country with helpline data).", SELECT
        ),
    ] = None,
    locale: Annotated[
        list[str] | None,
        locale_option(
            "Locale(s) like en,fr (default: the country's shipped official languages); "
            "a pair like es+en builds the bilingual edition.",
            SELECT,
        ),
    ] = None,
    with_locale: Annotated[
        str | None,
        typer.Option(
            "--with",
            metavar="LOCALE",
            rich_help_panel=SELECT,
            help="Also print this language: each other locale's handout becomes a "
            "bilingual edition with it, on facing pages (--with en).",
        ),
    ] = None,
    product: Annotated[
        list[str] | None,
        product_option(
            "Product(s): handout, card-sheet, ... (default: all the pack's products).", SELECT
        ),
    ] = None,
    all_documents: Annotated[
        bool, flag_option("--all", "Every pack x country x its default locales x product.", SELECT)
    ] = False,
    batch: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            rich_help_panel=SELECT,
            help="A batch.toml naming packs, countries, locales and products.",
        ),
    ] = None,
    out: Annotated[
        Path, out_option("Output folder: new, empty, or one careprint built before.", OUTPUT)
    ] = Path("out"),
    allow_existing_files: AllowExistingOption = False,
    paper: Annotated[
        Paper | None, choice_option("Paper size (default: by country, CLDR's rule).", OUTPUT)
    ] = None,
    duplex: Annotated[
        Duplex | None,
        choice_option("Which edge double-sided sheets turn on (default: long-edge).", OUTPUT),
    ] = None,
    overlay: OverlayOption = None,
    strict: Annotated[
        bool,
        flag_option("--strict", "Treat warnings (e.g. untranslated strings) as errors.", DATING),
    ] = False,
    require_reviewed: Annotated[
        bool,
        flag_option(
            "--require-reviewed",
            "Refuse translations not yet reviewed by a native speaker.",
            DATING,
        ),
    ] = False,
    allow_stale: Annotated[
        bool,
        flag_option(
            "--allow-stale",
            "Build even when numbers are past the age limit; the PDFs then say the numbers "
            "may be out of date.",
            DATING,
        ),
    ] = False,
    allow_incomplete: Annotated[
        bool,
        flag_option(
            "--allow-incomplete",
            "Build catalogs below the pack's completeness threshold (\\[translations] "
            "min_complete, default 95%); the manifest and catalogue mark them incomplete.",
            DATING,
        ),
    ] = False,
    today: Annotated[str | None, today_option(DATING)] = None,
    warn_after_months: Annotated[int | None, warn_option(DATING)] = None,
    fail_after_months: Annotated[int | None, fail_option(DATING)] = None,
    jobs: Annotated[
        int | None,
        jobs_option(
            "Documents built at once, each in its own process (default: one per CPU; "
            "1 builds in this process).",
            RUNNING,
        ),
    ] = None,
    force: Annotated[
        bool,
        flag_option(
            "--force", "Rebuild every document, even those whose inputs have not changed.", RUNNING
        ),
    ] = False,
    fail_fast: Annotated[
        bool,
        flag_option(
            "--fail-fast",
            "Stop at the first document that fails (default: build all, then report).",
            RUNNING,
        ),
    ] = False,
    shard: Annotated[
        str | None,
        typer.Option(
            metavar="K/N",
            callback=_shard,
            rich_help_panel=RUNNING,
            help="Build only slice K of N (e.g. 2/3), for splitting a batch across CI jobs.",
        ),
    ] = None,
    as_json: Annotated[
        bool, json_option("Print one JSON object per document (and a summary) on stdout.", RUNNING)
    ] = False,
    quiet: Annotated[
        bool,
        flag_option(
            "--quiet",
            "Print only problems and failures, no progress or summary.",
            RUNNING,
            short="-q",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        flag_option(
            "--verbose",
            "In a log, list every document, the unchanged ones too.",
            RUNNING,
            short="-v",
        ),
    ] = False,
    root: RootOption = None,
) -> None:
    """Build PDFs into OUT/<pack>/<COUNTRY>/<locale>/<product>.pdf, with OUT/manifest.json
    and a browsable OUT/index.html. Unchanged documents are not rebuilt."""

    selection = [
        name
        for name, given in (
            ("--pack", pack),
            ("--country", country),
            ("--locale", locale),
            ("--product", product),
        )
        if given
    ]
    if all_documents and (selection or batch):
        raise typer.BadParameter(
            f"--all builds every document: leave out "
            f"{', '.join(selection + (['--batch'] if batch else []))}"
        )
    if batch and selection:
        raise typer.BadParameter(
            f"--batch takes the selection from {batch}: leave out {', '.join(selection)}"
        )
    if quiet and (verbose or as_json):
        raise typer.BadParameter(
            f"--quiet prints no progress: leave out {'--verbose' if verbose else '--json'}"
        )
    project_root = find_root(root)
    spec = None
    if batch:
        problems = ProblemList()
        spec = read_batch(batch, problems)
        problems.raise_if_errors()
        assert spec is not None
    request = BuildRequest(
        root=project_root,
        out=out,
        packs=spec.packs if spec else _split(pack),
        countries=spec.countries if spec else _split(country),
        locales=spec.locales if spec else _split(locale),
        products=spec.products if spec else _split(product),
        paper=paper.value if paper else (spec.model.paper if spec else None),
        duplex=duplex.value if duplex else (spec.model.duplex if spec else "long-edge"),  # type: ignore[arg-type]
        strict=strict,
        today=build_date(today),
        require_reviewed=require_reviewed,
        allow_stale=allow_stale,
        allow_incomplete=allow_incomplete,
        warn_after_months=warn_after_months,
        fail_after_months=fail_after_months,
        overlay=overlay,
        with_locale=with_locale,
    )
    options = BatchOptions(
        jobs=jobs or 0,
        force=force,
        fail_fast=fail_fast,
        shard=parse_shard(shard) if shard else None,
        allow_existing=allow_existing_files,
    )
    with watching(project_root, as_json, quiet, verbose) as listener:
        report = pipeline.build(request, options, listener, spec)
    if not as_json:
        for warning in report.warnings:
            say(warning, project_root)
    if not quiet:
        summary(report, project_root, as_json)
    if report.stopped_by:
        stopped(signal.Signals[report.stopped_by])
    if not report.ok:
        raise typer.Exit(PROBLEM)


manifest_app = typer.Typer(cls=Group, no_args_is_help=True, help="Work with out/manifest.json.")
app.add_typer(manifest_app, name="manifest")


@manifest_app.command("merge", cls=Command)
@handled
def manifest_merge_command(
    manifests: Annotated[
        list[Path],
        typer.Argument(
            metavar="MANIFEST...",
            help="Manifests to join: each a manifest.json or the output folder holding one.",
        ),
    ],
    out: Annotated[
        Path,
        out_option(
            "Folder for the joined manifest and catalogue; "
            "documents found elsewhere are copied into it."
        ),
    ],
    allow_existing_files: AllowExistingOption = False,
    root: RootOption = None,
) -> None:
    """Join the manifests of sharded builds (--shard K/N) into one output folder: every shard
    of one run, each once."""

    result = merge_manifests(manifests, out, allow_existing_files)
    catalogue = write_catalogue(find_root(root) / "templates", out, result.entries)
    typer.echo(
        f"{len(result.entries)} document(s) from {len(manifests)} manifest(s) in {out} "
        f"({result.copied} copied); catalogue: {catalogue}"
    )
    if result.removed:
        typer.echo(
            f"removed {len(result.removed)} document(s) an earlier merge listed that no shard "
            f"holds now: {', '.join(result.removed[:5])}{' ...' if len(result.removed) > 5 else ''}"
        )


@app.command("check", cls=Command)
@handled
def check_command(
    report: Annotated[
        bool,
        flag_option(
            "--report",
            "Also print reading grade, words and reading time per module, and "
            "the grade of the generated help page and card.",
        ),
    ] = False,
    today: TodayOption = None,
    warn_after_months: WarnOption = None,
    fail_after_months: FailOption = None,
    overlay: OverlayOption = None,
    root: RootOption = None,
) -> None:
    """Validate every pack, module, helpline file and template without rendering."""
    project_root = find_root(root)
    project, problems = check_project(
        project_root, build_date(today), warn_after_months, fail_after_months, overlay_dir=overlay
    )
    # A catalog's own errors do not stop the translation checks: a typed number no longer
    # hides an over-long card string or a stale catalog until the next run.
    checkable = not [p for p in problems.errors if not in_locales(p, project_root)]
    check_rules(project, problems)  # a locale without rules fails check; the others are checked
    if checkable:
        found = ProblemList()
        i18n_check(project, found)
        check_catalog_shares(project, found)
        problems.extend([p for p in found.items if p not in problems.items])
    for problem in problems.items:
        say(problem, project_root)
    if report:
        for pack in project.packs.values():
            typer.echo(f"pack {pack.id} (US grade: Flesch-Kincaid; target 8 or lower)")
            for line in format_report(score_pack(pack)):
                typer.echo(f"  {line}")
            if not problems.errors and is_english(pack.definition.source_locale):
                for line in format_page_report(score_pages(project, pack)):
                    typer.echo(f"  {line}")
    if problems.errors:
        raise typer.Exit(PROBLEM)
    typer.echo(
        f"ok: {len(project.packs)} pack(s), {len(project.helplines)} countries, "
        f"{len(project.locales)} locale(s), {len(problems.warnings)} warning(s)"
    )


@app.command("list", cls=Command)
@handled
def list_command(root: RootOption = None) -> None:
    """Show packs, products, countries and locales available."""
    project, problems = check_project(find_root(root))
    for pack in project.packs.values():
        typer.echo(f"pack {pack.id}: {pack.definition.title} (v{pack.definition.version})")
        typer.echo(f"  products: {', '.join(pack.definition.products)}")
    typer.echo(f"countries: {', '.join(sorted(project.helplines))}")
    typer.echo(f"locales: {', '.join(project.locales)}")
    served = project.countries_in_official_language()
    typer.echo(
        f"countries with a handout in one of their official languages: {len(served)} of "
        f"{len(project.helplines)}"
    )
    if problems.errors:
        typer.echo(f"({len(problems.errors)} problem(s): run `careprint check`)", err=True)


@app.command("doctor", cls=Command)
@handled
def doctor_command() -> None:
    """Report what this machine lacks for fast, correct builds; exit 1 if anything is missing."""
    findings = diagnose()
    for f in findings:
        mark = "ok " if f.ok else "MISSING"
        typer.echo(f"{mark:8}{f.name}: {f.detail}" + (f"\n        fix: {f.fix}" if f.fix else ""))
    if not all(f.ok for f in findings):
        raise typer.Exit(PROBLEM)


app.command("preview", cls=Command)(cli_preview.preview_command)
app.add_typer(cli_helplines.app, name="helplines")
app.add_typer(cli_i18n.app, name="i18n")


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[
        bool, typer.Option("--version", "-V", is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    if version:
        typer.echo(f"careprint {__version__}")
        raise typer.Exit()


def run() -> None:
    stop_on_sigterm()
    app(prog_name="careprint")
    sys.exit(0)
