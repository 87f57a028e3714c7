"""`waardenkaart web`: starts on 127.0.0.1, opens the browser named in BROWSER, stops on SIGTERM and Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from waardenkaart.cli import cli


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(tmp_path: Path, *args: str, browser: str | None = None) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("BROWSER", None)
    if browser:
        env["BROWSER"] = browser
    process = subprocess.Popen(
        [sys.executable, "-m", "waardenkaart", "web", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    # both announced lines: communicate() later reads the pipe itself, past Python's buffer
    announced = process.stdout.readline() + process.stdout.readline()
    return process, announced


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_server_answers_opens_the_browser_and_stops_cleanly(tmp_path, stop):
    port = free_port()
    seen = tmp_path / "browser.txt"
    recorder = f'{sys.executable} -c "import sys, pathlib; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])" {seen} %s'
    process, first = start(tmp_path, "--poort", str(port), browser=recorder)
    try:
        assert first == f"waardenkaart draait op http://127.0.0.1:{port}/\nStop met Ctrl-C.\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200 and "Maak de kit voor uw school" in response.read().decode()
        for _ in range(300):  # the browser is opened beside the server; wait for it, without a timed assertion
            if seen.exists() and seen.read_text():
                break
            time.sleep(0.1)
        assert seen.read_text() == f"http://127.0.0.1:{port}/"
    finally:
        process.send_signal(stop)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out == "waardenkaart is gestopt.\n"
    assert "Traceback" not in err
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_without_a_browser_none_is_opened(tmp_path):
    port = free_port()
    seen = tmp_path / "browser.txt"
    recorder = f'{sys.executable} -c "import sys, pathlib; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])" {seen} %s'
    process, first = start(tmp_path, "--poort", str(port), "--geen-browser", browser=recorder)
    try:
        assert first == f"waardenkaart draait op http://127.0.0.1:{port}/\nStop met Ctrl-C.\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stijl.css", timeout=30) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0 and not seen.exists()


def test_a_port_in_use_gets_a_dutch_message():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["web", "--poort", str(port), "--geen-browser"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Fout: Kan niet luisteren op poort {port} (")
    assert result.output.endswith("). Kies een andere poort met --poort.\n")


@pytest.mark.parametrize(
    "args, output",
    [
        (["--poort", "0"], "Fout: --poort: het poortnummer moet tussen 1 en 65535 liggen, niet 0.\n"),
        (["--poort", "acht"], "Fout: --poort: het poortnummer moet een geheel getal zijn, niet 'acht'.\n"),
        (["--poort", "²"], "Fout: --poort: het poortnummer moet een geheel getal zijn, niet '²'.\n"),
    ],
)
def test_a_bad_port_is_a_usage_error(args, output):
    result = CliRunner().invoke(cli, ["web", *args])
    assert result.exit_code == 2
    assert result.output.endswith(output)


def test_help_is_dutch():
    result = CliRunner().invoke(cli, ["web", "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: waardenkaart web [OPTIES]\n")
    assert "Open geen browser." in result.output and "Stop met Ctrl-C." in result.output
