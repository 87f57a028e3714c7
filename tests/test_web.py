"""The web app through Flask's test client: every route, errors per field, the downloads and the limits."""

import base64
import io
import re
import struct
import threading
import tomllib
import zipfile
from html import unescape
from pathlib import Path

import pytest
from conftest import PROGRAMME_LENGTHS, TODAY
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from waardenkaart.bundle import print_shop_zip
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.profile import KEYS, build_profile, drawable, read_profile_bytes
from waardenkaart.intake.profiletoml import profile_toml
from waardenkaart.kit import CARD_FILE, Kit, default_maker, make_kit
from waardenkaart.text.merge import merge_all
from waardenkaart.web import CONTENT_SECURITY_POLICY, create_app

REGENBOOG = {
    "school": "de Regenboog",
    "directeur": "Anna de Vries",
    "team": "24",
    "sessie1": "2027-01-12T15:00",
    "sessie2": "2027-02-09T15:00",
    "waarden": ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid", ""],
    "verschuif_x": "1,5",
}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)


@pytest.fixture(scope="module")
def made():
    """The page for the Regenboog, made once: (response text, status)."""
    client = create_app({"TESTING": True}).test_client()
    from waardenkaart.intake import profile

    original = profile.current_date
    profile.current_date = lambda: TODAY
    try:
        response = client.post("/", data=REGENBOOG)
    finally:
        profile.current_date = original
    return response.get_data(as_text=True), response.status_code


def regenboog_profile():
    values = {key: value for key, value in REGENBOOG.items() if value}
    values["waarden"] = [v for v in REGENBOOG["waarden"] if v]
    return build_profile(values, today=TODAY)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def field_block(html: str, key: str) -> str:
    """The markup of one form field: from its wrapper to the next field's."""
    start = html.index(f'id="veld-{key}"')
    begin = max(html.rfind('<div class="veld', 0, start), html.rfind('<fieldset class="veld', 0, start))
    end = html.find('class="veld', start)
    return html[begin:end]


def test_the_form_has_every_profile_field_under_its_own_name(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    names = set(re.findall(r'<(?:input|textarea)[^>]* name="([^"]+)"', html))
    assert names == set(KEYS) | {"profiel"}
    assert '<html lang="nl">' in html and "Maak de kit voor uw school" in html
    assert 'method="post"' in html and "<script" not in html
    # the document list speaks before a kit exists, conditions included
    assert "Komt erbij als u de waarden van het team invult (de top 5 of 6 uit sessie 1)." in html


def test_every_response_is_strict_about_what_a_page_may_load(client):
    for response in (client.get("/"), client.get("/stijl.css"), client.get("/bestaat-niet")):
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    for response in (client.get("/"), client.post("/profiel.toml", data=REGENBOOG)):
        assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY and "script-src" not in CONTENT_SECURITY_POLICY
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html), "no resource from elsewhere"


def default_card_layout_colours() -> dict[str, list[float]]:
    """The card kinds' CMYK percentages as layouts/a6-kaart.toml writes them."""
    return tomllib.loads((Path(__file__).parents[1] / "layouts" / "a6-kaart.toml").read_text(encoding="utf-8"))[
        "colours"
    ]


def test_the_stylesheet_carries_the_decks_colours(client):
    response = client.get("/stijl.css")
    css = response.get_data(as_text=True)
    assert response.mimetype == "text/css"
    c, m, y, k = (part / 100 for part in default_card_layout_colours()["procesleider"])
    expected = "#" + "".join(f"{round(255 * (1 - part) * (1 - k)):02x}" for part in (c, m, y))
    assert f"--procesleider: {expected};" in css and "--deelnemer-tekst:" in css
    assert "@import" not in css and "url(" not in css


