"""The coordinator's web app: one Dutch form, previews of the kit, downloads. A thin layer over make_kit.

Safe to host: nothing is stored, no request names a file, requests are small, the kits in the
making are limited (to the worker processes, or the cores) and the access log holds no data a school
typed. Flask makes the app; waitress serves it (see serve.py); kits are made in workers.py's pool.
"""

import base64
import logging

from flask import Flask, render_template, request
from werkzeug.middleware.proxy_fix import ProxyFix

from . import service
from .accesslog import AccessLog, without_data
from .limits import Busy, KitSlots, cores
from .scholen import blueprint as schools_blueprint
from .stap4 import blueprint as step4_blueprint
from .views import blueprint
from .workers import Workers

MAX_REQUEST = 64 * 1024  # bytes: a profile file is a few hundred, the whole form a few thousand
# A strict policy: only this app's own stylesheet, images only from the page itself (data: previews).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def create_app(config: dict | None = None) -> Flask:
    """The app. `config` may set

    - KIT_PROCESSES: make kits in a pool of that many worker processes (None, the default: in the
      request's thread); the caller starts and closes the pool: `app.extensions["waardenkaart.workers"]`;
    - KITS_AT_ONCE: kits in the making at once (default: the worker processes, or the cores);
    - KIT_WAIT: seconds a request waits for its turn before the 503;
    - KITS_WAITING: requests that may wait for a turn at once; one more gets the 503 at once (default: any);
    - PROXY: trust the X-Forwarded-For/-Proto/-Host/-Port/-Prefix headers of one proxy in front.
    """
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST, MAX_FORM_PARTS=200, KIT_PROCESSES=None, KIT_WAIT=10.0)
    app.config.update(PROXY=False)
    app.config.update(config or {})
    processes = app.config["KIT_PROCESSES"]
    app.config.setdefault("KITS_AT_ONCE", processes or cores())
    if processes:
        app.extensions["waardenkaart.workers"] = Workers(processes)
    app.extensions["waardenkaart.slots"] = KitSlots(
        app.config["KITS_AT_ONCE"], app.config["KIT_WAIT"], app.config.get("KITS_WAITING")
    )
    app.register_blueprint(blueprint)
    app.register_blueprint(step4_blueprint)
    app.register_blueprint(schools_blueprint)
    app.register_blueprint(service.blueprint)
    app.wsgi_app = AccessLog(app.wsgi_app, app.url_map)
    if app.config["PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)
    app.log_exception = lambda exc_info: _errors.error(
        "%s %s: %s", request.method, request.url_rule or "-", without_data(exc_info)
    )
    app.jinja_env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if response.mimetype != "text/css":  # what a school filled in stays out of every cache
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(Busy)
    def busy(error: Busy):
        page = render_template("melding.html", title="Even geduld", status=503, retry=error.retry_after)
        return page, 503, {"Retry-After": str(error.retry_after)}

    @app.errorhandler(400)
    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(413)
    @app.errorhandler(500)
    def http_error(error):
        code = getattr(error, "code", 500)
        return render_template("melding.html", title=TITLES.get(code, TITLES[500]), status=code), code

    return app


_errors = logging.getLogger("waardenkaart.fouten")

TITLES = {
    400: "Dit verzoek begrijpt het programma niet",
    404: "Deze pagina bestaat niet",
    405: "Deze pagina bestaat niet",
    413: "Dit is te veel om te versturen",
    500: "Er ging iets mis",
}
