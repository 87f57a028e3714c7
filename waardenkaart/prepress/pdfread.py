"""Reading a PDF back as a print shop's preflight does: where every piece of text sits, how large,
in which font and colour, and which colour operators and graphics states a page uses.

Built on pypdf's content-stream parser; follows form XObjects, so text inside reused forms counts.
Any PDF may arrive here, so every reading loop has a limit: content bytes and operators per file,
nesting of forms, codes in a font's width table or CMap. Beyond a limit the reading stops with
`TooComplex`; an operator with operands of the wrong kind is skipped, as a viewer skips it.
"""

import math
import re
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, StreamObject

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)

# Far beyond any kit (the largest, A4 sheets for 500 people, has 0.7 MB of content in 133,000 tokens, and
# 343,000 operators walked), small enough that the slowest file is answered within seconds.
MAX_CONTENT_BYTES = 2_000_000  # decoded content parsed per file: pypdf parses 0.3 to 1 MB a second
MAX_TOKENS = 500_000  # numbers, names and operators parsed per file: pypdf takes some microseconds for each
MAX_OPERATIONS = 1_000_000  # operators walked per file, forms counted each time they are drawn
MAX_FORM_DEPTH = 8
MAX_PAGES = 5_000  # pypdf lists 100,000 pages in some 15 seconds; a kit has at most 854
MAX_CODES = 1 << 16  # character codes a font can have: 1 or 2 bytes
MAX_CMAP_BYTES = 1_000_000
_BAD_OPERANDS = (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError, ZeroDivisionError)


class TooComplex(Exception):
    """The file goes beyond a reading limit; the message says which, in Dutch."""


def dictionary(value) -> DictionaryObject | dict:
    """A resolved dictionary, or an empty one when the file has something else there."""
    try:
        value = value.get_object() if value is not None else None
    except _BAD_OPERANDS:
        return {}
    return value if isinstance(value, (DictionaryObject, dict)) else {}


def numbers(value, count: int) -> tuple[float, ...] | None:
    """Exactly `count` finite numbers, or None."""
    try:
        value = value.get_object() if value is not None else None
        if not isinstance(value, (list, tuple)) or len(value) != count:
            return None
        result = tuple(float(v) for v in value)
    except _BAD_OPERANDS:
        return None
    return result if all(math.isfinite(v) for v in result) else None


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
    """Widths and Unicode of a font resource, enough to measure and read shown strings.

    A damaged part (no descendant font, a width that is no number) reads as missing, not as an error.
    """

    def __init__(self, font):
        font = dictionary(font)
        self.name = str(font.get("/BaseFont", "?")).lstrip("/")
        self.composite = font.get("/Subtype") == "/Type0"
        self.widths: dict[int, float] = {}
        self.default_width = 500.0
        if self.composite:
            descendants = font.get("/DescendantFonts")
            descendants = descendants.get_object() if descendants is not None else None
            descendant = dictionary(descendants[0]) if isinstance(descendants, ArrayObject) and descendants else {}
            self.default_width = _number(descendant.get("/DW"), 1000.0)
            self._read_w(descendant.get("/W"))
        else:
            first = _number(font.get("/FirstChar"), 0.0)
            widths = font.get("/Widths")
            widths = widths.get_object() if widths is not None else None
            if isinstance(widths, ArrayObject) and 0 <= first < MAX_CODES:
                for offset, width in enumerate(widths[: MAX_CODES - int(first)]):
                    self.widths[int(first) + offset] = _number(width, self.default_width)
        self.unicode = _read_cmap(_stream_data(font.get("/ToUnicode"), MAX_CMAP_BYTES))

    def _read_w(self, entries) -> None:
        """The /W array: `c [w1 w2 ...]` or `c_first c_last w`; codes outside 0-65535 cannot occur."""
        entries = entries.get_object() if entries is not None else None
        if not isinstance(entries, ArrayObject):
            return
        index, budget = 0, 4 * MAX_CODES
        while index + 1 < len(entries) and budget > 0:
            start = _number(entries[index], -1.0)
            following = entries[index + 1].get_object()
            if isinstance(following, ArrayObject):
                for offset, width in enumerate(following[:budget]):
                    if 0 <= start + offset < MAX_CODES:
                        self.widths[int(start) + offset] = _number(width, self.default_width)
                budget -= len(following) + 1
                index += 2
            else:
                width = _number(entries[index + 2], self.default_width) if index + 2 < len(entries) else 0.0
                low, high = max(int(start), 0), min(int(_number(following, -1.0)), MAX_CODES - 1)
                for code in range(low, min(high, low + budget) + 1):
                    self.widths[code] = width
                budget -= max(high - low, 0) + 1
                index += 3

    def codes(self, data: bytes) -> list[int]:
        if self.composite:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def text(self, codes: list[int]) -> str:
        if self.unicode:
            return "".join(self.unicode.get(code, "\ufffd") for code in codes)
        return bytes(c for c in codes if c < 256).decode("latin-1")


