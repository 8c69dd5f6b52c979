"""`careprint preview`: a translator's workbench, served on 127.0.0.1 and rebuilt on save.

The documents are built by the pipeline (`pipeline.build`), the one build path, into a folder of
their own: its inputs keys decide what a change rebuilds, so a save in one locale's catalog
rebuilds that locale's documents and never the English beside them, while a template change
rebuilds both. Builds run in this process by default (one job): for a one-string edit a warm
process beats starting workers, and the page is told as each document finishes, the card first.

Bad input never stops the server: the problems are shown on the page, with the last good pages
beside them, until the file is fixed. Nothing is listened for beyond the loopback address.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from builder import pipeline
from builder.base.errors import CareprintError, Problem, ProblemList
from builder.base.pdfium import PDFIUM_LOCK
from builder.i18n.workbench import Worklist, worklist
from builder.pipeline import load_inputs
from builder.plan.request import BuildRequest
from builder.preview.page import render_page
from builder.run.batch import BatchOptions
from builder.run.events import Event, Finished

HOST = "127.0.0.1"
WATCHED = ("locales", "packs", "templates")
PAGE_SCALE = 1.4  # 100 dpi: small type on a card is still legible
KEEPALIVE_S = 10.0


@dataclass
class DocumentView:
    """One built (or failed) document as the page shows it."""

    product: str
    locale: str
    path: str
    status: str
    errors: tuple[str, ...] = ()
    digest: str = ""
    texts: tuple[str, ...] = ()  # each page's text, for the page and for screen readers


@dataclass
class State:
    version: int = 0
    building: bool = False
    built_at: str = ""
    documents: dict[tuple[str, str], DocumentView] = field(default_factory=dict)
    blocking: list[str] = field(default_factory=list)
    worklist: Worklist | None = None
    last_seconds: float = 0.0


def page_texts(pdf: bytes) -> tuple[str, ...]:
    import pypdfium2  # deliberately lazy: only a running preview reads its PDFs

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            texts = []
            for page in document:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                page.close()
            return tuple(texts)
        finally:
            document.close()


def page_png(pdf: bytes, number: int) -> bytes | None:
    import pypdfium2  # deliberately lazy: only a running preview reads its PDFs

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            if not 0 <= number < len(document):
                return None
            page = document[number]
            buffer = io.BytesIO()
            page.render(scale=PAGE_SCALE).to_pil().save(buffer, "PNG")
            page.close()
            return buffer.getvalue()
        finally:
            document.close()


class Workbench:
    """The preview's state, its builds and its watcher; the HTTP side only reads it."""

    def __init__(
        self,
        root: Path,
        locale: str,
        country: str,
        out: Path,
        products: tuple[str, ...] = (),
        overlay: Path | None = None,
        jobs: int = 1,
    ):
        self.root = root
        self.locale = locale
        self.country = country.upper()
        self.overlay = overlay
        locales = [locale] if locale == "en" else [locale, "en"]
        self.request = BuildRequest(
            root=root,
            out=out,
            countries=[self.country],
            locales=locales,
            products=products,
            overlay=overlay,
            allow_incomplete=True,  # a translator previews the catalog while it grows
        )
        self.products = products
        self.options = BatchOptions(jobs=jobs, catalogue=False)
        self.state = State()
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self.wake = threading.Event()  # something changed: build
        self._pdfs: dict[str, bytes] = {}
        self._pngs: dict[tuple[str, int], bytes] = {}

    # -- state shared with the HTTP threads -------------------------------------------------

    def _bump(self, update: Callable[[State], None] = lambda s: None) -> None:
        with self.changed:
            update(self.state)
            self.state.version += 1
            self.changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.state.version != seen or self.stop.is_set(), timeout)
            return self.state.version

    def png(self, digest: str, number: int) -> bytes | None:
        with self.changed:
            pdf = self._pdfs.get(digest)
            cached = self._pngs.get((digest, number))
        if pdf is None or cached is not None:
            return cached
        image = page_png(pdf, number)
        if image is not None:
            with self.changed:
                self._pngs[digest, number] = image
        return image

    # -- building ---------------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        if not isinstance(event, Finished):
            return
        _, _, locale, product = event.label.split("/")[-4:]
        view = DocumentView(
            product,
            locale,
            event.path,
            event.status,
            tuple(p.render(self.root) for p in event.errors),
        )
        if event.status in ("built", "unchanged"):
            try:
                pdf = (self.request.out / event.path).read_bytes()
            except OSError as exc:
                view.status, view.errors = "failed", (f"cannot read {event.path}: {exc}",)
            else:
                view.digest = hashlib.sha256(pdf).hexdigest()[:16]
                view.texts = page_texts(pdf)
                with self.changed:
                    self._pdfs[view.digest] = pdf
        self._bump(lambda s: s.documents.__setitem__((product, locale), view))

    def rebuild(self) -> None:
        """Build what changed, then work out what to translate next; never raises."""
        started = time.perf_counter()
        self._bump(lambda s: setattr(s, "building", True))
        blocking: list[str] = []
        try:
            pipeline.build(self.request, self.options, self._on_event)
        except CareprintError as exc:
            blocking = [p.render(self.root) for p in exc.problems()]
        except Exception:
            blocking = [_bug_note()]
        found = None
        if not blocking:
            try:
                problems = ProblemList()
                project, overlay = load_inputs(self.root, self.overlay, problems)
                if not problems.errors:
                    found = worklist(project, self.locale, self.country, self.products, overlay)
            except CareprintError as exc:
                blocking = [p.render(self.root) for p in exc.problems()]
            except Exception:
                blocking = [_bug_note()]

        def done(state: State) -> None:
            state.building = False
            state.blocking = blocking
            state.built_at = time.strftime("%H:%M:%S")
            state.last_seconds = time.perf_counter() - started
            if found is not None:
                state.worklist = found
            with_docs = {d.digest for d in state.documents.values()}
            for digest in [d for d in self._pdfs if d not in with_docs]:
                del self._pdfs[digest]
            for key in [k for k in self._pngs if k[0] not in with_docs]:
                del self._pngs[key]

        self._bump(done)

    def watched(self) -> list[Path]:
        folders = [self.root / name for name in WATCHED]
        if self.overlay is not None:
            folders.append(self.overlay)
        return [f for f in folders if f.is_dir()]

    def changes(self) -> Iterator[set[tuple[Any, str]]]:
        """Sets of changed files under the watched folders until stopped."""
        import watchfiles  # deliberately lazy: only a running preview watches files

        out = self.request.out.resolve()

        def relevant(_change: watchfiles.Change, path: str) -> bool:
            return not Path(path).resolve().is_relative_to(out) and watchfiles.DefaultFilter()(
                _change, path
            )

        yield from watchfiles.watch(
            *self.watched(),
            watch_filter=relevant,
            debounce=400,
            step=30,
            stop_event=self.stop,
            rust_timeout=500,
            yield_on_timeout=False,
            raise_interrupt=False,
        )

    def watch(self) -> None:
        """Mark the documents dirty on every change, from before the first build on, so an
        edit saved while a build runs is built right after it."""
        for _ in self.changes():
            self.wake.set()
        self.wake.set()  # stopped: let the build loop see it

    def run(self) -> None:
        """Build once, then again after every change, until stopped."""
        watcher = threading.Thread(target=self.watch, name="careprint-preview-watch", daemon=True)
        watcher.start()
        self.wake.set()
        while True:
            self.wake.wait()
            if self.stop.is_set():
                break
            self.wake.clear()
            self.rebuild()
        watcher.join(timeout=5)


