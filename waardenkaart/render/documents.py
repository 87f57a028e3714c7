"""Shared styles for the flowing A4 documents, from layouts/a4-document.toml."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, TableStyle

from ..intake.layout import DocumentLayout
from ..prepress.pdf import set_document
from ..text.paragraph import Paragraph
from .cardface import CardFace, colour


@dataclass(frozen=True)
class DocumentStyles:
    body: ParagraphStyle
    bold: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle  # bold, kept with what follows
    number: ParagraphStyle  # right-aligned: counts and totals line up in their column


@lru_cache(maxsize=8)
def document_styles(layout: DocumentLayout, face: CardFace) -> DocumentStyles:
    """Made once per layout: the same style objects let the texts set in them be parsed once (text/paragraph.py)."""
    fonts, black = face.fonts, face.black
    body = ParagraphStyle(
        "doc-body",
        fontName=fonts.regular,
        fontSize=layout.text_size,
        leading=layout.text_size * layout.leading,
        textColor=black,
        spaceShrinkage=0,
        hyphenationLang=face.hyphenator,
        embeddedHyphenation=0,
        hyphenationMinWordLength=2 * face.layout.hyphen_minimum,
        splitLongWords=0,
    )
    return DocumentStyles(
        body=body,
        bold=ParagraphStyle("doc-bold", parent=body, fontName=fonts.bold),
        small=ParagraphStyle("doc-small", parent=body, fontSize=layout.small_size, leading=layout.small_size * 1.3),
        title=ParagraphStyle(
            "doc-title",
            parent=body,
            fontName=fonts.bold,
            fontSize=layout.title_size,
            leading=layout.title_size * 1.25,
            spaceAfter=4,
            keepWithNext=1,
        ),
        heading=ParagraphStyle(
            "doc-heading",
            parent=body,
            fontName=fonts.bold,
            fontSize=layout.heading_size,
            leading=layout.heading_size * 1.3,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,  # never alone at the foot of a page
        ),
        subheading=ParagraphStyle("doc-subheading", parent=body, fontName=fonts.bold, keepWithNext=1),
        number=ParagraphStyle("doc-number", parent=body, alignment=TA_RIGHT),
    )


def before_table(markup: str, style: ParagraphStyle, rows: int = 3) -> list:
    """A heading over a table that may split across pages: it starts a new page only when fewer than
    `rows` rows would follow it there. (keepWithNext would move the whole table to the next page.)"""
    room = style.spaceBefore + style.leading + style.spaceAfter + rows * 2.2 * style.fontSize
    return [CondPageBreak(room), Paragraph(markup, _not_kept_with_next(style))]


@lru_cache(maxsize=16)
def _not_kept_with_next(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-table", parent=style, keepWithNext=0)


def ruled_table(layout: DocumentLayout, face: CardFace, header: bool) -> TableStyle:
    """Thin rules under every row; a heavier one under the header row."""
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colour(layout.rule)),
        ("TOPPADDING", (0, 0), (-1, -1), layout.padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), layout.padding),
        ("TEXTCOLOR", (0, 0), (-1, -1), face.black),
        ("FONT", (0, 0), (-1, -1), face.fonts.regular, 10),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1, face.black))
    return TableStyle(commands)


def fitted(
    story: Callable[[DocumentLayout], list], layout: DocumentLayout, font: str, title: str, subject: str
) -> bytes:
    """The document of the story `story` makes for `layout`, or, when that saves a page (a last page with a
    few rows on it), the same story set tighter: narrower margins, leading and row padding, the same type.
    The tighter setting stops as soon as it would need as many pages as the first."""
    first = set_document(story(layout), layout.page, font, title, subject, layout.margin)
    if first.pages > 1:
        tight = layout.tightened()
        shorter = set_document(story(tight), tight.page, font, title, subject, tight.margin, page_limit=first.pages - 1)
        if shorter is not None:
            return shorter.data
    return first.data