def _number(value, default: float) -> float:
    try:
        number = float(value.get_object() if hasattr(value, "get_object") else value)
    except _BAD_OPERANDS:
        return default
    return number if math.isfinite(number) else default


def _stream_data(value, limit: int) -> bytes:
    """A stream's decoded bytes, or nothing when it is missing, damaged or larger than `limit`."""
    try:
        stream = value.get_object() if value is not None else None
        data = stream.get_data() if isinstance(stream, StreamObject) else b""
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged stream; the text is then unknown
        return b""
    return data if len(data) <= limit else b""


def _read_cmap(data: bytes) -> dict[int, str]:
    """The bfchar and bfrange entries of a ToUnicode CMap; codes outside 0-65535 cannot occur."""
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}
    budget = 4 * MAX_CODES

    def uni(hex_text: str) -> str:
        raw = bytes.fromhex(hex_text[: 2 * (len(hex_text) // 2)])
        return raw.decode("utf-16-be", "replace") if raw != b"\x00\x00" else ""

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]{1,8})>\s*<([0-9A-Fa-f]{0,512})>", block):
            mapping[int(src, 16)] = uni(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, dst in re.findall(
            r"<([0-9A-Fa-f]{1,8})>\s*<([0-9A-Fa-f]{1,8})>\s*(<[0-9A-Fa-f]{1,512}>|\[[^\]]*\])", block
        ):
            low_code, high_code = int(low, 16), min(int(high, 16), MAX_CODES - 1, int(low, 16) + budget)
            if low_code >= MAX_CODES or budget <= 0:
                continue
            if dst.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]{1,512})>", dst)[: high_code - low_code + 1]):
                    mapping[low_code + offset] = uni(item)
            else:
                base = int(dst[1:-1], 16)
                width = len(dst) - 2
                for code in range(low_code, high_code + 1):
                    mapping[code] = uni(f"{base + code - low_code:0{width}X}")
            budget -= high_code - low_code + 1
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


class _Budget:
    """What is left of a file's reading limits, shared by all its pages, and each form parsed once."""

    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.content_bytes = MAX_CONTENT_BYTES
        self.tokens = MAX_TOKENS
        self.operations = MAX_OPERATIONS
        self.parsed: dict[tuple[int, int], list] = {}

    def operations_of(self, stream) -> list:
        key = (stream.idnum, stream.generation) if hasattr(stream, "idnum") else None
        if key in self.parsed:
            return self.parsed[key]
        stream = stream.get_object()
        parts = stream if isinstance(stream, ArrayObject) else [stream]
        data = bytearray()
        for part in parts:
            part = part.get_object()
            if isinstance(part, StreamObject):
                data += part.get_data() + b"\n"
            if len(data) > self.content_bytes:
                raise TooComplex(f"meer dan {MAX_CONTENT_BYTES // 1_000_000} MB aan pagina-inhoud")
        self.content_bytes -= len(data)
        self.tokens -= len(data.split())  # counted in C before pypdf's slower parse; strings count a little high
        if self.tokens < 0:
            raise TooComplex(
                f"meer dan {MAX_TOKENS:_} getallen, namen en opdrachten in de pagina-inhoud".replace("_", ".")
            )
        parsed = ContentStream(None, self.reader)
        parsed.set_data(bytes(data))
        operations = parsed.operations
        if key is not None:
            self.parsed[key] = operations
        return operations

    def spend(self, count: int) -> None:
        self.operations -= count
        if self.operations < 0:
            raise TooComplex(f"meer dan {MAX_OPERATIONS:_} tekenopdrachten".replace("_", "."))


