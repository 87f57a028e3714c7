"""At most as many kits in the making as there are cores; a request beyond that waits briefly, then gets 503."""

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
    def __init__(self, slots: int, wait: float):
        self.slots = slots
        self.wait = wait
        self._free = threading.BoundedSemaphore(slots)

    @contextmanager
    def taken(self):
        if not self._free.acquire(timeout=self.wait):
            raise Busy(retry_after=max(1, round(self.wait)))
        try:
            yield
        finally:
            self._free.release()
