"""`careprint check`: validate every pack, module, helpline file and template without rendering."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateError

from .build import load_inputs, template_dirs
from .errors import ProblemList
from .project import Project
from .templating import make_environment


def check_templates(dirs: list[Path], problems: ProblemList) -> None:
    env = make_environment(dirs)
    for folder in dirs:
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            try:
                env.get_template(name)
            except TemplateError as exc:
                line = getattr(exc, "lineno", None)
                problems.error(f"template error: {exc}", path, line,
                               fix="fix the Jinja2 syntax")


def check_project(root: Path, overlay_dir: Path | None = None) -> tuple[Project, ProblemList]:
    problems = ProblemList()
    project, overlay = load_inputs(root, overlay_dir, problems)
    if (root / "templates").is_dir():
        check_templates(template_dirs(project, overlay), problems)
    return project, problems