def test_a_valid_form_shows_the_kit_on_a_page_of_its_own_with_every_card_and_document(made):
    html, status = made
    assert status == 200
    profile = regenboog_profile()
    cards = merge_all(profile, default_maker().content)
    kit = make_kit(profile)
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    pdfs = [name for name in kit.files if name.endswith(".pdf")]
    assert len(images) == 2 * len(cards) + len(pdfs)  # the card file's button shows its first card
    for image in images:
        width, height = png_size(base64.b64decode(image))
        assert width == 240 and height > 100
    for i, card in enumerate(cards):  # front and back each open the card, larger
        assert html.count(f'name="kaart" value="{i}"') == 2
        assert unescape(card.title) in unescape(html)
    for name in kit.files:  # every document opens whole from the page
        assert f'name="bestand" value="{name}"' in html
    assert "De kit voor de Regenboog, 2029" in html
    # no field to type in: what the page shows is what every button posts
    assert not re.search(r'<input(?![^>]*type="hidden")', html) and "<textarea" not in html
    facts = " ".join(unescape(html).split())
    assert "<dt>Team</dt><dd>24 teamleden, groepjes van 4, 1 procesleider</dd>" in facts
    assert "<dt>Jaar van de droom</dt><dd>2029</dd>" in facts
    assert "Sessie 2, met de waarden van het team: veiligheid, respect, samen leren, vieren, zelfstandigheid" in facts
    assert '<button type="submit" form="gemaakt" formaction="/wijzig" class="knop tweede">Wijzig</button>' in facts
    for document in default_maker().documents.for_profile(profile):  # the page lists the kit from the list
        assert f"<dt>{document.file}</dt><dd>{document.purpose}</dd>" in unescape(html)
    for label in ("Hele kit (zip)", "Voor de drukker (zip)", "Profiel bewaren"):
        assert label in html


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("team", "0", "Het aantal teamleden moet tussen 1 en 500 liggen, niet 0."),
        ("team", "twintig", "Het aantal teamleden moet een geheel getal zijn, niet 'twintig'."),
        ("team", "²", "Het aantal teamleden moet een geheel getal zijn, niet '²'."),
        ("procesleiders", "21", "Het aantal procesleiders moet tussen 1 en 20 liggen, niet 21."),
        ("jaar", "1999", "Het jaartal moet tussen 2000 en 2099 liggen, niet 1999."),
        ("sessie1", "morgen", "Geen datum die ik kan lezen: 'morgen'. Schrijf bijvoorbeeld \"2027-01-12 15:00\"."),
        ("school", "x" * 61, "Te lang (61 tekens); op de kaarten past hoogstens 60 tekens. Kies een kortere vorm."),
        ("directeur", "y" * 41, "Te lang (41 tekens); op de kaarten past hoogstens 40 tekens. Kies een kortere vorm."),
        ("krant", "z" * 31, "Te lang (31 tekens); op de kaarten past hoogstens 30 tekens. Kies een kortere vorm."),
        (
            "toekomstperspectief",
            "w" * 401,
            "Te lang (401 tekens); op de kaarten past hoogstens 400 tekens. Kies een kortere vorm.",
        ),
        ("waarden", ["rust", "orde", "netheid"], "De top telt 5 of 6 waarden, niet 3."),
        (
            "waarden",
            ["rust", "orde", "Rust", "netheid", "humor"],
            "De waarde ‘Rust’ staat er twee keer in (ook als ‘rust’).",
        ),
        (
            "waarden_ouders",
            [f"waarde {i}" for i in range(11)],
            "De lijst voor ouders en leerlingen telt 1 tot en met 10 waarden, niet 11.",
        ),
        (
            "verschuif_x",
            "12",
            "Hoogstens 7,5 mm naar elke kant, niet 12. Kijk bij zo'n grote afwijking de instellingen van de printer na.",
        ),
        ("verschuif_y", "een beetje", "Verwacht een aantal millimeter, zoals 1,5 of -0,5, niet 'een beetje'."),
    ],
)
def test_a_bad_value_gets_the_clis_message_next_to_its_field(client, key, value, message):
    response = client.post("/", data={"school": "de Regenboog", key: value})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    block = field_block(html, key)
    assert "heeft-fout" in block and f'<p class="fout" id="fout-{key}">{message}</p>' in block
    assert "Niet alles is goed ingevuld" in html and "data:image/png" not in html
    # one validation: the command line says the same about the same value
    with pytest.raises(UserError) as refused:
        build_profile({}, {key: value}, today=TODAY)
    assert str(refused.value).endswith(message[0].lower() + message[1:])


