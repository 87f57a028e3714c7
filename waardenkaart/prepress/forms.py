"""Fillable text fields on a finished PDF, with the typed text in our own embedded font.

ReportLab's form fields only know the standard fonts, which are never embedded. Here the fields are
added to ReportLab's file directly: each is a widget with a stable name and an empty appearance, and
the form's default resources hold Noto Sans as a composite font (Identity-H) with every character a
profile accepts: "Yılmaz", "Łukasz" or "Ζωή" typed into a field shows as typed, where a WinAnsi font
showed "Ylmaz". It is made and compressed once per process.
"""

import hashlib
import struct
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.ttfonts import TTFontFile, TTFontMaker

from .fonts import face as parsed_face
from .pdfx import Name, PdfSplice, Ref, pdf, stream

FONT_KEY = "WkSans"
MULTILINE = 1 << 12
# A widget that prints (/F 4), empty, in the form's font; its appearance is empty until a reader fills it.
_WIDGET = (
    b"<< /Type /Annot /Subtype /Widget /FT /Tx /T %s /Rect [ %s ] /F 4 /Ff %d /DA %s /V () /P %d 0 R"
    b" /AP << /N %d 0 R >> >>"
)
_EMPTY_APPEARANCE = b"<< /Type /XObject /Subtype /Form /BBox [ 0 0 %s ] /Length 11 >>\nstream\n/Tx BMC EMC\nendstream"
FIRST_CODE, LAST_CODE = 32, 255


@dataclass(frozen=True)
class Field:
    page: int  # 0-based
    name: str
    rect: tuple[float, float, float, float]
    multiline: bool = True


@dataclass(frozen=True)
class FormFont:
    """A subset of a TrueType font as a composite (Type0) font: every character a profile accepts, each
    at its glyph's number (Identity-H), compressed, with what its PDF font dictionaries need."""

    program: bytes  # FlateDecode
    length: int  # uncompressed, for /Length1
    name: str
    widths: bytes  # the /W array, in PDF syntax
    to_unicode: bytes  # the ToUnicode CMap, FlateDecode
    descriptor: dict


def winansi_characters() -> list[str]:
    """The characters of codes 32-255 in WinAnsiEncoding (Windows-1252), without the six it leaves unused."""
    unused = b"\x7f\x81\x8d\x8f\x90\x9d"
    return [bytes([code]).decode("cp1252") for code in range(FIRST_CODE, LAST_CODE + 1) if code not in unused]


def field_characters() -> list[int]:
    """What a field must show: every character a profile accepts (the characters every style of the
    card font draws), and WinAnsi's, in code order."""
    from ..intake.profile import drawable  # the profile's own rule: one set for cards and fields

    return sorted({ord(char) for char in drawable()} | {ord(char) for char in winansi_characters()})


@cache
def form_font(path: Path) -> FormFont:
    face = parsed_face(path)
    characters = [code for code in field_characters() if code in face.charToGlyph]
    glyphs = _glyph_ids(face, characters)
    program = _with_unicode_cmap(face.makeSubset(characters), glyphs)
    by_glyph: dict[int, int] = {}
    for char in characters:  # a glyph two characters share reads back as the first of them
        by_glyph.setdefault(glyphs[char], char)
    count = max(by_glyph) + 1
    widths = [
        face.charWidths.get(by_glyph[glyph], face.defaultWidth) if glyph in by_glyph else 0 for glyph in range(count)
    ]
    # A subset's name starts with a tag of six capitals; this one is taken from the subset itself.
    tag = "".join(chr(65 + byte % 26) for byte in hashlib.md5(program).digest()[:6])
    name = f"{tag}+{face.name.decode('latin-1')}"
    descriptor = {
        "Type": Name("FontDescriptor"),
        "FontName": Name(name),
        "Flags": 4,  # symbolic: the glyphs are reached by number, not by a standard encoding
        "FontBBox": list(face.bbox),
        "ItalicAngle": float(face.italicAngle),
        "Ascent": face.ascent,
        "Descent": face.descent,
        "CapHeight": face.capHeight,
        "StemV": face.stemV,
    }
    return FormFont(
        zlib.compress(program, 9),
        len(program),
        name,
        pdf([0, widths]),
        zlib.compress(_to_unicode(by_glyph), 9),
        descriptor,
    )


