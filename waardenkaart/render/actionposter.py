"""The A3 poster for the team room: every action point, ordered by its follow-up date, with a box to
tick when it is done, and Tabel 2's agreements at the foot. As few pages as the list needs, the points
spread evenly over them; print-ready like the cycle poster (bleed, boxes, CMYK) and legible across the
room (no text under 16 pt)."""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak, PageTemplate, Spacer

from .. import __version__
from ..intake.data import load_toml
from ..intake.layout import CMYK
from ..intake.resources import data_dir, shown
from ..text.actionpoints import ActionPoint, ActionTexts
from ..text.dutch import long_date
from ..text.merge import fill_text
from ..text.paragraph import Paragraph
from .actioncards import printable
from .cardface import CardFace, colour

SIZES = (
    "title_size",
    "subtitle_size",
    "date_size",
    "action_size",
    "detail_size",
    "heading_size",
    "question_size",
    "answer_size",
    "footer_size",
)
LENGTHS = ("band", "box", "indent", "item_gap", "write_line")


@dataclass(frozen=True)
class ActionPosterLayout:
    """layouts/a3-actiepunten.toml. Lengths in points, colours CMYK fractions."""

    name: str
    width: float
    height: float
    bleed: float
    safe: float
    card_colour: CMYK
    card_size: float
    colour: CMYK
    white: CMYK
    sizes: dict[str, float]
    lengths: dict[str, float]
    leading: float
    box_rule: float
    rule: float


def load_action_poster_layout(path: Path, poster_floor: float = 16) -> ActionPosterLayout:
    """Read the layout; no type size under `poster_floor`, the smallest text read across a room."""
    root = load_toml(path, shown(path, path.parent))
    root.only(
        "name",
        "trim",
        "bleed",
        "safe",
        "card_colour",
        "card_size",
        "colour",
        "white",
        *SIZES,
        *LENGTHS,
        "leading",
        "box_rule",
        "rule",
    )
    return ActionPosterLayout(
        root.get("name", str),
        *root.size("trim"),
        root.number("bleed", minimum=0) * mm,
        root.number("safe", minimum=0) * mm,
        root.cmyk("card_colour"),
        root.number("card_size", minimum=9.5),
        root.cmyk("colour"),
        root.cmyk("white"),
        {key: root.number(key, minimum=poster_floor) for key in SIZES},
        {key: root.number(key, minimum=1) * mm for key in LENGTHS},
        root.number("leading", minimum=1),
        root.number("box_rule", minimum=0.2),
        root.number("rule", minimum=0.2),
    )


@cache
def default_action_poster_layout() -> ActionPosterLayout:
    return load_action_poster_layout(data_dir("layouts") / "a3-actiepunten.toml")


class Ticked(Flowable):
    """A tick box beside the first line of a flowable: the poster's way of saying "done"."""

    def __init__(self, inner: Flowable, side: float, indent: float, ink, rule: float, first_line: float):
        super().__init__()
        self.inner, self.side, self.indent, self.first_line = inner, side, indent, first_line
        self.ink, self.rule = ink, rule

    def wrap(self, avail_width, avail_height):
        _, height = self.inner.wrap(avail_width - self.indent, avail_height)
        self.width, self.height = avail_width, max(height, self.side)
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(self.ink)
        self.canv.setLineWidth(self.rule)
        top = self.height - max(0.0, (self.first_line - self.side) / 2)
        self.canv.rect(self.rule / 2, top - self.side, self.side - self.rule, self.side - self.rule, stroke=1, fill=0)
        self.inner.drawOn(self.canv, self.indent, self.height - self.inner.height)


class WriteIn(Flowable):
    """A label and a line after it to write on, as the handbook's tables have them."""

    def __init__(self, label: str, font: str, size: float, length: float, ink, rule: float, indent: float):
        super().__init__()
        self.label, self.font, self.size, self.length, self.indent = label, font, size, length, indent
        self.ink, self.rule = ink, rule

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.size * 1.6
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.setFillColor(self.ink)
        canv.setFont(self.font, self.size)
        baseline = self.size * 0.4
        canv.drawString(self.indent, baseline, self.label)
        start = self.indent + canv.stringWidth(self.label, self.font, self.size) + self.size * 0.4
        canv.setStrokeColor(self.ink)
        canv.setLineWidth(self.rule)
        canv.line(start, baseline - 2, min(start + self.length, self.width), baseline - 2)


