"""Drawing a card's front and back on a canvas whose origin is the trimmed card's lower-left corner.

A type scale, not shrink-to-fit: each card kind has one body size (layouts/a6-kaart.toml). Every card of
the deck has one front and the standard back of its kind (colour, step mark, number, school and year); a
card whose text does not fit its front is refused with a message that names the card, and the user value
that made it too long. Only the action cards, made from the team's own text, carry text on a back.
"""

from dataclasses import dataclass

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
from ..text.merge import MergedCard, Unit, escape, fill_text
from ..text.paragraph import Paragraph
from ..text.tails import TailSafeParagraph
from .cardparts import Ruled, WriteLines, balanced, cmyk_of, colour, fits_width, tint
from .kitshare import shared
from .stepmarks import draw_step_mark

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
class BandLine:
    """A line of a card's coloured band: a paragraph in white, or (paragraph None) a white panel to
    write the card's value on, where the kit has no value to print."""

    paragraph: Paragraph | None
    height: float


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

    def _band_style(self, role: str, size: float, bold: bool) -> ParagraphStyle:
        return self.style(
            "band-" + role,
            size,
            fontName=self.fonts.bold if bold else self.fonts.regular,
            leading=size * 1.18,
            textColor=self.white,
            hyphenationLang="",  # a title is not hyphenated
        )

    def flowable(self, unit: Unit, size: float, kind_colour: CMYKColor) -> Flowable:
        """One unit of a card's text as a flowable at body size `size`; the run-sheets use it too."""
        lay = self.layout
        if unit.style == "write_lines":  # a list item to answer is their label, in body type
            style = self.style("body" if unit.bullet else "label", size, unit.indent)
            label = TailSafeParagraph(unit.markup, style, bulletText=unit.bullet or None) if unit.markup else None
            indent = unit.indent * size * lay.list_indent
            return WriteLines(unit.lines, lay.write_line_gap, self.write_ink, lay.write_line_width, label, indent)
        if unit.style == "read_aloud":  # read aloud from the card: never a word broken over two lines
            style = self.style("read_aloud", size + lay.read_aloud_extra, unit.indent, hyphenationLang="")
            paragraph = Paragraph(unit.markup, style, bulletText=unit.bullet or None)
            ground = tint(cmyk_of(kind_colour), lay.read_aloud_tint)
            return Ruled(paragraph, kind_colour, ground, 3 * lay.rule_width, size * 0.4)
        if unit.style == "programme":
            size += lay.programme_extra
            style = self.style("programme", size, unit.indent, leading=size * lay.programme_leading)
        else:
            style = self.style(unit.style, size, unit.indent)
        return TailSafeParagraph(unit.markup, style, bulletText=unit.bullet or None)

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
        number of times, on any canvas."""
        kind_colour = colour(self.layout.colours[merged.card.kind])
        size = self.layout.sizes[merged.card.kind]
        band, band_height = self._band(merged)
        top, bottom = self._body_box(band_height)
        body = self._place(merged.units, size, kind_colour, top - bottom)
        if body is None:
            raise self._overflow(merged, "de voorkant", size)
        back, back_band, back_band_height = self._fit_back(merged, deck, size, kind_colour)
        return FittedCard(merged, kind_colour, size, band, band_height, body, back, back_band, back_band_height, deck)

    def _fit_back(self, merged: MergedCard, deck: Deck, size: float, kind_colour) -> tuple:
        """The text of a back that carries some (an action card's), its heading and the heading's height."""
        if not merged.back_units:
            return (), None, 0.0
        back_band, back_band_height = self._back_band(merged)
        top, bottom = self._body_box(back_band_height)
        footer_lines = len(self._foot(self._owner(deck), self._back_right(merged.card, deck))[0].blPara.lines)
        bottom += (footer_lines - 1) * self.layout.label_size * 1.2
        back = self._place(merged.back_units, size, kind_colour, top - bottom)
        if back is None:
            raise self._overflow(merged, "de achterkant", size)
        return back, back_band, back_band_height

    def _back_band(self, merged: MergedCard) -> tuple[tuple[Paragraph, float], float]:
        """The heading of a back with text: the card's title (its value, on a card made per value) and
        "vervolg", beside the step's mark."""
        lay = self.layout
        keyed = bool(merged.card.repeat and merged.subtitle)
        heading = f"{merged.subtitle if keyed else merged.title} · {self.content.labels.continued}"
        style = self._band_style("continued", lay.subtitle_size, bold=True)
        paragraph, height = balanced(heading, style, self.text_width - lay.back_band)
        return (paragraph, height), max(lay.back_band, lay.safe + height + lay.header_padding)

    def _place(self, units, size: float, kind_colour: CMYKColor, room: float) -> Placed | None:
        """The units one under another, or None when they do not fit `room`; a unit that asks for it
        (`fill`) is ruled down to the foot of the side."""
        lay = self.layout
        placed, used = [], 0.0
        for unit in units:
            flowable = self.flowable(unit, size, kind_colour)
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

    # -- the band -----------------------------------------------------------------------------------

    def _band_parts(self, merged: MergedCard) -> tuple[list[tuple[str, ParagraphStyle]], ParagraphStyle | None]:
        """The band's texts and styles: title, and subtitle; on a card made per value the subtitle (the
        value) is the key, the largest text on the card, under its kicker ("Waarde:")."""
        lay = self.layout
        keyed = bool(merged.card.repeat and merged.subtitle)
        title_size = lay.subtitle_size if keyed else lay.title_size
        parts = [(merged.title, self._band_style("title", title_size, bold=True))]
        subtitle, key_style = merged.subtitle, None
        if keyed and ": " in subtitle:
            kicker, subtitle = subtitle.split(": ", 1)
            parts.append((kicker + ":", self._band_style("kicker", lay.subtitle_size, bold=False)))
        if subtitle:
            sub_size = lay.key_size if keyed else lay.subtitle_size
            key_style = self._band_style("key" if keyed else "subtitle", sub_size, bold=keyed)
            parts.append((subtitle, key_style))
        return parts, key_style if keyed else None

    def _band(self, merged: MergedCard) -> tuple[tuple[BandLine, ...], float]:
        """Title and subtitle in white, balanced so no word is left alone on a line; a value the kit
        leaves open becomes a white panel to write it on (ballpoint does not show on the band's colour)."""
        lay = self.layout
        parts, key_style = self._band_parts(merged)
        blank = self.content.fields["waarde"].blank if "waarde" in self.content.fields else None
        placed = []
        for markup, style in parts:
            if style is key_style and blank and markup == escape(blank):
                placed.append(BandLine(None, lay.key_size * 1.18))
                continue
            paragraph, height = self._band_line(merged, markup, style, key_style, parts[0][1].fontSize)
            placed.append(BandLine(paragraph, height))
        text = sum(line.height for line in placed) + self._band_gap * (len(placed) - 1)
        return tuple(placed), max(lay.header_min_height, lay.safe + text + lay.header_padding)

    def _band_line(self, merged, markup: str, style, key_style, title_size: float) -> tuple[Paragraph, float]:
        """One text of the band. A value stays on one line where it can, so the bands of the values are
        alike: a long one steps down from the key size, never below the title's size."""
        paragraph, height = balanced(markup, style, self.text_width)
        while style is key_style and (len(paragraph.blPara.lines) > 1 or not fits_width([(paragraph, 0, 0)])):
            if style.fontSize - 1 < title_size:
                break
            style = key_style = self._band_style("key", style.fontSize - 1, bold=True)
            paragraph, height = balanced(markup, style, self.text_width)
        if not fits_width([(paragraph, 0, 0)]):
            raise self._overflow(merged, "de titelband", style.fontSize)
        return paragraph, height

    @property
    def _band_gap(self) -> float:
        """Between title and subtitle in the band."""
        return self.layout.subtitle_size * 0.25

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
        _draw_placed(canv, fitted.body, lay.margin, top)
        card = fitted.merged.card
        self._footer(canv, self.content.kinds[card.kind].label, self._back_right(card, fitted.deck), self.black)

    def _write_panel(self, canv, x: float, y: float, width: float, height: float) -> None:
        """A white panel with a light line to write on: where a band or a back would otherwise ask for
        handwriting on saturated colour."""
        lay = self.layout
        canv.setFillColor(self.white)
        canv.roundRect(x, y, width, height, min(height / 4, 2 * lay.rule_width * 4), stroke=0, fill=1)
        canv.setStrokeColor(self.write_ink)
        canv.setLineWidth(lay.write_line_width)
        inset = height * 0.25
        canv.line(x + inset, y + inset, x + width - inset, y + inset)

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

    # -- drawing the back ---------------------------------------------------------------------------

    def draw_back(self, canv, fitted: FittedCard) -> None:
        """The standard back of the card's kind, or an action card's back with the rest of its text."""
        if fitted.back:
            self._text_back(canv, fitted)
        else:
            self._designed_back(canv, fitted)

    def _owner(self, deck: Deck) -> str:
        """Whose card it is, in a foot line: the school and the year (no write-in line in a footer)."""
        return " · ".join(part for part in (deck.school, str(deck.year) if deck.year else "") if part)

    def _text_back(self, canv, fitted: FittedCard) -> None:
        lay = self.layout
        card = fitted.merged.card
        band = fitted.back_band_height
        canv.setFillColor(fitted.kind_colour)
        canv.rect(-lay.bleed, lay.height - band, lay.width + 2 * lay.bleed, band + lay.bleed, stroke=0, fill=1)
        mark = lay.back_band - lay.safe - lay.header_padding / 2
        x, y = lay.width - lay.margin - mark / 2, lay.height - lay.safe - mark / 2
        draw_step_mark(canv, card.step, x, y, mark, self.white, lay.back_mark_width / 2)
        paragraph, height = fitted.back_band
        paragraph.drawOn(canv, lay.margin, lay.height - lay.safe - height)
        top, _ = self._body_box(band)
        _draw_placed(canv, fitted.back, lay.margin, top)
        self._footer(canv, self._owner(fitted.deck), self._back_right(card, fitted.deck), self.black)

    def _designed_back(self, canv, fitted: FittedCard) -> None:
        """The kind's colour to the bleed; the school and year at the top, the step's mark, the step and
        the kind in the middle, the card's number at the foot."""
        lay = self.layout
        canv.setFillColor(fitted.kind_colour)
        canv.rect(-lay.bleed, -lay.bleed, lay.width + 2 * lay.bleed, lay.height + 2 * lay.bleed, stroke=0, fill=1)
        self._back_owner(canv, fitted.deck)
        mark_y = lay.height * 0.58
        card = fitted.merged.card
        draw_step_mark(canv, card.step, lay.width / 2, mark_y, lay.back_mark, self.white, lay.back_mark_width)
        self._back_names(canv, card, mark_y - lay.back_mark / 2)
        number = self._number(fitted.deck)
        if number:
            size = lay.back_sizes["number"]
            canv.setFillColor(self.white)
            canv.setFont(self.fonts.bold, size)
            canv.drawCentredString(lay.width / 2, lay.safe + 0.3 * size, number)

    def _back_owner(self, canv, deck: Deck) -> None:
        """The school's name and the year; a kit for any school leaves a white panel to write the name on."""
        lay, sizes = self.layout, self.layout.back_sizes
        top = lay.height - lay.safe
        if deck.school:
            top = self._centred(canv, deck.school, sizes["school"], True, top, self.text_width) - sizes["school"] * 0.2
        else:
            height = sizes["school"] * 2
            top -= height
            self._write_panel(canv, lay.margin, top, self.text_width, height)
            top -= sizes["school"] * 0.3
        if deck.year:
            self._centred(canv, str(deck.year), sizes["year"], False, top, self.text_width)

    def _back_names(self, canv, card, below_mark: float) -> None:
        """Under the mark: the step's name (for a card of the sessions), the kind, its line and its place."""
        sizes, width = self.layout.back_sizes, self.text_width
        kind = self.content.kinds[card.kind]
        y = below_mark - sizes["step"] * 1.1
        step = next((s for s in self.content.poster["steps"] if s.number == card.step), None)
        if step and not kind.where:
            name = fill_text(self.content.labels.step_name, {"step": step.number, "name": step.name})
            y = self._centred(canv, name, sizes["step"], True, y, width)
        y -= sizes["kind"] * 0.9
        y = self._centred(canv, kind.label, sizes["kind"], True, y, width)
        for text in (kind.back_line, self.place_line(card)):
            y = self._centred(canv, text, sizes["line"], False, y - sizes["line"] * 0.15, width)

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
        widest = max(stringWidth(word, font, size) for word in text.split())
        size = min(size, size * width / widest)
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
