"""Drawing a card's front and back on a canvas whose origin is the trimmed card's lower-left corner.

A type scale, not shrink-to-fit: each card kind has one body size (layouts/a6-kaart.toml). The blocks
marked side = "back" in the content go on the card's back. A card whose text does not fit at its size is
refused with a message that names the card, and the user value that made it too long.
"""

from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..intake.content import Content
from ..intake.errors import UserError
from ..intake.layout import CMYK, CardLayout
from ..prepress.fonts import register
from ..text.hyphenation import DutchHyphenator
from ..text.measure import fits
from ..text.merge import MergedCard, Unit, escape, fill_text
from ..text.paragraph import Paragraph
from .kitshare import shared
from .stepmarks import draw_step_mark


def colour(cmyk: CMYK) -> CMYKColor:
    """A CMYK colour without alpha: ReportLab would otherwise emit a transparency state (PDF 1.4)."""
    return CMYKColor(*cmyk, alpha=None)


def tint(cmyk: CMYK, strength: float) -> CMYKColor:
    """A light tint of a colour, as a plain CMYK colour (no transparency in PDF/X-1a)."""
    return colour(tuple(value * strength for value in cmyk))


class Ruled(Flowable):
    """The read-aloud text: on a light tint of the card's colour with a bar on its left, so the
    facilitator finds it at a glance and reads it in the card's largest body type."""

    def __init__(self, paragraph: Paragraph, bar: CMYKColor, ground: CMYKColor, bar_width: float, pad: float):
        super().__init__()
        self.paragraph, self.bar, self.ground, self.bar_width, self.pad = paragraph, bar, ground, bar_width, pad

    def wrap(self, avail_width, avail_height):
        _, height = self.paragraph.wrap(avail_width - self.bar_width - 2 * self.pad, avail_height)
        self.width, self.height = avail_width, height + 2 * self.pad
        return self.width, self.height

    def draw(self):
        self.canv.setFillColor(self.ground)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        self.canv.setFillColor(self.bar)
        self.canv.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        self.paragraph.drawOn(self.canv, self.bar_width + self.pad, self.pad)


class WriteLines(Flowable):
    """Lines to write on, as on the paper original, far enough apart for handwriting."""

    def __init__(self, lines: int, gap: float, indent: float, ink: CMYKColor, line_width: float):
        super().__init__()
        self.lines, self.gap, self.indent, self.ink, self.line_width = lines, gap, indent, ink, line_width

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.lines * self.gap
        return self.width, self.height

    def draw(self):
        self.canv.setStrokeColor(self.ink)
        self.canv.setLineWidth(self.line_width)
        for row in range(self.lines):
            y = self.height - (row + 1) * self.gap + self.line_width
            self.canv.line(self.indent, y, self.width, y)


@dataclass(frozen=True)
class Deck:
    """Whose deck a card belongs to and where it sits in it: printed on the back so a facilitator can
    sort the cards. `number` 0 leaves the number off."""

    school: str = ""
    year: int | None = None
    number: int = 0
    total: int = 0


Placed = tuple[tuple[Flowable, float, float], ...]  # flowable, height, gap after it


@dataclass(frozen=True)
class FittedCard:
    """A card laid out once: its band, its front and back texts with their heights, its place in the deck."""

    merged: MergedCard
    kind_colour: CMYKColor
    size: float
    band: tuple[tuple[Paragraph, float], ...]
    band_height: float
    body: Placed
    back: Placed
    back_band: tuple[Paragraph, float] | None  # the heading of a back that carries text
    back_band_height: float
    deck: Deck


