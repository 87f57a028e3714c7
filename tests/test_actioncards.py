"""Step 4 on paper: a filled Tabel 1 and 2 become action cards (A6 and A4 sheets) and an A3 poster.

The tables are filled here with pypdf, as a PDF reader would; every expected text is written out in
the test, and every file goes through the preflight.
"""

import io
import shutil
from datetime import UTC, date, datetime

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from conftest import kit_for
from pdfcheck import box, page_text, pages, reader, squash
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from waardenkaart.actionkit import CARDS_FILE, POSTER_FILE, SHEETS_FILE, action_papers
from waardenkaart.actionlist import action_list, read_filled_tables
from waardenkaart.cli import cli
from waardenkaart.intake.content import default_content
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.layout import default_print_standard
from waardenkaart.intake.resources import data_dir
from waardenkaart.kit import TABLES_FILE, default_maker
from waardenkaart.prepress.preflight import check_pdf
from waardenkaart.render.actionposter import default_action_poster_layout
from waardenkaart.text.actionpoints import load_action_texts, split_names

CONTENT = default_content()
MAKER = default_maker()
TODAY = date(2026, 11, 24)
STAMP = datetime(2027, 2, 9, 18, 0, tzinfo=UTC)
KEYS = ["actiepunt", "wie", "wanneer", "vertellen", "morgen", "terugkomen"]
# 300 characters: a long action, as a team member may well write it.
LONG = (
    "Met het hele team een vaste plek in de week maken voor een kringgesprek over hoe het met de kinderen gaat, "
    "waarbij we beginnen met een compliment voor elkaar en eindigen met één ding dat we de week erna anders "
    "doen; dat schrijven we op in het logboek van de groep, zodat iedereen het ook kan nalezen."
)
assert len(LONG) == 300

# Twelve action points in table order; rows 1 and 4 are shared by two people, row 2's follow-up is not a
# date, row 7 is left empty (spaces only) and must be skipped.
ROWS = {
    1: (
        "Elke maandag een kringgesprek in alle groepen",
        "Anna en Bram",
        "vanaf maart",
        "de directeur",
        "Het rooster bekijken",
        "12-3-2027",
    ),
    2: (
        "Complimentenmuur in de hal",
        "Carla",
        "voor de voorjaarsvakantie",
        "het team",
        "Karton halen",
        "na de kerstvakantie",
    ),
    3: (LONG, "Dirk", "week 10", "<b>Els</b> & Co", "=SUM(A1:A9)", "di 20 april"),
    4: (
        "Ouders uitnodigen voor een koffieochtend",
        "Fatima; Gerrit",
        "april",
        "de MR",
        "Uitnodiging schrijven",
        "week 12",
    ),
    5: ("Pauzespellen uitlenen", "Hans", "na de meivakantie", "de kinderen", "Spellen tellen", "8 juni 2027"),
    6: ("Rustige hoek in elke klas", "Ilse", "mei", "collega's", "Kussens zoeken", "1 juni 2027"),
    7: ("  ", " ", "", "", "", ""),
    8: ("Buddy-systeem voor nieuwe leerlingen", "Jan", "na de zomer", "de IB'er", "Lijst maken", "15 september 2027"),
    9: ("Teamuitje plannen", "Karin", "juni", "iedereen", "Datumprikker sturen", "20-5-2027"),
    10: (
        "Welbevinden op de agenda van elke teamvergadering",
        "Lotte",
        "elke maand",
        "de directie",
        "Agenda aanpassen",
        "2-3-2027",
    ),
    11: ("Leerlingenraad vragen naar hun ideeën", "Mo", "maart", "de leerlingenraad", "Mail sturen", "16 maart"),
    12: (
        "Vieren wat gelukt is, met taart",
        "Nina",
        "elk kwartaal",
        "het team",
        "Bakker bellen",
        "30-6-2027 in de teamvergadering",
    ),
    13: ("Observatielijst welbevinden invoeren", "Olaf", "januari", "de IB'er", "Lijst zoeken", "week 15"),
}
AGREEMENTS = {
    "tabel2.followup": "12 mei 2027, Carla organiseert",
    "tabel2.vieren": "Met taart in de teamkamer",
    "tabel2.eigen1.onderwerp": "Budget",
    "tabel2.eigen1.antwoord": "€ 500 uit het welbevindingsfonds",
}
# (row, person on the card, the follow-up moment as the card prints it), in the order of the cards.
CARDS = [
    (1, "Anna", "vrijdag 12 maart 2027"),
    (1, "Bram", "vrijdag 12 maart 2027"),
    (2, "Carla", "na de kerstvakantie"),
    (3, "Dirk", "dinsdag 20 april 2027"),
    (4, "Fatima", "maandag 22 maart 2027"),
    (4, "Gerrit", "maandag 22 maart 2027"),
    (5, "Hans", "dinsdag 8 juni 2027"),
    (6, "Ilse", "dinsdag 1 juni 2027"),
    (8, "Jan", "woensdag 15 september 2027"),
    (9, "Karin", "donderdag 20 mei 2027"),
    (10, "Lotte", "dinsdag 2 maart 2027"),
    (11, "Mo", "dinsdag 16 maart 2027"),
    (12, "Nina", "woensdag 30 juni 2027"),
    (13, "Olaf", "maandag 12 april 2027"),
]
# The poster's order: by follow-up date, the point without a date last.
POSTER_ORDER = [10, 1, 11, 4, 13, 3, 9, 6, 5, 12, 8, 2]