def test_every_bad_field_is_named_at_once_and_the_good_ones_keep_their_values(client):
    response = client.post(
        "/",
        data={
            "school": "de Regenboog",
            "team": "0",
            "jaar": "1999",
            "sessie1": "2027-02-09T15:00",
            "sessie2": "2027-01-12T15:00",
            "krant": "het Parool",
        },
    )
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert re.findall(r'<p class="fout" id="fout-(\w+)">', html) == ["team", "sessie2", "jaar"]
    assert "Sessie 2 moet na sessie 1 vallen." in html
    assert 'value="de Regenboog"' in field_block(html, "school") and 'value="het Parool"' in field_block(html, "krant")
    assert 'value="0"' in field_block(html, "team")


def test_the_whole_kit_zip_holds_every_file_of_the_kit_in_its_folder(client):
    profile = regenboog_profile()
    kit = make_kit(profile)
    response = client.post("/kit.zip", data=REGENBOOG)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{kit.name}.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == [f"{kit.name}/{name}" for name in kit.files]
    for name, data in kit.files.items():
        assert archive.read(f"{kit.name}/{name}") == data
    assert client.post("/kit.zip", data=REGENBOOG).data == response.data  # same input, same bytes


def test_the_print_shop_zip_is_the_card_file_and_the_order_sheet(client):
    kit = make_kit(regenboog_profile())
    response = client.post("/voor-de-drukker.zip", data=REGENBOOG)
    name = "voor-de-drukker-de-regenboog-2029-sessie2.zip"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert zipfile.ZipFile(io.BytesIO(response.data)).namelist() == [CARD_FILE, "drukopdracht.pdf"]
    assert response.data == print_shop_zip(Kit(kit.name, kit.files))


def test_the_profile_goes_out_as_toml_and_comes_back_into_the_form(client):
    profile = regenboog_profile()
    response = client.post("/profiel.toml", data=REGENBOOG)
    assert response.headers["Content-Disposition"] == 'attachment; filename="de-regenboog-2029.toml"'
    text = response.get_data(as_text=True)
    typed = {"school", "directeur", "team", "sessie1", "sessie2", "waarden", "verschuif_x"}
    assert text == profile_toml(profile, "de-regenboog-2029.toml", typed)
    assert 'sessie1 = "2027-01-12 15:00"' in text and "verschuif_x = 1.5" in text
    for derived in ("jaar", "groepsgrootte", "procesleiders", "krant", "snijtekens"):  # worked out, not typed
        assert f"\n{derived} = " not in text
    assert build_profile(read_profile_bytes(response.data, "p.toml"), today=TODAY) == profile

    back = client.post("/profiel", data={"profiel": (io.BytesIO(response.data), "de-regenboog-2029.toml")})
    html = unescape(back.get_data(as_text=True))
    assert back.status_code == 200
    assert 'value="de Regenboog"' in field_block(html, "school")
    assert 'value="2027-01-12T15:00"' in field_block(html, "sessie1")
    assert 'value="1,5"' in field_block(html, "verschuif_x")
    assert 'value="zelfstandigheid"' in field_block(html, "waarden")
    assert 'value=""' in field_block(html, "jaar")  # still worked out from session 1, if that moves
    assert "Maak de kit" in html and "De kit voor" not in html  # the form, to add or change before making


def test_a_saved_profile_follows_session_1_to_another_year(client):
    saved = client.post("/profiel.toml", data={"school": "de Linde", "sessie1": "2027-12-14T15:00"}).data
    values = read_profile_bytes(saved, "de-linde-2029.toml")
    assert build_profile(values, today=TODAY).jaar == 2029
    assert build_profile({**values, "sessie1": "2028-01-11 15:00"}, today=TODAY).jaar == 2030


