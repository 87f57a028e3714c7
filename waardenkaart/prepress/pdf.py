"""A ReportLab canvas set up for print: page boxes, embedded fonts only, CMYK only, fixed bytes."""

import io

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from .. import __version__

# Page streams Flate-compressed only: ASCII85 on top makes them a quarter larger and slower to write.
rl_config.useA85 = 0


def print_canvas(buffer: io.BytesIO, page_size, trim_box, bleed_box, font: str, title: str, subject: str) -> Canvas:
    """A canvas whose every page carries TrimBox and BleedBox and whose output is byte-reproducible.

    The initial font is ours, so no unembedded Helvetica is listed; RGB colour raises at once.
    """
    canv = Canvas(
        buffer,
        pagesize=page_size,
        trimBox=trim_box,
        bleedBox=bleed_box,
        invariant=1,
        initialFontName=font,
        enforceColorSpace="cmyk",
        pdfVersion=(1, 3),
        pageCompression=1,
    )
    canv.setTitle(title)
    canv.setSubject(subject)
    canv.setAuthor("waardenkaart")
    canv.setCreator(f"waardenkaart {__version__}")
    return canv


def print_document(story: list, page_size, font: str, title: str, subject: str, margin: float) -> bytes:
    """A flowing document (A4 sheets, tables) with the same guarantees as print_canvas; no bleed."""
    buffer = io.BytesIO()
    box = (0, 0, *page_size)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=page_size,
        invariant=1,
        initialFontName=font,
        enforceColorSpace="cmyk",
        trimBox=box,
        bleedBox=box,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        subject=subject,
        author="waardenkaart",
        creator=f"waardenkaart {__version__}",
    )
    doc.build(story)
    return buffer.getvalue()
