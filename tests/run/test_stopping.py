"""Ctrl-C and SIGTERM ask a batch to stop; a second one stops it at once (run/stopping.py)."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from builder.run.stopping import Stopped, StopRequest, stop_when_asked


@pytest.mark.parametrize("first", [signal.SIGINT, signal.SIGTERM])
def test_the_first_signal_asks_the_second_stops_and_the_handlers_come_back(
    first: signal.Signals,
) -> None:
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    with pytest.raises(Stopped) as stopped, stop_when_asked() as request:
        os.kill(os.getpid(), first)
        assert request.asked and request.name == first.name
        os.kill(os.getpid(), signal.SIGINT)
    assert stopped.value.signum == signal.SIGINT
    assert {sig: signal.getsignal(sig) for sig in before} == before


def test_outside_the_main_thread_nothing_is_changed() -> None:
    seen: list[StopRequest] = []
    handlers: list[object] = []

    def inside() -> None:
        with stop_when_asked() as request:
            seen.append(request)
            handlers.append(signal.getsignal(signal.SIGTERM))

    before = signal.getsignal(signal.SIGTERM)
    thread = threading.Thread(target=inside)
    thread.start()
    thread.join(10)
    assert seen and not seen[0].asked and handlers == [before]