def test_an_old_profile_with_sector_loads_with_a_one_line_notice(client):
    old = b'school = "de Regenboog"\nsector = "vo"\n'
    response = client.post("/profiel", data={"profiel": (io.BytesIO(old), "oud.toml")})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and 'value="de Regenboog"' in field_block(html, "school")
    assert "oud.toml: het veld ‘sector’ (soort onderwijs) doet niets meer en is overgeslagen." in html
    assert 'name="sector"' not in html
    # back after session 1: the values' group stands open, the others stay folded
    assert '<details class="paneel groep" id="groep-waarden" open>' in html
    assert '<details class="paneel groep" id="groep-meer">' in html


@pytest.mark.parametrize(
    "name, data, message",
    [
        (None, None, "Kies eerst een profielbestand (.toml) op uw computer."),
        (
            "kapot.toml",
            b'school = "de Regenboog\n',
            "kapot.toml: Dit is geen profiel van waardenkaart. Kies het .toml-bestand dat u na de vorige keer bewaarde.",
        ),
        (
            "typo.toml",
            b'scool = "de Regenboog"\n',
            "typo.toml heeft een regel die waardenkaart niet kent: ‘scool’. Kies het .toml-bestand dat u na de vorige "
            "keer bewaarde, zonder wijzigingen.",
        ),
        (
            "latin1.toml",
            'school = "Sint-Jozef café"\n'.encode("latin-1"),
            "latin1.toml: Dit is geen profiel van waardenkaart. Kies het .toml-bestand dat u na de vorige keer bewaarde.",
        ),
        (
            "foto.toml",
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            "foto.toml: Dit is geen profiel van waardenkaart. Kies het .toml-bestand dat u na de vorige keer bewaarde.",
        ),
        ("../../etc/team.toml", b"team = 0\n", None),
        ("een.toml", b'waarden = "veiligheid"\n', None),
    ],
)
def test_a_bad_upload_gets_a_dutch_message_at_the_upload(client, name, data, message):
    form = {} if name is None else {"profiel": (io.BytesIO(data), name)}
    response = client.post("/profiel", data=form, content_type="multipart/form-data")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    if name == "een.toml":  # one value where a list belongs: shown whole in the first input, not letter by letter
        block = field_block(html, "waarden")
        assert "De top telt 5 of 6 waarden, niet 1." in block
        assert re.findall(r'name="waarden" type="text" value="([^"]*)"', block) == ["veiligheid"] + [""] * 5
    elif message is None:  # a valid file with a bad value: the error sits at the field, the path is never used
        assert "Het aantal teamleden moet tussen 1 en 500 liggen, niet 0." in field_block(html, "team")
        assert "etc" not in html
    else:
        assert f'<p class="fout" id="fout-profiel">{message}</p>' in html


def test_a_card_opens_front_and_back_large_enough_to_read(client):
    profile = regenboog_profile()
    cards = merge_all(profile, default_maker().content)
    response = client.post("/kaart", data={**REGENBOOG, "kaart": "5"})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    title = unescape(cards[5].title + (f" – {cards[5].subtitle}" if cards[5].subtitle else ""))
    assert f"<h1>{title}</h1>" in html and f"Kaartje 6 van {len(cards)}" in html
    images = re.findall(r'src="data:image/png;base64,([^"]+)" alt="(Voorkant|Achterkant) van ', html)
    assert [side for _, side in images] == ["Voorkant", "Achterkant"]
    pages = make_kit(profile).files[CARD_FILE]
    from waardenkaart.web.previews import render_pages

    expected = render_pages(pages, [10, 11], 1000)
    assert [base64.b64decode(image) for image, _ in images] == expected  # the kit's own card, 1000 px wide
    assert png_size(expected[0])[0] >= 600
    for bad in (str(len(cards)), "-1", "x", "", "²"):
        assert client.post("/kaart", data={**REGENBOOG, "kaart": bad}).status_code == 404, bad


