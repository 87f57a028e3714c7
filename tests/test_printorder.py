"""The order sheet for the print shop: format, bleed, paper, duplex and copies per card."""

from conftest import kit_for
from pdfcheck import page_text, pages, squash


def test_the_order_sheet_states_the_job_and_the_copies(marked_kit):
    kit = marked_kit  # de Regenboog, 41 team members, crop marks
    (page,) = pages(kit.files["drukopdracht.pdf"])
    text = squash(page_text(page))
    for expected in (
        "Drukopdracht",
        "kaartenset voor de Regenboog, 2028",
        "kaarten-A6-drukbestand.pdf, 32 pagina’s, PDF/X-1a:2001",
        "A6, 105 × 148 mm, bijgesneden",
        "3 mm rondom",
        "met snijtekens",
        "CMYK, 4/4 (dubbelzijdig), drukproces FOGRA39",
        "300–350 g/m²",
        "16 / 16 31-32 Ja, en:",  # the card's number as on its back, then its pages
        "‘Ja, en’-kaartje 82",
    ):
        assert squash(expected) in text, expected
    total = sum(int(line.split(";")[5]) for line in kit.files["bestellijst.csv"].decode("utf-8-sig").splitlines()[1:])
    assert squash(f"Totaal {total}") in text and squash(f"{total} kaarten van 16 ontwerpen") in text


def test_the_neutral_order_sheet_says_so():
    text = squash(page_text(pages(kit_for().files["drukopdracht.pdf"])[0]))
    # no year either: without a date of session 1 or a `jaar` the cards say "20__"
    assert squash("School · kaartenset voor een school (neutrale set met invulregels) Graag") in text
    assert squash("zonder snijtekens") in text
