"""Tabel 1 as a spreadsheet: the kit's tabel1-sessie2.xlsx, and `actielijst` reading it back filled (as
openpyxl, LibreOffice Calc and Excel's CSV save it) to the same action list as the filled PDF form.

LibreOffice Calc itself saves the table here (headless `soffice --convert-to`), as a school would; the
test is skipped only where soffice is missing and this is not CI.
"""

import io
import os
import shutil
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import fresh_kit, kit_for
from openpyxl import Workbook, load_workbook
from test_actioncards import AGREEMENTS, CONTENT, KEYS, ROWS, STAMP, TODAY, filled_tables

from waardenkaart.actionlist import action_list, read_tables_file
from waardenkaart.cli import cli
from waardenkaart.intake.errors import UserError

SHEET = "tabel1-sessie2.xlsx"
PROFILE = {"school": "de Regenboog", "jaar": 2028, "sessie2": "2027-02-09 15:00", "team": 14}
LABELS = [
    "Actiepunt",
    "Wie",
    "Wanneer ga je dat doen?",
    "Wie vertel je het zodra je het hebt gedaan?",
    "Wat ga je MORGEN al doen?",
    "Wanneer komen we er op terug?",
]
HEADER_ROW = 5
# Tabel 2 on its sheet: (row, column B's answer or column A's own topic).
TABLE2_CELLS = {"B6": "12 mei 2027, Carla organiseert", "B9": "Met taart in de teamkamer", "A11": "Budget"}
TABLE2_CELLS["B11"] = "€ 500 uit het welbevindingsfonds"
SOFFICE = shutil.which("soffice")
ON_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")


def kit_sheet() -> bytes:
    return kit_for(PROFILE).files[SHEET]


