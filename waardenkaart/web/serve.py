"""Running the app on the coordinator's own computer: waitress on 127.0.0.1, the browser opened for them.

waitress is a real WSGI server that runs alike on Windows, macOS and Linux. Ctrl-C and SIGTERM close
the listening socket and end the command normally; nothing is kept that could be lost.
"""

import signal
import threading
import webbrowser
from collections.abc import Callable

from waitress.server import create_server

from ..intake.errors import UserError
from . import create_app
from .limits import cores

HOST = "127.0.0.1"


def serve(port: int, open_browser: bool, announce: Callable[[str], None]) -> None:
    """Serve until Ctrl-C or SIGTERM; `announce` gets the address, once the server listens."""
    try:
        server = create_server(create_app(), host=HOST, port=port, threads=max(4, 2 * cores()), ident="waardenkaart")
    except OSError as exc:
        raise UserError(
            f"Kan niet luisteren op poort {port} ({exc.strerror or exc}). Kies een andere poort met --poort."
        ) from None
    url = f"http://{HOST}:{server.effective_port}/"
    announce(url)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    if open_browser:
        # webbrowser honours the BROWSER environment variable; a missing browser is no reason to stop.
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        signal.signal(signal.SIGTERM, previous)
