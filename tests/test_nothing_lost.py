"""Issue 25 through the command line: an action list never replaces a kit, hostile text from a PDF stays
inert on the terminal and in our files, the action list has limits, the batch's workers die with it,
and Ctrl-C, a link to itself, a billion teachers and a shift the sheet cannot hold each get Dutch."""

import io
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import TODAY, kit_for
from pypdf import PdfReader, PdfWriter
from test_hostile_pdfs import page

from waardenkaart.actionkit import MAX_CARDS, MAX_PEOPLE, action_papers
from waardenkaart.actionlist import FilledTables, action_list, read_filled_tables
from waardenkaart.intake.content import default_content
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.layout import default_card_layout, default_print_standard, default_sheet_layout
from waardenkaart.intake.profile import MAX_OFFSET, build_profile
from waardenkaart.kit import SHEET_FILE, TABLES_FILE, default_maker, make_documents
from waardenkaart.output import MANIFEST
from waardenkaart.prepress.preflight import check_pdf
from waardenkaart.render.sheets import placement
from waardenkaart.render.spreadsheet import defused
from waardenkaart.text.untrusted import cleaned, for_terminal

USAGE = "Gebruik: waardenkaart maak [OPTIES] [PROFIEL]\nProbeer 'waardenkaart maak --help' voor hulp.\n\n"
CONTENT = default_content()
MAKER = default_maker()


def tables(values: dict[str, str], info: dict[str, str] | None = None, **profile) -> bytes:
    """The kit's tables filled in as a PDF reader would, with document information changed by hand."""
    writer = PdfWriter(
        clone_from=PdfReader(io.BytesIO(kit_for(profile or {"school": "de Regenboog"}).files[TABLES_FILE]))
    )
    for sheet in writer.pages:
        writer.update_page_form_field_values(sheet, values, auto_regenerate=False)
    if info:
        writer.add_metadata(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def row(**values: str) -> dict[str, str]:
    """A filled row of Tabel 1 as read back: every column, empty where not given."""
    return {column.key: values.get(column.key, "") for column in CONTENT.tables.columns}


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


# --- an action list never replaces a kit ------------------------------------------------------------


def test_an_action_list_into_a_kit_folder_leaves_the_kit_whole(run, tmp_path):
    assert run("maak", "--uitvoer", "kit", "--team", "5").exit_code == 0
    kit = files_of(tmp_path / "kit")
    # the kit's own Tabel 1, filled in and saved outside the kit folder, as a school would
    writer = PdfWriter(clone_from=PdfReader(tmp_path / "kit" / "tabellen-sessie2-A4.pdf"))
    for sheet in writer.pages:
        writer.update_page_form_field_values(sheet, {"tabel1.r001.actiepunt": "Elke week een kringgesprek"})
    writer.write(tmp_path / "ingevuld.pdf")
    for extra in ([], ["--overschrijf"]):
        result = run("actielijst", "ingevuld.pdf", "--uitvoer", "kit", *extra)
        assert (result.exit_code, result.output) == (
            1,
            "Fout: De map kit bevat een kit van waardenkaart, geen actielijst: een actielijst vervangt nooit een "
            "kit. Er verandert niets aan; kies een andere map met --uitvoer.\n",
        )
        assert files_of(tmp_path / "kit") == kit
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ingevuld.pdf", "kit"]


def test_a_kit_replaces_an_older_kit_with_other_documents(run, tmp_path):
    """A kit with the print shop's zip is replaced by one without: every name of the document list is the kit's."""
    assert run("maak", "--uitvoer", "kit", "--zip").exit_code == 0
    assert run("maak", "--uitvoer", "kit", "--overschrijf").exit_code == 0
    assert not (tmp_path / "kit" / "voor-de-drukker.zip").exists()
    assert (tmp_path / "kit" / MANIFEST).is_file()


# --- command-line tables ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, code, output",
    [
        (
            ["maak", "--team", "1000000000"],
            2,
            USAGE + "Fout: --team: het aantal teamleden moet tussen 1 en 500 liggen, niet 1000000000.\n",
        ),
        (
            ["maak", "--team", "9" * 50],
            2,
            USAGE + f"Fout: --team: het aantal teamleden moet tussen 1 en 500 liggen, niet {'9' * 40}….\n",
        ),
        (
            ["maak", "--groepsgrootte", "0000000000000000000000000011"],
            2,
            USAGE + "Fout: --groepsgrootte: de grootte van de groepjes moet tussen 2 en 10 liggen, niet 11.\n",
        ),
        (
            ["maak", "--verschuif-x", "8"],
            2,
            USAGE + "Fout: --verschuif-x: hoogstens 7,5 mm naar elke kant, niet 8. Kijk bij zo'n grote afwijking "
            "de instellingen van de printer na.\n",
        ),
        (
            ["maak", "--verschuif-x", "-7,6"],
            2,
            USAGE + "Fout: --verschuif-x: hoogstens 7,5 mm naar elke kant, niet -7,6. Kijk bij zo'n grote afwijking "
            "de instellingen van de printer na.\n",
        ),
        (
            ["maak", "--uitvoer", "lus"],
            1,
            "Fout: lus is een snelkoppeling die naar zichzelf verwijst. Kies een andere map met --uitvoer.\n",
        ),
        (
            ["maak", "--uitvoer", "lus", "--overschrijf"],
            1,
            "Fout: lus is een snelkoppeling die naar zichzelf verwijst. Kies een andere map met --uitvoer.\n",
        ),
    ],
)
def test_arguments_give_exit_code_and_message(run, tmp_path, args, code, output):
    (tmp_path / "lus").symlink_to("lus")
    result = run(*args)
    assert (result.exit_code, result.output) == (code, output)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["lus"]


