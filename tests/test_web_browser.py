"""The web app in a real browser: Debian's Chromium driven by Playwright.

A coordinator fills the form (with JavaScript off, as the app needs none), sees the Dutch message for
a mistyped number, makes a kit, uses every download and view, goes back with "Wijzig", changes the
school and the team and makes the kit again: whatever arrives is the kit the page names. axe-core
checks every kind of page at laptop and phone width. Screenshots go to tests/screenshots/ (ignored by
git) to be looked at.
"""

import base64
import io
import re
import struct
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import needs_chromium
from playwright.sync_api import expect

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")


from waardenkaart.bundle import print_shop_zip  # noqa: E402
from waardenkaart.intake.profile import build_profile  # noqa: E402
from waardenkaart.kit import CARD_FILE, Kit, default_maker, make_kit, session2_maker  # noqa: E402
from waardenkaart.web import create_app, previews  # noqa: E402

SCREENSHOTS = Path(__file__).parent / "screenshots"
SIZES = {"laptop": (1366, 768), "telefoon": (390, 844)}
VALUES = ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid"]

pytestmark = needs_chromium


def fill_session_1(page, school: str, team: str) -> None:
    page.get_by_label("Naam van de school").fill(school)
    page.get_by_label("Naam van de directeur").fill("Anna de Vries")
    page.get_by_label("Aantal teamleden").fill(team)
    page.get_by_label("Begin van sessie 1").fill("2027-01-12T15:00")


def posted(page, button, route: str):
    """What the server sends for a button that opens a new tab: (status, headers, body) as they left the
    server (Chromium's PDF viewer replaces the page's body with its own), and the tab itself."""
    seen = []

    def keep(intercepted):
        response = intercepted.fetch()
        seen.append((response.status, response.headers, response.body()))
        intercepted.fulfill(response=response)

    page.context.route(f"**{route}", keep)
    with page.expect_popup() as opened:
        button.click()
    tab = opened.value
    tab.wait_for_load_state()
    page.context.unroute(f"**{route}", keep)
    tab.close()
    return seen[0]


def downloaded(page, button) -> tuple[str, bytes]:
    with page.expect_download() as downloading:
        button.click()
    download = downloading.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def check_every_download_and_view(page, kit: Kit, profile) -> None:
    """Every button of the result page delivers this kit: the zips, the profile, each document and a card."""
    name, data = downloaded(page, page.get_by_role("button", name="Hele kit (zip)"))
    assert name == f"{kit.name}.zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist() == [f"{kit.name}/{file}" for file in kit.files]
    assert all(archive.read(f"{kit.name}/{file}") == content for file, content in kit.files.items())

    name, data = downloaded(page, page.get_by_role("button", name="Voor de drukker (zip)", exact=True))
    assert name == kit.name.replace("waardenkaart-", "voor-de-drukker-") + ".zip"
    assert data == print_shop_zip(kit)

    name, data = downloaded(page, page.get_by_role("button", name="Profiel bewaren"))
    assert name.endswith(".toml") and build_profile(tomllib.loads(data.decode("utf-8"))) == profile

    if profile.waarden:
        smaller = make_kit(profile, session2_maker())
        name, data = downloaded(page, page.get_by_role("button", name="Alleen nieuw voor sessie 2 (zip)"))
        assert name == f"{smaller.name}.zip"
        assert zipfile.ZipFile(io.BytesIO(data)).namelist() == [f"{smaller.name}/{file}" for file in smaller.files]

    for file, content in kit.files.items():
        if file.endswith(".xlsx"):  # no browser shows a spreadsheet: it arrives as a download
            name, data = downloaded(page, page.locator(f'button[name="bestand"][value="{file}"]'))
            assert (name, data) == (file, content)
            continue
        status, headers, body = posted(page, page.locator(f'button[name="bestand"][value="{file}"]'), "/bekijk")
        assert status == 200 and headers["content-disposition"] == f'inline; filename="{file}"'
        assert body == content, file
    cards = previews.card_previews(kit, profile, default_maker())
    for place in (0, len(cards) - 1):  # a card's front and back, large enough to read 9.5 pt
        status, headers, body = posted(page, page.locator(f'button[name="kaart"][value="{place}"]').first, "/kaart")
        assert status == 200 and headers["content-type"].startswith("text/html")
        images = [base64.b64decode(data) for data in re.findall(rb'src="data:image/png;base64,([^"]+)"', body)]
        assert images == previews.render_pages(kit.files[CARD_FILE], [2 * place, 2 * place + 1], 1000)
        assert all(struct.unpack(">I", image[16:20])[0] >= 600 for image in images)


