"""Drawing a card's front and back on a canvas whose origin is the trimmed card's lower-left corner.

The body text shrinks in steps until it fits; below the layout's floor the card is refused with a
message that names the card and the user value that made it too long.
"""

from functools import cache

from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from .content import Content
from .errors import UserError
from .fonts import register
from .layout import CMYK, CardLayout
from .merge import MergedCard, Unit, fill
# ReportLab measures a hyphenated line a little loosely (up to about half a point over). Body text
# keeps this much room on its right, so such a line still ends inside the text box.
HYPHEN_RESERVE = 1.0


def colour(cmyk: CMYK) -> CMYKColor:
    """A CMYK colour without alpha: ReportLab would otherwise emit a transparency state (PDF 1.4)."""
    return CMYKColor(*cmyk, alpha=None)


class Ruled(Flowable):
    """A paragraph with a coloured bar on its left: the read-aloud text, recognisable at a glance."""

    def __init__(self, paragraph: Paragraph, bar: CMYKColor, bar_width: float, gap: float):
        super().__init__()
        self.paragraph, self.bar, self.bar_width, self.gap = paragraph, bar, bar_width, gap

    def wrap(self, avail_width, avail_height):
        _, self.height = self.paragraph.wrap(avail_width - self.gap, avail_height)
        self.width = avail_width
        return self.width, self.height

    def draw(self):
        self.canv.setFillColor(self.bar)
        self.canv.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        self.paragraph.drawOn(self.canv, self.gap, 0)


class WriteLines(Flowable):
    """Lines to write on, as on the paper original."""

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