def filled_sheet(rows: dict = ROWS, as_dates: dict | None = None, table2: dict | None = None) -> bytes:
    """The kit's spreadsheet filled in with openpyxl: the team's texts as text (never run as a formula),
    and the follow-up moments in `as_dates` (row → date) as spreadsheet dates."""
    book = load_workbook(io.BytesIO(kit_sheet()))
    sheet = book["Tabel 1"]
    for number, row in rows.items():
        for column, value in enumerate(row, 1):
            cell = sheet.cell(HEADER_ROW + number, column, value or None)
            cell.data_type = "s" if value else cell.data_type
    for number, when in (as_dates or {}).items():
        sheet.cell(HEADER_ROW + number, 6, when)
    for ref, value in (table2 if table2 is not None else TABLE2_CELLS).items():
        book["Tabel 2"][ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def listed(data: bytes, name: str):
    filled = read_tables_file(data, name, CONTENT, TODAY)
    return filled, action_list(filled, CONTENT, STAMP)


@pytest.fixture(scope="module")
def from_pdf():
    return listed(filled_tables(ROWS, AGREEMENTS, **PROFILE), "ingevuld.pdf")


def test_the_kit_holds_tabel_1_and_2_as_a_spreadsheet_with_the_handbooks_words():
    book = load_workbook(io.BytesIO(kit_sheet()))
    assert book.sheetnames == ["Tabel 1", "Tabel 2"]
    one, two = book["Tabel 1"], book["Tabel 2"]
    assert one["A1"].value == "de Regenboog · toekomstbeeld 2028 · sessie 2 op dinsdag 9 februari 2027"
    assert one["A2"].value == "Tabel 1."
    assert one["A3"].value == CONTENT.tables.table1_intro and "A3:F3" in [str(r) for r in one.merged_cells.ranges]
    assert [one.cell(HEADER_ROW, column).value for column in range(1, 7)] == LABELS
    assert one.freeze_panes == "A6"  # the headings stay while the team's rows scroll
    assert one.print_title_rows == "$5:$5"  # the headings on every printed page
    widths = [one.column_dimensions[letter].width for letter in "ABCDEF"]
    assert widths == [44.8, 21, 18.2, 21, 28, 18.2]  # the handbook's proportions, wide enough to read
    body = [one.cell(row, 6) for row in range(HEADER_ROW + 1, HEADER_ROW + 15)]
    assert all(cell.number_format == "d-m-yyyy" and cell.border.bottom.style == "thin" for cell in body)
    assert one.max_row == HEADER_ROW + 14  # a row per team member
    assert two["A2"].value == "Tabel 2." and two["A3"].value == CONTENT.tables.table2_intro
    assert [two.cell(row, 1).value for row in range(HEADER_ROW, 14)] == [
        "Vraag",
        *[question.label for question in CONTENT.tables.questions],
        "Eigen punt 1",
        "Eigen punt 2",
        "Eigen punt 3",
    ]
    properties = {prop.name: prop.value for prop in book.custom_doc_props}
    assert properties == {
        "WaardenkaartSessie2": "2027-02-09",
        "WaardenkaartSchool": "de Regenboog",
        "WaardenkaartJaar": "2028",
    }


def test_the_spreadsheet_has_the_same_bytes_every_time():
    assert fresh_kit(PROFILE).files[SHEET] == kit_sheet()
    archive = zipfile.ZipFile(io.BytesIO(kit_sheet()))
    assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and str(datetime.now().year) not in core


def test_the_filled_spreadsheet_gives_the_same_action_list_as_the_pdf(from_pdf):
    pdf, pdf_list = from_pdf
    # a date typed in a date cell is a spreadsheet date; the others stay text, as typed
    filled, sheet_list = listed(filled_sheet(as_dates={1: datetime(2027, 3, 12)}), "tabel1-sessie2.xlsx")
    assert filled.rows == pdf.rows and filled.agreements == pdf.agreements
    assert (filled.reference, filled.school, filled.year) == (pdf.reference, pdf.school, pdf.year)
    assert sheet_list.files == pdf_list.files  # actielijst.csv, afspraken.csv, terugkommomenten.ics
    assert sheet_list.warnings == pdf_list.warnings


def test_a_csv_as_dutch_excel_saves_it_gives_the_same_rows(from_pdf):
    pdf, pdf_list = from_pdf
    intro = "Tabel 1.;;;;;\r\n;;;;;\r\n"  # Excel saves what is above the table too
    lines = [";".join(LABELS)] + [
        ";".join(f'"{value}"' if ";" in value else value for value in row) for row in ROWS.values()
    ]
    text = intro + "\r\n".join(lines) + "\r\n"
    for data in (("\ufeff" + text).encode("utf-8"), text.encode("utf-8"), text.replace("€", "EUR").encode("cp1252")):
        filled, csv_list = listed(data, "tabel1.csv")
        assert filled.rows == pdf.rows
        assert csv_list.files["actielijst.csv"] == pdf_list.files["actielijst.csv"]
    moved = [LABELS[::-1]] + [list(row)[::-1] for row in ROWS.values()]  # by heading, not by position
    data = "\r\n".join(",".join(f'"{cell}"' for cell in row) for row in moved).encode("utf-8")
    assert listed(data, "andersom.csv")[0].rows == pdf.rows


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    """Save a file with LibreOffice Calc, headless: (input name, filter) → the saved file's bytes."""
    if SOFFICE is None:
        if ON_CI:
            pytest.fail("soffice ontbreekt op CI: .ci/run installeert libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")
    folder = tmp_path_factory.mktemp("calc")

    def save(data: bytes, name: str, target: str) -> bytes:
        source = folder / name
        source.write_bytes(data)
        out = folder / target.split(":")[0]
        command = [
            SOFFICE,
            f"-env:UserInstallation=file://{folder}/profiel",  # its own profile: tests may run side by side
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        return (out / f"{Path(name).stem}.{target.split(':')[0]}").read_bytes()

    return save


def test_the_table_saved_by_libreoffice_calc_gives_the_same_action_list(calc, from_pdf):
    pdf, pdf_list = from_pdf
    data = filled_sheet(as_dates={1: datetime(2027, 3, 12)})
    saved = calc(data, "tabel1-sessie2.xlsx", "xlsx")
    assert b"LibreOffice" in zipfile.ZipFile(io.BytesIO(saved)).read("docProps/app.xml")  # Calc wrote this one
    filled, calc_list = listed(saved, "tabel1-sessie2.xlsx")
    assert filled.rows == pdf.rows and filled.agreements == pdf.agreements and filled.reference == pdf.reference
    assert calc_list.files == pdf_list.files
    # As Calc's dialog saves a CSV: "cell content as shown" (a date as its format shows it), `,` or `;`, UTF-8.
    # (Headless Calc's bare "csv" writes dates in the machine's locale, 03/12/2027 in the US: not what a
    # Dutch school's Calc writes.)
    for target in (
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
        "csv:Text - txt - csv (StarCalc):59,34,76,1,,1043,false,true,true",
    ):
        filled, csv_list = listed(calc(data, "tabel1-sessie2.xlsx", target), "tabel1-sessie2.csv")
        assert filled.rows == pdf.rows
        assert csv_list.files["actielijst.csv"] == pdf_list.files["actielijst.csv"]


def test_a_formula_counts_by_its_value_never_its_text(calc):
    data = filled_sheet(rows={1: ("Pauzespellen", "", "", "", "", "")}, table2={})
    book = load_workbook(io.BytesIO(data))
    book["Tabel 1"]["B6"] = '="Anna"&" en "&"Bram"'
    raw = io.BytesIO()
    book.save(raw)
    with pytest.raises(UserError) as caught:  # openpyxl writes no computed value: nothing to count
        read_tables_file(raw.getvalue(), "formule.xlsx", CONTENT, TODAY)
    assert str(caught.value) == (
        "formule.xlsx, werkblad ‘Tabel 1’: in cel B6 staat een formule zonder uitkomst. Open het bestand in Excel "
        "of LibreOffice Calc en sla het op, zodat de uitkomst erin komt, of typ de tekst zelf in de cel."
    )
    computed = read_tables_file(calc(raw.getvalue(), "formule.xlsx", "xlsx"), "formule.xlsx", CONTENT, TODAY)
    assert computed.rows == [(1, {**dict.fromkeys(KEYS, ""), "actiepunt": "Pauzespellen", "wie": "Anna en Bram"})]


def _sheet(change) -> bytes:
    book = load_workbook(io.BytesIO(filled_sheet({1: ROWS[1], 2: ROWS[2]})))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _hidden(book):
    book["Tabel 1"].sheet_state = "hidden"


def _copy_hidden(book):
    copy = book.copy_worksheet(book["Tabel 1"])
    copy.sheet_state = "hidden"


def _ten_thousand(book):
    for row in range(HEADER_ROW + 1, HEADER_ROW + 10_001):
        book["Tabel 1"].cell(row, 1, f"Actie {row}")


WHERE = "tabel.xlsx, werkblad ‘Tabel 1’"
BAD_SHEETS = [
    (
        lambda book: book["Tabel 1"].delete_cols(2),
        f"{WHERE}: de kolom ‘Wie’ ontbreekt (rij 5). Zet de kolomnamen terug zoals ze in de tabel uit de kit staan.",
    ),
    (
        lambda book: book["Tabel 1"].cell(HEADER_ROW, 2, "Wie doet het"),
        f"{WHERE}: de kolom ‘Wie doet het’ (cel B5) hoort niet bij de tabel. De kolommen heten: ‘Actiepunt’, ‘Wie’, "
        "‘Wanneer ga je dat doen?’, ‘Wie vertel je het zodra je het hebt gedaan?’, ‘Wat ga je MORGEN al doen?’ en "
        "‘Wanneer komen we er op terug?’. Haal de kolom weg of geef hem zijn naam terug.",
    ),
    (
        lambda book: book["Tabel 1"].cell(HEADER_ROW, 7, "Opmerkingen"),
        f"{WHERE}: de kolom ‘Opmerkingen’ (cel G5) hoort niet bij de tabel. De kolommen heten: ‘Actiepunt’, ‘Wie’, "
        "‘Wanneer ga je dat doen?’, ‘Wie vertel je het zodra je het hebt gedaan?’, ‘Wat ga je MORGEN al doen?’ en "
        "‘Wanneer komen we er op terug?’. Haal de kolom weg of geef hem zijn naam terug.",
    ),
    (
        lambda book: book["Tabel 1"].cell(HEADER_ROW, 7, "wie?"),
        f"{WHERE}: de kolom ‘Wie’ staat er twee keer in (cel G5).",
    ),
    (
        lambda book: book["Tabel 1"].cell(9, 8, "vergeten"),
        f"{WHERE}: in cel H9 staat ‘vergeten’, naast de tabel, in een kolom zonder kolomnaam. Zet het in een kolom "
        "van de tabel of haal het weg.",
    ),
    (
        lambda book: book["Tabel 1"].merge_cells("B6:B7"),
        f"{WHERE}: de cellen B6:B7 zijn samengevoegd. Maak het samenvoegen ongedaan en zet in elke cel wat erin "
        "hoort, zodat elk actiepunt een eigen rij heeft.",
    ),
    (
        _hidden,
        "tabel.xlsx: Tabel 1 staat op een verborgen werkblad (‘Tabel 1’). Maak het werkblad zichtbaar (rechtsklik op "
        "een bladtab, ‘Zichtbaar maken’), sla het bestand op en probeer het opnieuw.",
    ),
    (
        _ten_thousand,
        f"{WHERE}: meer dan 500 ingevulde rijen. Tabel 1 heeft een rij per teamlid, en een team heeft er hoogstens "
        "500: is dit de goede tabel?",
    ),
    (
        lambda book: book.copy_worksheet(book["Tabel 1"]),
        "tabel.xlsx: Tabel 1 staat op meer dan één werkblad (‘Tabel 1’ en ‘Tabel 1 Copy’). Laat er één over, "
        "zodat geen actiepunt dubbel of verloren gaat.",
    ),
]


@pytest.mark.parametrize("change, message", BAD_SHEETS)
def test_a_changed_spreadsheet_gets_a_dutch_message_naming_the_cell(change, message):
    with pytest.raises(UserError) as caught:
        read_tables_file(_sheet(change), "tabel.xlsx", CONTENT, TODAY)
    assert str(caught.value) == message


def test_a_hidden_copy_and_the_intro_merged_above_the_table_are_no_problem():
    filled = read_tables_file(_sheet(_copy_hidden), "tabel.xlsx", CONTENT, TODAY)
    assert [number for number, _ in filled.rows] == [1, 2]


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


OTHER_FILES = [
    (
        _zip({"word/document.xml": b"<w/>"}),
        "tabel.xlsx: dit is geen spreadsheet (.xlsx) maar een ander soort bestand. Gebruik tabel1-sessie2.xlsx uit "
        "de kit, of de tabel als PDF of CSV.",
    ),
    (
        _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""}),
        "tabel.xlsx is een LibreOffice-bestand (.ods). Kies in LibreOffice Calc ‘Opslaan als’ en het type ‘Excel "
        "2007-365 (.xlsx)’, of ‘Tekst CSV (.csv)’, en probeer het opnieuw.",
    ),
    (
        _zip({"xl/workbook.xml": b"<kapot"}),
        "tabel.xlsx: geen leesbare spreadsheet: het bestand is beschadigd of geen .xlsx. Open het in Excel of "
        "LibreOffice Calc en sla het opnieuw op als .xlsx.",
    ),
    (b"PK\x03\x04" + b"\x00" * 100, "tabel.xlsx: geen leesbare spreadsheet: het bestand is beschadigd."),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
        "tabel.xlsx: dit is een oud Excel-bestand (.xls) of een spreadsheet met een wachtwoord. Sla de tabel in "
        "Excel op als ‘Excel-werkmap (.xlsx)’ zonder wachtwoord en probeer het opnieuw.",
    ),
    (
        bytes(range(256)) * 4,
        "tabel.xlsx: dit is geen PDF, geen spreadsheet en geen CSV-tekst. Gebruik tabellen-sessie2-A4.pdf of "
        "tabel1-sessie2.xlsx uit de kit, ingevuld, of Tabel 1 als CSV.",
    ),
    (
        b"school;directeur\r\nde Regenboog;Anna\r\n",
        "tabel.xlsx: hierin staat geen Tabel 1: geen regel heeft de kolomnamen ‘Actiepunt’, ‘Wie’ enzovoort. "
        "Gebruik Tabel 1 uit de kit en bewaar die als CSV.",
    ),
]


