"""Many schools at once: `maak --scholen`, from a table as Excel writes it, through click's runner."""

from pathlib import Path

import pytest
from conftest import KIT_FILES, TODAY

from waardenkaart import batch
from waardenkaart.batch import make_batch, read_rows
from waardenkaart.intake.errors import UserError
from waardenkaart.output import MANIFEST

VALUES = "veiligheid|respect|samen leren|vieren|zelfstandigheid"
# As Excel with Dutch settings saves "CSV UTF-8": a BOM, semicolons, CRLF, an empty row at the end.
EXCEL = (
    "\ufeffschool;directeur;team;waarden;sessie1;snijtekens\r\n"
    f"de Regenboog;Anna de Vries;24;{VALUES};12-1-2027 15:00;WAAR\r\n"
    "OBS Het Palet;Jan Smit;0;;;\r\n"
    "Basisschool De Kleine Prins – Ëlst;;12;;;\r\n"
    ";;;;;\r\n"
)


def table(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def kit_files(folder: Path) -> dict[str, bytes]:
    """The kit's files; the manifest names the folder it was written in, so it differs per folder."""
    assert (folder / MANIFEST).is_file()
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.name != MANIFEST}


@pytest.mark.parametrize("processes", ["1", "2"])
def test_a_bad_row_is_reported_with_its_line_and_the_others_are_made(run, tmp_path, processes):
    table(tmp_path / "scholen.csv", EXCEL)
    result = run("maak", "--scholen", "scholen.csv", "--uitvoer", "kits", "--processen", processes)
    assert result.exit_code == 1
    assert result.output == (
        "2 kits gemaakt in kits/, een map per school.\n"
        "1 regel zonder kit:\n"
        "  regel 3, veld 'team': het aantal teamleden moet tussen 1 en 500 liggen, niet 0.\n"
        "Langer dan de twee uur per sessie van het handboek:\n"
        "  regel 2, waardenkaart-de-regenboog-2029-sessie2:\n"
        "    Sessie 1: 15.00–17.07, 127 minuten: 7 langer dan de 120 van het handboek "
        "(6 groepjes presenteren 2 minuten; met groepjes van 6 zijn het er 4)\n"
        "    Sessie 2: 115 minuten\n"
        "  regel 4, waardenkaart-basisschool-de-kleine-prins-elst:\n"
        "    Sessie 1: 121 minuten: 1 langer dan de 120 van het handboek "
        "(3 groepjes presenteren 2 minuten; met groepjes van 6 zijn het er 2)\n"
        "    Sessie 2: 115 minuten\n"
    )
    made = sorted(path.name for path in (tmp_path / "kits").iterdir())
    assert made == ["waardenkaart-basisschool-de-kleine-prins-elst", "waardenkaart-de-regenboog-2029-sessie2"]
    for name in made:
        assert set(KIT_FILES) <= set(kit_files(tmp_path / "kits" / name))


def test_an_excel_table_is_read_as_the_user_typed_it(tmp_path):
    rows = list(read_rows(table(tmp_path / "scholen.csv", EXCEL)))
    assert [row.line for row in rows] == [2, 3, 4]
    first = rows[0].profile
    assert (first.school, first.directeur, first.team) == ("de Regenboog", "Anna de Vries", 24)
    assert first.waarden == ("veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid")
    assert first.sessie1.isoformat() == "2027-01-12T15:00:00" and first.snijtekens is True
    assert rows[1].profile is None and rows[1].error.startswith("regel 3, veld 'team'")
    assert rows[2].profile.school == "Basisschool De Kleine Prins – Ëlst"


def test_windows_1252_is_read_and_utf16_is_refused_with_advice(tmp_path):
    old_excel = table(tmp_path / "oud.csv", "school;team\r\nCBS Het Baken – Zeeën;20\r\n", "cp1252")
    assert next(read_rows(old_excel)).profile.school == "CBS Het Baken – Zeeën"
    unicode_text = table(tmp_path / "unicode.csv", "\ufeffschool\tteam\r\nde Regenboog\t20\r\n", "utf-16-le")
    with pytest.raises(UserError, match="unicode.csv is opgeslagen als UTF-16. Sla de tabel in Excel op als"):
        next(read_rows(unicode_text))


def test_comma_separated_and_a_list_in_one_cell_work_too(tmp_path):
    rows = list(read_rows(table(tmp_path / "s.csv", f'school,waarden\n"de Regenboog, Utrecht",{VALUES}\n')))
    assert rows[0].profile.school == "de Regenboog, Utrecht" and len(rows[0].profile.waarden) == 5


