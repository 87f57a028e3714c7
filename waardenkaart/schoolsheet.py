"""The schools table as a spreadsheet (.xlsx), for `maak --scholen` and the web page for many schools:
the first visible sheet, its first row the profile's field names, a row per school, as the CSV has them.

A cell's value counts, never its formula; a date cell becomes "2027-01-12 15:00", a tick box "ja" or
"nee", so a row reads the same as the CSV that Excel would have saved.
"""

import io
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time

from .intake.errors import UserError

MAX_UNPACKED = 100_000_000  # bytes of XML: 10,000 schools are some 5 MB; the sheet is streamed, not kept


def is_spreadsheet(start: bytes) -> bool:
    """A zip, as every .xlsx is; a CSV file never starts like one."""
    return start.startswith(b"PK\x03\x04")


def sheet_lines(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of the first visible sheet, the header row first."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UserError(f"{name}: geen leesbare spreadsheet: het bestand is beschadigd.") from None
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise UserError(f"{name}: dit is geen spreadsheet (.xlsx). Sla de tabel op als .xlsx of als CSV.")
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED:
        raise UserError(f"{name}: de spreadsheet is uitgepakt groter dan {MAX_UNPACKED // 1_000_000} MB.")
    from openpyxl import load_workbook  # only a schools table in .xlsx needs openpyxl

    try:
        with warnings.catch_warnings():  # openpyxl warns in English about parts it skips
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = next((sheet for sheet in book.worksheets if sheet.sheet_state == "visible"), None)
            if sheet is None:
                raise UserError(f"{name}: de spreadsheet heeft geen zichtbaar werkblad.")
            for cells in sheet.iter_rows():
                row = next((cell.row for cell in cells if getattr(cell, "row", None)), None)
                if row is not None:
                    yield row, [_text(cell.value) for cell in cells]
    except UserError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file; the user needs one sentence
        raise UserError(
            f"{name}: geen leesbare spreadsheet: het bestand is beschadigd of geen .xlsx. Open het in Excel of "
            "LibreOffice Calc en sla het opnieuw op als .xlsx."
        ) from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}" if value.time() == time(0, 0) else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