def _bug_note() -> str:
    with tempfile.NamedTemporaryFile(
        "w", prefix="careprint-crash-", suffix=".txt", delete=False, encoding="utf-8"
    ) as handle:
        handle.write(traceback.format_exc())
    return (
        f"careprint hit a bug while previewing (not a problem with your files); details "
        f"are in {handle.name}, please attach that file to a bug report"
    )


def make_handler(bench: Workbench) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "careprint-preview"

        def log_message(self, format: str, *args: object) -> None:
            pass  # the terminal is for the translator, not for request logs

        def _send(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            try:
                if path == "/":
                    with bench.changed:
                        body = render_page(bench, bench.state).encode("utf-8")
                    self._send(200, body, "text/html; charset=utf-8")
                elif path == "/events":
                    self._events()
                elif path.startswith("/page/") and path.endswith(".png"):
                    digest, _, number = path[len("/page/") : -len(".png")].partition("/")
                    image = bench.png(digest, int(number)) if number.isdigit() else None
                    if image is None:
                        self._send(404, b"no such page", "text/plain")
                    else:
                        self._send(200, image, "image/png")
                else:
                    self._send(404, b"not found", "text/plain")
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _events(self) -> None:
            """Server-sent events: the state's version, whenever it moves."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            while not bench.stop.is_set():
                version = bench.wait_for_change(seen, KEEPALIVE_S)
                message = f"data: {version}\n\n" if version != seen else ": waiting\n\n"
                seen = version
                self.wfile.write(message.encode())
                self.wfile.flush()

    return Handler


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server whose close waits for every request in flight.

    A request's thread may be inside PDFium or zlib when the preview is stopped; left running
    as a daemon into the interpreter's exit, it crashed the process (SIGSEGV or "malloc():
    unsorted double linked list corrupted") now and then. So request threads are joined at
    close, and a connection still waiting for its request line (a browser opens spare ones) is
    woken with a half-close of its reading side, which answers nothing and lets a response
    being written finish.
    """

    daemon_threads = False
    block_on_close = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]):
        super().__init__(address, handler)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open.discard(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-request is not news; anything else is a bug, written to
        a file and named in one line, never a traceback on the translator's terminal."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        print(_bug_note(), file=sys.stderr)

    def server_close(self) -> None:
        with self._open_lock:
            for connection in self._open:
                with contextlib.suppress(OSError):  # already closed by its client
                    connection.shutdown(socket.SHUT_RD)
        super().server_close()  # joins the request threads (block_on_close)


def serve(
    bench: Workbench, port: int = 0, open_browser: bool = True, say: Callable[[str], None] = print
) -> None:
    """Serve until Ctrl-C (or bench.stop), building in a thread of its own."""
    server = PreviewServer((HOST, port), make_handler(bench))
    url = f"http://{HOST}:{server.server_address[1]}/"
    builder = threading.Thread(target=bench.run, name="careprint-preview-builds", daemon=True)
    builder.start()
    say(f"careprint preview: {url} (Ctrl-C stops it)")
    if open_browser:
        webbrowser.open(url)

    def stop_serving() -> None:
        bench.stop.wait()
        server.shutdown()

    watcher = threading.Thread(target=stop_serving, daemon=True)
    watcher.start()
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C always stops it, even when it was started with SIGINT ignored (a shell starts
        # background jobs so, and children inherit that); `kill` (a service manager, a closed
        # terminal) stops it the same way. Neither raises KeyboardInterrupt: raised while the
        # server hands a new connection to its thread, it made socketserver close that
        # connection under the thread (a traceback, "Bad file descriptor", 3 stops in 10).
        def stop_on_signal(_signum: int, _frame: object) -> None:
            bench.stop.set()

        signal.signal(signal.SIGINT, stop_on_signal)
        signal.signal(signal.SIGTERM, stop_on_signal)
    try:
        # KeyboardInterrupt only where the signal handlers could not be set (not the main thread)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever(poll_interval=0.2)
        say("stopping the preview")
    finally:
        bench.stop.set()
        bench.wake.set()
        with bench.changed:
            bench.changed.notify_all()
        server.server_close()
        builder.join(timeout=30)
    say("preview stopped")


__all__ = ["HOST", "Problem", "Workbench", "serve"]