def filled_tables(rows: dict, agreements: dict | None = None, **profile) -> bytes:
    """Our tables PDF with its fields filled in by pypdf, as a PDF reader saves them."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(kit_for(profile).files[TABLES_FILE])))
    values = {f"tabel1.r{n:03d}.{key}": value for n, row in rows.items() for key, value in zip(KEYS, row) if value}
    values.update(agreements or {})
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def papers_for(data: bytes):
    tables = read_filled_tables(data, "ingevuld.pdf", CONTENT, TODAY)
    dates = action_list(tables, CONTENT, STAMP).dates
    return action_papers(tables, dates, MAKER.face, MAKER.sheet, MAKER.standard)


@pytest.fixture(scope="module")
def team_tables() -> bytes:
    return filled_tables(ROWS, AGREEMENTS, school="de Regenboog", jaar=2028, sessie2="2027-02-09 15:00", team=14)


@pytest.fixture(scope="module")
def papers(team_tables):
    return papers_for(team_tables)


def test_a_card_per_person_per_action_point_and_the_undated_ones_counted(papers):
    assert (papers.cards, papers.undated) == (14, 1)
    assert list(papers.files) == [CARDS_FILE, SHEETS_FILE, POSTER_FILE]
    assert len(reader(papers.files[CARDS_FILE]).pages) == 2 * 14  # front and back per card


def test_each_card_reads_back_with_the_teams_words(papers):
    content = pages(papers.files[CARDS_FILE])
    for index, (row, person, follow_up) in enumerate(CARDS):
        front, back = page_text(content[2 * index]), page_text(content[2 * index + 1])
        action, who, when, tell, tomorrow, _ = ROWS[row]
        expected = [
            "Actiepunt",
            person,
            action,
            "Wie",
            who,
            "Wanneer ga je dat doen?",
            when,
            "Wie vertel je het zodra je het hebt gedaan?",
            tell,
            "Wat ga je MORGEN al doen?",
            tomorrow,
            "Wanneer komen we er op terug?",
            follow_up,
        ]
        # the action leads at the title's size: a long one (row 3, 300 characters) continues on the back
        _in_order(squash(front + " " + back), expected, (row, person))
        assert "Actiekaartje" in front and "Sessie 2 · stap 4" in front  # the footer line
        if "Lees verder op de achterkant." in front:
            continue
        back_expected = ["de Regenboog", "2028", "Stap 4 · Opleveren", "Actiekaartje", "Doen wat afgesproken is!"]
        _in_order(squash(back), [*back_expected, f"{index + 1} / 14"], (row, person, "achterkant"))
    # hostile text is printed as written: no markup, no formula
    dirk = page_text(content[2 * 3]) + page_text(content[2 * 3 + 1])
    assert "<b>Els</b> & Co" in dirk and "=SUM(A1:A9)" in dirk
    # a follow-up that says more than a date keeps the team's words under the date
    nina = squash(page_text(content[2 * 12]))
    assert squash("woensdag 30 juni 2027") + squash("30-6-2027 in de teamvergadering") in nina


def _in_order(text: str, expected: list[str], where) -> None:
    position = 0
    for part in expected:
        found = text.find(squash(part), position)
        assert found >= 0, (where, part)
        position = found + len(squash(part))


def test_a_point_without_a_date_gets_a_line_to_write_it_on(papers):
    data = papers.files[CARDS_FILE]
    carla = pages(data)[2 * 2]
    assert "na de kerstvakantie" in page_text(carla) and "Datum:" in page_text(carla)
    label = next(run for run in carla.runs if run.text == "Datum:")
    lines = [p for p in carla.paints if p.stroke and p.box[3] - p.box[1] < 2 and p.box[3] < label.y0]
    assert lines and max(p.box[2] - p.box[0] for p in lines) > 200  # a line across the card, under the label
    assert "Datum:" not in page_text(pages(data)[0])


def test_the_poster_lists_every_point_by_date_with_a_tick_box_and_the_agreements_at_the_foot(papers):
    content = pages(papers.files[POSTER_FILE])
    assert len(content) >= 2  # twelve points at poster size take more than one A3
    text = squash(" ".join(page_text(page) for page in content))
    positions = [text.find(squash(ROWS[row][0])) for row in POSTER_ORDER]
    assert -1 not in positions and positions == sorted(positions)
    foot = text.find(squash("Afspraken voor stap 4"))
    assert foot > positions[-1]
    _in_order(
        text[foot:],
        [
            "Wanneer vindt er een follow-up plaats en wie organiseert dit?",
            "12 mei 2027, Carla organiseert",
            "Hoe vieren we uitgevoerde acties?",
            "Met taart in de teamkamer",
            "Budget",
            "€ 500 uit het welbevindingsfonds",
        ],
        "afspraken",
    )
    boxes = [
        paint
        for page in content
        for paint in page.paints
        if paint.stroke
        and not paint.fill
        and 30 < paint.box[2] - paint.box[0] < 40
        and 30 < paint.box[3] - paint.box[1] < 40
    ]
    assert len(boxes) == 12
    for index, page in enumerate(content, 1):
        assert f"blad {index} van {len(content)}" in page_text(page)
        assert page_text(page).startswith("Onze actiepunten de Regenboog · toekomstbeeld 2028")


def test_poster_text_is_legible_across_the_room(papers):
    runs = [run for page in pages(papers.files[POSTER_FILE]) for run in page.runs]
    assert min(run.size for run in runs) >= 16
    characters = sum(len(run.text) for run in runs)
    large = sum(len(run.text) for run in runs if run.size >= 20)
    assert large / characters >= 0.9


def test_every_file_is_print_ready_and_reproducible(papers, team_tables):
    standard = default_print_standard()
    for name, data in papers.files.items():
        report = check_pdf(data, standard)
        assert report.ready, (name, report.findings)
        assert reader(data).metadata["/GTS_PDFXConformance"] == "PDF/X-1a:2001"
    first = reader(papers.files[CARDS_FILE]).pages[0]
    assert box(first.trimbox) == (8.504, 8.504, 306.142, 428.031)  # A6, 3 mm bleed
    assert box(reader(papers.files[POSTER_FILE]).pages[0].trimbox)[2:] == (850.394, 1199.055)  # A3
    assert papers_for(team_tables).files == papers.files


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float]:
    """WCAG contrast of two CMYK colours, by the plain formula and as a PDF viewer (PDFium) shows them."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(20, 10))
    for index, cmyk in enumerate((a, b)):
        canvas.setFillColorCMYK(*cmyk)
        canvas.rect(10 * index, 0, 10, 10, stroke=0, fill=1)
    canvas.save()
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=1).to_pil().convert("RGB")

    def luminance(rgb) -> float:
        linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in (c / 255 for c in rgb)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def ratio(x, y) -> float:
        light, dark = sorted((luminance(x), luminance(y)), reverse=True)
        return (light + 0.05) / (dark + 0.05)

    plain = [tuple(255 * (1 - v) * (1 - cmyk[3]) for v in cmyk[:3]) for cmyk in (a, b)]
    return ratio(*plain), ratio(image.getpixel((5, 5)), image.getpixel((15, 5)))


