"""Step 4 in a real browser (Debian's Chromium through Playwright, JavaScript off): the three ways in, the
filled PDF, the spreadsheet and the typed table, each give a zip whose action cards name the people
and whose poster lists every action point; the typed table keeps its rows across "meer rijen".
Screenshots go to tests/screenshots/ (ignored by git) to be looked at.
"""

import io
import zipfile
from pathlib import Path

import pytest
from conftest import needs_chromium
from playwright.sync_api import expect

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from pdfcheck import page_text, pages, squash  # noqa: E402
from test_actioncards import AGREEMENTS, CARDS, ROWS, filled_tables  # noqa: E402
from test_tablesheets import filled_sheet  # noqa: E402

from waardenkaart.actionkit import CARDS_FILE, POSTER_FILE  # noqa: E402

SCREENSHOTS = Path(__file__).parent / "screenshots"
PROFILE = {"school": "de Regenboog", "jaar": 2028, "sessie2": "2027-02-09 15:00", "team": 14}
# What a facilitator wrote on the printed Tabel 1, typed over: (row, action, who, follow-up).
TYPED = [
    (1, "Elke maandag een kringgesprek in alle groepen", "Anna en Bram", "12-3-2027"),
    (2, "Complimentenmuur in de hal", "Carla", "na de kerstvakantie"),
    (12, "Teamuitje plannen", "Karin", "20 mei 2027"),
]

pytestmark = needs_chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="nl-NL", java_script_enabled=False, accept_downloads=True
    )
    yield context.new_page()
    context.close()


def downloaded_zip(page) -> zipfile.ZipFile:
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Alles downloaden").click()
    download = downloading.value
    assert download.suggested_filename == "stap4-de-regenboog-2028.zip"
    return zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))


def read_back(archive: zipfile.ZipFile) -> tuple[list[str], str]:
    """The text of each card front, and the whole poster's text."""
    folder = archive.namelist()[0].split("/")[0]
    cards = pages(archive.read(f"{folder}/{CARDS_FILE}"))
    fronts = [squash(page_text(card)) for card in cards[::2]]
    poster = squash(" ".join(page_text(sheet) for sheet in pages(archive.read(f"{folder}/{POSTER_FILE}"))))
    return fronts, poster


def upload(page, address: str, data: bytes, name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    page.goto(f"{address}stap4")
    page.get_by_label("Ingevulde tabel (PDF, Excel of CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Maak het materiaal uit dit bestand").click()


def assert_the_teams_paper(archive: zipfile.ZipFile) -> None:
    fronts, poster = read_back(archive)
    assert len(fronts) == len(CARDS)
    for front, (row, person, _) in zip(fronts, CARDS):
        assert front.startswith(squash(f"Actiepunt{person}")) and squash(ROWS[row][0])[:40] in front, (row, person)
    for number, row in ROWS.items():
        if row[0].strip():
            assert squash(row[0]) in poster, number


@pytest.mark.parametrize("way", ["pdf", "xlsx"])
def test_the_filled_table_uploaded_gives_cards_for_every_person_and_the_whole_poster(page, address, tmp_path, way):
    SCREENSHOTS.mkdir(exist_ok=True)
    if way == "pdf":
        upload(page, address, filled_tables(ROWS, AGREEMENTS, **PROFILE), "tabellen-sessie2-A4.pdf", tmp_path)
    else:
        upload(page, address, filled_sheet(), "tabel1-sessie2.xlsx", tmp_path)
    expect(page.get_by_role("heading", name="Het materiaal voor stap 4 van de Regenboog")).to_be_visible()
    assert "12 actiepunten, 14 actiekaartjes, 1 punt zonder datum" in page.locator(".tellingen").inner_text()
    for image in page.locator("ul.actiekaarten img, ul.posters img").all():
        box = image.bounding_box()
        assert box and box["width"] >= 250, image.get_attribute("alt")  # shown large enough to read
    page.screenshot(path=SCREENSHOTS / f"stap4-{way}.png", full_page=True)
    assert_the_teams_paper(downloaded_zip(page))


def test_a_table_typed_by_hand_keeps_its_rows_and_gives_the_paper(page, address):
    page.goto(f"{address}stap4")
    page.screenshot(path=SCREENSHOTS / "stap4-formulier.png", full_page=True)
    page.get_by_label("Naam van de school", exact=True).fill("de Regenboog")
    page.get_by_label("Het jaar van de droom").fill("2028")
    page.get_by_label("Datum van sessie 2").fill("2027-02-09")
    assert page.locator("table.invultabel tbody tr").count() == 10
    for number, action, who, when in TYPED[:2]:
        page.get_by_label(f"Rij {number}, Actiepunt", exact=True).fill(action)
        page.get_by_label(f"Rij {number}, Wie", exact=True).fill(who)
        page.get_by_label(f"Rij {number}, Wanneer komen we er op terug?", exact=True).fill(when)
    page.get_by_label("Hoe vieren we uitgevoerde acties?").fill("Met taart")
    page.get_by_role("button", name="5 rijen erbij").click()

    assert page.locator("table.invultabel tbody tr").count() == 15  # more rows, and nothing typed is lost
    for number, action, who, _ in TYPED[:2]:
        assert page.get_by_label(f"Rij {number}, Actiepunt", exact=True).input_value() == action
        assert page.get_by_label(f"Rij {number}, Wie", exact=True).input_value() == who
    assert page.get_by_label("Naam van de school", exact=True).input_value() == "de Regenboog"
    assert page.get_by_label("Hoe vieren we uitgevoerde acties?").input_value() == "Met taart"
    number, action, who, when = TYPED[2]
    page.get_by_label(f"Rij {number}, Actiepunt", exact=True).fill(action)
    page.get_by_label(f"Rij {number}, Wie", exact=True).fill(who)
    page.get_by_label(f"Rij {number}, Wanneer komen we er op terug?", exact=True).fill(when)
    page.get_by_role("button", name="Maak het materiaal voor stap 4").click()

    counts = page.locator(".tellingen").inner_text()
    assert counts == "3 actiepunten, 4 actiekaartjes, 1 punt zonder datum, 2 terugkommomenten in de agenda."
    page.screenshot(path=SCREENSHOTS / "stap4-getypt.png", full_page=True)
    fronts, poster = read_back(downloaded_zip(page))
    people = ["Anna", "Bram", "Carla", "Karin"]
    assert [front[: len(squash(f"Actiepunt{person}"))] for front, person in zip(fronts, people)] == [
        squash(f"Actiepunt{person}") for person in people
    ]  # each card is headed with its person's name
    assert len(fronts) == len(people)
    for _, action, _, _ in TYPED:
        assert squash(action) in poster
    assert squash("Met taart") in poster

    page.get_by_role("button", name="Tabel aanpassen").click()  # back to the form, the table as typed
    assert page.get_by_label("Rij 12, Wie", exact=True).input_value() == "Karin"