def test_a_page_is_shown_larger_only_for_a_file_of_the_list(client):
    response = client.post("/voorbeeld", data={**REGENBOOG, "pagina": f"{CARD_FILE}:1"})
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data)[0] == 1000
    assert png_size(client.post("/voorbeeld", data={**REGENBOOG, "pagina": "poster-cyclus-A3.pdf:0"}).data)[0] == 1000
    bad_pages = ("../../etc/passwd:0", f"{CARD_FILE}:999", "bestellijst.csv:0", f"{CARD_FILE}:-1", f"{CARD_FILE}:²")
    for bad in (*bad_pages, CARD_FILE, ""):
        refused = client.post("/voorbeeld", data={**REGENBOOG, "pagina": bad})
        assert refused.status_code == 404, bad
        assert "Deze pagina bestaat niet" in refused.get_data(as_text=True)
    without_values = {**REGENBOOG, "waarden": [], "pagina": "posters-waarden-A3.pdf:0"}
    assert client.post("/voorbeeld", data=without_values).status_code == 404


@pytest.mark.parametrize(
    "route", ["/kit.zip", "/voor-de-drukker.zip", "/profiel.toml", "/voorbeeld", "/bekijk", "/kaart"]
)
def test_a_tampered_profile_gets_the_form_with_its_errors_not_a_file(client, route):
    tampered = {**REGENBOOG, "team": "-1", "pagina": f"{CARD_FILE}:0", "bestand": CARD_FILE, "kaart": "0"}
    response = client.post(route, data=tampered)
    assert response.status_code == 422 and response.mimetype == "text/html"
    assert "Het aantal teamleden moet tussen 1 en 500 liggen, niet -1." in unescape(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "method, route, status, title",
    [
        ("get", "/bestaat-niet", 404, "Deze pagina bestaat niet"),
        ("get", "/kit.zip", 405, "Deze pagina bestaat niet"),
        ("get", "/voorbeeld", 405, "Deze pagina bestaat niet"),
        ("get", "/profiel", 405, "Deze pagina bestaat niet"),
        ("get", "/static/stijl.css", 404, "Deze pagina bestaat niet"),
        ("delete", "/", 405, "Deze pagina bestaat niet"),
    ],
)
def test_other_requests_get_a_dutch_page(client, method, route, status, title):
    response = getattr(client, method)(route)
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in response.get_data(as_text=True)


def test_an_oversized_request_is_refused_before_it_is_read(client):
    response = client.post("/", data={"school": "x" * 70_000})
    assert response.status_code == 413
    assert "Dit is te veel om te versturen" in response.get_data(as_text=True)
    upload = client.post("/profiel", data={"profiel": (io.BytesIO(b"#" * 70_000), "groot.toml")})
    assert upload.status_code == 413


def test_a_kit_the_library_refuses_shows_its_message_above_the_form(client, monkeypatch):
    def refuse(profile, maker=None):
        raise UserError("De tekst van kaartje s1-2 past niet op de kaart.")

    monkeypatch.setattr("waardenkaart.web.views.make_kit", refuse)
    response = client.post("/", data=REGENBOOG)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<div class="samenvatting" id="fouten" role="alert">' in html
    assert "<p>De tekst van kaartje s1-2 past niet op de kaart.</p>" in html and "data:image/png" not in html


