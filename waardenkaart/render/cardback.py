"""A card's back: the standard back of its kind (its colour to the bleed, school and year, the step's mark,
the kind and the card's number), or for an action card the rest of its text under a heading."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text.merge import MergedCard, fill_text
from ..text.paragraph import Paragraph
from .cardparts import balanced, draw_placed
from .stepmarks import draw_step_mark

if TYPE_CHECKING:
    from .cardface import Deck, FittedCard


class CardBack:
    """The back's part of CardFace: it uses the face's layout, content, styles, footer and centred lines."""

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
        draw_placed(canv, fitted.back, lay.margin, top)
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
            year = fill_text(self.content.labels.back_year, {"jaar": deck.year})
            self._centred(canv, year, sizes["year"], False, top, self.text_width)

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

    def _fit_back(self, merged: MergedCard, deck: Deck, size: float, kind_colour) -> tuple:
        """The text of a back that carries some (an action card's), its heading and the heading's height."""
        if not merged.back_units:
            return (), None, 0.0
        back_band, back_band_height = self._back_band(merged)
        top, bottom = self._body_box(back_band_height)
        bottom += self.layout.label_size * 1.2  # room for a footer of two lines, whatever school it names
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
