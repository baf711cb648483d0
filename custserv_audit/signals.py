"""Signals: SIGTERM and SIGHUP stop a command as Ctrl-C does, so temporary files are removed
and answers typed so far stay saved; worker processes leave Ctrl-C to the main process."""

from __future__ import annotations

import signal
from types import FrameType


class Terminated(KeyboardInterrupt):
    """A command stopped by a signal; the exit code is 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _raise(signum: int, _frame: FrameType | None) -> None:
    # Once is enough: a second signal during clean-up must not interrupt the clean-up.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    raise Terminated(signum)


def stop_like_ctrl_c() -> None:
    """Make SIGTERM and SIGHUP raise `Terminated` (a KeyboardInterrupt) in the main thread."""
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, _raise)


_STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def quiet_worker() -> None:
    """In a worker process: Ctrl-C, SIGTERM and SIGHUP may reach the whole process group, but
    only the main process reacts; it closes the pool, and each worker ends after its unit."""
    for sig in _STOPS:
        signal.signal(sig, signal.SIG_IGN)
