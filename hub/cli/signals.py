"""SIGTERM and SIGINT stop `hub serve` cleanly: uvicorn drains the requests in flight, then the local Neo4j
the hub started is stopped, and the command exits 0."""

from __future__ import annotations

import signal
from types import FrameType

STOP = (signal.SIGTERM, signal.SIGINT)


class Stopping(BaseException):
    """A stop signal came: unwind (like KeyboardInterrupt, past `except Exception`) and clean up."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Stopping(signal.Signals(signum).name)


def stop_on_signals() -> None:
    """From now on SIGTERM and SIGINT raise `Stopping`. While uvicorn serves, its own handlers catch them
    and drain; once it has, it signals again, which lands here."""
    for signum in STOP:
        signal.signal(signum, _stop)


def ignore_signals() -> None:
    """While cleaning up: a second signal must not cut the clean-up short."""
    for signum in STOP:
        signal.signal(signum, signal.SIG_IGN)
