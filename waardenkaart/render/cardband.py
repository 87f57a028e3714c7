"""The coloured band at the top of a card's front: title and subtitle in white, or the value a card is
made for as its key; a value the kit leaves open is a white panel to write it on."""

from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle

from ..text.merge import MergedCard, escape
from ..text.paragraph import Paragraph
from .cardparts import balanced, fits_width


@dataclass(frozen=True)
class BandLine:
    """A line of a card's coloured band: a paragraph in white, or (paragraph None) a white panel to
    write the card's value on, where the kit has no value to print."""

    paragraph: Paragraph | None
    height: float


class CardBand:
    """The band's part of CardFace: it uses the face's layout, content, styles and text width."""

    def _band_style(self, role: str, size: float, bold: bool) -> ParagraphStyle:
        return self.style(
            "band-" + role,
            size,
            fontName=self.fonts.bold if bold else self.fonts.regular,
            leading=size * 1.18,
            textColor=self.white,
            hyphenationLang="",  # a title is not hyphenated
        )

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
