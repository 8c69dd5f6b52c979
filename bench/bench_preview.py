"""How long from saving a one-string PO change to the preview page showing it.

Runs `careprint preview` on a throw-away copy of packs/, locales/ and templates/ (the checkout's
catalogs are never touched), follows the page's own server-sent events the way the browser
does, and after each event reads the page until the edited text is in the document's section.
Each edit starts from an idle preview. Prints every timing, the median per document, and the
load average (the machine is shared).

    .venv/bin/python bench/bench_preview.py            # 7 edits each, about 1 minute
    .venv/bin/python bench/bench_preview.py --edits 3 --locale fr --country FR
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CAREPRINT = str(Path(sys.executable).parent / "careprint")
# (document, msgctxt, msgid) of the string each edit changes.
EDITS = {
    "card": ("card", "If you need to talk now"),
    "handout": ("when-it-is-an-emergency", "When it is an emergency"),
}


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.read().decode("utf-8"))


def section(html: str, product: str) -> str:
    found = re.search(rf'<section id="product-{product}".*?</section>', html, re.S)
    return found.group(0) if found else ""


def set_msgstr(po: Path, context: str, msgid: str, text: str) -> None:
    """Replace one entry's msgstr, as an editor's save would (one write of the file)."""
    source = po.read_text(encoding="utf-8")
    pattern = re.compile(
        rf'(msgctxt "{re.escape(context)}"\nmsgid "{re.escape(msgid)}"\n)'
        r'msgstr "[^\n]*"(\n"[^\n]*")*'
    )
    changed, count = pattern.subn(lambda m: m.group(1) + f'msgstr "{text}"', source)
    if count != 1:
        raise SystemExit(f"{po}: no single entry [{context}] {msgid!r} to edit")
    po.write_text(changed, encoding="utf-8")


class Events:
    """The page's /events stream, read line by line."""

    def __init__(self, url: str):
        self.response = urllib.request.urlopen(url + "events", timeout=60)

    def next(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.response.fp], [], [], timeout)
        if not ready:
            return False
        self.response.fp.readline()
        return True


def wait_idle(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page(url)
        if "up to date at" in text and "<section id=worklist>" in text:
            return
        time.sleep(0.2)
    raise SystemExit("the preview never finished building")


def measure(url: str, po: Path, product: str, number: int) -> float:
    context, msgid = EDITS[product]
    marker = f"Bench{product.replace('-', '')}{number}x"
    events = Events(url)
    started = time.perf_counter()
    set_msgstr(po, context, msgid, marker)
    deadline = started + 120
    while time.perf_counter() < deadline:
        if events.next(1.0) and marker in section(page(url), product):
            seconds = time.perf_counter() - started
            events.response.close()
            return seconds
    raise SystemExit(f"{product}: the edit never showed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--locale", default="es")
    parser.add_argument("--country", default="ES")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="careprint-bench-preview-"))
    for folder in ("packs", "locales", "templates"):
        shutil.copytree(REPO / folder, work / folder)
    po = work / "locales" / args.locale / "LC_MESSAGES" / "content.po"
    print(
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"({os.cpu_count()} CPUs)"
    )
    process = subprocess.Popen(
        [
            CAREPRINT,
            "preview",
            "--root",
            str(work),
            "--out",
            str(work / "out"),
            "--no-open",
            "--locale",
            args.locale,
            "--country",
            args.country,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[2]
        started = time.perf_counter()
        wait_idle(url)
        print(
            f"first build (all products, {args.locale} and en): "
            f"{time.perf_counter() - started:.1f} s"
        )
        results: dict[str, list[float]] = {product: [] for product in EDITS}
        for number in range(args.edits):
            for product in EDITS:
                wait_idle(url)
                seconds = measure(url, po, product, number)
                results[product].append(seconds)
                print(f"  edit {number + 1}: {product:8} {seconds:.2f} s")
        for product, times in results.items():
            print(
                f"{product}: median {statistics.median(times):.2f} s, min {min(times):.2f}, "
                f"max {max(times):.2f} over {len(times)} edits"
            )
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        process.terminate()
        process.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
