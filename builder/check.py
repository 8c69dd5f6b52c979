"""`careprint check`: validate every pack, module, helpline file and template without rendering."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import TemplateError

from .errors import ProblemList
from .freshness import Dating, FreshnessLimits, build_date, check_ages, strictest
from .packs import Pack
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


def check_limits(packs: dict[str, Pack], warn: int | None = None,
                 fail: int | None = None) -> FreshnessLimits:
    """The strictest age limits of any pack (so a passing check means every pack builds),
    unless overridden."""
    return strictest(p.definition.helplines.limits for p in packs.values()).override(warn, fail)


def check_project(root: Path, today: date | None = None, warn: int | None = None,
                  fail: int | None = None) -> tuple[Project, ProblemList]:
    problems = ProblemList()
    project = load_project(root, problems)
    if (root / "templates").is_dir():
        check_templates(project, problems)
    dating = Dating(today or build_date(None), check_limits(project.packs, warn, fail))
    for country in project.helplines.values():
        check_ages(country, dating, problems)
    return project, problems
