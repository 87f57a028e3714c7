"""Shared fixtures: kits made once per test session with a frozen date, and the reference switch.

A kit is a pure function of its profile, so every test that asks for the same profile shares one kit
(`kit_for`); only the reproducibility tests make theirs anew (`fresh_kit`). Reference renderings live
in tests/references/; `pytest --regenerate-references` rewrites them, never in CI.
"""

import os
import shutil
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import settings

from waardenkaart.intake.profile import Profile, build_profile
from waardenkaart.kit import Kit, make_kit

# Hypothesis draws the same examples on every run ("vast", the default), so that a red run can be run again
# and a green one means the same each time; a case it once found stays as an @example beside its test.
# HYPOTHESIS_PROFILE=verkennen draws new examples, to look for cases on purpose.
settings.register_profile("vast", derandomize=True)
settings.register_profile("verkennen", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "vast"))

TODAY = date(2026, 11, 24)
# 60 characters: the longest school name the profile accepts.
LONG_SCHOOL = "Openbare Basisschool Het Palet aan de Wilhelminaweg, Utrecht"
LONG_PROFILE = {
    "school": LONG_SCHOOL,
    "directeur": "Maximiliaan Wolfswinkel-Hoogeveen van Wé",
    "krant": "de Leeuwarder Courant Weekblad",
    "jaar": 2028,  # a known year: the neutral kit shows the handbook's "20__"
    # six values of the longest length the profile accepts (24 characters)
    "waarden": [
        "verantwoordelijk gedrag",
        "samen leren en ontdekken",
        "veilig en geborgen zijn",
        "respect voor de ander",
        "plezier in leren en werk",
        "zelfstandig leren werken",
    ],
    "waarden_ouders": [
        "verbondenheid met elkaar",
        "nieuwsgierigheid",
        "creativiteit",
        "eerlijkheid",
        "doorzettingsvermogen",
        "vertrouwen",
        "rust en structuur",
        "gezondheid",
        "humor",
        "betrokkenheid van ouders",
    ],
}


# A school with both sessions planned: run-sheets with clock times, tables that name the day.
SESSIONS_PROFILE = {"school": "de Regenboog", "team": 20, "sessie1": "2027-01-12 15:00", "sessie2": "2027-02-09 15:30"}
MARKED_PROFILE = {
    "school": "de Regenboog",
    "jaar": 2028,
    "snijtekens": True,
    "verschuif_x": 1.5,
    "verschuif_y": -0.5,
    "team": 41,
}

# The files of a kit without the team's values, in the order `maak` lists them.
KIT_FILES = [
    "kaarten-A6-drukbestand.pdf",
    "kaarten-A4-vellen.pdf",
    "kalibratievel-A4.pdf",
    "drukopdracht.pdf",
    "tabellen-sessie2-A4.pdf",
    "tabel1-sessie2.xlsx",
    "draaiboek-sessie1-A4.pdf",
    "draaiboek-sessie2-A4.pdf",
    "paklijst-A4.pdf",
    "poster-cyclus-A3.pdf",
    "bestellijst.csv",
    "LEESMIJ.txt",
]

# Copies of each card of the neutral kit, in the order of the card file, as the handbook's rules give
# them for a team: 1 per facilitator, 1 per pair, 1 per group, 1 per value, 2 "Ja, en" cards per participant.
ORDER_COPIES = {
    1: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2],
    7: [1, 4, 4, 1, 1, 1, 2, 2, 1, 1, 1, 1, 5, 5, 1, 14],
    20: [1, 10, 10, 1, 1, 1, 5, 5, 1, 1, 1, 1, 5, 5, 1, 40],
    41: [1, 21, 21, 1, 1, 1, 11, 11, 1, 1, 1, 1, 5, 5, 1, 82],
}


def pytest_addoption(parser):
    parser.addoption(
        "--regenerate-references",
        action="store_true",
        help="rewrite tests/references/ from the current output instead of comparing",
    )


def pytest_configure(config):
    """On CI the references are compared, never rewritten: a rewrite there would pass any change unseen."""
    if config.getoption("--regenerate-references") and os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        raise pytest.UsageError(
            "--regenerate-references werkt niet op CI (CI=true): de referenties worden daar vergeleken."
        )


@pytest.fixture(scope="session")
def regenerate(request) -> bool:
    return request.config.getoption("--regenerate-references")


_KITS: dict[Profile, Kit] = {}


def cached_make_kit(profile: Profile, maker=None) -> Kit:
    """make_kit, once per distinct profile in a test session; a drop-in for the CLI tests too."""
    if maker is not None:
        return make_kit(profile, maker)
    if profile not in _KITS:
        kit = make_kit(profile)
        _KITS[profile] = Kit(kit.name, MappingProxyType(kit.files))  # read-only: no test can spoil another's
    return _KITS[profile]


def kit_for(values=None, **options) -> Kit:
    """The kit for a profile (file values and options as `maak` takes them), shared between tests."""
    return cached_make_kit(build_profile(values or {}, options, today=TODAY))


def fresh_kit(values=None, **options) -> Kit:
    """A kit made anew, for the tests that check that the same input gives the same bytes."""
    return make_kit(build_profile(values or {}, options, today=TODAY))


@pytest.fixture(scope="session")
def neutral_kit():
    return kit_for()


@pytest.fixture(scope="session")
def long_kit():
    return kit_for(LONG_PROFILE)


@pytest.fixture(scope="session")
def marked_kit():
    """Crop marks on, a duplex offset and a team of 41: the other switches of the print files."""
    return kit_for(MARKED_PROFILE)


# --- the real browser (tests/test_web_browser*.py) -------------------------------------------------------

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)
# The machine may have no network: keep Chromium from reaching out for updates, sync or field trials.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium at /usr/bin/chromium: install Debian's chromium package (apt-get)"
)


@pytest.fixture(scope="module")
def address():
    """The app as `waardenkaart web` serves it, on a free port."""
    import threading

    from waitress.server import create_server

    from waardenkaart.web import create_app

    server = create_server(create_app(), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/"
    server.close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api

    with sync_api.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# --- the command line and the web app as a user meets them ------------------------------------------------


@pytest.fixture
def run(tmp_path, monkeypatch):
    """`waardenkaart …` in an empty folder of its own, on the tests' frozen day; returns click's result."""
    from click.testing import CliRunner

    from waardenkaart.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)
    return lambda *args: CliRunner().invoke(cli, list(args))


@pytest.fixture
def client():
    """Flask's test client of a fresh app."""
    from waardenkaart.web import create_app

    return create_app({"TESTING": True}).test_client()


# Each session's clock times and length for a team of 8, 24 and 60 starting at 15.00, as the `maak` summary and
# the web result say them: the handbook's 120 minutes, and past it by how much and what shortens it.
PROGRAMME_LENGTHS = [
    (8, ["Sessie 1: 15.00–16.59, 119 minuten", "Sessie 2: 15.00–16.55, 115 minuten"]),
    (
        24,
        [
            "Sessie 1: 15.00–17.07, 127 minuten: 7 langer dan de 120 van het handboek "
            "(6 groepjes presenteren 2 minuten; met groepjes van 6 zijn het er 4)",
            "Sessie 2: 15.00–16.55, 115 minuten",
        ],
    ),
    (
        60,
        [
            "Sessie 1: 15.00–17.25, 145 minuten: 25 langer dan de 120 van het handboek "
            "(15 groepjes presenteren 2 minuten; met groepjes van 6 zijn het er 10)",
            "Sessie 2: 15.00–16.55, 115 minuten",
        ],
    ),
]
