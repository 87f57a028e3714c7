"""Finishing a ReportLab PDF as PDF/X-1a:2001, the print shops' common ground.

ReportLab writes the pages (CMYK only, fonts embedded, boxes set, PDF 1.3 header); this adds what it
cannot: the output intent in the catalog, the PDF/X keys in the Info dictionary and a file identifier
derived from the content, so the same input still gives the same bytes.

ReportLab's files are simple: plain object dictionaries one after another and one classic
cross-reference table. Adding a few keys is therefore a splice of those objects and a new table, not
a parse and rewrite of the whole file; `PdfSplice` does that, and the form fields use it too.
"""

import hashlib
import re

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFString

from ..intake.layout import OutputIntent

PDFX_VERSION = "PDF/X-1:2001"
PDFX_CONFORMANCE = "PDF/X-1a:2001"

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF = re.compile(rb"xref\r?\n0 (\d+)\r?\n")
_REF = {key: re.compile(rb"/" + key + rb"\s+(\d+) 0 R") for key in (b"Root", b"Info", b"Pages")}
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_STRING_ENTRY = r"/{key}\s*(?:\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)"
_DOC = DummyDoc()


class Name(str):
    """A PDF name, written /Name."""


class Ref(int):
    """A reference to object number n, written n 0 R."""


def pdf(value) -> bytes:
    """`value` in PDF syntax: str is a text string, Name a name, Ref a reference, bytes is PDF already;
    bool, numbers, lists and dicts as themselves."""
    kind = type(value)
    if kind is Ref:
        return b"%d 0 R" % value
    if kind is Name:
        return b"/" + value.encode("ascii")
    if kind is str:
        return _string(value)
    if kind is bytes:
        return value
    if kind is bool:
        return b"true" if value else b"false"
    if kind is int:
        return b"%d" % value
    if kind is float:
        return fp_str(value).encode("ascii")
    if kind is list or kind is tuple:
        return b"[ " + b" ".join(map(pdf, value)) + b" ]"
    if kind is dict:
        return b"<< " + b" ".join(b"/%s %s" % (key.encode("ascii"), pdf(item)) for key, item in value.items()) + b" >>"
    raise TypeError(f"no PDF form for {value!r}")


def _string(text: str) -> bytes:
    if text.isascii() and text.isprintable() and not any(char in text for char in "()\\"):
        return b"(" + text.encode("ascii") + b")"
    return PDFString(text).format(_DOC)


def stream(entries: dict, data: bytes) -> bytes:
    """A stream object's body; `data` is written as given, so `entries` must name its filter."""
    return pdf({**entries, "Length": len(data)}) + b"\nstream\n" + data + b"\nendstream"


class PdfSplice:
    """The objects of a ReportLab file, to change a few, add some and write the file anew."""

    def __init__(self, data: bytes):
        start = _STARTXREF.search(data)
        table = _XREF.match(data, int(start[1])) if start else None
        if table is None:
            raise ValueError("not a PDF with one classic cross-reference table")
        count = int(table[1])
        rows = data[table.end() : table.end() + 20 * count]
        offsets = sorted((int(rows[20 * n : 20 * n + 10]), n) for n in range(1, count))
        self.head = data[: offsets[0][0]]
        self.objects: dict[int, bytes] = {}
        for (offset, number), (end, _) in zip(offsets, offsets[1:] + [(table.start(), 0)]):
            chunk = data[offset:end]
            prefix = b"%d 0 obj\n" % number
            if not chunk.startswith(prefix) or not chunk.rstrip().endswith(b"endobj"):
                raise ValueError(f"object {number} is not where the cross-reference table says")
            self.objects[number] = chunk[len(prefix) : chunk.rstrip().rindex(b"endobj")].rstrip()
        if sorted(self.objects) != list(range(1, len(self.objects) + 1)):
            raise ValueError("object numbers with gaps")
        trailer = data[table.end() + 20 * count :]
        self.root, self.info = (int(_REF[key].search(trailer)[1]) for key in (b"Root", b"Info"))

    def add(self, body: bytes) -> Ref:
        number = len(self.objects) + 1  # ReportLab numbers its objects 1, 2, 3 ... without gaps
        self.objects[number] = body
        return Ref(number)

    def extend(self, number: int, entries: dict) -> None:
        """Add `entries` to the dictionary of object `number`; a key it has already is replaced."""
        body = self.objects[number]
        for key in entries:
            body = re.sub(_STRING_ENTRY.format(key=re.escape(key)).encode(), b"", body)
            if re.search(rb"/" + re.escape(key.encode()) + rb"[\s/\[<(]", body):
                raise ValueError(f"object {number} already has /{key}")
        end = body.rindex(b">>")
        added = b" ".join(pdf(Name(key)) + b" " + pdf(value) for key, value in entries.items())
        self.objects[number] = body[:end] + added + b"\n>>"

    def pages(self) -> list[Ref]:
        """The page objects in order (ReportLab writes one flat page tree)."""
        tree = int(_REF[b"Pages"].search(self.objects[self.root])[1])
        return [Ref(int(n)) for n in re.findall(rb"(\d+) 0 R", _KIDS.search(self.objects[tree])[1])]

    def write(self) -> bytes:
        """The file with a fresh cross-reference table and an identifier from the content."""
        parts, offsets, at = [self.head], [], len(self.head)
        for number in range(1, len(self.objects) + 1):
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, self.objects[number])
            offsets.append(at)
            parts.append(chunk)
            at += len(chunk)
        identifier = hashlib.md5(b"".join(parts)).hexdigest().encode()
        parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        parts.extend(b"%010d 00000 n \n" % offset for offset in offsets)
        parts.append(
            b"trailer\n<<\n/ID [<%s><%s>]\n/Info %d 0 R\n/Root %d 0 R\n/Size %d\n>>\nstartxref\n%d\n%%%%EOF\n"
            % (identifier, identifier, self.info, self.root, len(offsets) + 1, at)
        )
        return b"".join(parts)


def finish_pdfx(data: bytes, title: str, intent: OutputIntent) -> bytes:
    """`data` (a PDF from ReportLab, CMYK only) as PDF 1.3 with the output intent and the PDF/X keys.

    The version is declared, not checked: the preflight finds a transparency or an RGB colour.
    """
    pdf_file = PdfSplice(data)
    pdf_file.head = re.sub(rb"^%PDF-1\.\d", b"%PDF-1.3", pdf_file.head)
    output_intent = {
        "Type": Name("OutputIntent"),
        "S": Name("GTS_PDFX"),
        "OutputConditionIdentifier": intent.identifier,
        "OutputCondition": intent.condition,
        "RegistryName": intent.registry,
        "Info": intent.info,
    }
    pdf_file.extend(pdf_file.root, {"OutputIntents": [output_intent]})
    pdf_file.extend(
        pdf_file.info,
        {"Title": title, "GTS_PDFXVersion": PDFX_VERSION, "GTS_PDFXConformance": PDFX_CONFORMANCE},
    )
    return pdf_file.write()
