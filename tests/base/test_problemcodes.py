"""Problem codes are defined once, every code careprint raises is defined, and the README's
table is the registry's: a new or retitled code fails here until the README says it
(CAREPRINT_UPDATE_README=1 rewrites the table)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from builder.base.errors import Problem, ProblemList, Severity
from builder.base.problemcodes import CODES, TITLES

from ..conftest import REPO

CODE = re.compile(r'"(CP\d{4})"')
START = "<!-- problem codes: generated from builder/base/problemcodes.py -->"
END = "<!-- end of problem codes -->"
STAGES = {
    "0": "older manifests",
    "1": "data files and models",
    "2": "content and safe messaging",
    "3": "helplines",
    "4": "translations",
    "5": "the plan and options",
    "6": "templates, typesetting and fit",
    "7": "output and batch runs",
}


def used_codes(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        if path.name in ("problemcodes.py", "test_problemcodes.py"):
            continue
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, []).append(str(path.relative_to(REPO)))
    return found


def table() -> str:
    rows = [START, "", "| code | stage | problem |", "|------|-------|---------|"]
    rows += [f"| {code} | {STAGES[code[2]]} | {title} |" for code, title in CODES]
    return "\n".join([*rows, "", END])


def test_no_code_is_defined_twice() -> None:
    codes = [code for code, _ in CODES]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)
    assert codes == sorted(codes), "keep the registry in code order"
    assert all(re.fullmatch(r"CP[0-7]\d{3}", c) for c in codes)
    assert all(title and "\n" not in title for _, title in CODES)


def test_every_code_raised_is_in_the_registry() -> None:
    used = used_codes(REPO / "builder") | used_codes(REPO / "tests")
    unknown = {code: where for code, where in used.items() if code not in TITLES}
    assert not unknown, f"codes used but not in builder/base/problemcodes.py: {unknown}"


def test_every_registered_code_is_raised_somewhere() -> None:
    raised = used_codes(REPO / "builder")
    unused = [code for code in TITLES if code not in raised and code != "CP0000"]
    assert not unused, f"registered but never raised (retire them in the registry): {unused}"


def test_a_problem_with_an_unknown_code_is_a_bug() -> None:
    with pytest.raises(ValueError, match="CP9999"):
        ProblemList().error("CP9999", "no such code")


def test_messages_and_json_carry_the_code(tmp_path: Path) -> None:
    problem = Problem("CP3004", 'phone "12" is not valid', tmp_path / "DE.toml", 14, "fix it")
    assert problem.render(tmp_path) == 'error CP3004 DE.toml:14: phone "12" is not valid (fix it)'
    assert problem.as_json(tmp_path)["code"] == "CP3004"
    warning = Problem("CP5004", "no catalog", severity=Severity.WARNING)
    assert warning.render() == "warning CP5004: no catalog"


@pytest.mark.parametrize(
    "problem",
    [
        Problem("CP3102", "checked long ago (fix)", Path("packs/GB.toml"), 7, "", Severity.WARNING),
        Problem("CP3102", "old", Path("packs/GB.toml"), None, "", Severity.WARNING),
        Problem("CP6103", "no crisis line: it says so", severity=Severity.WARNING),
    ],
)
def test_a_problem_comes_back_from_its_line_in_the_manifest(problem: Problem) -> None:
    root = Path("/project")
    absolute = Problem(
        problem.code,
        problem.message,
        root / problem.file if problem.file else None,
        problem.line,
        severity=problem.severity,
    )
    text = absolute.render(root)
    restored = Problem.from_text(text, Severity.WARNING, root)
    assert restored == absolute
    assert restored.render(root) == text


def test_a_line_from_an_older_manifest_is_shown_as_it_was() -> None:
    text = "packs/helplines/GB.toml:7: warning: samaritans: checked long ago"
    restored = Problem.from_text(text, Severity.WARNING, Path("/project"))
    assert restored.code == "CP0000"
    assert restored.render() == text


def test_the_readme_lists_every_code() -> None:
    path = REPO / "README.md"
    text = path.read_text(encoding="utf-8")
    found = re.search(re.escape(START) + r".*?" + re.escape(END), text, re.S)
    assert found, f"README.md needs the problem-code table between {START} and {END}"
    if found.group(0) != table() and os.environ.get("CAREPRINT_UPDATE_README") == "1":
        path.write_text(text.replace(found.group(0), table()), encoding="utf-8")
        return
    assert found.group(0) == table(), "run with CAREPRINT_UPDATE_README=1 to regenerate the table"
