"""The card file as a print shop and a facilitator receive it, read back from the PDF."""

import re

import pytest
from conftest import KIT_FILES, LONG_PROFILE, LONG_SCHOOL, ORDER_COPIES, TODAY, kit_for
from pdfcheck import lines, page_text, pages, reader, squash
from reportlab.lib.units import mm

from waardenkaart.intake.content import default_content
from waardenkaart.intake.layout import default_card_layout
from waardenkaart.intake.profile import build_profile
from waardenkaart.kit import CARD_FILE, ORDER_FILE, SHEET_FILE
from waardenkaart.text.merge import merge_all

LAYOUT = default_card_layout()
CONTENT = default_content()
TRIM = (3 * mm, 3 * mm, 108 * mm, 151 * mm)


@pytest.fixture(scope="module", params=["neutral", "long"])
def kit(request, neutral_kit, long_kit):
    return {"neutral": neutral_kit, "long": long_kit}[request.param]


def test_the_kit_holds_the_print_files_and_the_order_list(neutral_kit):
    assert neutral_kit.name == "waardenkaart"
    assert list(neutral_kit.files) == KIT_FILES
    assert (KIT_FILES[0], KIT_FILES[-2]) == (CARD_FILE, ORDER_FILE)


def profile_of(kit):
    return build_profile(LONG_PROFILE if kit.name != "waardenkaart" else {}, today=TODAY)


# The appendices' cards, front by front, as the handbook orders them; a card about a value comes once
# per value of the team's top, the cards for parents and pupils only with the values.
DREAM = "Sessie 1: Droomfase Waar willen we naartoe?"
FUTURE = "Sessie 1: Toekomstperspectief en top {} waarden"
VALUE = "Sessie 2: Aan de slag met de waarden Waarde:"
FRONTS = {
    "neutral": [
        "Sessie 1: Overzicht",
        *["Sessie 1: Waarderend gesprek “Beste ervaring” Wat is er al?"] * 2,
        *[DREAM] * 5,
        *[FUTURE.format(5)] * 2,
        "Sessie 2: Overzicht",
        "Sessie 2: Aan de slag met de waarden Zeg/lees voor:",
        f"{VALUE} Kies een van de 5 waarden",  # the value is written in a white panel
        f"{VALUE} 4. Actiepunten formuleren.",
        "Sessie 2: Pitchen van acties",
        "Ja, en:",
    ],
    "long": [
        "Sessie 1: Overzicht",
        *["Sessie 1: Waarderend gesprek “Beste ervaring” Wat is er al?"] * 2,
        *[DREAM] * 5,
        *[FUTURE.format(6)] * 2,
        "Sessie 2: Overzicht",
        "Sessie 2: Aan de slag met de waarden Zeg/lees voor:",
        *(f"{VALUE} {value} Kies een van de 6 waarden" for value in LONG_PROFILE["waarden"]),
        *(f"{VALUE} {value} 4. Actiepunten formuleren." for value in LONG_PROFILE["waarden"]),
        "Sessie 2: Pitchen van acties",
        "Ja, en:",
        *["Ouderavond"] * 3,
        "Onze waarden",
        "Knikkerstemming",
    ],
}


def kit_kind(kit) -> str:
    return "neutral" if kit.name == "waardenkaart" else "long"


def test_the_fronts_are_the_appendix_cards_in_the_handbooks_order(kit):
    fronts = [page_text(page) for page in pages(kit.files[CARD_FILE])[::2]]
    expected = FRONTS[kit_kind(kit)]
    assert len(fronts) == {"neutral": 16, "long": 31}[kit_kind(kit)] == len(expected)
    for text, start in zip(fronts, expected):
        assert text.startswith(start), (start, text[:80])


def test_every_card_has_a_front_and_a_back_page_of_a6_with_bleed(kit):
    pdf = reader(kit.files[CARD_FILE])
    assert len(pdf.pages) == {"neutral": 32, "long": 62}[kit_kind(kit)]
    for page in pdf.pages:
        assert [round(float(v), 2) for v in page.mediabox] == [0, 0, round(111 * mm, 2), round(154 * mm, 2)]
        assert [round(float(v), 2) for v in page.trimbox] == [round(v, 2) for v in TRIM]
        assert [round(float(v), 2) for v in page.bleedbox] == [0, 0, round(111 * mm, 2), round(154 * mm, 2)]
        assert "/TrimBox" in page and "/BleedBox" in page


