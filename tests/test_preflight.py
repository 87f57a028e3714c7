"""`waardenkaart controleer`: every PDF the kit holds passes, and deliberately broken files fail
with findings that say what is wrong and on which page."""

import io

import pytest
from click.testing import CliRunner
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from waardenkaart.cli import cli
from waardenkaart.fonts import register
from waardenkaart.layout import default_card_layout, default_print_standard
from waardenkaart.pdfx import finish_pdfx
from waardenkaart.preflight import check_pdf, format_report

STANDARD = default_print_standard()
FONT = register(default_card_layout().fonts).regular
PAGE = (111 * mm, 154 * mm)
TRIM = (3 * mm, 3 * mm, 108 * mm, 151 * mm)


def card_pdf(draw, *, trim=True, font=FONT, pdfx=True, bleed=PAGE) -> bytes:
    """A one-page A6 file like ours, with `draw(canvas)` adding the defect under test."""
    buffer = io.BytesIO()
    boxes = {"trimBox": TRIM, "bleedBox": (0, 0, *bleed)} if trim else {}
    canv = Canvas(buffer, pagesize=PAGE, invariant=1, initialFontName=font, **boxes)
    canv.setFillColorCMYK(0, 0, 0, 1)
    canv.setFont(font, 10)
    canv.drawString(20 * mm, 75 * mm, "Een gewone regel tekst")
    draw(canv)
    canv.showPage()
    canv.save()
    data = buffer.getvalue()
    return finish_pdfx(data, "Proef", STANDARD.intent) if pdfx else data


def findings(data: bytes) -> list[str]:
    report = check_pdf(data, STANDARD)
    return [f"{finding.page or 'bestand'}: {finding.message}" for finding in report.findings]


def test_a_clean_card_passes():
    assert findings(card_pdf(lambda c: None)) == []


@pytest.mark.parametrize(
    "draw, options, expected",
    [
        (
            lambda c: (c.setFillColorRGB(1, 0, 0), c.drawString(20 * mm, 60 * mm, "Rode tekst")),
            {},
            ["1: RGB-kleur (operator rg/RG): gebruik alleen CMYK."],
        ),
        (lambda c: None, {"trim": False}, ["1: geen TrimBox: de drukker weet niet waar de pagina gesneden wordt."]),
        (
            lambda c: (c.setFont("Helvetica", 10), c.drawString(20 * mm, 60 * mm, "Niet ingesloten")),
            {},
            ["1: lettertype Helvetica is niet ingesloten."],
        ),
        (
            lambda c: (c.setFont(FONT, 9), c.drawString(1 * mm, 60 * mm, "In de afloop")),
            {},
            ["1: tekst ‘In de afloop’ ligt 0,0 mm van de snijlijn; houd minstens 5,0 mm afstand."],
        ),
        (
            lambda c: (c.setFont(FONT, 9), c.drawString(6 * mm, 60 * mm, "Te dicht bij de rand")),
            {},
            ["1: tekst ‘Te dicht bij de rand’ ligt 3,0 mm van de snijlijn; houd minstens 5,0 mm afstand."],
        ),
        (
            lambda c: (c.setFont(FONT, 5), c.drawString(20 * mm, 60 * mm, "Kleine lettertjes")),
            {},
            ["1: tekst ‘Kleine lettertjes’ is 5,0 pt; kleiner dan 6,0 pt drukt niet scherp."],
        ),
        (
            lambda c: (c.setFillColorCMYK(0.6, 0.4, 0.4, 1), c.drawString(20 * mm, 60 * mm, "Rijk zwart")),
            {},
            [
                "1: tekst ‘Rijk zwart’ van 10,0 pt in rijk zwart (CMYK 60/40/40/100); kleine tekst hoort in puur zwart "
                "(0/0/0/100) of één inkt, kleur pas vanaf 11,0 pt."
            ],
        ),
        (
            lambda c: (c.setFillColorCMYK(0, 0.8, 0.9, 0), c.drawString(20 * mm, 60 * mm, "Oranje")),
            {},
            [
                "1: tekst ‘Oranje’ van 10,0 pt in kleur uit meer inkten (CMYK 0/80/90/0); kleine tekst hoort in puur zwart "
                "(0/0/0/100) of één inkt, kleur pas vanaf 11,0 pt."
            ],
        ),
        (
            lambda c: (c.setFillColorCMYK(1, 1, 1, 1), c.rect(30 * mm, 30 * mm, 20 * mm, 20 * mm, stroke=0, fill=1)),
            {},
            ["1: inktdekking 400% (CMYK 100/100/100/100) is meer dan 300%."],
        ),
        (
            lambda c: (
                c.setFillAlpha(0.5),
                c.setFillColorCMYK(0, 1, 0, 0),
                c.rect(30 * mm, 30 * mm, 20 * mm, 20 * mm, stroke=0, fill=1),
            ),
            {},
            ["1: transparantie (SMask, doorzichtigheid of overvloeimodus); PDF/X-1a staat die niet toe."],
        ),
        (
            lambda c: (c.setFillColorCMYK(0, 1, 0, 0), c.rect(3 * mm, 100 * mm, 105 * mm, 51 * mm, stroke=0, fill=1)),
            {},
            [
                "1: de opmaak loopt tot de snijlijn maar niet 3,0 mm verder de afloop in: na het snijden kan er een witte rand "
                "ontstaan."
            ],
        ),
        (
            lambda c: (c.setFillColorCMYK(0, 1, 0, 0), c.rect(0, 100 * mm, 111 * mm, 54 * mm, stroke=0, fill=1)),
            {"bleed": (110 * mm, 153 * mm)},
            ["1: te weinig afloop: 2,0 mm, minimaal 3,0 mm rondom."],
        ),
        (
            lambda c: (
                c.setLineWidth(0.1),
                c.setStrokeColorCMYK(0, 0, 0, 1),
                c.line(20 * mm, 50 * mm, 80 * mm, 50 * mm),
            ),
            {},
            ["1: lijn van 0,10 pt; dunner dan 0,20 pt verdwijnt in druk."],
        ),
    ],
)
def test_broken_files_get_findings_that_say_why(draw, options, expected):
    assert findings(card_pdf(draw, **options)) == expected


