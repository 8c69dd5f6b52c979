"""Ctrl-C and SIGTERM ask a batch to stop; a second one stops it at once (run/stopping.py)."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from builder.run.stopping import Stopped, StopRequest, stop_when_asked

from ..conftest import MiniProject


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


@pytest.mark.parametrize(("at", "cancelled"), [(0, 3), (3, 0)])
def test_a_batch_in_process_finishes_the_document_in_hand(
    mini: MiniProject, at: int, cancelled: int
) -> None:
    """--jobs 1: SIGTERM while the first of four documents is typeset lets it finish and
    cancels the rest; while the last is typeset, nothing is left to stop (no stopped_by)."""
    from builder import pipeline
    from builder.plan.request import BuildRequest
    from builder.run.batch import BatchOptions
    from builder.run.events import Event, Started

    started: list[str] = []

    def listener(event: Event) -> None:
        if isinstance(event, Started):
            if len(started) == at:
                os.kill(os.getpid(), signal.SIGTERM)
            started.append(event.path)

    request = BuildRequest(root=mini.root, out=mini.root / "out")
    report = pipeline.build(request, BatchOptions(jobs=1), listener)
    assert len(report.built) == 4 - cancelled and len(report.cancelled) == cancelled
    assert report.stopped_by == ("SIGTERM" if cancelled else "")
    assert all(c.errors[0].code == "CP7205" for c in report.cancelled)
