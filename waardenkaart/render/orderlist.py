"""The order list: per card its pages in the print file and the copies this team needs.

A CSV that opens in Excel with Dutch settings. Titles are written as plain text (no markup, no
entities), and a page range with an en dash, which Excel leaves alone: "1-2" would become 1 February.
"""

from dataclasses import dataclass

from ..text.merge import plain
from .spreadsheet import excel_csv

HEADER = ("Nr.", "Pagina’s", "Kaart", "Soort", "Sessie", "Aantal", "Regel")


@dataclass(frozen=True)
class OrderLine:
    number: int  # the card's place in the deck, printed on its back ("3 / 18"): two cards may share a title
    total: int
    pages: str
    title: str  # paragraph markup
    kind: str
    session: int
    copies: int
    rule: str


def order_csv(lines: list[OrderLine]) -> bytes:
    return excel_csv(
        HEADER,
        (
            (
                line.number,
                line.pages.replace("-", "\u2013"),
                plain(line.title),
                line.kind,
                line.session,
                line.copies,
                line.rule,
            )
            for line in lines
        ),
    )
