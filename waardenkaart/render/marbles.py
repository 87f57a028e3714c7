"""The marble vote with parents and pupils: a label per value for the tubes or jars, several to an
A4 sheet with cut marks outside the labels, and a tally sheet."""

import dataclasses
import io

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table

from ..intake.layout import DocumentLayout, LabelLayout, SheetLayout
from ..intake.profile import Profile
from ..prepress.pdf import print_canvas
from ..text.fitting import fitting_size
from ..text.merge import escape, fill, fill_text
from ..text.paragraph import Paragraph
from .cardface import CardFace, balanced, colour
from .documents import document_styles
from .sheets import cut_marks, placement

LABEL_ROWS = 4


def marble_file(
    profile: Profile, face: CardFace, sheet: SheetLayout, labels: LabelLayout, document: DocumentLayout, title: str
) -> bytes:
    texts = face.content.marbles
    school = profile.school or face.content.fields["school"].blank
    grid = dataclasses.replace(sheet, rows=LABEL_ROWS, scale=1.0, printable=labels.printable)
    place = placement(grid, labels.width, labels.height)
    box = (0, 0, sheet.width, sheet.height)
    buffer = io.BytesIO()
    canv = print_canvas(
        buffer, (sheet.width, sheet.height), box, box, face.fonts.regular, title=title, subject=texts["tally_title"]
    )
    inner = place.card_width - 2 * labels.safe
    values = profile.waarden_ouders
    # One size for every label, the largest at which the longest value still fits: equal labels.
    size = min(
        fitting_size(escape(value), face.fonts.bold, labels.value_size, labels.min_value_size, inner)
        for value in values
    )
    value_style = ParagraphStyle(
        "label-value",
        fontName=face.fonts.bold,
        fontSize=size,
        leading=size * 1.15,
        textColor=face.white,
        alignment=TA_CENTER,
        spaceShrinkage=0,
        splitLongWords=0,
    )
    footer = Paragraph(
        escape(fill_text(texts["label_footer"], {"school": school})),
        ParagraphStyle(
            "label-footer",
            parent=value_style,
            fontName=face.fonts.regular,
            fontSize=labels.footer_size,
            leading=labels.footer_size * 1.2,
        ),
    )
    _, footer_height = footer.wrap(inner, place.card_height)
    ink = colour(labels.colour)
    per_sheet = len(place.fronts)
    for start in range(0, len(values), per_sheet):
        batch = values[start : start + per_sheet]
        for (x, y), value in zip(place.fronts, batch):
            canv.setFillColor(ink)
            canv.rect(
                x - grid.bleed,
                y - grid.bleed,
                place.card_width + 2 * grid.bleed,
                place.card_height + 2 * grid.bleed,
                0,
                1,
            )
            paragraph, height = balanced(escape(value), value_style, inner)  # two lines split evenly
            middle = y + labels.safe + footer_height + (place.card_height - 2 * labels.safe - footer_height) / 2
            paragraph.drawOn(canv, x + labels.safe + (inner - paragraph.width) / 2, middle - height / 2)
            footer.drawOn(canv, x + labels.safe, y + labels.safe)
        cut_marks(canv, grid, place, place.fronts[: len(batch)])
        canv.showPage()
    count = len(profile.waarden) or face.content.programme.top_values  # the top the vote chooses
    _tally(canv, face, sheet, document, texts, school, values, count)
    canv.save()
    return buffer.getvalue()


def _tally(
    canv, face: CardFace, sheet: SheetLayout, document: DocumentLayout, texts: dict, school: str, values, count: int
) -> None:
    """One row per value: the value, room to tally, the total. Type and margin as in the other A4 documents."""
    styles = document_styles(document, face)
    margin, width = document.margin, sheet.width - 2 * document.margin
    top = sheet.height - margin
    for markup, style in (
        (escape(texts["tally_title"]), styles.title),
        (fill(texts["tally_intro"], {"school": school, "aantal_waarden": count}), styles.body),
    ):
        paragraph = Paragraph(markup, style)
        _, height = paragraph.wrap(width, sheet.height)
        paragraph.drawOn(canv, margin, top - height)
        top -= height + style.leading / 2
    rows = [[Paragraph(cell, styles.bold) for cell in texts["tally_columns"]]]
    rows += [[Paragraph(escape(value), styles.body), "", ""] for value in values]
    header = styles.bold.leading * 2
    row_height = min(2 * header, (top - margin - header) / max(len(values), 1))
    table = Table(
        rows, colWidths=[width * 0.38, width * 0.47, width * 0.15], rowHeights=[header] + [row_height] * len(values)
    )
    table.setStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, face.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONT", (0, 0), (-1, -1), face.fonts.regular, document.text_size),
        ]
    )
    _, height = table.wrap(width, top)
    table.drawOn(canv, margin, top - height)
    canv.showPage()