def test_an_unexpected_failure_is_a_calm_dutch_page_without_a_traceback(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr("waardenkaart.web.views.make_kit", broken)
    response = create_app().test_client().post("/kit.zip", data=REGENBOOG)
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Er ging iets mis" in html
    assert "internal detail" not in html and "Traceback" not in html


def test_kits_made_in_parallel_threads_are_the_kits_made_one_by_one():
    """waitress serves each request in a thread: making kits side by side must not mix them up."""
    profiles = [regenboog_profile(), build_profile({"school": "OBS Het Palet", "team": 41}, today=TODAY)]
    alone = [make_kit(profile).files for profile in profiles]
    together = [None] * 4

    def make(index):
        together[index] = make_kit(profiles[index % 2]).files

    threads = [threading.Thread(target=make, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert together == alone * 2


class SlowKits:
    """make_kit stand-in that records how many kits are in the making at once."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()
        self.done = threading.Event()

    def __call__(self, profile, maker=None):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        self.done.wait(self.seconds)
        with self.lock:
            self.now -= 1
        return Kit("waardenkaart-test", {"LEESMIJ.txt": b"test"})


def sixteen_at_once(app) -> list:
    start = threading.Barrier(16)
    responses = [None] * 16

    def request(index):
        client = app.test_client()
        start.wait()
        responses[index] = client.post("/kit.zip", data=REGENBOOG)

    threads = [threading.Thread(target=request, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_sixteen_requests_with_two_workers_wait_their_turn(monkeypatch):
    slow = SlowKits(0.05)
    monkeypatch.setattr("waardenkaart.web.views.make_kit", slow)
    responses = sixteen_at_once(create_app({"KITS_AT_ONCE": 2, "KIT_WAIT": 30}))
    assert [r.status_code for r in responses] == [200] * 16
    assert slow.most == 2


def test_sixteen_requests_with_two_workers_and_no_patience_get_503_with_retry_after(monkeypatch):
    slow = SlowKits(5)  # the first two hold their slots until every other request has been answered
    monkeypatch.setattr("waardenkaart.web.views.make_kit", slow)
    app = create_app({"KITS_AT_ONCE": 2, "KIT_WAIT": 0.2})
    start = threading.Barrier(16)
    responses = []

    def request():
        client = app.test_client()
        start.wait()
        response = client.post("/kit.zip", data=REGENBOOG)
        responses.append(response)
        if sum(r.status_code == 503 for r in responses) >= 14:
            slow.done.set()

    threads = [threading.Thread(target=request) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] * 2 + [503] * 14
    assert slow.most == 2
    for response in responses:
        if response.status_code == 503:
            assert response.headers["Retry-After"] == "1"
            html = " ".join(response.get_data(as_text=True).split())
            assert "<h1>Even geduld</h1>" in html and "Probeer het over 1 seconde opnieuw" in html


# Characters the kit's font can draw: anything else is refused before a profile exists.
PRINTABLE = st.sampled_from(sorted(char for char in drawable() if char.isprintable()))


@settings(max_examples=60, deadline=None)
@given(
    school=st.text(PRINTABLE, min_size=1, max_size=60),
    directeur=st.text(PRINTABLE, max_size=40),
    team=st.integers(1, 500),
    values=st.lists(st.text(PRINTABLE, min_size=1, max_size=24), min_size=5, max_size=6),
    offset=st.floats(-10, 10, allow_nan=False),
    marks=st.booleans(),
)
def test_any_valid_profile_survives_the_round_trip_through_toml(school, directeur, team, values, offset, marks):
    try:
        profile = build_profile(
            {
                "school": school,
                "directeur": directeur,
                "team": team,
                "waarden": values,
                "verschuif_x": offset,
                "snijtekens": marks,
                "sessie1": "2027-01-12 15:00",
            },
            today=TODAY,
        )
    except UserError:
        assume(False)  # e.g. the same value twice, or only spaces: refused before it could be written
    text = profile_toml(profile)
    assert build_profile(read_profile_bytes(text.encode("utf-8"), "p.toml"), today=TODAY) == profile


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/kit.zip", 'attachment; filename="waardenkaart-het-kompas-de-linde-oost-2029-sessie2.zip"'),
        ("/profiel.toml", 'attachment; filename="het-kompas-de-linde-oost-2029.toml"'),
    ],
)
def test_a_download_is_named_in_plain_ascii_whatever_the_school_holds(client, path, expected):
    """Quotes, a semicolon and brackets in the name would break the header or the file name: none gets in."""
    response = client.post(path, data={**REGENBOOG, "school": 'Het "Kompas"; (De Linde) [Oost]'})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == expected


# Issue 19: number fields are text inputs, so whatever was typed reaches the server and gets the field's message.
WHOLE_NUMBER_FIELDS = {
    "team": ("Het aantal teamleden", 1, 500),
    "groepsgrootte": ("De grootte van de groepjes", 2, 10),
    "procesleiders": ("Het aantal procesleiders", 1, 20),
}


@pytest.mark.parametrize(
    "key, typed, message",
    [
        *[
            (key, typed, f"{what} moet een geheel getal zijn, niet '{typed}'.")
            for key, (what, _, _) in WHOLE_NUMBER_FIELDS.items()
            for typed in ("24e", "abc", "1,5")
        ],
        *[
            (key, "-1", f"{what} moet tussen {low} en {high} liggen, niet -1.")
            for key, (what, low, high) in WHOLE_NUMBER_FIELDS.items()
        ],
        *[
            (key, typed, f"Verwacht een aantal millimeter, zoals 1,5 of -0,5, niet '{typed}'.")
            for key in ("verschuif_x", "verschuif_y")
            for typed in ("24e", "abc", "1,5,0")
        ],
        (
            "verschuif_x",
            "-11",
            "Hoogstens 7,5 mm naar elke kant, niet -11. Kijk bij zo'n grote afwijking de instellingen van de printer na.",
        ),
    ],
)
def test_a_mistyped_number_gets_its_fields_message_and_no_kit(client, key, typed, message):
    response = client.post("/", data={**REGENBOOG, key: typed})
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert f'<p class="fout" id="fout-{key}">{message}</p>' in field_block(html, key)
    assert f'value="{typed}"' in field_block(html, key)  # kept as typed, to correct
    assert "data:image/png" not in html and 'action="/kit.zip"' not in html


def test_number_fields_are_text_inputs_with_a_numeric_keyboard(client):
    html = client.get("/").get_data(as_text=True)
    assert 'type="number"' not in html
    for key in ("team", "groepsgrootte", "procesleiders", "jaar"):
        assert re.search(rf'<input id="veld-{key}" name="{key}" type="text" value="" inputmode="numeric"', html), key
    for key in ("verschuif_x", "verschuif_y"):
        assert re.search(rf'<input id="veld-{key}" name="{key}" type="text" value="" inputmode="decimal"', html), key


def test_a_mistyped_decimal_shift_that_is_a_number_is_taken(client):
    response = client.post("/", data={**REGENBOOG, "verschuif_x": "-1", "verschuif_y": "1,5"})
    assert response.status_code == 200 and "De kit voor de Regenboog" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "team, lines",
    PROGRAMME_LENGTHS,
)
def test_the_result_says_each_sessions_times_and_what_runs_past_two_hours(client, team, lines):
    html = unescape(client.post("/", data={**REGENBOOG, "team": str(team)}).get_data(as_text=True))
    shown = re.findall(r"<li(?: class=\"te-lang\")?>(Sessie \d[^<]*)</li>", html)
    assert shown == lines
    assert ("langer dan de 120" in html) == (team != 8)


def test_each_document_opens_whole_in_the_browsers_viewer(client):
    kit = make_kit(regenboog_profile())
    for name, data in kit.files.items():
        response = client.post("/bekijk", data={**REGENBOOG, "bestand": name})
        assert response.status_code == 200, name
        if name.endswith(".xlsx"):  # a spreadsheet is downloaded for Excel or Calc
            assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
            assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            assert response.headers["Content-Disposition"] == f'inline; filename="{name}"'
            assert response.mimetype == ("application/pdf" if name.endswith(".pdf") else "text/plain")
        assert response.data == data  # made again from the posted profile: the kit the page names
    for bad in ("../../etc/passwd", "voor-de-drukker.zip", "", "knikkerstemming-A4.pdf"):
        assert client.post("/bekijk", data={**REGENBOOG, "bestand": bad}).status_code == 404, bad


def test_only_what_is_new_for_session_2_comes_as_its_own_zip(client):
    from waardenkaart.kit import session2_maker

    kit = make_kit(regenboog_profile(), session2_maker())
    response = client.post("/kit.zip", data={**REGENBOOG, "soort": "sessie2"})
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="waardenkaart-de-regenboog-2029-alleen-sessie2.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == [f"{kit.name}/{name}" for name in kit.files]
    shop = client.post("/voor-de-drukker.zip", data={**REGENBOOG, "soort": "sessie2"})
    assert shop.headers["Content-Disposition"] == (
        'attachment; filename="voor-de-drukker-de-regenboog-2029-alleen-sessie2.zip"'
    )
    # without values there is nothing new for session 2: the whole kit
    neutral = {**REGENBOOG, "waarden": [], "soort": "sessie2"}
    assert (
        'filename="waardenkaart-de-regenboog-2029.zip"'
        in client.post("/kit.zip", data=neutral).headers["Content-Disposition"]
    )


def test_wijzig_brings_back_the_form_with_every_value_as_typed(client):
    typed = {**REGENBOOG, "krant": "het Parool", "snijtekens": "aan", "toekomstperspectief": "Wij zijn *veilig*."}
    html = unescape(client.post("/wijzig", data=typed).get_data(as_text=True))
    for key in ("school", "directeur", "team", "sessie1", "sessie2", "krant", "verschuif_x"):
        value = typed[key]
        assert f'value="{value}"' in field_block(html, key), key
    assert re.findall(r'name="waarden" type="text" value="([^"]+)"', html) == REGENBOOG["waarden"][:5]
    assert "checked" in field_block(html, "snijtekens") and "Wij zijn *veilig*." in html
    assert "Maak de kit" in html and "Hele kit (zip)" not in html


# What the web app may never say to a coordinator: file formats, character codes, column numbers, Python.
JARGON = re.compile(r"TOML|UTF-?8|U\+[0-9A-F]|kolom|Traceback|Error|None|\\x|\\u")


@pytest.mark.parametrize(
    "route, data",
    [
        ("/", {"school": "de Regenboog 🌞"}),
        ("/", {"directeur": "Anna\u0007 de Vries"}),
        ("/", {"school": "de Regenboog\u0378"}),
        ("/", {"waarden": ["🌞", "b", "c", "d", "e"]}),
        ("/", {"team": "24e", "sessie1": "morgen", "jaar": "twee"}),
        ("/profiel", {"profiel": (b'school = "de Regenboog\n', "kapot.toml")}),
        ("/profiel", {"profiel": ('school = "café"\n'.encode("latin-1"), "latin.toml")}),
        ("/profiel", {"profiel": (b"scool = 1\n", "typo.toml")}),
        ("/profiel", {"profiel": (b'snijtekens = "ja"\nteam = [1]\n', "soort.toml")}),
        ("/profiel", {"profiel": (b'school = "\\u0007x"\n', "bel.toml")}),
        ("/profiel", {"profiel": (b"school = 5\n", "getal.toml")}),
    ],
)
def test_no_message_of_the_web_app_speaks_a_programmers_language(client, route, data):
    form = {key: (io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value for key, value in data.items()}
    response = client.post(route, data=form, content_type="multipart/form-data")
    html = unescape(response.get_data(as_text=True))
    messages = re.findall(r'<p class="fout" id="fout-[^"]+">([^<]*)</p>', html)
    assert messages, html[:2000]
    for message in messages:
        assert not JARGON.search(message), message
    if "🌞" in str(data):
        assert "‘🌞’" in " ".join(messages)  # the character itself, named, without its code


@pytest.mark.parametrize(
    "method, route, data, status",
    [
        ("get", "/bestaat-niet", None, 404),
        ("get", "/kit.zip", None, 405),
        ("post", "/", {"school": "x" * 70_000}, 413),
    ],
)
def test_every_error_page_is_dutch_and_leads_back_to_the_form(client, method, route, data, status):
    response = getattr(client, method)(route, data=data) if data else getattr(client, method)(route)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert '<html lang="nl">' in html and '<a class="knop" href="/">Naar het formulier</a>' in html
    assert not JARGON.search(unescape(html))


def test_the_busy_and_the_failure_page_lead_back_to_the_form(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr("waardenkaart.web.views.make_kit", broken)
    failed = create_app().test_client().post("/kit.zip", data=REGENBOOG)
    assert failed.status_code == 500 and '<a class="knop" href="/">Naar het formulier</a>' in failed.get_data(
        as_text=True
    )
    app = create_app({"KITS_AT_ONCE": 1, "KIT_WAIT": 0.01})
    slots = app.extensions["waardenkaart.slots"]
    with slots.taken():
        busy = app.test_client().post("/kit.zip", data=REGENBOOG)
    assert busy.status_code == 503 and '<a class="knop" href="/">Naar het formulier</a>' in busy.get_data(as_text=True)
