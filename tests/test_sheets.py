"""A4 sheets for the school printer: copies from the quantity rules, backs behind their fronts in
long-edge duplex, cut marks outside the cards, and each card drawn only once."""

import csv
import io
import math
import re

import pytest
from conftest import MARKED_PROFILE, ORDER_COPIES, kit_for
from pdfcheck import pages, reader
from reportlab.lib.units import mm

from waardenkaart.kit import CARD_FILE, ORDER_FILE, SHEET_FILE

A4_WIDTH = 210 * mm
WHITE, BLACK = (0, 0, 0, 0), (0, 0, 0, 1)


def order(kit) -> list[int]:
    rows = list(csv.reader(io.StringIO(kit.files[ORDER_FILE].decode("utf-8-sig")), delimiter=";"))[1:]
    return [int(row[4]) for row in rows]


def card_face(page, box=None) -> tuple[set, str]:
    """The colours other than black and white painted on a card (its kind's colour) and its text.

    `box` picks one card of a sheet; without it the page is the card.
    """

    def inside(x0, y0, x1, y1):
        return box is None or box[0] <= (x0 + x1) / 2 <= box[2] and box[1] <= (y0 + y1) / 2 <= box[3]

    colours = {p.fill[1] for p in page.paints if p.fill and p.fill[1] not in (WHITE, BLACK) and inside(*p.box)}
    text = " ".join(run.text for run in page.runs if inside(run.x0, run.y0, run.x1, run.y1))
    return colours, text.replace("\u200d", "")


def assert_back_belongs_to_front(front, back, where):
    """Same kind (its colour, its name) and same session: 'Procesleiderkaartje' and 'Sessie 1' on both."""
    (front_colours, front_text), (back_colours, back_text) = front, back
    assert len(back_colours) == 1 and front_colours == back_colours, (where, front_text[:60], back_text)
    kind, session = re.match(r"(.+?) (Sessie \d)", back_text).groups()
    assert f"{kind} {session}" in front_text, (where, front_text[-60:], back_text)


@pytest.mark.parametrize("profile, offset", [({"team": 7}, (0, 0)), (MARKED_PROFILE, (1.5, -0.5))])
def test_back_i_of_a_sheet_is_the_back_of_front_i(profile, offset):
    """Teams of 7 and 41, the second with the backs shifted to correct a printer."""
    kit = kit_for(profile)
    content = pages(kit.files[SHEET_FILE])
    seen = set()
    for number, (front, back) in enumerate(zip(content[0::2], content[1::2]), 1):
        for index, (_, f) in enumerate(front.forms):
            width, height = 105 * mm * f[0], 148 * mm * f[3]
            mirrored = (A4_WIDTH - f[4] - width + offset[0] * mm, f[5] + offset[1] * mm)
            (b,) = [m for _, m in back.forms if abs(m[4] - mirrored[0]) < 0.01 and abs(m[5] - mirrored[1]) < 0.01]
            front_face = card_face(front, (f[4], f[5], f[4] + width, f[5] + height))
            back_face = card_face(back, (b[4], b[5], b[4] + width, b[5] + height))
            assert_back_belongs_to_front(front_face, back_face, (number, index))
            seen.add(back_face[1])
    assert len(seen) == 5  # facilitator 1 and 2, participant 1 and 2, "Ja, en": every back was compared


def test_each_page_of_the_card_file_is_followed_by_its_own_back(long_kit):
    content = pages(long_kit.files[CARD_FILE])
    for front, back in zip(content[0::2], content[1::2]):
        assert_back_belongs_to_front(card_face(front), card_face(back), front.number)


