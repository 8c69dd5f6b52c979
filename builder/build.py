"""The orchestrator: load -> validate -> plan -> render -> typeset -> write.

Everything is read, validated and typeset before anything is written, so bad input leaves no
file behind. The CLI only parses options and calls `build`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from .errors import InputError, Problem, ProblemList
from .fonts import font_dirs, font_face_css, missing_characters
from .i18n import check_locales  # lives with the catalogs; planning needs it too
from .plan import BuildRequest, DocumentJob, plan
from .project import Project, load_project
from .render import render_document
from .templating import make_environment
from .translations import Translator, source_translator
from .typeset import TypesetError, Typesetter, find_overflow, printed_text, stranded_headings
from .writer import claim_paths, write_atomic

# BuildRequest, DocumentJob and plan live in plan.py; they stay importable from here.
__all__ = ["BuildRequest", "BuildResult", "DocumentJob", "build", "check_locales",
           "environment_for", "plan", "translator_for", "typeset_job", "typesetter_for"]

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def translator_for(project: Project, locale: str) -> Translator:
    catalogs = project.catalogs.get(locale)
    return catalogs.translator() if catalogs else source_translator(locale)


def typesetter_for(project: Project, request: BuildRequest) -> Typesetter:
    """One per process: it caches fonts and parsed CSS across documents."""
    return Typesetter([project.templates, *font_dirs()])


def environment_for(project: Project, request: BuildRequest) -> Environment:
    return make_environment([project.templates])


def typeset_job(job: DocumentJob, project: Project, typesetter: Typesetter,
                env: Environment, problems: ProblemList) -> bytes | None:
    """Render and typeset one document; a failure is recorded against it, not raised."""
    pack = project.packs[job.pack]
    country = project.helplines[job.country]
    tr = translator_for(project, job.locale)
    rendered = render_document(env, job, pack, country, tr)
    for warning in rendered.warnings:
        problems.warn(f"{job.label}: {warning}", country.path)
    missing = missing_characters(printed_text(rendered.html))
    if missing:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:12])
        problems.error(f"{job.label}: no font covers these characters: {shown}",
                       fix="remove them from the text, or add a font that covers them to "
                           "builder/fonts.py")
        return None
    sheets = [typesetter.stylesheet("fonts", font_face_css(), project.css)]
    sheets += [typesetter.stylesheet(name, (project.css / name).read_text(encoding="utf-8"),
                                     project.css) for name in rendered.stylesheets]
    try:
        document, log = typesetter.layout(rendered.html, project.templates, sheets)
    except TypesetError as exc:
        problems.error(f"{job.label}: {exc}", fix="only files inside the project can be used")
        return None
    failed = False
    for message in log:
        failed = True
        problems.error(f"{job.label}: WeasyPrint: {message}",
                       fix="a missing glyph needs a font that covers it; other messages are "
                           "template or CSS bugs")
    lost = find_overflow(document.pages, rendered.checks)
    if lost:
        failed = True
        problems.error(f"{job.label}: text does not fit in {', '.join(lost)}",
                       fix="shorten the text for this box")
    if rendered.expected_pages is not None and len(document.pages) != rendered.expected_pages:
        failed = True
        problems.error(f"{job.label}: expected {rendered.expected_pages} pages, "
                       f"got {len(document.pages)}", fix="content spilled onto extra pages")
    for page_number, heading in stranded_headings(document.pages):
        problems.warn(f'{job.label}: heading "{heading}" sits alone at the bottom of page '
                      f"{page_number}", fix="a template or CSS change must keep headings with "
                      "the text that follows (break-after: avoid)")
    if rendered.max_pages is not None and len(document.pages) > rendered.max_pages:
        failed = True
        spilled = [name for page in document.pages[rendered.max_pages:]
                   for name in page.anchors if not name.endswith("-end")]
        where = f" ({', '.join(spilled)} spilled over)" if spilled else ""
        problems.error(f"{job.label}: needs {len(document.pages)} pages, at most "
                       f"{rendered.max_pages} allowed{where}",
                       fix="shorten the text or use fewer write-in lines")
    if failed:
        return None
    try:
        return typesetter.write(document)
    except TypesetError as exc:
        problems.error(f"{job.label}: WeasyPrint: {exc}",
                       fix="a missing glyph needs a font that covers those characters")
        return None


def build(request: BuildRequest, progress: Progress | None = None) -> BuildResult:
    problems = ProblemList()
    project = load_project(request.root, problems)
    problems.raise_if_errors()
    jobs = plan(project, request, problems)
    check_locales(project, jobs, request, problems)
    problems.raise_if_errors()
    claim_paths([request.out / job.relative_path() for job in jobs])
    typesetter = typesetter_for(project, request)
    env = environment_for(project, request)
    outputs: list[tuple[Path, bytes]] = []
    for job in jobs:
        if progress:
            progress(f"typesetting {job.label}")
        pdf = typeset_job(job, project, typesetter, env, problems)
        if pdf is not None:
            outputs.append((request.out / job.relative_path(), pdf))
    if problems.errors or (request.strict and problems.warnings):
        raise InputError(problems.items if request.strict else problems.errors)
    result = BuildResult(warnings=problems.warnings)
    for path, pdf in outputs:
        write_atomic(path, pdf)
        result.written.append(path)
        if progress:
            progress(f"wrote {path}")
    return result
