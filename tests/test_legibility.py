"""Legibility, read back from real output: type sizes per document against their floors, WCAG contrast of
every text colour on every background the layouts define, no invisible characters in any text layer or
CSV, and Dutch line breaks a Dutch reader accepts."""

import io
import re
import unicodedata

import pypdfium2 as pdfium
import pytest
from conftest import LONG_PROFILE, kit_for
from openpyxl import load_workbook
from pdfcheck import pages
from reportlab.pdfgen.canvas import Canvas

from waardenkaart.intake.content import default_content
from waardenkaart.intake.layout import (
    default_card_layout,
    default_label_layout,
    default_poster_layout,
    default_sheet_layout,
    default_tables_layout,
)

CONTENT = default_content()
CARD = default_card_layout()

# (file name pattern, smallest size allowed, size that most text reaches, share of the text at that size)
FLOORS = [
    (r"kaarten-A6-drukbestand\.pdf", 8, 9.5, 0.85),  # body 9.5 pt or more; labels and footers 8 pt or more
    (r"kaarten-A4-vellen\.pdf", 7, 8.8, 0.75),  # the cards at 0.88: body 8.8 pt or more, labels 7 pt
    (r".*-A3\.pdf", 16, 20, 0.90),  # posters, read from 2–3 m
    (r".*\.pdf", 8, 9.5, 0.50),  # the A4 documents
]


@pytest.fixture(scope="module")
def kit():
    """A kit with the team's values and the parents' values: every document there is, longest texts."""
    return kit_for(LONG_PROFILE)


def shares(data: bytes) -> dict[float, float]:
    """Per type size, the share of the document's characters (spaces left out) set in it."""
    counts: dict[float, int] = {}
    for page in pages(data):
        for run in page.runs:
            size = round(run.size, 2)
            counts[size] = counts.get(size, 0) + len(run.text.replace(" ", ""))
    total = sum(counts.values())
    return {size: count / total for size, count in sorted(counts.items())}


def test_every_pdf_of_the_kit_keeps_its_type_size_floors(kit):
    for name, data in kit.files.items():
        if not name.endswith(".pdf"):
            continue
        _, smallest, body, share = next(floor for floor in FLOORS if re.fullmatch(floor[0], name))
        sizes = shares(data)
        assert min(sizes) >= smallest - 0.01, (name, sizes)
        reached = sum(part for size, part in sizes.items() if size >= body - 0.01)
        assert reached >= share, (name, f"{reached:.0%} at {body} pt or more", sizes)


def test_each_card_kind_has_one_body_size_and_the_value_is_the_largest_text(kit):
    fronts = pages(kit.files["kaarten-A6-drukbestand.pdf"])[::2]
    value_fronts = [page for page in fronts if [run.text for run in page.runs[1:2]] == ["Waarde:"]]
    assert len(value_fronts) == 2 * len(LONG_PROFILE["waarden"])  # questions 1-3, and question 4 with its horizons
    values = []
    for page in value_fronts:  # the kicker on a line of its own, the value whole on the line under it
        value = next(run for run in page.runs if run.text in LONG_PROFILE["waarden"])
        assert value.size == max(run.size for run in page.runs) >= CARD.title_size
        values.append(value)
    assert len({round(value.y0, 1) for value in values}) == 1  # so the bands of the values are alike
    body_sizes = {round(run.size, 2) for page in fronts for run in page.runs}
    assert set(CARD.sizes.values()) <= body_sizes
    assert min(CARD.sizes.values()) >= 9.5


def test_the_a4_sheets_print_the_smallest_card_body_at_9_5_pt_or_more():
    from waardenkaart.render.sheets import placement

    place = placement(default_sheet_layout(), CARD.width, CARD.height)
    assert min(CARD.sizes.values()) * place.scale >= 9.5


# -- contrast -------------------------------------------------------------------------------------


