"""`careprint preview` as a translator uses it: a live page that follows their edits."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from pypdf import PdfWriter

from builder.base.errors import ProblemList
from builder.base.pdfium import PDFIUM_LOCK
from builder.i18n.upkeep import update_locale_files
from builder.i18n.workbench import worklist
from builder.model.project import load_project
from builder.preview.server import PreviewServer, page_png, page_texts

from ..cdp import Browser
from ..conftest import TIMEOUT, MiniProject
from ..model.test_catalogs import add_locale, set_translation

CAREPRINT = str(Path(sys.executable).parent / "careprint")


@contextmanager
def preview(
    mini: MiniProject, *args: str, stop: signal.Signals = signal.SIGINT
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """A running `careprint preview` and its address; stopped with Ctrl-C (SIGINT) after,
    or with `stop`, and it must then exit 0 by itself."""
    mini.write_pack(["first", "help"], ("handout", "card-sheet"))
    process = subprocess.Popen(
        [
            CAREPRINT,
            "preview",
            "--root",
            str(mini.root),
            "--out",
            str(mini.root / "out"),
            "--no-open",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], TIMEOUT)
        assert ready, "the preview printed no address"
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, line
        yield line.split()[2], process
    finally:
        process.send_signal(stop)
        try:
            output, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate(timeout=TIMEOUT)
            raise AssertionError("Ctrl-C did not stop the preview") from None
    assert process.returncode == 0, output
    assert "preview stopped" in output and "Traceback" not in output


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return str(response.read().decode("utf-8"))


def poll(url: str, test: Callable[[str], bool], tries: int = 400) -> str:
    """The page once test(page) holds; fails after `tries` reads a quarter second apart."""
    text = ""
    for _ in range(tries):
        text = page(url)
        if test(text):
            return text
        time.sleep(0.25)
    raise AssertionError(f"the page never showed what was expected:\n{text[-3000:]}")


def test_an_edit_shows_in_the_open_page_in_chromium(mini: MiniProject, tmp_path: Path) -> None:
    folder = add_locale(mini)
    content = folder / "content.po"
    set_translation(content, "Listen without judging.", "Ecoutez")
    with preview(mini, "--locale", "fr", "--country", "GB") as (url, _):
        browser = Browser(tmp_path / "profile", TIMEOUT)
        try:
            browser.open(url)
            has = "!!document.body && document.body.textContent.includes({!r})".format
            browser.wait_for(has("Ecoutez"))
            browser.wait_for(has("FR Where to find help"))  # the handout, translated
            # The source beside the translation (the page may be reloading: ask until it
            # answers).
            browser.wait_for(
                "[...document.querySelectorAll('#product-card-sheet h3')]"
                ".map(h => h.textContent).join('|') == 'English (en)|French (fr)'"
            )
            browser.wait_for(
                "(() => { const image = document.querySelector("
                "'#product-card-sheet img'); return image && image.complete "
                "&& image.naturalWidth > 0; })()"
            )  # the page image loads
            set_translation(content, "Listen without judging.", "Sansjuger")
            browser.wait_for(has("Sansjuger"))  # the page reloaded itself: no navigation
            browser.wait_for(f"!({has('Ecoutez')}) && {has('FR Where to find help')}")
        finally:
            browser.close()


def test_a_broken_catalog_is_shown_and_the_server_lives_on(mini: MiniProject) -> None:
    content = add_locale(mini) / "content.po"
    good = content.read_text(encoding="utf-8")
    with preview(mini, "--locale", "fr", "--country", "GB", "--product", "card-sheet") as (
        url,
        process,
    ):
        poll(url, lambda text: "up to date" in text)
        content.write_text(good + '\nmsgid "broken\n', encoding="utf-8")
        shown = poll(url, lambda text: "id=blocking" in text and "up to date" in text)
        blocking = shown.split("id=blocking")[1].split("</section>")[0]
        assert "locales/fr/LC_MESSAGES/content.po:" in blocking, blocking
        assert "FR Listen without judging." in shown  # the last good pages stay
        content.write_text(good.replace("FR Listen without judging.", "Mended"), encoding="utf-8")
        poll(url, lambda text: "Mended" in text and "id=blocking" not in text)
        assert process.poll() is None


def listening(port: int) -> list[str]:
    """Local addresses of sockets listening on port, from the kernel's own tables."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as handle:
            for row in list(handle)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, _, hex_port = local.partition(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.append(address)
    return found


def test_the_server_listens_on_127_0_0_1_only(mini: MiniProject) -> None:
    add_locale(mini)
    with preview(mini, "--locale", "fr", "--product", "card-sheet", stop=signal.SIGTERM) as (
        url,
        _,
    ):
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        assert "careprint preview" in page(url)
        if sys.platform.startswith("linux"):
            assert listening(port) == ["0100007F"]  # 127.0.0.1, and nothing on IPv6
        with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=5):
            pass