def test_an_action_list_into_a_link_to_itself_gets_a_message(run, tmp_path):
    (tmp_path / "lus").symlink_to("lus")
    (tmp_path / "ingevuld.pdf").write_bytes(tables({"tabel1.r001.actiepunt": "Kringgesprek"}))
    result = run("actielijst", "ingevuld.pdf", "--uitvoer", "lus")
    assert (result.exit_code, result.output) == (
        1,
        "Fout: lus is een snelkoppeling die naar zichzelf verwijst. Kies een andere map met --uitvoer.\n",
    )


# --- shifts the sheet can hold ----------------------------------------------------------------------


def test_the_largest_shift_allowed_keeps_every_back_and_its_bleed_on_the_sheet():
    sheet, card = default_sheet_layout(), default_card_layout()
    place = placement(sheet, card.width, card.height)
    points_per_mm = 72 / 25.4
    clearance = 0.5  # mm between a back's bleed and the paper's edge: the preflight counts less as touching
    left = min(x for x, _ in place.fronts) / points_per_mm
    bottom = min(y for _, y in place.fronts) / points_per_mm
    bleed = sheet.bleed / points_per_mm
    assert MAX_OFFSET["verschuif_x"] <= left - bleed - clearance
    assert MAX_OFFSET["verschuif_y"] <= bottom - bleed - clearance
    standard = default_print_standard()
    for shift in ((7.5, 0), (-7.5, 0), (0, 10), (0, -10)):
        profile = build_profile({"verschuif_x": shift[0], "verschuif_y": shift[1], "team": 1}, today=TODAY)
        sheets = make_documents(profile, only=lambda document: document.file == SHEET_FILE)[SHEET_FILE]
        report = check_pdf(sheets, standard)
        assert report.ready, (shift, report.findings)


# --- text from a PDF on the terminal and in our files -------------------------------------------------

ESCAPES = "\x1b]0;titel\x07\x1b[2J\x1b[31m"


def test_controleer_shows_a_pdfs_control_characters_instead_of_obeying_them(run, tmp_path):
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Boos#1B#5D0#3Btitel#07#1B#5B2J >>"
    data = page(b"BT /F1 12 Tf 20 200 Td (AB) Tj ET", b"<< /Font << /F1 5 0 R >> >>", extra={5: font})
    (tmp_path / "boos.pdf").write_bytes(data)
    result = run("controleer", "boos.pdf")
    assert result.exit_code == 1
    assert "lettertype Boos[U+001B]]0;titel[U+0007][U+001B][2J is niet ingesloten." in result.output
    assert not any(char in result.output for char in "\x1b\x07\x00\x7f")


