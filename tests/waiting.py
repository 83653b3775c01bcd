"""Waiting in tests that drive real processes (workers, servers): poll a condition until it holds or time runs out."""

from __future__ import annotations

import time


def wait_for(condition, timeout: float, what, interval: float = 0.5):
    """The first truthy value ``condition()`` returns within ``timeout`` seconds; else fail, saying ``what`` (a text,
    or a callable giving one, read only when the wait fails)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
