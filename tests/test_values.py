"""Session 2 made to measure: the team's own top 5 on every sheet, card and poster that asks for it,
and the material for parents and pupils."""

import pytest
from conftest import TODAY, kit_for
from pdfcheck import page_text, pages, squash

from waardenkaart.intake.errors import UserError
from waardenkaart.intake.layout import default_label_layout
from waardenkaart.intake.profile import build_profile
from waardenkaart.kit import CARD_FILE, TABLES_FILE

VALUES = ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid"]
PARENTS = [
    "verbondenheid",
    "nieuwsgierigheid",
    "creativiteit",
    "eerlijkheid",
    "doorzettingsvermogen",
    "vertrouwen",
    "rust en structuur",
    "gezondheid",
    "humor",
    "betrokkenheid",
]


@pytest.fixture(scope="module")
def valued_kit():
    return kit_for({"school": "de Regenboog", "waarden": VALUES, "waarden_ouders": PARENTS, "team": 20})


def texts(data: bytes) -> list[str]:
    return [page_text(page) for page in pages(data)]


def test_each_value_is_on_its_poster_the_opening_sheet_the_read_aloud_and_a_card(valued_kit):
    posters = texts(valued_kit.files["posters-waarden-A3.pdf"])
    assert len(posters) == 5
    for value, poster in zip(VALUES, posters):
        assert poster.startswith(f"Waarde {value} Als de waarde {value} optimaal en volledig is vervuld")
        assert squash(
            f"Stap 3.2: brainstormen over mogelijke acties ‘Wat is er nodig om de waarde {value} optimaal vervuld te "
            "krijgen?’ Wat staat ONS te DOEN?"
        ) in squash(poster)
    opening = texts(valued_kit.files[TABLES_FILE])[0]
    assert "1. veiligheid 2. respect 3. samen leren 4. vieren 5. zelfstandigheid" in opening
    cards = texts(valued_kit.files[CARD_FILE])[::2]
    facilitator = next(text for text in cards if text.startswith("Sessie 2: Aan de slag met de waarden Zeg/lees"))
    # the handbook's card, word for word: it names the number of values, not the values
    assert squash("“We hebben nu 5 waarden gefilterd uit jullie verhalen. Ieder kiest nu één waarde") in squash(
        facilitator
    )
    group_cards = [text for text in cards if text.startswith("Sessie 2: Aan de slag met de waarden Waarde:")]
    questions = [text.split(" Kies een van de 5 waarden")[0] for text in group_cards[:5]]
    plans = [text.split(" 4. Actiepunten formuleren.")[0] for text in group_cards[5:]]
    assert questions == plans == [f"Sessie 2: Aan de slag met de waarden Waarde: {value}" for value in VALUES]
    runsheet = squash(" ".join(texts(valued_kit.files["draaiboek-sessie2-A4.pdf"])))
    assert squash("uit deze vijf waarden. Stap 3, oftewel het organiseren, staat vandaag centraal.") in runsheet


def test_without_values_each_of_those_places_shows_a_write_in_line(neutral_kit):
    assert "posters-waarden-A3.pdf" not in neutral_kit.files
    opening = texts(neutral_kit.files[TABLES_FILE])[0]
    assert "1. 2. 3. 4. 5." in opening  # numbered lines, each a field to fill in
    cards = texts(neutral_kit.files[CARD_FILE])[::2]
    group = [text for text in cards if text.startswith("Sessie 2: Aan de slag met de waarden Waarde:")]
    # the value is written in a white panel in the band (no dots on the band's colour)
    assert len(group) == 2 and group[0].startswith("Sessie 2: Aan de slag met de waarden Waarde: Kies een van de")
    assert group[1].startswith("Sessie 2: Aan de slag met de waarden Waarde: 4. Actiepunten formuleren.")
    assert not any(text.startswith(("Ouderavond", "Onze waarden", "Knikkerstemming")) for text in cards)


def test_the_order_list_gives_each_value_group_its_own_card(valued_kit):
    rows = valued_kit.files["bestellijst.csv"].decode("utf-8-sig").splitlines()[1:]
    groups = [row for row in rows if "Aan de slag met de waarden – Waarde:" in row]
    assert [row.split(";")[5] for row in groups] == ["1"] * 10  # two cards per value: questions, action plan
    six = kit_for({"waarden": VALUES + ["plezier"], "team": 3})
    rows = six.files["bestellijst.csv"].decode("utf-8-sig").splitlines()[1:]
    assert len([row for row in rows if "– Waarde:" in row]) == 12


