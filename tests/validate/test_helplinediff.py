import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.base.errors import CareprintError
from builder.validate.helplinediff import diff, format_changes, read_folder, read_revision

from ..conftest import GB, TIMEOUT, MiniProject

Run = Callable[..., tuple[int, str]]


def copy_of(mini: MiniProject, tmp_path: Path) -> Path:
    new = tmp_path / "new"
    shutil.copytree(mini.helplines, new)
    return new


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_cli_shows_a_changed_number_between_two_folders(
    mini: MiniProject, tmp_path: Path, run_cli: Run
) -> None:
    new = copy_of(mini, tmp_path)
    edit(new / "GB.toml", '"116 123"', '"116 124"')
    code, output = run_cli(
        "helplines", "diff", str(mini.helplines), str(new), "--root", str(mini.root)
    )
    assert code == 0, output
    assert output.splitlines() == [
        "GB  samaritans (Samaritans)",
        "    changed          phone 116 123 -> phone 116 124",
        "1 change(s) in 1 country file(s). Printed cards and handouts to replace: GB",
    ]
    code, output = run_cli(
        "helplines", "diff", str(mini.helplines), str(new), "--exit-code", "--root", str(mini.root)
    )
    assert code == 1 and "116 124" in output, output
    code, output = run_cli(
        "helplines",
        "diff",
        str(mini.helplines),
        str(mini.helplines),
        "--exit-code",
        "--root",
        str(mini.root),
    )
    assert code == 0 and "No helpline changes" in output, output


def test_regrouped_digits_are_not_a_change(mini: MiniProject, tmp_path: Path) -> None:
    new = copy_of(mini, tmp_path)
    edit(new / "GB.toml", '"116 123"', '"116123"')
    assert diff(read_folder(mini.helplines), read_folder(new)) == []
    assert format_changes([]) == ["No helpline changes: printed cards and handouts stay valid."]


def test_added_removed_hours_and_keyword(mini: MiniProject, tmp_path: Path) -> None:
    new = copy_of(mini, tmp_path)
    edit(
        new / "GB.toml",
        'value = "999"',
        'value = "999"\n\n[[services.contacts]]\ntype = "phone"\nvalue = "112"',
    )
    edit(
        new / "US.toml",
        'open_24_7 = true\nsource_url = "https://example.org/988"',
        'open_24_7 = false\nhours_note = "x"\nsource_url = "https://example.org/988"',
    )
    (new / "FR.toml").write_text(GB.replace('"GB"', '"FR"').replace('"999"', '"112"'))
    changes = {
        (c.country, c.service, c.what, c.old, c.new)
        for c in diff(read_folder(mini.helplines), read_folder(new))
    }
    assert ("GB", "emergency", "added", "", "phone 112") in changes
    assert ("US", "lifeline", "hours", "24/7", "not confirmed") in changes
    assert ("FR", "samaritans", "service added", "", "phone 116 123") in changes


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )


def test_two_git_revisions(mini: MiniProject) -> None:
    git(mini.root, "init", "-q")
    git(mini.root, "add", "-A")
    git(mini.root, "commit", "-q", "-m", "one")
    edit(mini.helplines / "US.toml", '"988"', '"911"')
    git(mini.root, "commit", "-q", "-am", "two")
    changes = diff(read_revision(mini.root, "HEAD~1"), read_revision(mini.root, "HEAD"))
    assert [(c.country, c.service, c.old, c.new) for c in changes] == [
        ("US", "lifeline", "phone 988", "phone 911")
    ]
    with pytest.raises(CareprintError, match="neither a folder nor a git revision"):
        read_revision(mini.root, "no-such-revision")
