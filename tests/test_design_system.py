"""The second designer's review of every document but the deck (issue 24): one colour system, the cycle
poster read clockwise, run-sheets for the room, form fields that show every name, distinct font subsets,
crop marks where an office printer prints, and an action card led by its action."""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import LONG_PROFILE, kit_for
from pdfcheck import pages
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, NameObject, TextStringObject
from reportlab.pdfbase.ttfonts import TTFontFile

from waardenkaart.intake.layout import (
    default_card_layout,
    default_document_layout,
    default_label_layout,
    default_poster_layout,
)
from waardenkaart.intake.profile import drawable
from waardenkaart.render.actionposter import default_action_poster_layout


def font_subsets(data: bytes) -> dict[str, bytes]:
    """Every embedded font of a file by its name, with its program."""
    found = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object()["/FontFile2"].get_object().get_data()
            found[str(font["/BaseFont"])] = program
    return found


def test_every_font_subset_has_a_tag_of_its_own_across_the_kits_files():
    """Two subsets of one name in two files would be swapped by a shop that merges them: a tag names one
    subset only, and the same subset keeps its tag (reproducible output)."""
    programs: dict[str, bytes] = {}
    for kit in (kit_for(LONG_PROFILE), kit_for()):
        for name, data in kit.files.items():
            if not name.endswith(".pdf"):
                continue
            for font, program in font_subsets(data).items():
                tag, _, family = font.lstrip("/").partition("+")
                assert len(tag) == 6 and tag.isupper() and family, (name, font)
                assert tag != "AAAAAA", (name, font)
                assert programs.setdefault(font, program) == program, (name, font)
    tags = [font.lstrip("/").split("+")[0] for font in programs]
    assert len(programs) > 10 and len(set(tags)) == len(tags)


# -- one colour system ----------------------------------------------------------------------------


POSTER, CARD = default_poster_layout(), default_card_layout()
ROLES = {kind: ink for kind, ink in CARD.colours.items() if kind != "white"}
_FILL = re.compile(rb"(?<![\d.])([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k\b")


def fills(page) -> set[tuple[float, ...]]:
    """The CMYK fill colours a page's content sets, rounded."""
    data = page.get_contents().get_data()
    return {tuple(round(float(v), 3) for v in match.groups()) for match in _FILL.finditer(data)}


def rounded(cmyk) -> tuple[float, ...]:
    return tuple(round(v, 3) for v in cmyk)


def test_step_colours_and_role_colours_are_two_palettes():
    steps = {rounded(ink) for ink in POSTER.steps}
    assert len(steps) == 4 and not steps & {rounded(ink) for ink in ROLES.values()}
    assert rounded(POSTER.centre) not in steps | {rounded(ink) for ink in ROLES.values()}


def test_every_document_that_names_a_step_wears_that_steps_colour():
    kit = kit_for(LONG_PROFILE)
    steps = [rounded(ink) for ink in POSTER.steps]
    roles = {rounded(ink) for ink in ROLES.values()}
    cycle = fills(PdfReader(io.BytesIO(kit.files["poster-cyclus-A3.pdf"])).pages[0])
    assert set(steps) <= cycle and not cycle & roles
    expected = {
        "posters-waarden-A3.pdf": steps[POSTER.value_step - 1],  # step 3: organiseren
        "poster-toekomstperspectief-A3.pdf": steps[POSTER.future_step - 1],  # step 2: dromen
    }
    for name, ink in expected.items():
        for page in PdfReader(io.BytesIO(kit.files[name])).pages:
            used = fills(page)
            assert ink in used and not used & (roles | set(steps) - {ink}), (name, used)
    labels = PdfReader(io.BytesIO(kit.files["knikkerstemming-A4.pdf"])).pages[:-1]
    for page in labels:
        used = fills(page)
        assert rounded(default_label_layout().colour) == steps[1] and steps[1] in used, used
        assert not used & (roles | set(steps) - {steps[1]}), used
    action = default_action_poster_layout()
    assert rounded(action.card_colour) == rounded(action.colour) == steps[3]  # step 4: opleveren


# -- the cycle poster ----------------------------------------------------------------------------

_QUAD = re.compile(rb"n ([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l ([-\d.]+) ([-\d.]+) l ([-\d.]+) ([-\d.]+) l h\s+f")


