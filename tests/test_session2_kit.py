"""maak --alleen-sessie2: for a school that printed session 1, only what the team's values change or add.

The print file, the A4 sheets, the order sheet, the order list and the packing list hold just those
cards; the other documents are the session-2 ones. Everything the print shop gets passes preflight.
"""

import pytest
from click.testing import CliRunner
from conftest import TODAY
from pdfcheck import page_text, pages, squash

from waardenkaart.cli import cli
from waardenkaart.intake.layout import default_print_standard
from waardenkaart.intake.profile import build_profile
from waardenkaart.kit import CARD_FILE, ORDER_FILE, SHEET_FILE, make_kit, session2_maker
from waardenkaart.prepress.preflight import check_pdf

VALUES = ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid"]
PROFILE = {
    "school": "de Regenboog",
    "team": 24,
    "sessie1": "2027-01-12 15:00",
    "sessie2": "2027-02-09 15:00",
    "waarden": VALUES,
    "waarden_ouders": [*VALUES, "humor"],
    "toekomstperspectief": "In 2029 is de Regenboog een school waar iedereen zich *veilig* voelt.",
}


@pytest.fixture(scope="module")
def profile():
    return build_profile(PROFILE, today=TODAY)


@pytest.fixture(scope="module")
def full(profile):
    return make_kit(profile)


@pytest.fixture(scope="module")
def new(profile):
    return make_kit(profile, session2_maker())


def order_rows(kit) -> list[list[str]]:
    text = kit.files[ORDER_FILE].decode("utf-8").lstrip("\ufeff")
    return [line.split(";") for line in text.strip().split("\r\n")[1:]]


def test_the_kit_holds_the_session_2_documents_only(new, full):
    assert new.name == "waardenkaart-de-regenboog-2029-alleen-sessie2"
    assert full.name == "waardenkaart-de-regenboog-2029-sessie2"
    assert list(new.files) == [
        CARD_FILE,
        SHEET_FILE,
        "drukopdracht.pdf",
        "tabellen-sessie2-A4.pdf",
        "draaiboek-sessie2-A4.pdf",
        "paklijst-A4.pdf",
        "posters-waarden-A3.pdf",
        "poster-toekomstperspectief-A3.pdf",
        "knikkerstemming-A4.pdf",
        ORDER_FILE,
        "LEESMIJ.txt",
    ]
    for name in ("tabellen-sessie2-A4.pdf", "draaiboek-sessie2-A4.pdf", "posters-waarden-A3.pdf"):
        assert new.files[name] == full.files[name]  # the same document as in the whole kit
    readme = new.files["LEESMIJ.txt"].decode("utf-8")
    assert "Alleen wat nieuw is voor sessie 2" in readme and "draaiboek-sessie1" not in readme


def test_the_print_file_holds_no_session_1_card_and_each_values_card(new, full):
    rows = order_rows(new)
    assert {row[4] for row in rows} == {"2"}  # the session column: no session-1 card
    titles = [row[2] for row in rows]
    for value in VALUES:
        assert f"Sessie 2: Aan de slag met de waarden – Waarde: {value}" in titles
    assert {"Ouderavond", "Onze waarden", "Knikkerstemming"} <= set(titles)
    cards = pages(new.files[CARD_FILE])
    assert len(cards) == 2 * len(rows)
    text = squash(" ".join(page_text(page) for page in cards))
    for value in VALUES:
        assert squash(value) in text
    assert squash("Sessie 1") not in text
    # a card the values leave as it was (the session-2 overview) lies ready from session 1
    assert "Sessie 2: Overzicht" not in titles and "Sessie 2: Overzicht" in [row[2] for row in order_rows(full)]


def test_fewer_sheets_and_the_order_list_counts_what_the_files_hold(new, full):
    rows = order_rows(new)
    for number, row in enumerate(rows, 1):  # each line names its pages in the print file, in order
        assert row[0] == str(number) and row[1] == f"{2 * number - 1}–{2 * number}"
    copies = sum(int(row[5]) for row in rows)  # 2 cards per value (5), 3 parents' cards (30 each), 30 pupils', 10 marble
    assert copies == 140
    sheets = len(pages(new.files[SHEET_FILE])) // 2  # front and back
    assert sheets == -(-copies // 4)  # four cards to an A4, the last sheet as full as it gets
    assert sheets < len(pages(full.files[SHEET_FILE])) // 2
    packing = squash(" ".join(page_text(page) for page in pages(new.files["paklijst-A4.pdf"])))
    assert squash("Sessie 2") in packing and squash("Sessie 1") not in packing
    for row in rows:
        assert squash(f"{row[5]} {row[0]} / {len(rows)} {row[3]}: {row[2]}") in packing, row


def test_everything_the_print_shop_gets_passes_preflight(new):
    standard = default_print_standard()
    for name, data in new.files.items():
        if name.endswith(".pdf"):
            report = check_pdf(data, standard)
            assert report.ready, (name, report.findings[:3])


@pytest.mark.parametrize(
    "args, code, output",
    [
        (
            ["maak", "--alleen-sessie2", "--school", "de Linde"],
            2,
            "Fout: --alleen-sessie2 maakt wat de waarden van het team veranderen: geef de top 5 met --waarde "
            "of in het profiel.\n",
        ),
        (
            ["maak", "--alleen-sessie2", "--scholen", "s.csv"],
            2,
            "Fout: --scholen gaat niet samen met een profiel of met opties als --school en --team: "
            "zet die gegevens in de tabel.\n",
        ),
    ],
)
def test_the_option_needs_the_values(tmp_path, monkeypatch, args, code, output):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.csv").write_text("school\nde Linde\n", encoding="utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code and result.output.endswith(output)
    assert not any(path.is_dir() for path in tmp_path.iterdir())


def test_maak_alleen_sessie2_writes_the_smaller_kit_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("waardenkaart.intake.profile.current_date", lambda: TODAY)
    values = [arg for value in VALUES for arg in ("--waarde", value)]
    result = CliRunner().invoke(cli, ["maak", "--school", "de Regenboog", "--alleen-sessie2", *values])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Kit gemaakt in waardenkaart-de-regenboog-alleen-sessie2/\n")
    assert "draaiboek-sessie1-A4.pdf" not in result.output and "draaiboek-sessie2-A4.pdf" in result.output
    folder = tmp_path / "waardenkaart-de-regenboog-alleen-sessie2"
    assert sorted(path.name for path in folder.iterdir() if not path.name.startswith(".")) == sorted(
        make_kit(build_profile({"school": "de Regenboog", "waarden": VALUES}, today=TODAY), session2_maker()).files
    )


def test_an_old_profile_with_sector_makes_the_kit_with_a_notice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "oud.toml").write_text('school = "de Regenboog"\nsector = "vo"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["maak", "oud.toml"])
    assert result.exit_code == 0
    assert (
        "Let op, oud.toml: het veld ‘sector’ (soort onderwijs) doet niets meer en is overgeslagen.\n" in result.output
    )
