"""Kits made in worker processes, so that the kits of several coordinators use every core.

waitress serves each request in a thread; Python's global interpreter lock lets only one of those
threads make a kit at a time. With a pool the thread hands the work (a function of this package and
its arguments, all picklable) to one of N processes and waits. Each process loads content, layouts
and fonts once, when it starts, and then makes one kit after another, so a kit made there is byte for
byte the kit made here.

The processes are started clean, never forked from the serving process and its threads: by a fork
server where the operating system has `fork` (Linux), by spawning elsewhere (Windows, macOS). A
process that dies (killed, out of memory) costs its request one retry on a fresh pool, not the site.
"""

import multiprocessing
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from flask import current_app

from ..kit import default_maker


def start_method() -> str:
    """forkserver on Linux; spawn where fork is missing (Windows) or frowned upon (macOS)."""
    if sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods():
        return "forkserver"
    return "spawn"


class Workers:
    """A pool of `processes` worker processes; `run` makes one piece of work there and returns its result."""

    def __init__(self, processes: int, method: str | None = None):
        self.processes = processes
        self._context = multiprocessing.get_context(method or start_method())
        if self._context.get_start_method() == "forkserver":
            # the server imports the library once; every worker it forks starts with it imported
            self._context.set_forkserver_preload(["waardenkaart.web.views"])
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start every process and load content, layouts and fonts in each: the first kit is as fast as the next."""
        pool = self._current()  # each submit while no process is idle starts one more, up to the pool's size
        for future in [pool.submit(int) for _ in range(self.processes)]:
            future.result()

    def run(self, function: Callable, *args):
        """`function(*args)` in a worker; its exception (a UserError for the user, say) is raised here."""
        pool = self._current()
        try:
            return pool.submit(function, *args).result()
        except BrokenProcessPool:
            self._renew(pool)
            return self._current().submit(function, *args).result()

    def pids(self) -> list[int]:
        """The worker processes' ids, for an operator or a benchmark that watches their memory."""
        pool = self._pool
        return sorted(pool._processes) if pool is not None else []  # noqa: SLF001 - the executor has no public list

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.processes, mp_context=self._context, initializer=_started)
            return self._pool

    def _renew(self, broken: ProcessPoolExecutor) -> None:
        """Replace a pool whose process died, once, however many requests saw it die."""
        with self._lock:
            if self._pool is broken:
                self._pool = None
        broken.shutdown(wait=False, cancel_futures=True)


def _started() -> None:
    """In each worker as it starts: Ctrl-C is for the serving process, which stops the pool in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    default_maker()


def in_worker(function: Callable, *args):
    """`function(*args)` within one of the app's slots for kits: in a worker process, or here without a pool.

    The slot (limits.py) keeps the kits in the making to the pool's size and answers 503 beyond the wait.
    """
    with current_app.extensions["waardenkaart.slots"].taken():
        workers = current_app.extensions.get("waardenkaart.workers")
        return function(*args) if workers is None else workers.run(function, *args)
