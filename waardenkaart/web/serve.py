"""Running the app: waitress in front, kits made in a pool of worker processes behind it.

One server for every case, on every operating system: the coordinator's own laptop (127.0.0.1, the
browser opened for them) and a hosted site behind a reverse proxy (`--host`, `--proxy`, one worker
process per core). waitress runs alike on Windows, macOS and Linux and keeps slow clients away from
the workers; the workers make the kits, so the kits of several coordinators use every core.
Ctrl-C and SIGTERM close the listening socket, stop the workers and end the command normally;
nothing is kept that could be lost.
"""

import errno
import ipaddress
import logging
import os
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable

from waitress.server import create_server

from ..intake.errors import UserError
from . import create_app
from .limits import cores

HOST = "127.0.0.1"
LIGHT_THREADS = 4  # threads no kit request can take


def serve(
    port: int,
    open_browser: bool,
    announce: Callable[[str], None],
    host: str = HOST,
    processes: int | None = None,
    proxy: bool = False,
) -> None:
    """Serve until Ctrl-C or SIGTERM; `announce` gets the address once the server listens and the workers are ready."""
    processes = processes or cores()
    # N threads make kits and at most 16N wait for a turn (some four seconds of kits per worker, well
    # within the 10 s a request may wait); the threads beyond those stay free for /gezond and light pages.
    waiting = 16 * processes
    app = create_app({"KIT_PROCESSES": processes, "KITS_WAITING": waiting, "PROXY": proxy})
    workers = app.extensions["waardenkaart.workers"]
    log_to_stderr()
    try:
        listening = _listening(host, port)  # bound before waitress starts its threads: a refusal leaves none behind
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
            raise UserError(
                f"Kan niet luisteren op adres {host} ({reason}). Kies met --host een adres van deze computer."
            ) from None
        raise UserError(f"Kan niet luisteren op poort {port} ({reason}). Kies een andere poort met --poort.") from None
    threads = processes + waiting + LIGHT_THREADS
    server = create_server(app, sockets=[listening], threads=threads, ident="waardenkaart")
    url = f"http://{_shown(host)}:{server.effective_port}/"

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop), signal.getsignal(signal.SIGINT)
    try:
        workers.start()
        announce(url)
        if open_browser:
            # webbrowser honours the BROWSER environment variable; a missing browser is no reason to stop.
            threading.Thread(target=webbrowser.open, args=(_local(url, host),), daemon=True).start()
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        # a second Ctrl-C (a terminal sends one to the whole group) must not cut the workers' stop short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            server.close()
            workers.close()
        finally:
            signal.signal(signal.SIGTERM, previous[0])
            signal.signal(signal.SIGINT, previous[1])


def _listening(host: str, port: int) -> socket.socket:
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, protocol, _, address = found[0]
    listening = socket.socket(family, kind, protocol)
    try:
        if os.name == "posix":  # as waitress does: a restart may take the port of a server that just stopped
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError:
        listening.close()
        raise
    return listening


def log_to_stderr() -> None:
    """The access log and unexpected errors, one line each, to standard error (a service manager keeps it)."""
    handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%SZ")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    for name in ("waardenkaart.toegang", "waardenkaart.fouten"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _shown(host: str) -> str:
    """The host as it goes in an address: an IPv6 address in brackets."""
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def _local(url: str, host: str) -> str:
    """The address for a browser on this computer: listening on every address includes 127.0.0.1."""
    return url.replace(f"//{_shown(host)}:", f"//{HOST}:", 1) if host in ("0.0.0.0", "::") else url