class CardFace:
    """Renders the cards of one layout; styles are built once per size and reused across cards."""

    def __init__(self, layout: CardLayout, content: Content):
        self.layout = layout
        self.content = content
        self.fonts = register(layout.fonts)
        self.black = colour(layout.black)
        self.white = colour(layout.colours["white"])

    @cache
    def _style(self, role: str, size: float, indent: int) -> ParagraphStyle:
        lay = self.layout
        font = {"label": self.fonts.bold, "read_aloud": self.fonts.italic}.get(role, self.fonts.regular)
        step = size * lay.list_indent
        return ParagraphStyle(
            f"{role}-{size}-{indent}", fontName=font, fontSize=size, leading=size * lay.leading,
            textColor=self.black, leftIndent=indent * step, bulletIndent=(indent - 1) * step if indent else 0,
            bulletFontName=self.fonts.regular, bulletFontSize=size, hyphenationLang=lay.hyphenation, embeddedHyphenation=1,
            uriWasteReduce=0.3, splitLongWords=0, rightIndent=HYPHEN_RESERVE,
        )

    def _flowable(self, unit: Unit, size: float, kind_colour: CMYKColor) -> Flowable:
        lay = self.layout
        if unit.style == "write_lines":
            return WriteLines(unit.lines, lay.write_line_gap, 0, self.black, lay.rule_width)
        style = self._style(unit.style, size, unit.indent)
        paragraph = Paragraph(unit.markup, style, bulletText=unit.bullet or None)
        if unit.style == "read_aloud":
            return Ruled(paragraph, kind_colour, 2 * lay.rule_width, size * 0.9)
        return paragraph

    def _body_box(self) -> tuple[float, float, float]:
        """Left x, top y and bottom y of the body text."""
        lay = self.layout
        top = lay.height - lay.header_height - lay.header_gap
        bottom = lay.safe + lay.label_size * 2.3
        return lay.safe, top, bottom

    def _fit(self, merged: MergedCard, kind_colour: CMYKColor) -> list[tuple[Flowable, float, float]]:
        """The body at the largest size that fits, as (flowable, height, space after)."""
        lay = self.layout
        left, top, bottom = self._body_box()
        width = lay.width - 2 * left
        size = lay.size
        while size >= lay.min_size - 1e-9:
            placed, used = [], 0.0
            for unit in merged.units:
                flowable = self._flowable(unit, size, kind_colour)
                _, height = flowable.wrap(width, top - bottom)
                gap = size * lay.space_after * (2 if unit.ends_block else 0.5)
                placed.append((flowable, height, gap))
                used += height + gap
            if used - placed[-1][2] <= top - bottom and self._fits_width(placed):
                return placed
            size -= lay.step
        raise self._overflow(merged, "de tekst")

    @staticmethod
    def _fits_width(placed) -> bool:
        """No line wider than its box: an unbreakable word would otherwise run into the margin."""
        for flowable, _, _ in placed:
            paragraph = getattr(flowable, "paragraph", flowable)
            for line in getattr(getattr(paragraph, "blPara", None), "lines", ()):
                extra = line[0] if isinstance(line, tuple) else line.extraSpace
                if extra < -HYPHEN_RESERVE:
                    return False
        return True

    def _overflow(self, merged: MergedCard, what: str) -> UserError:
        card = merged.card
        where = f"De kaart ‘{merged.title}’ ({card.source}) past niet op de {self.layout.name}"
        if merged.filled:
            culprits = ", ".join(f"{label} ({len(value)} tekens)" for label, value in merged.filled)
            return UserError(f"{where}: {what} is ook met de kleinste letter ({self.layout.min_size:g} pt) te lang. "
                             f"Deze kaart toont {culprits}. Kies een kortere vorm.")
        return UserError(f"{where}: {what} is ook met de kleinste letter ({self.layout.min_size:g} pt) te lang. "
                         "Maak de tekst korter.")

    def draw_front(self, canv, merged: MergedCard) -> None:
        lay = self.layout
        kind_colour = colour(lay.colours[merged.card.kind])
        placed = self._fit(merged, kind_colour)
        self._header(canv, merged, kind_colour)
        left, y, _ = self._body_box()
        for flowable, height, gap in placed:
            y -= height
            flowable.drawOn(canv, left, y)
            y -= gap
        self._footer(canv, merged)

    def _header(self, canv, merged: MergedCard, kind_colour: CMYKColor) -> None:
        lay = self.layout
        canv.setFillColor(kind_colour)
        band_bottom = lay.height - lay.header_height
        canv.rect(-lay.bleed, band_bottom, lay.width + 2 * lay.bleed, lay.header_height + lay.bleed, stroke=0, fill=1)
        width = lay.width - 2 * lay.safe
        room = lay.header_height - lay.safe - lay.safe * 0.6
        size = lay.title_size
        while True:
            title = Paragraph(merged.title, ParagraphStyle(
                "title", fontName=self.fonts.bold, fontSize=size, leading=size * 1.15, textColor=self.white))
            parts = [title]
            if merged.subtitle:
                sub = lay.subtitle_size * size / lay.title_size
                parts.append(Paragraph(merged.subtitle, ParagraphStyle(
                    "subtitle", fontName=self.fonts.regular, fontSize=sub, leading=sub * 1.2, textColor=self.white)))
            heights = [p.wrap(width, room)[1] for p in parts]
            if sum(heights) <= room and self._fits_width([(p, 0, 0) for p in parts]):
                break
            size -= 0.5
            if size < lay.title_min_size:
                raise self._overflow(merged, "de titel")
        y = lay.height - lay.safe
        for paragraph, height in zip(parts, heights):
            y -= height
            paragraph.drawOn(canv, lay.safe, y)

    def _footer(self, canv, merged: MergedCard) -> None:
        lay = self.layout
        card = merged.card
        canv.setFillColor(self.black)
        baseline = lay.safe + 0.3 * lay.label_size  # descenders stay inside the safe zone
        canv.setFont(self.fonts.bold, lay.label_size)
        canv.drawString(lay.safe, baseline, self.content.kinds[card.kind].label)
        canv.setFont(self.fonts.regular, lay.label_size)
        canv.drawRightString(lay.width - lay.safe, baseline, self._session_line(card.session, card.step))

    def _session_line(self, session: int, step: int | None) -> str:
        labels = self.content.labels
        return fill(labels.session_step if step else labels.session, {"session": session, "step": step})

    def draw_back(self, canv, kind: str, session: int) -> None:
        """The back: the kind's colour to the bleed, the kind, the session and the tool in white."""
        lay = self.layout
        canv.setFillColor(colour(lay.colours[kind]))
        canv.rect(-lay.bleed, -lay.bleed, lay.width + 2 * lay.bleed, lay.height + 2 * lay.bleed, stroke=0, fill=1)
        canv.setFillColor(self.white)
        centre, width = lay.width / 2, lay.width - 2 * lay.safe
        label = self.content.kinds[kind].label
        size = min(lay.back_label_size, lay.back_label_size * width / stringWidth(label, self.fonts.bold, lay.back_label_size))
        canv.setFont(self.fonts.bold, size)
        canv.drawCentredString(centre, lay.height * 0.56, label)
        canv.setFont(self.fonts.regular, lay.back_session_size)
        canv.drawCentredString(centre, lay.height * 0.56 - 2.2 * lay.back_session_size, self._session_line(session, None))
        canv.setFont(self.fonts.regular, lay.back_footer_size)
        canv.drawCentredString(centre, lay.height * 0.56 - 3.6 * lay.back_session_size, self.content.kinds[kind].back_line)
        footer = Paragraph(lay.back_footer, ParagraphStyle(
            "back-footer", fontName=self.fonts.regular, fontSize=lay.back_footer_size,
            leading=lay.back_footer_size * 1.3, textColor=self.white, alignment=TA_CENTER))
        _, height = footer.wrap(width, lay.height)
        footer.drawOn(canv, lay.safe, lay.safe)

