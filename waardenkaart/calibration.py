"""The calibration sheet: targets on the front, millimetre scales behind them on the back.

Printed duplex like the card sheets and held against the light, it shows how far the printer
moves the back; that offset goes into the profile (verschuif_x, verschuif_y).
"""

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from .cardface import CardFace
from .layout import SheetLayout
from .pdf import print_canvas
from .sheets import placement

SCALE_MM = 10  # the scales run from -10 to +10 mm


def calibration_file(face: CardFace, sheet: SheetLayout) -> bytes:
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
        title=text.title,
        subject="Kalibratie van dubbelzijdig afdrukken",
    )
    canv.setStrokeColorCMYK(0, 0, 0, 1)
    canv.setFillColorCMYK(0, 0, 0, 1)
    for x, y in centres:
        canv.setLineWidth(1.2)
        canv.line(x - 12 * mm, y, x + 12 * mm, y)
        canv.line(x, y - 12 * mm, x, y + 12 * mm)
        canv.circle(x, y, 6 * mm, stroke=1, fill=0)
    _text(canv, face, sheet, text.title, text.front, None)
    canv.showPage()
    for index in range(len(centres)):
        bx, by = place.back(index, (0, 0), sheet.width)
        _scales(canv, face, bx + place.card_width / 2, by + place.card_height / 2)
    _text(canv, face, sheet, text.title, text.back, text.command)
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def _scales(canv, face: CardFace, x: float, y: float) -> None:
    """Thin millimetre scales through the point where the front's cross should land."""
    canv.setLineWidth(0.3)
    canv.line(x - SCALE_MM * mm, y, x + SCALE_MM * mm, y)
    canv.line(x, y - SCALE_MM * mm, x, y + SCALE_MM * mm)
    for step in range(-SCALE_MM, SCALE_MM + 1):
        tick = (2.5 if step % 5 == 0 else 1.2) * mm
        canv.line(x + step * mm, y - tick / 2, x + step * mm, y + tick / 2)
        canv.line(x - tick / 2, y + step * mm, x + tick / 2, y + step * mm)
    canv.setFont(face.fonts.regular, 7)
    for step in (-SCALE_MM, -5, 5, SCALE_MM):
        canv.drawCentredString(x + step * mm, y - 5 * mm, f"{step:+d}")
        canv.drawString(x + 3 * mm, y + step * mm - 2, f"{step:+d}")


def _text(canv, face: CardFace, sheet: SheetLayout, title: str, body: str, command: str | None) -> None:
    """The instructions in a box in the middle of the sheet, between the targets."""
    width = sheet.width - 2 * sheet.margin - 20 * mm
    style = ParagraphStyle("calibration", fontName=face.fonts.regular, fontSize=10, leading=13.5, textColor=face.black)
    heading = ParagraphStyle("calibration-title", parent=style, fontName=face.fonts.bold, fontSize=13, leading=17)
    parts = [Paragraph(title, heading), Paragraph(body, style)]
    if command:
        parts.append(Paragraph(f"<font name='{face.fonts.bold}'>{command}</font>", style))
    heights = [part.wrap(width, sheet.height)[1] + 4 for part in parts]
    y = sheet.height / 2 + sum(heights) / 2
    for part, height in zip(parts, heights):
        y -= height
        part.drawOn(canv, (sheet.width - width) / 2, y)