def text_pairs() -> list[tuple[str, tuple, tuple]]:
    """Every text colour on every background the layouts put it on: (where, text, background)."""
    poster, tables = default_poster_layout(), default_tables_layout()
    white, black = CARD.colours["white"], CARD.black
    pairs = [("kaart: zwarte tekst op wit", black, white)]
    for kind in CONTENT.kinds:
        ground = CARD.colours[kind]
        tint = tuple(value * CARD.read_aloud_tint for value in ground)
        pairs += [
            (f"kaart {kind}: witte tekst op band en achterkant, knikkerlabel", white, ground),
            (f"kaart {kind}: voorleestekst op de tint", black, tint),
        ]
    pairs += [(f"poster: witte tekst op stap {n}", poster.white, ink) for n, ink in enumerate(poster.steps, 1)]
    pairs += [
        ("poster: zwarte tekst op het midden", black, poster.centre),
        ("knikkerlabel: witte tekst op de kleur van zijn stap", white, default_label_layout().colour),
        ("poster: zwarte tekst op de achtergrond", black, poster.background),
        ("tabellen: zwarte tekst op de kopregel", black, tables.header_fill),
    ]
    return pairs


def luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a, b) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def naive_rgb(cmyk) -> tuple[float, float, float]:
    c, m, y, k = cmyk
    return tuple(255 * (1 - value) * (1 - k) for value in (c, m, y))


def rendered_rgb(colours) -> list[tuple[int, int, int]]:
    """How a PDF viewer (PDFium) shows each CMYK colour: one swatch each, rendered and sampled."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(10 * len(colours), 10))
    for index, cmyk in enumerate(colours):
        canvas.setFillColorCMYK(*cmyk)
        canvas.rect(10 * index, 0, 10, 10, stroke=0, fill=1)
    canvas.save()
    image = pdfium.PdfDocument(buffer.getvalue())[0].render(scale=1).to_pil().convert("RGB")
    return [image.getpixel((10 * index + 5, 5)) for index in range(len(colours))]


def test_every_text_colour_meets_wcag_aa_on_its_background():
    """4.5:1 for text under 14 pt, which every pair here carries somewhere; in both conversions from CMYK
    (the plain formula and a PDF viewer's), since a RIP may follow either."""
    pairs = text_pairs()
    shown = rendered_rgb([colour for _, text, ground in pairs for colour in (text, ground)])
    for index, (where, text, ground) in enumerate(pairs):
        plain = ratio(naive_rgb(text), naive_rgb(ground))
        viewed = ratio(shown[2 * index], shown[2 * index + 1])
        assert min(plain, viewed) >= 4.5, (where, round(plain, 2), round(viewed, 2))


def test_the_marble_labels_are_all_one_size(kit):
    label_pages = pages(kit.files["knikkerstemming-A4.pdf"])[:-1]
    values = set(LONG_PROFILE["waarden_ouders"])
    sizes = {run.size for page in label_pages for run in page.runs if run.text in values}
    assert len(sizes) == 1 and sizes.pop() >= default_label_layout().min_value_size


# -- the text layer -------------------------------------------------------------------------------

INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)


def invisible(text: str) -> list[str]:
    found = INVISIBLE.findall(text)
    found += [char for char in text if unicodedata.category(char) in ("Cf", "Co", "Cn")]
    found += [char for char in text if unicodedata.category(char) == "Cc" and char not in "\r\n\t"]
    return [f"U+{ord(char):04X}" for char in found]


def test_no_invisible_characters_in_any_text_layer_or_csv(kit):
    profile = {**LONG_PROFILE, "directeur": "Anna de Vries"}
    for made in (kit, kit_for(profile)):
        for name, data in made.files.items():
            if name.endswith(".pdf"):
                for page in pages(data):
                    for run in page.runs:
                        assert not invisible(run.text), (name, page.number, run.text, invisible(run.text))
            elif name.endswith(".xlsx"):  # every cell of every sheet, and the document's properties
                book = load_workbook(io.BytesIO(data))
                cells = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
                cells += [prop.value for prop in book.custom_doc_props] + [book.properties.title]
                text = "\n".join(str(cell) for cell in cells if cell is not None)
                assert text and not invisible(text), (name, invisible(text))
            else:
                text = data.decode("utf-8-sig")
                assert not invisible(text), (name, invisible(text))


def test_the_directors_name_can_be_found_in_the_run_sheet():
    made = kit_for({"directeur": "Anna de Vries"})
    text = " ".join(run.text for page in pages(made.files["draaiboek-sessie1-A4.pdf"]) for run in page.runs)
    assert "Anna de Vries" in text


# -- line breaks ----------------------------------------------------------------------------------


