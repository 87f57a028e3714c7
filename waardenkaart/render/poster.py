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

# Where the steps sit on the ring, in degrees from the right, counter-clockwise: 1 at the top, then
# clockwise round, as a clock's hand and a reader's eye go.
STEP_ANGLES = (90, 0, 270, 180)

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
    # The school and the method's name head the sheet; without a school the method's name is the
    # headline. The cycle fills the room below them.
    top = lay.height - lay.safe
    if school:  # a user value: escaped before it enters paragraph markup
        top = _hanging(canv, escape(school), fonts.bold, lay.school_size, black, top, lay) - lay.footer_size * 0.3
        top = _hanging(canv, text["footer"], fonts.regular, lay.footer_size, black, top, lay)
    else:
        top = _hanging(canv, text["footer"], fonts.bold, lay.school_size, black, top, lay)
    # The cycle is centred in the room between the heading and the safe zone's foot, and grows from a
    # circle into an upright oval, up to `ring_height`, so that it uses the A3 sheet's height.
    cx, cy = lay.width / 2, (top + lay.safe) / 2
    rx = lay.ring_radius
    ry = max(rx, min(lay.ring_height, (top - lay.safe) / 2 - lay.step_radius - lay.safe))
    canv.setStrokeColor(colour(lay.ring))
    canv.setLineWidth(lay.ring_width)
    canv.ellipse(cx - rx, cy - ry, cx + rx, cy + ry, stroke=1, fill=0)
    canv.setFillColor(black)
    for arrow in arrowheads(cx, cy, rx, ry, lay.ring_width):
        path = canv.beginPath()
        path.moveTo(*arrow[0])
        for point in arrow[1:]:
            path.lineTo(*point)
        path.close()
        canv.drawPath(path, stroke=0, fill=1)
    white = colour(lay.white)
    _disc(canv, cx, cy, lay.centre_radius, colour(lay.centre))
    _centred(canv, text["centre"], fonts.bold, lay.centre_size, black, cx, cy, lay.centre_radius * 1.7)
    for step, angle in zip(text["steps"], STEP_ANGLES):
        x = cx + rx * math.cos(math.radians(angle))
        y = cy + ry * math.sin(math.radians(angle))
        _disc(canv, x, y, lay.step_radius, colour(lay.steps[step.number - 1]))
        width, r = lay.step_radius * 1.6, lay.step_radius
        _centred(canv, f"{step.number}.", fonts.bold, lay.number_size, white, x, y + r * 0.56, width)
        _centred(canv, step.name, fonts.bold, lay.name_size, white, x, y + r * 0.16, width)
        _centred(canv, step.question, fonts.regular, lay.question_size, white, x, y - r * 0.36, width)
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


def arrowheads(cx: float, cy: float, rx: float, ry: float, ring: float) -> list[list[tuple[float, float]]]:
    """An arrowhead on the ring halfway between each step and the next, as four points: the tip, a
    barb, the notch and the other barb. A dart twice as long as it is wide leaves no doubt which way
    it points (a near-equilateral head reads either way round), and each points clockwise."""
    length, half, notch = 3.0 * ring, 1.25 * ring, 0.9 * ring
    heads = []
    for start, end in zip(STEP_ANGLES, STEP_ANGLES[1:] + STEP_ANGLES[:1]):
        a = math.radians(start - ((start - end) % 360) / 2)  # clockwise from `start` to `end`
        x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
        tx, ty = rx * math.sin(a), -ry * math.cos(a)  # the clockwise tangent
        norm = math.hypot(tx, ty)
        tx, ty = tx / norm, ty / norm
        nx, ny = -ty, tx
        back = (x - tx * length / 2, y - ty * length / 2)
        heads.append(
            [
                (x + tx * length / 2, y + ty * length / 2),
                (back[0] + nx * half, back[1] + ny * half),
                (back[0] + tx * notch, back[1] + ty * notch),
                (back[0] - nx * half, back[1] - ny * half),
            ]
        )
    return heads
