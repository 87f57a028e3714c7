"""A4 sheets for the school printer: copies from the quantity rules, backs behind their fronts in
long-edge duplex, cut marks outside the cards, and each card drawn only once."""

import csv
import io
import math

import pytest
from conftest import LONG_PROFILE, MARKED_PROFILE, ORDER_COPIES, TODAY, kit_for
from pdfcheck import pages, reader
from reportlab.lib.units import mm

from waardenkaart.intake.content import default_content
from waardenkaart.intake.profile import build_profile
from waardenkaart.kit import CARD_FILE, ORDER_FILE, SHEET_FILE
from waardenkaart.text.merge import merge_all

CONTENT = default_content()
KINDS = [kind.label for kind in CONTENT.kinds.values()]

A4_WIDTH = 210 * mm


def order(kit) -> list[int]:
    rows = list(csv.reader(io.StringIO(kit.files[ORDER_FILE].decode("utf-8-sig")), delimiter=";"))[1:]
    return [int(row[5]) for row in rows]


def card_text(page, box=None) -> str:
    """The text of one card: of the page, or of the card whose box on a sheet is `box`."""

    def inside(run):
        return box is None or box[0] <= (run.x0 + run.x1) / 2 <= box[2] and box[1] <= (run.y0 + run.y1) / 2 <= box[3]

    return " ".join(run.text for run in page.runs if inside(run))


def backs_by_front(kit) -> dict[str, str]:
    """Each card's back, found by its front, from the print shop's file: front and back follow each other."""
    content = pages(kit.files[CARD_FILE])
    pairs = {card_text(front): card_text(back) for front, back in zip(content[0::2], content[1::2])}
    assert len(pairs) == len(content) // 2  # no two fronts alike: a front names its back
    return pairs


@pytest.mark.parametrize("kit_name", ["neutral_kit", "long_kit"])
def test_each_page_of_the_card_file_is_a_front_or_the_standard_back_of_its_card(kit_name, request):
    """No continuation pages: every back is the designed back of its kind, with the card's number, and
    every front carries the same number in its footer."""
    content = pages(request.getfixturevalue(kit_name).files[CARD_FILE])
    cards = len(content) // 2
    for number, (front, back) in enumerate(zip(content[0::2], content[1::2]), 1):
        front_text, back_text = card_text(front), card_text(back)
        assert "· vervolg" not in back_text and "· vervolg" not in front_text
        assert back_text.endswith(f" {number} / {cards}"), (number, back_text)
        kind = next(label for label in KINDS if label in back_text)
        assert front_text.endswith(f" · {number} / {cards} {kind}"), (number, front_text[-60:], back_text)
        assert all(run.fill[1] == (0, 0, 0, 0) for run in back.runs), number  # white on the kind's colour


@pytest.mark.parametrize("profile, offset", [({"team": 7}, (0, 0)), (MARKED_PROFILE, (1.5, -0.5))])
def test_back_i_of_a_sheet_is_the_back_of_front_i(profile, offset):
    """Teams of 7 and 41, the second with the backs shifted to correct a printer: behind each front on
    a sheet stands the back that follows that front in the print shop's file."""
    kit = kit_for(profile)
    expected = backs_by_front(kit)
    content = pages(kit.files[SHEET_FILE])
    seen = set()
    for number, (front, back) in enumerate(zip(content[0::2], content[1::2]), 1):
        for index, (_, f) in enumerate(front.forms):
            width, height = 105 * mm * f[0], 148 * mm * f[3]
            mirrored = (A4_WIDTH - f[4] - width + offset[0] * mm, f[5] + offset[1] * mm)
            (b,) = [m for _, m in back.forms if abs(m[4] - mirrored[0]) < 0.01 and abs(m[5] - mirrored[1]) < 0.01]
            front_text = card_text(front, (f[4], f[5], f[4] + width, f[5] + height))
            back_text = card_text(back, (b[4], b[5], b[4] + width, b[5] + height))
            assert back_text == expected[front_text], (number, index, front_text[:60])
            seen.add(front_text)
    assert seen == set(expected)  # every card was on a sheet and its back checked


@pytest.mark.parametrize(
    "profile, offset",
    [
        ({"team": 7}, (0, 0)),
        (MARKED_PROFILE, (1.5, -0.5)),
        ({"verschuif_x": -7.5, "verschuif_y": 10, "team": 7}, (-7.5, 10)),
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
            assert front_name.startswith("/FormXob.front-") and back_name.startswith("/FormXob.back-")


@pytest.mark.parametrize("team", [1, 7, 20, 41])
def test_the_sheets_hold_exactly_the_copies_of_the_order_list(team):
    kit = kit_for(team=team)
    counts = ORDER_COPIES[team]
    assert order(kit) == counts
    content = pages(kit.files[SHEET_FILE])
    sessions = [card.card.session for card in merge_all(build_profile({}, {"team": team}, today=TODAY), CONTENT)]
    per_session = [sum(c for c, s in zip(counts, sessions) if s == session) for session in sorted(set(sessions))]
    assert len(content) == 2 * sum(math.ceil(count / 4) for count in per_session)
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
    assert "Achterkanten naar rechts: ........ mm" in " ".join(r.text for r in content[1].runs)


@pytest.mark.parametrize("values, team", [({}, 7), (LONG_PROFILE, 41)])
def test_a_sheet_never_mixes_the_cards_of_two_sessions(values, team):
    """A school prints session 1 first, and session 2 when it has its values: each session on sheets of its own."""
    kit = kit_for(values, team=team)
    session = {card.key: card.card.session for card in merge_all(build_profile(values, {"team": team}, today=TODAY), CONTENT)}
    seen = []
    for page in pages(kit.files[SHEET_FILE])[0::2]:
        on_sheet = {session[name.removeprefix("/FormXob.front-")] for name, _ in page.forms}
        assert len(on_sheet) == 1, (page.number, on_sheet)
        seen.append(on_sheet.pop())
    assert seen == sorted(seen) and set(seen) == {1, 2}


@pytest.mark.parametrize("values", [{}, LONG_PROFILE])
def test_the_body_text_on_the_sheets_is_at_least_9_5_pt_as_printed(values):
    """The cards are printed at 88 %: their body text is set large enough to stay at 9.5 pt or more on
    paper; only a card's footer line, in its lowest 12 mm, is smaller."""
    kit = kit_for(values, team=7)
    for page in pages(kit.files[SHEET_FILE]):
        for _, form in page.forms:
            scale, x, y = form[0], form[4], form[5]
            inside = [
                run
                for run in page.runs
                if x <= (run.x0 + run.x1) / 2 <= x + 105 * mm * scale and y <= run.y0 <= y + 148 * mm * scale
            ]
            assert inside
            for run in inside:
                assert run.size >= 9.5 or run.y1 <= y + 12 * mm * scale, (page.number, run.text, run.size)
                assert run.size >= 7.5, (page.number, run.text, run.size)
