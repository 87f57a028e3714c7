"""The command line through click's runner: arguments in, exit code and exact Dutch message out."""

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import KIT_FILES, TODAY, cached_make_kit

from waardenkaart import __version__
from waardenkaart.cli import cli

USAGE = "Gebruik: waardenkaart maak [OPTIES] [PROFIEL]\nProbeer 'waardenkaart maak --help' voor hulp.\n\n"


# The programme's length as the summary says it, for the default team of 20 and for goed.toml's 12.
PROGRAMME = {
    20: "\nHet programma voor 20 teamleden:\n"
    "  Sessie 1: 125 minuten: 5 langer dan de 120 van het handboek "
    "(5 groepjes presenteren 2 minuten; met groepjes van 6 zijn het er 4)\n"
    "  Sessie 2: 115 minuten\n",
    12: "\nHet programma voor 12 teamleden:\n"
    "  Sessie 1: 121 minuten: 1 langer dan de 120 van het handboek "
    "(3 groepjes presenteren 2 minuten; met groepjes van 6 zijn het er 2)\n"
    "  Sessie 2: 115 minuten\n",
}


def made(folder: str, zipped: bool = False, team: int = 20) -> str:
    """The summary of `maak`, written out from content/documenten.toml, and the programme's length."""
    shop_zip = (
        "  voor-de-drukker.zip\n"
        "      Het drukbestand en de drukopdracht samen, om in één keer naar de drukker te sturen.\n"
        if zipped
        else ""
    )
    return (
        f"Kit gemaakt in {folder}/\n\n"
        "Voor de drukker:\n"
        "  kaarten-A6-drukbestand.pdf\n"
        "      Alle kaartjes, elk één keer: voorkant en achterkant na elkaar, A6 met 3 mm afloop, PDF/X-1a.\n"
        "  drukopdracht.pdf\n"
        "      Wat de drukker moet weten: formaat, afloop, papier, dubbelzijdig en het aantal van elk kaartje.\n"
        + shop_zip
        + "\nVoor de school:\n"
        "  kaarten-A4-vellen.pdf\n"
        "      De kaartjes om zelf af te drukken, vier per A4: dubbelzijdig (omslaan langs de lange zijde), op ware grootte.\n"
        "  kalibratievel-A4.pdf\n"
        "      Staan de achterkanten niet precies achter de voorkanten? Druk dit vel dubbelzijdig af en lees de verschuiving af.\n"
        "  tabellen-sessie2-A4.pdf\n"
        "      Het openingsvel van sessie 2, Tabel 1 en Tabel 2: op papier of in een PDF-lezer in te vullen.\n"
        "  tabel1-sessie2.xlsx\n"
        "      Tabel 1 en Tabel 2 om in Excel of LibreOffice Calc in te vullen, een rij per teamlid; het programma maakt er na sessie 2 de actiekaartjes en de poster van.\n"
        "  bestellijst.csv\n"
        "      Per kaartje de pagina’s in het drukbestand en hoeveel exemplaren uw team nodig heeft; opent in Excel.\n"
        "  LEESMIJ.txt\n"
        "      Deze lijst als tekstbestand: welk bestand voor wie is en waarvoor.\n"
        "\nVoor de procesbegeleider:\n"
        "  draaiboek-sessie1-A4.pdf\n"
        "      Het programma van sessie 1 met kloktijden, de voorbereiding en alle voorleesteksten.\n"
        "  draaiboek-sessie2-A4.pdf\n"
        "      Het programma van sessie 2 met kloktijden, de voorbereiding en alle voorleesteksten.\n"
        "  paklijst-A4.pdf\n"
        "      Per sessie alle kaartjes en materialen, geteld voor uw team, om af te vinken.\n"
        "  poster-cyclus-A3.pdf\n"
        "      De vier stappen rond ‘Welbevinden op school’, drukklaar op A3.\n" + PROGRAMME[team]
    )


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)
    # make_kit is a pure function of the profile: the session's kits serve the command as well
    monkeypatch.setattr("waardenkaart.cli.make_kit", cached_make_kit, raising=False)
    (tmp_path / "goed.toml").write_text('school = "de Regenboog"\nteam = 12\n', encoding="utf-8")
    (tmp_path / "typo.toml").write_text('scool = "de Regenboog"\n', encoding="utf-8")
    (tmp_path / "kapot.toml").write_text('school = "de Regenboog\n', encoding="utf-8")
    (tmp_path / "team.toml").write_text('team = "twintig"\n', encoding="utf-8")
    (tmp_path / "bestaand").mkdir()
    (tmp_path / "bestaand" / "brief.docx").write_bytes(b"van de gebruiker")

    def invoke(*args):
        return CliRunner().invoke(cli, list(args))

    return invoke


