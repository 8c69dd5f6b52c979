"""The one Jinja2 environment factory: sandboxed, autoescape, StrictUndefined, overlay first.

Templates are untrusted input (a clinic's overlay brings its own), so every template runs in
Jinja's immutable sandbox: no attribute starting with an underscore, no reaching `os` through
`cycler.__init__.__globals__`, no changing the lists it is given. Templates are only ever read
from inside their folder: not through `..`, not through a link pointing elsewhere. Translated
text is passed in as data (`_` in the context) and is never compiled as a template.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from jinja2 import BaseLoader, FileSystemBytecodeCache, StrictUndefined, TemplateNotFound
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from builder.base.errors import Problem
from builder.base.textfile import UnreadableFile, read_text
from builder.base.writer import user_cache
from builder.model.overlay import Overlay
from builder.model.project import Project


class OutsideFolder(TemplateNotFound):
    """A template name or link that leads out of the template folders."""

    def __init__(self, name: str, message: str, path: Path | None = None):
        super().__init__(name, message)
        self.path = path


def _unchanged(path: Path) -> Callable[[], bool]:
    mtime = path.stat().st_mtime

    def check() -> bool:
        try:
            return path.stat().st_mtime == mtime
        except OSError:
            return False

    return check


class UnreadableTemplate(TemplateSyntaxError):
    """A template file that is not careprint text (encoding, BOM, size)."""

    def __init__(self, problem: Problem, name: str):
        super().__init__(problem.message, problem.line or 1, name, str(problem.file))
        self.problem = problem


class FolderLoader(BaseLoader):
    """Like FileSystemLoader, but a template is only ever read from inside its folder."""

    def __init__(self, folders: Sequence[Path]):
        self.folders = [Path(f).resolve() for f in folders]

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            pieces = split_template_path(template)
        except TemplateNotFound:
            raise OutsideFolder(
                template, f'template "{template}" points outside the template folders'
            ) from None
        for folder in self.folders:
            candidate = folder.joinpath(*pieces)
            if not (candidate.exists() or candidate.is_symlink()):
                continue
            resolved = candidate.resolve()
            if not resolved.is_relative_to(folder):
                raise OutsideFolder(
                    template,
                    f'template "{template}" is a link to {resolved}, outside {folder}',
                    candidate,
                )
            try:
                source = read_text(candidate, "template")
            except UnreadableFile as exc:
                raise UnreadableTemplate(exc.problem, template) from None
            return source, str(candidate), _unchanged(candidate)
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.folders:
            found |= {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
        return sorted(found)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept in the user's cache: compiling every template costs ~0.2 s, paid
    by each check, each build (which checks them all first) and each worker. Jinja keys each
    entry by the template's file and a checksum of its source, so an edit is never missed."""
    folder = user_cache("templates")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no writable cache: compile every time
    return FileSystemBytecodeCache(str(folder))


def make_environment(template_dirs: Sequence[Path]) -> Environment:
    """An environment that searches each folder in order (a clinic's overlay before templates/).

    Translations are passed per render (`_` and `gettext` in the context), so one
    environment serves every locale without carrying one locale's strings into the next.
    """
    return ImmutableSandboxedEnvironment(
        bytecode_cache=_bytecode_cache(),
        loader=FolderLoader(template_dirs),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


# Jinja's words for a macro missing from an imported template.
_NOT_EXPORTED = re.compile(r"the template '(?P<name>[^']+)' \(imported .*does not export")


def template_problem(exc: TemplateError, fallback: Path | None = None) -> Problem:
    """A template failure as a user's problem: the template file, its line, what to fix."""
    if isinstance(exc, UnreadableTemplate):
        return exc.problem
    path: Path | None = fallback
    line: int | None = None
    if isinstance(exc, TemplateSyntaxError):
        path = Path(exc.filename) if exc.filename else fallback
        line = exc.lineno
    else:
        # Jinja rewrites tracebacks so template frames carry the template's file and line.
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".htm")):
                path, line = Path(frame.filename), frame.lineno
                break
    message = exc.message or type(exc).__name__
    if isinstance(exc, SecurityError):
        return Problem(
            "CP6001",
            f"template refused: {message}",
            path,
            line,
            "templates may only print the values they are given",
        )
    if isinstance(exc, UndefinedError):
        missing = _NOT_EXPORTED.search(message)
        return Problem(
            "CP6002",
            f"template uses something careprint does not provide: {message}",
            path,
            line,
            _copy_again(path, missing["name"])
            if missing
            else "use only the variables of the templates shipped in templates/",
        )
    if isinstance(exc, OutsideFolder):
        return Problem(
            "CP6003",
            message,
            exc.path or path,
            line if exc.path is None else None,
            "keep templates (and what they include) inside the templates folder, "
            "as files, not links",
        )
    if isinstance(exc, TemplateNotFound):
        return Problem(
            "CP6004",
            f'template "{exc.name}" not found',
            path,
            line,
            "check the name in the include or extends tag",
        )
    return Problem("CP6005", f"template error: {message}", path, line, "fix the Jinja2 syntax")


def _copy_again(importer: Path | None, imported: str) -> str:
    """Which copy of a clinic's is older than careprint: the part it imports from, or the
    template that imports (a clinic's card.html importing clinic_hours from parts/clinic.html,
    where it lived before it had a file of its own). careprint's own templates always have
    their parts beside them, so an importer whose folder lacks the part is the clinic's."""
    root = next((p for p in importer.parents if p.name == "templates"), None) if importer else None
    if importer is not None and root is not None and not (root / imported).is_file():
        own = importer.relative_to(root).as_posix()
        return (
            f"your overlay's templates/{own} comes from an older careprint, which kept this in "
            f"{imported}: copy careprint's templates/{own} again and make your changes to the "
            "new copy"
        )
    # A clinic's copy of a part from an older careprint lacks a macro the new one has.
    return (
        f"if your overlay has its own templates/{imported}, copy careprint's "
        f"templates/{imported} again and make your changes to the new copy"
    )


def template_dirs(project: Project, overlay: Overlay | None) -> list[Path]:
    """Where templates are searched: the clinic's own first, then the project's."""
    return ([overlay.templates] if overlay and overlay.templates.is_dir() else []) + [
        project.templates
    ]
