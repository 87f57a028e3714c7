"""One line per request for whoever runs the site: method, path, status, size and duration, nothing a school typed.

The line is made from the request line and the response alone. What a coordinator types travels in
POST bodies, which are never read here; a query string is never written; a path that is no route of
the app (anyone may type anything after the slash) is written as "-", and so is an unknown method.
No client address either: the log holds nothing about a person.
"""

import logging
import os
import time

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, RequestRedirect

log = logging.getLogger("waardenkaart.toegang")
METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}


class AccessLog:
    """WSGI middleware: after the last byte of each response, one line to the `waardenkaart.toegang` logger."""

    def __init__(self, app, routes: Map):
        self.app = app
        self.routes = routes

    def __call__(self, environ, start_response):
        start = time.perf_counter()
        status = ["-"]

        def starting(line, headers, exc_info=None):
            status[0] = line.split(" ", 1)[0]
            return start_response(line, headers, exc_info)

        body = self.app(environ, starting)
        size = 0
        try:
            for chunk in body:
                size += len(chunk)
                yield chunk
        finally:
            if hasattr(body, "close"):
                body.close()
            method = environ.get("REQUEST_METHOD", "")
            log.info(
                "%s %s %s %d %.3fs",
                method if method in METHODS else "-",
                self._route(environ, method),
                status[0],
                size,
                time.perf_counter() - start,
            )

    def _route(self, environ, method: str) -> str:
        """The path when the app has a route for it, else "-"."""
        path = environ.get("PATH_INFO", "") or "/"
        try:
            self.routes.bind("log", script_name=environ.get("SCRIPT_NAME") or None).match(path, method=method or None)
        except (MethodNotAllowed, RequestRedirect):
            pass  # a route of the app, asked with another method or without its trailing slash
        except (NotFound, HTTPException):
            return "-"
        return environ.get("SCRIPT_NAME", "") + path


def without_data(exc_info) -> str:
    """An unexpected error for the log: its type and where it happened, never its message (it may quote a form)."""
    kind, _, trace = exc_info
    places = []
    while trace is not None:
        code = trace.tb_frame.f_code
        places.append(f"{os.path.basename(code.co_filename)}:{trace.tb_lineno} ({code.co_name})")
        trace = trace.tb_next
    return f"{kind.__module__}.{kind.__qualname__} bij " + " < ".join(reversed(places))
