"""Tabel 1, Tabel 2 and the opening sheet: printable, fillable, and read back into an action list."""

import io
from datetime import UTC, date, datetime

import pytest
from click.testing import CliRunner
from conftest import SESSIONS_PROFILE, TODAY, kit_for
from pdfcheck import page_text, pages
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase.ttfonts import TTFontFile

from waardenkaart.actionlist import action_list, read_filled_tables
from waardenkaart.cli import cli
from waardenkaart.intake.content import default_content
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.resources import data_dir
from waardenkaart.kit import TABLES_FILE
from waardenkaart.prepress.forms import winansi_characters
from waardenkaart.text.dutch import read_date

CONTENT = default_content()
HEADERS = [
    "Actiepunt",
    "Wie",
    "Wanneer ga je dat doen?",
    "Wie vertel je het zodra je het hebt gedaan?",
    "Wat ga je MORGEN al doen?",
    "Wanneer komen we er op terug?",
]
STAMP = datetime(2027, 2, 9, 18, 0, tzinfo=UTC)


def fields(data: bytes) -> dict:
    return PdfReader(io.BytesIO(data)).get_fields()


@pytest.mark.parametrize("team, table1_pages", [(1, 1), (20, 2), (41, 4), (120, 11)])
def test_tabel1_has_a_row_for_everyone_and_its_header_on_every_page(team, table1_pages):
    data = kit_for(team=team).files[TABLES_FILE]
    reader = PdfReader(io.BytesIO(data))
    names = fields(data)
    rows = {name.split(".")[1] for name in names if name.startswith("tabel1.")}
    assert len(rows) >= team
    assert all(
        f"tabel1.r{row:03d}.{column.key}" in names
        for row in range(1, len(rows) + 1)
        for column in CONTENT.tables.columns
    )
    content = pages(data)
    table1 = [index for index, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    assert len(table1) == table1_pages and table1 == list(range(1, 1 + table1_pages))
    for index in table1:
        text = page_text(content[index])
        assert text.count("Tabel 1.") == 1 and f"blad {table1.index(index) + 1} van {table1_pages}" in text
        for header in HEADERS:
            assert header.replace(" ", "") in text.replace(" ", ""), (index, header)
    page_of = {
        annotation.get_object().get("/T"): index
        for index, page in enumerate(reader.pages)
        for annotation in page.get("/Annots", []) or []
    }
    per_page = [
        len({n.split(".")[1] for n in names if n.startswith("tabel1.") and page_of.get(n) == index}) for index in table1
    ]
    assert len(set(per_page[1:])) <= 1 and sum(per_page) == len(rows)  # later pages are full


def test_every_sheet_names_school_year_and_session_date():
    data = kit_for(SESSIONS_PROFILE).files[TABLES_FILE]
    for page in pages(data):
        assert page_text(page).startswith("de Regenboog · toekomstbeeld 2029 · sessie 2 op dinsdag 9 februari 2027")
    neutral = pages(kit_for().files[TABLES_FILE])
    assert page_text(neutral[0]).startswith("................................ · toekomstbeeld 20__ ")


def test_tabel2_and_the_opening_sheet_have_their_fields():
    names = fields(kit_for().files[TABLES_FILE])
    assert [f"sessie2.waarde{i}" in names for i in range(1, 6)] == [True] * 5
    for key in ("followup", "vorderingen", "verantwoordelijk", "vieren", "extern"):
        assert f"tabel2.{key}" in names
    assert "tabel2.eigen3.onderwerp" in names and "tabel2.eigen3.antwoord" in names


def test_the_form_font_holds_every_winansi_character_and_the_file_is_reproducible():
    data = kit_for().files[TABLES_FILE]
    acroform = PdfReader(io.BytesIO(data)).trailer["/Root"]["/AcroForm"]
    font = acroform["/DR"]["/Font"]["/WkSans"].get_object()
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    program = descriptor["/FontFile2"].get_object().get_data()
    subset = TTFontFile(io.BytesIO(program))  # reads the (3,1) Unicode cmap a PDF reader uses
    assert all(subset.charToGlyph.get(ord(char)) for char in winansi_characters())
    # a subset: every character a profile accepts (test_design_system.py), not the whole font
    assert len(program) < 0.9 * (data_dir("fonts") / "NotoSans-Regular.ttf").stat().st_size
    assert font["/Encoding"] == "/Identity-H"
    assert font["/BaseFont"] == descriptor["/FontName"] and font["/BaseFont"][7] == "+"
    assert acroform["/DA"].startswith("/WkSans 9 Tf")


def filled(values: dict[str, str], profile=SESSIONS_PROFILE) -> bytes:
    """The tables of a kit, filled in as a PDF reader would; session 2 is on Tuesday 9 February 2027."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(kit_for(profile).files[TABLES_FILE])))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ROWS = {
    "tabel1.r001.actiepunt": "Elke maandag een kringgesprek",
    "tabel1.r001.wie": "Anna; Bram",
    "tabel1.r001.wanneer": "vanaf maart",
    "tabel1.r001.terugkomen": "12-3-2027",
    "tabel1.r002.actiepunt": "Complimentenmuur in de hal",
    "tabel1.r002.wie": "Team",
    "tabel1.r002.terugkomen": "na de kerstvakantie",
    "tabel1.r004.actiepunt": "Ouders uitnodigen",
    "tabel1.r004.terugkomen": "week 12",
    "tabel1.r005.actiepunt": "Pauzespellen",
    "tabel1.r005.terugkomen": "dinsdag 6 april",
    "tabel2.followup": "12 mei 2027, Carla organiseert",
    "tabel2.eigen1.onderwerp": "Budget",
    "tabel2.eigen1.antwoord": "€ 500 uit het welbevindingsfonds",
}


def test_a_filled_table_reads_back_into_csv_and_events_with_warnings():
    data = filled(ROWS)
    tables = read_filled_tables(data, "ingevuld.pdf", CONTENT, TODAY)
    result = action_list(tables, CONTENT, STAMP)
    assert tables.reference == date(2027, 2, 9)
    assert result.files["actielijst.csv"].decode("utf-8") == (
        "\ufeffActiepunt;Wie;Wanneer ga je dat doen?;Wie vertel je het zodra je het hebt gedaan?;"
        "Wat ga je MORGEN al doen?;Wanneer komen we er op terug?\r\n"
        "Elke maandag een kringgesprek;Anna; Bram;vanaf maart;;;12-3-2027\r\n".replace("Anna; Bram", '"Anna; Bram"')
        + "Complimentenmuur in de hal;Team;;;;na de kerstvakantie\r\n"
        "Ouders uitnodigen;;;;;week 12\r\n"
        "Pauzespellen;;;;;dinsdag 6 april\r\n"
    )
    assert result.files["afspraken.csv"].decode("utf-8") == (
        "\ufeffVraag;Antwoord\r\n"
        "Wanneer vindt er een follow-up plaats en wie organiseert dit?;12 mei 2027, Carla organiseert\r\n"
        "Budget;€ 500 uit het welbevindingsfonds\r\n"
    )
    assert result.warnings == [
        "rij 2: ‘na de kerstvakantie’ in ‘Wanneer komen we er op terug?’ is geen datum die ik "
        "kan lezen; zet dit terugkommoment zelf in de agenda."
    ]
    calendar = result.files["terugkommomenten.ics"].decode("utf-8")
    starts = [line for line in calendar.split("\r\n") if line.startswith("DTSTART")]
    assert starts == [
        "DTSTART;VALUE=DATE:20270312",
        "DTSTART;VALUE=DATE:20270322",
        "DTSTART;VALUE=DATE:20270406",
        "DTSTART;VALUE=DATE:20270512",
    ]
    assert "SUMMARY:Terugkomen op: Elke maandag een kringgesprek" in calendar
    assert "DESCRIPTION:Wie: Anna\\; Bram\\nWanneer: vanaf maart" in calendar
    assert calendar.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and calendar.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in calendar.split("\r\n"))
    assert (result.actions, result.events) == (4, 4)


def test_an_empty_table_gives_an_empty_list_and_no_calendar():
    result = action_list(read_filled_tables(filled({}), "leeg.pdf", CONTENT, TODAY), CONTENT, STAMP)
    assert list(result.files) == ["actielijst.csv"] and result.actions == 0


def test_a_pdf_that_is_not_our_table_is_refused(neutral_kit):
    with pytest.raises(UserError) as caught:
        read_filled_tables(neutral_kit.files["drukopdracht.pdf"], "drukopdracht.pdf", CONTENT, TODAY)
    assert str(caught.value) == (
        "drukopdracht.pdf: dit is geen Tabel 1 van waardenkaart; er staan geen tabelvelden "
        "in. Gebruik tabellen-sessie2-A4.pdf uit de kit, ingevuld in een PDF-lezer."
    )


def test_the_command_writes_the_list_and_warns_in_dutch(tmp_path, monkeypatch, neutral_kit):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ingevuld.pdf").write_bytes(filled(ROWS))
    (tmp_path / "geen-tabel.pdf").write_bytes(neutral_kit.files["drukopdracht.pdf"])
    result = CliRunner().invoke(cli, ["actielijst", "ingevuld.pdf"])
    assert result.exit_code == 0
    assert result.stdout == (
        "Actielijst gemaakt in actielijst-ingevuld/: 4 actiepunten, 4 terugkommomenten in de "
        "agenda.\n  actielijst.csv\n  afspraken.csv\n  terugkommomenten.ics\n"
        "  actiekaarten-A6.pdf\n  actiekaarten-A4-vellen.pdf\n  actiepunten-A3.pdf\n"
        "Voor stap 4: 5 actiekaartjes (actiekaarten-A6.pdf voor de drukker, actiekaarten-A4-vellen.pdf om zelf "
        "af te drukken) en de poster actiepunten-A3.pdf.\n"
        "1 actiepunt zonder datum om op terug te komen: op de kaartjes en de poster staat een regel om de datum "
        "in te vullen.\n"
    )
    assert result.stderr == (
        "Let op, rij 2: ‘na de kerstvakantie’ in ‘Wanneer komen we er op terug?’ is geen datum "
        "die ik kan lezen; zet dit terugkommoment zelf in de agenda.\n"
    )
    assert sorted(p.name for p in (tmp_path / "actielijst-ingevuld").iterdir()) == [
        ".waardenkaart-kit.json",
        "actiekaarten-A4-vellen.pdf",
        "actiekaarten-A6.pdf",
        "actielijst.csv",
        "actiepunten-A3.pdf",
        "afspraken.csv",
        "terugkommomenten.ics",
    ]
    again = CliRunner().invoke(cli, ["actielijst", "ingevuld.pdf"])
    assert again.exit_code == 1 and "bestaat al" in again.output
    wrong = CliRunner().invoke(cli, ["actielijst", "geen-tabel.pdf"])
    assert (wrong.exit_code, wrong.output) == (
        1,
        "Fout: geen-tabel.pdf: dit is geen Tabel 1 van waardenkaart; er staan "
        "geen tabelvelden in. Gebruik tabellen-sessie2-A4.pdf uit de kit, "
        "ingevuld in een PDF-lezer.\n",
    )


# Written in the column "Wanneer komen we er op terug?" of a table for session 2 on Tuesday 9 February 2027.
DATES = {
    "tabel1.r001.terugkomen": "12 januari",  # after February: the next January
    "tabel1.r002.terugkomen": "12/3/27",  # 2027, not 1927
    "tabel1.r003.terugkomen": "week 12 2028",  # the Monday of that week
    "tabel1.r004.terugkomen": "31-2-2027",  # no such day
    "tabel1.r005.terugkomen": "di 12 mrt",  # 12 March 2027 is a Friday
    "tabel1.r006.terugkomen": "vr 12 mrt",
    "tabel1.r007.terugkomen": "week 12",
}


def test_dates_are_read_as_a_dutch_teacher_writes_them_and_doubts_are_reported():
    values = {**DATES, **{key.replace("terugkomen", "actiepunt"): f"Actie {key[8:11]}" for key in DATES}}
    result = action_list(read_filled_tables(filled(values), "t.pdf", CONTENT, TODAY), CONTENT, STAMP)
    calendar = result.files["terugkommomenten.ics"].decode("utf-8").split("\r\n")
    assert [line for line in calendar if line.startswith(("DTSTART", "SUMMARY"))] == [
        "DTSTART;VALUE=DATE:20280112",
        "SUMMARY:Terugkomen op: Actie 001",
        "DTSTART;VALUE=DATE:20270312",
        "SUMMARY:Terugkomen op: Actie 002",
        "DTSTART;VALUE=DATE:20280320",
        "SUMMARY:Terugkomen op: Actie 003",
        "DTSTART;VALUE=DATE:20270312",
        "SUMMARY:Terugkomen op: Actie 006",
        "DTSTART;VALUE=DATE:20270322",
        "SUMMARY:Terugkomen op: Actie 007",
    ]
    assert result.warnings == [
        "rij 4: ‘31-2-2027’ in ‘Wanneer komen we er op terug?’ is geen datum die ik kan lezen; zet dit "
        "terugkommoment zelf in de agenda.",
        "rij 5: ‘di 12 mrt’ in ‘Wanneer komen we er op terug?’: 12 maart 2027 is een vrijdag, geen dinsdag; zet "
        "dit terugkommoment zelf in de agenda.",
    ]


@pytest.mark.parametrize(
    "written, expected",
    [
        ("12 januari", date(2028, 1, 12)),
        ("9 februari", date(2027, 2, 9)),  # the day itself still counts
        ("8 feb", date(2028, 2, 8)),
        ("12/3/27", date(2027, 3, 12)),
        ("12.3.2027", date(2027, 3, 12)),
        ("1-1-2028", date(2028, 1, 1)),
        ("12 maart 2027", date(2027, 3, 12)),
        ("15 febr.", date(2027, 2, 15)),
        ("dinsdag 6 april", date(2027, 4, 6)),
        ("week 12", date(2027, 3, 22)),
        ("week 5", date(2028, 1, 31)),  # week 5 of 2027 is over
        ("week 12 2028", date(2028, 3, 20)),
        ("31-2-2027", None),
        ("week 53 2027", None),
        ("na de kerstvakantie", None),
        # as a spreadsheet or a date field writes it: year first, never read as 3 December
        ("2027-03-12", date(2027, 3, 12)),
        ("2027-3-12", date(2027, 3, 12)),
        # a year that is not one: no date, so the action list says it cannot read it
        ("12-3-99999", None),
        ("12-3-20271", None),
        ("12-3-1", None),
        ("12-3-100", None),
        ("12-3-2027abc", None),
    ],
)
def test_reading_a_date_from_session_2_on(written, expected):
    assert read_date(written, date(2027, 2, 9)) == expected


def test_a_second_action_list_replaces_the_first_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ingevuld.pdf").write_bytes(filled(ROWS))
    first = CliRunner().invoke(cli, ["actielijst", "ingevuld.pdf", "--uitvoer", "lijst"])
    assert first.exit_code == 0
    before = (tmp_path / "lijst" / "actielijst.csv").read_bytes()
    (tmp_path / "ingevuld.pdf").write_bytes(filled({"tabel1.r001.actiepunt": "Alleen dit"}))
    refused = CliRunner().invoke(cli, ["actielijst", "ingevuld.pdf", "--uitvoer", "lijst"])
    assert refused.exit_code == 1
    assert refused.output.startswith("Fout: De map lijst bestaat al.") and "--overschrijf" in refused.output
    assert (tmp_path / "lijst" / "actielijst.csv").read_bytes() == before
    replaced = CliRunner().invoke(cli, ["actielijst", "ingevuld.pdf", "--uitvoer", "lijst", "--overschrijf"])
    assert replaced.exit_code == 0
    assert sorted(path.name for path in (tmp_path / "lijst").iterdir() if path.name[0] != ".") == [
        "actiekaarten-A4-vellen.pdf",  # the one action point's card and poster; no calendar, no agreements
        "actiekaarten-A6.pdf",
        "actielijst.csv",
        "actiepunten-A3.pdf",
    ]
    assert (tmp_path / "lijst" / "actielijst.csv").read_text(encoding="utf-8-sig").splitlines()[1] == "Alleen dit;;;;;"