def test_the_action_colours_keep_wcag_aa_contrast():
    lay = default_action_poster_layout()
    black, tint = MAKER.layout.black, tuple(v * MAKER.layout.read_aloud_tint for v in lay.card_colour)
    pairs = {
        "witte tekst op de band en de achterkant van het kaartje": (lay.white, lay.card_colour),
        "de actie op de tint van het kaartje": (black, tint),
        "witte tekst op de band van de poster": (lay.white, lay.colour),
        "datums op de poster": (lay.colour, lay.white),
    }
    for where, (text, ground) in pairs.items():
        assert min(_contrast(text, ground)) >= 4.5, where


def test_the_sheets_carry_the_same_cards_for_the_school_printer(papers):
    content = pages(papers.files[SHEETS_FILE])
    assert len(content) == 8  # 14 cards, four per sheet, fronts and backs
    fronts = squash(" ".join(page_text(page) for page in content[::2]))
    _in_order(fronts, [ROWS[row][0] for row, _, _ in CARDS[::2]], "vellen")
    assert squash(LONG) in fronts


@pytest.fixture(scope="module")
def long_papers():
    rows = {1: (LONG, "Anna en Bram", LONG, LONG, LONG, LONG), 2: (" ".join([LONG] * 6), "Carla", "", "", "", "")}
    return papers_for(filled_tables(rows, school="de Regenboog"))