def test_the_cycle_poster_reads_clockwise_from_1_to_4():
    """The arrowheads, read from the drawn paths: each is much longer than wide and points clockwise; the
    steps stand clockwise 1 (top), 2 (right), 3 (bottom), 4 (left)."""
    data = kit_for().files["poster-cyclus-A3.pdf"]
    page = PdfReader(io.BytesIO(data)).pages[0]
    drawn = _QUAD.finditer(page.get_contents().get_data())
    quads = [[(float(a), float(b)) for a, b in zip(m.groups()[::2], m.groups()[1::2])] for m in drawn]
    assert len(quads) == 4
    cx = sum(x for quad in quads for x, _ in quad) / 16
    cy = sum(y for quad in quads for _, y in quad) / 16
    for quad in quads:
        mx, my = sum(x for x, _ in quad) / 4, sum(y for _, y in quad) / 4
        tip = max(quad, key=lambda p: (p[0] - mx) ** 2 + (p[1] - my) ** 2)
        dx, dy = tip[0] - mx, tip[1] - my
        assert (mx - cx) * dy - (my - cy) * dx < 0  # clockwise, with y up
        barbs = sorted(quad, key=lambda p: (p[0] - tip[0]) ** 2 + (p[1] - tip[1]) ** 2)[-2:]
        width = ((barbs[0][0] - barbs[1][0]) ** 2 + (barbs[0][1] - barbs[1][1]) ** 2) ** 0.5
        base = ((barbs[0][0] + barbs[1][0]) / 2, (barbs[0][1] + barbs[1][1]) / 2)
        length = ((tip[0] - base[0]) ** 2 + (tip[1] - base[1]) ** 2) ** 0.5
        assert length >= 1.15 * width  # a dart, not a near-equilateral head that reads either way
    runs = {run.text: run for run in pages(data)[0].runs}
    one, two, three, four = (runs[f"{n}."] for n in range(1, 5))
    assert one.y0 > two.y0 > three.y0 and one.y0 > four.y0 > three.y0 and two.x0 > one.x0 > four.x0


def test_the_cycle_posters_questions_read_at_three_metres_and_a_neutral_poster_has_a_headline():
    for kit in (kit_for(), kit_for(LONG_PROFILE)):
        runs = pages(kit.files["poster-cyclus-A3.pdf"])[0].runs
        question = next(run for run in runs if run.text.startswith("Wat is er al"))
        assert question.size >= 26
        top = max(runs, key=lambda run: run.y0)
        assert top.size >= POSTER.school_size  # the headline: the school's name, or the method's
    neutral = pages(kit_for().files["poster-cyclus-A3.pdf"])[0].runs
    assert max(neutral, key=lambda run: run.y0).text.startswith("Waarden Werken")


# -- the marble labels ---------------------------------------------------------------------------


def test_the_marble_labels_crop_marks_print_where_an_office_printer_prints():
    """No ink within 8 mm of the sheet's edge; the marks are there, just inside that."""
    data = kit_for(LONG_PROFILE).files["knikkerstemming-A4.pdf"]
    scale = 4  # 288 dpi
    image = pdfium.PdfDocument(data)[0].render(scale=scale).to_pil().convert("L")
    mm = 72 / 25.4 * scale
    width, height = image.size
    edge, near = int(8 * mm), int(12 * mm)

    def inked(box) -> bool:
        return image.crop(box).getextrema()[0] < 200

    assert not inked((0, 0, width, edge)) and not inked((0, height - edge, width, height))
    assert not inked((0, 0, edge, height)) and not inked((width - edge, 0, width, height))
    assert inked((edge, 0, near, height)) and inked((0, edge, width, near))  # the marks, in the margin


# -- the tables' form fields ---------------------------------------------------------------------


def test_a_long_text_in_a_tables_field_shrinks_rather_than_being_clipped():
    """A field of several lines sizes its text automatically (0 Tf); a fixed 9 pt clipped it after three lines."""
    data = kit_for().files["tabellen-sessie2-A4.pdf"]
    fields = PdfReader(io.BytesIO(data)).trailer["/Root"]["/AcroForm"]["/Fields"]
    multiline = [field.get_object() for field in fields if int(field.get_object()["/Ff"]) & (1 << 12)]
    assert multiline and all(field["/DA"].startswith("/WkSans 0 Tf") for field in multiline)


