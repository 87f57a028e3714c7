"""CSV files for Excel with Dutch settings: semicolons, UTF-8 with a byte-order mark, CRLF.

A cell that starts like a formula (=, +, -, @, tab or carriage return) gets a leading apostrophe, so a
spreadsheet shows a team's text instead of running it: whatever a user typed cannot become a formula.
"""

import csv
import io

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defused(cell: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def excel_csv(header: list[str] | tuple[str, ...], rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([defused(cell) for cell in header])
    writer.writerows([defused(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