@pytest.mark.parametrize("data, message", OTHER_FILES)
def test_a_file_that_is_no_table_gets_a_dutch_message(data, message):
    with pytest.raises(UserError) as caught:
        read_tables_file(data, "tabel.xlsx", CONTENT, TODAY)
    assert str(caught.value) == message


def test_a_sheet_without_tabel_1_is_refused():
    book = Workbook()
    book.active.append(["Naam", "Telefoon"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(UserError) as caught:
        read_tables_file(out.getvalue(), "adressen.xlsx", CONTENT, TODAY)
    assert str(caught.value) == (
        "adressen.xlsx: hierin staat geen Tabel 1: geen werkblad heeft de kolommen ‘Actiepunt’, ‘Wie’ enzovoort. "
        "Gebruik tabel1-sessie2.xlsx uit de kit."
    )


EMPTY = (
    "de tabel bevat geen actiepunten: alle rijen van Tabel 1 zijn leeg. Waarschijnlijk is hij wel ingevuld maar "
    "niet opgeslagen. Open het bestand, kijk of de actiepunten erin staan, sla het op (in een PDF-lezer met "
    "‘Opslaan’, niet alleen sluiten) en probeer het opnieuw."
)


@pytest.mark.parametrize("name", ["tabellen-sessie2-A4.pdf", "tabel1-sessie2.xlsx", "tabel1.csv"])
def test_an_empty_saved_table_is_no_result(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    empty = {
        "tabellen-sessie2-A4.pdf": filled_tables({}, **PROFILE),  # filled in, never saved: the fields are empty
        "tabel1-sessie2.xlsx": kit_sheet(),
        "tabel1.csv": (";".join(LABELS) + "\r\n;;;;;\r\n").encode(),
    }[name]
    (tmp_path / name).write_bytes(empty)
    result = CliRunner().invoke(cli, ["actielijst", name])
    assert (result.exit_code, result.output) == (1, f"Fout: {name}: {EMPTY}\n")
    assert list(tmp_path.iterdir()) == [tmp_path / name]  # no folder, nothing half made


def test_the_command_reads_the_spreadsheet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tabel1-sessie2.xlsx").write_bytes(filled_sheet())
    result = CliRunner().invoke(cli, ["actielijst", "tabel1-sessie2.xlsx"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Actielijst gemaakt in actielijst-tabel1-sessie2/: 12 actiepunten, 12 terugkommomenten in de agenda.\n"
    )
    assert sorted(path.name for path in (tmp_path / "actielijst-tabel1-sessie2").iterdir()) == [
        ".waardenkaart-kit.json",
        "actiekaarten-A4-vellen.pdf",
        "actiekaarten-A6.pdf",
        "actielijst.csv",
        "actiepunten-A3.pdf",
        "afspraken.csv",
        "terugkommomenten.ics",
    ]
