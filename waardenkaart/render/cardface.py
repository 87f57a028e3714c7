"""Drawing a card's front and back on a canvas whose origin is the trimmed card's lower-left corner.

A type scale, not shrink-to-fit: each card kind has one body size (layouts/a6-kaart.toml). Every card of
the deck has one front and the standard back of its kind (colour, step mark, number, school and year); a
card whose text does not fit its front is refused with a message that names the card, and the user value
that made it too long. Only the action cards, made from the team's own text, carry text on a back.
"""

from dataclasses import dataclass, replace

from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..intake.content import Content
from ..intake.errors import UserError
from ..intake.layout import CardLayout
from ..prepress.fonts import register
from ..text.hyphenation import DutchHyphenator
from ..text.merge import MergedCard, Unit, escape, fill_text, numbers_kept
from ..text.paragraph import Paragraph
from ..text.tails import TailSafeParagraph
from .cardback import CardBack
from .cardband import BandLine, CardBand
from .cardparts import Ruled, WriteLines, balanced, cmyk_of, colour, draw_placed, fits_width, tint
from .kitshare import shared

__all__ = ["CardFace", "Deck", "FittedCard", "balanced", "colour", "fits_width", "tint"]


@dataclass(frozen=True)
class Deck:
    """Whose deck a card belongs to and where it sits in it: printed on front and back so a facilitator
    can sort the cards either way up. `number` 0 leaves the number off."""

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
    band: tuple[BandLine, ...]
    band_height: float
    body: Placed
    back: Placed  # empty: the standard back of its kind
    back_band: tuple[Paragraph, float] | None  # the heading of a back that carries text
    back_band_height: float
    deck: Deck


