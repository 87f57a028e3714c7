"""Drawing a card's front and back on a canvas whose origin is the trimmed card's lower-left corner.

The body text shrinks in steps until it fits; below the layout's floor the card is refused with a
message that names the card and the user value that made it too long.
"""

from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from .content import Content
from .errors import UserError
from .fonts import register
from .layout import CMYK, CardLayout
from .merge import MergedCard, Unit, fill_text


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


@dataclass(frozen=True)
class FittedCard:
    """A card laid out once: its title lines and body flowables with their heights."""

    merged: MergedCard
    kind_colour: CMYKColor
    title: tuple[tuple[Paragraph, float], ...]
    body: tuple[tuple[Flowable, float, float], ...]


class CardFace:
    """Renders the cards of one layout; styles are built once per size and reused across cards."""

    def __init__(self, layout: CardLayout, content: Content):
        self.layout = layout
        self.content = content
        self.fonts = register(layout.fonts)
        self.black = colour(layout.black)
        self.white = colour(layout.colours["white"])
        self._styles: dict[tuple, ParagraphStyle] = {}

    def _style(self, role: str, size: float, indent: int) -> ParagraphStyle:
        key = (role, size, indent)
        if key not in self._styles:
            self._styles[key] = self._make_style(role, size, indent)
        return self._styles[key]

    def _make_style(self, role: str, size: float, indent: int) -> ParagraphStyle:
        lay = self.layout
        font = {"label": self.fonts.bold, "read_aloud": self.fonts.italic}.get(role, self.fonts.regular)
        step = size * lay.list_indent
        return ParagraphStyle(
            f"{role}-{size}-{indent}",
            fontName=font,
            fontSize=size,
            leading=size * lay.leading,
            textColor=self.black,
            leftIndent=indent * step,
            bulletIndent=(indent - 1) * step if indent else 0,
            bulletFontName=self.fonts.regular,
            bulletFontSize=size,
            hyphenationLang=lay.hyphenation,
            embeddedHyphenation=1,
            uriWasteReduce=0.3,
            splitLongWords=0,
            spaceShrinkage=0,  # ReportLab otherwise lets a ragged line run up to 5 % of its spaces over
        )

    def flowable(self, unit: Unit, size: float, kind_colour: CMYKColor) -> Flowable:
        """One unit of a card's text as a flowable at `size`; the run-sheets use it too."""
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

    def fit(self, merged: MergedCard) -> "FittedCard":
        """Lay out a card once: the title in its band and the body at the largest size that fits.

        Sizes step down from the layout's size to its floor; a binary search finds the largest that
        fits. The result can be drawn any number of times, on any canvas.
        """
        lay = self.layout
        kind_colour = colour(lay.colours[merged.card.kind])
        left, top, bottom = self._body_box()
        steps = int(round((lay.size - lay.min_size) / lay.step))
        sizes = [lay.size - i * lay.step for i in range(steps + 1)]

        def attempt(size: float):
            placed, used = [], 0.0
            for unit in merged.units:
                flowable = self.flowable(unit, size, kind_colour)
                _, height = flowable.wrap(lay.width - 2 * left, top - bottom)
                gap = size * lay.space_after * (2 if unit.ends_block else 0.5)
                placed.append((flowable, height, gap))
                used += height + gap
            fits = used - placed[-1][2] <= top - bottom and self._fits_width(placed)
            return placed if fits else None

        best = attempt(sizes[-1])
        if best is None:
            raise self._overflow(merged, "de tekst")
        low, high = 0, len(sizes) - 1  # sizes[high] fits; look for a larger one
        while low < high:
            middle = (low + high) // 2
            placed = attempt(sizes[middle])
            if placed is None:
                low = middle + 1
            else:
                best, high = placed, middle
        return FittedCard(merged, kind_colour, self._title(merged), tuple(best))

    @staticmethod
    def _fits_width(placed) -> bool:
        """No line wider than its box: an unbreakable word would otherwise run into the margin."""
        for flowable, _, _ in placed:
            paragraph = getattr(flowable, "paragraph", flowable)
            for line in getattr(getattr(paragraph, "blPara", None), "lines", ()):
                extra = line[0] if isinstance(line, tuple) else line.extraSpace
                if extra < -0.01:
                    return False
        return True

    def _overflow(self, merged: MergedCard, what: str) -> UserError:
        card = merged.card
        where = f"De kaart ‘{merged.title}’ ({card.source}) past niet op de {self.layout.name}"
        if merged.filled:
            culprits = ", ".join(f"{label} ({len(value)} tekens)" for label, value in merged.filled)
            return UserError(
                f"{where}: {what} is ook met de kleinste letter ({self.layout.min_size:g} pt) te lang. "
                f"Deze kaart toont {culprits}. Kies een kortere vorm."
            )
        return UserError(
            f"{where}: {what} is ook met de kleinste letter ({self.layout.min_size:g} pt) te lang. "
            "Maak de tekst korter."
        )

    def draw_front(self, canv, fitted: "FittedCard") -> None:
        lay = self.layout
        canv.setFillColor(fitted.kind_colour)
        canv.rect(
            -lay.bleed,
            lay.height - lay.header_height,
            lay.width + 2 * lay.bleed,
            lay.header_height + lay.bleed,
            stroke=0,
            fill=1,
        )
        y = lay.height - lay.safe
        for paragraph, height in fitted.title:
            y -= height
            paragraph.drawOn(canv, lay.safe, y)
        left, y, _ = self._body_box()
        for flowable, height, gap in fitted.body:
            y -= height
            flowable.drawOn(canv, left, y)
            y -= gap
        self._footer(canv, fitted.merged)

    def _title(self, merged: MergedCard) -> tuple[tuple[Paragraph, float], ...]:
        """Title and subtitle in white in the band, made smaller down to the layout's floor if needed."""
        lay = self.layout
        width = lay.width - 2 * lay.safe
        room = lay.header_height - lay.safe - lay.safe * 0.6
        size = lay.title_size
        while size >= lay.title_min_size:
            parts = [
                Paragraph(
                    merged.title,
                    ParagraphStyle(
                        "title",
                        fontName=self.fonts.bold,
                        fontSize=size,
                        leading=size * 1.15,
                        textColor=self.white,
                        spaceShrinkage=0,
                    ),
                )
            ]
            if merged.subtitle:
                sub = lay.subtitle_size * size / lay.title_size
                parts.append(
                    Paragraph(
                        merged.subtitle,
                        ParagraphStyle(
                            "subtitle",
                            fontName=self.fonts.regular,
                            fontSize=sub,
                            leading=sub * 1.2,
                            textColor=self.white,
                            spaceShrinkage=0,
                        ),
                    )
                )
            heights = [p.wrap(width, room)[1] for p in parts]
            if sum(heights) <= room and self._fits_width([(p, 0, 0) for p in parts]):
                return tuple(zip(parts, heights))
            size -= 0.5
        raise self._overflow(merged, "de titel")

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
        return fill_text(labels.session_step if step else labels.session, {"session": session, "step": step})

    def draw_back(self, canv, kind: str, session: int) -> None:
        """The back: the kind's colour to the bleed, the kind, the session and the tool in white."""
        lay = self.layout
        canv.setFillColor(colour(lay.colours[kind]))
        canv.rect(-lay.bleed, -lay.bleed, lay.width + 2 * lay.bleed, lay.height + 2 * lay.bleed, stroke=0, fill=1)
        canv.setFillColor(self.white)
        centre, width = lay.width / 2, lay.width - 2 * lay.safe
        label = self.content.kinds[kind].label
        size = min(
            lay.back_label_size, lay.back_label_size * width / stringWidth(label, self.fonts.bold, lay.back_label_size)
        )
        canv.setFont(self.fonts.bold, size)
        canv.drawCentredString(centre, lay.height * 0.56, label)
        canv.setFont(self.fonts.regular, lay.back_session_size)
        canv.drawCentredString(
            centre, lay.height * 0.56 - 2.2 * lay.back_session_size, self._session_line(session, None)
        )
        canv.setFont(self.fonts.regular, lay.back_footer_size)
        canv.drawCentredString(
            centre, lay.height * 0.56 - 3.6 * lay.back_session_size, self.content.kinds[kind].back_line
        )
        footer = Paragraph(
            lay.back_footer,
            ParagraphStyle(
                "back-footer",
                fontName=self.fonts.regular,
                fontSize=lay.back_footer_size,
                leading=lay.back_footer_size * 1.3,
                textColor=self.white,
                alignment=TA_CENTER,
            ),
        )
        footer.wrap(width, lay.height)
        footer.drawOn(canv, lay.safe, lay.safe)
