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
