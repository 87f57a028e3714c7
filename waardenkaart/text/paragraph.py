"""ReportLab's Paragraph, parsed once per text and style, and laid out once per width.

A kit sets the same texts again and again: the same card texts in both card files, the same
read-aloud texts, labels and titles in every kit of a batch or of the web app. ReportLab parses a
paragraph's markup with Python's HTML parser and breaks it into lines every time. Here both are kept
per process: the parse per (text, style), the lines per (text, style, width) and the user's words
that occur in the text (they are never hyphenated, see hyphenation.py).

A paragraph gets its own copies of the parsed fragments. Laid-out lines are shared: drawing only
reads them, and a paragraph that is split (which changes the fragments it cuts) is first laid out
again on its own.
"""

import re
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import paragraph

from .hyphenation import protected_now

_WORD = re.compile(r"\w+")


class Paragraph(paragraph.Paragraph):
    def _setup(self, text, style, bulletText, frags, cleaner):
        if frags is not None or style is None or not isinstance(bulletText, str | None):
            super()._setup(text, style, bulletText, frags, cleaner)  # ReportLab's split passes fragments
            return
        self._source = (text, style, self.caseSensitive, cleaner, bulletText)
        self.text, self.style, kept, self.bulletText, _ = _parsed(*self._source)
        self.frags = [frag.clone() for frag in kept]
        self.debug = 0

    def wrap(self, availWidth, availHeight):
        """The lines at this width: the height available plays no part in them."""
        if self.__dict__.get("_wrapped_at") == availWidth and "blPara" in self.__dict__:  # split() drops it
            return self.width, self.height
        source = self.__dict__.get("_source")
        if source is None or availWidth < paragraph._FUZZ:
            size = super().wrap(availWidth, availHeight)
            self._wrapped_at = availWidth if size[0] else None  # no width at all: ReportLab's "cannot fit"
            return size
        self.__dict__.update(_laid_out(*source, availWidth, _own_words_in(_parsed(*source)[4])))
        self._wrapped_at, self._shared = availWidth, True
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self.__dict__.pop("_shared", False):  # lay out on its own first: a split changes fragments
            self.frags = [frag.clone() for frag in _parsed(*self._source)[2]]
            self._source = self._wrapped_at = None
            super().wrap(availWidth, availHeight)
        return super().split(availWidth, availHeight)


def _own_words_in(text: str) -> frozenset[str]:
    """The user's words in the plain `text` while a kit is made: they change how it may be hyphenated."""
    protected = protected_now()
    if not protected:
        return frozenset()
    return frozenset(word for word in map(str.lower, _WORD.findall(text)) if word in protected)


@lru_cache(maxsize=4096)
def _parsed(text: str, style: ParagraphStyle, case_sensitive: int, cleaner, bullet: str | None) -> tuple:
    """ReportLab's own parse of `text` in `style` (styles are compared by identity, and kept alive here),
    and the plain text of its fragments, each word as the hyphenation may see it."""
    parsed = paragraph.Paragraph.__new__(paragraph.Paragraph)
    parsed.caseSensitive, parsed.encoding = case_sensitive, "utf8"
    paragraph.Paragraph._setup(parsed, text, style, bullet, None, cleaner)
    texts = [getattr(frag, "text", "") for frag in parsed.frags]
    # A word may run on across fragments ("<b>wel</b>zijn") or end at one (a line break has no text):
    # both readings, so that every word the hyphenation meets is among them.
    plain = "".join(texts) + " " + " ".join(texts)
    return parsed.text, parsed.style, tuple(parsed.frags), parsed.bulletText, plain


@lru_cache(maxsize=4096)
def _laid_out(
    text: str, style: ParagraphStyle, case_sensitive: int, cleaner, bullet: str | None, width: float, own: frozenset
) -> dict:
    """What ReportLab's wrap sets on a fresh paragraph of `text` at `width`: lines, size, fragments."""
    fresh = paragraph.Paragraph.__new__(paragraph.Paragraph)
    fresh.caseSensitive, fresh.encoding = case_sensitive, "utf8"
    text, style, kept, bullet, _ = _parsed(text, style, case_sensitive, cleaner, bullet)
    fresh.text, fresh.style, fresh.frags, fresh.bulletText, fresh.debug = (
        text,
        style,
        [f.clone() for f in kept],
        bullet,
        0,
    )
    before = dict(fresh.__dict__)
    paragraph.Paragraph.wrap(fresh, width, 0x7FFFFFFF)
    return {key: value for key, value in fresh.__dict__.items() if key not in before or before[key] is not value}
