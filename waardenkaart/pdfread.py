"""Reading a PDF back as a print shop's preflight does: where every piece of text sits, how large,
in which font and colour, and which colour operators and graphics states a page uses.

Built on pypdf's content-stream parser; follows form XObjects, so text inside reused forms counts.
"""

import re
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ContentStream

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention: apply m first, then n."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


@dataclass(frozen=True)
class TextRun:
    """One shown string: its text, box (points, page space), size, font and fill colour operator."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    font: str
    fill: tuple[str, tuple[float, ...]]


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Paint:
    """A filled or stroked path: its box (page space, clipped), colours and stroke width."""

    box: Box
    fill: tuple[str, tuple[float, ...]] | None
    stroke: tuple[str, tuple[float, ...]] | None
    line_width: float


@dataclass
class PageContent:
    number: int
    runs: list[TextRun] = field(default_factory=list)
    paints: list[Paint] = field(default_factory=list)
    colour_operators: set[str] = field(default_factory=set)
    colour_spaces: set[str] = field(default_factory=set)
    graphics_states: list[dict] = field(default_factory=list)
    fills: set[tuple[str, tuple[float, ...]]] = field(default_factory=set)
    images: list[dict] = field(default_factory=list)
    forms: list[tuple[str, Matrix]] = field(default_factory=list)


def _intersect(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def _transformed_box(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Box:
    points = [apply(m, x, y) for x in (x0, x1) for y in (y0, y1)]
    return (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))


class _Font:
    """Widths and Unicode of a font resource, enough to measure and read shown strings."""

    def __init__(self, font):
        font = font.get_object()
        self.name = str(font.get("/BaseFont", "?")).lstrip("/")
        self.composite = font.get("/Subtype") == "/Type0"
        self.widths: dict[int, float] = {}
        self.default_width = 500.0
        if self.composite:
            descendant = font["/DescendantFonts"][0].get_object()
            self.default_width = float(descendant.get("/DW", 1000))
            self._read_w(descendant.get("/W", []))
        else:
            first = int(font.get("/FirstChar", 0))
            for offset, width in enumerate(font.get("/Widths", [])):
                self.widths[first + offset] = float(width)
        self.unicode = _read_cmap(font["/ToUnicode"].get_object().get_data()) if "/ToUnicode" in font else {}

    def _read_w(self, entries) -> None:
        index = 0
        while index < len(entries):
            start = int(entries[index])
            following = entries[index + 1]
            if isinstance(following, list):
                for offset, width in enumerate(following):
                    self.widths[start + offset] = float(width)
                index += 2
            else:
                for code in range(start, int(following) + 1):
                    self.widths[code] = float(entries[index + 2])
                index += 3

    def codes(self, data: bytes) -> list[int]:
        if self.composite:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def text(self, codes: list[int]) -> str:
        if self.unicode:
            return "".join(self.unicode.get(code, "\ufffd") for code in codes)
        return bytes(c for c in codes if c < 256).decode("latin-1")


def _read_cmap(data: bytes) -> dict[int, str]:
    """The bfchar and bfrange entries of a ToUnicode CMap."""
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}

    def uni(hex_text: str) -> str:
        raw = bytes.fromhex(hex_text)
        return raw.decode("utf-16-be", "replace") if raw != b"\x00\x00" else ""

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[int(src, 16)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            low_code, high_code = int(low, 16), int(high, 16)
            if dst.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]+)>", dst)):
                    mapping[low_code + offset] = uni(item)
            else:
                base = int(dst[1:-1], 16)
                width = len(dst) - 2
                for code in range(low_code, high_code + 1):
                    mapping[code] = uni(f"{base + code - low_code:0{width}X}")
    return mapping


_PAINT_OPS = {
    "f": (True, False),
    "F": (True, False),
    "f*": (True, False),
    "S": (False, True),
    "s": (False, True),
    "B": (True, True),
    "B*": (True, True),
    "b": (True, True),
    "b*": (True, True),
    "n": (False, False),
}
_COLOUR_OPS = {
    "k": "cmyk",
    "K": "cmyk",
    "g": "gray",
    "G": "gray",
    "rg": "rgb",
    "RG": "rgb",
    "sc": "space",
    "SC": "space",
    "scn": "space",
    "SCN": "space",
}


class _Walker:
    def __init__(self, reader: PdfReader, page_content: PageContent):
        self.reader = reader
        self.out = page_content
        self.fonts: dict[int, _Font] = {}

    def font(self, resource) -> _Font:
        key = id(resource.get_object()) if not hasattr(resource, "idnum") else (resource.idnum, resource.generation)
        if key not in self.fonts:
            self.fonts[key] = _Font(resource)
        return self.fonts[key]

    def walk(self, stream, resources, ctm: Matrix, depth: int = 0, clip: Box | None = None) -> None:
        resources = resources.get_object() if resources is not None else {}
        fonts = resources.get("/Font", {})
        fonts = fonts.get_object() if fonts else {}
        states = resources.get("/ExtGState", {})
        states = states.get_object() if states else {}
        xobjects = resources.get("/XObject", {})
        xobjects = xobjects.get_object() if xobjects else {}
        stack: list[tuple] = []
        fill = stroke = ("gray", (0.0,))
        font, size, char_space, word_space, scale, leading, rise = None, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0
        line_width = 1.0
        path: list[tuple[float, float]] = []
        clipping = False
        tm = tlm = IDENTITY
        for operands, op in ContentStream(stream, self.reader).operations:
            op = op.decode("latin-1") if isinstance(op, bytes) else op
            if op == "q":
                stack.append(
                    (ctm, fill, stroke, line_width, clip, font, size, char_space, word_space, scale, leading, rise)
                )
            elif op == "Q" and stack:
                (ctm, fill, stroke, line_width, clip, font, size, char_space, word_space, scale, leading, rise) = (
                    stack.pop()
                )
            elif op == "cm":
                ctm = multiply(tuple(float(v) for v in operands), ctm)
            elif op == "w":
                line_width = float(operands[0])
            elif op in ("m", "l"):
                path.append(apply(ctm, float(operands[0]), float(operands[1])))
            elif op in ("c", "v", "y"):
                values = [float(v) for v in operands]
                path.extend(apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2))
            elif op == "re":
                x, y, w, h = (float(v) for v in operands)
                path.extend(apply(ctm, px, py) for px in (x, x + w) for py in (y, y + h))
            elif op in ("W", "W*"):
                clipping = True
            elif op in _PAINT_OPS:
                if path:
                    box = (
                        min(p[0] for p in path),
                        min(p[1] for p in path),
                        max(p[0] for p in path),
                        max(p[1] for p in path),
                    )
                    filled, stroked = _PAINT_OPS[op]
                    if filled or stroked:
                        width = line_width * (abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5)
                        grow = width / 2 if stroked else 0
                        painted = _intersect(clip, (box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow))
                        self.out.paints.append(
                            Paint(painted, fill if filled else None, stroke if stroked else None, width)
                        )
                    if clipping:
                        clip = _intersect(clip, box)
                path, clipping = [], False
            elif op in _COLOUR_OPS:
                self.out.colour_operators.add(op)
                colour = (_COLOUR_OPS[op], tuple(float(v) for v in operands if not hasattr(v, "startswith")))
                if op.islower():
                    fill = colour
                else:
                    stroke = colour
            elif op in ("cs", "CS"):
                self.out.colour_spaces.add(str(operands[0]))
            elif op == "gs":
                state = states.get(operands[0])
                if state is not None:
                    self.out.graphics_states.append(dict(state.get_object()))
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf":
                font = self.font(fonts[operands[0]]) if operands[0] in fonts else None
                size = float(operands[1])
            elif op == "Tc":
                char_space = float(operands[0])
            elif op == "Tw":
                word_space = float(operands[0])
            elif op == "Tz":
                scale = float(operands[0]) / 100
            elif op == "TL":
                leading = float(operands[0])
            elif op == "Ts":
                rise = float(operands[0])
            elif op in ("Td", "TD"):
                if op == "TD":
                    leading = -float(operands[1])
                tm = tlm = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), tlm)
            elif op == "Tm":
                tm = tlm = tuple(float(v) for v in operands)
            elif op in ("T*", "'", '"'):
                if op == '"':
                    word_space, char_space = float(operands[0]), float(operands[1])
                tm = tlm = multiply((1, 0, 0, 1, 0, -leading), tlm)
                if op != "T*" and font:
                    tm = self.show(font, [operands[-1]], tm, ctm, size, char_space, word_space, scale, rise, fill)
            elif op in ("Tj", "TJ") and font:
                items = operands[0] if op == "TJ" else [operands[0]]
                tm = self.show(font, items, tm, ctm, size, char_space, word_space, scale, rise, fill)
            elif op == "Do" and depth < 8:
                xobject = xobjects.get(operands[0])
                if xobject is None:
                    continue
                xobject = xobject.get_object()
                if xobject.get("/Subtype") == "/Form":
                    placed = multiply(tuple(float(v) for v in xobject.get("/Matrix", IDENTITY)), ctm)
                    if depth == 0:
                        self.out.forms.append((str(operands[0]), placed))
                    bbox = [float(v) for v in xobject.get("/BBox", (0, 0, 0, 0))]
                    self.walk(
                        xobject,
                        xobject.get("/Resources", resources),
                        placed,
                        depth + 1,
                        _intersect(clip, _transformed_box(placed, *bbox)),
                    )
                elif xobject.get("/Subtype") == "/Image":
                    self.out.images.append(dict(xobject))
            elif op == "BI":
                self.out.images.append(dict(operands[0]) if operands and isinstance(operands[0], dict) else {})

    def show(self, font: _Font, items, tm, ctm, size, char_space, word_space, scale, rise, fill) -> Matrix:
        start = tm
        codes_all: list[int] = []
        advance = 0.0
        for item in items:
            if isinstance(item, (int, float)) or hasattr(item, "as_numeric"):
                advance -= float(item) / 1000 * size * scale
                continue
            data = item.original_bytes if hasattr(item, "original_bytes") else bytes(item, "latin-1")
            codes = font.codes(data)
            codes_all.extend(codes)
            for code in codes:
                width = font.widths.get(code, font.default_width) / 1000 * size
                space = word_space if code == 32 and not font.composite else 0.0
                advance += (width + char_space + space) * scale
        text = font.text(codes_all)
        full = multiply(start, ctm)
        x0, y0 = apply(full, 0, rise - 0.2 * size)
        x1, y1 = apply(full, advance, rise + 0.75 * size)
        effective = size * (full[2] ** 2 + full[3] ** 2) ** 0.5
        if text.strip():
            self.out.runs.append(
                TextRun(
                    self.out.number,
                    text,
                    min(x0, x1),
                    min(y0, y1),
                    max(x0, x1),
                    max(y0, y1),
                    round(effective, 3),
                    font.name,
                    fill,
                )
            )
        self.out.fills.add(fill)
        return multiply((1, 0, 0, 1, advance, 0), start)


def read_pages(reader: PdfReader) -> list[PageContent]:
    """Every page's text runs, colour use and graphics states."""
    pages = []
    for number, page in enumerate(reader.pages, 1):
        content = PageContent(number)
        stream = page.get_contents()
        if stream is not None:
            _Walker(reader, content).walk(stream, page.get("/Resources"), IDENTITY)
        pages.append(content)
    return pages