def test_every_font_is_embedded_and_subset(kit):
    pdf = reader(kit.files[CARD_FILE])
    seen = set()
    for page in pdf.pages:
        fonts = dict(page["/Resources"]["/Font"])
        for xobject in page["/Resources"].get("/XObject", {}).values():
            fonts.update(xobject.get_object()["/Resources"].get("/Font", {}))
        for font in fonts.values():
            font = font.get_object()
            name = str(font["/BaseFont"])
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, name
            assert re.fullmatch(r"/[A-Z]{6}\+NotoSans-\w+", name), name
            seen.add(name.split("+")[1])
    # read-aloud text is upright now; italic only where the handbook sets it
    assert (
        {"NotoSans-Regular", "NotoSans-Bold"}
        <= seen
        <= {f"NotoSans-{style}" for style in ("Regular", "Bold", "Italic", "BoldItalic")}
    )


def test_colour_is_cmyk_only_and_black_text_is_pure_black(kit):
    for page in pages(kit.files[CARD_FILE]):
        assert page.colour_operators <= {"k", "K"}, page.number
        assert not page.colour_spaces and not page.graphics_states and not page.images
        for run in page.runs:
            space, values = run.fill
            assert space == "cmyk"
            if values != (0, 0, 0, 0):  # white on the coloured band
                assert values == (0, 0, 0, 1), (page.number, run.text, values)
            if run.size < 14:  # below WCAG's large text: black or white only
                assert values in ((0, 0, 0, 1), (0, 0, 0, 0)), run.text


def test_text_stays_inside_the_safe_zone_at_a_legible_size(kit):
    safe = LAYOUT.safe
    left, bottom, right, top = TRIM[0] + safe, TRIM[1] + safe, TRIM[2] - safe, TRIM[3] - safe
    for page in pages(kit.files[CARD_FILE]):
        assert page.runs, page.number
        for run in page.runs:
            where = (page.number, run.text)
            assert run.x0 >= left - 0.01 and run.x1 <= right + 0.01, where
            assert run.y0 >= bottom - 0.01 and run.y1 <= top + 0.01, where
            assert run.size >= 8, where


def test_every_card_shows_all_of_its_merged_text_in_order(kit):
    """The layout drops nothing: every title, subtitle and paragraph of the filled card is on its front
    (an open value is a white panel to write on, not dots on the band's colour)."""
    fronts = pages(kit.files[CARD_FILE])[::2]
    cards = merge_all(profile_of(kit), CONTENT)
    assert len(cards) == len(fronts)
    blank = CONTENT.fields["waarde"].blank
    for merged, front in zip(cards, fronts):
        assert not merged.back_units
        text = squash(page_text(front))
        position = 0
        for part in (merged.title, merged.subtitle.replace(blank, ""), *(unit.markup for unit in merged.units)):
            found = text.find(squash(part), position)
            assert found >= 0, (merged.card.id, part)
            position = found


def test_the_neutral_kit_has_write_in_lines_and_the_handbooks_blank_year(neutral_kit):
    text = " ".join(page_text(page) for page in pages(neutral_kit.files[CARD_FILE]))
    assert squash("Stel, het is 20__ en jullie") in squash(text)
    assert squash("schoolsfeer op ................................") in squash(text)
    assert squash("In het artikel wordt het team van ................................ geroemd") in squash(text)
    assert squash("De directeur loopt binnen met de Volkskrant van die dag.") in squash(text)
    for leftover in ("None", "{{", "}}", "{%", "2028", "[naam", "naam school", "&amp;", "&lt;"):
        assert leftover not in text


def test_a_profile_fills_every_placeholder(long_kit):
    text = squash(" ".join(page_text(page) for page in pages(long_kit.files[CARD_FILE])))
    assert squash(f"schoolsfeer op {LONG_SCHOOL}") in text
    assert squash(f"De directeur loopt binnen met {LONG_PROFILE['krant']} van die dag") in text
    assert "................" not in text
    # the director's name has its blank in the run-sheet's read-aloud text, as in the handbook
    runsheet = squash(" ".join(page_text(page) for page in pages(long_kit.files["draaiboek-sessie1-A4.pdf"])))
    assert squash(f"{LONG_PROFILE['directeur']} loopt binnen met {LONG_PROFILE['krant']} van die dag") in runsheet
    assert long_kit.name == "waardenkaart-openbare-basisschool-het-palet-aan-de-2028-sessie2"


