"""requirements.lock against the running environment: what `make` installs and tests check.

The lock lists every package at an exact version, some only under an environment marker
(colorama on Windows, brotlicffi off CPython). `locked()` is what the lock asks of this
interpreter; `installed()` is what the environment holds. `python tests/lockfile.py sync`
uninstalls whatever the lock does not list (a package an older lock brought in), so an old
.venv ends up equal to a new one; the test in test_environment.py checks they are equal.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name
from packaging.version import Version

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
# The project itself (installed in place) and the installer that installs the lock.
NOT_LOCKED = {"careprint", "pip"}
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked(lock: Path = LOCK) -> dict[str, str]:
    """Package -> version for every pin whose marker holds for this interpreter."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match is None:
            continue
        name, version, marker = match.groups()
        if marker is None or Marker(marker).evaluate():
            pins[canonicalize_name(name)] = version
    return pins


def installed() -> dict[str, str]:
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"] or "")
        if name and name not in NOT_LOCKED:
            found[name] = dist.version
    return found


def differences() -> list[str]:
    want, have = locked(), installed()
    # Versions compare as versions: the font packages install "2.012" for the lock's "2.12".
    lines = [
        f"{name}: locked {want[name]}, installed {have.get(name, 'nothing')}"
        for name in sorted(want)
        if name not in have or Version(have[name]) != Version(want[name])
    ]
    lines += [
        f"{name}: installed {have[name]}, not in the lock" for name in sorted(set(have) - set(want))
    ]
    return lines


def sync() -> int:
    extra = sorted(set(installed()) - set(locked()))
    if extra:
        print("removing packages the lock does not list:", " ".join(extra))
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "-q", "-y", *extra], check=True)
    left = differences()
    for line in left:
        print(line, file=sys.stderr)
    return 1 if left else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["sync"]:
        sys.exit(sync())
    problems = differences()
    print(*problems, sep="\n")
    sys.exit(1 if problems else 0)
