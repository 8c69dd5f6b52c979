"""Templates checked the same way by `check` and `build`, before anything is typeset.

Every template in the search path is compiled (syntax, includes that leave the folder, files
that are not UTF-8). A clinic's own templates are also rendered once per product, in the
sandbox, with the data a real build gives them, so an undefined variable or a refused attribute
is reported with its file and line instead of failing halfway through a batch.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import TemplateError

from builder.base.errors import ProblemList
from builder.model.freshness import Dating, build_date
from builder.model.overlay import Overlay
from builder.model.project import Project
from builder.model.translations import source_translator
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.document import render_document
from builder.render.templating import FolderLoader, make_environment, template_problem


def check_templates(dirs: list[Path], problems: ProblemList) -> None:
    """Compile every template found in dirs (each name once: the first folder wins)."""
    env = make_environment(dirs)
    loader = env.loader
    assert isinstance(loader, FolderLoader)
    for name in loader.list_templates():
        try:
            env.get_template(name)
        except TemplateError as exc:
            problems.add(template_problem(exc))


def check_overlay_rendering(
    project: Project, overlay: Overlay, dirs: list[Path], problems: ProblemList
) -> None:
    """Render each product of each pack with the clinic's templates, in the pack's language."""
    if not overlay.templates.is_dir() or not project.helplines.get(overlay.settings.country):
        return
    env = make_environment(dirs)
    country = project.helplines[overlay.settings.country]
    seen: set[str] = set()
    for pack in project.packs.values():
        locale = pack.definition.source_locale
        for product in pack.definition.products:
            job = DocumentJob(
                pack.id,
                country.country,
                locale,
                product,
                paper_for(country.country, None),
                "long-edge",
            )
            dating = Dating(build_date(None), pack.definition.helplines.limits)
            try:
                rendered = render_document(
                    env, job, pack, country, source_translator(locale), dating, overlay
                )
                rendered.html  # noqa: B018 - rendering is the check
                if rendered.probe is not None:
                    rendered.probe.html  # noqa: B018
            except TemplateError as exc:
                problem = template_problem(exc, overlay.templates)
                if problem.render() not in seen:
                    seen.add(problem.render())
                    problems.add(problem)


def check_all_templates(
    project: Project, overlay: Overlay | None, dirs: list[Path], problems: ProblemList
) -> None:
    """What `check` and `build` both run: compile everything, render a clinic's own."""
    check_templates(dirs, problems)
    if overlay is not None and not problems.errors:
        check_overlay_rendering(project, overlay, dirs, problems)
