"""`careprint check`: validate every pack, module, helpline file and template without rendering."""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateError

from .errors import ProblemList
from .project import Project, load_project
from .templating import make_environment


def check_templates(project: Project, problems: ProblemList) -> None:
    env = make_environment([project.templates])
    for path in sorted(project.templates.rglob("*.html")):
        name = path.relative_to(project.templates).as_posix()
        try:
            env.get_template(name)
        except TemplateError as exc:
            line = getattr(exc, "lineno", None)
            problems.error(f"template error: {exc}", path, line, fix="fix the Jinja2 syntax")


def check_project(root: Path) -> tuple[Project, ProblemList]:
    problems = ProblemList()
    project = load_project(root, problems)
    if (root / "templates").is_dir():
        check_templates(project, problems)
    return project, problems
