"""The bundled fonts, registered with ReportLab once per process under stable names."""

import threading
import zlib
from functools import cache, lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace

from ..intake.errors import UserError
from ..intake.layout import Fonts
from ..intake.resources import data_dir, font_face

FAMILY = "WaardenkaartSans"


@cache
def register(fonts: Fonts) -> Fonts:
    """Register the four styles as one family so paragraph markup <b> and <i> find them.

    Returns the registered names; ReportLab embeds and subsets each TrueType font it draws with.
    """
    folder = data_dir("fonts")
    names = {}
    for style, file_name in vars(fonts).items():
        name = f"{FAMILY}-{style}"
        try:
            pdfmetrics.registerFont(ParsedFont(name, face(folder / file_name)))
        except (OSError, TTFError) as exc:
            raise UserError(f"fonts/{file_name}: lettertype niet te laden ({exc}).") from None
        names[style] = name
    for (bold, italic), style in {(0, 0): "regular", (1, 0): "bold", (0, 1): "italic", (1, 1): "bold_italic"}.items():
        addMapping(names["regular"], bold, italic, names[style])
    return Fonts(**names)


def face(path: Path) -> TTFontFace:
    """The parsed font of `path`, read once per process and keeping the subsets it embeds."""
    parsed = font_face(path)
    parsed.__class__ = SubsetCachingFace
    return parsed


class ParsedFont(TTFont):
    """ReportLab's TrueType font over a face that is already parsed: TTFont's own constructor parses the
    file again, and a font file takes longer to parse than a card to draw. The attributes are TTFont's."""

    def __init__(self, name: str, face: TTFontFace):
        self.fontName = name
        self.face = face
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = True

    def splitString(self, text, doc, encoding="utf-8"):
        """ReportLab's, with a shortcut for the usual case: every character already has its code in the
        document's first subset, so the text is one run of those codes."""
        state = self.state.get(doc)
        if state is not None and isinstance(text, str) and text:
            assignments = state.assignments
            try:
                codes = bytes([assignments[code] for code in map(ord, text.replace("\xa0", " "))])
            except (KeyError, ValueError):  # a new character, or one beyond the first subset
                return super().splitString(text, doc, encoding)
            return [(0, codes)]
        return super().splitString(text, doc, encoding)


class SubsetCachingFace(TTFontFace):
    """ReportLab's font face, keeping the subsets it embeds, made and compressed once per process.

    ReportLab builds and compresses a subset of each font for every PDF; the documents of a kit, and
    every next kit, mostly need the same ones. The bytes are exactly what ReportLab writes itself.
    """

    def makeSubset(self, subset):
        return _subset(self, tuple(subset))

    def addSubsetObjects(self, doc, fontname, subset):
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        if doc.compression:  # ReportLab would compress the program when it writes the file
            program = doc.idToObject[f"fontFile:{self.filename}({fontname})"]
            program.content = _deflated(program.content)
            program.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
        return descriptor


# ReportLab reads a font file for a subset through one read position per face: two threads of the web
# app subsetting the same face at once would mix their reads.
_SUBSETTING = threading.Lock()


@lru_cache(maxsize=128)
def _subset(face: TTFontFace, characters: tuple[int, ...]) -> bytes:
    with _SUBSETTING:
        return TTFontFace.makeSubset(face, list(characters))


@lru_cache(maxsize=128)
def _deflated(program: bytes) -> bytes:
    return zlib.compress(program)
