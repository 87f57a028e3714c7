"""Step 4 and many schools in the web app, through Flask's test client: each way in, the result and its
downloads, bad files and hostile text, and the schools' zip against what `maak --scholen` writes."""

import io
import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY
from openpyxl import Workbook, load_workbook
from test_actioncards import AGREEMENTS, ROWS, filled_tables, papers_for
from test_hostile_input import NASTY
from test_tablesheets import filled_sheet, kit_sheet

from waardenkaart.actionkit import CARDS_FILE, POSTER_FILE, SHEETS_FILE
from waardenkaart.cli import cli
from waardenkaart.output import MANIFEST

PROFILE = {"school": "de Regenboog", "jaar": 2028, "sessie2": "2027-02-09 15:00", "team": 14}
SCHOOLS = (
    "school;directeur;team;groepsgrootte;waarden\r\n"
    "de Regenboog;Anna de Vries;24;;veiligheid|respect|samen leren|vieren|humor\r\n"
    "OBS Het Palet;Jan Smit;31;5;\r\n"
    "De Linde;;0;;\r\n"
    "Kbs Sint Jan;;12;;\r\n"
)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)


@pytest.fixture(scope="module")
def team_tables() -> bytes:
    return filled_tables(ROWS, AGREEMENTS, **PROFILE)


