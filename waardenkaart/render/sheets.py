"""A4 sheets for the school printer: cards imposed several to a side, backs placed for duplex.

Each card and each back is drawn once as a form XObject and placed wherever it appears, so a kit
for a large team stays small. The backs of a sheet sit at the mirrored positions (long-edge
duplex), shifted by the profile's offset to correct the printer.
"""

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..intake.layout import SheetLayout
from ..prepress.pdf import print_canvas
from ..text.merge import escape, fill_text
from ..text.paragraph import Paragraph
from .cardface import CardFace, FittedCard
from .cardfile import back_form_name


@dataclass(frozen=True)
class Placement:
    """Where cards go on a sheet: a scale and the lower-left corners of the front positions."""

    scale: float
    card_width: float
    card_height: float
    fronts: tuple[tuple[float, float], ...]

    def back(self, index: int, offset: tuple[float, float], sheet_width: float) -> tuple[float, float]:
        """The back of front position `index`: mirrored left-right, then shifted by `offset` (points)."""
        x, y = self.fronts[index]
        return sheet_width - x - self.card_width + offset[0], y + offset[1]


def placement(sheet: SheetLayout, card_width: float, card_height: float) -> Placement:
    """Cards at the layout's scale (smaller only if the sheet cannot hold them), `gutter` apart, the
    block centred on the sheet."""
    room_width = sheet.width - 2 * sheet.printable - (sheet.columns - 1) * sheet.gutter
    room_height = sheet.height - 2 * sheet.printable - (sheet.rows - 1) * sheet.gutter
    scale = min(sheet.scale, room_width / (sheet.columns * card_width), room_height / (sheet.rows * card_height))
    width, height = card_width * scale, card_height * scale
    left = (sheet.width - sheet.columns * width - (sheet.columns - 1) * sheet.gutter) / 2
    bottom = (sheet.height - sheet.rows * height - (sheet.rows - 1) * sheet.gutter) / 2
    fronts = tuple(
        (left + column * (width + sheet.gutter), bottom + (sheet.rows - 1 - row) * (height + sheet.gutter))
        for row in range(sheet.rows)
        for column in range(sheet.columns)
    )
    return Placement(scale, width, height, fronts)


def session_sheets(copies: list[tuple[FittedCard, int]], per_sheet: int) -> list[list[FittedCard]]:
    """The copies in the deck's order, `per_sheet` to a sheet, each session's cards on sheets of their own:
    a school prints session 1 first, and session 2 once it has its values."""
    sheets: list[list[FittedCard]] = []
    session = None
    for card, count in copies:
        for _ in range(count):
            if card.merged.card.session != session or len(sheets[-1]) == per_sheet:
                sheets.append([])
                session = card.merged.card.session
            sheets[-1].append(card)
    return sheets


def front_form_name(card: FittedCard) -> str:
    return f"front-{card.merged.key}"


def sheet_file(
    copies: list[tuple[FittedCard, int]],
    face: CardFace,
    sheet: SheetLayout,
    offset_mm: tuple[float, float],
    *,
    title: str,
    subject: str,
    kit: str,
) -> bytes:
    """The sheets; `kit` names school and year in the margin line of each front."""
    lay = face.layout
    place = placement(sheet, lay.width, lay.height)
    offset = (offset_mm[0] * mm, offset_mm[1] * mm)
    sheets = session_sheets(copies, len(place.fronts))
    box = (0, 0, sheet.width, sheet.height)
    buffer = io.BytesIO()
    canv = print_canvas(buffer, (sheet.width, sheet.height), box, box, face.fonts.regular, title=title, subject=subject)
    drawn: set[str] = set()

    def place_side(card, name: str, draw, at) -> None:
        """Each side is drawn once as a form and placed wherever a copy of the card goes."""
        if name not in drawn:
            drawn.add(name)
            canv.beginForm(name, -lay.bleed, -lay.bleed, lay.width + lay.bleed, lay.height + lay.bleed)
            draw(canv, card)
            canv.endForm()
        place_card(canv, name, at, place, sheet.bleed)

    for number, cards in enumerate(sheets, 1):
        for index, card in enumerate(cards):
            place_side(card, front_form_name(card), face.draw_front, place.fronts[index])
        cut_marks(canv, sheet, place, place.fronts[: len(cards)])
        _footer(canv, face, sheet, face.content.labels.sheet_front, number, len(sheets), kit)
        canv.showPage()
        backs = [place.back(index, offset, sheet.width) for index in range(len(cards))]
        for index, card in enumerate(cards):
            place_side(card, back_form_name(card), face.draw_back, backs[index])
        _footer(canv, face, sheet, face.content.labels.sheet_back, number, len(sheets), kit)
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def place_card(canv, name: str, corner: tuple[float, float], place: Placement, bleed: float) -> None:
    """A card's form at `corner`, scaled, showing `bleed` of its own colour past its trim and no more."""
    x, y = corner
    canv.saveState()
    clip = canv.beginPath()
    clip.rect(x - bleed, y - bleed, place.card_width + 2 * bleed, place.card_height + 2 * bleed)
    canv.clipPath(clip, stroke=0, fill=0)
    canv.translate(x, y)
    canv.scale(place.scale, place.scale)
    canv.doForm(name)
    canv.restoreState()


def cut_marks(canv, sheet: SheetLayout, place: Placement, corners) -> None:
    """Cut marks on the extension of every card edge, in the margin around the block: they start past
    the bleed and stop where the printer's unprintable border begins."""
    xs = sorted({round(x, 3) for x, _ in corners} | {round(x + place.card_width, 3) for x, _ in corners})
    ys = sorted({round(y, 3) for _, y in corners} | {round(y + place.card_height, 3) for _, y in corners})
    low_x, high_x, low_y, high_y = xs[0], xs[-1], ys[0], ys[-1]
    start = sheet.bleed + sheet.mark_gap
    canv.setStrokeColorCMYK(0, 0, 0, 1)
    canv.setLineWidth(sheet.mark_width)
    for x in xs:
        canv.line(x, low_y - start, x, max(low_y - start - sheet.mark_length, sheet.printable))
        canv.line(x, high_y + start, x, min(high_y + start + sheet.mark_length, sheet.height - sheet.printable))
    for y in ys:
        canv.line(low_x - start, y, max(low_x - start - sheet.mark_length, sheet.printable), y)
        canv.line(high_x + start, y, min(high_x + start + sheet.mark_length, sheet.width - sheet.printable), y)


def _footer(canv, face: CardFace, sheet: SheetLayout, template: str, number: int, total: int, kit: str) -> None:
    """The margin line at its size, centred between the side margins; a long one takes a second line
    above the first rather than smaller type."""
    text = " ".join(fill_text(template, {"sheet": number, "sheets": total, "kit": kit}).split())
    font, size = face.fonts.regular, sheet.footer_size
    room = sheet.width - 2 * sheet.printable
    if stringWidth(text, font, size) <= room:  # one line, as a paragraph would set it, at a fraction of the work
        canv.saveState()
        canv.setFillColor(face.black)
        canv.setFont(font, size)
        canv.drawCentredString(sheet.printable + room / 2, sheet.footer_baseline, text)
        canv.restoreState()
        return
    style = face.style("sheet-footer", size, fontName=font, leading=size * 1.2, alignment=1)
    paragraph = Paragraph(escape(text), style)
    paragraph.wrap(room, sheet.height)
    # ReportLab sets the last line's baseline `leading - fontSize` above the paragraph's bottom.
    paragraph.drawOn(canv, sheet.printable, sheet.footer_baseline - style.leading + size)
