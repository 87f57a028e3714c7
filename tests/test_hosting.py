"""Hosting for many: worker processes, /gezond, the access log, the proxy headers, the privacy page, no fork needed."""

import io
import logging
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import zipfile
import zlib
from multiprocessing import forkserver, resource_tracker
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from conftest import TODAY

from waardenkaart import forked
from waardenkaart.cli import cli
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.profile import build_profile
from waardenkaart.kit import CARD_FILE, make_kit
from waardenkaart.web import create_app, previews
from waardenkaart.web.limits import Busy, KitSlots
from waardenkaart.web.workers import Workers, in_worker, start_method

# Dates given, so that the kit does not depend on today's date in the workers either.
REGENBOOG = {
    "school": "de Regenboog",
    "directeur": "Anna de Vries",
    "team": "24",
    "jaar": "2028",
    "sessie1": "2027-01-12T15:00",
    "sessie2": "2027-02-09T15:00",
    "waarden": ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid"],
}
PALET = {"school": "OBS Het Palet", "directeur": "Bram Jansen", "team": "41", "jaar": "2028"}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)


@pytest.fixture(autouse=True)
def no_helpers_left():
    """After each test, no process or thread of multiprocessing is left in this one: tests that come after
    it in this pytest worker (test_forked.py) count this process's children and threads."""
    yield
    forkserver._forkserver._stop()  # what CPython's own tests call; a no-op when none was started
    resource_tracker._resource_tracker._stop()


@pytest.fixture
def pooled():
    """An app whose kits are made in two worker processes, as `waardenkaart web --processen 2` makes them."""
    app = create_app({"TESTING": True, "KIT_PROCESSES": 2})
    app.extensions["waardenkaart.workers"].start()
    yield app
    app.extensions["waardenkaart.workers"].close()


def zip_of(response) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# -- worker processes


