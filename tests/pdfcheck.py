"""Reading our PDFs back in tests: pages, words and the text of each card, compared loosely."""

import html
import io
import re

from pypdf import PdfReader

from waardenkaart.prepress.pdfread import read_pages


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pages(data: bytes):
    return read_pages(reader(data))


def page_text(page) -> str:
    """The page's text as read, less the invisible joiners that keep names from being hyphenated.

    Runs that continue each other on one line (a font subset switch splits them) join without a space.
    """
    parts, previous = [], None
    for run in page.runs:
        touching = previous and abs(run.y0 - previous.y0) < 0.5 and abs(run.x0 - previous.x1) < 0.5
        parts.append(run.text if touching or not parts else " " + run.text)
        previous = run
    return "".join(parts)


def squash(text: str) -> str:
    """Text without markup, spaces, hyphens and joiners: line breaks and hyphenation do not matter."""
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"[\s\-\u00ad]+", "", text)


def box(pdf_box) -> tuple[float, ...]:
    return tuple(round(float(v), 3) for v in pdf_box)


def lines(page) -> list[str]:
    """The page's lines of text in the order drawn: runs on one baseline joined, less joiners and soft hyphens.

    Runs that touch (a font switch inside a word) join without a space, others on the same baseline with one.
    """
    found, previous = [], None
    for run in page.runs:
        text = run.text.replace("\u200d", "").replace("\u00ad", "")
        if previous is not None and abs(run.y0 - previous.y0) < 0.5:
            touching = abs(run.x0 - previous.x1) < 0.5
            found[-1] += text if touching else " " + text
        else:
            found.append(text)
        previous = run
    return found