def test_actielijst_keeps_control_characters_out_of_its_files_and_off_the_terminal(run, tmp_path):
    values = {
        "tabel1.r001.actiepunt": "\x00=1+1\x07 rood\x7f",
        "tabel1.r001.wie": "\u200b@Anna",
        "tabel1.r001.wanneer": "\ufeff=HYPERLINK(1)",
        "tabel1.r001.terugkomen": f"{ESCAPES}morgen",
        "tabel1.r002.actiepunt": "Kring\x1b[2Jgesprek",
        "tabel1.r002.terugkomen": "12-3-2027\x00",
        "tabel2.followup": "12 mei 2027\x07, Carla",
    }
    (tmp_path / "boos.pdf").write_bytes(tables(values, sessie2="2027-02-09 15:00", school="de Regenboog"))
    result = run("actielijst", "boos.pdf")
    assert result.exit_code == 0, result.output
    assert not any(char in result.output for char in "\x1b\x07\x00\x7f")
    assert "rij 1: ‘]0;titel[2J[31mmorgen’ in ‘Wanneer komen we er op terug?’ is geen datum" in result.output
    folder = tmp_path / "actielijst-boos"
    table = (folder / "actielijst.csv").read_text(encoding="utf-8-sig")
    calendar = (folder / "terugkommomenten.ics").read_bytes().decode("utf-8")
    for text in (table, calendar):
        assert not any(ord(char) < 32 and char not in "\r\n" or ord(char) == 127 for char in text)
    rows = table.splitlines()
    assert rows[1].startswith("'=1+1 rood;'\u200b@Anna;'\ufeff=HYPERLINK(1);")
    assert "SUMMARY:Terugkomen op: Kring[2Jgesprek\r\n" in calendar.replace("\r\n ", "")


@pytest.mark.parametrize("start", ["", "\x00", "\u200b", "\ufeff", "\u200b\ufeff\x00"])
@pytest.mark.parametrize("formula", ["=1+1", "@SUM(A1)", "+31 6", "-2"])
def test_a_formula_behind_invisible_characters_still_gets_its_apostrophe(start, formula):
    assert defused(start + formula) == "'" + start + formula


def test_untrusted_text_is_cleaned_for_files_and_escaped_for_the_terminal():
    assert cleaned(" a\x00b\x07\x1b[2J\x7f\x85c\r\ne\u0301 ") == "ab[2J c \u00e9"
    assert for_terminal("a\x1b[2J\nb\u202ec\x9b") == "a[U+001B][2J\nb[U+202E]c[U+009B]"


@pytest.mark.parametrize(
    "school, kept",
    [
        ("\u0301", ""),
        (" \u0301 ", ""),
        ("\u200b", ""),
        ("\x00", ""),
        ("x" * 500, ""),
        ("\U0001f600", ""),
        ("de Regen\x1b[2Jboog", "de Regen[2Jboog"),
        ("  de   Rege\u0301nboog ", "de Reg\u00e9nboog"),
    ],
)
def test_a_school_name_edited_into_the_document_information_never_breaks_the_action_list(run, tmp_path, school, kept):
    values = {"tabel1.r001.actiepunt": "Kringgesprek", "tabel1.r001.wie": "Anna"}
    info = {"/WaardenkaartSchool": school, "/WaardenkaartJaar": "²⁰²⁷"}
    (tmp_path / "ingevuld.pdf").write_bytes(tables(values, info))
    result = run("actielijst", "ingevuld.pdf")
    assert result.exit_code == 0, result.output
    filled = read_filled_tables((tmp_path / "ingevuld.pdf").read_bytes(), "ingevuld.pdf", CONTENT, TODAY)
    assert (filled.school, filled.year) == (kept, "")


# --- limits of the action list ----------------------------------------------------------------------


def test_a_cell_too_long_is_refused_by_row_and_column_without_quoting_it(run, tmp_path):
    values = {"tabel1.r001.actiepunt": "Kringgesprek", "tabel1.r003.wie": "Anna " * 20_000}
    (tmp_path / "lang.pdf").write_bytes(tables(values))
    started = time.monotonic()
    result = run("actielijst", "lang.pdf")
    assert (result.exit_code, result.output) == (
        1,
        "Fout: lang.pdf: rij 3, ‘Wie’ telt 99.999 tekens; een cel van de tabel mag er hoogstens 2.000 hebben. "
        "Maak de tekst korter en probeer het opnieuw.\n",
    )
    assert time.monotonic() - started < 60  # a hang guard only; the time itself is in benchmarks/
    assert not (tmp_path / "actielijst-lang").exists()


