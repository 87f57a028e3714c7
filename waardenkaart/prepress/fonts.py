"""The bundled fonts, registered with ReportLab once per process under stable names."""

import zlib
from functools import cache, lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

from ..intake.errors import UserError
from ..intake.layout import Fonts
from ..intake.resources import data_dir

FAMILY = "WaardenkaartSans"
_FACES: dict[str, TTFontFace] = {}  # file → its registered face


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
            font = TTFont(name, str(folder / file_name))
            font.face.__class__ = SubsetCachingFace
            pdfmetrics.registerFont(font)
            _FACES[str(folder / file_name)] = font.face
        except (OSError, TTFError) as exc:
            raise UserError(f"fonts/{file_name}: lettertype niet te laden ({exc}).") from None
        names[style] = name
    for (bold, italic), style in {(0, 0): "regular", (1, 0): "bold", (0, 1): "italic", (1, 1): "bold_italic"}.items():
        addMapping(names["regular"], bold, italic, names[style])
    return Fonts(**names)


def face(path: Path) -> TTFontFace:
    """The parsed font of `path`: the registered one if there is one, so a file is parsed once."""
    return _FACES.get(str(path)) or TTFontFace(str(path))


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


@lru_cache(maxsize=128)
def _subset(face: TTFontFace, characters: tuple[int, ...]) -> bytes:
    return TTFontFace.makeSubset(face, list(characters))


@lru_cache(maxsize=128)
def _deflated(program: bytes) -> bytes:
    return zlib.compress(program)
