"""How cleanly `careprint preview` stops: Ctrl-C while it rebuilds and serves page images.

Each stop starts a preview of a copy of this checkout's project (French, France, card and
handout), waits for its first page images, then, for two to six seconds, edits a French string
every 1.5 s (so it rebuilds) while six clients ask for page images, half of them past the last
page (each of those opens the PDF in PDFium), and sends SIGINT. A clean stop exits 0 and writes
nothing on stderr. It counts exit codes and stops with something on stderr (a traceback, a
crash report from the fault handler), and keeps each stop's stderr for reading.

    .venv/bin/python bench/bench_preview_stop.py --stops 30
    .venv/bin/python bench/bench_preview_stop.py --stops 30 --busy   # both cores kept busy

Issue #11's finding that led here: 9 of 30 stops printed a traceback ("Bad file descriptor")
and earlier sessions saw a crash at exit (SIGSEGV, or "malloc(): unsorted double linked list
corrupted"). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

from busy import busy_cores

REPO = Path(__file__).resolve().parent.parent
STRING = "Vie en danger"  # a French string the card prints


def links_on(url: str) -> list[str]:
    with urllib.request.urlopen(url + "/", timeout=10) as response:
        page = response.read().decode()
    return sorted(set(re.findall(r"/page/[0-9a-f]+/[0-9]+\.png", page)))


def one_stop(scratch: Path, number: int, logs: Path) -> tuple[int | str, bool]:
    project = scratch / f"project{number}"
    shutil.copytree(
        REPO,
        project,
        ignore=shutil.ignore_patterns(".git", ".venv", "out", "__pycache__", "*.egg-info"),
    )
    catalog = project / "locales/fr/LC_MESSAGES/content.po"
    original = catalog.read_text(encoding="utf-8")
    assert STRING in original, f"{catalog} no longer has {STRING!r}: pick another string"
    errors = logs / f"stop{number}.txt"
    with errors.open("w") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from builder.cli.app import run; run()",
                "preview",
                "--root",
                str(project),
            ]
            + ["--locale", "fr", "--country", "FR", "--product", "card,handout", "--no-open"]
            + ["--out", str(project / "out")],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=REPO,
            env=dict(os.environ, PYTHONFAULTHANDLER="1", PYTHONPATH=str(REPO)),
        )
        assert process.stdout is not None
        found = re.search(r"http://\S+", process.stdout.readline())
        if not found:
            process.kill()
            return "no address", True
        url = found.group(0).rstrip("/")
        links: list[str] = []
        deadline = time.monotonic() + 300
        while len(links) < 2 and time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                links = links_on(url)
            time.sleep(0.3)
        stop = threading.Event()

        def ask() -> None:
            seen = list(links)
            while not stop.is_set():
                try:
                    if random.random() < 0.2:
                        seen = links_on(url) or seen
                    link = random.choice(seen)
                    if random.random() < 0.5:  # past the last page: PDFium opens the PDF
                        link = f"{link.rsplit('/', 1)[0]}/{random.randint(40, 90)}.png"
                    urllib.request.urlopen(url + link, timeout=10).read()
                except (OSError, IndexError):
                    pass

        def edit() -> None:
            count = 0
            while not stop.is_set():
                count += 1
                catalog.write_text(original.replace(STRING, f"{STRING} {count}"), "utf-8")
                stop.wait(1.5)

        helpers = [threading.Thread(target=ask, daemon=True) for _ in range(6)]
        helpers.append(threading.Thread(target=edit, daemon=True))
        for helper in helpers:
            helper.start()
        time.sleep(2 + random.random() * 4)
        process.send_signal(signal.SIGINT)
        try:
            code: int | str = process.wait(120)
        except subprocess.TimeoutExpired:
            process.kill()
            code = "hung"
        stop.set()
    shutil.rmtree(project, ignore_errors=True)
    return code, errors.stat().st_size > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=30)
    parser.add_argument("--busy", action="store_true", help="keep every core busy meanwhile")
    args = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="careprint-preview-stops-"))
    codes: Counter[int | str] = Counter()
    noisy = 0
    with (
        # In the preview's own session, as when its stop was first measured (bench/RESULTS.md):
        # the preview, its rebuilds and its clients compete with the spinners one by one.
        busy_cores(args.busy, own_session=False) as spinning,
        tempfile.TemporaryDirectory(prefix="careprint-preview-stop-") as scratch,
    ):
        print(f"{args.stops} stops, {'busy' if spinning else 'quiet'}; stderr of each in {logs}")
        for number in range(1, args.stops + 1):
            code, said = one_stop(Path(scratch), number, logs)
            codes[code] += 1
            noisy += said
            print(f"stop {number}: exit {code}{', stderr not empty' if said else ''}", flush=True)
    print(f"exit codes: {dict(codes)}; stops with something on stderr: {noisy} of {args.stops}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