def test_long_entries_continue_on_the_back_at_the_decks_size(long_papers):
    content = pages(long_papers.files[CARDS_FILE])
    runs = [run for page in content for run in page.runs]
    team = {round(run.size, 2) for run in runs if len(run.text) > 12 and squash(run.text) in squash(LONG)}
    assert team == {10.5, 14.0}  # the cards' one body size, over the deck's 9.5 pt; the action at the title's size
    assert min(run.size for run in runs) >= 8  # the footer line
    assert len(content) == 2 * long_papers.cards == 12  # Anna and Bram two cards each, Carla's 1800 characters two
    assert long_papers.undated == 2  # Anna and Bram's follow-up is no date, Carla's is empty
    # Anna: the front, its back, and a second card for the rest; every text whole and in the table's order
    assert "Lees verder op de achterkant." in page_text(content[0])
    assert "Actiepunt · vervolg" in page_text(content[1]) and "Lees verder op het volgende kaartje." in page_text(
        content[1]
    )
    assert "Anna · vervolg" in page_text(content[2])
    anna = squash(" ".join(page_text(page) for page in content[:3]))
    _in_order(anna, [LONG, "Anna en Bram", LONG, LONG, LONG, LONG, "Datum:"], "Anna")
    markers = ("Lees verder op de achterkant.", "Lees verder op het volgende kaartje.", "Actiepunt · vervolg", "Actiepunt")
    body = [
        run.text
        for page in content[8:]
        for run in page.runs
        if 9.5 <= run.size and run.text not in markers and not run.text.endswith(" · vervolg")  # no headings
    ]
    assert squash(" ".join([LONG] * 6)) in squash(" ".join(body))  # 1800 characters, whole, over the sides
    for name, data in long_papers.files.items():
        assert check_pdf(data, default_print_standard()).ready, name
    sheet_backs = [page_text(page) for page in pages(long_papers.files[SHEETS_FILE])[1::2]]
    assert any("Actiepunt · vervolg" in text for text in sheet_backs)