def test_markup_in_a_school_name_prints_as_typed_in_every_file():
    kit = kit_for(school="De <b>Bron</b> & Co", directeur="Łukasz Yılmaz-Nguyễn")
    text = " ".join(page_text(page) for page in pages(kit.files[CARD_FILE]))
    assert "op De <b>Bron</b> & Co" in text
    assert "Łukasz Yılmaz-Nguyễn" in " ".join(page_text(page) for page in pages(kit.files["draaiboek-sessie1-A4.pdf"]))
    for name, data in kit.files.items():
        if name.endswith(".pdf") and name != "kalibratievel-A4.pdf":  # the calibration sheet names no school
            text = " ".join(page_text(page) for page in pages(data))
            assert "Bron" in text and "&amp;" not in text and "&lt;" not in text, name
            assert squash(text).count(squash("De <b>Bron</b> & Co")) == text.count("Bron"), name  # may wrap


def _page_lines(kit) -> list[str]:
    """Each page of the kit's documents as one string with '|' at every line end.

    The A4 sheets place the very forms of the A6 file, so their line ends are the same.
    """
    return [
        "|".join(lines(page))
        for name, data in kit.files.items()
        if name.endswith(".pdf") and name != SHEET_FILE
        for page in pages(data)
    ]


def _wrapped(value: str, inside_words: bool) -> re.Pattern:
    """`value` as it may stand in the text: a line may end between its words, and if asked inside them."""
    inside = r"(?:-?\|)?" if inside_words else ""
    return re.compile(r"[ |]".join(inside.join(re.escape(char) for char in word) for word in value.split()))


def test_a_line_never_ends_inside_a_word_of_a_name_or_value(long_kit):
    """The long profile's school, director, newspaper and values must wrap; they wrap only between words."""
    texts = _page_lines(long_kit)
    values = [
        value
        for key in ("school", "directeur", "krant", "waarden", "waarden_ouders")
        for value in ([LONG_PROFILE[key]] if isinstance(LONG_PROFILE[key], str) else LONG_PROFILE[key])
    ]
    broken, wrapped = [], 0
    for value in values:
        anywhere, between_words = _wrapped(value, True), _wrapped(value, False)
        for text in texts:
            for found in anywhere.finditer(text):
                if not between_words.fullmatch(found[0]):
                    broken.append(found[0])
                wrapped += "|" in found[0]
    assert broken == []
    assert wrapped >= 10  # names do reach line ends in this kit, so the test can fail


@pytest.mark.parametrize("team, expected", ORDER_COPIES.items())
def test_the_order_list_gives_copies_per_card_for_the_team(team, expected):
    csv_text = kit_for(team=team).files[ORDER_FILE].decode("utf-8")
    assert csv_text.startswith("\ufeffNr.;Pagina’s;Kaart;Soort;Sessie;Aantal;Regel\r\n")
    rows = [line.split(";") for line in csv_text.strip().split("\r\n")[1:]]
    assert [int(row[5]) for row in rows] == expected
    assert [row[0] for row in rows] == [str(i + 1) for i in range(len(rows))]  # the number on the card's back
    assert [row[1] for row in rows] == [f"{2 * i + 1}\u2013{2 * i + 2}" for i in range(len(rows))]
    assert rows[1][6] == "1 per tweetal"


@pytest.mark.parametrize(
    "school, expected",
    [
        ("de Regenboog", "waardenkaart-de-regenboog"),
        ("Straße", "waardenkaart-strasse"),
        ("Café Łódź", "waardenkaart-cafe-lodz"),
        ("ÆØÅ ß", "waardenkaart-aeoa-ss"),
        ("Школа", "waardenkaart-14250c"),  # no ASCII form: a mark of the name instead
        ("Гимназия", "waardenkaart-8fb3f5"),
        ("Ωmega", "waardenkaart-mega-57b72b"),
    ],
)
def test_a_kit_folder_keeps_every_school_apart(school, expected):
    """Letters without an ASCII form must not make two schools' kits take one folder."""
    from waardenkaart.intake.profile import build_profile
    from waardenkaart.kit import kit_name

    assert kit_name(build_profile({"school": school})) == expected
