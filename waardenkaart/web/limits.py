"""At most as many kits in the making as there are workers (or cores); one more waits briefly, then gets 503.

The waiting can be bounded too: a server with a fixed number of threads (waitress) keeps some free
for the light pages (/gezond, the stylesheet) by turning away, at once, a kit request that would be
one waiter too many.
"""

import os
import threading
from contextlib import contextmanager


class Busy(Exception):
    """Every slot stayed taken for the whole wait: the client should try again after `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"busy, retry after {retry_after} s")
        self.retry_after = retry_after


def cores() -> int:
    """The cores this process may use (not all of the machine's, in a container or under taskset)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class KitSlots:
    def __init__(self, slots: int, wait: float, waiting: int | None = None):
        self.slots = slots
        self.wait = wait
        self.waiting = waiting  # None: any number of requests may wait
        self._free = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._waiters = 0

    @contextmanager
    def taken(self):
        if not self._free.acquire(blocking=False):
            with self._lock:
                refused = self.waiting is not None and self._waiters >= self.waiting
                self._waiters += not refused
            if refused:
                raise Busy(retry_after=max(1, round(self.wait)))
            try:
                if not self._free.acquire(timeout=self.wait):
                    raise Busy(retry_after=max(1, round(self.wait)))
            finally:
                with self._lock:
                    self._waiters -= 1
        try:
            yield
        finally:
            self._free.release()