def test_a_warning_quotes_the_start_of_a_long_cell_only():
    text = "na de herfstvakantie of misschien later " * 45  # 1,800 characters, no date
    filled = FilledTables([(1, row(actiepunt="Kring", terugkomen=text.strip()))], [], TODAY)
    warning = action_list(filled, CONTENT, datetime(2027, 1, 1, tzinfo=UTC)).warnings[0]
    assert warning == (
        "rij 1: ‘na de herfstvakantie of misschien later na de herfstvakanti…’ in ‘Wanneer komen we er op "
        "terug?’ is geen datum die ik kan lezen; zet dit terugkommoment zelf in de agenda."
    )


def test_more_names_in_one_cell_than_cards_for_them_is_refused():
    names = ", ".join(f"Naam{chr(65 + i // 26)}{chr(97 + i % 26)}" for i in range(MAX_PEOPLE + 1))
    filled = FilledTables([(4, row(actiepunt="Kring", wie=names))], [], TODAY)
    with pytest.raises(UserError) as refused:
        action_papers(filled, {}, MAKER.face, MAKER.sheet, MAKER.standard)
    assert str(refused.value) == (
        f"rij 4, ‘Wie’ noemt {MAX_PEOPLE + 1} namen; een actiepunt krijgt een kaartje per naam, voor hoogstens "
        f"{MAX_PEOPLE} namen. Schrijf bij een grote groep de groep op (‘het hele team’, ‘de bovenbouw’) in "
        "plaats van ieders naam, en probeer het opnieuw."
    )


