"""A ReportLab canvas set up for print: page boxes, embedded fonts only, CMYK only, fixed bytes."""

import io
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class SetDocument:
    data: bytes
    pages: int


class _PastLimit(Exception):
    """The document needs more pages than it may have: setting it further is of no use."""


class _LimitedDocument(SimpleDocTemplate):
    page_limit: int | None = None

    def handle_pageBegin(self):
        super().handle_pageBegin()
        if self.page_limit is not None and self.page > self.page_limit:
            raise _PastLimit


def print_document(
    story: list,
    page_size,
    font: str,
    title: str,
    subject: str,
    margin: float,
    right_margin: float | None = None,
    furnish: Callable | None = None,
) -> bytes:
    """A flowing document (A4 sheets, tables) with the same guarantees as print_canvas; no bleed.

    `furnish(canvas, page, pages)`, when given, draws each page's running header and page number."""
    return set_document(
        story, page_size, font, title, subject, margin, right_margin=right_margin, furnish=furnish
    ).data


def _furnished(furnish: Callable) -> type[Canvas]:
    """A canvas that keeps its pages until the end, so that each can say how many pages there are."""

    class FurnishedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kept_pages: list[dict] = []

        def showPage(self):
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages = len(self._kept_pages)
            for state in self._kept_pages:
                self.__dict__.update(state)
                furnish(self, self._pageNumber, pages)
                Canvas.showPage(self)
            Canvas.save(self)

    return FurnishedCanvas


def set_document(
    story: list,
    page_size,
    font: str,
    title: str,
    subject: str,
    margin: float,
    page_limit: int | None = None,
    right_margin: float | None = None,
    furnish: Callable | None = None,
) -> SetDocument | None:
    """The document and its number of pages; None, and no more work, as soon as it needs more than `page_limit`."""
    buffer = io.BytesIO()
    box = (0, 0, *page_size)
    doc = _LimitedDocument(
        buffer,
        pagesize=page_size,
        invariant=1,
        initialFontName=font,
        enforceColorSpace="cmyk",
        trimBox=box,
        bleedBox=box,
        leftMargin=margin,
        rightMargin=margin if right_margin is None else right_margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        subject=subject,
        author="waardenkaart",
        creator=f"waardenkaart {__version__}",
    )
    doc.page_limit = page_limit
    try:
        doc.build(story, canvasmaker=_furnished(furnish) if furnish else Canvas)
    except _PastLimit:
        return None
    return SetDocument(buffer.getvalue(), doc.page)