def hidden(page: str) -> dict[str, str]:
    return {
        unescape(name): unescape(value)
        for name, value in re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def upload(client, data: bytes, name: str, **fields):
    return client.post(
        "/stap4/bestand", data={"tabel": (io.BytesIO(data), name), **fields}, content_type="multipart/form-data"
    )


def message(page: str) -> str:
    found = re.search(r'id="fout-tabel">(.*?)</p>', page, re.S)
    return unescape(found[1]) if found else ""


def test_the_filled_pdf_gives_the_result_and_its_downloads_the_same_files_as_actielijst(client, team_tables):
    response = upload(client, team_tables, "tabellen-sessie2-A4.pdf")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "12 actiepunten, 14 actiekaartjes, 1 punt zonder datum, 12 terugkommomenten in de agenda." in page
    assert "Rij 2: ‘na de kerstvakantie’ in ‘Wanneer komen we er op terug?’ is geen datum" in page
    assert page.count('alt="Actiekaartje ') == 2 * 12  # the first twelve, front and back
    assert 'alt="Poster met de actiepunten, vel 1"' in page
    fields = hidden(page)
    zipped = client.post("/stap4/download", data={**fields, "bestand": "zip"})
    assert zipped.headers["Content-Disposition"] == 'attachment; filename="stap4-de-regenboog-2028.zip"'
    archive = zipfile.ZipFile(io.BytesIO(zipped.data))
    papers = papers_for(team_tables)  # what `actielijst` makes of the same file
    for name in (CARDS_FILE, SHEETS_FILE, POSTER_FILE):
        assert archive.read(f"stap4-de-regenboog-2028/{name}") == papers.files[name], name
    single = client.post("/stap4/download", data={**fields, "bestand": "actielijst.csv"})
    assert single.headers["Content-Disposition"] == 'attachment; filename="actielijst-de-regenboog-2028.csv"'
    assert single.data == archive.read("stap4-de-regenboog-2028/actielijst.csv")
    assert "'=SUM(A1:A9)" in single.data.decode("utf-8-sig")  # the team's "formula" stays text in Excel
    assert client.post("/stap4/download", data={**fields, "bestand": "../kit.zip"}).status_code == 404


def test_the_spreadsheet_and_a_csv_give_the_same_cards(client, team_tables):
    papers = papers_for(team_tables)
    page = upload(client, filled_sheet(), "tabel1-sessie2.xlsx").get_data(as_text=True)
    zipped = client.post("/stap4/download", data={**hidden(page), "bestand": CARDS_FILE})
    assert zipped.data == papers.files[CARDS_FILE]
    labels = (
        "Actiepunt;Wie;Wanneer ga je dat doen?;Wie vertel je het zodra je het hebt gedaan?;Wat ga je MORGEN al doen?"
    )
    csv = f"{labels};Wanneer komen we er op terug?\r\nPauzespellen uitlenen;Hans en Ilsé;;;;\r\n".encode("cp1252")
    page = upload(client, csv, "tabel1.csv", school="OBS Het Palet").get_data(as_text=True)
    assert "1 actiepunt, 2 actiekaartjes, 1 punt zonder datum, 0 terugkommomenten in de agenda." in page
    assert hidden(page)["school"] == "OBS Het Palet"


def _missing_column() -> bytes:
    book = load_workbook(io.BytesIO(kit_sheet()))
    book["Tabel 1"].delete_cols(2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _other_sheet() -> bytes:
    book = Workbook()
    book.active.append(["Naam", "Telefoon"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (b"GIF89a" + bytes(range(256)), "foto.gif", "foto.gif: dit is geen PDF, geen spreadsheet en geen CSV-tekst."),
        ("drukopdracht", "drukopdracht.pdf", "drukopdracht.pdf: dit is geen Tabel 1 van waardenkaart;"),
        (b"%PDF-1.7\n%kapot", "kapot.pdf", "kapot.pdf: geen leesbaar PDF-bestand"),
        (_missing_column(), "tabel1-sessie2.xlsx", "tabel1-sessie2.xlsx, werkblad ‘Tabel 1’: de kolom ‘Wie’ ontbreekt"),
        (_other_sheet(), "adressen.xlsx", "adressen.xlsx: hierin staat geen Tabel 1"),
        ("leeg", "tabellen-sessie2-A4.pdf", "tabellen-sessie2-A4.pdf: de tabel bevat geen actiepunten"),
    ],
)
def test_a_bad_upload_gets_its_dutch_message_and_nothing_else(client, data, name, expected, neutral_kit):
    if data == "drukopdracht":
        data = neutral_kit.files["drukopdracht.pdf"]
    elif data == "leeg":
        data = filled_tables({}, **PROFILE)
    response = upload(client, data, name)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message(page).startswith(expected), message(page)
    assert 'name="bestand"' not in page  # no result, no download


def test_an_upload_too_large_is_refused_in_dutch(client):
    response = upload(client, b"x" * (26 * 1024 * 1024), "groot.pdf")
    assert response.status_code == 413
    assert (
        message(response.get_data(as_text=True)) == "Het bestand is groter dan 25 MB; een ingevulde tabel is kleiner."
    )


TYPED = {
    "school": "de Regenboog",
    "jaar": "2028",
    "sessie2": "2027-02-09",
    "tabel1.r001.actiepunt": "<script>alert('x')</script> & <b>vet</b>",
    "tabel1.r001.wie": "Anna en Bram",
    "tabel1.r001.terugkomen": "12-3-2027",
    "tabel1.r002.actiepunt": '=HYPERLINK("http://x";"klik")',
    "tabel1.r002.wie": "Carla\x07\x00",
    "tabel1.r002.morgen": "@SUM(A1)",
    "tabel2.vieren": "+31 6 1234",
}


def test_typed_hostile_text_is_printed_as_written_and_every_csv_cell_defused(client):
    response = client.post("/stap4", data={**TYPED, "actie": "maak"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "<script>" not in page and "&lt;script&gt;" not in page.split("<form", 1)[0]
    fields = hidden(page)
    assert fields["tabel1.r002.wie"] == "Carla"  # the control characters nobody sees are gone
    archive = zipfile.ZipFile(io.BytesIO(client.post("/stap4/download", data={**fields, "bestand": "zip"}).data))
    folder = "stap4-de-regenboog-2028"
    rows = archive.read(f"{folder}/actielijst.csv").decode("utf-8-sig").splitlines()
    assert rows[1] == "<script>alert('x')</script> & <b>vet</b>;Anna en Bram;;;;12-3-2027"
    assert rows[2] == '"\'=HYPERLINK(""http://x"";""klik"")";Carla;;;\'@SUM(A1);'
    assert "'+31 6 1234" in archive.read(f"{folder}/afspraken.csv").decode("utf-8-sig")
    from pdfcheck import page_text, pages, squash

    front = squash(page_text(pages(archive.read(f"{folder}/{CARDS_FILE}"))[0]))
    assert squash("<script>alert('x')</script> & <b>vet</b>") in front and squash("Anna") in front


@pytest.mark.parametrize(
    "change, field, expected",
    [
        (
            {"tabel1.r003.actiepunt": "x" * 1001},
            "tabel1.r003.actiepunt",
            "Hoogstens 1000 tekens in een vak; hier staan er 1001.",
        ),
        ({"school": "de Regen\x1bboog"}, "school", '<a href="#school">'),
        ({"sessie2": "morgen"}, "sessie2", "Sessie2"),
        (
            {"tabel1.r001.wie": "Anna 😀"},
            "",
            "deze tekens kan het lettertype van de kaartjes en de poster niet drukken: rij 1, ‘Wie’: 😀.",
        ),
    ],
)
def test_typed_bad_input_gets_the_fields_message_and_keeps_the_rest(client, change, field, expected):
    response = client.post("/stap4", data={**TYPED, **change, "actie": "maak"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    summary = re.search(r'id="fouten">(.*?)</div>', page, re.S)[1]
    assert expected.lower()[:40] in summary.lower(), summary
    if field:
        assert f'id="{field.replace(".", "-")}" name="{field}"' in page and 'aria-invalid="true"' in page
    assert "Anna en Bram" in page or "Anna 😀" in page  # what was typed is still there
    assert 'name="bestand"' not in page


def test_an_empty_typed_table_asks_for_the_action_points(client):
    page = client.post("/stap4", data={"school": "de Regenboog", "actie": "maak"}).get_data(as_text=True)
    assert "Tabel 1 is nog leeg: vul voor elk actiepunt minstens het actiepunt en wie in." in page


def test_more_rows_keep_what_is_typed(client):
    page = client.post("/stap4", data={**TYPED, "rijen": "10", "actie": "meer"}).get_data(as_text=True)
    assert page.count('<th scope="row" class="nr">') == 15
    assert 'name="tabel1.r015.actiepunt"' in page and 'name="tabel1.r016.actiepunt"' not in page
    assert ">Anna en Bram</textarea>" in page and 'name="rijen" value="15"' in page


def test_the_start_page_and_the_kit_lead_to_step_4_and_many_schools(client):
    start = client.get("/").get_data(as_text=True)
    assert 'href="/stap4"' in start and 'href="/scholen"' in start
    kit = client.post("/", data={"school": "de Regenboog"}).get_data(as_text=True)
    assert kit.count('href="/stap4"') == 1  # beside the kit's downloads


def test_three_good_schools_and_one_bad_give_three_kits_as_maak_writes_them(client, tmp_path, monkeypatch):
    response = client.post(
        "/scholen", data={"tabel": (io.BytesIO(SCHOOLS.encode()), "scholen.csv")}, content_type="multipart/form-data"
    )
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "regel 4, veld 'team': het aantal teamleden moet tussen 1 en 500 liggen, niet 0." in page
    assert "Hoogstens 200 scholen per keer." in page
    zipped = client.post("/scholen/kits.zip", data=hidden(response.get_data(as_text=True)))
    assert zipped.headers["Content-Disposition"].endswith("filename=scholen-kits.zip")
    archive = zipfile.ZipFile(io.BytesIO(zipped.data))
    summary = archive.read("samenvatting.txt").decode()
    assert summary == (
        "Kits voor veel scholen uit scholen.csv\r\n\r\n3 kits, een map per school:\r\n"
        "  waardenkaart-de-regenboog-sessie2 (regel 2)\r\n  waardenkaart-obs-het-palet (regel 3)\r\n"
        "  waardenkaart-kbs-sint-jan (regel 5)\r\n\r\n1 regel zonder kit:\r\n"
        "  regel 4, veld 'team': het aantal teamleden moet tussen 1 en 500 liggen, niet 0.\r\n"
    )
    assert summary.replace("\r\n", "\n") in page  # the page shows the same summary
    monkeypatch.chdir(tmp_path)
    Path("scholen.csv").write_text(SCHOOLS, encoding="utf-8", newline="")
    made = CliRunner().invoke(cli, ["maak", "--scholen", "scholen.csv", "--uitvoer", "kits", "--processen", "1"])
    assert made.exit_code == 1 and "3 kits gemaakt" in made.output
    written = {
        path.relative_to("kits").as_posix(): path.read_bytes()
        for path in sorted(Path("kits").rglob("*"))
        if path.is_file() and path.name != MANIFEST  # bound to its folder: every folder has its own
    }
    assert {name: archive.read(name) for name in archive.namelist() if name != "samenvatting.txt"} == written


def test_the_schools_table_may_be_a_spreadsheet_and_more_than_200_are_refused_above_it(client):
    book = Workbook()
    for line in SCHOOLS.splitlines():
        book.active.append([int(cell) if cell.isdecimal() else cell or None for cell in line.split(";")])
    out = io.BytesIO()
    book.save(out)
    page = unescape(
        client.post(
            "/scholen", data={"tabel": (io.BytesIO(out.getvalue()), "scholen.xlsx")}, content_type="multipart/form-data"
        ).get_data(as_text=True)
    )
    assert "3 kits uit scholen.xlsx" in page and "regel 4, veld 'team'" in page
    many = "school\r\n" + "".join(f"School {number}\r\n" for number in range(10_000))
    response = client.post(
        "/scholen", data={"tabel": (io.BytesIO(many.encode()), "veel.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert message(response.get_data(as_text=True)) == (
        "veel.csv heeft meer dan 200 scholen; hier kunnen er hoogstens 200 per keer. Verdeel de tabel over meer "
        "bestanden van elk hoogstens 200 scholen."
    )
    assert 'name="tabel" value=' not in response.get_data(as_text=True)  # no download offered


# A browser sends UTF-8: a lone surrogate cannot be typed into a form.
SENDABLE = [text for text in NASTY if not any("\ud800" <= char <= "\udfff" for char in text)]


@pytest.mark.parametrize("nasty", SENDABLE)
def test_every_hostile_text_of_the_profile_tests_gives_paper_or_a_dutch_message(client, nasty):
    typed = {"tabel1.r001.actiepunt": nasty, "tabel1.r001.wie": f"Anna {nasty}", "tabel1.r001.morgen": nasty}
    response = client.post("/stap4", data={**typed, "tabel2.vieren": nasty, "actie": "maak"})
    page = response.get_data(as_text=True)
    if response.status_code == 422:  # refused whole, with the reason in Dutch, and nothing to download
        assert re.search(r'id="fouten">\s*<h3>Niet alles is goed ingevuld</h3>\s*<p>\S', page), page
        assert 'name="bestand"' not in page
        return
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(client.post("/stap4/download", data={**hidden(page), "bestand": "zip"}).data))
    for name in archive.namelist():
        if name.endswith(".csv"):
            for row in archive.read(name).decode("utf-8-sig").splitlines():
                for cell in row.split(";"):
                    assert not cell.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


def test_maak_scholen_reads_the_same_table_as_a_spreadsheet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("scholen.csv").write_text(SCHOOLS, encoding="utf-8", newline="")
    book = Workbook()
    for line in SCHOOLS.splitlines():
        book.active.append([int(cell) if cell.isdecimal() else cell or None for cell in line.split(";")])
    book.save("scholen.xlsx")
    outputs = []
    for table in ("scholen.csv", "scholen.xlsx"):
        result = CliRunner().invoke(cli, ["maak", "--scholen", table, "--uitvoer", table[-4:], "--processen", "1"])
        assert result.exit_code == 1
        assert (
            "1 regel zonder kit:\n  regel 4, veld 'team': het aantal teamleden moet tussen 1 en 500 liggen, niet 0.\n"
            in result.output
        )
        root = Path(table[-4:])
        outputs.append(
            {
                p.relative_to(root).as_posix(): p.read_bytes()
                for p in root.rglob("*")
                if p.is_file() and p.name != MANIFEST
            }
        )
    assert outputs[0] == outputs[1] and len({name.split("/")[0] for name in outputs[0]}) == 3


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda sheet: sheet.__setitem__("B3", "=10+5"),  # as a script writes it: no result saved
            "scholen.xlsx, werkblad ‘Sheet’: in cel B3 staat een formule zonder uitkomst. Open het bestand in "
            "Excel of LibreOffice Calc en sla het op, zodat de uitkomst erin komt, of typ de waarde zelf in de cel.",
        ),
        (
            lambda sheet: sheet.merge_cells("A3:B3"),
            "scholen.xlsx, werkblad ‘Sheet’: de cellen A3:B3 zijn samengevoegd. Maak het samenvoegen ongedaan en "
            "zet in elke cel wat erin hoort, zodat elke school een eigen rij heeft.",
        ),
    ],
)
def test_a_schools_spreadsheet_that_would_make_a_kit_of_wrong_values_is_refused(tmp_path, monkeypatch, change, message):
    monkeypatch.chdir(tmp_path)
    book = Workbook()
    for row in (["school", "team"], ["de Regenboog", 24], ["OBS Het Palet", 31]):
        book.active.append(row)
    change(book.active)
    book.save("scholen.xlsx")
    result = CliRunner().invoke(cli, ["maak", "--scholen", "scholen.xlsx", "--uitvoer", "kits", "--processen", "1"])
    assert (result.exit_code, result.output) == (1, f"Fout: {message}\n")
    assert not Path("kits").exists()
