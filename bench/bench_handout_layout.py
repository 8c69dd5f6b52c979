"""What laying out one handout costs, with this checkout's templates and with an earlier commit's.

Every handout built (the demo, `build --all`, the test suite's ~130) is laid out by WeasyPrint,
and the layout is most of its CPU. This lays out the same handout (one country, every shipped
locale) with the templates and stylesheets of `--before` (a commit; by default main before the
contents list lost its CSS columns) and with the checkout's own, in this process, alternating
the two so that the machine's drift falls on both. The same render code fills both templates,
so the difference is the templates' and stylesheets' alone. Not a test: it prints figures.

CPU time (process_time) of each layout, the best of `--rounds` per locale and side (rounds
alternate the sides), then the sums over every locale and their ratio. A first layout of each
side (fonts, stylesheets) is made before timing. Each side's pages are counted and page 1 is
checked to hold the whole contents list, so a cheaper layout that moved the contents off the
cover shows here too.

    .venv/bin/python bench/bench_handout_layout.py                      # GB, every locale
    .venv/bin/python bench/bench_handout_layout.py --locales de,ru --rounds 3
    .venv/bin/python bench/bench_handout_layout.py --before HEAD~1 --country US
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

import weasyprint

from builder.base.errors import ProblemList
from builder.model.project import Project, find_root, load_project, translator_for
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.document import render_document
from builder.render.templating import make_environment
from builder.typeset.fonts import cjk_forms, font_dirs, font_face_css
from builder.typeset.weasy import Typesetter

ROOT = find_root()
PACK = "partner-support"
# Main as of issue #11's point 4, before the contents list's `columns: 2` was replaced.
BEFORE = "bb71adc"


class Side:
    """One set of templates: where they are and a typesetter keeping their stylesheets."""

    def __init__(self, name: str, templates: Path):
        self.name = name
        self.templates = templates
        self.typesetter = Typesetter([templates, *font_dirs()])


def templates_at(commit: str, into: Path) -> Path:
    """templates/ as it was at commit, extracted under into."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "templates"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "templates"


def layout(
    project: Project, side: Side, country: str, locale: str
) -> tuple[float, weasyprint.Document]:
    """CPU seconds of one layout of the handout, and the document."""
    tr = translator_for(project, locale)
    job = DocumentJob(PACK, country, tr.code, "handout", paper_for(country))
    rendered = render_document(
        make_environment([side.templates]),
        job,
        project.packs[PACK],
        project.helplines[country],
        tr,
    )
    css = side.templates / "css"
    typesetter = side.typesetter
    sheets = [typesetter.stylesheet("fonts", font_face_css(cjk_forms(tr.lang, country)), css)]
    sheets += [typesetter.stylesheet(n, (css / n).read_text(), css) for n in rendered.stylesheets]
    html = rendered.html
    start = time.process_time()
    document, log = typesetter.layout(html, side.templates, sheets)
    seconds = time.process_time() - start
    if log:
        raise SystemExit(f"{side.name} {locale}: WeasyPrint warned: {log}")
    return seconds, document


def contents_on_page_one(document: weasyprint.Document, modules: list[str]) -> bool:
    """Page 1 links to every module: the whole contents list is on the cover."""
    targets = {link[1] for link in document.pages[0].links if link[0] == "internal"}
    return {f"m-{m}" for m in modules} <= targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help=f"commit to compare with ({BEFORE})")
    parser.add_argument("--country", default="GB")
    parser.add_argument("--locales", help="comma-separated (default: every shipped locale)")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    problems = ProblemList()
    project = load_project(ROOT, problems)
    if problems.errors:
        raise SystemExit("the project does not load: run `careprint check`")
    locales = args.locales.split(",") if args.locales else list(project.locales)
    modules = [m.id for m in project.packs[PACK].modules]
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="bench-handout-layout-") as folder:
        before_templates = templates_at(args.before, Path(folder))
        sides = [
            Side(f"before ({args.before})", before_templates),
            Side("after (checkout)", ROOT / "templates"),
        ]
        for side in sides:
            layout(project, side, args.country, "en")  # fonts and stylesheets, not timed
        totals = [0.0, 0.0]
        print(f"{'locale':8} {'before':>8} {'after':>8} {'ratio':>6}  pages  contents on page 1")
        for locale in locales:
            runs: list[list[float]] = [[], []]
            pages, whole = ["", ""], ["", ""]
            for _ in range(args.rounds):
                for index, side in enumerate(sides):
                    seconds, document = layout(project, side, args.country, locale)
                    runs[index].append(seconds)
                    pages[index] = f"{len(document.pages):2d}"
                    on_one = contents_on_page_one(document, modules)
                    whole[index] = "yes" if on_one else "NO"
            best = [min(r) for r in runs]
            totals[0] += best[0]
            totals[1] += best[1]
            print(
                f"{locale:8} {best[0]:7.2f}s {best[1]:7.2f}s {best[1] / best[0]:6.2f}  "
                f"{pages[0]}/{pages[1]}  {whole[0]}/{whole[1]}",
                flush=True,
            )
    print(
        f"all {len(locales)} locales ({args.country}): before {totals[0]:.2f} s, "
        f"after {totals[1]:.2f} s of CPU; after/before = {totals[1] / totals[0]:.3f}"
    )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
