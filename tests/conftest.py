"""Shared fixtures: kits made once per test session with a frozen date, and the reference switch.

Reference renderings live in tests/references/; `pytest --regenerate-references` rewrites them.
"""

from datetime import date

import pytest

from waardenkaart.kit import make_kit
from waardenkaart.profile import build_profile

TODAY = date(2026, 11, 24)
# 60 characters: the longest school name the profile accepts.
LONG_SCHOOL = "Openbare Basisschool Het Palet aan de Wilhelminaweg, Utrecht"
LONG_PROFILE = {
    "school": LONG_SCHOOL,
    "directeur": "Maximiliaan Wolfswinkel-Hoogeveen van Wé",
    "krant": "de Leeuwarder Courant Weekblad",
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
    "sector": "vo",
}


# The files of a kit without the team's values, in the order `maak` lists them.
KIT_FILES = [
    "kaarten-A6-drukbestand.pdf",
    "kaarten-A4-vellen.pdf",
    "kalibratievel-A4.pdf",
    "drukopdracht.pdf",
    "tabellen-sessie2-A4.pdf",
    "draaiboek-sessie1-A4.pdf",
    "draaiboek-sessie2-A4.pdf",
    "paklijst-A4.pdf",
    "poster-cyclus-A3.pdf",
    "bestellijst.csv",
    "LEESMIJ.txt",
]


def pytest_addoption(parser):
    parser.addoption(
        "--regenerate-references",
        action="store_true",
        help="rewrite tests/references/ from the current output instead of comparing",
    )


@pytest.fixture(scope="session")
def regenerate(request) -> bool:
    return request.config.getoption("--regenerate-references")


def kit_for(values=None, **options):
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
    return kit_for({"school": "de Regenboog", "snijtekens": True, "verschuif_x": 1.5, "verschuif_y": -0.5, "team": 41})
