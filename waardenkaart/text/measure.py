"""A laid-out line's width as it is drawn, not as ReportLab's line breaking counted it.

For a paragraph of mixed styles ReportLab counts a word of no width (an accent on its own) as taking
no room, and leaves out the space before it, yet draws both: such a line is wider than its box. The
width here adds up the text that is drawn, so a fitting that trusts it keeps every line in its box.
"""

from reportlab.pdfbase.pdfmetrics import stringWidth

_TOLERANCE = 0.01  # pt: rounding, far below what a print shop's preflight resolves


def overrun(line) -> float:
    """How far a line of a wrapped paragraph runs past its box, in points; 0 or less when it fits.

    A line of one style (a tuple) is counted word by word with its spaces, as drawn: ReportLab's
    own spare room is right. A line of several styles is measured again from the text it draws.
    """
    if isinstance(line, tuple):
        return -line[0]
    drawn = sum(
        stringWidth(frag.text, frag.fontName, frag.fontSize) for frag in line.words if getattr(frag, "text", "")
    )
    if any(hasattr(frag, "cbDefn") for frag in line.words):  # an image or anchor: ReportLab's count only
        return -line.extraSpace
    return max(drawn - line.maxWidth, -line.extraSpace)


def fits(paragraph) -> bool:
    """No line of a wrapped paragraph wider than its box."""
    lines = getattr(getattr(paragraph, "blPara", None), "lines", ())
    return all(overrun(line) <= _TOLERANCE for line in lines)
