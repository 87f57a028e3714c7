"""A paragraph whose last line is never a broken word's tail alone, nor a single word where that can help.

Hyphenation may leave a paragraph ending on "slaan)." under "over-": a reader stumbles over a line that
holds nothing but a syllable and its punctuation. When that happens the paragraph is set again with
that word kept whole, so the whole word goes down to the last line (or the line before takes it).
"""

import re
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle

from .paragraph import Paragraph

_LETTERS = re.compile(r"\W+")
_TRIES = 3  # a paragraph has one last line; a retry moves the break, which rarely makes a new tail
_NARROWER = (0.97, 0.94, 0.91, 0.88, 0.85)  # of the width, to bring a second word down to a last line


def letters(word: str) -> str:
    """A word as the hyphenation compares it: its letters and digits, in lower case."""
    return _LETTERS.sub("", word).lower()


class KeepWhole:
    """A hyphenator that breaks every word as `inner` does, except the words of `whole`."""

    def __init__(self, inner, whole: frozenset[str]):
        self.inner, self.whole = inner, whole

    def __call__(self, word: str):
        return [] if letters(word) in self.whole else self.inner(word)


@lru_cache(maxsize=512)
def keeping_whole(style: ParagraphStyle, whole: frozenset[str]) -> ParagraphStyle:
    """`style` with the words of `whole` never hyphenated (kept per style, as paragraphs are parsed per style)."""
    inner = style.hyphenationLang
    if isinstance(inner, KeepWhole):
        inner, whole = inner.inner, whole | inner.whole
    return ParagraphStyle(f"{style.name}-whole", parent=style, hyphenationLang=KeepWhole(inner, whole))


def line_texts(paragraph: Paragraph) -> list[str]:
    """The text of each laid-out line, with the hyphens that the hyphenation added."""
    texts = []
    for line in paragraph.blPara.lines:
        if isinstance(line, tuple):
            texts.append(" ".join(line[1]))
        else:
            texts.append("".join(getattr(frag, "text", "") for frag in line.words))
    return texts


def lone_tail(texts: list[str]) -> str:
    """The broken word whose tail is the last line on its own ("overslaan)."), or "" when there is none."""
    if len(texts) < 2:
        return ""
    last, before = texts[-1].strip(), texts[-2].rstrip()
    if not last or " " in last or not before.endswith("-"):
        return ""
    return before.rsplit(" ", 1)[-1] + last


def runt(texts: list[str]) -> bool:
    """True when a paragraph of two or more lines ends on a single word ("is…")."""
    return len(texts) > 1 and " " not in texts[-1].strip()


class TailSafeParagraph(Paragraph):
    """A paragraph that never ends on the tail of a hyphenated word alone, nor where it can help on a
    single word: then it is set a little narrower, in as many lines, so a word more comes down."""

    def wrap(self, availWidth, availHeight):
        size = self._wrap_whole(availWidth, availHeight)
        if "blPara" not in self.__dict__ or not runt(line_texts(self)):
            return size
        count = len(self.blPara.lines)
        for narrower in _NARROWER:
            trial = self._wrap_whole(availWidth * narrower, availHeight)
            texts = line_texts(self)
            if len(texts) == count and not runt(texts):
                return trial
        return self._wrap_whole(availWidth, availHeight)

    def _wrap_whole(self, availWidth, availHeight):
        size = super().wrap(availWidth, availHeight)
        source = self.__dict__.get("_source")
        for _ in range(_TRIES):
            word = lone_tail(line_texts(self)) if source and "blPara" in self.__dict__ else ""
            if not word or not self.style.hyphenationLang:
                break
            text, style, _, cleaner, bullet = source
            self._setup(text, keeping_whole(style, frozenset({letters(word)})), bullet, None, cleaner)
            source = self._source
            self.__dict__.pop("_wrapped_at", None)
            size = super().wrap(availWidth, availHeight)
        return size
