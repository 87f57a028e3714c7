"""Tabel 1 from a CSV file, as Excel with Dutch settings saves it (`;`, UTF-8 with or without BOM, or
Windows-1252), or LibreOffice Calc (`,` or `;`), or Excel's "Unicode text" (UTF-16, tabs): the columns
found by their headings, wherever the table starts. A CSV holds one sheet: Tabel 2 is not in it.
"""

import codecs
import csv
import io
from datetime import date

from .content import Content
from .errors import UserError
from .filledtables import FilledTables
from .tablegrid import Cell, find_headings, table_rows

MAX_BYTES = 10_000_000  # a Tabel 1 for 500 people is some 100 kB
DELIMITERS = ";\t,"  # Excel with Dutch settings first
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_csv_tables(data: bytes, name: str, content: Content, today: date) -> FilledTables:
    """The filled rows of Tabel 1 in a CSV file; Tabel 2 stays empty, the reference date is `today`."""
    if len(data) > MAX_BYTES:
        raise UserError(f"{name}: het bestand is groter dan {MAX_BYTES // 1_000_000} MB; dat is geen Tabel 1.")
    text = decoded(data, name)
    labels = {column.key: column.label for column in content.tables.columns}
    for delimiter in DELIMITERS:
        grid = _grid(text, delimiter, name)
        headings = find_headings(grid, labels, name, cell_names=False)
        if headings is not None:
            return FilledTables(table_rows(grid, headings, labels, name, cell_names=False), [], today)
    raise UserError(
        f"{name}: hierin staat geen Tabel 1: geen regel heeft de kolomnamen ‘{content.tables.columns[0].label}’, "
        f"‘{content.tables.columns[1].label}’ enzovoort. Gebruik Tabel 1 uit de kit en bewaar die als CSV."
    )


def decoded(data: bytes, name: str) -> str:
    """The text: UTF-16 with its BOM, UTF-8 with or without BOM, else Windows-1252; binary data refused."""
    if data.startswith(_UTF16):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
    raise UserError(
        f"{name}: dit is geen PDF, geen spreadsheet en geen CSV-tekst. Gebruik tabellen-sessie2-A4.pdf of "
        "tabel1-sessie2.xlsx uit de kit, ingevuld, of Tabel 1 als CSV."
    )


def _grid(text: str, delimiter: str, name: str) -> list[list[Cell]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    grid, line = [], 1
    try:
        for cells in reader:
            grid.append([Cell(line, column, cell) for column, cell in enumerate(cells, 1)])
            line = reader.line_num + 1  # the next record starts after the lines this one took
    except csv.Error:
        raise UserError(
            f"{name}, regel {line}: geen leesbare CSV-regel (een aanhalingsteken te veel of te weinig?)."
        ) from None
    return grid
