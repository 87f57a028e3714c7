"""The A6 deck as a designer signs it off: clean line breaks, margins, write-in areas sized to their
question, and handwriting never asked for on saturated colour."""

import re

import pytest
from conftest import LONG_PROFILE, TODAY, kit_for
from pdfcheck import lines, pages
from reportlab.lib.units import mm

from waardenkaart.intake.profile import build_profile
from waardenkaart.kit import CARD_FILE, default_maker, own_words
from waardenkaart.render.cardparts import Ruled, WriteLines
from waardenkaart.text.merge import merge_all
from waardenkaart.text.paragraph import Paragraph
from waardenkaart.text.tails import TailSafeParagraph, line_texts, lone_tail

MAKER = default_maker()
LAYOUT = MAKER.layout
VALUED = {**LONG_PROFILE, "school": "de Regenboog", "krant": "het Parool"}
PROFILES = {"neutral": {}, "valued": VALUED, "long": LONG_PROFILE}
# "over-" at a line's end and "slaan)." alone on the next: the tail of a broken word and its punctuation
TAIL = re.compile(r"\w+[^\w\s]*")


@pytest.mark.parametrize("name", PROFILES)
def test_no_line_of_the_deck_is_a_broken_words_tail_alone(name):
    for page in pages(kit_for(PROFILES[name]).files[CARD_FILE]):
        found = lines(page)
        for before, line in zip(found, found[1:]):
            if re.search(r"\w-$", before):
                assert not TAIL.fullmatch(line.strip()), (page.number, before, line)


@pytest.mark.parametrize("name", ["neutral", "valued"])
def test_a_card_with_room_to_spare_breaks_no_word(name):
    """Hyphenation only where a card needs the room: an ordinary school's cards all have it."""
    broken = [
        (page.number, line)
        for page in pages(kit_for(PROFILES[name]).files[CARD_FILE])
        for line in lines(page)
        if re.search(r"[a-zà-ÿ]-$", line)
    ]
    assert broken == []


def fitted(values):
    profile = build_profile(values, today=TODAY)
    with own_words(profile):
        return [MAKER.face.fit(card) for card in merge_all(profile, MAKER.content)]


@pytest.mark.parametrize("name", PROFILES)
def test_read_aloud_texts_and_titles_are_never_hyphenated(name):
    for card in fitted(PROFILES[name]):
        read_aloud = [flowable.paragraph for flowable, _, _ in card.body if isinstance(flowable, Ruled)]
        band = [line.paragraph for line in card.band if line.paragraph is not None]
        for paragraph in read_aloud + band:
            assert not any(text.rstrip().endswith("-") for text in line_texts(paragraph)), card.merged.key


def test_a_paragraph_that_would_end_on_a_lone_tail_keeps_that_word_whole():
    """The value card's question 2 at a width where hyphenation leaves "slaan)." alone under "over-"."""
    style = MAKER.face.style("body", 10)
    text = "Wat doen we daarin al heel goed? (Als deze vraag voor je gevoel weinig toevoegt mag je ‘m overslaan)."
    plain, safe = Paragraph(text, style), TailSafeParagraph(text, style)
    plain.wrap(233, 1000)
    safe.wrap(233, 1000)
    assert lone_tail(line_texts(plain)) == "over-slaan)."  # the case exists, so the test can fail
    assert lone_tail(line_texts(safe)) == "" and line_texts(safe)[-1].endswith("overslaan).")


@pytest.mark.parametrize("name", PROFILES)
def test_text_keeps_6_mm_from_the_trim_left_and_right(name):
    left, right = LAYOUT.bleed + 6 * mm, LAYOUT.bleed + LAYOUT.width - 6 * mm
    for page in pages(kit_for(PROFILES[name]).files[CARD_FILE]):
        for run in page.runs:
            assert left - 0.01 <= run.x0 and run.x1 <= right + 0.01, (page.number, run.text)


def write_lines(card) -> list[WriteLines]:
    return [flowable for flowable, _, _ in card.body if isinstance(flowable, WriteLines)]


def test_write_in_lines_are_light_and_7_to_8_mm_apart():
    assert 7 * mm <= LAYOUT.write_line_gap <= 8 * mm
    assert 0.25 <= LAYOUT.write_line_width <= 0.4
    cyan, magenta, yellow, black = LAYOUT.write_line_ink
    assert (cyan, magenta, yellow) == (0, 0, 0) and 0.3 <= black <= 0.4


def test_the_parents_card_gives_each_value_two_lines_and_the_action_plans_a_block_per_horizon():
    cards = {card.merged.key: card for card in fitted(LONG_PROFILE)}
    values = write_lines(cards["s2-6-ouderavond"])
    assert [flowable.label.text for flowable in values] == LONG_PROFILE["waarden"]
    assert all(flowable.lines >= 2 for flowable in values)
    for key in ("s2-3b-waardengroep-actieplan-1", "s2-6c-ouderavond-actieplan"):
        blocks = write_lines(cards[key])
        assert [flowable.label.bulletText for flowable in blocks] == ["a)", "b)", "c)"], key
        assert all(flowable.lines >= 2 for flowable in blocks), key


@pytest.mark.parametrize("name", PROFILES)
def test_every_front_uses_its_lower_half(name):
    """No card leaves the lower half of its front empty: the text, or lines to write on, go on below."""
    for card in fitted(PROFILES[name]):
        used = sum(height + gap for _, height, gap in card.body)
        room = LAYOUT.height - card.band_height - LAYOUT.header_gap - LAYOUT.safe
        if write_lines(card):
            assert used > 0.8 * room - LAYOUT.write_line_gap, card.merged.key


def test_the_neutral_deck_asks_for_no_handwriting_on_colour():
    """No dots to write on in white: the open school name on the backs and the open value in the band
    are white panels with a light line."""
    for page in pages(kit_for().files[CARD_FILE]):
        for run in page.runs:
            if run.fill[1] == (0, 0, 0, 0):
                assert "...." not in run.text, (page.number, run.text)


@pytest.mark.parametrize("name", ["neutral", "valued"])
def test_a_session_step_or_group_keeps_its_number_on_its_line(name):
    """"inleiding sessie / 2 (10 min.)" on the overview card: the word and its number are one name."""
    for page in pages(kit_for(PROFILES[name]).files[CARD_FILE]):
        found = lines(page)
        for before, line in zip(found, found[1:]):
            if re.search(r"\b(sessie|stap|deel|groep|top|week|tabel|t/m)$", before, re.IGNORECASE):
                assert not re.match(r"\d", line.strip()), (page.number, before, line)
