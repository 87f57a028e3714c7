"""The calibration sheet: targets on the front, millimetre scales behind them on the back.

Printed duplex like the card sheets and held against the light, it shows how far the printer
moves the back; that offset goes into the profile (verschuif_x, verschuif_y).
"""

import io

from reportlab.lib.units import mm

from ..intake.layout import DocumentLayout, SheetLayout
from ..prepress.pdf import print_canvas
from ..text.paragraph import Paragraph
from .cardface import CardFace
from .documents import document_styles
from .sheets import placement


def calibration_file(face: CardFace, sheet: SheetLayout, document: DocumentLayout, title: str, subject: str) -> bytes:
    text = face.content.calibration
    place = placement(sheet, face.layout.width, face.layout.height)
    centres = [(x + place.card_width / 2, y + place.card_height / 2) for x, y in place.fronts]
    box = (0, 0, sheet.width, sheet.height)
    buffer = io.BytesIO()
    canv = print_canvas(
        buffer,
        (sheet.width, sheet.height),
        box,
        box,
        face.fonts.regular,
        title=title,
        subject=subject,
    )
    canv.setStrokeColorCMYK(0, 0, 0, 1)
    canv.setFillColorCMYK(0, 0, 0, 1)
    for x, y in centres:
        canv.setLineWidth(sheet.target_width)
        canv.line(x - sheet.target, y, x + sheet.target, y)
        canv.line(x, y - sheet.target, x, y + sheet.target)
        canv.circle(x, y, sheet.target / 2, stroke=1, fill=0)
    _text(canv, face, sheet, document, text.title, text.front, None)
    canv.showPage()
    for index in range(len(centres)):
        bx, by = place.back(index, (0, 0), sheet.width)
        _scales(canv, face, sheet, bx + place.card_width / 2, by + place.card_height / 2)
    _text(canv, face, sheet, document, text.title, text.back, text.command)
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def _scales(canv, face: CardFace, sheet: SheetLayout, x: float, y: float) -> None:
    """Thin millimetre scales through the point where the front's cross should land."""
    reach = sheet.scale_reach  # whole millimetres each way
    canv.setLineWidth(sheet.mark_width)
    canv.line(x - reach * mm, y, x + reach * mm, y)
    canv.line(x, y - reach * mm, x, y + reach * mm)
    for step in range(-reach, reach + 1):
        tick = (2.5 if step % 5 == 0 else 1.2) * mm
        canv.line(x + step * mm, y - tick / 2, x + step * mm, y + tick / 2)
        canv.line(x - tick / 2, y + step * mm, x + tick / 2, y + step * mm)
    # Only the ends are numbered, beyond the ends of the scales, where no label can touch another; the
    # longer ticks mark every 5 mm.
    size = sheet.footer_size
    canv.setFont(face.fonts.regular, size)
    gap = 1.5 * mm
    canv.drawRightString(x - reach * mm - gap, y - size * 0.35, f"{-reach:+d}")
    canv.drawString(x + reach * mm + gap, y - size * 0.35, f"{reach:+d}")
    canv.drawCentredString(x, y + reach * mm + gap, f"{reach:+d}")
    canv.drawCentredString(x, y - reach * mm - gap - size * 0.75, f"{-reach:+d}")


def _text(
    canv, face: CardFace, sheet: SheetLayout, document: DocumentLayout, title: str, body: str, command: str | None
) -> None:
    """The instructions in the middle of the sheet, between the targets, in the documents' type."""
    styles = document_styles(document, face)
    width = sheet.width - 2 * document.margin
    parts = [Paragraph(title, styles.heading), Paragraph(body, styles.body)]
    if command:
        parts.append(Paragraph(command, styles.bold))
    heights = [part.wrap(width, sheet.height)[1] + 4 for part in parts]
    y = sheet.height / 2 + sum(heights) / 2
    for part, height in zip(parts, heights):
        y -= height
        part.drawOn(canv, (sheet.width - width) / 2, y)