def test_a_web_address_and_very_long_text_stay_inside_the_safe_zone():
    url = "https://www.basisschool-de-regenboog.nl/welbevinden/actieplan-2027/terugkomen"
    long = " ".join([LONG] * 4)
    papers = papers_for(filled_tables({1: (f"{long} {url}", "Anna", url, "", "", long)}, school="de Regenboog"))
    assert papers.undated == 1  # 1200 characters in the follow-up, and no date among them
    for name, data in papers.files.items():
        report = check_pdf(data, default_print_standard())
        assert report.ready, (name, report.findings)
    cards = squash(" ".join(page_text(page) for page in pages(papers.files[CARDS_FILE])))
    assert squash(url) in cards and cards.count(squash(url)) == 2


def test_text_the_font_cannot_print_is_refused_naming_row_column_and_characters():
    agreements = {"tabel2.vieren": "Met taart 🎂🎂"}
    data = filled_tables({1: ("Taart 🎉 bakken 👍🏽", "Anna", "", "", "", "12-3-2027")}, agreements)
    with pytest.raises(UserError) as caught:
        papers_for(data)
    assert str(caught.value) == (
        "deze tekens kan het lettertype van de kaartjes en de poster niet drukken: rij 1, ‘Actiepunt’: 🎉 👍; "
        "Tabel 2, ‘Hoe vieren we uitgevoerde acties?’: 🎂. "
        "Haal ze weg uit de tabel of vervang ze door woorden, en probeer het opnieuw."
    )


def test_invisible_characters_stay_off_the_paper_and_markup_is_printed_as_written():
    action = "Taart\x07 <i>bakken</i> & =1+1\u200b voor\u00adaf"
    papers = papers_for(filled_tables({1: (action, "Anna", "", "", "", "")}))
    front = page_text(pages(papers.files[CARDS_FILE])[0])
    assert "Taart <i>bakken</i> & =1+1 vooraf" in front
    for page in pages(papers.files[CARDS_FILE]) + pages(papers.files[POSTER_FILE]):
        assert not any(ord(char) < 32 or char in "\u200b\u200d\u00ad" for char in page_text(page))


def test_a_date_the_action_list_doubts_is_no_date_on_paper_either():
    # session 2 is on Tuesday 9 February 2027; 12 March 2027 is a Friday, not a Tuesday
    papers = papers_for(
        filled_tables({1: ("Pauzespellen", "Hans", "", "", "", "di 12 mrt")}, sessie2="2027-02-09 15:00")
    )
    front = page_text(pages(papers.files[CARDS_FILE])[0])
    assert papers.undated == 1 and "di 12 mrt Datum:" in front and "maart 2027" not in front


def test_an_empty_table_makes_no_paper():
    papers = papers_for(filled_tables({}))
    assert (papers.files, papers.cards, papers.undated) == ({}, 0, 0)


@pytest.mark.parametrize(
    "who, people",
    [
        ("Anna en Bram", ("Anna", "Bram")),
        ("Anna, Bram; Carla", ("Anna", "Bram", "Carla")),
        ("juf Anna & meester Bram", ("juf Anna", "meester Bram")),
        ("Henk-Jan", ("Henk-Jan",)),
        ("Ellen Bender", ("Ellen Bender",)),
        ("groep 5 en 6", ("groep 5 en 6",)),
        ("Team", ("Team",)),
        ("", ()),
    ],
)
def test_the_people_in_wie(who, people):
    assert split_names(who) == people


