"""Finding the largest type size at which a short text fits its box: a value on a poster or a label."""

import html
import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from .measure import fits
from .paragraph import Paragraph


def fitting_size(
    markup: str, font: str, largest: float, smallest: float, width: float, lines: int = 2, step: float = 1.0
) -> float:
    """The largest size from `largest` down to `smallest` at which `markup` takes at most `lines` lines of
    `width` without breaking a word; `smallest` when nothing larger fits, or less when its longest word
    is wider than `width` even at `smallest` (a value of 24 wide letters on a label)."""
    size = largest
    while size > smallest:
        paragraph = Paragraph(
            markup,
            ParagraphStyle("fit", fontName=font, fontSize=size, leading=size * 1.1, spaceShrinkage=0, splitLongWords=0),
        )
        paragraph.wrap(width, 10_000)
        if len(paragraph.blPara.lines) <= lines and fits(paragraph):
            return size
        size -= step
    words = html.unescape(re.sub(r"<[^>]*>", "", markup)).split()
    longest = max((stringWidth(word, font, 1) for word in words), default=0)
    return min(smallest, width / longest) if longest else smallest
