"""The per-document time limit.

In the main thread an interval timer interrupts even a parser stuck inside one call; in
other threads (Streamlit runs scripts in one) the readers call `check()` between pages.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager



class TimeLimitExceeded(BaseException):
    """Raised from the timer. A BaseException, so that a parser's `except Exception` cannot
    swallow it; `load_document` turns it into an InputError."""


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expires = time.monotonic() + seconds

    def reason(self) -> str:
        return f"took longer than the {self.seconds:g} s time limit for one document"

    def check(self) -> None:
        if time.monotonic() > self.expires:
            raise TimeLimitExceeded(self.reason())


@contextmanager
def deadline(seconds: float):
    limit = Deadline(seconds)
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if not use_alarm:
        yield limit
        return

    def on_alarm(signum, frame):
        raise TimeLimitExceeded(limit.reason())

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield limit
        limit.check()  # in case a parser swallowed the timer's exception
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