def test_two_kits_made_at_once_in_two_workers_are_the_kits_made_one_by_one(pooled, client):
    alone = [client.post("/kit.zip", data=values).data for values in (REGENBOOG, PALET)]
    together = [None] * 4
    start = threading.Barrier(4)

    def post(index):
        start.wait()
        together[index] = pooled.test_client().post("/kit.zip", data=(REGENBOOG, PALET)[index % 2]).data

    threads = [threading.Thread(target=post, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert together == alone * 2
    assert len(pooled.extensions["waardenkaart.workers"].pids()) == 2


def meet(folder: str, name: str) -> int | None:
    """In a worker: say it is here, then wait (bounded) for the other; its pid when both met, else None."""
    Path(folder, f"{name}-{os.getpid()}").touch()
    for _ in range(600):
        if len(list(Path(folder).iterdir())) >= 2:
            return os.getpid()
        time.sleep(0.05)
    return None


def test_two_pieces_of_work_run_at_once_in_two_processes(pooled, tmp_path):
    """The pool does not take turns: each of two requests' work waits for the other's and both meet."""
    met = [None, None]

    def work(index):
        with pooled.app_context():
            met[index] = in_worker(meet, str(tmp_path), str(index))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert None not in met and met[0] != met[1] and os.getpid() not in met


def test_the_page_downloads_and_larger_pages_from_workers_are_those_made_here(pooled, client):
    for route, extra in [("/", {}), ("/voor-de-drukker.zip", {}), ("/voorbeeld", {"pagina": f"{CARD_FILE}:3"})]:
        here = client.post(route, data={**REGENBOOG, **extra})
        there = pooled.test_client().post(route, data={**REGENBOOG, **extra})
        assert (there.status_code, there.mimetype) == (here.status_code, here.mimetype) == (200, there.mimetype)
        assert there.data == here.data
    assert pooled.test_client().post("/voorbeeld", data={**REGENBOOG, "pagina": f"{CARD_FILE}:999"}).status_code == 404


def test_a_message_for_the_user_comes_back_from_the_worker(pooled):
    """A UserError raised in a worker is raised here, with the message and the field it names."""
    with pytest.raises(UserError) as here:
        build_profile({"team": "veel"})
    with pooled.app_context(), pytest.raises(UserError) as there:
        in_worker(build_profile, {"team": "veel"})
    assert str(there.value) == str(here.value) and there.value.field == here.value.field == "team"


def test_a_worker_that_dies_costs_a_retry_not_the_site(pooled, client):
    workers = pooled.extensions["waardenkaart.workers"]
    os.kill(workers.pids()[0], signal.SIGKILL)
    time.sleep(0.2)
    response = pooled.test_client().post("/kit.zip", data=PALET)
    assert response.status_code == 200
    assert response.data == client.post("/kit.zip", data=PALET).data


def test_kits_beyond_the_workers_wait_then_get_503_with_retry_after():
    app = create_app({"TESTING": True, "KIT_PROCESSES": 1, "KIT_WAIT": 0.2})
    workers = app.extensions["waardenkaart.workers"]
    workers.start()
    try:

        def sleeping():
            with app.app_context():
                in_worker(time.sleep, 2)

        with app.app_context():
            busy = threading.Thread(target=sleeping)
            busy.start()
            time.sleep(0.5)  # the one slot is taken by the sleeping worker
            with pytest.raises(Busy):
                in_worker(time.sleep, 0)
            response = app.test_client().post("/kit.zip", data=PALET)
            assert response.status_code == 503 and response.headers["Retry-After"] == "1"
            busy.join()
            assert in_worker(max, 2, 3) == 3  # the slot is free again
    finally:
        workers.close()


def test_one_waiter_too_many_is_turned_away_at_once_so_threads_stay_free_for_light_pages():
    slots = KitSlots(1, wait=30, waiting=1)
    working, waiting, release = threading.Event(), threading.Event(), threading.Event()
    outcome = []

    def work():
        with slots.taken():
            working.set()
            release.wait(30)

    def wait():
        waiting.set()
        with slots.taken():
            outcome.append("made after waiting")

    first, second = threading.Thread(target=work), threading.Thread(target=wait)
    first.start()
    working.wait(30)
    second.start()
    waiting.wait(30)
    while slots._waiters == 0:  # the second request is in its wait
        time.sleep(0.01)
    with pytest.raises(Busy) as refused:
        with slots.taken():
            pass
    assert refused.value.retry_after == 30 and second.is_alive() and outcome == []
    release.set()
    first.join()
    second.join()
    assert outcome == ["made after waiting"]


def test_workers_start_clean_not_forked_from_the_threaded_server(monkeypatch):
    assert start_method() == ("forkserver" if sys.platform.startswith("linux") else "spawn")
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(sys, "platform", platform)
        assert start_method() == "spawn"


# -- no fork


def test_without_fork_a_kit_is_made_in_one_process_and_by_spawned_workers(monkeypatch):
    """Windows has no os.fork: the CLI's kit is made in this process, the web's workers are spawned."""
    values = {key: value for key, value in PALET.items() if key != "directeur"}
    profile = build_profile(values, today=TODAY)
    expected = make_kit(profile)
    monkeypatch.delattr(os, "fork")
    children_before = set(_children())
    made = forked.make_kit_forked(profile)
    assert made == expected
    assert set(_children()) == children_before  # nothing forked, nothing started
    with monkeypatch.context() as windows:
        windows.setattr(sys, "platform", "win32")
        method = start_method()
    workers = Workers(1, method)
    try:
        workers.start()
        assert workers.run(make_kit, profile) == expected
    finally:
        workers.close()


def _children() -> list[int]:
    try:
        with open(f"/proc/{os.getpid()}/task/{os.getpid()}/children") as listing:
            return [int(pid) for pid in listing.read().split()]
    except OSError:
        return []


# -- for an operator


def test_gezond_answers_200_without_making_a_kit(client, monkeypatch):
    def no_kits(*args, **kwargs):
        raise AssertionError("a kit was made")

    monkeypatch.setattr("waardenkaart.web.views.make_kit", no_kits)
    monkeypatch.setattr("waardenkaart.web.views.make_documents", no_kits)
    response = client.get("/gezond")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("in orde")
    assert client.head("/gezond").status_code == 200


def logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "waardenkaart.toegang"]


def test_one_access_log_line_per_request_and_never_what_was_typed(client, caplog):
    caplog.set_level(logging.DEBUG)  # everything any logger says, not only the access log
    secret = {**REGENBOOG, "krant": "het Geheime Dagblad"}
    client.get("/")
    client.post("/", data=secret)
    client.post("/kit.zip", data=secret)
    client.post("/", data={**secret, "team": "veel"})  # a form with an error
    client.get("/de-regenboog?school=de+Regenboog&directeur=Anna+de+Vries")
    client.get("/stijl.css?directeur=Anna")
    lines = logged(caplog)
    assert [line.split(" ")[:3] for line in lines] == [
        ["GET", "/", "200"],
        ["POST", "/", "200"],
        ["POST", "/kit.zip", "200"],
        ["POST", "/", "422"],
        ["GET", "-", "404"],
        ["GET", "/stijl.css", "200"],
    ]
    for line in lines:
        method, path, status, size, duration = line.split(" ")
        assert size.isdecimal() and duration.endswith("s") and float(duration[:-1]) >= 0
    zipped = client.post("/kit.zip", data=secret, buffered=True)  # read to the end, as a server does
    assert logged(caplog)[-1].split(" ")[3] == str(len(zipped.data))  # the bytes sent
    everything = caplog.text + "\n".join(str(record.args) for record in caplog.records)
    for typed in ("Regenboog", "regenboog", "Anna", "Vries", "Geheime", "veiligheid", "2027-01-12", "veel"):
        assert typed not in everything


def test_an_unexpected_failure_is_logged_without_its_message(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("kon de Regenboog niet maken voor Anna de Vries")

    monkeypatch.setattr("waardenkaart.web.views.make_kit", broken)
    caplog.set_level(logging.DEBUG)
    response = create_app().test_client().post("/kit.zip", data=REGENBOOG, buffered=True)
    assert response.status_code == 500
    errors = [r.getMessage() for r in caplog.records if r.name == "waardenkaart.fouten"]
    assert len(errors) == 1 and errors[0].startswith("POST /kit.zip: builtins.RuntimeError bij ")
    assert " < views.py:" in errors[0]
    assert "Regenboog" not in caplog.text and "Anna" not in caplog.text
    assert logged(caplog) and logged(caplog)[-1].startswith("POST /kit.zip 500 ")


def test_proxy_headers_count_only_when_asked_for():
    headers = {"X-Forwarded-Prefix": "/waardenkaart", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "kit.ggd.nl"}
    trusting = create_app({"PROXY": True}).test_client().get("/", headers=headers).get_data(as_text=True)
    assert 'href="/waardenkaart/stijl.css"' in trusting and 'action="/waardenkaart/"' in trusting
    assert 'action="/waardenkaart/profiel"' in trusting and 'href="/waardenkaart/stap4"' in trusting
    plain = create_app().test_client().get("/", headers=headers).get_data(as_text=True)
    assert 'href="/stijl.css"' in plain and "/waardenkaart/" not in plain


# -- what happens to the data


def test_the_privacy_page_says_what_is_kept_and_logged(client):
    response = client.get("/uw-gegevens")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Wat er met uw gegevens gebeurt · waardenkaart</title>" in html
    for words in ("Niets wordt bewaard", "Algemene verordening gegevensbescherming", "IP-adres", "geen cookies"):
        assert words in html


@pytest.mark.parametrize(
    "method, route, data", [("get", "/", None), ("post", "/", REGENBOOG), ("get", "/bestaat-niet", None)]
)
def test_every_page_links_to_the_privacy_page(client, method, route, data):
    html = getattr(client, method)(route, data=data).get_data(as_text=True)
    assert '<a href="/uw-gegevens">Wat er met uw gegevens gebeurt</a>' in html


# -- cheaper previews


def decoded(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGB pixels of a PNG of this module's kind: filter 0 on every row."""
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    assert (depth, colour) == (8, 2)
    position, data = 8, b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        if png[position + 4 : position + 8] == b"IDAT":
            data += png[position + 8 : position + 8 + length]
        position += 12 + length
    rows = zlib.decompress(data)
    stride = 1 + 3 * width
    assert all(rows[i * stride] == 0 for i in range(height))
    return width, height, b"".join(rows[i * stride + 1 : (i + 1) * stride] for i in range(height))


def test_a_preview_holds_exactly_the_pixels_pdfium_rendered():
    """The faster encoder is lossless: the same readable preview, only compressed with less effort."""
    pdf = make_kit(build_profile({"school": "de Regenboog"}, today=TODAY)).files[CARD_FILE]
    png = previews.render_pages(pdf, [0], previews.THUMBNAIL_WIDTH)[0]
    width, height, pixels = decoded(png)
    page = pdfium.PdfDocument(pdf)[0]
    left, bottom, right, top = page.get_mediabox()
    t_left, t_bottom, t_right, t_top = page.get_trimbox()
    scale = width / (t_right - t_left)
    bitmap = page.render(scale=scale, rev_byteorder=True)
    x, y = round((t_left - left) * scale), round((top - t_top) * scale)
    raw = bytes(bitmap.buffer)
    expected = b"".join(raw[(y + row) * bitmap.stride + 3 * x :][: 3 * width] for row in range(height))
    assert width == previews.THUMBNAIL_WIDTH and pixels == expected
    assert len(set(pixels)) > 2  # a picture, not a blank


# -- the command line


@pytest.mark.parametrize(
    "args, output",
    [
        (["--processen", "0"], "Fout: --processen: het aantal moet tussen 1 en 64 liggen, niet 0.\n"),
        (["--processen", "twee"], "Fout: --processen: het aantal moet een geheel getal zijn, niet 'twee'.\n"),
        (["--processen", "-1"], "Fout: --processen: het aantal moet een geheel getal zijn, niet '-1'.\n"),
    ],
)
def test_a_bad_number_of_processes_is_a_usage_error(args, output):
    result = CliRunner().invoke(cli, ["web", *args])
    assert result.exit_code == 2
    assert result.output.endswith(output)


@pytest.mark.parametrize(
    "host, message",
    [
        ("192.0.2.1", "Fout: Kan niet luisteren op adres 192.0.2.1 ("),  # an address of another computer
        ("naam.invalid", "Fout: Kan niet luisteren op adres naam.invalid ("),  # a name that is no address
    ],
)
def test_an_address_not_of_this_computer_gets_a_dutch_message_and_leaves_nothing_running(host, message):
    threads = threading.active_count()
    result = CliRunner().invoke(cli, ["web", "--host", host, "--geen-browser", "--processen", "1"])
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert result.output.endswith("). Kies met --host een adres van deze computer.\n")
    assert threading.active_count() == threads  # no server threads, no workers: the address is tried first


def test_help_names_the_hosting_options_in_dutch():
    result = CliRunner().invoke(cli, ["web", "--help"])
    for option in ("--host ADRES", "--processen AANTAL", "--proxy", "--poort NUMMER"):
        assert option in result.output
    assert "één per processorkern" in result.output


# -- the real server


def test_waardenkaart_web_with_two_processes_makes_the_kits_made_one_by_one_and_stops_on_ctrl_c(tmp_path, client):
    """Through `waardenkaart web --processen 2`: two kits at once, then Ctrl-C in a terminal (to the whole group)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "waardenkaart", "web", "--poort", str(port), "--geen-browser", "--processen", "2"]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, start_new_session=True
    )
    try:
        announced = server.stdout.readline() + server.stdout.readline()
        assert announced == f"waardenkaart draait op http://127.0.0.1:{port}/\nStop met Ctrl-C.\n"
        together = [None] * 2
        start = threading.Barrier(2)

        def post(index):
            body = urllib.parse.urlencode((REGENBOOG, PALET)[index], doseq=True).encode()
            start.wait()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/kit.zip", body, timeout=120) as response:
                together[index] = response.read()

        threads = [threading.Thread(target=post, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # the frozen date is this process's; the kit's dates are all given, so the server's own date is moot
        assert together == [client.post("/kit.zip", data=values).data for values in (REGENBOOG, PALET)]
        workers = subprocess.run(["pgrep", "-g", str(server.pid)], capture_output=True, text=True).stdout.split()
        assert len(workers) >= 4  # the server, the fork server, two workers (and multiprocessing's tracker)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        out, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert out == "waardenkaart is gestopt.\n"
    assert "Traceback" not in err and "Regenboog" not in err and "Palet" not in err
    assert [line.split(" ")[1:4] for line in err.splitlines()] == [["POST", "/kit.zip", "200"]] * 2
    for _ in range(100):  # the workers end with the server; wait for them, without a timed assertion
        if subprocess.run(["pgrep", "-g", str(server.pid)], capture_output=True).returncode == 1:
            break
        time.sleep(0.1)
    assert subprocess.run(["pgrep", "-g", str(server.pid)], capture_output=True).returncode == 1
