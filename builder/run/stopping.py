"""Stopping a batch on request: Ctrl-C or SIGTERM finishes the documents in progress first.

`kill`, `timeout` and a cancelled CI job send SIGTERM; a terminal sends SIGINT. Either one
stops the batch from handing out more documents: those already being typeset are finished and
recorded (each takes seconds, well inside the grace a CI runner gives before SIGKILL), the rest
are reported as cancelled, and manifest.json and index.html are written as after any run, so
the folder says exactly what is on disk. A second signal stops at once, as before (the next run
then picks up the journal, as after `kill -9`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(KeyboardInterrupt):
    """A second signal: stop now. Carries which signal, for the exit code (128 + it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass
class StopRequest:
    signum: int | None = None  # the signal that asked the batch to stop, once one has

    @property
    def asked(self) -> bool:
        return self.signum is not None

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name if self.signum is not None else ""


@contextmanager
def stop_when_asked() -> Iterator[StopRequest]:
    """While inside, SIGINT and SIGTERM set the request instead of interrupting; a second one
    raises Stopped. Outside the main thread (where no handler can be set) nothing changes."""
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return

    def ask(signum: int, frame: FrameType | None) -> None:
        if request.asked:
            raise Stopped(signum)
        request.signum = signum

    before = {sig: signal.signal(sig, ask) for sig in SIGNALS}
    try:
        yield request
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