class Rule(Flowable):
    """A thin line across the column, in the middle of `space`: between two action points."""

    def __init__(self, ink, width: float, space: float):
        super().__init__()
        self.ink, self.rule, self.space = ink, width, space

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.space
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(self.ink)
        self.canv.setLineWidth(self.rule)
        self.canv.line(0, self.space / 2, self.width, self.space / 2)


class _Styles:
    """The poster's paragraph styles, made by the deck's CardFace from its fonts and black."""

    def __init__(self, face: CardFace, lay: ActionPosterLayout):
        fonts, black, ink = face.fonts, face.black, colour(lay.colour)

        def style(role: str, font: str, size_key: str, ink_=black, indent: float = 0) -> ParagraphStyle:
            size = lay.sizes[size_key]
            return face.style(
                f"poster-{role}",
                size,
                fontName=font,
                leading=size * lay.leading,
                textColor=ink_,
                leftIndent=indent,
                # Lines of some fifty letters need no hyphenation; without it (and without ReportLab's own
                # address breaking) a word wider than the poster, a web address, breaks where the line ends
                # instead of running past the margin.
                hyphenationLang="",
                uriWasteReduce=0,
                splitLongWords=1,
            )

        indent = lay.lengths["indent"]
        self.date = style("date", fonts.bold, "date_size", ink)
        self.action = style("action", fonts.regular, "action_size", indent=indent)
        self.detail = style("detail", fonts.regular, "detail_size", indent=indent)
        self.heading = style("heading", fonts.bold, "heading_size", ink)
        self.question = style("question", fonts.bold, "question_size")
        self.answer = style("answer", fonts.regular, "answer_size")
        self.title = style("title", fonts.bold, "title_size", colour(lay.white))
        self.subtitle = style("subtitle", fonts.regular, "subtitle_size", colour(lay.white))


def poster_story(
    points: list[ActionPoint],
    agreements: list[tuple[str, str]],
    face: CardFace,
    lay: ActionPosterLayout,
    texts: ActionTexts,
    styles: _Styles,
    frame: tuple[float, float] | None = None,
) -> list[Flowable]:
    """Every action point in the order given, each kept whole on a page, then the agreements.

    With the list's `frame` (width, height), the points are spread evenly over the fewest pages that
    hold them, so a last page never carries one point under a full one.
    """
    # Each unit is kept whole on a page: a point and the rule under it, or one of the agreements.
    units: list[list[Flowable]] = [
        [*_item(point, face, lay, texts, styles), Rule(face.black, lay.rule, lay.lengths["item_gap"])]
        for point in points
    ]
    heading = [Spacer(0, lay.lengths["item_gap"]), Paragraph(printable(texts.ours["agreements"]), styles.heading)]
    for index, (question, answer) in enumerate(agreements):
        pair = [Paragraph(printable(question), styles.question), Paragraph(printable(answer), styles.answer)]
        rule = Rule(face.black, lay.rule, lay.lengths["item_gap"] / 2)
        units.append((heading if index == 0 else []) + pair + [rule])
    pages = [units] if frame is None else balanced(units, *frame)
    story: list[Flowable] = []
    for number, page in enumerate(pages):
        story += [PageBreak()] if number else []
        story += [KeepTogether(unit) for unit in page]
    return story


def balanced(units: list[list[Flowable]], width: float, height: float) -> list[list[list[Flowable]]]:
    """The units over as few pages as fit them, the fullest page as empty as it can be: the least page
    height that still needs no more pages, found by halving, then filled page by page up to it."""
    canvas = Canvas(io.BytesIO())  # measured only, never drawn on
    heights = [sum(flowable.wrapOn(canvas, width, height)[1] for flowable in unit) for unit in units]
    room = height - 1  # a point of slack: the frame measures again while it lays out

    def fill(limit: float) -> list[int]:
        sizes, used = [0], 0.0
        for size in heights:
            if sizes[-1] and used + size > limit:
                sizes.append(0)
                used = 0.0
            sizes[-1] += 1
            used += size
        return sizes

    fewest = len(fill(room))
    low, high = max(heights, default=0.0), max(room, max(heights, default=0.0))
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (low, middle) if len(fill(middle)) <= fewest else (middle, high)
    pages, start = [], 0
    for size in fill(high):
        pages.append(units[start : start + size])
        start += size
    return pages