def test_more_cards_than_one_run_makes_is_refused_before_any_is_set():
    names = ", ".join(f"Naam{chr(65 + i // 26)}{chr(97 + i % 26)}" for i in range(MAX_PEOPLE))
    rows = [(number, row(actiepunt="Kring", wie=names)) for number in range(1, MAX_CARDS // MAX_PEOPLE + 2)]
    started = time.monotonic()
    with pytest.raises(UserError) as refused:
        action_papers(FilledTables(rows, [], TODAY), {}, MAKER.face, MAKER.sheet, MAKER.standard)
    assert str(refused.value) == (
        "de tabel vraagt 1.050 actiekaartjes (een per naam per actiepunt); in één keer kunnen er hoogstens 1.000. "
        "Schrijf bij een grote groep de groep op in plaats van ieders naam, en probeer het opnieuw."
    )
    assert time.monotonic() - started < 10  # refused before a card is set


def test_more_text_on_the_cards_than_one_run_sets_is_refused_before_any_is_set():
    names = ", ".join(f"Naam{chr(65 + i // 26)}{chr(97 + i % 26)}" for i in range(40))
    action = "Elke maandag een kringgesprek. " * 64  # 1,983 characters once stripped: under a cell's limit
    rows = [(number, row(actiepunt=action.strip(), wie=names)) for number in range(1, 6)]
    started = time.monotonic()
    with pytest.raises(UserError) as refused:
        action_papers(FilledTables(rows, [], TODAY), {}, MAKER.face, MAKER.sheet, MAKER.standard)
    assert str(refused.value) == (
        "op de actiekaartjes komen samen 460.200 tekens (de tekst van elk actiepunt op het kaartje van ieder die "
        "het doet); in één keer kunnen er hoogstens 400.000. Maak lange teksten korter of schrijf bij een grote "
        "groep de groep op in plaats van ieders naam, en probeer het opnieuw."
    )
    assert time.monotonic() - started < 10  # refused before a card is set


# --- Ctrl-C while loading -----------------------------------------------------------------------------

INTERRUPTED_IMPORT = """
import sys
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "waardenkaart.cli":
            raise KeyboardInterrupt  # as Ctrl-C in the first tenths of a second
sys.meta_path.insert(0, Interrupt())
sys.argv = ["waardenkaart", "maak"]
from waardenkaart.console import main
main()
"""


def test_ctrl_c_while_the_program_loads_says_afgebroken(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_IMPORT], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "\nAfgebroken.\n")
    assert list(tmp_path.iterdir()) == []


def test_the_console_script_and_python_m_start_through_the_guard():
    from importlib.metadata import entry_points

    (script,) = [point for point in entry_points(group="console_scripts") if point.name == "waardenkaart"]
    assert script.value == "waardenkaart.console:main"
    main = Path(__file__).parent.parent / "waardenkaart" / "__main__.py"
    assert "from .console import main" in main.read_text(encoding="utf-8")


# --- the batch's workers die with it ----------------------------------------------------------------


SCHOOLS = 40


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers in /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_the_workers_of_a_batch_stop_when_it_is_killed_and_the_output_ends(tmp_path, signum):
    rows = "".join(f"school {number};1\n" for number in range(SCHOOLS))
    (tmp_path / "scholen.csv").write_text("school;team\n" + rows, encoding="utf-8")
    command = [sys.executable, "-m", "waardenkaart", "maak", "--scholen", "scholen.csv", "--uitvoer", "kits"]
    batch = subprocess.Popen(
        [*command, "--processen", "2"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while len(children(batch.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children(batch.pid)
    assert len(workers) == 2
    time.sleep(1)  # the workers are making kits
    batch.send_signal(signum)
    ended = threading.Event()
    output = []
    reader = threading.Thread(target=lambda: (output.append(batch.stdout.read()), ended.set()), daemon=True)
    reader.start()
    assert ended.wait(30), "the output stayed open after the batch was stopped"
    batch.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(worker) for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(worker) for worker in workers)
    if signum == signal.SIGTERM:
        assert batch.returncode == 130
        assert "Onderbroken: de kits die af waren staan er" in batch.stderr.read().decode()
    made = list((tmp_path / "kits").iterdir()) if (tmp_path / "kits").exists() else []
    assert len([folder for folder in made if not folder.name.startswith(".")]) < SCHOOLS
    if signum == signal.SIGKILL:  # what the kill cut short, the next run finishes or undoes
        again = subprocess.run(
            [*command, "--processen", "2", "--overschrijf"], cwd=tmp_path, capture_output=True, text=True, timeout=600
        )
        assert again.returncode == 0, again.stderr
        assert sorted(path.name for path in (tmp_path / "kits").iterdir()) == sorted(
            f"waardenkaart-school-{number}"
            for number in range(SCHOOLS)  # no date of session 1: no year
        )


def test_a_date_is_still_read_after_cleaning():
    filled = FilledTables([(1, row(actiepunt="Kring", terugkomen=cleaned("12-3-2027\x00")))], [], date(2027, 2, 9))
    assert action_list(filled, CONTENT, datetime(2027, 1, 1, tzinfo=UTC)).dates == {1: date(2027, 3, 12)}


# --- reading a page: inline images count as images ----------------------------------------------------


@pytest.mark.parametrize(
    "space, found",
    [(b"/RGB", True), (b"/DeviceRGB", True), (b"/CMYK", False), (b"/G", False)],
)
def test_an_inline_image_in_rgb_is_found_as_an_image_xobject_is(space, found):
    channels = 3 if b"RGB" in space else 4 if b"CMYK" in space else 1
    image = b"q 10 0 0 10 50 50 cm BI /W 1 /H 1 /CS " + space + b" /BPC 8 ID " + b"\x80" * channels + b" EI Q"
    report = check_pdf(page(image), default_print_standard())
    assert any("een afbeelding in RGB" in finding.message for finding in report.findings) is found


def test_an_action_list_into_a_folder_of_the_users_own_names_the_kind(run, tmp_path):
    (tmp_path / "eigen").mkdir()
    (tmp_path / "eigen" / "brief.docx").write_bytes(b"van mij")
    (tmp_path / "ingevuld.pdf").write_bytes(tables({"tabel1.r001.actiepunt": "Kringgesprek"}))
    result = run("actielijst", "ingevuld.pdf", "--uitvoer", "eigen", "--overschrijf")
    assert (result.exit_code, result.output) == (
        1,
        "Fout: De map eigen bestaat al en is geen actielijst van waardenkaart. Er verandert niets aan; "
        "kies een andere map met --uitvoer.\n",
    )
    assert files_of(tmp_path / "eigen") == {"brief.docx": b"van mij"}
