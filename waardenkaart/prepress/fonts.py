"""The bundled fonts, registered with ReportLab once per process under stable names."""

import hashlib
import threading
import zlib
from functools import cache, lru_cache
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName
from reportlab.pdfbase.ttfonts import TTEncoding, TTFError, TTFont, TTFontFace, makeToUnicodeCMap

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

    def addObjects(self, doc):
        """ReportLab's, with one change: each subset's name starts with a tag taken from its glyphs.

        ReportLab tags the first subset of every font in every file `AAAAAA+`; a print shop that
        merges or imposes two files would then take two different subsets for one and lose glyphs.
        """
        state = self.state.get(doc) or self.state.setdefault(doc, TTFont.State(self._asciiReadable))
        state.frozen = 1
        fonts = doc.idToObject["BasicFonts"].dict
        for number, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(number, doc)[1:]
            base = f"{subset_tag(self.face.name, subset)}+{(self.face.name + self.face.subfontNameX).decode('pdfdoc')}"
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {number}"
            font.Name = internal
            font.BaseFont = base
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = pdfdoc.PDFArray([self.face.getCharWidth(code) for code in subset])
            cmap = pdfdoc.PDFStream()
            cmap.content = makeToUnicodeCMap(base, subset)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + base)
            font.FontDescriptor = self.face.addSubsetObjects(doc, base, subset)
            doc.Reference(font, internal)
            fonts[internal] = font
        del self.state[doc]


def subset_tag(font_name: bytes, subset) -> str:
    """Six capitals that name a subset by its font and its characters in order: the same subset gets the
    same tag in every file, two different subsets (almost surely) different tags."""
    digest = hashlib.sha256(font_name + b"\0" + ",".join(map(str, subset)).encode()).digest()
    return "".join(chr(65 + byte % 26) for byte in digest[:6])


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