def _to_unicode(by_glyph: dict[int, int]) -> bytes:
    """The CMap from each glyph's two-byte code to its character: how a reader turns what is typed into
    codes of this font, and the codes back into text."""
    entries = [
        b"<%04X> <%s>" % (glyph, char.encode("utf-16-be").hex().upper().encode())
        for glyph, char in ((glyph, chr(code)) for glyph, code in sorted(by_glyph.items()))
    ]
    chunks = [entries[i : i + 100] for i in range(0, len(entries), 100)]
    body = b"".join(b"%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), b"\n".join(chunk)) for chunk in chunks)
    return (
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + body
        + b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )


def _glyph_ids(face: TTFontFile, characters: list[int]) -> dict[int, int]:
    """Unicode to glyph in the subset, numbered as ReportLab's makeSubset numbers them."""
    numbers, result = {0: 0}, {}
    for char in characters:
        original = face.charToGlyph.get(char, 0)
        numbers.setdefault(original, len(numbers))
        result[char] = numbers[original]
    return result


def _with_unicode_cmap(program: bytes, glyphs: dict[int, int]) -> bytes:
    """The subset with a (3,1) Unicode cmap: a PDF reader maps a WinAnsi code to its glyph through it.

    ReportLab's own subset cmap numbers the glyphs 0, 1, 2 ... for its own encoding, which is not ours.
    """
    count = struct.unpack(">H", program[4:6])[0]
    maker = TTFontMaker()
    for entry in range(count):
        tag, _, offset, length = struct.unpack(">4sLLL", program[12 + 16 * entry : 28 + 16 * entry])
        if tag != b"cmap":
            maker.add(tag.decode("latin-1"), program[offset : offset + length])
    segments: list[list[int]] = []  # start, end, delta
    for char in sorted(glyphs):
        delta = (glyphs[char] - char) % 65536
        if segments and segments[-1][1] == char - 1 and segments[-1][2] == delta:
            segments[-1][1] = char
        else:
            segments.append([char, char, delta])
    segments.append([0xFFFF, 0xFFFF, 1])
    pairs = len(segments)
    search = 1 << (pairs.bit_length() - 1)
    arrays = struct.pack(
        f">{pairs}HH{pairs}H{pairs}H{pairs}H",
        *(s[1] for s in segments),
        0,
        *(s[0] for s in segments),
        *(s[2] for s in segments),
        *([0] * pairs),
    )
    header = struct.pack(
        ">7H", 4, 14 + len(arrays), 0, 2 * pairs, 2 * search, search.bit_length() - 1, 2 * pairs - 2 * search
    )
    maker.add("cmap", struct.pack(">HHHHL", 0, 1, 3, 1, 12) + header + arrays)
    return maker.makeStream()


def _font(pdf_file: PdfSplice, path: Path) -> Ref:
    font = form_font(path)
    program = pdf_file.add(stream({"Filter": Name("FlateDecode"), "Length1": font.length}, font.program))
    descriptor = pdf_file.add(pdf({**font.descriptor, "FontFile2": program}))
    to_unicode = pdf_file.add(stream({"Filter": Name("FlateDecode")}, font.to_unicode))
    glyphs = pdf_file.add(
        pdf(
            {
                "Type": Name("Font"),
                "Subtype": Name("CIDFontType2"),
                "BaseFont": Name(font.name),
                "CIDSystemInfo": {"Registry": "Adobe", "Ordering": "Identity", "Supplement": 0},
                "FontDescriptor": descriptor,
                "W": font.widths,
                "CIDToGIDMap": Name("Identity"),
            }
        )
    )
    return pdf_file.add(
        pdf(
            {
                "Type": Name("Font"),
                "Subtype": Name("Type0"),
                "BaseFont": Name(font.name),
                "Encoding": Name("Identity-H"),
                "DescendantFonts": [glyphs],
                "ToUnicode": to_unicode,
            }
        )
    )


def add_text_fields(
    data: bytes, fields: list[Field], font_path: Path, size: float, info: dict[str, str] | None = None
) -> bytes:
    """`data` with an AcroForm of empty text fields; `info` adds keys (with their slash) to the document
    information."""
    pdf_file = PdfSplice(data)
    font = _font(pdf_file, font_path)
    appearance = f"/{FONT_KEY} {size:g} Tf 0 0 0 1 k"
    # A field of several lines sizes its text automatically (0 Tf): a reader starts large enough and
    # shrinks a long text until it fits the box, where a fixed size would clip it after three lines.
    shared = {True: pdf(f"/{FONT_KEY} 0 Tf 0 0 0 1 k"), False: pdf(appearance)}
    pages = pdf_file.pages()
    widgets: list[Ref] = []
    on_page: dict[int, list[Ref]] = {}
    for field in fields:  # hundreds of fields: each written from a template, not value by value
        rect = [round(v, 3) for v in field.rect]
        empty = pdf_file.add(_EMPTY_APPEARANCE % fp_str(rect[2] - rect[0], rect[3] - rect[1]).encode())
        widget = pdf_file.add(
            _WIDGET
            % (
                pdf(field.name),
                fp_str(*rect).encode(),
                MULTILINE if field.multiline else 0,
                shared[field.multiline],
                pages[field.page],
                empty,
            )
        )
        widgets.append(widget)
        on_page.setdefault(field.page, []).append(widget)
    for page, annotations in on_page.items():
        pdf_file.extend(pages[page], {"Annots": annotations})
    pdf_file.extend(
        pdf_file.root,
        {
            "AcroForm": {
                "Fields": widgets,
                "DA": appearance,
                "DR": {"Font": {FONT_KEY: font}},
                "NeedAppearances": True,
            }
        },
    )
    if info:
        pdf_file.extend(pdf_file.info, {key.lstrip("/"): value for key, value in info.items()})
    return pdf_file.write()
