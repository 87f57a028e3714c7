"""The A3 posters of session 2: one per value of the top 5, and the future perspective with the
values emphasised in it. Print-ready like the cards: bleed, boxes, CMYK."""

import io

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..intake.layout import PosterLayout
from ..intake.profile import Profile
from ..prepress.pdf import print_canvas
from ..text.fitting import fitting_size
from ..text.merge import emphasised, escape, fill, fill_text
from ..text.paragraph import Paragraph
from .cardface import CardFace, colour


def _canvas(buffer, lay: PosterLayout, face: CardFace, title: str, subject: str):
    page = (lay.width + 2 * lay.bleed, lay.height + 2 * lay.bleed)
    trim = (lay.bleed, lay.bleed, lay.bleed + lay.width, lay.bleed + lay.height)
    return print_canvas(buffer, page, trim, (0, 0, *page), face.fonts.regular, title=title, subject=subject)


def _paragraph(canv, markup: str, style: ParagraphStyle, x: float, top: float, width: float) -> float:
    paragraph = Paragraph(markup, style)
    _, height = paragraph.wrap(width, 10_000)
    paragraph.drawOn(canv, x, top - height)
    return top - height


def _height(markup: str, style: ParagraphStyle, width: float) -> float:
    return Paragraph(markup, style).wrap(width, 10_000)[1]


def value_posters_file(profile: Profile, face: CardFace, lay: PosterLayout, title: str) -> bytes:
    texts = face.content.poster["value"]
    buffer = io.BytesIO()
    canv = _canvas(buffer, lay, face, title, texts["heading"])
    width = lay.width - 2 * lay.safe
    white, black = colour(lay.white), face.black
    body = ParagraphStyle(
        "poster-body",
        fontName=face.fonts.regular,
        fontSize=lay.text_size,
        leading=lay.text_size * 1.3,
        textColor=black,
        spaceShrinkage=0,
    )
    heading = ParagraphStyle(
        "poster-heading",
        parent=body,
        fontName=face.fonts.bold,
        fontSize=lay.heading_size,
        leading=lay.heading_size * 1.25,
    )
    prompt = ParagraphStyle("poster-prompt", parent=body, fontSize=lay.prompt_size, leading=lay.prompt_size * 1.25)
    ink = colour(lay.steps[lay.value_step - 1])  # every value poster in the colour of the step it serves
    for value in profile.waarden:
        canv.translate(lay.bleed, lay.bleed)
        band = lay.height * lay.band
        canv.setFillColor(ink)
        canv.rect(-lay.bleed, lay.height - band, lay.width + 2 * lay.bleed, band + lay.bleed, stroke=0, fill=1)
        label = ParagraphStyle("poster-label", parent=heading, textColor=white)
        top = _paragraph(canv, escape(texts["heading"]), label, lay.safe, lay.height - lay.safe, width)
        size = fitting_size(escape(value), face.fonts.bold, lay.value_size, lay.heading_size, width, lines=1)
        value_style = ParagraphStyle(
            "poster-value",
            fontName=face.fonts.bold,
            fontSize=size,
            leading=size * 1.1,
            textColor=white,
            spaceShrinkage=0,
        )
        _paragraph(canv, escape(value), value_style, lay.safe, top - 4, width)
        values = {"waarde": value}
        top = _paragraph(canv, fill(texts["question"], values), body, lay.safe, lay.height - band - lay.safe, width)
        # Three boxes to write in, down to the safe zone's foot: as far from the trim as from the sides.
        top -= lay.box_gap
        room = top - lay.safe - 2 * lay.box_gap
        canv.setStrokeColor(black)
        canv.setLineWidth(lay.box_rule)
        for key, share in zip(("step1", "step2", "step3"), lay.boxes):
            height = room * share
            canv.rect(lay.safe, top - height, width, height, stroke=1, fill=0)
            # The prompt's first line ("Stap 3.2: …") in bold, its question in regular type.
            first, *rest = fill(texts[key], values).split("<br/>", 1)
            _paragraph(
                canv,
                f"<b>{first}</b>" + "".join("<br/>" + part for part in rest),
                prompt,
                lay.safe + 8,
                top - 6,
                width - 16,
            )
            top -= height + lay.box_gap
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def future_poster_file(profile: Profile, face: CardFace, lay: PosterLayout, title: str) -> bytes:
    texts = face.content.poster["future"]
    buffer = io.BytesIO()
    canv = _canvas(buffer, lay, face, title, texts["heading"])
    canv.translate(lay.bleed, lay.bleed)
    width = lay.width - 2 * lay.safe
    black = face.black
    ink = colour(lay.steps[lay.future_step - 1])
    band = lay.height * lay.band
    canv.setFillColor(ink)
    canv.rect(-lay.bleed, lay.height - band, lay.width + 2 * lay.bleed, band + lay.bleed, stroke=0, fill=1)
    head = ParagraphStyle(
        "future-head",
        fontName=face.fonts.bold,
        fontSize=lay.value_size * 0.6,
        leading=lay.value_size * 0.7,
        textColor=colour(lay.white),
        spaceShrinkage=0,
        alignment=TA_CENTER,
    )
    heading_markup = escape(texts["heading"])
    _paragraph(
        canv, heading_markup, head, lay.safe, lay.height - (band - _height(heading_markup, head, width)) / 2, width
    )
    # The values stand at the foot, whole, a line broken only between two values.
    bold = ParagraphStyle(
        "future-values",
        fontName=face.fonts.bold,
        fontSize=lay.future_values_size,
        leading=lay.future_values_size * 1.3,
        textColor=black,
        spaceShrinkage=0,
        alignment=TA_CENTER,
    )
    values = "<br/>".join(" · ".join(escape(value) for value in line) for line in _lines(profile.waarden, bold, width))
    heading = ParagraphStyle("future-values-heading", parent=bold, fontSize=lay.heading_size)
    values_height = _height(values, bold, width)
    heading_height = _height(escape(texts["values_heading"]), heading, width)
    bottom = lay.safe + values_height + lay.heading_size * 0.4 + heading_height
    top = lay.height - band
    # The sentence as large as the room between the band and the values allows, with air around it.
    room = top - bottom - 2 * lay.heading_size
    size = lay.future_size
    while True:
        blocks = _future_blocks(profile, face, lay, texts, size)
        used = sum(_height(markup, style, width) + after for markup, style, after in blocks)
        if used <= room or size <= lay.future_min_size:
            break
        size = max(lay.future_min_size, size - 2)
    top -= (top - bottom - used) / 2
    for markup, style, after in blocks:
        top = _paragraph(canv, markup, style, lay.safe, top, width) - after
    _paragraph(canv, escape(texts["values_heading"]), heading, lay.safe, bottom, width)
    _paragraph(canv, values, bold, lay.safe, lay.safe + values_height, width)
    canv.showPage()
    canv.save()
    return buffer.getvalue()