@pytest.mark.parametrize(
    "change, message",
    [
        (("\n[eigen]\n", "\n[eigen]\nkleur = 1\n"), "veld 'eigen.kleur': onbekend veld"),
        (('people = "wie"', 'people = "naam"'), "veld 'kolommen.people': onbekende waarde 'naam'"),
        (
            ('card_subtitle = "{{ naam }}"', 'card_subtitle = "{{ name }}"'),
            "veld 'eigen.card_subtitle': onbekende variabele 'name'",
        ),
        (('motto = "Doen wat afgesproken is!"\n', ""), "veld 'handboek.motto': ontbreekt."),
        (("ours = true\n", ""), "veld 'eigen.ours': ontbreekt: zet ours = true"),
    ],
)
def test_a_broken_content_file_names_file_and_field(tmp_path, change, message):
    text = (data_dir("content") / "actiekaarten.toml").read_text(encoding="utf-8")
    assert change[0] in text
    (tmp_path / "actiekaarten.toml").write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_action_texts(tmp_path, CONTENT)
    assert str(caught.value).startswith(f"{tmp_path.name}/actiekaarten.toml: {message}")


def test_the_command_makes_the_paper_and_controleer_passes_it(tmp_path, monkeypatch, team_tables):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ingevuld.pdf").write_bytes(team_tables)
    result = CliRunner().invoke(cli, ["actielijst", "ingevuld.pdf"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "  actiekaarten-A6.pdf\n  actiekaarten-A4-vellen.pdf\n  actiepunten-A3.pdf\n"
        "Voor stap 4: 14 actiekaartjes (actiekaarten-A6.pdf voor de drukker, actiekaarten-A4-vellen.pdf om zelf af "
        "te drukken) en de poster actiepunten-A3.pdf.\n"
        "1 actiepunt zonder datum om op terug te komen: op de kaartjes en de poster staat een regel om de datum in "
        "te vullen.\n"
    )
    folder = tmp_path / "actielijst-ingevuld"
    check = CliRunner().invoke(
        cli, ["controleer", *(str(folder / name) for name in (CARDS_FILE, SHEETS_FILE, POSTER_FILE))]
    )
    assert check.exit_code == 0, check.output
    shutil.rmtree(folder)
    (tmp_path / "emoji.pdf").write_bytes(filled_tables({1: ("Taart 🎉", "", "", "", "", "")}))
    refused = CliRunner().invoke(cli, ["actielijst", "emoji.pdf"])
    assert refused.exit_code == 1 and "rij 1, ‘Actiepunt’: 🎉" in refused.output
    assert not (tmp_path / "actielijst-emoji").exists()


def test_reading_tabel_2_back_keeps_every_own_point():
    """Each "Eigen punt" of Tabel 2 filled in, the last one too: a loop one short would lose it."""
    own = CONTENT.tables.own_items
    assert own >= 3
    agreements = {"tabel2.vieren": "Met taart"}
    for number in range(1, own + 1):
        agreements[f"tabel2.eigen{number}.onderwerp"] = f"Onderwerp {number}" if number != 2 else ""
        agreements[f"tabel2.eigen{number}.antwoord"] = f"Afspraak {number}"
    data = filled_tables({1: ("Taart bakken", "Anna", "", "", "", "12-3-2027")}, agreements, school="de Regenboog")
    names = set(PdfReader(io.BytesIO(data)).get_fields())
    assert f"tabel2.eigen{own}.antwoord" in names and f"tabel2.eigen{own + 1}.antwoord" not in names
    found = read_filled_tables(data, "ingevuld.pdf", CONTENT, TODAY).agreements
    label = CONTENT.tables.own_label
    assert found == [
        ("Hoe vieren we uitgevoerde acties?", "Met taart"),
        ("Onderwerp 1", "Afspraak 1"),
        (f"{label} 2", "Afspraak 2"),  # no topic written: the form's own label names it
        *[(f"Onderwerp {number}", f"Afspraak {number}") for number in range(3, own + 1)],
    ]
