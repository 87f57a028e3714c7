"""PDF/X-1a:2001 as a print shop checks it, read back from every PDF a kit holds."""

import re

import pytest
from pdfcheck import pages, reader
from reportlab.lib.units import mm

from waardenkaart.kit import CARD_FILE

PDF_FILES = [
    "kaarten-A6-drukbestand.pdf",
    "kaarten-A4-vellen.pdf",
    "kalibratievel-A4.pdf",
    "drukopdracht.pdf",
    "draaiboek-sessie1-A4.pdf",
    "draaiboek-sessie2-A4.pdf",
    "paklijst-A4.pdf",
    "poster-cyclus-A3.pdf",
]


@pytest.fixture(scope="module", params=["neutral", "marked"])
def kit(request, neutral_kit, marked_kit):
    return {"neutral": neutral_kit, "marked": marked_kit}[request.param]


@pytest.mark.parametrize("name", PDF_FILES)
def test_header_intent_and_info_make_it_pdfx_1a(kit, name):
    data = kit.files[name]
    assert data.startswith(b"%PDF-1.3\n")
    pdf = reader(data)
    (intent,) = [i.get_object() for i in pdf.trailer["/Root"]["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    info = pdf.trailer["/Info"].get_object()
    assert info["/GTS_PDFXVersion"] == "PDF/X-1:2001" and info["/GTS_PDFXConformance"] == "PDF/X-1a:2001"
    assert repr(info["/Trapped"]) == "'/False'" and type(info["/Trapped"]).__name__ == "NameObject"
    assert info["/Title"].startswith(
        ("Waarden Werken", "Drukopdracht", "Kalibratievel", "Draaiboek", "Paklijst", "Poster")
    )
    assert info["/CreationDate"] and info["/ModDate"]
    assert len(pdf.trailer["/ID"]) == 2


@pytest.mark.parametrize("name", PDF_FILES)
def test_no_rgb_no_transparency_and_boxes_on_every_page(kit, name):
    data = kit.files[name]
    assert not re.search(rb"\b(rg|RG)\b", b"".join(p.get_contents().get_data() for p in reader(data).pages))
    assert b"/SMask" not in data and b"/ExtGState" not in data and b"/ICCBased" not in data
    for page, content in zip(reader(data).pages, pages(data)):
        assert "/TrimBox" in page and "/BleedBox" in page
        assert content.colour_operators <= {"k", "K"}
        assert "/Group" not in page


def test_without_crop_marks_the_page_is_the_card_plus_bleed(neutral_kit):
    page = reader(neutral_kit.files[CARD_FILE]).pages[0]
    assert [round(float(v) / mm, 2) for v in page.mediabox] == [0, 0, 111, 154]
    assert [round(float(v) / mm, 2) for v in page.trimbox] == [3, 3, 108, 151]
    assert [round(float(v) / mm, 2) for v in page.bleedbox] == [0, 0, 111, 154]


def test_crop_marks_grow_the_page_and_the_boxes_still_mark_card_and_bleed(marked_kit):
    data = marked_kit.files[CARD_FILE]
    for page, content in zip(reader(data).pages, pages(data)):
        assert [round(float(v) / mm, 2) for v in page.mediabox] == [0, 0, 121, 164]
        assert [round(float(v) / mm, 2) for v in page.trimbox] == [8, 8, 113, 156]
        assert [round(float(v) / mm, 2) for v in page.bleedbox] == [5, 5, 116, 159]
        marks = [p for p in content.paints if p.stroke and p.fill is None and p.line_width == 0.25]
        assert len(marks) == 8
        for mark in marks:
            x0, y0, x1, y1 = (v / mm for v in mark.box)
            outside_bleed = x1 <= 5.05 or x0 >= 115.95 or y1 <= 5.05 or y0 >= 158.95  # half the line width
            on_trim_line = any(abs((x0 + x1) / 2 - t) < 0.01 for t in (8, 113)) or any(
                abs((y0 + y1) / 2 - t) < 0.01 for t in (8, 156)
            )
            assert outside_bleed and on_trim_line, mark
            assert mark.stroke == ("cmyk", (0, 0, 0, 1))