def line_breaks(data: bytes):
    """(head, tail) of every word hyphenated at a line end: a run ending in "-" and the next run below it."""
    for page in pages(data):
        runs = page.runs
        for run, following in zip(runs, runs[1:]):
            if not run.text.endswith("-") or following.y0 >= run.y0 - 0.5:
                continue
            head = re.search(r"(\w+)-$", run.text)
            tail = re.match(r"\w+", following.text)
            if head and tail:
                yield head.group(1), tail.group(0)


def test_hyphenation_keeps_three_letters_each_side_and_follows_the_exception_list(kit):
    own = {
        word.lower()
        for value in (
            LONG_PROFILE["school"],
            LONG_PROFILE["directeur"],
            LONG_PROFILE["krant"],
            *LONG_PROFILE["waarden"],
            *LONG_PROFILE["waarden_ouders"],
        )
        for word in re.findall(r"\w+", value)
    }
    seen = 0
    for name, data in kit.files.items():
        if not name.endswith(".pdf"):
            continue
        for head, tail in line_breaks(data):
            seen += 1
            word = (head + tail).lower()
            assert len(head) >= 3 and len(tail) >= 3, (name, head, tail)
            assert word not in own, (name, head, tail)
            known = next((w for w in sorted(CONTENT.hyphenation, key=len, reverse=True) if word.startswith(w)), None)
            if known and len(head) <= len(known):
                assert len(head) in CONTENT.hyphenation[known] or len(head) == len(known), (name, head, tail)
    assert seen > 20  # the check saw real breaks


def test_schoolsfeer_breaks_as_school_sfeer_and_names_not_at_all():
    face_hyphenator = __import__("waardenkaart.kit", fromlist=["default_maker"]).default_maker().face.hyphenator
    from waardenkaart.text.hyphenation import protected_words

    assert face_hyphenator("schoolsfeer") == [("school", "sfeer")]
    assert all(len(head) >= 3 and len(tail) >= 3 for head, tail in face_hyphenator("elkaar"))
    assert face_hyphenator("jullie") == []
    assert face_hyphenator("oplevert") == []
    assert face_hyphenator("waardevolle") == [("waarde", "volle")]
    assert face_hyphenator("dichterbij") == [("dichter", "bij")]
    assert face_hyphenator("procesleiderkaartjes")[-2:] == [("proces", "leiderkaartjes"), ("pro", "cesleiderkaartjes")]
    with protected_words(["Wolfswinkel-Hoogeveen", "de Regenboog"]):
        assert face_hyphenator("Wolfswinkel-Hoogeveen") == []
        assert face_hyphenator("Regenboog") == []
    assert face_hyphenator("Regenboog")


UNIT = re.compile(r"^(min\.|minuten|minuut|uur|%|mm|pt)(?!\w)")


def test_a_number_and_its_unit_stay_on_one_line(kit):
    units = 0
    for name, data in kit.files.items():
        if name.endswith(".pdf"):
            for page in pages(data):
                for run, following in zip(page.runs, page.runs[1:]):
                    units += len(re.findall(r"\d min\.", run.text))
                    if following.y0 < run.y0 - 0.5 and re.search(r"\d$", run.text):
                        assert not UNIT.match(following.text), (name, page.number, run.text, following.text)
    assert units > 10  # the check saw numbers with their unit; in the text layer the no-break space reads as a space


def test_apostrophes_are_typographic(kit):
    for name, data in kit.files.items():
        if name.endswith(".pdf"):
            for page in pages(data):
                for run in page.runs:
                    assert not re.search(r"\w'\w", run.text), (name, page.number, run.text)


def test_a_title_over_two_lines_leaves_no_word_alone(kit):
    for page in pages(kit.files["kaarten-A6-drukbestand.pdf"])[::2]:
        title = [run for run in page.runs if run.size == CARD.title_size]
        if len(title) > 1:
            assert len(title[-1].text.split()) >= 2, (page.number, [run.text for run in title])


def test_no_heading_stands_alone_at_the_foot_of_a_page(kit):
    from waardenkaart.intake.layout import default_document_layout

    heading = default_document_layout().heading_size
    for name, data in kit.files.items():
        if name.startswith(("draaiboek", "paklijst", "drukopdracht")):
            for page in pages(data)[:-1]:
                lowest = min(page.runs, key=lambda run: run.y0)
                assert lowest.size != heading, (name, page.number, lowest.text)