class CardFace:
    """Renders the cards of one layout; styles are built once per size and reused across cards.

    Other card sets (the action cards) reuse it: everything it knows comes from the layout and the content.
    """

    def __init__(self, layout: CardLayout, content: Content):
        self.layout = layout
        self.content = content
        self.fonts = register(layout.fonts)
        self.black = colour(layout.black)
        self.white = colour(layout.colours["white"])
        self.hyphenator = DutchHyphenator(layout.hyphenation, layout.hyphen_minimum, content.hyphenation)
        self._styles: dict[tuple, ParagraphStyle] = {}

    def style(self, role: str, size: float, indent: int = 0, **changes) -> ParagraphStyle:
        """A paragraph style of the card's type: Dutch hyphenation, no shrinking of spaces."""
        key = (role, size, indent, tuple(sorted(changes.items())))
        if key not in self._styles:
            self._styles[key] = self._make_style(role, size, indent, changes)
        return self._styles[key]

    def _make_style(self, role: str, size: float, indent: int, changes: dict) -> ParagraphStyle:
        lay = self.layout
        font = self.fonts.bold if role == "label" else self.fonts.regular
        step = size * lay.list_indent
        leading = size * lay.leading
        values = dict(
            fontName=font,
            fontSize=size,
            leading=leading,
            textColor=self.black,
            leftIndent=indent * step,
            bulletIndent=(indent - 1) * step if indent else 0,
            bulletFontName=self.fonts.regular,
            bulletFontSize=size,
            hyphenationLang=self.hyphenator,
            embeddedHyphenation=0,
            hyphenationMinWordLength=2 * lay.hyphen_minimum,
            uriWasteReduce=0.3,
            splitLongWords=0,
            spaceShrinkage=0,  # ReportLab otherwise lets a ragged line run up to 5 % of its spaces over
        )
        values.update(changes)
        return ParagraphStyle(f"{role}-{size}-{indent}", **values)

    def flowable(self, unit: Unit, size: float, kind_colour: CMYKColor) -> Flowable:
        """One unit of a card's text as a flowable at body size `size`; the run-sheets use it too."""
        lay = self.layout
        if unit.style == "write_lines":
            return WriteLines(unit.lines, lay.write_line_gap, 0, self.black, lay.rule_width)
        if unit.style == "read_aloud":
            style = self.style("read_aloud", size + lay.read_aloud_extra, unit.indent)
            paragraph = Paragraph(unit.markup, style, bulletText=unit.bullet or None)
            cmyk = (kind_colour.cyan, kind_colour.magenta, kind_colour.yellow, kind_colour.black)
            ground = tint(cmyk, lay.read_aloud_tint)
            return Ruled(paragraph, kind_colour, ground, 3 * lay.rule_width, size * 0.4)
        return Paragraph(unit.markup, self.style(unit.style, size, unit.indent), bulletText=unit.bullet or None)

    # -- laying out -------------------------------------------------------------------------------

    def _body_box(self, band_height: float) -> tuple[float, float, float]:
        """Left x, top y and bottom y of the body text below a band of `band_height`."""
        lay = self.layout
        return lay.safe, lay.height - band_height - lay.header_gap, lay.safe + lay.label_size * 2.4

    def fit(self, merged: MergedCard, deck: Deck = Deck()) -> FittedCard:
        """Lay out a card once, front and back, at its kind's body size. The result can be drawn any
        number of times, on any canvas."""
        lay = self.layout
        kind = merged.card.kind
        kind_colour = colour(lay.colours[kind])
        size = lay.sizes[kind]
        band, band_height = self._band(merged)
        _, top, bottom = self._body_box(band_height)
        body = self._place(merged.units, size, kind_colour, top - bottom)
        if body is None:
            raise self._overflow(merged, "de voorkant", size)
        back, back_band, back_band_height = (), None, 0.0
        if merged.back_units:
            back_band, back_band_height = self._back_band(merged)
            _, top, bottom = self._body_box(back_band_height)
            footer_lines = len(self._foot(self._owner(deck), self._back_right(merged.card, deck))[0].blPara.lines)
            bottom += (footer_lines - 1) * lay.label_size * 1.2
            back = self._place(merged.back_units, size, kind_colour, top - bottom)
            if back is None:
                raise self._overflow(merged, "de achterkant", size)
            if kind in lay.ruled_backs:
                back = self._ruled_rest(back, top - bottom)
        return FittedCard(merged, kind_colour, size, band, band_height, body, back, back_band, back_band_height, deck)

    def _back_band(self, merged: MergedCard) -> tuple[tuple[Paragraph, float], float]:
        """The heading of a back with text: the card's title (its value, on a card made per value) and
        "vervolg", beside the step's mark."""
        lay = self.layout
        keyed = bool(merged.card.repeat and merged.subtitle)
        heading = f"{merged.subtitle if keyed else merged.title} · {self.content.labels.continued}"
        paragraph, height = balanced(
            heading, self._band_style("continued", lay.subtitle_size, bold=True), self._heading_width()
        )
        return (paragraph, height), max(lay.back_band, lay.safe + height + lay.header_padding)

    def _heading_width(self) -> float:
        """The width of a back's heading: the band less the step's mark."""
        lay = self.layout
        return lay.width - 2 * lay.safe - lay.back_band

    def _place(self, units, size: float, kind_colour: CMYKColor, room: float) -> Placed | None:
        lay = self.layout
        width = lay.width - 2 * lay.safe
        placed, used = [], 0.0
        for unit in units:
            flowable = self.flowable(unit, size, kind_colour)
            _, height = flowable.wrap(width, room)
            gap = size * lay.space_after * (2 if unit.ends_block else 0.5)
            placed.append((flowable, height, gap))
            used += height + gap
        if used - placed[-1][2] > room or not fits_width(placed):
            return None
        return tuple(placed)

    def _ruled_rest(self, placed: Placed, room: float) -> Placed:
        """The room left below the text, ruled at the write-in gap: the card asks for an answer there."""
        lay = self.layout
        used = sum(height + gap for _, height, gap in placed)
        lines = int((room - used) // lay.write_line_gap)
        if lines < 2:
            return placed
        ruled = WriteLines(lines, lay.write_line_gap, 0, self.black, lay.rule_width)
        _, height = ruled.wrap(lay.width - 2 * lay.safe, room)
        return (*placed, (ruled, height, 0))

    def _overflow(self, merged: MergedCard, side: str, size: float) -> UserError:
        card = merged.card
        where = f"De kaart ‘{merged.title}’ ({card.source}) past niet op de {self.layout.name}"
        if merged.filled:
            culprits = ", ".join(f"{label} ({len(value)} tekens)" for label, value in merged.filled)
            return UserError(
                f"{where}: de tekst op {side} is bij {size:g} pt te lang. "
                f"Deze kaart toont {culprits}. Kies een kortere vorm."
            )
        return UserError(
            f"{where}: de tekst op {side} is bij {size:g} pt te lang. "
            'Zet een blok op de achterkant (side = "back") of maak de tekst korter.'
        )

    def _band(self, merged: MergedCard) -> tuple[tuple[tuple[Paragraph, float], ...], float]:
        """Title and subtitle in white; on a card made per value the subtitle (the value) is the key,
        the largest text on the card. Lines are balanced, so no word is left alone on a line."""
        lay = self.layout
        width = lay.width - 2 * lay.safe
        keyed = bool(merged.card.repeat and merged.subtitle)
        title_size = lay.subtitle_size if keyed else lay.title_size
        parts = [(merged.title, self._band_style("title", title_size, bold=True))]
        key_style = None
        subtitle = merged.subtitle
        if keyed and ": " in subtitle:  # "Waarde: …": the kicker on a line of its own, the value under it
            kicker, subtitle = subtitle.split(": ", 1)
            parts.append((kicker + ":", self._band_style("kicker", lay.subtitle_size, bold=False)))
        if subtitle:
            sub_size = lay.key_size if keyed else lay.subtitle_size
            parts.append((subtitle, self._band_style("key" if keyed else "subtitle", sub_size, bold=keyed)))
            key_style = parts[-1][1] if keyed else None
        placed = []
        for markup, style in parts:
            paragraph, height = balanced(markup, style, width)
            # A value stays on one line where it can, so the bands of the values are alike: a long one steps
            # down from the key size, never below the title's size.
            while style is key_style and (len(paragraph.blPara.lines) > 1 or not fits_width([(paragraph, 0, 0)])):
                if style.fontSize - 1 < title_size:
                    break
                style = key_style = self._band_style("key", style.fontSize - 1, bold=True)
                paragraph, height = balanced(markup, style, width)
            if not fits_width([(paragraph, 0, 0)]):
                raise self._overflow(merged, "de titelband", style.fontSize)
            placed.append((paragraph, height))
        text = sum(h for _, h in placed) + self._band_gap * (len(placed) - 1)
        height = max(lay.header_min_height, lay.safe + text + lay.header_padding)
        return tuple(placed), height

    @property
    def _band_gap(self) -> float:
        """Between title and subtitle in the band."""
        return self.layout.subtitle_size * 0.25

    def _band_style(self, role: str, size: float, bold: bool) -> ParagraphStyle:
        return self.style(
            "band-" + role,
            size,
            fontName=self.fonts.bold if bold else self.fonts.regular,
            leading=size * 1.18,
            textColor=self.white,
            hyphenationLang="",  # a title is not hyphenated
        )

    # -- drawing ----------------------------------------------------------------------------------

    def draw_front(self, canv, fitted: FittedCard) -> None:
        lay = self.layout
        canv.setFillColor(fitted.kind_colour)
        canv.rect(
            -lay.bleed,
            lay.height - fitted.band_height,
            lay.width + 2 * lay.bleed,
            fitted.band_height + lay.bleed,
            stroke=0,
            fill=1,
        )
        y = lay.height - lay.safe
        for index, (paragraph, height) in enumerate(fitted.band):
            y -= height + (self._band_gap if index else 0)
            paragraph.drawOn(canv, lay.safe, y)
        left, top, _ = self._body_box(fitted.band_height)
        _draw_placed(canv, fitted.body, left, top)
        card = fitted.merged.card
        self._footer(canv, self.content.kinds[card.kind].label, self.place_line(card), self.black)

    def place_line(self, card) -> str:
        """Where a card is used: its session and step, or the kind's place (parents' evening, class)."""
        where = self.content.kinds[card.kind].where
        return where or self._session_line(card.session, card.step)

    def _foot(self, left: str, right: str) -> tuple[Paragraph, ParagraphStyle]:
        """`left` of the foot line, wrapped beside `right`: a long school name takes a second line."""
        lay = self.layout
        room = lay.width - 2 * lay.safe - stringWidth(right, self.fonts.regular, lay.label_size) - lay.label_size
        style = self.style("foot", lay.label_size, fontName=self.fonts.bold, leading=lay.label_size * 1.2)
        paragraph = Paragraph(escape(left), style)
        paragraph.wrap(room, lay.height)
        return paragraph, style

    def _footer(self, canv, left: str, right: str, ink) -> None:
        """The card's foot line: `left` in bold (wrapped upward if it must), `right` in regular type."""
        lay = self.layout
        baseline = lay.safe + 0.3 * lay.label_size  # descenders stay inside the safe zone
        canv.setFillColor(ink)
        canv.setFont(self.fonts.regular, lay.label_size)
        canv.drawRightString(lay.width - lay.safe, baseline, right)
        paragraph, style = self._foot(left, right)
        # ReportLab sets the last line's baseline `leading - fontSize` above the paragraph's bottom.
        paragraph.drawOn(canv, lay.safe, baseline - style.leading + lay.label_size)

    def _back_right(self, card, deck: Deck) -> str:
        return " · ".join(part for part in (self.place_line(card), self._number(deck)) if part)

    def _session_line(self, session: int, step: int | None) -> str:
        labels = self.content.labels
        return fill_text(labels.session_step if step else labels.session, {"session": session, "step": step})

    def _number(self, deck: Deck) -> str:
        if not deck.number:
            return ""
        return fill_text(self.content.labels.card_number, {"number": deck.number, "total": deck.total})

    def draw_back(self, canv, fitted: FittedCard) -> None:
        """A back with the rest of the card's text, or the deck's designed back."""
        if fitted.back:
            self._text_back(canv, fitted)
        else:
            self._designed_back(canv, fitted)

    def _owner(self, deck: Deck) -> str:
        school = deck.school or self.content.fields["school"].blank or ""  # a line to write the name on
        return f"{school} · {deck.year}" if deck.year else school

    def _text_back(self, canv, fitted: FittedCard) -> None:
        lay = self.layout
        card = fitted.merged.card
        band = fitted.back_band_height
        canv.setFillColor(fitted.kind_colour)
        canv.rect(-lay.bleed, lay.height - band, lay.width + 2 * lay.bleed, band + lay.bleed, stroke=0, fill=1)
        mark = lay.back_band - lay.safe - lay.header_padding / 2
        draw_step_mark(
            canv,
            card.step,
            lay.width - lay.safe - mark / 2,
            lay.height - lay.safe - mark / 2,
            mark,
            self.white,
            lay.back_mark_width / 2,
        )
        paragraph, height = fitted.back_band
        paragraph.drawOn(canv, lay.safe, lay.height - lay.safe - height)
        left, top, _ = self._body_box(band)
        _draw_placed(canv, fitted.back, left, top)
        self._footer(canv, self._owner(fitted.deck), self._back_right(card, fitted.deck), self.black)

    def _designed_back(self, canv, fitted: FittedCard) -> None:
        lay, sizes = self.layout, self.layout.back_sizes
        card, deck = fitted.merged.card, fitted.deck
        kind = self.content.kinds[card.kind]
        canv.setFillColor(fitted.kind_colour)
        canv.rect(-lay.bleed, -lay.bleed, lay.width + 2 * lay.bleed, lay.height + 2 * lay.bleed, stroke=0, fill=1)
        width, centre = lay.width - 2 * lay.safe, lay.width / 2
        top = lay.height - lay.safe
        for text, size, bold in (
            (deck.school or self.content.fields["school"].blank or "", sizes["school"], True),
            (str(deck.year) if deck.year else "", sizes["year"], False),
        ):
            if text:
                top = self._centred(canv, text, size, bold, top, width) - size * 0.2
        mark_y = lay.height * 0.58
        draw_step_mark(canv, card.step, centre, mark_y, lay.back_mark, self.white, lay.back_mark_width)
        y = mark_y - lay.back_mark / 2 - sizes["step"] * 1.1
        step = next((s for s in self.content.poster["steps"] if s.number == card.step), None)
        if step and not kind.where:
            y = self._centred(
                canv,
                fill_text(self.content.labels.step_name, {"step": step.number, "name": step.name}),
                sizes["step"],
                True,
                y,
                width,
            )
        y -= sizes["kind"] * 0.9
        y = self._centred(canv, kind.label, sizes["kind"], True, y, width)
        for text in (kind.back_line, self.place_line(card)):
            y = self._centred(canv, text, sizes["line"], False, y - sizes["line"] * 0.15, width)
        number = self._number(deck)
        if number:
            canv.setFillColor(self.white)
            canv.setFont(self.fonts.bold, sizes["number"])
            canv.drawCentredString(centre, lay.safe + 0.3 * sizes["number"], number)

    def _centred(self, canv, text: str, size: float, bold: bool, top: float, width: float) -> float:
        """A centred white paragraph of plain text hanging from `top`; returns its bottom.

        Laid out once per kit: the backs repeat the same lines, and both card files draw every back.
        """
        paragraph, height = shared(
            ("centred", id(self), text, size, bold, width), lambda: self._centre(text, size, bold, width)
        )
        paragraph.drawOn(canv, self.layout.safe + (width - paragraph.width) / 2, top - height)
        return top - height

    def _centre(self, text: str, size: float, bold: bool, width: float) -> tuple[Paragraph, float]:
        """A word wider than the card (a school name is the user's own) makes the type smaller, never the margin."""
        font = self.fonts.bold if bold else self.fonts.regular
        widest = max((stringWidth(word, font, size) for word in text.split()), default=0)
        size = min(size, size * width / widest) if widest else size  # no width (intake refuses such text): as is
        style = self.style(
            "back-bold" if bold else "back",
            size,
            fontName=font,
            leading=size * 1.2,
            textColor=self.white,
            alignment=TA_CENTER,
        )
        return balanced(escape(text), style, width)  # a long school name in two even lines


def _draw_placed(canv, placed: Placed, left: float, top: float) -> None:
    y = top
    for flowable, height, gap in placed:
        y -= height
        flowable.drawOn(canv, left, y)
        y -= gap


def balanced(markup: str, style: ParagraphStyle, width: float) -> tuple[Paragraph, float]:
    """A paragraph wrapped to the narrowest width that keeps its number of lines: a two-line title
    then splits evenly instead of leaving one word on its second line."""
    paragraph = Paragraph(markup, style)
    _, height = paragraph.wrap(width, 10_000)
    lines = len(paragraph.blPara.lines)
    if lines < 2:
        return paragraph, height
    low, high = width / 2, width
    for _ in range(10):
        middle = (low + high) / 2
        paragraph.wrap(middle, 10_000)
        if len(paragraph.blPara.lines) == lines and fits_width([(paragraph, 0, 0)]):
            high = middle
        else:
            low = middle
    _, height = paragraph.wrap(high, 10_000)
    return paragraph, height


def fits_width(placed) -> bool:
    """No line wider than its box, measured as drawn: an unbreakable word would otherwise run into the margin."""
    return all(fits(getattr(flowable, "paragraph", flowable)) for flowable, _, _ in placed)
