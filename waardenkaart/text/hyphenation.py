"""Dutch hyphenation a Dutch reader accepts, handed to ReportLab as `ParagraphStyle.hyphenationLang`.

pyphen's nl_NL patterns alone break "schoolsfeer" as "schools-feer" and leave two-letter fragments
("el-kaar"). Here every fragment keeps at least `minimum` letters, the words of content/afbreken.toml
break only where that list says, and the words of the user's own values (school, director, newspaper,
values) are never broken. Nothing is added to the text, so the PDF's text layer is what the reader sees.
"""

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import pyphen

# The words of the user values of the kit being made: a context variable, so that kits made at the
# same time in different threads (the web interface) keep their own.
_PROTECTED: ContextVar[frozenset[str]] = ContextVar("protected_words", default=frozenset())
_WORD = re.compile(r"\w+")


@contextmanager
def protected_words(texts: Iterable[str]) -> Iterator[None]:
    """While the block runs, no word of `texts` is hyphenated."""
    token = _PROTECTED.set(frozenset(word.lower() for text in texts for word in _WORD.findall(text)))
    try:
        yield
    finally:
        _PROTECTED.reset(token)


def protected_now() -> frozenset[str]:
    """The words that are not hyphenated in the kit being made (lowercase)."""
    return _PROTECTED.get()


class DutchHyphenator:
    """word → possible (head, tail) splits, longest head first, as ReportLab asks of a callable."""

    def __init__(self, language: str, minimum: int, exceptions: dict[str, tuple[int, ...]]):
        self.minimum = minimum
        self.exceptions = exceptions
        self._dictionary = pyphen.Pyphen(lang=language, left=minimum, right=minimum)
        self._positions = lru_cache(maxsize=4096)(self._part_positions)

    def __call__(self, word: str) -> list[tuple[str, str]]:
        protected = _PROTECTED.get()
        if _WORD.search(word) and any(part.lower() in protected for part in _WORD.findall(word)):
            return []
        cuts: list[int] = []
        start = 0
        for part in word.split("-"):
            cuts += [start + cut for cut in self._positions(part)]
            start += len(part) + 1
            if start < len(word):
                cuts.append(start)  # after a hyphen that is already there
        letters = [index for index, char in enumerate(word) if char.isalpha()]
        splits = []
        for cut in sorted(set(cuts), reverse=True):
            head = sum(1 for index in letters if index < cut)
            if head >= self.minimum and len(letters) - head >= self.minimum:
                splits.append((word[:cut], word[cut:]))
        return splits

    def _part_positions(self, part: str) -> tuple[int, ...]:
        if len(part) < 2 * self.minimum:
            return ()
        lower = part.lower()
        known = max((word for word in self.exceptions if lower.startswith(word)), key=len, default=None)
        if known is None:
            return tuple(self._dictionary.positions(part))
        rest = part[len(known) :]
        if not rest:
            return self.exceptions[known]
        return (*self.exceptions[known], len(known), *(len(known) + cut for cut in self._part_positions(rest)))


def exception_positions(spelled: str) -> tuple[str, tuple[int, ...]]:
    """ "school-sfeer" → ("schoolsfeer", (6,)): the word and where it may break."""
    positions, offset = [], 0
    pieces = spelled.split("-")
    for piece in pieces[:-1]:
        offset += len(piece)
        positions.append(offset)
    return "".join(pieces).lower(), tuple(positions)