def test_a_plain_reportlab_file_fails_on_every_count():
    buffer = io.BytesIO()
    canv = Canvas(buffer)
    canv.setFillColorRGB(0.2, 0.4, 0.8)
    canv.drawString(100, 700, "Welkom")
    canv.save()
    report = check_pdf(buffer.getvalue(), STANDARD)
    assert format_report("rgb.pdf", report) == (
        "rgb.pdf: niet drukklaar (1 pagina, snijformaat 210 × 297 mm, geen PDF/X, kleinste tekst 12,0 pt)\n"
        "  bestand: geen OutputIntent voor PDF/X: de drukker weet niet voor welk drukproces de kleuren bedoeld zijn.\n"
        "  bestand: geen PDF/X-versie in de documentgegevens (GTS_PDFXVersion).\n"
        "  pagina 1: geen TrimBox: de drukker weet niet waar de pagina gesneden wordt.\n"
        "  pagina 1: lettertype Helvetica is niet ingesloten.\n"
        "  pagina 1: RGB-kleur (operator rg/RG): gebruik alleen CMYK."
    )


def test_findings_on_many_pages_are_grouped():
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=PAGE, trimBox=TRIM, bleedBox=(0, 0, *PAGE), initialFontName=FONT)
    for number in range(5):
        canv.setFillColorCMYK(0, 0, 0, 1)
        canv.setFont(FONT, 5 if number != 2 else 9)
        canv.drawString(20 * mm, 60 * mm, "klein")
        canv.showPage()
    canv.save()
    report = check_pdf(finish_pdfx(buffer.getvalue(), "Proef", STANDARD.intent), STANDARD)
    assert format_report("x.pdf", report).splitlines()[1:] == [
        "  pagina’s 1–2, 4–5: tekst ‘klein’ is 5,0 pt; kleiner dan 6,0 pt drukt niet scherp."
    ]


def test_something_that_is_no_pdf_is_reported():
    report = check_pdf(b"Dit is geen PDF", STANDARD)
    assert not report.ready
    assert format_report("tekst.pdf", report).startswith(
        "tekst.pdf: niet drukklaar\n  bestand: geen leesbaar PDF-bestand"
    )


@pytest.mark.parametrize("kit_name", ["neutral_kit", "long_kit", "marked_kit"])
def test_every_pdf_of_a_kit_passes_through_the_command(kit_name, request, tmp_path):
    kit = request.getfixturevalue(kit_name)
    paths = []
    for name, data in kit.files.items():
        if name.endswith(".pdf"):
            (tmp_path / name).write_bytes(data)
            paths.append(str(tmp_path / name))
    result = CliRunner().invoke(cli, ["controleer", *paths])
    assert result.exit_code == 0, result.output
    assert result.output.count(": drukklaar (") == len(paths) - 1
    assert result.output.count(": geschikt om zelf af te drukken (") == 1


def test_the_command_exits_1_when_one_file_fails(tmp_path, neutral_kit):
    (tmp_path / "goed.pdf").write_bytes(neutral_kit.files["drukopdracht.pdf"])
    (tmp_path / "fout.pdf").write_bytes(card_pdf(lambda c: None, trim=False))
    result = CliRunner().invoke(cli, ["controleer", str(tmp_path / "goed.pdf"), str(tmp_path / "fout.pdf")])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        f"{tmp_path / 'fout.pdf'}: niet drukklaar (1 pagina, snijformaat 111 × 154 mm, PDF/X-1a:2001, kleinste tekst "
        "10,0 pt)",
        "  pagina 1: geen TrimBox: de drukker weet niet waar de pagina gesneden wordt.",
    ]
