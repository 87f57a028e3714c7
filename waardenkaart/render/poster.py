"""The cycle poster (A3): the four steps of appreciative inquiry around "Welbevinden op school",
with arrows for the direction of the cycle. Print-ready like the cards: bleed, boxes, CMYK."""

import html
import io
import math
import re
from functools import lru_cache

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..intake.layout import PosterLayout
from ..prepress.pdf import print_canvas
from ..text.merge import escape
from ..text.paragraph import Paragraph
from .cardface import CardFace, colour


def poster_file(face: CardFace, layout: PosterLayout, school: str | None, title: str) -> bytes:
    lay, fonts, text = layout, face.fonts, face.content.poster
    page = (lay.width + 2 * lay.bleed, lay.height + 2 * lay.bleed)
    trim = (lay.bleed, lay.bleed, lay.bleed + lay.width, lay.bleed + lay.height)
    buffer = io.BytesIO()
    canv = print_canvas(buffer, page, trim, (0, 0, *page), fonts.regular, title=title, subject=text["centre"])
    canv.translate(lay.bleed, lay.bleed)
    canv.setFillColor(colour(lay.background))
    canv.rect(-lay.bleed, -lay.bleed, page[0], page[1], stroke=0, fill=1)
    black = face.black
    # The school and the method's name head the sheet; the cycle fills the room below them.
    top = lay.height - lay.safe
    if school:  # a user value: escaped before it enters paragraph markup
        top = _hanging(canv, escape(school), fonts.bold, lay.school_size, black, top, lay) - lay.footer_size * 0.3
    top = _hanging(canv, text["footer"], fonts.regular, lay.footer_size, black, top, lay)
    # The cycle is centred in the room between the heading and the safe zone's foot, and grows from a
    # circle into an upright oval, up to `ring_height`, so that it uses the A3 sheet's height.
    cx, cy = lay.width / 2, (top + lay.safe) / 2
    rx = lay.ring_radius
    ry = max(rx, min(lay.ring_height, (top - lay.safe) / 2 - lay.step_radius - lay.safe))
    canv.setStrokeColor(colour(lay.ring))
    canv.setLineWidth(lay.ring_width)
    canv.ellipse(cx - rx, cy - ry, cx + rx, cy + ry, stroke=1, fill=0)
    _arrows(canv, lay, cx, cy, rx, ry)
    white = colour(lay.white)
    _disc(canv, cx, cy, lay.centre_radius, colour(lay.centre))
    _centred(canv, text["centre"], fonts.bold, lay.centre_size, white, cx, cy, lay.centre_radius * 1.6)
    for step, ink, angle in zip(text["steps"], lay.steps, (90, 0, 270, 180)):
        x = cx + rx * math.cos(math.radians(angle))
        y = cy + ry * math.sin(math.radians(angle))
        _disc(canv, x, y, lay.step_radius, colour(ink))
        width = lay.step_radius * 1.6
        _centred(canv, f"{step.number}.", fonts.bold, lay.number_size, white, x, y + lay.step_radius * 0.45, width)
        _centred(canv, step.name, fonts.bold, lay.name_size, white, x, y + lay.step_radius * 0.05, width)
        _centred(canv, step.question, fonts.regular, lay.question_size, white, x, y - lay.step_radius * 0.38, width)
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def _hanging(canv, markup: str, font: str, size: float, ink, top: float, lay: PosterLayout) -> float:
    """A centred paragraph across the poster hanging from `top`; returns its bottom."""
    width = lay.width - 2 * lay.safe
    paragraph = Paragraph(markup, _style(font, size, ink))
    _, height = paragraph.wrap(width, lay.height)
    paragraph.drawOn(canv, lay.safe, top - height)
    return top - height


@lru_cache(maxsize=64)
def _style(font: str, size: float, ink) -> ParagraphStyle:
    return ParagraphStyle(
        f"poster-{size}",
        fontName=font,
        fontSize=size,
        leading=size * 1.15,
        textColor=ink,
        alignment=TA_CENTER,
        spaceShrinkage=0,
    )


def _disc(canv, x: float, y: float, radius: float, ink) -> None:
    canv.setFillColor(ink)
    canv.circle(x, y, radius, stroke=0, fill=1)


def _centred(canv, markup: str, font: str, size: float, ink, x: float, y: float, width: float) -> None:
    """A paragraph of markup centred on (x, y), wrapped to `width` with its lines balanced: the narrowest
    width that keeps the same number of lines, so that no word is left alone on the last line."""
    wide = _balanced_width(markup, font, size, width)
    paragraph = Paragraph(markup, _style(font, size, ink))
    _, height = paragraph.wrap(wide, 1000)
    paragraph.drawOn(canv, x - wide / 2, y - height / 2)


@lru_cache(maxsize=256)
def _balanced_width(markup: str, font: str, size: float, width: float) -> float:
    """The width `_centred` sets a text to: the same for every kit, as the poster's styles do not hyphenate."""
    paragraph = Paragraph(markup, _style(font, size, None))

    def line_count(at: float) -> int:
        paragraph.wrap(at, 1000)
        return len(paragraph.blPara.lines)

    lines = line_count(width)
    narrow, wide = min(width, max(width / 2, _widest_word(markup, font, size) + 2)), width
    while wide - narrow > 1:
        middle = (narrow + wide) / 2
        narrow, wide = (narrow, middle) if line_count(middle) <= lines else (middle, wide)
    return wide


def _widest_word(markup: str, font: str, size: float) -> float:
    words = html.unescape(re.sub(r"<[^>]*>", "", markup)).split()
    return max((stringWidth(word, font, size) for word in words), default=0)


def _arrows(canv, lay: PosterLayout, cx: float, cy: float, rx: float, ry: float) -> None:
    """Arrowheads on the ring between the steps, pointing clockwise."""
    canv.setFillColor(colour(lay.centre))
    size = lay.ring_width * 1.5
    for angle in (45, -45, -135, 135):
        a = math.radians(angle)
        x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
        tx, ty = rx * math.sin(a), -ry * math.cos(a)  # clockwise tangent
        length = math.hypot(tx, ty)
        tx, ty = tx / length, ty / length
        nx, ny = -ty, tx
        path = canv.beginPath()
        path.moveTo(x + tx * size, y + ty * size)
        path.lineTo(x - tx * size * 0.6 + nx * size, y - ty * size * 0.6 + ny * size)
        path.lineTo(x - tx * size * 0.6 - nx * size, y - ty * size * 0.6 - ny * size)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
