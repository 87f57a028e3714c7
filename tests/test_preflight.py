"""`waardenkaart controleer`: every PDF the kit holds passes, and deliberately broken files fail
with findings that say what is wrong and on which page."""

import io

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from waardenkaart.cli import cli
from waardenkaart.intake.layout import default_card_layout, default_print_standard
from waardenkaart.prepress.fonts import register
from waardenkaart.prepress.pdfx import finish_pdfx
from waardenkaart.prepress.preflight import check_pdf, format_report

STANDARD = default_print_standard()
FONT = register(default_card_layout().fonts).regular
PAGE = (111 * mm, 154 * mm)
TRIM = (3 * mm, 3 * mm, 108 * mm, 151 * mm)


def card_pdf(draw, *, trim=True, font=FONT, pdfx=True, bleed=PAGE, edit=None) -> bytes:
    """A one-page A6 file like ours, with `draw(canvas)` adding the defect under test.

    `edit(writer, page)` changes the page with pypdf (images, annotations) before it becomes PDF/X.
    """
    buffer = io.BytesIO()
    boxes = {"trimBox": TRIM, **({"bleedBox": (0, 0, *bleed)} if bleed else {})} if trim else {}
    canv = Canvas(buffer, pagesize=PAGE, invariant=1, initialFontName=font, **boxes)
    canv.setFillColorCMYK(0, 0, 0, 1)
    canv.setFont(font, 10)
    canv.drawString(20 * mm, 75 * mm, "Een gewone regel tekst")
    draw(canv)
    canv.showPage()
    canv.save()
    data = buffer.getvalue()
    if edit:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        edit(writer, writer.pages[0])
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return finish_pdfx(data, "Proef", STANDARD.intent) if pdfx else data


def with_image(space: str, soft_mask: bool = False):
    """An edit that places a 2 × 2 pixel image in `space`, with a soft mask if asked."""

    def edit(writer, page):
        channels = {"/DeviceRGB": 3, "/DeviceCMYK": 4, "/DeviceGray": 1}[space]
        image = _image(space, channels)
        if soft_mask:
            image[NameObject("/SMask")] = writer._add_object(_image("/DeviceGray", 1))
        page["/Resources"][NameObject("/XObject")] = DictionaryObject({NameObject("/Im1"): writer._add_object(image)})
        contents = page.get_contents()
        contents.set_data(contents.get_data() + b"\nq 20 0 0 20 150 150 cm /Im1 Do Q\n")
        page.replace_contents(contents)

    return edit


def _image(space: str, channels: int) -> DecodedStreamObject:
    image = DecodedStreamObject()
    image.set_data(b"\x80" * 4 * channels)
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(2),
            NameObject("/Height"): NumberObject(2),
            NameObject("/ColorSpace"): NameObject(space),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    return image


def with_annotation(rect):
    """An edit that adds a text note (an annotation) at `rect`, in points."""

    def edit(writer, page):
        writer.add_annotation(0, Text(rect=rect, text="Opmerking van de drukker"))

    return edit


def with_form_field(writer, page):
    """A text field inside the trim, as a fillable form has."""
    field = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Widget"),
            NameObject("/FT"): NameObject("/Tx"),
            NameObject("/T"): TextStringObject("naam"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (100, 100, 200, 120)]),
        }
    )
    reference = writer._add_object(field)
    page[NameObject("/Annots")] = ArrayObject([reference])
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([reference])})


def transparency_group(writer, page):
    page[NameObject("/Group")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Transparency"), NameObject("/CS"): NameObject("/DeviceCMYK")}
    )


def replaced(data: bytes, old: bytes, new: bytes) -> bytes:
    """The file with one piece of it replaced by another of the same length, so the offsets still hold."""
    assert len(old) == len(new) and data.count(old) == 1, old
    return data.replace(old, new)


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


CLEAN = card_pdf(lambda c: None)


