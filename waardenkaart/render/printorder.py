"""The order sheet (drukopdracht) for the print shop: what to print, on what, and how many."""

from functools import partial

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from ..intake.layout import DocumentLayout
from ..text.merge import fill, fill_text
from ..text.paragraph import Paragraph
from .cardface import CardFace
from .documents import document_styles, fitted, ruled_table
from .orderlist import OrderLine


def print_order_file(
    lines: list[OrderLine], face: CardFace, layout: DocumentLayout, variables: dict, title: str
) -> bytes:
    story = partial(_print_order, lines, face, variables=variables)
    return fitted(story, layout, face.fonts.regular, title=title, subject=face.content.print_order.title)


def _print_order(lines: list[OrderLine], face: CardFace, layout: DocumentLayout, variables: dict) -> list:
    text = face.content.print_order
    styles = document_styles(layout, face)
    values = {**variables, "cards": len(lines), "total": sum(line.copies for line in lines)}
    story = [
        Paragraph(text.title, styles.title),
        Paragraph(fill(text.subtitle, values), styles.bold),
        Spacer(0, 4 * mm),
        Paragraph(text.intro, styles.body),
        Spacer(0, 4 * mm),
    ]
    spec = [[Paragraph(label, styles.bold), Paragraph(fill(value, values), styles.body)] for label, value in text.spec]
    story += [Table(spec, colWidths=[35 * mm, None], style=ruled_table(layout, face, header=False)), Spacer(0, 6 * mm)]
    right = ParagraphStyle("doc-bold-right", parent=styles.bold, alignment=TA_RIGHT)
    rows = [[*(Paragraph(cell, styles.bold) for cell in text.header[:-1]), Paragraph(text.header[-1], right)]]
    number = face.content.labels.card_number
    rows += [
        [
            fill_text(number, {"number": line.number, "total": line.total}),
            line.pages,
            Paragraph(line.title, styles.body),
            line.kind,
            str(line.copies),
        ]
        for line in lines
    ]
    rows.append(["", "", Paragraph(text.total, styles.bold), "", str(values["total"])])
    table = Table(
        rows,
        colWidths=[16 * mm, 18 * mm, None, 38 * mm, 16 * mm],
        repeatRows=1,
        style=ruled_table(layout, face, header=True),
    )
    # The copies right-aligned, their total in the same column and type under a heavier rule.
    table.setStyle(
        [
            ("ALIGN", (-1, 1), (-1, -1), "RIGHT"),
            ("LINEABOVE", (0, -1), (-1, -1), 1, face.black),
            ("FONT", (-1, -1), (-1, -1), face.fonts.bold, layout.text_size),
            ("NOSPLIT", (0, -2), (-1, -1)),  # the total never stands alone on a page
        ]
    )
    story += [table, Spacer(0, 6 * mm), Paragraph(text.closing, styles.body)]
    return story