@pytest.mark.parametrize(
    "text, message",
    [
        ("scool;team\nde Regenboog;20\n", "s.csv, regel 1: onbekende kolom ‘scool’. Bekende kolommen: school, "),
        ("school;team;team\nde Regenboog;20;21\n", "s.csv, regel 1: de kolom ‘team’ staat er twee keer in."),
        ("", "s.csv is leeg: de eerste regel moet de kolomnamen geven"),
        ("school;team\n", "s.csv heeft geen scholen: onder de kolomnamen staat geen regel."),
    ],
)
def test_a_table_that_cannot_be_used_is_refused_as_a_whole(run, tmp_path, text, message):
    table(tmp_path / "s.csv", text)
    result = run("maak", "--scholen", "s.csv", "--uitvoer", "kits")
    assert result.exit_code == 1
    assert result.output.startswith(f"Fout: {message}")
    assert not (tmp_path / "kits").exists()


def test_two_rows_for_one_kit_and_an_existing_kit_are_row_failures(run, tmp_path):
    assert run("maak", "--school", "de Linde", "--uitvoer", "kits/waardenkaart-de-linde").exit_code == 0
    before = kit_files(tmp_path / "kits" / "waardenkaart-de-linde")
    table(tmp_path / "s.csv", "school;team\nde Regenboog;20\nde Linde;20\nde Regenboog;30\n")
    result = run("maak", "--scholen", "s.csv", "--uitvoer", "kits", "--processen", "1")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:2] == ["1 kit gemaakt in kits/, een map per school.", "2 regels zonder kit:"]
    assert lines[2].startswith("  regel 3: De map kits/waardenkaart-de-linde bestaat al.")
    assert lines[3] == (
        "  regel 4: dezelfde kit als regel 2 (waardenkaart-de-regenboog). "
        "Geef de school een andere naam of een ander jaar."
    )
    assert kit_files(tmp_path / "kits" / "waardenkaart-de-linde") == before  # untouched
    assert lines[4:] == [  # the programme's length only for the kit that was made
        "Langer dan de twee uur per sessie van het handboek:",
        "  regel 2, waardenkaart-de-regenboog:",
        "    Sessie 1: 125 minuten: 5 langer dan de 120 van het handboek "
        "(5 groepjes presenteren 2 minuten; met groepjes van 6 zijn het er 4)",
        "    Sessie 2: 115 minuten",
    ]


def test_batch_kits_are_byte_identical_to_single_runs(run, tmp_path):
    table(tmp_path / "s.csv", EXCEL)
    assert run("maak", "--scholen", "s.csv", "--uitvoer", "kits", "--processen", "2").exit_code == 1
    single = [
        (
            "waardenkaart-de-regenboog-2029-sessie2",
            ["--school", "de Regenboog", "--directeur", "Anna de Vries", "--team", "24"]
            + [f"--waarde={value}" for value in VALUES.split("|")]
            + ["--sessie1", "12-1-2027 15:00", "--snijtekens"],
        ),
        (
            "waardenkaart-basisschool-de-kleine-prins-elst",
            ["--school", "Basisschool De Kleine Prins – Ëlst", "--team", "12"],
        ),
    ]
    for name, options in single:
        assert run("maak", *options, "--uitvoer", f"enkel/{name}").exit_code == 0
        assert kit_files(tmp_path / "kits" / name) == kit_files(tmp_path / "enkel" / name)


def test_ctrl_c_leaves_only_complete_kits(tmp_path, monkeypatch):
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)
    made = batch.make_and_write

    def interrupted_at_the_second(profile, *args):
        if profile.school == "de Linde":
            raise KeyboardInterrupt
        made(profile, *args)

    monkeypatch.setattr(batch, "make_and_write", interrupted_at_the_second)
    source = table(tmp_path / "s.csv", "school\nde Regenboog\nde Linde\nhet Baken\n")
    done = []
    result = make_batch(source, tmp_path / "kits", processes=1, progress=done.append)
    assert result.interrupted and result.made == 1 and done == [1]
    assert [path.name for path in (tmp_path / "kits").iterdir()] == ["waardenkaart-de-regenboog"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scholen", "s.csv", "--school", "de Linde"], "--scholen gaat niet samen met een profiel of met opties"),
        (["--processen", "2"], "--processen hoort bij --scholen."),
        (["--scholen", "s.csv", "--processen", "0"], "Ongeldige waarde voor '--processen'"),
    ],
)
def test_options_that_do_not_go_with_a_batch_are_usage_errors(run, tmp_path, args, message):
    table(tmp_path / "s.csv", "school\nde Regenboog\n")
    result = run("maak", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_an_error_in_the_program_costs_only_its_own_row(tmp_path, monkeypatch):
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)
    made = batch.make_and_write

    def broken_for_one(profile, *args):
        if profile.school == "de Linde":
            raise RuntimeError("kapot")
        made(profile, *args)

    monkeypatch.setattr(batch, "make_and_write", broken_for_one)
    source = table(tmp_path / "s.csv", "school\nde Regenboog\nde Linde\nhet Baken\n")
    result = make_batch(source, tmp_path / "kits", processes=1)
    assert result.made == 2 and not result.interrupted
    assert [failure.message for failure in result.failures] == [
        "regel 3: onverwachte fout in waardenkaart (RuntimeError: kapot). Meld dit alstublieft."
    ]
