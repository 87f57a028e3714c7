"""The web app in a real browser: Debian's Chromium driven by Playwright, with JavaScript switched off.

Fills the form as a coordinator would, sees the Dutch error for a bad team size, corrects it, sees
the previews, opens one larger, downloads the kit and checks the zip. Screenshots of the form and
the result at laptop and tablet width go to tests/screenshots/ (ignored by git) to be looked at.
"""

import io
import shutil
import struct
import threading
import zipfile
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from waitress.server import create_server  # noqa: E402

from waardenkaart.intake.profile import build_profile  # noqa: E402
from waardenkaart.kit import make_kit  # noqa: E402
from waardenkaart.web import create_app  # noqa: E402
from waardenkaart.web.previews import page_count  # noqa: E402

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)
# The machine may have no network: keep Chromium from reaching out for updates, sync or field trials.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
SIZES = {"laptop": (1440, 900), "tablet": (820, 1180)}
VALUES = ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid"]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium at /usr/bin/chromium: install Debian's chromium package (apt-get)"
)


@pytest.fixture(scope="module")
def address():
    """The app as `waardenkaart web` serves it, on a free port."""
    server = create_server(create_app(), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/"
    server.close()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_coordinator_makes_a_kit_in_a_real_browser(browser, address, size, tmp_path):
    SCREENSHOTS.mkdir(exist_ok=True)
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="nl-NL", java_script_enabled=False, accept_downloads=True
    )
    page = context.new_page()
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.on("requestfailed", lambda request: blocked.append(request.url))
    responses = []
    context.on("response", lambda response: responses.append(response) if response.url.endswith("/voorbeeld") else None)

    page.goto(address)
    assert page.title() == "Maak de kit voor uw school · waardenkaart"
    page.screenshot(path=SCREENSHOTS / f"formulier-{size}.png", full_page=True)

    page.get_by_label("Naam van de school").fill("de Regenboog")
    page.get_by_label("Naam van de directeur").fill("Anna de Vries")
    page.get_by_label("Aantal teamleden").fill("0")
    page.get_by_label("Begin van sessie 1").fill("2027-01-12T15:00")
    page.get_by_role("button", name="Maak de kit").click()

    error = page.locator("#fout-team")
    assert error.inner_text() == "Het aantal teamleden moet tussen 1 en 500 liggen, niet 0."
    assert page.get_by_label("Aantal teamleden").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Naam van de school").input_value() == "de Regenboog"  # nothing typed is lost
    error.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"fout-{size}.png")

    page.get_by_label("Aantal teamleden").fill("24")
    for number, value in enumerate(VALUES, 1):
        page.get_by_label(f"Waarde {number}", exact=True).fill(value)
    page.get_by_role("button", name="Maak de kit").click()

    assert page.get_by_role("heading", name="De kit voor de Regenboog, 2029").is_visible()
    assert page.locator("#fout-team").count() == 0
    thumbnails = page.locator("ul.kaarten img")
    profile = build_profile(
        {
            "school": "de Regenboog",
            "directeur": "Anna de Vries",
            "team": 24,
            "sessie1": "2027-01-12 15:00",
            "waarden": VALUES,
        }
    )
    kit = make_kit(profile)
    assert thumbnails.count() == page_count(kit.files["kaarten-A6-drukbestand.pdf"])  # every front and back
    page.locator("ul.documenten img").last.scroll_into_view_if_needed()
    for image in page.locator("img").all():
        box = image.bounding_box()
        assert box and box["width"] >= 90, image.get_attribute("alt")  # rendered, not a broken image
    page.screenshot(path=SCREENSHOTS / f"resultaat-{size}.png", full_page=True)
    page.locator("section", has=page.get_by_role("heading", name="De kaartjes")).screenshot(
        path=SCREENSHOTS / f"kaartjes-{size}.png"
    )
    page.get_by_role("heading", name="De kit voor de Regenboog, 2029").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"resultaat-boven-{size}.png")

    with page.expect_popup() as opened:
        thumbnails.first.click()
    larger = opened.value
    shown = larger.wait_for_event("response") if not responses else None
    larger.wait_for_load_state()
    picture = next(r for r in [*responses, shown] if r is not None and r.url == f"{address}voorbeeld")
    assert picture.status == 200 and picture.headers["content-type"] == "image/png"
    assert struct.unpack(">I", picture.body()[16:20]) == (1000,)
    larger.close()

    assert blocked == []  # nothing refused by the policy, nothing failed to load (a download counts as failed)
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Hele kit (zip)").click()
    download = downloading.value
    assert download.suggested_filename == f"{kit.name}.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert archive.namelist() == [f"{kit.name}/{name}" for name in kit.files]
    assert archive.read(f"{kit.name}/kaarten-A6-drukbestand.pdf") == kit.files["kaarten-A6-drukbestand.pdf"]
    context.close()