# -- the run-sheets ------------------------------------------------------------------------------


DOCUMENT = default_document_layout()
RUNSHEETS = ("draaiboek-sessie1-A4.pdf", "draaiboek-sessie2-A4.pdf")


def baseline_lines(page) -> list[tuple[float, float, str]]:
    """(baseline, size, text) of each line of a page, top to bottom: runs on one baseline joined."""
    found: dict[float, list] = {}
    for run in page.runs:
        found.setdefault(round(run.y0, 1), []).append(run)
    result = []
    for y, runs in sorted(found.items(), reverse=True):
        runs.sort(key=lambda run: run.x0)
        text = runs[0].text
        for before, run in zip(runs, runs[1:]):  # runs that touch (an underlined word) join without a space
            text += ("" if run.x0 - before.x1 < 1 else " ") + run.text
        text = re.sub(r"\s+", " ", text.replace("\u200d", "").replace("\u00ad", "")).strip()
        result.append((y, max(run.size for run in runs), text))
    return result


def test_the_run_sheets_read_aloud_text_is_large_in_a_short_line_and_never_hyphenated():
    for profile in ({}, LONG_PROFILE):
        for name in RUNSHEETS:
            read_aloud = [
                re.sub(r"\.{4,}", "…", text)  # a dotted line to write on counts as one character
                for page in pages(kit_for(profile).files[name])
                for _, size, text in baseline_lines(page)
                if abs(size - DOCUMENT.read_aloud_size) < 0.01
            ]
            assert len(read_aloud) > 60, name
            assert max(len(text) for text in read_aloud) <= 75, (name, max(read_aloud, key=len))
            assert sum(len(text) for text in read_aloud) / len(read_aloud) >= 55  # the column is used
            broken = [text for text in read_aloud if re.search(r"\w-$", text)]
            assert not broken, (name, broken)
            body = {round(run.size, 2) for page in pages(kit_for(profile).files[name]) for run in page.runs}
            assert DOCUMENT.read_aloud_size >= 12 and DOCUMENT.runsheet_size in body


def test_every_run_sheet_page_has_its_number_and_from_the_second_its_running_header():
    for name in RUNSHEETS:
        read = pages(kit_for({"school": "de Regenboog"}).files[name])
        assert len(read) >= 3
        for index, page in enumerate(read, 1):
            ordered = baseline_lines(page)
            assert ordered[-1][2] == f"{index} / {len(read)}", (name, index, ordered[-1])
            if index > 1:
                assert re.fullmatch(r"Draaiboek sessie \d · de Regenboog", ordered[0][2]), (name, ordered[0])


def test_a_lead_in_stays_on_the_page_of_what_it_leads_to():
    """No page's text ends in a colon ("… vooruitblikken:"): the quote it announces follows on its page."""
    for profile in ({}, LONG_PROFILE, {"school": "de Regenboog"}):
        for name in RUNSHEETS:
            for page in pages(kit_for(profile).files[name]):
                text = [line for line in baseline_lines(page) if line[1] > DOCUMENT.small_size]
                assert not text[-1][2].rstrip().endswith(":"), (name, page.number, text[-1])


def test_a_list_in_a_run_sheet_hangs_from_its_bullets():
    """The lines of a list item start right of its bullet, not under it."""
    page_runs = [run for name in RUNSHEETS for page in pages(kit_for().files[name]) for run in page.runs]
    bullets = [run for run in page_runs if run.text.strip() == "•"]
    assert len(bullets) >= 7
    starts = {round(run.x0, 1) for run in page_runs}
    for bullet in bullets:
        assert any(bullet.x1 < start <= bullet.x1 + 20 for start in starts)
    assert not any(run.text.startswith("•") and len(run.text) > 2 for run in page_runs)


# -- the tables' form fields: every character ----------------------------------------------------


NAMES = "Yılmaz Łukasz Ζωή Şenol Đorđević"


def form_font(data: bytes):
    return PdfReader(io.BytesIO(data)).trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]["/WkSans"].get_object()


