"""A4 sheets for the school printer: copies from the quantity rules, backs behind their fronts in
long-edge duplex, cut marks outside the cards, and each card drawn only once."""

import csv
import io
import math

import pytest
from conftest import kit_for
from pdfcheck import pages, reader
from reportlab.lib.units import mm

from waardenkaart.kit import ORDER_FILE, SHEET_FILE

A4_WIDTH = 210 * mm


def order(kit) -> dict[str, int]:
    rows = list(csv.reader(io.StringIO(kit.files[ORDER_FILE].decode("utf-8-sig")), delimiter=";"))[1:]
    return [int(row[4]) for row in rows]


@pytest.mark.parametrize("offset", [(0, 0), (1.5, -0.5), (-10, 10)])
def test_each_back_sits_at_the_mirrored_position_plus_the_offset(offset):
    kit = kit_for({"verschuif_x": offset[0], "verschuif_y": offset[1], "team": 7})
    content = pages(kit.files[SHEET_FILE])
    for front, back in zip(content[0::2], content[1::2]):
        assert len(front.forms) == len(back.forms)
        for (front_name, f), (back_name, b) in zip(front.forms, back.forms):
            scale = f[0]
            width = 105 * mm * scale
            assert b[0] == pytest.approx(scale)
            assert b[4] == pytest.approx(A4_WIDTH - f[4] - width + offset[0] * mm, abs=1e-3)
            assert b[5] == pytest.approx(f[5] + offset[1] * mm, abs=1e-3)
            assert front_name.startswith("/FormXob.front-") and back_name.startswith("/FormXob.back-")


@pytest.mark.parametrize("team", [1, 7, 20, 41])
def test_the_sheets_hold_exactly_the_copies_of_the_order_list(team):
    kit = kit_for(team=team)
    counts = order(kit)
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
    designs = len(order(kit))
    assert len(names) == 2 * designs  # every front once, every back once: each back carries its card's number
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
