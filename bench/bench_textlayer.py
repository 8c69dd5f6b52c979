"""What careprint's text-layer fix (builder/typeset/weasy.py, Kozea/WeasyPrint#2841) costs in
writing a PDF, now and at an earlier revision, in one run.

Not a test: it prints figures. Each document of a fixed corpus (every script careprint prints,
handouts, safety plans and card sheets) is laid out once in this process, then written again
and again (CPU time of `Typesetter.write`, fresh fonts each time) in three ways, interleaved so a
busy machine slows them alike:

  1. WeasyPrint alone: none of careprint's patches (a wrong text layer in Arabic and Devanagari)
  2. with the fix as it was at --ref (git show REF:builder/typeset/weasy.py)
  3. with the fix as it is in this checkout

and 2 and 3 once more each with a stopwatch on the fix's part of drawing each line (its
draw_first_line less WeasyPrint's inside it). Each figure is the least of the rounds: on a
shared machine other processes only add to it. It also checks that 2 and 3 write the same
bytes for every document. Run it from the checkout (about 2 minutes of CPU for 5 rounds):

    .venv/bin/python bench/bench_textlayer.py                  # 5 rounds, ref bb71adc
    .venv/bin/python bench/bench_textlayer.py --rounds 3 --ref main
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import weasyprint
from weasyprint.draw import text as weasy_text
from weasyprint.pdf import fonts as weasy_fonts
from weasyprint.pdf import tags as weasy_tags

from builder.base.errors import ProblemList
from builder.model.project import find_root, load_project, translator_for
from builder.plan.jobs import DocumentJob
from builder.plan.paper import paper_for
from builder.render.document import Rendered, render_document
from builder.typeset import weasy
from builder.typeset.job import typesetting_tools

ROOT = find_root()
PACK = "partner-support"
# (country, locale, product): one handout per script, and the other products in two of them.
CORPUS = [
    ("GB", "en", "handout"),
    ("DE", "de", "handout"),
    ("UA", "uk", "handout"),
    ("GR", "el", "handout"),
    ("EG", "ar", "handout"),
    ("IR", "fa", "handout"),
    ("IL", "he", "handout"),
    ("IN", "hi", "handout"),
    ("BD", "bn", "handout"),
    ("TH", "th", "handout"),
    ("JP", "ja", "handout"),
    ("KR", "ko", "handout"),
    ("GB", "en", "safety-plan"),
    ("EG", "ar", "safety-plan"),
    ("GB", "en", "card-sheet"),
    ("EG", "ar", "card-sheet"),
]
# Where careprint patches WeasyPrint, and the name of its replacement in weasy.py.
PATCHES = [
    (weasy_text, "draw_first_line", "_draw_first_line", weasy._weasy_draw_first_line),
    (weasy_fonts.Font, "clean", "_clean", weasy._weasy_clean),
    (
        weasy_fonts,
        "_build_vector_font_dictionary",
        "_vector_font",
        weasy._weasy_vector_font,
    ),
    (weasy_tags, "_build_box_tree", "_box_tree", weasy._weasy_box_tree),
]


def weasyprint_alone() -> None:
    for owner, name, _ours, original in PATCHES:
        setattr(owner, name, original)


def installer(module: types.ModuleType) -> Callable[[], None]:
    def install() -> None:
        for owner, name, ours, _original in PATCHES:
            setattr(owner, name, getattr(module, ours))

    return install


def module_at(ref: str) -> types.ModuleType:
    """builder/typeset/weasy.py as it was at ref, as a module of its own (made while WeasyPrint
    is unpatched, so that it wraps WeasyPrint's own functions)."""
    source = subprocess.run(
        ["git", "show", f"{ref}:builder/typeset/weasy.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    weasyprint_alone()
    module = types.ModuleType(f"weasy_at_{ref}")
    module.__file__ = f"{ref}:builder/typeset/weasy.py"
    sys.modules[module.__name__] = module  # dataclasses and typing look modules up
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


@dataclass
class Laid:
    label: str
    rendered: Rendered
    document: weasyprint.Document


def lay_out_corpus(tools: Any) -> list[Laid]:
    project = tools.project
    laid = []
    for country, locale, product in CORPUS:
        tr = translator_for(project, locale)
        job = DocumentJob(PACK, country, tr.code, product, paper_for(country))
        rendered = render_document(
            tools.env, job, project.packs[PACK], project.helplines[country], tr
        )
        laid.append(Laid(job.label, rendered, tools.fit(rendered).document))
    return laid


def write(tools: Any, doc: Laid) -> tuple[float, bytes]:
    """CPU seconds of one write of doc, with fonts made afresh as for a first write."""
    doc.document.fonts = {}
    start = time.process_time()
    pdf = tools.typesetter.write(
        doc.document, doc.rendered.modified, pdf_variant=doc.rendered.page.pdf_variant
    )
    return time.process_time() - start, pdf


class Stopwatch:
    """The CPU a version of the fix spends drawing lines: in its draw_first_line, less
    WeasyPrint's draw_first_line inside it (the rest of the fix, a few font tables per
    document, shows in the write's total only)."""

    def __init__(self, module: types.ModuleType) -> None:
        self.module, self.spent = module, 0.0
        self.weasy_draw = module.__dict__["_weasy_draw_first_line"]
        self.ours = module.__dict__["_draw_first_line"]

    def install(self) -> None:
        installer(self.module)()
        weasy_text.draw_first_line = self.outer
        self.module._weasy_draw_first_line = self.inner  # ours calls this one

    def uninstall(self) -> None:
        self.module._weasy_draw_first_line = self.weasy_draw

    def inner(self, *args: Any) -> Any:
        start = time.process_time()
        try:
            return self.weasy_draw(*args)
        finally:
            self.spent -= time.process_time() - start

    def outer(self, *args: Any) -> Any:
        start = time.process_time()
        try:
            return self.ours(*args)
        finally:
            self.spent += time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ref", default="bb71adc", help="revision of the fix to compare with")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} (the machine is shared)")
    ref_module = module_at(args.ref)
    tools = typesetting_tools(load_project(ROOT, ProblemList()), None)  # installs this fix
    start = time.process_time()
    corpus = lay_out_corpus(tools)
    print(f"{len(corpus)} documents laid out in {time.process_time() - start:.1f} s CPU")
    modes: dict[str, Callable[[], None]] = {
        "alone": weasyprint_alone,
        "before": installer(ref_module),
        "now": installer(weasy),
    }
    watches = {"fix before": Stopwatch(ref_module), "fix now": Stopwatch(weasy)}
    seconds: dict[str, dict[str, list[float]]] = {
        column: {d.label: [] for d in corpus} for column in [*modes, *watches]
    }
    same = 0
    for round_ in range(args.rounds + 1):  # round 0 warms caches and is not counted
        for doc in corpus:
            pdfs = {}
            for mode, install in modes.items():
                install()
                spent, pdfs[mode] = write(tools, doc)
                seconds[mode][doc.label].append(spent)
            for column, watch in watches.items():
                watch.install()
                watch.spent = 0.0
                write(tools, doc)
                watch.uninstall()
                seconds[column][doc.label].append(watch.spent)
            if round_ == 0:
                same += pdfs["before"] == pdfs["now"]
                for kept in seconds.values():
                    kept[doc.label].clear()
    installer(weasy)()
    # The least of the rounds: on a shared machine other processes only ever add to it.
    least = {
        column: {label: min(s) for label, s in docs.items()} for column, docs in seconds.items()
    }
    print(f"\nCPU per document, least of {args.rounds} rounds (s): the write with WeasyPrint")
    print(f"alone, with the fix at {args.ref} and now; the fix's own part of drawing the lines")
    head = ("document", *least)
    print("{:40} {:>7} {:>7} {:>7} {:>11} {:>8}".format(*head))
    for label in least["alone"]:
        row = [least[column][label] for column in least]
        print("{:40} {:7.3f} {:7.3f} {:7.3f} {:11.3f} {:8.3f}".format(label, *row))
    total = {column: sum(values.values()) for column, values in least.items()}
    print("{:40} {:7.3f} {:7.3f} {:7.3f} {:11.3f} {:8.3f}".format("all", *total.values()))
    alone, before, now, own_before, own_now = total.values()
    print(
        f"\nwrite with the fix, now / at {args.ref}: {now / before:.2f} "
        f"({before:.2f} s -> {now:.2f} s; WeasyPrint alone {alone:.2f} s)"
    )
    print(
        f"the fix's whole cost (write with it less WeasyPrint alone), now / at {args.ref}: "
        f"{(now - alone) / (before - alone):.2f} ({before - alone:.2f} s -> {now - alone:.2f} s)"
        f"; its share of the write {(before - alone) / before:.0%} -> {(now - alone) / now:.0%}"
    )
    print(
        f"the fix's own CPU drawing lines, now / at {args.ref}: {own_now / own_before:.2f} "
        f"({own_before:.2f} s -> {own_now:.2f} s)"
    )
    print(f"same bytes with the fix at {args.ref} and now: {same} of {len(corpus)} documents")


if __name__ == "__main__":
    main()