Colour = tuple[str, tuple[float, ...]]
BLACK: Colour = ("gray", (0.0,))


class _Walker:
    """Reads the content of one page: each content stream, and each form it draws, is walked by a `_Stream`."""

    def __init__(self, budget: _Budget, page_content: PageContent):
        self.budget = budget
        self.out = page_content
        self.fonts: dict[int, _Font] = {}

    def font(self, resource) -> _Font:
        key = id(resource.get_object()) if not hasattr(resource, "idnum") else (resource.idnum, resource.generation)
        if key not in self.fonts:
            self.fonts[key] = _Font(resource)
        return self.fonts[key]

    def walk(self, stream, resources, ctm: Matrix, depth: int = 0, clip: Box | None = None) -> None:
        operations = self.budget.operations_of(stream)
        self.budget.spend(len(operations))
        _Stream(self, dictionary(resources), depth, ctm, clip).run(operations)


class _Stream:
    """One content stream being walked: its resources, the graphics and text state with the stack that `q`
    and `Q` keep, the path being built and the text matrices. Each operator has a method, found through
    `_OPERATORS`; an operator with operands of the wrong kind is skipped, as a viewer skips it."""

    def __init__(self, walker: _Walker, resources, depth: int, ctm: Matrix, clip: Box | None):
        self.walker, self.out, self.depth = walker, walker.out, depth
        self.resources = resources
        self.fonts = dictionary(resources.get("/Font"))
        self.states = dictionary(resources.get("/ExtGState"))
        self.xobjects = dictionary(resources.get("/XObject"))
        # the graphics state, and the text state that PDF saves and restores with it
        self.ctm, self.clip_box, self.fill, self.stroke, self.line_width = ctm, clip, BLACK, BLACK, 1.0
        self.font: _Font | None = None
        self.size = self.char_space = self.word_space = self.leading = self.rise = 0.0
        self.scale = 1.0
        self.stack: list[tuple] = []
        self.path: list[tuple[float, float]] = []
        self.clipping = False
        self.tm = self.tlm = IDENTITY

    def run(self, operations) -> None:
        handlers = _OPERATORS
        for operands, op in operations:
            handler = handlers.get(op)
            if handler is not None:
                try:
                    handler(self, operands, op)
                except _BAD_OPERANDS:
                    continue

    # graphics state
    def save(self, operands, op) -> None:
        self.stack.append(
            (
                (self.ctm, self.clip_box, self.fill, self.stroke, self.line_width),
                (self.font, self.size, self.char_space, self.word_space, self.scale, self.leading, self.rise),
            )
        )

    def restore(self, operands, op) -> None:
        if self.stack:
            (
                (self.ctm, self.clip_box, self.fill, self.stroke, self.line_width),
                (self.font, self.size, self.char_space, self.word_space, self.scale, self.leading, self.rise),
            ) = self.stack.pop()

    def concat(self, operands, op) -> None:
        self.ctm = multiply(tuple(float(v) for v in operands), self.ctm)

    def line_width(self, operands, op) -> None:
        self.line_width = float(operands[0])

    def graphics_state(self, operands, op) -> None:
        state = self.states.get(operands[0])
        if state is not None:
            self.out.graphics_states.append(dict(state.get_object()))

    # paths and painting
    def point(self, operands, op) -> None:
        self.path.append(apply(self.ctm, float(operands[0]), float(operands[1])))

    def curve(self, operands, op) -> None:
        values = [float(v) for v in operands]
        ctm = self.ctm
        self.path.extend(apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2))

    def rectangle(self, operands, op) -> None:
        x, y, w, h = (float(v) for v in operands)
        ctm = self.ctm
        self.path.extend(apply(ctm, px, py) for px in (x, x + w) for py in (y, y + h))

    def clip(self, operands, op) -> None:
        self.clipping = True

    def paint(self, operands, op) -> None:
        """A path ends: filled, stroked or neither, and a clip taken from it when `W` came before."""
        path = self.path
        if path:
            xs, ys = [p[0] for p in path], [p[1] for p in path]
            box = (min(xs), min(ys), max(xs), max(ys))
            filled, stroked = _PAINT_OPS[op.decode("latin-1")]
            if filled or stroked:
                ctm = self.ctm
                width = self.line_width * (abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5)
                grow = width / 2 if stroked else 0
                painted = _intersect(self.clip_box, (box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow))
                fill, stroke = self.fill if filled else None, self.stroke if stroked else None
                self.out.paints.append(Paint(painted, fill, stroke, width))
            if self.clipping:
                self.clip_box = _intersect(self.clip_box, box)
        self.path, self.clipping = [], False

    # colour
    def colour(self, operands, op) -> None:
        name = op.decode("latin-1")
        self.out.colour_operators.add(name)
        colour = (_COLOUR_OPS[name], tuple(float(v) for v in operands if not hasattr(v, "startswith")))
        if name.islower():
            self.fill = colour
        else:
            self.stroke = colour

    def colour_space(self, operands, op) -> None:
        self.out.colour_spaces.add(str(operands[0]))

    # text state and position
    def begin_text(self, operands, op) -> None:
        self.tm = self.tlm = IDENTITY

    def set_font(self, operands, op) -> None:
        fonts = self.fonts
        self.font = self.walker.font(fonts[operands[0]]) if operands[0] in fonts else None
        self.size = float(operands[1])

    def text_parameter(self, operands, op) -> None:
        value = float(operands[0])
        if op == b"Tz":
            self.scale = value / 100
        else:
            setattr(self, _TEXT_PARAMETERS[op], value)

    def move(self, operands, op) -> None:
        if op == b"TD":
            self.leading = -float(operands[1])
        self.tm = self.tlm = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), self.tlm)

    def text_matrix(self, operands, op) -> None:
        self.tm = self.tlm = tuple(float(v) for v in operands)

    def next_line(self, operands, op) -> None:
        """`T*`, and `'` and `"`, which show a string on the next line."""
        if op == b'"':
            self.word_space, self.char_space = float(operands[0]), float(operands[1])
        self.tm = self.tlm = multiply((1, 0, 0, 1, 0, -self.leading), self.tlm)
        if op != b"T*" and self.font:
            self.tm = _show(self, [operands[-1]])

    def show(self, operands, op) -> None:
        if self.font:
            self.tm = _show(self, operands[0] if op == b"TJ" else [operands[0]])

    # forms and images
    def draw_object(self, operands, op) -> None:
        if self.depth >= MAX_FORM_DEPTH:
            return
        reference = self.xobjects.get(operands[0])
        if reference is None:
            return
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Form":
            placed = multiply(numbers(xobject.get("/Matrix"), 6) or IDENTITY, self.ctm)
            if self.depth == 0:
                self.out.forms.append((str(operands[0]), placed))
            bbox = numbers(xobject.get("/BBox"), 4) or (0, 0, 0, 0)
            self.walker.walk(
                reference,  # the reference, so that a form drawn many times is parsed once
                xobject.get("/Resources", self.resources),
                placed,
                self.depth + 1,
                _intersect(self.clip_box, _transformed_box(placed, *bbox)),
            )
        elif xobject.get("/Subtype") == "/Image":
            self.out.images.append(dict(xobject))

    def inline_image(self, operands, op) -> None:
        """`BI ... ID ... EI`, which pypdf hands over as one operator with the image's settings; these use
        short names (`/CS` for `/ColorSpace`), read here as an image XObject's."""
        settings = dictionary(operands.get("settings")) if isinstance(operands, dict) else {}
        image = {_INLINE_NAMES.get(key, key): value for key, value in settings.items()}
        space = image.get("/ColorSpace")
        if space is not None:
            image["/ColorSpace"] = _INLINE_SPACES.get(str(space), space)
        self.out.images.append(image)


