"""Fillable text fields on a finished PDF, with the typed text in our own, fully embedded font.

ReportLab's form fields only know the standard fonts, which are never embedded. Here the fields
are added with pypdf instead: each is a widget with a stable name and an empty appearance, and the
form's default resources hold Noto Sans in full (not a subset: any letter can be typed), in
WinAnsi encoding, which covers Dutch.
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.pdfbase.ttfonts import TTFont

from .pdfx import write_reproducibly

FONT_KEY = "/WkSans"
MULTILINE = 1 << 12


@dataclass(frozen=True)
class Field:
    page: int  # 0-based
    name: str
    rect: tuple[float, float, float, float]
    multiline: bool = True


@cache
def _font_program(path: Path) -> tuple[bytes, dict]:
    face = TTFont("form-font", str(path)).face
    widths = []
    for code in range(32, 256):
        char = bytes([code]).decode("cp1252", errors="replace")
        widths.append(face.charWidths.get(ord(char), face.defaultWidth))
    return path.read_bytes(), {
        "name": face.name.decode("latin-1"),
        "widths": widths,
        "ascent": face.ascent,
        "descent": face.descent,
        "cap": face.capHeight,
        "bbox": face.bbox,
        "italic": face.italicAngle,
        "stem": face.stemV,
    }


def _font(writer: PdfWriter, path: Path):
    program, metrics = _font_program(path)
    stream = StreamObject()
    stream._data = program
    stream[NameObject("/Length1")] = NumberObject(len(program))
    stream = stream.flate_encode()
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/" + metrics["name"]),
            NameObject("/Flags"): NumberObject(32),  # non-symbolic: the WinAnsi encoding applies
            NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in metrics["bbox"]),
            NameObject("/ItalicAngle"): FloatObject(metrics["italic"]),
            NameObject("/Ascent"): NumberObject(metrics["ascent"]),
            NameObject("/Descent"): NumberObject(metrics["descent"]),
            NameObject("/CapHeight"): NumberObject(metrics["cap"]),
            NameObject("/StemV"): NumberObject(metrics["stem"]),
            NameObject("/FontFile2"): writer._add_object(stream),
        }
    )
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/TrueType"),
                NameObject("/BaseFont"): NameObject("/" + metrics["name"]),
                NameObject("/FirstChar"): NumberObject(32),
                NameObject("/LastChar"): NumberObject(255),
                NameObject("/Widths"): ArrayObject(NumberObject(w) for w in metrics["widths"]),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
                NameObject("/FontDescriptor"): writer._add_object(descriptor),
            }
        )
    )


def add_text_fields(
    data: bytes, fields: list[Field], font_path: Path, size: float, info: dict[str, str] | None = None
) -> bytes:
    """`data` with an AcroForm of empty text fields; `info` adds keys to the document information."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    font = _font(writer, font_path)
    appearance = f"{FONT_KEY} {size:g} Tf 0 0 0 1 k"
    refs = ArrayObject()
    for field in fields:
        page = writer.pages[field.page]
        x0, y0, x1, y1 = field.rect
        empty = DecodedStreamObject()
        empty.set_data(b"/Tx BMC EMC")
        empty.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(x1 - x0), FloatObject(y1 - y0)]
                ),
            }
        )
        widget = writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Widget"),
                    NameObject("/FT"): NameObject("/Tx"),
                    NameObject("/T"): TextStringObject(field.name),
                    NameObject("/Rect"): ArrayObject(FloatObject(round(v, 3)) for v in field.rect),
                    NameObject("/F"): NumberObject(4),  # print
                    NameObject("/Ff"): NumberObject(MULTILINE if field.multiline else 0),
                    NameObject("/DA"): TextStringObject(appearance),
                    NameObject("/V"): TextStringObject(""),
                    NameObject("/P"): page.indirect_reference,
                    NameObject("/AP"): DictionaryObject({NameObject("/N"): writer._add_object(empty)}),
                }
            )
        )
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        page["/Annots"].append(widget)
        refs.append(widget)
    writer.root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): refs,
            NameObject("/DA"): TextStringObject(appearance),
            NameObject("/DR"): DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject(FONT_KEY): font})}),
            NameObject("/NeedAppearances"): BooleanObject(True),
        }
    )
    if info:
        writer.add_metadata(info)
    return write_reproducibly(writer, data)
