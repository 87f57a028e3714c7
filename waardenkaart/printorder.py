"""The order sheet (drukopdracht) for the print shop: what to print, on what, and how many."""

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from .cardface import CardFace, colour
from .merge import fill
from .orderlist import OrderLine
from .pdf import print_document


def print_order_file(lines: list[OrderLine], face: CardFace, variables: dict, title: str) -> bytes:
    text = face.content.print_order
    fonts, black = face.fonts, face.black
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=10, leading=14, textColor=black)
    bold = ParagraphStyle("bold", parent=body, fontName=fonts.bold)
    heading = ParagraphStyle("heading", parent=body, fontName=fonts.bold, fontSize=20, leading=25)
    values = {**variables, "cards": len(lines), "total": sum(line.copies for line in lines)}
    story = [Paragraph(text.title, heading), Paragraph(fill(text.subtitle, values), bold), Spacer(0, 4 * mm),
             Paragraph(text.intro, body), Spacer(0, 4 * mm)]
    spec = [[Paragraph(label, bold), Paragraph(fill(value, values), body)] for label, value in text.spec]
    story += [Table(spec, colWidths=[35 * mm, None], style=_style(face, header=False)), Spacer(0, 6 * mm)]
    rows = [[Paragraph(cell, bold) for cell in text.header]]
    rows += [[line.pages, Paragraph(line.title, body), line.kind, str(line.copies)] for line in lines]
    rows.append(["", Paragraph(text.total, bold), "", Paragraph(str(values["total"]), bold)])
    story += [Table(rows, colWidths=[22 * mm, None, 40 * mm, 18 * mm], repeatRows=1, style=_style(face, header=True)),
              Spacer(0, 6 * mm), Paragraph(text.closing, body)]
    return print_document(story, A4, fonts.regular, title=title, subject=text.title, margin=20 * mm)


def _style(face: CardFace, header: bool) -> TableStyle:
    rule = colour((0, 0, 0, 0.5))
    commands = [("FONT", (0, 0), (-1, -1), face.fonts.regular, 10), ("TEXTCOLOR", (0, 0), (-1, -1), face.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.5, rule),
                ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    if header:
        commands += [("LINEBELOW", (0, 0), (-1, 0), 1, face.black), ("ALIGN", (-1, 0), (-1, -1), "RIGHT")]
    return TableStyle(commands)