_TEXT_PARAMETERS = {b"Tc": "char_space", b"Tw": "word_space", b"TL": "leading", b"Ts": "rise"}
_OPERATORS = {
    b"q": _Stream.save,
    b"Q": _Stream.restore,
    b"cm": _Stream.concat,
    b"w": _Stream.line_width,
    b"gs": _Stream.graphics_state,
    b"m": _Stream.point,
    b"l": _Stream.point,
    b"c": _Stream.curve,
    b"v": _Stream.curve,
    b"y": _Stream.curve,
    b"re": _Stream.rectangle,
    b"W": _Stream.clip,
    b"W*": _Stream.clip,
    **{op.encode(): _Stream.paint for op in _PAINT_OPS},
    **{op.encode(): _Stream.colour for op in _COLOUR_OPS},
    b"cs": _Stream.colour_space,
    b"CS": _Stream.colour_space,
    b"BT": _Stream.begin_text,
    b"Tf": _Stream.set_font,
    **{op: _Stream.text_parameter for op in (b"Tc", b"Tw", b"Tz", b"TL", b"Ts")},
    b"Td": _Stream.move,
    b"TD": _Stream.move,
    b"Tm": _Stream.text_matrix,
    b"T*": _Stream.next_line,
    b"'": _Stream.next_line,
    b'"': _Stream.next_line,
    b"Tj": _Stream.show,
    b"TJ": _Stream.show,
    b"Do": _Stream.draw_object,
    b"INLINE IMAGE": _Stream.inline_image,
}
# The short names of an inline image (PDF 32000, 8.9.7) and of its colour spaces.
_INLINE_NAMES = {"/CS": "/ColorSpace", "/BPC": "/BitsPerComponent", "/W": "/Width", "/H": "/Height", "/F": "/Filter"}
_INLINE_SPACES = {"/G": "/DeviceGray", "/RGB": "/DeviceRGB", "/CMYK": "/DeviceCMYK"}