@pytest.mark.parametrize(
    "args, code, output",
    [
        (["--version"], 0, f"waardenkaart {__version__}\n"),
        (["maak", "--jaar", "abc"], 2, USAGE + "Fout: --jaar: het jaartal moet een geheel getal zijn, niet 'abc'.\n"),
        (
            ["maak", "--jaar", "1999"],
            2,
            USAGE + "Fout: --jaar: het jaartal moet tussen 2000 en 2099 liggen, niet 1999.\n",
        ),
        (
            ["maak", "--team", "0"],
            2,
            USAGE + "Fout: --team: het aantal teamleden moet tussen 1 en 500 liggen, niet 0.\n",
        ),
        (
            ["maak", "--team", "-3"],
            2,
            USAGE + "Fout: --team: het aantal teamleden moet tussen 1 en 500 liggen, niet -3.\n",
        ),
        (
            ["maak", "--sessie1", "morgen"],
            2,
            USAGE
            + "Fout: --sessie1: geen datum die ik kan lezen: 'morgen'. Schrijf bijvoorbeeld \"2027-01-12 15:00\".\n",
        ),
        (
            ["maak", "--sessie1", "2027-02-01", "--sessie2", "2027-01-01"],
            2,
            USAGE + "Fout: --sessie2: sessie 2 moet na sessie 1 vallen.\n",
        ),
        (
            ["maak", "--school", "x" * 61],
            2,
            USAGE
            + "Fout: --school: te lang (61 tekens); op de kaarten past hoogstens 60 tekens. Kies een kortere vorm.\n",
        ),
        (
            ["maak", "--scool", "de Regenboog"],
            2,
            USAGE + "Fout: Onbekende optie '--scool'. (Bedoelde u een van: '--scholen', '--school'?)\n",
        ),
        (["maak", "--waarde", "rust"], 2, USAGE + "Fout: --waarde: de top telt 5 of 6 waarden, niet 1.\n"),
        (
            ["maak", "--sector", "vo"],
            2,
            USAGE + "Fout: Onbekende optie '--sector'. (Bedoelde u een van: '--directeur', '--school'?)\n",
        ),
        (
            ["maak", "--verschuif-x", "links"],
            2,
            USAGE + "Fout: --verschuif-x: verwacht een aantal millimeter, zoals 1,5 of -0,5, niet 'links'.\n",
        ),
        (
            ["maak", "--verschuif-y", "-12"],
            2,
            USAGE + "Fout: --verschuif-y: hoogstens 10 mm naar elke kant, niet -12. Kijk "
            "bij zo'n grote afwijking de instellingen van de printer na.\n",
        ),
        (
            ["controleer"],
            2,
            "Gebruik: waardenkaart controleer [OPTIES] BESTAND.pdf...\nProbeer 'waardenkaart controleer "
            "--help' voor hulp.\n\nFout: Argument ontbreekt 'BESTAND.pdf...'.\n",
        ),
        (
            ["maak", "weg.toml"],
            2,
            USAGE + "Fout: Ongeldige waarde voor '[PROFIEL]': Bestand 'weg.toml' bestaat niet.\n",
        ),
        (["maak", "goed.toml", "extra"], 2, USAGE + "Fout: Onverwacht extra argument (extra)\n"),
        (
            ["maak", "typo.toml"],
            1,
            "Fout: typo.toml: onbekend veld 'scool'. Bekende velden: school, directeur, jaar, "
            "krant, team, groepsgrootte, procesleiders, sessie1, sessie2, snijtekens, verschuif_x, "
            "verschuif_y, waarden, toekomstperspectief, waarden_ouders.\n",
        ),
        (
            ["maak", "kapot.toml"],
            1,
            "Fout: kapot.toml: geen geldige TOML: regel 1, kolom 23: ongeldig teken "
            "(een tekst zonder sluitend aanhalingsteken?).\n",
        ),
        (
            ["maak", "team.toml"],
            1,
            "Fout: team.toml, veld 'team': het aantal teamleden moet een geheel getal zijn, niet 'twintig'.\n",
        ),
        (
            ["maak", "--uitvoer", "bestaand"],
            1,
            "Fout: De map bestaand bestaat al en is geen kit van waardenkaart. Er verandert niets aan; "
            "kies een andere map met --uitvoer.\n",
        ),
        (
            ["maak", "--uitvoer", "bestaand", "--overschrijf"],
            1,
            "Fout: De map bestaand bestaat al en is geen kit van waardenkaart. Er verandert niets aan; "
            "kies een andere map met --uitvoer.\n",
        ),
        (
            ["maak", "--uitvoer", "."],
            1,
            "Fout: U staat zelf in de map . (of in een map daarbinnen). Kies een nieuwe map met --uitvoer.\n",
        ),
        (
            ["maak", "--uitvoer", "goed.toml"],
            2,
            USAGE + "Fout: Ongeldige waarde voor '--uitvoer': Map 'goed.toml' is een bestand.\n",
        ),
        (
            ["maak", "--uitvoer", "goed.toml/kit"],
            1,
            "Fout: goed.toml is een bestand, geen map. Kies een andere map met --uitvoer.\n",
        ),
        (["maak"], 0, made("waardenkaart")),
        (["maak", "--zip", "--snijtekens", "--verschuif-x", "1,5"], 0, made("waardenkaart", zipped=True)),
        (
            ["maak", "goed.toml", "--school", "het Stedelijk Gymnasium", "--jaar", "2030"],
            0,
            made("waardenkaart-het-stedelijk-gymnasium-2030", team=12),
        ),
    ],
)
def test_arguments_give_exit_code_and_message(run, args, code, output):
    result = run(*args)
    assert (result.exit_code, result.output) == (code, output)


