"""Finishing a ReportLab PDF as PDF/X-1a:2001, the print shops' common ground.

ReportLab writes the pages (CMYK only, fonts embedded, boxes set); this adds what it cannot: the
PDF 1.3 header, the output intent, the PDF/X keys in the Info dictionary and a file identifier
derived from the content, so the same input still gives the same bytes.
"""

import hashlib
import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject, TextStringObject

from .layout import OutputIntent

PDFX_VERSION = "PDF/X-1:2001"
PDFX_CONFORMANCE = "PDF/X-1a:2001"


def finish_pdfx(data: bytes, title: str, intent: OutputIntent) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.pdf_header = b"%PDF-1.3"
    output_intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(intent.identifier),
            NameObject("/OutputCondition"): TextStringObject(intent.condition),
            NameObject("/RegistryName"): TextStringObject(intent.registry),
            NameObject("/Info"): TextStringObject(intent.info),
        }
    )
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([output_intent])
    writer.add_metadata({"/Title": title, "/GTS_PDFXVersion": PDFX_VERSION, "/GTS_PDFXConformance": PDFX_CONFORMANCE})
    writer.metadata[NameObject("/Trapped")] = NameObject("/False")  # a name: add_metadata writes strings
    return write_reproducibly(writer, data)


def write_reproducibly(writer: PdfWriter, source: bytes) -> bytes:
    """Write with a file identifier derived from the source: pypdf's own are random."""
    identifier = ByteStringObject(hashlib.md5(source).digest())
    writer._ID = ArrayObject([identifier, identifier])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