def _item(point: ActionPoint, face: CardFace, lay: ActionPosterLayout, texts: ActionTexts, styles) -> list[Flowable]:
    """The tick box with the follow-up date (or the question and a line for it), the action, who and when."""
    content = face.content
    labels = {column.key: column.label for column in content.tables.columns}
    follow_up = content.tables.follow_up
    written = point.fields.get(follow_up, "")
    indent = lay.lengths["indent"]

    def write_in(label: str, size_key: str, length: float) -> WriteIn:
        return WriteIn(label, face.fonts.regular, lay.sizes[size_key], length, face.black, lay.rule, indent)

    when = long_date(point.follow_up, content.labels) if point.follow_up else labels[follow_up]
    first_line = lay.sizes["date_size"] * lay.leading
    top = Paragraph(printable(when), styles.date)
    item: list[Flowable] = [Ticked(top, lay.lengths["box"], indent, colour(lay.colour), lay.box_rule, first_line)]
    if not point.follow_up:  # the team's words, then a line for the date
        if written:
            item.append(Paragraph(printable(written), styles.detail))
        item.append(write_in(texts.ours["write_date"], "detail_size", lay.lengths["write_line"]))
    action = point.fields.get(texts.action, "")
    if action:
        item.append(Paragraph(printable(action), styles.action))
    else:
        item.append(write_in(labels[texts.action] + ":", "action_size", lay.width))
    for key, label in ((texts.people, "poster_who"), (texts.when, "poster_when")):
        if point.fields.get(key):
            markup = f"<b>{printable(texts.ours[label])}</b> {printable(point.fields[key])}"
            item.append(Paragraph(markup, styles.detail))
    return item


def action_poster_file(
    points: list[ActionPoint],
    agreements: list[tuple[str, str]],
    face: CardFace,
    lay: ActionPosterLayout,
    texts: ActionTexts,
    school: str,
    year: str,
    title: str,
) -> bytes:
    """The poster; built twice so every page can say how many pages there are."""
    styles = _Styles(face, lay)
    pages = 1
    for _ in range(2):
        data, pages = _build(points, agreements, face, lay, texts, styles, school, year, title, pages)
    return data


def _build(points, agreements, face, lay, texts, styles, school, year, title, pages) -> tuple[bytes, int]:
    page = (lay.width + 2 * lay.bleed, lay.height + 2 * lay.bleed)
    trim = (lay.bleed, lay.bleed, lay.bleed + lay.width, lay.bleed + lay.height)
    ours = texts.ours
    footer_room = lay.sizes["footer_size"] * 2.2
    frame = Frame(
        lay.bleed + lay.safe,
        lay.bleed + lay.safe + footer_room,
        lay.width - 2 * lay.safe,
        lay.height - lay.lengths["band"] - lay.safe - footer_room - lay.safe * 0.6,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="list",
    )
    variables = {"school": school, "jaar": year}

    def decorate(canv, doc):
        canv.saveState()
        canv.setFillColor(colour(lay.colour))
        band = lay.lengths["band"]
        canv.rect(0, page[1] - lay.bleed - band, page[0], band + lay.bleed, stroke=0, fill=1)
        width = lay.width - 2 * lay.safe
        top = page[1] - lay.bleed - lay.safe
        for text, style in ((ours["poster_title"], styles.title), (ours["poster_subtitle"], styles.subtitle)):
            paragraph = Paragraph(printable(fill_text(text, variables)), style)
            _, height = paragraph.wrap(width, band)
            paragraph.drawOn(canv, lay.bleed + lay.safe, top - height)
            top -= height
        canv.setFillColor(face.black)
        canv.setFont(face.fonts.regular, lay.sizes["footer_size"])
        baseline = lay.bleed + lay.safe + lay.sizes["footer_size"] * 0.3
        canv.drawString(lay.bleed + lay.safe, baseline, texts.handbook["motto"])
        canv.drawRightString(
            lay.bleed + lay.width - lay.safe,
            baseline,
            fill_text(ours["poster_page"], {"page": doc.page, "pages": pages}),
        )
        canv.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=page,
        pageTemplates=[PageTemplate("poster", [frame], onPage=decorate)],
        invariant=1,
        initialFontName=face.fonts.regular,
        enforceColorSpace="cmyk",
        trimBox=trim,
        bleedBox=(0, 0, *page),
        title=title,
        subject=title,
        author="waardenkaart",
        creator=f"waardenkaart {__version__}",
    )
    doc.build(poster_story(points, agreements, face, lay, texts, styles, (frame.width, frame.height)))
    return buffer.getvalue(), doc.page