def test_help_is_dutch(run):
    result = run("maak", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: waardenkaart maak [OPTIES] [PROFIEL]\n")
    assert "Opties:" in result.output and "Toon deze hulp en stop." in result.output
    assert "Vervang een bestaande kit in die map." in result.output
    assert "Show" not in result.output and "Usage" not in result.output


def test_an_option_wins_over_the_profile_and_the_order_list_follows_the_team(run, tmp_path):
    assert run("maak", "goed.toml", "--team", "30", "--uitvoer", "kit").exit_code == 0
    order = (tmp_path / "kit" / "bestellijst.csv").read_text(encoding="utf-8-sig").splitlines()
    assert order[-1].endswith(";60;2 per deelnemer")


def test_overwrite_replaces_an_existing_kit_only_when_asked(run, tmp_path):
    assert run("maak", "--uitvoer", "kit", "--team", "7").exit_code == 0
    first = (tmp_path / "kit" / "bestellijst.csv").read_bytes()
    assert run("maak", "--uitvoer", "kit", "--team", "41").exit_code == 1
    assert (tmp_path / "kit" / "bestellijst.csv").read_bytes() == first
    assert run("maak", "--uitvoer", "kit", "--team", "41", "--overschrijf").exit_code == 0
    assert (tmp_path / "kit" / "bestellijst.csv").read_bytes() != first
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_unwritable_folder_gets_a_message(run, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("waardenkaart.output.tempfile.mkdtemp", refuse)
    result = run("maak", "--uitvoer", "school/kit")
    assert (result.exit_code, result.output) == (
        1,
        "Fout: Kan niet schrijven in de map school: geen toegang.\n",
    )
    assert not (tmp_path / "school" / "kit").exists()


def test_a_file_in_the_way_gets_a_message(run, tmp_path):
    (tmp_path / "bestand").write_text("x")
    result = run("maak", "--uitvoer", "bestand/kit")
    assert (result.exit_code, result.output) == (
        1,
        "Fout: bestand is een bestand, geen map. Kies een andere map met --uitvoer.\n",
    )


def test_a_file_where_the_kit_folder_should_go_is_named_and_kept(run, tmp_path):
    (tmp_path / "waardenkaart").write_text("van de gebruiker")
    for args in (["maak"], ["maak", "--overschrijf"]):
        result = run(*args)
        assert (result.exit_code, result.output) == (
            1,
            "Fout: waardenkaart is een bestand, geen map. Kies een andere map met --uitvoer.\n",
        )
    result = run("maak", "--uitvoer", "waardenkaart", "--overschrijf")
    assert (result.exit_code, result.output) == (
        2,
        USAGE + "Fout: Ongeldige waarde voor '--uitvoer': Map 'waardenkaart' is een bestand.\n",
    )
    assert (tmp_path / "waardenkaart").read_text() == "van de gebruiker"


def test_a_failing_write_leaves_no_half_written_kit(run, tmp_path, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("waardenkaart.output.os.fsync", full_disk)
    result = run("maak", "--uitvoer", "kit")
    assert (result.exit_code, result.output) == (1, "Fout: Kan de kit niet schrijven naar kit: de schijf is vol.\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["bestaand", "goed.toml", "kapot.toml", "team.toml", "typo.toml"]
    )


def test_main_takes_argv_without_click_runner(tmp_path, capsys):
    from waardenkaart.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["maak", "--uitvoer", str(tmp_path / "kit")])
    assert stopped.value.code == 0
    assert Path(tmp_path / "kit" / "kaarten-A6-drukbestand.pdf").stat().st_size > 10_000


def test_the_zip_for_the_print_shop_holds_card_file_and_order_sheet_and_is_reproducible(run, tmp_path):
    import zipfile

    assert run("maak", "--zip", "--uitvoer", "een").exit_code == 0
    assert run("maak", "--zip", "--uitvoer", "twee").exit_code == 0
    first, second = (tmp_path / "een" / "voor-de-drukker.zip"), (tmp_path / "twee" / "voor-de-drukker.zip")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == ["kaarten-A6-drukbestand.pdf", "drukopdracht.pdf"]
        assert (
            archive.read("kaarten-A6-drukbestand.pdf") == (tmp_path / "een" / "kaarten-A6-drukbestand.pdf").read_bytes()
        )
        assert archive.testzip() is None


def test_the_summary_names_every_file_of_the_kit_once(run):
    output = run("maak").output.split("\nHet programma")[0]
    named = [line.strip() for line in output.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert sorted(named) == sorted(KIT_FILES)
