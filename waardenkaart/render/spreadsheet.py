"""CSV files for Excel with Dutch settings: semicolons, UTF-8 with a byte-order mark, CRLF.

A cell that starts like a formula (=, +, -, @, tab or carriage return) gets a leading apostrophe, so a
spreadsheet shows a team's text instead of running it: whatever a user typed cannot become a formula.
Characters nobody sees in front of it (NUL, a zero-width space, a byte-order mark) do not hide it.
"""

import csv
import io

from ..text.untrusted import starts_invisibly

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defused(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert; numbers stay numbers."""
    if isinstance(cell, str) and (
        cell.startswith(_FORMULA_START) or cell[starts_invisibly(cell) :].startswith(_FORMULA_START)
    ):
        return "'" + cell
    return cell


def excel_csv(header: list[str] | tuple[str, ...], rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([defused(cell) for cell in header])
    writer.writerows([defused(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