def _show(state: _Stream, items) -> Matrix:
    """A shown string (or a TJ array): its text run, measured with the font's widths; the text matrix after it."""
    out, tm, font, size, scale = state.out, state.tm, state.font, state.size, state.scale
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
            space = state.word_space if code == 32 and not font.composite else 0.0
            advance += (width + state.char_space + space) * scale
    text = font.text(codes_all)
    full = multiply(tm, state.ctm)
    x0, y0 = apply(full, 0, state.rise - 0.2 * size)
    x1, y1 = apply(full, advance, state.rise + 0.75 * size)
    effective = size * (full[2] ** 2 + full[3] ** 2) ** 0.5
    if text.strip():
        out.runs.append(
            TextRun(
                out.number,
                text,
                min(x0, x1),
                min(y0, y1),
                max(x0, x1),
                max(y0, y1),
                round(effective, 3),
                font.name,
                state.fill,
            )
        )
    out.fills.add(state.fill)
    return multiply((1, 0, 0, 1, advance, 0), tm)


def check_page_tree(reader: PdfReader) -> None:
    """`TooComplex` when the page tree holds more than MAX_PAGES pages, counted before pypdf lists them.

    An inner node seen before (a tree that loops) is not followed again; pypdf itself reports such a tree.
    """
    stack, seen, pages, visits = [dictionary(reader.trailer.get("/Root")).get("/Pages")], set(), 0, 0
    while stack:
        if pages > MAX_PAGES or visits + len(stack) > 3 * MAX_PAGES:
            raise TooComplex(f"meer dan {MAX_PAGES:_} pagina’s".replace("_", "."))
        node = stack.pop()
        visits += 1
        kids = dictionary(node).get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if not isinstance(kids, ArrayObject):
            pages += 1  # a page listed twice is two pages to pypdf
            continue
        key = (node.idnum, node.generation) if hasattr(node, "idnum") else None
        if key is not None and key in seen:
            continue
        seen.add(key)
        stack.extend(kids[: MAX_PAGES + 1])
    if pages > MAX_PAGES:
        raise TooComplex(f"meer dan {MAX_PAGES:_} pagina’s".replace("_", "."))


def read_pages(reader: PdfReader) -> list[PageContent]:
    """Every page's text runs, colour use and graphics states; `TooComplex` beyond the reading limits."""
    check_page_tree(reader)
    budget = _Budget(reader)
    pages = []
    for number, page in enumerate(reader.pages, 1):
        content = PageContent(number)
        stream = page.get("/Contents")
        if stream is not None:
            _Walker(budget, content).walk(stream, page.get("/Resources"), IDENTITY)
        pages.append(content)
    return pages
