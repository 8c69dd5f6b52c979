"""The environment the tests run in is the one requirements.lock describes."""

from __future__ import annotations

from pathlib import Path

from .lockfile import differences, locked


def test_installed_packages_equal_the_lock() -> None:
    assert differences() == [], "run `make test` (it installs requirements.lock exactly)"


def test_lock_reads_markers_for_this_interpreter(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "babel==2.19.0 \\\n    --hash=sha256:00\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n    --hash=sha256:11\n"
        "tomli==2.0.1 ; python_full_version < '3.11' \\\n"
        "    # via mypy\n"
        "weasyprint==70.0 \\\n"
    )
    assert locked(lock) == {"babel": "2.19.0", "weasyprint": "70.0"}