def test_the_form_font_shows_every_character_the_profile_accepts():
    """Each character reaches its own glyph: typed, through the ToUnicode CMap to a code, and that code
    (Identity) is the glyph the embedded program's own cmap gives the character."""
    font = form_font(kit_for().files["tabellen-sessie2-A4.pdf"])
    assert font["/Subtype"] == "/Type0" and font["/Encoding"] == "/Identity-H"
    cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
    codes = {chr(int(u, 16)): int(c, 16) for c, u in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)}
    descendant = font["/DescendantFonts"][0].get_object()
    assert descendant["/CIDToGIDMap"] == "/Identity"
    program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
    glyphs = TTFontFile(io.BytesIO(program)).charToGlyph
    wanted = set(drawable()) | set(NAMES.replace(" ", ""))
    assert not [char for char in wanted if char not in codes or glyphs.get(ord(char)) != codes[char]]


def _rendered_field(data: bytes, value: str, folder: Path) -> tuple[bytes, str]:
    """Page 2 as poppler shows it with `value` typed into Tabel 1's first field and no appearance saved,
    so the reader makes it from the form's font; and what poppler said."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[1]
    field = next(a.get_object() for a in page["/Annots"] if str(a.get_object()["/T"]) == "tabel1.r001.actiepunt")
    field[NameObject("/V")] = TextStringObject(value)
    del field["/AP"]
    writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    path = folder / "filled.pdf"
    writer.write(path)
    done = subprocess.run(
        ["pdftoppm", "-r", "72", "-f", "2", "-l", "2", "-png", str(path), str(folder / "page")],
        capture_output=True,
        text=True,
        check=True,
    )
    return next(folder.glob("page*.png")).read_bytes(), done.stderr


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
def test_a_name_typed_into_tabel_1_shows_every_letter():
    data = kit_for().files["tabellen-sessie2-A4.pdf"]
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as other:
        full, said = _rendered_field(data, NAMES, Path(one))
        short, _ = _rendered_field(data, "Ylmaz Ukasz Z Enol Orevic", Path(other))
    assert "couldn't find a font" not in said, said
    assert full != short


def test_no_text_in_a_run_sheet_runs_into_its_neighbour():
    """A table cell's word that cannot break would run into the next column: no two runs on one line overlap."""
    for profile in ({}, {"school": "de Regenboog", "sessie1": "2027-01-12 15:00", "sessie2": "2027-02-09 15:30"}):
        for name in RUNSHEETS:
            for page in pages(kit_for(profile).files[name]):
                rows: dict[float, list] = {}
                for run in page.runs:
                    rows.setdefault(round(run.y0), []).append(run)
                for runs in rows.values():
                    runs.sort(key=lambda run: run.x0)
                    for left, right in zip(runs, runs[1:]):
                        assert left.x1 <= right.x0 + 0.5, (name, page.number, left.text, right.text)


def test_every_run_sheet_keeps_its_headings():
    for name in RUNSHEETS:
        text = " ".join(run.text for page in pages(kit_for().files[name]) for run in page.runs)
        for heading in ("Voorbereiding", "Programma", "Verloop, met de teksten om voor te lezen"):
            assert heading in text, (name, heading)


def _luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_white_text_on_each_step_and_on_the_labels_keeps_aa_contrast_as_rendered():
    """Sampled from a render (PDFium) of the cycle poster beside each step's number, of the value poster's
    band and of a marble label: white text on them at 4.5:1 or more, and the steps told apart."""
    kit = kit_for(LONG_PROFILE)
    scale = 0.5
    samples = []
    data = kit.files["poster-cyclus-A3.pdf"]
    image = pdfium.PdfDocument(data)[0].render(scale=scale).to_pil().convert("RGB")
    height = image.height / scale
    runs = {run.text: run for run in pages(data)[0].runs}
    for number in range(1, 5):
        run = runs[f"{number}."]
        samples.append(image.getpixel((int((run.x0 - 30) * scale), int((height - run.y0) * scale))))
    for name in ("posters-waarden-A3.pdf", "knikkerstemming-A4.pdf"):
        image = pdfium.PdfDocument(kit.files[name])[0].render(scale=scale).to_pil().convert("RGB")
        samples.append(image.getpixel((int(image.width * 0.3), int(image.height * 0.08))))
    white = (255, 255, 255)
    assert all(_contrast(white, sample) >= 4.5 for sample in samples), samples
    steps = samples[:4]
    assert len(set(steps)) == 4 and samples[4] == steps[POSTER.value_step - 1] and samples[5] == steps[1]
