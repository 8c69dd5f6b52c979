"""The orchestrator: load -> validate -> plan -> render -> typeset -> write.

Everything is read, validated and typeset before anything is written, so bad input leaves no
file behind. The CLI only parses options and calls `build` (or the batch runner, which shares
`prepare`). Typesetting one document is in typesetjob.py.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from builder.base.errors import Problem, ProblemList, Severity
from builder.model.freshness import Dating, build_date, check_ages
from builder.model.overlay import Overlay, apply_overlay, by_file, load_overlay
from builder.model.project import Project, load_project
from builder.plan.batchfile import BatchSpec
from builder.plan.jobs import refuse_all
from builder.plan.pairs import locale_parts
from builder.plan.request import BuildRequest, Prepared, check_regional_gaps, datings, plan
from builder.render.templating import template_dirs
from builder.run.batch import BatchOptions, BatchReport, run_batch
from builder.run.events import Listener, ignore
from builder.typeset.fonts import missing_characters
from builder.typeset.stylecheck import asset_folders, check_overlay_stylesheets
from builder.validate.check import check_content, check_limits
from builder.validate.hourstext import check_hours_text
from builder.validate.localecheck import check_locales, check_rules
from builder.validate.templatecheck import check_all_templates


def load_inputs(
    root: Path, overlay_dir: Path | None, problems: ProblemList
) -> tuple[Project, Overlay | None]:
    """The project, and the clinic's overlay applied to it when one is given."""
    project = load_project(root, problems)
    if overlay_dir is None:
        return project, None
    overlay = load_overlay(overlay_dir, problems, project.retired)
    if overlay is None:
        return project, None
    _clinic_characters(overlay, problems)
    return apply_overlay(project, overlay, problems), overlay


def _clinic_characters(overlay: Overlay, problems: ProblemList) -> None:
    """Characters no font covers in the clinic's name or hours (an emoji) would fail every
    document it prints on: said once, against careprint.toml's line, before anything is
    built, and by `check --overlay` too."""
    settings = overlay.settings
    missing = missing_characters(f"{settings.name} {settings.contact.hours_note}")
    for key, line, chars in overlay.holding(missing):
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)
        problems.error(
            "CP6104",
            f"no font covers these characters in the clinic's {key}: {shown}",
            overlay.path,
            line,
            fix=f"remove them from {key} (emoji and symbols cannot be printed)",
        )


def _check_stylesheets(project: Project, overlay: Overlay | None, problems: ProblemList) -> None:
    """A clinic's CSS is refused by `check` as by `build`, before anything is typeset."""
    if overlay is not None:
        check_overlay_stylesheets(overlay, asset_folders(project, overlay), problems)


def broken_locales(root: Path, problems: ProblemList, named: set[str]) -> dict[str, list[Problem]]:
    """Take out of `problems` the errors inside one locale's catalogs (locales/<locale>/...)
    for a locale the build does not name: a volunteer's half-broken language (a missing quote,
    an unsafe phrase) fails that language's documents, not a clinic's build in another (as a
    locale without safe-messaging rules does, CP2004). Each such locale is said once as an
    advisory warning. A build that names the locale still stops on them."""
    folder = (root / "locales").resolve()
    broken: dict[str, list[Problem]] = {}
    for problem in problems.errors:
        if problem.file is None or not problem.file.resolve().is_relative_to(folder):
            continue
        parts = problem.file.resolve().relative_to(folder).parts
        if len(parts) >= 2 and parts[0] not in named:
            broken.setdefault(parts[0], []).append(problem)
    if broken:
        taken = {id(p) for errors in broken.values() for p in errors}
        problems.items[:] = [p for p in problems.items if id(p) not in taken]
        for locale, errors in sorted(broken.items()):
            first = errors[0]
            problems.add(
                Problem(
                    first.code,
                    f"locales/{locale} has {len(errors)} error(s), so its documents are not "
                    f"built; the first: {first.message}",
                    first.file,
                    first.line,
                    fix=f"{first.fix}; `careprint i18n check` lists them all".lstrip("; "),
                    severity=Severity.WARNING,
                    advisory=True,
                )
            )
    return broken


def prepare(request: BuildRequest, problems: ProblemList) -> Prepared:
    """Load, validate and plan; raise before anything is written if the input is bad."""
    project, overlay = load_inputs(request.root, request.overlay, problems)
    broken = broken_locales(project.root, problems, request.named_locales)
    problems.raise_if_errors()
    check_all_templates(project, overlay, template_dirs(project, overlay), problems)
    _check_stylesheets(project, overlay, problems)
    problems.raise_if_errors()
    jobs = plan(project, request, problems, overlay)
    # What check refuses, build refuses; check's advice (warnings) stays with check.
    content = ProblemList()
    check_content(project, content, {job.pack for job in jobs})
    problems.extend(content.errors)
    named = request.named_locales
    refused = check_regional_gaps(project, request, jobs, problems)
    refuse_all(
        refused,
        {
            job: tuple(e for part in locale_parts(job.locale) for e in broken.get(part, []))
            for job in jobs
            if any(part in broken for part in locale_parts(job.locale))
        },
    )
    refuse_all(
        refused, check_rules(project, problems, [job for job in jobs if job not in refused], named)
    )
    incomplete, short = check_locales(
        project,
        [job for job in jobs if job not in refused],
        problems,
        strict=request.strict,
        require_reviewed=request.require_reviewed,
        allow_incomplete=request.allow_incomplete,
        named=named,
    )
    refuse_all(refused, short)
    problems.raise_if_errors()
    dating = datings(project, request, jobs, problems, overlay)
    problems.raise_if_errors()
    return Prepared(project, overlay, jobs, dating, incomplete, refused)


def check_project(
    root: Path,
    today: date | None = None,
    warn: int | None = None,
    fail: int | None = None,
    overlay_dir: Path | None = None,
) -> tuple[Project, ProblemList]:
    problems = ProblemList()
    project, overlay = load_inputs(root, overlay_dir, problems)
    if (root / "templates").is_dir():
        check_all_templates(project, overlay, template_dirs(project, overlay), problems)
    _check_stylesheets(project, overlay, problems)
    dating = Dating(today or build_date(None), check_limits(project.packs, warn, fail))
    for country in project.helplines.values():
        for rows in by_file(country, overlay):
            check_ages(rows, dating, problems)
            check_hours_text(rows, problems)
    if (root / "packs").is_dir():
        check_content(project, problems)
    return project, problems


def build(
    request: BuildRequest,
    options: BatchOptions | None = None,
    listener: Listener = ignore,
    spec: BatchSpec | None = None,
) -> BatchReport:
    """What `build`, `preview` and the tests run: load, validate and plan (raising before
    anything is written if the input is bad), then run the batch, which writes each document
    that is not current, the manifest and the catalogue."""
    started = time.perf_counter()
    problems = ProblemList()
    if spec is not None:
        spec.check(load_project(request.root, ProblemList()), problems)
        problems.raise_if_errors()
    prepared = prepare(request, problems)
    problems.raise_if_errors(strict=request.strict)
    report = run_batch(request, prepared, problems, options or BatchOptions(), listener)
    report.seconds = time.perf_counter() - started
    return report
