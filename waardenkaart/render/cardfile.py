"""The print shop's file: every distinct card once, its front followed by its back, A6 with bleed.

With crop marks the page grows around the bleed; TrimBox and BleedBox still mark the card and its
bleed, which ReportLab's own cropMarks would get wrong.
"""

import io

from ..prepress.pdf import print_canvas
from .cardface import CardFace, FittedCard


def back_form_name(card: FittedCard) -> str:
    """Every back is its own: it carries the card's number in the deck."""
    return f"back-{card.merged.key}"


def card_file(cards: list[FittedCard], face: CardFace, *, marks: bool, title: str, subject: str) -> bytes:
    lay = face.layout
    margin = lay.bleed + (lay.mark_length if marks else 0)
    page = (lay.width + 2 * margin, lay.height + 2 * margin)
    trim = (margin, margin, margin + lay.width, margin + lay.height)
    bleed = (margin - lay.bleed, margin - lay.bleed, margin + lay.width + lay.bleed, margin + lay.height + lay.bleed)
    buffer = io.BytesIO()
    canv = print_canvas(buffer, page, trim, bleed, face.fonts.regular, title=title, subject=subject)
    for fitted in cards:
        for draw in (face.draw_front, face.draw_back):
            canv.saveState()
            canv.translate(margin, margin)
            draw(canv, fitted)
            canv.restoreState()
            if marks:
                _crop_marks(canv, face, margin)
            canv.showPage()
    canv.save()
    return buffer.getvalue()


def _crop_marks(canv, face: CardFace, margin: float) -> None:
    """Marks on the extension of each trim edge, from the bleed edge outward, in pure black."""
    lay = face.layout
    canv.setStrokeColor(face.black)
    canv.setLineWidth(lay.mark_width)
    start, end = margin - lay.bleed, margin - lay.bleed - lay.mark_length
    for x in (margin, margin + lay.width):
        for y0, y1 in (
            (start, end),
            (margin + lay.height + lay.bleed, margin + lay.height + lay.bleed + lay.mark_length),
        ):
            canv.line(x, y0, x, y1)
    for y in (margin, margin + lay.height):
        for x0, x1 in (
            (start, end),
            (margin + lay.width + lay.bleed, margin + lay.width + lay.bleed + lay.mark_length),
        ):
            canv.line(x0, y, x1, y)