def _future_blocks(profile: Profile, face: CardFace, lay: PosterLayout, texts: dict, size: float) -> list:
    """(markup, style, space after): the team's sentence at `size`, or the handbook's example and its note."""
    sentence_style = ParagraphStyle(
        f"future-{size}",
        fontName=face.fonts.regular,
        fontSize=size,
        leading=size * 1.25,
        textColor=face.black,
        spaceShrinkage=0,
        alignment=TA_CENTER,
    )
    if profile.toekomstperspectief:
        return [(emphasised(profile.toekomstperspectief), sentence_style, 0)]
    small = ParagraphStyle("future-small", parent=sentence_style, fontSize=lay.text_size, leading=lay.text_size * 1.3)
    school = profile.school or face.content.fields["school"].blank
    example = fill_text(texts["example"], {"school": school, "jaar": profile.jaar or face.content.fields["jaar"].blank})
    label = ParagraphStyle("example", parent=small, fontName=face.fonts.bold, fontSize=lay.heading_size)
    return [
        (escape(texts["example_label"]), label, lay.heading_size * 0.6),
        (emphasised(example), sentence_style, size * 0.8),
        (escape(texts["example_note"]), small, 0),
    ]


def _lines(items: list[str], style: ParagraphStyle, width: float) -> list[list[str]]:
    """`items` in lines of at most `width` joined by " · ", filled in turn: a separator never ends a line."""
    lines: list[list[str]] = []
    for item in items:
        if lines and stringWidth(" · ".join([*lines[-1], item]), style.fontName, style.fontSize) <= width:
            lines[-1].append(item)
        else:
            lines.append([item])
    return lines