class CardFace(CardBand, CardBack):
    """Renders the cards of one layout; styles are built once per size and reused across cards.

    Other card sets (the action cards) reuse it: everything it knows comes from the layout and the content.
    """

    # A read-aloud text too long for its front steps down in size (see `fit`); a card set whose text goes
    # on over the back and further cards instead (the action cards) turns this off.
    read_aloud_steps_down = True

    def __init__(self, layout: CardLayout, content: Content):
        self.layout = layout
        self.content = content
        self.fonts = register(layout.fonts)
        self.black = colour(layout.black)
        self.white = colour(layout.colours["white"])
        self.write_ink = colour(layout.write_line_ink)
        self.hyphenator = DutchHyphenator(layout.hyphenation, layout.hyphen_minimum, content.hyphenation)
        self._styles: dict[tuple, ParagraphStyle] = {}

    # -- type ---------------------------------------------------------------------------------------

    def style(self, role: str, size: float, indent: int = 0, **changes) -> ParagraphStyle:
        """A paragraph style of the card's type: Dutch hyphenation, no shrinking of spaces."""
        key = (role, size, indent, tuple(sorted(changes.items())))
        if key not in self._styles:
            self._styles[key] = self._make_style(role, size, indent, changes)
        return self._styles[key]

    def _make_style(self, role: str, size: float, indent: int, changes: dict) -> ParagraphStyle:
        lay = self.layout
        step = size * lay.list_indent
        values = dict(
            fontName=self.fonts.bold if role == "label" else self.fonts.regular,
            fontSize=size,
            leading=size * lay.leading,
            textColor=self.black,
            leftIndent=indent * step,
            bulletIndent=(indent - 1) * step if indent else 0,
            bulletFontName=self.fonts.regular,
            bulletFontSize=size,
            hyphenationLang=self.hyphenator,
            embeddedHyphenation=0,
            hyphenationMinWordLength=2 * lay.hyphen_minimum + 2,  # short words are not worth a break
            uriWasteReduce=0.3,
            splitLongWords=0,
            spaceShrinkage=0,  # ReportLab otherwise lets a ragged line run up to 5 % of its spaces over
            underlineOffset="-0.27*F",  # below the descenders of g, j, p, q and y, not through them
            underlineWidth="0.05*F",
        )
        values.update(changes)
        return ParagraphStyle(f"{role}-{size}-{indent}", **values)

    def flowable(
        self, unit: Unit, size: float, kind_colour: CMYKColor, read_aloud: float = 0, hyphenate: bool = True
    ) -> Flowable:
        """One unit of a card's text as a flowable at body size `size` (read-aloud text at `read_aloud`, or
        larger than the body by the layout's step); the run-sheets use it too. Without `hyphenate` no word
        is broken over two lines."""
        lay = self.layout
        whole = {} if hyphenate else {"hyphenationLang": ""}
        markup = numbers_kept(unit.markup)
        if unit.style == "write_lines":  # a list item to answer is their label, in body type
            style = self.style("body" if unit.bullet else "label", size, unit.indent, **whole)
            label = TailSafeParagraph(markup, style, bulletText=unit.bullet or None) if markup else None
            indent = unit.indent * size * lay.list_indent
            return WriteLines(unit.lines, lay.write_line_gap, self.write_ink, lay.write_line_width, label, indent)
        if unit.style == "read_aloud":  # read aloud from the card: never a word broken over two lines
            read_aloud = read_aloud or size + lay.read_aloud_extra
            style = self.style("read_aloud", read_aloud, unit.indent, hyphenationLang="")
            paragraph = Paragraph(markup, style, bulletText=unit.bullet or None)
            ground = tint(cmyk_of(kind_colour), lay.read_aloud_tint)
            return Ruled(paragraph, kind_colour, ground, 3 * lay.rule_width, size * 0.4)
        if unit.style == "programme":
            size += lay.programme_extra
            style = self.style("programme", size, unit.indent, leading=size * lay.programme_leading, **whole)
        else:
            style = self.style(unit.style, size, unit.indent, **whole)
        return TailSafeParagraph(markup, style, bulletText=unit.bullet or None)

    # -- laying out ---------------------------------------------------------------------------------

    @property
    def text_width(self) -> float:
        return self.layout.width - 2 * self.layout.margin

    def _body_box(self, band_height: float) -> tuple[float, float]:
        """Top and bottom y of the body text below a band of `band_height`, above the footer."""
        lay = self.layout
        return lay.height - band_height - lay.header_gap, lay.safe + lay.label_size * 2.4

    def fit(self, merged: MergedCard, deck: Deck = Deck()) -> FittedCard:
        """Lay out a card once, front and back, at its kind's body size. The result can be drawn any
        number of times, on any canvas.

        A read-aloud text is never split: where a long school name makes it too long for its front, it
        steps down in half points to the layout's floor for it before the card is refused."""
        lay = self.layout
        kind_colour = colour(lay.colours[merged.card.kind])
        size = lay.sizes[merged.card.kind]
        band, band_height = self._band(merged)
        top, bottom = self._body_box(band_height)
        read_aloud = size + lay.read_aloud_extra
        # A word is broken over two lines only where the card needs the room: most cards have it to spare.
        body = self._place(merged.units, size, kind_colour, top - bottom, read_aloud, hyphenate=False)
        if body is None:
            body = self._place(merged.units, size, kind_colour, top - bottom, read_aloud)
        while body is None and self.read_aloud_steps_down and read_aloud - 0.5 >= lay.read_aloud_minimum:
            if not any(unit.style == "read_aloud" for unit in merged.units):
                break
            read_aloud -= 0.5
            body = self._place(merged.units, size, kind_colour, top - bottom, read_aloud)
        if body is None:  # lines to write on are the last to give way: one line less each, before refusing
            body = self._place(_fewer_lines(merged.units), size, kind_colour, top - bottom, read_aloud)
        if body is None:
            raise self._overflow(merged, "de voorkant", size)
        back, back_band, back_band_height = self._fit_back(merged, deck, size, kind_colour)
        return FittedCard(merged, kind_colour, size, band, band_height, body, back, back_band, back_band_height, deck)

    def _place(
        self, units, size: float, kind_colour: CMYKColor, room: float, read_aloud: float = 0, hyphenate: bool = True
    ) -> Placed | None:
        """The units one under another, or None when they do not fit `room`; a unit that asks for it
        (`fill`) is ruled down to the foot of the side."""
        lay = self.layout
        placed, used = [], 0.0
        for unit in units:
            flowable = self.flowable(unit, size, kind_colour, read_aloud, hyphenate)
            _, height = flowable.wrap(self.text_width, room)
            placed.append((flowable, height, size * lay.space_after * (2 if unit.ends_block else 0.5)))
            used += height + placed[-1][2]
        used -= placed[-1][2]
        if used > room or not fits_width(placed):
            return None
        filling = [index for index, unit in enumerate(units) if unit.fill]
        for turn in range(int((room - used) // lay.write_line_gap) if filling else 0):
            index = filling[turn % len(filling)]  # the spare lines in turn, from the first that asks for them
            flowable, _, gap = placed[index]
            flowable.lines += 1
            placed[index] = (flowable, flowable.wrap(self.text_width, room)[1], gap)
        return tuple(placed)

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
            "Zet een blok op een kaart van zijn eigen (een bestand in content/kaarten/) of maak de tekst korter."
        )

    # -- drawing the front --------------------------------------------------------------------------

    def draw_front(self, canv, fitted: FittedCard) -> None:
        lay = self.layout
        canv.setFillColor(fitted.kind_colour)
        band = fitted.band_height
        canv.rect(-lay.bleed, lay.height - band, lay.width + 2 * lay.bleed, band + lay.bleed, stroke=0, fill=1)
        y = lay.height - lay.safe
        for index, line in enumerate(fitted.band):
            y -= line.height + (self._band_gap if index else 0)
            if line.paragraph is None:
                self._write_panel(canv, lay.margin, y, self.text_width, line.height)
            else:
                line.paragraph.drawOn(canv, lay.margin, y)
        top, _ = self._body_box(band)
        draw_placed(canv, fitted.body, lay.margin, top)
        card = fitted.merged.card
        self._footer(canv, self.content.kinds[card.kind].label, self._back_right(card, fitted.deck), self.black)

    def place_line(self, card) -> str:
        """Where a card is used: its session and step, or the kind's place (parents' evening, class)."""
        where = self.content.kinds[card.kind].where
        return where or self._session_line(card.session, card.step)

    # -- the footer ---------------------------------------------------------------------------------

    def _foot(self, left: str, right: str) -> tuple[Paragraph, ParagraphStyle]:
        """`left` of the foot line, wrapped beside `right`: a long school name takes a second line."""
        lay = self.layout
        room = self.text_width - stringWidth(right, self.fonts.regular, lay.label_size) - lay.label_size
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
        canv.drawRightString(lay.width - lay.margin, baseline, right)
        paragraph, style = self._foot(left, right)
        # ReportLab sets the last line's baseline `leading - fontSize` above the paragraph's bottom.
        paragraph.drawOn(canv, lay.margin, baseline - style.leading + lay.label_size)

    def _back_right(self, card, deck: Deck) -> str:
        """The right of every foot line: where the card is used and its number in the deck."""
        return " · ".join(part for part in (self.place_line(card), self._number(deck)) if part)

    def _session_line(self, session: int, step: int | None) -> str:
        labels = self.content.labels
        return fill_text(labels.session_step if step else labels.session, {"session": session, "step": step})

    def _number(self, deck: Deck) -> str:
        if not deck.number:
            return ""
        return fill_text(self.content.labels.card_number, {"number": deck.number, "total": deck.total})

    # -- the back's centred lines (the rest of the back: cardback.py) ---------------------------------

    def _centred(self, canv, text: str, size: float, bold: bool, top: float, width: float) -> float:
        """A centred white paragraph of plain text hanging from `top`; returns its bottom.

        Laid out once per kit: the backs repeat the same lines, and both card files draw every back.
        """
        paragraph, height = shared(
            ("centred", id(self), text, size, bold, width), lambda: self._centre(text, size, bold, width)
        )
        paragraph.drawOn(canv, self.layout.margin + (width - paragraph.width) / 2, top - height)
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


def _fewer_lines(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """The units with one write-in line less under each label that has more than one."""
    return tuple(
        replace(unit, lines=unit.lines - 1) if unit.style == "write_lines" and unit.lines > 1 else unit
        for unit in units
    )
