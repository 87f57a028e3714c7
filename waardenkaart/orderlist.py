"""The order list: per card its pages in the print file and the copies this team needs.

A CSV that opens in Excel with Dutch settings: semicolons, UTF-8 with a byte-order mark, CRLF.
"""

import csv
import io
from dataclasses import dataclass

HEADER = ("Pagina's", "Kaart", "Soort", "Sessie", "Aantal", "Regel")


@dataclass(frozen=True)
class OrderLine:
    pages: str
    title: str
    kind: str
    session: int
    copies: int
    rule: str


def order_csv(lines: list[OrderLine]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow((line.pages, line.title, line.kind, line.session, line.copies, line.rule))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
