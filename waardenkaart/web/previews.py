"""Pictures of the kit's own PDFs: every card front and back, and the first page of each document.

pypdfium2 renders a page to pixels with no system dependency; a small PNG writer turns them into
images, so no imaging library is needed. PDFium is not thread-safe: one page is rendered at a time.
"""

import struct
import threading
import zlib
from dataclasses import dataclass

import pypdfium2 as pdfium

from ..intake.profile import Profile
from ..kit import CARD_FILE, Kit
from ..text.merge import merge_all

THUMBNAIL_WIDTH = 240  # pixels: shown at half that on a sharp screen, at full size on an ordinary one
LARGE_WIDTH = 1000
# The same pixels at under half the encoding time of level 6, for about 15 % more bytes: the page of a
# kit is made for every coordinator who asks, the bytes only travel once (benchmarks/web_benchmark.py).
ZLIB_LEVEL = 1
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Preview:
    file: str
    page: int  # from 0
    caption: str
    png: bytes

    @property
    def key(self) -> str:
        """What a request names to see this page larger: a file of the list and a page, never a path."""
        return f"{self.file}:{self.page}"


@dataclass(frozen=True)
class CardPreview:
    title: str
    front: Preview
    back: Preview


def card_previews(kit: Kit, profile: Profile, maker) -> list[CardPreview]:
    """Front and back of every card, in the order of the card file, titled as the order sheet titles them."""
    merged = merge_all(profile, maker.content)  # the card file's order; cheap beside rendering
    pages = render_pages(kit.files[CARD_FILE], range(2 * len(merged)), THUMBNAIL_WIDTH)
    return [
        CardPreview(
            card.title + (f" – {card.subtitle}" if card.subtitle else ""),
            Preview(CARD_FILE, 2 * i, "voorkant", pages[2 * i]),
            Preview(CARD_FILE, 2 * i + 1, "achterkant", pages[2 * i + 1]),
        )
        for i, card in enumerate(merged)
    ]


def first_pages(kit: Kit) -> list[Preview]:
    """The first page of every PDF but the card file, whose cards are shown one by one."""
    return [
        Preview(name, 0, name, render_pages(data, [0], THUMBNAIL_WIDTH)[0])
        for name, data in kit.files.items()
        if name.endswith(".pdf") and name != CARD_FILE
    ]


def page_count(pdf: bytes) -> int:
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def render_pages(pdf: bytes, numbers, width: int) -> list[bytes]:
    """The pages as PNG, `width` pixels wide, cut to the trim box: what the reader holds after cutting."""
    images = []
    with _PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            for number in numbers:
                page = document[number]
                left, bottom, right, top = page.get_mediabox()
                t_left, t_bottom, t_right, t_top = page.get_trimbox()
                scale = width / (t_right - t_left)
                bitmap = page.render(scale=scale, rev_byteorder=True)
                # cut to the trim box here rather than in pdfium, which rounds each side on its own
                x, y = round((t_left - left) * scale), round((top - t_top) * scale)
                height = min(round((t_top - t_bottom) * scale), bitmap.height - y)
                images.append(_png(bitmap, x, y, min(width, bitmap.width - x), height))
                bitmap.close()
                page.close()
        finally:
            document.close()
    return images


def _png(bitmap, x: int, y: int, width: int, height: int) -> bytes:
    """An 8-bit RGB PNG of a part of a pdfium bitmap (RGB, or RGBA/RGBX whose fourth byte is dropped)."""
    stride, channels = bitmap.stride, bitmap.n_channels
    raw = memoryview(bitmap.buffer).cast("B")  # rows are sliced from pdfium's buffer, not from a copy of it
    rows = []
    for line in range(y, y + height):
        row = raw[line * stride + x * channels : line * stride + (x + width) * channels]
        if channels == 4:
            row = b"".join(row[i : i + 3] for i in range(0, len(row), 4))
        rows.append(b"\x00")  # filter type 0: zlib does the work
        rows.append(row)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), ZLIB_LEVEL))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