@pytest.mark.parametrize(
    "data, expected",
    [
        (replaced(CLEAN, b"%PDF-1.3", b"%PDF-1.4"), ["bestand: PDF-versie 1.4; PDF/X-1a vraagt versie 1.3."]),
        (replaced(CLEAN, b"/Title", b"/Tytle"), ["bestand: geen documenttitel; PDF/X vraagt er een."]),
        (
            replaced(CLEAN, b"/Trapped", b"/Trapxed"),
            ["bestand: Trapped staat niet op True of False; PDF/X vraagt een keuze."],
        ),
        (
            replaced(CLEAN, b"/Trapped /False", b"/Trapped /Maybe"),
            ["bestand: Trapped staat niet op True of False; PDF/X vraagt een keuze."],
        ),
        (
            card_pdf(
                lambda c: (
                    c.setFillColorCMYK(0, 1, 0, 0),
                    c.rect(3 * mm, 100 * mm, 105 * mm, 51 * mm, stroke=0, fill=1),
                ),
                bleed=None,
            ),
            ["1: geen BleedBox, terwijl er tot de snijlijn gedrukt wordt."],
        ),
        (
            card_pdf(
                lambda c: (
                    c._code.append("/DeviceRGB cs 1 0 0 sc"),
                    c.rect(30 * mm, 30 * mm, 20 * mm, 20 * mm, stroke=0, fill=1),
                )
            ),
            ["1: kleurruimte DeviceRGB: gebruik alleen CMYK."],
        ),
        (card_pdf(lambda c: None, edit=with_image("/DeviceRGB")), ["1: een afbeelding in RGB: zet die om naar CMYK."]),
        (
            card_pdf(lambda c: None, edit=with_image("/DeviceCMYK", soft_mask=True)),
            ["1: een afbeelding met transparantie (SMask); PDF/X-1a staat geen transparantie toe."],
        ),
        (
            card_pdf(lambda c: None, edit=with_annotation((100, 100, 140, 140))),
            ["1: formuliervelden of andere annotaties binnen het snijkader; PDF/X staat dat niet toe."],
        ),
        (
            card_pdf(lambda c: None, edit=with_form_field),
            ["1: formuliervelden of andere annotaties binnen het snijkader; PDF/X staat dat niet toe."],
        ),
        (
            card_pdf(
                lambda c: (c.setBlendMode("Multiply"), c.rect(30 * mm, 30 * mm, 20 * mm, 20 * mm, stroke=0, fill=1))
            ),
            ["1: transparantie (SMask, doorzichtigheid of overvloeimodus); PDF/X-1a staat die niet toe."],
        ),
        (
            card_pdf(lambda c: (c.setStrokeAlpha(0.5), c.line(20 * mm, 50 * mm, 80 * mm, 50 * mm))),
            ["1: transparantie (SMask, doorzichtigheid of overvloeimodus); PDF/X-1a staat die niet toe."],
        ),
        (
            card_pdf(lambda c: None, edit=transparency_group),
            ["1: de pagina is een transparantiegroep; PDF/X-1a staat geen transparantie toe."],
        ),
    ],
    ids=[
        "pdf-1.4",
        "no-title",
        "no-trapped",
        "trapped-unknown",
        "no-bleedbox",
        "rgb-colour-space",
        "rgb-image",
        "soft-mask",
        "annotation",
        "form-field",
        "blend-mode",
        "stroke-alpha",
        "transparency-group",
    ],
)
def test_each_broken_pdfx_file_gets_its_finding(data, expected):
    assert findings(data) == expected


def test_a_cmyk_image_a_note_in_the_bleed_and_a_spot_colour_pass():
    assert findings(card_pdf(lambda c: None, edit=with_image("/DeviceCMYK"))) == []
    assert findings(card_pdf(lambda c: None, edit=with_annotation((0, 0, 6, 6)))) == []
    spot = CMYKColorSep(0, 1, 0, 0, spotName="PANTONE 185 C")
    assert (
        findings(card_pdf(lambda c: (c.setFillColor(spot), c.rect(30 * mm, 30 * mm, 20 * mm, 20 * mm, fill=1)))) == []
    )


def test_an_encrypted_file_is_reported():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(CLEAN)))
    writer.encrypt("geheim", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    (finding,) = findings(out.getvalue())
    assert finding.startswith("bestand: het bestand is beveiligd") and "een drukker kan het niet verwerken" in finding


def test_an_empty_file_and_a_file_without_pages_are_reported(tmp_path):
    (tmp_path / "leeg.pdf").write_bytes(b"")
    out = io.BytesIO()
    PdfWriter().write(out)
    (tmp_path / "zonder.pdf").write_bytes(out.getvalue())
    result = CliRunner().invoke(cli, ["controleer", str(tmp_path / "leeg.pdf"), str(tmp_path / "zonder.pdf")])
    assert (result.exit_code, result.output) == (
        1,
        f"{tmp_path / 'leeg.pdf'}: niet drukklaar\n  bestand: het bestand is leeg (0 bytes).\n"
        f"{tmp_path / 'zonder.pdf'}: niet drukklaar\n  bestand: het bestand heeft geen pagina’s.\n",
    )


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
