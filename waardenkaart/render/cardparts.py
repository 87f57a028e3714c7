"""The pieces a card is made of: colours, the read-aloud box, lines to write on, balanced titles.

They know nothing of cards as such, so the run-sheets, posters and marble labels use them too.
"""

from reportlab.lib.colors import CMYKColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from ..intake.layout import CMYK
from ..text.measure import fits
from ..text.paragraph import Paragraph


def colour(cmyk: CMYK) -> CMYKColor:
    """A CMYK colour without alpha: ReportLab would otherwise emit a transparency state (PDF 1.4)."""
    return CMYKColor(*cmyk, alpha=None)


def tint(cmyk: CMYK, strength: float) -> CMYKColor:
    """A light tint of a colour, as a plain CMYK colour (no transparency in PDF/X-1a)."""
    return colour(tuple(value * strength for value in cmyk))


def cmyk_of(colour_: CMYKColor) -> CMYK:
    return colour_.cyan, colour_.magenta, colour_.yellow, colour_.black


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
        self.draw_ground()
        self.paragraph.drawOn(self.canv, self.bar_width + self.pad, self.pad)

    def draw_ground(self):
        """The tint and the bar, the whole height of the block."""
        self.canv.setFillColor(self.ground)
        self.canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        self.canv.setFillColor(self.bar)
        self.canv.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)


class WriteLines(Flowable):
    """Lines to write on, `gap` apart, in a light ink that ballpoint stands out on, from `indent` to the
    right edge. A label (indented by its own style) sits on the first line as on a form ("Quote 1 ____",
    "a) binnen 1 week, ____"); one too wide for that gets a line of its own above them."""

    def __init__(self, lines: int, gap: float, ink: CMYKColor, line_width: float, label=None, indent: float = 0):
        super().__init__()
        self.lines, self.gap, self.ink, self.line_width = lines, gap, ink, line_width
        self.label, self.indent = label, indent
        self.label_above = False

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.lines * self.gap
        self.label_above, self._label_width = False, 0.0
        if self.label is not None:
            _, height = self.label.wrap(avail_width, avail_height)  # the label indents itself, by its style
            lines = self.label.blPara.lines
            extra = min(line[0] if isinstance(line, tuple) else line.extraSpace for line in lines)
            self._label_width = avail_width - extra
            self.label_above = len(lines) > 1 or self._label_width > 0.6 * avail_width
            if self.label_above:
                self.height += height
        return self.width, self.height

    def draw(self):
        canv = self.canv
        first = (self.lines - 1) * self.gap + self.line_width  # the first line, above the bottom
        start = self.indent
        if self.label is not None:
            style = self.label.style
            if self.label_above:
                self.label.drawOn(canv, 0, self.lines * self.gap)
            else:  # its baseline a little above the line: ReportLab sets it `leading - fontSize` above its bottom
                self.label.drawOn(canv, 0, first + style.fontSize * 0.25 - style.leading + style.fontSize)
                start = self._label_width + style.fontSize * 0.4
        canv.setStrokeColor(self.ink)
        canv.setLineWidth(self.line_width)
        for row in range(self.lines):
            y = first - row * self.gap
            canv.line(start if row == 0 else self.indent, y, self.width, y)


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


def draw_placed(canv, placed, left: float, top: float) -> None:
    """Flowables laid out before, one under another from `top`, each followed by its gap."""
    y = top
    for flowable, height, gap in placed:
        y -= height
        flowable.drawOn(canv, left, y)
        y -= gap