def test_worklist_puts_card_strings_first_with_their_po_lines(mini: MiniProject) -> None:
    add_locale(mini, fill=False)
    mini.write_pack(["first", "help"], ("handout", "card-sheet"))
    project = load_project(mini.root, ProblemList())
    found = worklist(project, "fr", "GB")
    tiers = [item.tier for item in found.items]
    assert tiers == sorted(tiers, key=("card", "emergency", "rest").index)
    first = found.items[0]
    assert first.tier == "card" and "card-sheet" in first.products
    lines = (mini.root / first.path).read_text(encoding="utf-8").splitlines()
    assert lines[first.line - 1] == f'msgid "{first.msgid}"'  # type: ignore[operator]
    assert found.coverage["card-sheet"][1] == 0 < found.coverage["card-sheet"][0]
    help_title = next(i for i in found.items if i.msgid == "Where to find help")
    assert help_title.tier == "emergency"  # a module carrying the numbers


def test_checks_flag_overlong_card_text_unsafe_words_and_typed_numbers(mini: MiniProject) -> None:
    content = add_locale(mini) / "content.po"
    budget_line = set_translation(content, "Listen without judging.", "xx " * 30)
    unsafe_line = set_translation(content, "First things", "Il a commis un suicide")
    number_line = set_translation(content, "Be patient.", "Appelez le 0800 123 456")
    project = load_project(mini.root, ProblemList())
    findings = worklist(project, "fr", "GB").findings
    found = {(p.line, p.message.split(" ")[0]) for p in findings}
    assert (budget_line, "card") in found  # "card text is 90 characters, over its budget"
    # The French safe-messaging rules and the number check point at the msgstr line.
    assert unsafe_line + 1 in {p.line for p in findings if "commis un suicide" in p.message}
    assert (number_line + 1, '"0800') in found


def test_stats_by_catalog_and_product_as_json(
    mini: MiniProject, run_cli: Callable[..., tuple[int, str]]
) -> None:
    add_locale(mini, fill=False)
    mini.write_pack(["first", "help"], ("handout", "card-sheet"))
    code, output = run_cli("i18n", "stats", "--root", str(mini.root), "--locale", "fr", "--json")
    assert code == 0, output
    (row,) = json.loads(output)
    assert set(row["catalogs"]) == {"ui", "content", "helplines"}
    assert set(row["products"]) == {"handout", "card-sheet"}
    assert row["next"][0]["tier"] == "card" and row["next"][0]["file"].endswith("content.po")
    code, output = run_cli("i18n", "stats", "--root", str(mini.root), "--locale", "fr")
    assert code == 0 and "fr by product (for" in output and "translate next" in output


def test_stats_by_product_keeps_its_columns_for_long_product_names(
    mini: MiniProject, run_cli: Callable[..., tuple[int, str]]
) -> None:
    """ "handout-booklet" is longer than the column it was printed in, so its counts stood one
    place right of every other product's."""
    add_locale(mini, fill=False)
    mini.write_pack(["first", "help"], ("handout", "handout-booklet", "card-sheet"))
    code, output = run_cli("i18n", "stats", "--root", str(mini.root), "--locale", "fr")
    assert code == 0, output
    rows = [line for line in output.splitlines() if "strings it prints" in line]
    assert len(rows) == 3 and len({row.index("/") for row in rows}) == 1, rows


def test_update_says_created_then_updated_and_prefills_local_names(mini: MiniProject) -> None:
    gb = mini.helplines / "GB.toml"
    gb.write_text(
        gb.read_text().replace(
            'name = "Samaritans"', 'name = "Samaritans"\nname_local = "Samaritans"'
        )
    )
    project = load_project(mini.root, ProblemList())
    first = update_locale_files(project, "en_GB")
    assert [created for _, created in first] == [True, True, True]
    assert [created for _, created in update_locale_files(project, "en_GB")] == [False] * 3
    # A local name in the locale's own language is pre-filled, fuzzy, to be confirmed.
    helplines = (mini.root / "locales" / "en_GB" / "LC_MESSAGES" / "helplines.po").read_text()
    entry = helplines.split('msgid "Samaritans"')[1].split("\n\n")[0]
    assert 'msgstr "Samaritans"' in entry
    before = helplines.split('msgid "Samaritans"')[0].rsplit("\n\n", 1)[1]
    assert "#, fuzzy" in before and "already in this language?" in before
    assert 'msgid "Emergency services"\nmsgstr ""' in helplines  # no local name: left empty


