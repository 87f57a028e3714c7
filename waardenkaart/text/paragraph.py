"""ReportLab's Paragraph, parsing each text once per style and process, and laid out once per width.

A kit sets the same texts again and again: the same card texts in both card files, the same
read-aloud texts and labels in every kit of a batch or of the web app. ReportLab parses a
paragraph's markup with Python's HTML parser every time; here the parsed fragments are kept per
(text, style) and each paragraph gets its own copies of them, so that nothing one paragraph does
while it is laid out, split or drawn reaches another.
"""

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph


class Paragraph(paragraph.Paragraph):
    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is not None or bulletText or getattr(style, "bulletText", None) or style is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        self.text, self.style, kept, self.bulletText = _parsed(text, style, self.caseSensitive, cleaner)
        self.frags = [frag.clone() for frag in kept]
        self.debug = 0

    def wrap(self, availWidth, availHeight):
        """ReportLab lays a paragraph out again at the same width when it keeps text together or tries
        a page; the lines are those of the last time (the height available plays no part in them)."""
        if self.__dict__.get("_wrapped_at") == availWidth and "blPara" in self.__dict__:  # split() drops it
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth if size[0] else None  # no width at all: ReportLab's "cannot fit"
        return size


@lru_cache(maxsize=4096)
def _parsed(text: str, style: ParagraphStyle, case_sensitive: int, cleaner) -> tuple:
    """ReportLab's own parse of `text` in `style` (styles are compared by identity, and kept alive here)."""
    parsed = paragraph.Paragraph.__new__(paragraph.Paragraph)
    parsed.caseSensitive, parsed.encoding = case_sensitive, "utf8"
    paragraph.Paragraph._setup(parsed, text, style, None, None, cleaner)
    return parsed.text, parsed.style, tuple(parsed.frags), parsed.bulletText