@pytest.mark.parametrize(
    "profile, offset",
    [
        ({"team": 7}, (0, 0)),
        (MARKED_PROFILE, (1.5, -0.5)),
        ({"verschuif_x": -10, "verschuif_y": 10, "team": 7}, (-10, 10)),
    ],
)
def test_each_back_sits_at_the_mirrored_position_plus_the_offset(profile, offset):
    kit = kit_for(profile)
    content = pages(kit.files[SHEET_FILE])
    for front, back in zip(content[0::2], content[1::2]):
        assert len(front.forms) == len(back.forms)
        for (front_name, f), (back_name, b) in zip(front.forms, back.forms):
            scale = f[0]
            width = 105 * mm * scale
            assert b[0] == pytest.approx(scale)
            assert b[4] == pytest.approx(A4_WIDTH - f[4] - width + offset[0] * mm, abs=1e-3)
            assert b[5] == pytest.approx(f[5] + offset[1] * mm, abs=1e-3)
            assert front_name.startswith("/FormXob.front-") and back_name.startswith("/FormXob.sheet-back-")


@pytest.mark.parametrize("team", [1, 7, 20, 41])
def test_the_sheets_hold_exactly_the_copies_of_the_order_list(team):
    kit = kit_for(team=team)
    counts = ORDER_COPIES[team]
    assert order(kit) == counts
    content = pages(kit.files[SHEET_FILE])
    assert len(content) == 2 * math.ceil(sum(counts) / 4)
    placed = [name for page in content[0::2] for name, _ in page.forms]
    per_card: dict[str, int] = {}
    for name in placed:
        per_card[name] = per_card.get(name, 0) + 1
    assert list(per_card.values()) == counts


def test_each_card_is_drawn_once_and_placed_as_a_form():
    kit = kit_for(team=120)
    pdf = reader(kit.files[SHEET_FILE])
    forms = {
        id(xobject.get_object()) for page in pdf.pages for xobject in page["/Resources"].get("/XObject", {}).values()
    }
    names = {name for page in pdf.pages for name in page["/Resources"].get("/XObject", {})}
    assert len(names) == 11 + 5  # every front once, every (kind, session) back once
    assert len(forms) == len(names)
    assert len(kit.files[SHEET_FILE]) < 400_000


def test_cut_marks_lie_outside_the_cards_on_their_edges(marked_kit):
    content = pages(marked_kit.files[SHEET_FILE])
    for page in content[0::2]:
        cards = [(m[4], m[5], m[4] + 105 * mm * m[0], m[5] + 148 * mm * m[3]) for _, m in page.forms]
        edges_x = {round(v, 2) for c in cards for v in (c[0], c[2])}
        edges_y = {round(v, 2) for c in cards for v in (c[1], c[3])}
        marks = [p for p in page.paints if p.stroke and p.fill is None and p.line_width == 0.25]
        assert marks
        for mark in marks:
            x0, y0, x1, y1 = mark.box
            for c in cards:
                assert x1 <= c[0] + 0.2 or x0 >= c[2] - 0.2 or y1 <= c[1] + 0.2 or y0 >= c[3] - 0.2
            centre = (round((x0 + x1) / 2, 2), round((y0 + y1) / 2, 2))
            assert centre[0] in edges_x or centre[1] in edges_y
            assert 5 * mm - 0.2 <= min(x0, y0) and max(x1, y1) <= 297 * mm - 5 * mm  # printable, within 0.2 pt


def test_the_calibration_sheet_puts_scales_behind_the_targets(neutral_kit):
    content = pages(neutral_kit.files["kalibratievel-A4.pdf"])
    assert len(content) == 2
    crosses = sorted(
        (round((p.box[0] + p.box[2]) / 2, 1), round((p.box[1] + p.box[3]) / 2, 1))
        for p in content[0].paints
        if p.stroke and p.line_width == 1.2 and p.box[2] - p.box[0] > 60
    )
    scales = sorted(
        (round((p.box[0] + p.box[2]) / 2, 1), round((p.box[1] + p.box[3]) / 2, 1))
        for p in content[1].paints
        if p.stroke and p.box[2] - p.box[0] > 50
    )
    mirrored = sorted((round(A4_WIDTH - x, 1), y) for x, y in crosses)
    assert crosses and scales == mirrored
    assert "waardenkaart maak --verschuif-x X --verschuif-y Y" in " ".join(r.text for r in content[1].runs)
