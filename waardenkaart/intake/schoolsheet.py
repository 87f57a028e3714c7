"""The schools table as a spreadsheet (.xlsx), for `maak --scholen` and the web page for many schools:
the first visible sheet, its first row the profile's field names, a row per school, as the CSV has them.

A cell's value counts, never its formula; a date cell becomes "2027-01-12 15:00", a tick box "ja" or
"nee", so a row reads the same as the CSV that Excel would have saved.
"""

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time

from .errors import UserError

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
            _refuse_what_cannot_be_read(_sheet_xml(data, sheet.title), f"{name}, werkblad ‘{sheet.title}’")
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


def _sheet_xml(data: bytes, title: str) -> str:
    """The XML of the worksheet named `title`: what openpyxl's streaming reader does not tell (merged
    cells, a formula without its result)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        links = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        sheet = next(
            (m for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book) if f'name="{_xml(title)}"' in m[0]), None
        )
        link = re.search(r'\bid="([^"]+)"', sheet[0]) if sheet else None
        target = re.search(rf'<Relationship\b[^>]*Id="{re.escape(link[1])}"[^>]*>', links) if link else None
        path = re.search(r'Target="([^"]+)"', target[0])[1] if target else ""
        path = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
        return archive.read(path).decode("utf-8", "replace") if path in archive.namelist() else ""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _refuse_what_cannot_be_read(xml: str, where: str) -> None:
    """A merged cell, or a formula whose result was never saved (as a script writes it): either would make a
    school's kit of the wrong values without a word, so the table is refused, as Tabel 1 is."""
    merged = re.search(r'<mergeCell\b[^>]*\bref="([^"]+)"', xml)
    if merged:
        raise UserError(
            f"{where}: de cellen {merged[1]} zijn samengevoegd. Maak het samenvoegen ongedaan en zet in elke cel "
            "wat erin hoort, zodat elke school een eigen rij heeft."
        )
    if "<f" not in xml:
        return
    for cell in re.finditer(r'<c\b[^>]*\br="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', xml, re.DOTALL):
        body = cell[2] or ""
        if re.search(r"<f\b", body) and not re.search(r"<v\b[^>]*>[^<]", body) and "<is>" not in body:
            raise UserError(
                f"{where}: in cel {cell[1]} staat een formule zonder uitkomst. Open het bestand in Excel of "
                "LibreOffice Calc en sla het op, zodat de uitkomst erin komt, of typ de waarde zelf in de cel."
            )
