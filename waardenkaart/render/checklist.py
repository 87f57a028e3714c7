"""Small building blocks for the A4 documents: tick boxes and lists with them."""

from reportlab.platypus import Flowable, Table, TableStyle

from ..text.paragraph import Paragraph


class TickBox(Flowable):
    """An empty square to tick by hand, in pure black, aligned with the first line of its text."""

    def __init__(self, size: float, ink, line_width: float = 0.6):
        super().__init__()
        self.size, self.ink, self.line_width = size, ink, line_width

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        self.canv.setStrokeColor(self.ink)
        self.canv.setLineWidth(self.line_width)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


def checklist(rows: list[list], style, ink, widths: list[float | None], padding: float = 3) -> Table:
    """A table whose first column is a tick box; `rows` hold the other cells (text or flowables)."""
    box = style.fontSize * 0.9
    cells = [
        [TickBox(box, ink)] + [Paragraph(str(cell), style) if isinstance(cell, (str, int)) else cell for cell in row]
        for row in rows
    ]
    table = Table(cells, colWidths=[box + 8, *widths])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), padding),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (0, -1), padding + style.leading - style.fontSize),
            ]
        )
    )
    return table
