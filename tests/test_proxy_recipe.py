"""The README's hosting recipe, run: Debian's nginx in front of `waardenkaart web`, a kit made through both.

The nginx block and the command are read from the README itself, so the recipe a host follows is the
one tested. Only what a test must change is changed: the ports, the log folder (a temporary one), and
around the block the few lines that let nginx run without root's folders (pid, temp paths, error log).
"""

import io
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import TODAY

from waardenkaart.web import create_app

NGINX = next((path for path in ("/usr/sbin/nginx", shutil.which("nginx")) if path and Path(path).exists()), None)
README = Path(__file__).parent.parent / "README.md"
REGENBOOG = {
    "school": "de Regenboog",
    "directeur": "Anna de Vries",
    "team": "24",
    "jaar": "2028",
    "sessie1": "2027-01-12T15:00",
    "sessie2": "2027-02-09T15:00",
}

pytestmark = pytest.mark.skipif(NGINX is None, reason="no nginx at /usr/sbin/nginx: install Debian's nginx (apt-get)")


def recipe() -> tuple[str, list[str]]:
    """The nginx block and the `waardenkaart web` arguments of the README's section on hosting."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Voor veel scholen: op een server") :]
    section = section[: section.index("\n## ", 1)]
    block = re.search(r"```nginx\n(.*?)```", section, re.S).group(1)
    command = re.search(r"```sh\n\.venv/bin/waardenkaart (web .*?)\n```", section, re.S).group(1)
    return block, shlex.split(command)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(600):
        assert process.poll() is None, process.communicate(timeout=10)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """nginx on one free port, the app on another, as the README sets them up; yields (address, log folder)."""
    folder = tmp_path_factory.mktemp("nginx")
    block, arguments = recipe()
    app_port, nginx_port = free_port(), free_port()
    assert "listen 80;" in block and "127.0.0.1:8000" in block and "/var/log/nginx/" in block
    block = block.replace("listen 80;", f"listen 127.0.0.1:{nginx_port};")
    block = block.replace("127.0.0.1:8000", f"127.0.0.1:{app_port}").replace("/var/log/nginx/", f"{folder}/")
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # root's workers would run as nobody, shut out of tmp
        + f"daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        + "events { worker_connections 128; }\n"
        + f"http {{\n    access_log {folder}/access.log;\n{temp}\n{block}\n}}\n"
    )
    assert arguments[:1] == ["web"] and "--proxy" in arguments and arguments[arguments.index("--poort") + 1] == "8000"
    arguments[arguments.index("--poort") + 1] = str(app_port)
    app_log = (folder / "app.log").open("w")
    app = subprocess.Popen(
        [sys.executable, "-m", "waardenkaart", *arguments, "--processen", "1"],
        stdout=subprocess.DEVNULL,
        stderr=app_log,
        cwd=folder,
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(app_port, app)
        wait_for(nginx_port, nginx)
        yield f"http://127.0.0.1:{nginx_port}", folder
    finally:
        nginx.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        app.send_signal(signal.SIGTERM)
        nginx.communicate(timeout=30)
        app.wait(timeout=60)
        app_log.close()


def post(url: str, values: dict) -> tuple[int, dict, bytes]:
    body = urllib.parse.urlencode(values, doseq=True).encode()
    try:
        with urllib.request.urlopen(url, body, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def here(monkeypatch):
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)
    return create_app({"TESTING": True}).test_client()


def test_a_kit_is_made_through_nginx(site, here):
    address, _ = site
    with urllib.request.urlopen(f"{address}/gezond", timeout=30) as response:
        assert response.status == 200 and response.read().startswith(b"in orde")
    status, headers, page = post(f"{address}/", REGENBOOG)
    assert status == 200 and headers["Cache-Control"] == "no-store"
    html = page.decode("utf-8")
    assert "De kit voor de Regenboog, 2028" in html and html.count("data:image/png;base64,") > 30
    status, headers, data = post(f"{address}/kit.zip", REGENBOOG)
    assert (
        status == 200 and headers["Content-Disposition"] == 'attachment; filename="waardenkaart-de-regenboog-2028.zip"'
    )
    assert data == here.post("/kit.zip", data=REGENBOOG).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "waardenkaart-de-regenboog-2028/kaarten-A6-drukbestand.pdf" in archive.namelist()


def test_nginx_refuses_a_request_over_the_upload_limit(site):
    address, _ = site
    status, _, body = post(f"{address}/", {"school": "x" * 100_000})
    assert status == 413 and b"<center>nginx" in body  # nginx's own page: the body never reached the app


def test_neither_log_holds_what_was_typed(site):
    address, folder = site
    post(f"{address}/kit.zip", REGENBOOG)
    time.sleep(0.5)  # nginx writes its line when the response is done
    access = (folder / "waardenkaart.log").read_text()
    app = (folder / "app.log").read_text()
    assert re.search(r" POST /kit\.zip 200 \d+ [0-9.]+$", access, re.M)
    assert re.search(r"Z POST /kit\.zip 200 \d+ [0-9.]+s$", app, re.M)
    for log in (access, app):
        assert "Regenboog" not in log and "Anna" not in log and "127.0.0.1" not in log
