"""The A4 sheets of session 2: the opening sheet with the top 5, Tabel 1 and Tabel 2.

Drawn like the paper tables (grid, header row repeated on every page, rows high enough to write
in), and every cell is a form field with a stable name, so the tables can also be typed in a PDF
reader and read back by `waardenkaart actielijst`.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..intake.content import Content
from ..intake.layout import Fonts, TablesLayout
from ..intake.profile import Profile
from ..prepress.forms import Field
from ..prepress.pdf import print_canvas
from ..text.dutch import long_date
from ..text.merge import NUMBER_WORDS, fill, fill_text
from ..text.paragraph import Paragraph
from .cardface import colour

META_HEIGHT = 8.0  # points between the meta line and the title
TITLE_GAP = 10.0
META_SMALLEST = 7.0  # points: a long school name and date shrink the meta line to this, then wrap it upwards


@dataclass(frozen=True)
class TableSheets:
    pdf: bytes
    fields: list[Field]


def table1_rows(team: int, layout: TablesLayout) -> tuple[int, list[int]]:
    """Rows for every team member, filling whole pages: (rows, rows per page)."""
    first, later = _table1_capacity(layout, True), _table1_capacity(layout, False)
    per_page = [first]
    while sum(per_page) < team:
        per_page.append(later)
    return sum(per_page), per_page


def _table1_capacity(layout: TablesLayout, first: bool) -> int:
    height = layout.landscape[1] - 2 * layout.margin - _heading_height(layout) - layout.header_height
    if first:
        height -= layout.intro_height
    return int(height // layout.row_height)


def _heading_height(layout: TablesLayout) -> float:
    return layout.meta_size + META_HEIGHT + layout.title_size * 1.2 + TITLE_GAP


def _fitted(text: str, font: str, size: float, width: float) -> tuple[float, list[str]]:
    """A one-line text at its size, smaller when too wide, and in lines at the smallest size when needed."""
    natural = stringWidth(text, font, size)
    if natural <= width:
        return size, [text]
    smaller = size * width / natural
    if smaller >= META_SMALLEST:
        return smaller, [text]
    return META_SMALLEST, simpleSplit(text, font, META_SMALLEST, width)


@lru_cache(maxsize=4)
def _styles(layout: TablesLayout, fonts: Fonts, black) -> tuple[ParagraphStyle, ParagraphStyle]:
    """Text and header style, made once per layout: the same style objects meet the kept parses."""
    text = ParagraphStyle(
        "table-text",
        fontName=fonts.regular,
        fontSize=layout.text_size,
        leading=layout.text_size * 1.35,
        textColor=black,
        spaceShrinkage=0,
    )
    header = ParagraphStyle(
        "table-header",
        fontName=fonts.bold,
        fontSize=layout.header_size,
        leading=layout.header_size * 1.2,
        textColor=black,
        spaceShrinkage=0,
    )
    return text, header


class _Sheets:
    def __init__(self, profile: Profile, content: Content, layout: TablesLayout, fonts: Fonts, black):
        self.profile, self.content, self.layout, self.fonts, self.black = profile, content, layout, fonts, black
        self.text = content.tables
        self.fields: list[Field] = []
        self.page = 0
        school = profile.school or content.fields["school"].blank
        datum = long_date(profile.sessie2, content.labels) if profile.sessie2 else ""
        year = profile.jaar or content.fields["jaar"].blank  # "20__" when the year is not known
        self.meta = fill_text(self.text.meta, {"school": school, "jaar": year, "datum": datum})
        self.style, self.header_style = _styles(layout, fonts, black)

    def start(self, canv, size, title: str, page_label: str = "") -> float:
        """Begin a page: boxes, the meta line and the title. Returns the y below the title."""
        lay = self.layout
        canv.setPageSize(size)
        canv.setTrimBox((0, 0, *size))
        canv.setBleedBox((0, 0, *size))
        canv.setFillColor(self.black)
        y = size[1] - lay.margin - lay.meta_size
        label_width = stringWidth(page_label, self.fonts.regular, lay.meta_size) + 12 if page_label else 0
        meta_size, lines = _fitted(self.meta, self.fonts.regular, lay.meta_size, size[0] - 2 * lay.margin - label_width)
        canv.setFont(self.fonts.regular, meta_size)
        for index, line in enumerate(reversed(lines)):
            canv.drawString(lay.margin, y + index * meta_size * 1.2, line)
        canv.setFont(self.fonts.regular, lay.meta_size)
        if page_label:
            canv.drawRightString(size[0] - lay.margin, y, page_label)
        y -= META_HEIGHT + lay.title_size
        canv.setFont(self.fonts.bold, lay.title_size)
        canv.drawString(lay.margin, y, title)
        return y - lay.title_size * 0.2 - TITLE_GAP

    def paragraph(self, canv, text: str, x: float, top: float, width: float, style=None) -> float:
        paragraph = Paragraph(text, style or self.style)
        _, height = paragraph.wrap(width, 1000)
        paragraph.drawOn(canv, x, top - height)
        return top - height

    def cell(self, canv, x0, y0, x1, y1, name: str | None = None, fill_header: bool = False) -> None:
        canv.setStrokeColor(self.black)
        canv.setLineWidth(self.layout.rule_width)
        if fill_header:
            canv.setFillColor(colour(self.layout.header_fill))
        canv.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=1 if fill_header else 0)
        if name:
            inset = 1.5
            self.fields.append(Field(self.page, name, (x0 + inset, y0 + inset, x1 - inset, y1 - inset)))

    def opening(self, canv) -> None:
        lay, text = self.layout, self.text
        width = lay.portrait[0] - 2 * lay.margin
        y = self.start(canv, lay.portrait, text.opening_title)
        values = self.profile.waarden or (None,) * self.content.programme.top_values
        count = {"aantal": len(values), "aantal_woord": NUMBER_WORDS[len(values)], "filled": bool(self.profile.waarden)}
        y = self.paragraph(canv, fill(text.opening_text, count), lay.margin, y, width) - 12
        y = self.paragraph(canv, f"<b>{fill(text.opening_prompt, count)}</b>", lay.margin, y, width) - 6
        indent = lay.value_size * 1.3 if self.profile.waarden else 18
        for number, value in enumerate(values, 1):
            canv.setFillColor(self.black)
            if value:  # the team's own value, printed large; an open line is a field to fill in
                y -= max(lay.value_line_gap, lay.value_size * 2.2)
                fits = (width - indent) / max(stringWidth(value, self.fonts.bold, 1), 1)
                canv.setFont(self.fonts.regular, lay.value_size)
                canv.drawString(lay.margin, y + 3, f"{number}.")
                canv.setFont(self.fonts.bold, min(lay.value_size, fits))
                canv.drawString(lay.margin + indent, y + 3, value)
                continue
            y -= lay.value_line_gap
            canv.setFont(self.fonts.regular, lay.text_size + 2)
            canv.drawString(lay.margin, y + 3, f"{number}.")
            canv.setStrokeColor(self.black)
            canv.setLineWidth(lay.rule_width)
            canv.line(lay.margin + 18, y, lay.margin + width * 0.7, y)
            self.fields.append(
                Field(
                    self.page,
                    f"sessie2.waarde{number}",
                    (lay.margin + 18, y + 1.5, lay.margin + width * 0.7, y + lay.value_line_gap - 6),
                    multiline=False,
                )
            )
        below = lay.value_size if self.profile.waarden else 18
        self.paragraph(canv, fill(text.opening_closing, count), lay.margin, y - below, width)
        self.finish(canv)

    def table1(self, canv) -> None:
        lay, text = self.layout, self.text
        rows, per_page = table1_rows(self.profile.team, lay)
        width = lay.landscape[0] - 2 * lay.margin
        scale = width / sum(column.width for column in text.columns)
        edges = [lay.margin]
        for column in text.columns:
            edges.append(edges[-1] + column.width * scale)
        row = 0
        for index, count in enumerate(per_page):
            label = fill_text(text.page, {"page": index + 1, "pages": len(per_page)})
            y = self.start(canv, lay.landscape, text.table1_title, label)
            if index == 0:
                y = min(y - lay.intro_height + 4, self.paragraph(canv, text.table1_intro, lay.margin, y, width) - 6)
            top = y
            for (x0, x1), column in zip(zip(edges, edges[1:]), text.columns):
                self.cell(canv, x0, top - lay.header_height, x1, top, fill_header=True)
                self.paragraph(canv, column.label, x0 + 3, top - 3, x1 - x0 - 6, self.header_style)
            y = top - lay.header_height
            for _ in range(count):
                row += 1
                for (x0, x1), column in zip(zip(edges, edges[1:]), text.columns):
                    self.cell(canv, x0, y - lay.row_height, x1, y, f"tabel1.r{row:03d}.{column.key}")
                y -= lay.row_height
            self.finish(canv)

    def table2(self, canv) -> None:
        lay, text = self.layout, self.text
        width = lay.portrait[0] - 2 * lay.margin
        y = self.start(canv, lay.portrait, text.table2_title)
        y = self.paragraph(canv, text.table2_intro, lay.margin, y, width) - 10
        split = lay.margin + lay.question_width
        rows = [(q.label, f"tabel2.{q.key}", None, lay.answer_height) for q in text.questions]
        rows += [
            (f"{text.own_label}:", f"tabel2.eigen{i}.antwoord", f"tabel2.eigen{i}.onderwerp", lay.own_height)
            for i in range(1, text.own_items + 1)
        ]
        for label, name, topic, height in rows:
            self.cell(canv, lay.margin, y - height, split, y, topic, fill_header=True)
            self.paragraph(canv, label, lay.margin + 4, y - 4, lay.question_width - 8, self.header_style)
            if topic:  # the topic is written under the label
                self.fields[-1] = Field(
                    self.page, topic, (lay.margin + 1.5, y - height + 1.5, split - 1.5, y - 4 - lay.header_size * 1.4)
                )
            self.cell(canv, split, y - height, lay.margin + width, y, name)
            y -= height
        self.finish(canv)

    def finish(self, canv) -> None:
        canv.showPage()
        self.page += 1


def tables_file(
    profile: Profile, content: Content, layout: TablesLayout, fonts: Fonts, black, info: tuple[str, str]
) -> TableSheets:
    """The opening sheet, Tabel 1 and Tabel 2; `info` is the PDF's title and subject."""
    buffer = io.BytesIO()
    canv = print_canvas(
        buffer,
        layout.portrait,
        (0, 0, *layout.portrait),
        (0, 0, *layout.portrait),
        fonts.regular,
        title=info[0],
        subject=info[1],
    )
    sheets = _Sheets(profile, content, layout, fonts, black)
    sheets.opening(canv)
    sheets.table1(canv)
    sheets.table2(canv)
    canv.save()
    return TableSheets(buffer.getvalue(), sheets.fields)