@pytest.mark.parametrize(
    "values, message",
    [
        (VALUES[:4], "profiel.toml, veld 'waarden': de top telt 5 of 6 waarden, niet 4."),
        (VALUES + ["plezier", "rust"], "profiel.toml, veld 'waarden': de top telt 5 of 6 waarden, niet 7."),
        (
            VALUES[:4] + ["Samen  Leren"],
            "profiel.toml, veld 'waarden': de waarde ‘Samen Leren’ staat er twee keer in (ook als ‘samen leren’).",
        ),
        (
            VALUES[:4] + ["verantwoordelijkheidsgevoel"],
            "profiel.toml, veld 'waarden': de waarde "
            "‘verantwoordelijkheidsgevoel’ is te lang (27 tekens); op poster en kaart past hoogstens 24 tekens.",
        ),
        ("veiligheid", "profiel.toml, veld 'waarden': de top telt 5 of 6 waarden, niet 1."),
        (
            [1, 2, 3, 4, 5],
            "profiel.toml, veld 'waarden': verwacht een lijst met tekst, zoals [\"veiligheid\", "
            '"respect"], niet [1, 2, 3, 4, 5].',
        ),
    ],
)
def test_values_are_checked_with_dutch_messages(values, message):
    with pytest.raises(UserError) as caught:
        build_profile({"waarden": values}, file_name="profiel.toml", today=TODAY)
    assert str(caught.value) == message


def test_parents_values_are_checked_too():
    with pytest.raises(UserError) as caught:
        build_profile({"waarden_ouders": PARENTS + ["plezier"]}, file_name="profiel.toml", today=TODAY)
    assert str(caught.value) == (
        "profiel.toml, veld 'waarden_ouders': de lijst voor ouders en leerlingen telt 1 tot en met 10 waarden, niet 11."
    )


def test_the_marble_labels_one_per_value_inside_the_safe_zone_with_cut_marks_outside(valued_kit):
    labels = default_label_layout()
    content = pages(valued_kit.files["knikkerstemming-A4.pdf"])
    assert len(content) == 3  # 8 labels, 2 labels, the tally sheet
    found = []
    for page in content[:2]:
        marks = [p for p in page.paints if p.stroke and p.fill is None]
        xs = sorted({round((m.box[0] + m.box[2]) / 2, 1) for m in marks if m.box[2] - m.box[0] < 1})
        ys = sorted({round((m.box[1] + m.box[3]) / 2, 1) for m in marks if m.box[3] - m.box[1] < 1})
        cells = [(x0, y0, x1, y1) for x0, x1 in zip(xs, xs[1:]) for y0, y1 in zip(ys, ys[1:])]
        for run in page.runs:
            cell = next(c for c in cells if c[0] <= run.x0 and run.x1 <= c[2] and c[1] <= run.y0 and run.y1 <= c[3])
            scale = (cell[2] - cell[0]) / labels.width
            inset = labels.safe * scale - 0.1
            assert run.x0 - cell[0] >= inset and cell[2] - run.x1 >= inset and run.y0 - cell[1] >= inset
            assert cell[3] - run.y1 >= inset
        for mark in marks:
            for x0, y0, x1, y1 in cells:
                inside = (
                    mark.box[0] > x0 + 0.2
                    and mark.box[2] < x1 - 0.2
                    and mark.box[1] > y0 + 0.2
                    and mark.box[3] < y1 - 0.2
                )
                assert not inside
        found += [run.text for run in page.runs if not run.text.startswith(("Knikkerstemming", "de Regenboog"))]
    assert sorted(found) == sorted(PARENTS)
    tally = page_text(content[2])
    assert tally.startswith("Knikkerstemming: telblad") and all(value in tally for value in PARENTS)


def test_the_pupils_card_asks_the_handbooks_dream_question(valued_kit):
    pupils = squash(" ".join(texts(valued_kit.files[CARD_FILE])))
    assert (
        squash(
            "Hoe ziet het er uit als deze waarde compleet vervuld is? Hoe doen we dan naar elkaar toe? Wat voel en zie je "
            "dan?"
        )
        in pupils
    )


def test_the_future_poster_emphasises_the_marked_words_or_shows_the_handbooks_example(valued_kit):
    sentence = "In 2028 is de Regenboog een school waar iedereen zich *veilig* voelt en we _samen leren_ en vieren."
    own = pages(
        kit_for({"waarden": VALUES, "toekomstperspectief": sentence}).files["poster-toekomstperspectief-A3.pdf"]
    )
    text = page_text(own[0])
    values_heading = next(run for run in own[0].runs if run.text.startswith("Onze waarden"))
    marked = " ".join(
        run.text
        for run in own[0].runs
        if run.font.endswith("Bold") and run.y0 > values_heading.y1 and run.text != "Ons toekomstperspectief"
    )
    assert "samen leren" in marked and "veilig" in marked and "Bijvoorbeeld" not in text and "*" not in text
    assert "iedereen zich veilig voelt en we samen leren en vieren." in text
    example = page_text(pages(valued_kit.files["poster-toekomstperspectief-A3.pdf"])[0])
    # no year in the profile: the handbook's blank, as on its facilitator card
    assert example.startswith("Ons toekomstperspectief Bijvoorbeeld: In 20__ is de Regenboog een school waar")
    assert "(De onderstreepte woorden in dit voorbeeld vertegenwoordigen de waarden)." in example
    assert "profiel" not in example and "*" not in example
