"""A clinic's stylesheet: `check --overlay` refuses what `build` refuses, with line and column."""

import shutil
from pathlib import Path

import pytest

from builder.base.errors import InputError, Problem, ProblemList
from builder.pipeline import check_project, prepare
from builder.plan.request import BuildRequest

from ..conftest import REPO, MiniProject

# Each mistake on its own line; the numbers below are those lines.
BROKEN = """\
.clinic {
  colr: #1d5c3f;
  font-size: 12pt
  h1 { color: blue }
}
.logo { background: url(../../../secret.png) }
.stamp { background: url("https://example.org/stamp.png") }
.river { background: url(../../logo.svg) }
p:::first-line { color: red }
"""


def clinic_with(tmp_path: Path, sheets: dict[str, str]) -> Path:
    clinic = tmp_path / "clinic"
    shutil.copytree(REPO / "examples" / "clinic", clinic)
    css = clinic / "templates" / "css"
    css.mkdir(parents=True)
    for name, text in sheets.items():
        (css / name).write_text(text)
    return clinic


def css_problems(mini: MiniProject, clinic: Path) -> list[Problem]:
    _project, problems = check_project(mini.root, overlay_dir=clinic)
    return [p for p in problems.items if p.file is not None and p.file.suffix == ".css"]


def test_check_overlay_reports_each_stylesheet_mistake_on_its_line(
    mini: MiniProject, tmp_path: Path
) -> None:
    """`check --overlay` read a clinic's CSS only as text: all of these passed it, and the
    build found them one document at a time (or, for the url(), only when a page used it).
    careprint's own cards.css, copied unchanged, is not questioned."""
    own = (REPO / "templates" / "css" / "cards.css").read_text()
    clinic = clinic_with(tmp_path, {"handout.css": BROKEN, "cards.css": own})
    found = [(p.file.name if p.file else "", p.line, p.code) for p in css_problems(mini, clinic)]
    assert found == [
        ("handout.css", 2, "CP6112"),
        ("handout.css", 3, "CP6112"),
        ("handout.css", 6, "CP6003"),
        ("handout.css", 7, "CP6003"),
        ("handout.css", 9, "CP6112"),
    ]
    text = "\n".join(p.render() for p in css_problems(mini, clinic))
    assert "handout.css:2: Ignored `colr: #1d5c3f` at 2:3, unknown property" in text
    assert "'font-size: 12pt h1' at 3:3, inside another rule: is a \";\" missing" in text
    assert "url(../../../secret.png) at 6:21: refused to read" in text
    assert "url(https://example.org/stamp.png) at 7:22: refused to fetch" in text
    assert "selector 'p:::first-line' at 9:1" in text


def test_an_import_is_refused_by_check_and_by_build_alike(
    mini: MiniProject, tmp_path: Path
) -> None:
    """An @import was read by WeasyPrint when a document was typeset: a missing file failed
    that document and one inside the folders was brought in unchecked; `check` saw neither."""
    clinic = clinic_with(
        tmp_path, {"handout.css": '@import url("extra.css");\n@import "/etc/passwd";\n'}
    )
    problems = css_problems(mini, clinic)
    assert [(p.line, p.code) for p in problems] == [(1, "CP6112"), (2, "CP6112")]
    assert all("@import" in p.message and "copy the rules" in p.fix for p in problems)
    request = BuildRequest(root=mini.root, out=tmp_path / "out", overlay=clinic)
    with pytest.raises(InputError) as failure:
        prepare(request, ProblemList())
    assert [p.render() for p in failure.value.problems()] == [p.render() for p in problems]


# A clinic's colours with one } missing in mid-file and one at the end: WeasyPrint reads
# .phone and .footer as nested inside .clinic (so as `.clinic .phone`), and lets .note's block
# run to the end of the file, logging nothing about either.
UNCLOSED = """\
.clinic { color: #1d5c3f;
  font-size: 11pt;

.phone { font-weight: bold }
.footer { color: #444 }
.note { color: #777;
  font-size: 9pt;
"""


def test_a_missing_brace_is_placed_at_the_brace_never_closed(
    mini: MiniProject, tmp_path: Path
) -> None:
    clinic = clinic_with(tmp_path, {"handout.css": UNCLOSED})
    problems = css_problems(mini, clinic)
    assert [(p.line, p.code) for p in problems] == [(1, "CP6112"), (6, "CP6112")]
    first, second = problems
    assert "handout.css:1: the { at 1:9 of '.clinic' is never closed, so" in first.render()
    assert "'.phone' at 4:1 and the rules after it are read as nested" in first.message
    assert first.fix == "add the missing } after line 2"
    assert "the { at 6:7 of '.note' is never closed" in second.message
    assert second.fix == "add the missing } after line 7"
    request = BuildRequest(root=mini.root, out=tmp_path / "out", overlay=clinic)
    with pytest.raises(InputError) as failure:
        prepare(request, ProblemList())
    assert [p.render() for p in failure.value.problems()] == [p.render() for p in problems]


def test_nesting_and_an_open_comment_are_refused_but_plain_blocks_are_not(
    mini: MiniProject, tmp_path: Path
) -> None:
    """A } put back after the nested rules still leaves them nested; @media and @page's
    margin boxes hold rules in plain CSS and are not questioned, nor is any of careprint's
    own stylesheets beside the broken one."""
    sheet = (
        "@media print { .a { color: red } }\n"
        "@page { size: A4; @top-center { content: 'x' } }\n"
        ".b { color: blue;\n"
        "  .c { color: green }\n"
        "}\n"
        "/* old colours\n"
        ".d { color: red }\n"
    )
    own = [*(REPO / "templates" / "css").glob("*.css"), REPO / "templates/catalogue/catalogue.css"]
    sheets = {p.name: p.read_text() for p in own if p.name != "handout.css"}
    clinic = clinic_with(tmp_path, {**sheets, "handout.css": sheet})
    problems = css_problems(mini, clinic)
    assert [(p.file.name if p.file else "", p.line) for p in problems] == [
        ("handout.css", 3),
        ("handout.css", 6),
    ]
    assert "'.c' at 4:3 is inside the { at 3:4 of '.b'" in problems[0].message
    assert problems[0].fix == "add the missing } after line 3"
    assert "the comment at 6:1 is never closed" in problems[1].message
