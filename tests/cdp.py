"""Drive headless Chromium over its DevTools pipe: open a page, read its DOM, poll it.

`--remote-debugging-pipe` talks JSON messages ended by NUL over file descriptors 3 (to
Chromium) and 4 (from it), so a test can keep a page open while it changes files on disk and
ask the live DOM what it shows, with nothing beyond the standard library.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from .output.test_catalogue import CHROMIUM_FLAGS


class ProtocolError(AssertionError):
    """Chromium answered a command with an error."""


class Browser:
    def __init__(self, profile: Path, timeout: float):
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        if found is None:
            pytest.skip("chromium is not installed (make test installs it)")
        self.timeout = timeout
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Out of the way of 3 and 4, which the child must get.
        high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def wire() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [
                found,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(3, 4),
            preexec_fn=wire,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(high_r)
        os.close(high_w)
        self._buffer = b""
        self._next_id = 0
        self.session = ""

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next_id:
                    if "error" in reply:
                        raise ProtocolError(f"{method}: {reply['error']}")
                    return dict(reply.get("result", {}))
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"chromium did not answer {method} in {self.timeout} s")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 65536)
                if not chunk:
                    raise AssertionError("chromium closed its DevTools pipe")
                self._buffer += chunk

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", {"url": url})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session
        )
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, tries: int = 1200, pause: float = 0.25) -> Any:
        """Evaluate until truthy, at most `tries` times; fail with the page's state if never."""
        value = None
        for _ in range(tries):
            try:
                value = self.evaluate(expression)
            except ProtocolError:
                value = None  # the page was between documents (it reloads itself): ask again
            if value:
                return value
            time.sleep(pause)
        text = self.evaluate("document.body ? document.body.innerText.slice(0, 2000) : ''")
        raise AssertionError(f"never true: {expression}\npage shows:\n{text}")

    def close(self) -> None:
        try:
            os.close(self._to_chrome)
            os.close(self._from_chrome)
        finally:
            self.process.kill()
            self.process.wait(timeout=self.timeout)