def test_the_kit_on_the_page_is_the_kit_that_arrives_also_after_a_change(browser, address):
    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="nl-NL", java_script_enabled=False, accept_downloads=True
    )
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(address)
    assert page.title() == "Maak de kit voor uw school · waardenkaart"
    page.screenshot(path=SCREENSHOTS / "formulier-laptop.png")
    # the first screen holds what session 1 needs and the button
    for label in ("Naam van de school", "Naam van de directeur", "Aantal teamleden", "Begin van sessie 1"):
        box = page.get_by_label(label).bounding_box()
        assert box and box["y"] + box["height"] <= 768, label
    button = page.get_by_role("button", name="Maak de kit").bounding_box()
    assert button and button["y"] + button["height"] <= 768

    fill_session_1(page, "de Regenboog", "24e")
    page.get_by_role("button", name="Maak de kit").click()
    assert page.locator("#fout-team").inner_text() == "Het aantal teamleden moet een geheel getal zijn, niet '24e'."
    assert page.get_by_label("Aantal teamleden").input_value() == "24e"  # as typed, to correct
    assert page.get_by_label("Aantal teamleden").get_attribute("aria-invalid") == "true"
    assert page.get_by_role("button", name="Hele kit (zip)").count() == 0  # no kit was made
    page.screenshot(path=SCREENSHOTS / "fout-laptop.png")

    page.get_by_label("Aantal teamleden").fill("24")
    page.locator("#groep-waarden > summary").click()
    for number, value in enumerate(VALUES, 1):
        page.get_by_label(f"Waarde {number}", exact=True).fill(value)
    page.get_by_role("button", name="Maak de kit").click()

    regenboog = build_profile(
        {
            "school": "de Regenboog",
            "directeur": "Anna de Vries",
            "team": 24,
            "sessie1": "2027-01-12 15:00",
            "waarden": VALUES,
        }
    )
    kit = make_kit(regenboog)
    expect(page.get_by_role("heading", name="De kit voor de Regenboog, 2029")).to_be_visible()
    facts = page.locator("dl.gegevens").inner_text()
    assert "24 teamleden" in facts and "2029" in facts and "Sessie 2" in facts
    assert "Sessie 1: 15.00–17.07, 127 minuten: 7 langer dan de 120 van het handboek" in page.inner_text("main")
    assert page.locator("main input:not([type=hidden]), main textarea").count() == 0  # nothing to change here
    page.screenshot(path=SCREENSHOTS / "resultaat-laptop.png", full_page=True)
    check_every_download_and_view(page, kit, regenboog)

    page.get_by_role("button", name="Wijzig").click()
    assert page.get_by_label("Naam van de school").input_value() == "de Regenboog"
    assert page.get_by_label("Aantal teamleden").input_value() == "24"
    assert page.get_by_label("Waarde 5", exact=True).input_value() == "zelfstandigheid"
    page.get_by_label("Naam van de school").fill("OBS Het Palet")
    page.get_by_label("Aantal teamleden").fill("40")
    # the changed form stands beside no download of the old kit
    for name in ("Hele kit (zip)", "Voor de drukker (zip)", "Profiel bewaren"):
        assert page.get_by_role("button", name=name).count() == 0
    page.get_by_role("button", name="Maak de kit").click()

    palet = build_profile(
        {
            "school": "OBS Het Palet",
            "directeur": "Anna de Vries",
            "team": 40,
            "sessie1": "2027-01-12 15:00",
            "waarden": VALUES,
        }
    )
    expect(page.get_by_role("heading", name="De kit voor OBS Het Palet, 2029")).to_be_visible()
    assert "40 teamleden" in page.locator("dl.gegevens").inner_text()
    check_every_download_and_view(page, make_kit(palet), palet)
    assert blocked == []
    context.close()


def _broken(*args, **kwargs):
    raise RuntimeError("a failure the page must not show")


def error_pages(address: str) -> dict[str, tuple[str, int, str]]:
    """Each error page as the app renders it: (path to show it at, status, html)."""
    client = create_app({"KITS_AT_ONCE": 1, "KIT_WAIT": 0.01}).test_client()
    pages = {
        "404": client.get("/bestaat-niet"),
        "405": client.get("/kit.zip"),
        "413": client.post("/", data={"school": "x" * 70_000}),
    }
    app = client.application
    with app.extensions["waardenkaart.slots"].taken():
        pages["503"] = client.post("/kit.zip", data={"school": "de Regenboog"})
    import waardenkaart.web.views as views

    original = views.make_kit
    views.make_kit = _broken
    try:
        pages["500"] = create_app().test_client().post("/kit.zip", data={"school": "de Regenboog"})
    finally:
        views.make_kit = original
    return {
        name: (f"fout-{name}", response.status_code, response.get_data(as_text=True))
        for name, response in pages.items()
    }


def shown_as(status: int, html: str):
    """A route handler that answers with an error page as the app made it."""
    return lambda route: route.fulfill(status=status, body=html, content_type="text/html")


@pytest.mark.parametrize("size", SIZES)
def test_every_kind_of_page_passes_axe_core(browser, address, size):
    from axe_playwright_python.sync_playwright import Axe  # a test dependency: its absence fails, never skips

    axe = Axe()
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL", bypass_csp=True)
    page = context.new_page()

    def no_violations(what: str) -> None:
        results = axe.run(page)
        assert results.violations_count == 0, f"{what} ({size}):\n{results.generate_report()}"
        page.screenshot(path=SCREENSHOTS / f"axe-{what}-{size}.png", full_page=True)

    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(address)
    no_violations("formulier")
    fill_session_1(page, "de Regenboog", "abc")
    page.get_by_role("button", name="Maak de kit").click()
    expect(page.locator("#fout-team")).to_be_visible()
    no_violations("fout")
    page.get_by_label("Aantal teamleden").fill("24")
    page.get_by_role("button", name="Maak de kit").click()
    expect(page.get_by_role("heading", name="De kit voor de Regenboog, 2029")).to_be_visible()
    no_violations("resultaat")
    card = create_app().test_client().post("/kaart", data={"school": "de Regenboog", "team": "24", "kaart": "1"})
    page.route(f"{address}kaart-groot", shown_as(200, card.get_data(as_text=True)))
    page.goto(f"{address}kaart-groot")
    no_violations("kaart")
    for name, (path, status, html) in error_pages(address).items():
        page.route(f"{address}{path}", shown_as(status, html))
        page.goto(f"{address}{path}")
        expect(page.get_by_role("link", name="Naar het formulier")).to_be_visible()
        no_violations(f"melding-{name}")
    for path in ("stap4", "scholen", "uw-gegevens"):  # step 4, many schools and what happens to the data
        page.goto(f"{address}{path}")
        no_violations(path)
    context.close()
