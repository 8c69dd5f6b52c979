"""The shape every module must have: a real title, one thing to do, and a key-points summary.

A reader who only skims headings and boxes should still leave with an action and the gist; the
closing module (role = "closing") is the one exception, because it carries hope, not tasks.
"""

from __future__ import annotations

from builder.base.errors import ProblemList
from builder.base.tomlsource import line_of
from builder.model.content import Module

KEY_POINTS_MIN = 2
KEY_POINTS_MAX = 4
KEY_POINT_MAX_CHARS = 90
PARAGRAPH_MAX_WORDS = 60


def check_module_structure(module: Module, problems: ProblemList) -> None:
    h, path = module.header, module.path

    def at(*loc: str | int) -> int:
        return line_of(module.header_lines, loc) or line_of(module.header_lines, ("title",)) or 1

    if not h.title.strip():
        problems.error(
            "CP2101",
            "module has no title",
            path,
            at("title"),
            fix='give it an informative title, e.g. title = "Signs you might notice"',
        )
    elif len(h.title.split()) < 2:
        problems.warn(
            "CP2102",
            f'title "{h.title}" reads like a label',
            path,
            at("title"),
            fix="say what the section tells the reader, in a few words",
        )
    if h.role != "closing":
        if not h.action.strip():
            problems.error(
                "CP2103",
                "module has no action",
                path,
                at("action"),
                fix='add action = "..." to the header: one concrete thing the reader '
                "can do, as one sentence",
            )
        count = len(h.key_points)
        if count == 0:
            problems.error(
                "CP2104",
                "module has no key points",
                path,
                at("key_points"),
                fix="add key_points = [...] to the header: two to four short lines",
            )
        elif not KEY_POINTS_MIN <= count <= KEY_POINTS_MAX:
            problems.error(
                "CP2105",
                f"module has {count} key points",
                path,
                at("key_points"),
                fix="keep the key-points box to two to four short lines",
            )
        for index, point in enumerate(h.key_points):
            if len(point) > KEY_POINT_MAX_CHARS:
                problems.warn(
                    "CP2106",
                    f"key point {index + 1} is {len(point)} characters long",
                    path,
                    at("key_points"),
                    fix=f"keep each key point under {KEY_POINT_MAX_CHARS} characters "
                    "so it fits on one line",
                )
    for block in module.blocks:
        if block.kind == "paragraph":
            words = len(block.texts[0].split())
            if words > PARAGRAPH_MAX_WORDS:
                problems.warn(
                    "CP2107",
                    f"paragraph of {words} words",
                    path,
                    block.lines[0],
                    fix=f"split it: one idea per paragraph, under {PARAGRAPH_MAX_WORDS} words",
                )