def test_an_unknown_locale_names_the_command_that_starts_it(
    mini: MiniProject, run_cli: Callable[..., tuple[int, str]]
) -> None:
    code, output = run_cli("preview", "--root", str(mini.root), "--locale", "sv", "--no-open")
    assert code == 1 and "careprint i18n update --locale sv" in output
    code, output = run_cli(
        "build", "--root", str(mini.root), "--locale", "sv", "--out", str(mini.root / "out")
    )
    assert code == 1 and "careprint i18n update --locale sv" in output


def test_a_card_translation_that_cannot_fit_names_its_po_line_once(
    mini: MiniProject, run_cli: Callable[..., tuple[int, str]]
) -> None:
    content = add_locale(mini) / "content.po"
    line = set_translation(content, "Be patient.", "Patience " * 90)  # the box's last text
    code, output = run_cli(
        "build",
        "--root",
        str(mini.root),
        "--locale",
        "fr",
        "--country",
        "GB",
        "--product",
        "card-sheet",
        "--out",
        str(mini.root / "out"),
    )
    assert code == 1
    label = "mini/GB/fr/card-sheet"
    assert f"locales/fr/LC_MESSAGES/content.po:{line}: {label}: " in output, output
    assert f"{label}: {label}" not in output


def test_i18n_check_fails_on_card_text_over_its_budget(mini: MiniProject) -> None:
    from builder.i18n.upkeep import check, write_templates

    content = add_locale(mini) / "content.po"
    line = set_translation(content, "Listen without judging.", "xx " * 30)
    project = load_project(mini.root, ProblemList())
    write_templates(project)
    problems = ProblemList()
    check(project, problems)
    over = [p for p in problems.errors if "over its budget" in p.message]
    assert [(p.file, p.line) for p in over] == [(content, line)]
    assert "is 90 characters, over its budget of 75" in over[0].message


@pytest.mark.parametrize("read", [lambda pdf: page_png(pdf, 0), page_texts])
def test_pdfium_is_called_by_one_thread_at_a_time(read: Callable[[bytes], object]) -> None:
    """PDFium is not thread-safe: the preview's HTTP threads render page images while its
    build thread reads page texts, so each waits for the process-wide lock."""
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    buffer = io.BytesIO()
    writer.write(buffer)
    results: list[object] = []
    with PDFIUM_LOCK:
        reader = threading.Thread(target=lambda: results.append(read(buffer.getvalue())))
        reader.start()
        reader.join(timeout=0.5)
        assert reader.is_alive() and not results  # waiting for the lock, not inside PDFium
    reader.join(timeout=TIMEOUT)
    assert len(results) == 1 and results[0] is not None


def serving(handler: type[BaseHTTPRequestHandler]) -> tuple[PreviewServer, threading.Thread]:
    server = PreviewServer(("127.0.0.1", 0), handler)
    loop = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    loop.start()
    return server, loop


def test_closing_waits_for_the_response_in_flight_and_wakes_idle_connections() -> None:
    """A request's thread may be inside PDFium when the preview stops; left running into the
    interpreter's exit it crashed the process now and then. Close joins it, and does not hang
    on a connection that never sent a request (browsers open spare ones)."""
    entered, release = threading.Event(), threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            entered.set()
            release.wait(TIMEOUT)
            self.send_response(200)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"page")

        def log_message(self, format: str, *args: object) -> None:
            pass

    before = set(threading.enumerate())
    server, loop = serving(Slow)
    port = server.server_address[1]
    idle = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    busy = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    busy.sendall(b"GET /page HTTP/1.0\r\n\r\n")
    assert entered.wait(TIMEOUT)
    server.shutdown()
    loop.join(TIMEOUT)
    closing = threading.Thread(target=server.server_close)
    closing.start()
    closing.join(0.3)
    assert closing.is_alive()  # still waiting for the page being rendered
    release.set()
    closing.join(TIMEOUT)
    assert not closing.is_alive()  # and not for the idle connection
    answer = b""
    while chunk := busy.recv(4096):
        answer += chunk
    assert answer.startswith(b"HTTP/1.0 200") and answer.endswith(b"page")
    assert set(threading.enumerate()) <= before  # no request thread outlives the close
    idle.close()
    busy.close()


def test_a_dropped_connection_is_quiet_and_a_bug_is_one_line_naming_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    failures = {"/gone": ConnectionResetError(104, "reset by peer"), "/bug": ValueError("x")}

    class Failing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            raise failures[self.path]

    server, loop = serving(Failing)
    port = server.server_address[1]
    try:
        for path in failures:
            with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as client:
                client.sendall(f"GET {path} HTTP/1.0\r\n\r\n".encode())
                client.recv(1)  # the server closed it
        server.shutdown()
        loop.join(TIMEOUT)
    finally:
        server.server_close()
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err + printed.out
    (note,) = printed.err.splitlines()
    (crash,) = tmp_path.glob("careprint-crash-*.txt")
    assert str(crash) in note and "ValueError" in crash.read_text(encoding="utf-8")
