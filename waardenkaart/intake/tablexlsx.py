"""Tabel 1 and 2 from a spreadsheet (.xlsx), as the kit's tabel1-sessie2.xlsx comes back from Excel or
LibreOffice Calc: Tabel 1 on the sheet whose headings are its columns, Tabel 2 on the sheet headed
"Vraag" and "Antwoord". A formula counts by its value, never its text; merged cells in the table, a
table on a hidden sheet and a file too large to be a table are refused with a Dutch message.
"""

import io
import warnings
import zipfile
from datetime import date

from .content import Content
from .errors import UserError
from .filledtables import FilledTables, iso_date
from .tablegrid import Cell, agreements, cell_text, find_headings, table_rows

MAX_UNPACKED = 40_000_000  # bytes of XML: a table for 500 people is well under 1 MB, and openpyxl keeps it all
MAX_CELLS = 2_000_000  # rows times columns of one sheet
# The document properties the kit writes: session 2's date, the school and the year of the dream.
PROPERTIES = ("WaardenkaartSessie2", "WaardenkaartSchool", "WaardenkaartJaar")


def read_sheet_tables(data: bytes, name: str, content: Content, today: date) -> FilledTables:
    """The filled rows and agreements of a spreadsheet; anything else gets a Dutch message naming the file."""
    _check_package(data, name)
    values, formulas = _workbooks(data, name)
    text = content.tables
    labels = {column.key: column.label for column in text.columns}
    found, hidden = [], []
    for sheet in values.worksheets:
        grid = _grid(sheet, formulas[sheet.title], name)
        headings = find_headings(grid, labels, f"{name}, werkblad ‘{sheet.title}’", cell_names=True)
        if headings is None:
            continue
        if sheet.sheet_state != "visible":
            hidden.append(sheet.title)
        else:
            found.append((sheet, grid, headings))
    if not found:
        if hidden:
            raise UserError(
                f"{name}: Tabel 1 staat op een verborgen werkblad (‘{hidden[0]}’). Maak het werkblad zichtbaar "
                "(rechtsklik op een bladtab, ‘Zichtbaar maken’), sla het bestand op en probeer het opnieuw."
            )
        raise UserError(
            f"{name}: hierin staat geen Tabel 1: geen werkblad heeft de kolommen "
            f"‘{text.columns[0].label}’, ‘{text.columns[1].label}’ enzovoort. Gebruik tabel1-sessie2.xlsx uit de kit."
        )
    if len(found) > 1:
        raise UserError(
            f"{name}: Tabel 1 staat op meer dan één werkblad (‘{found[0][0].title}’ en ‘{found[1][0].title}’). "
            "Laat er één over, zodat geen actiepunt dubbel of verloren gaat."
        )
    sheet, grid, headings = found[0]
    where = f"{name}, werkblad ‘{sheet.title}’"
    _refuse_merged(sheet, headings.row, where)
    rows = table_rows(grid, headings, labels, where, cell_names=True)
    answers = _table2(values, sheet, formulas, name, content)
    properties = _properties(values)
    return FilledTables(
        rows,
        answers,
        iso_date(properties.get(PROPERTIES[0], "")) or today,
        properties.get(PROPERTIES[1], ""),
        properties.get(PROPERTIES[2], ""),
    )


def _check_package(data: bytes, name: str) -> None:
    """A zip holding a workbook, small enough unpacked: a zip bomb or another document is refused here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        raise UserError(f"{name}: geen leesbare spreadsheet: het bestand is beschadigd.") from None
    if b"opendocument.spreadsheet" in mimetype:
        raise UserError(
            f"{name} is een LibreOffice-bestand (.ods). Kies in LibreOffice Calc ‘Opslaan als’ en het type "
            "‘Excel 2007-365 (.xlsx)’, of ‘Tekst CSV (.csv)’, en probeer het opnieuw."
        )
    if "xl/workbook.xml" not in names:
        raise UserError(
            f"{name}: dit is geen spreadsheet (.xlsx) maar een ander soort bestand. Gebruik tabel1-sessie2.xlsx "
            "uit de kit, of de tabel als PDF of CSV."
        )
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED:
        raise UserError(
            f"{name}: de spreadsheet is uitgepakt groter dan {MAX_UNPACKED // 1_000_000} MB; dat is geen Tabel 1. "
            "Bewaar alleen de tabel in een nieuw bestand."
        )


def _workbooks(data: bytes, name: str):
    """The workbook twice: once with the values Excel or Calc computed, once with the formulas."""
    from openpyxl import load_workbook  # only step 4 from a spreadsheet needs openpyxl

    try:
        with warnings.catch_warnings():  # openpyxl warns in English about parts it skips; they hold no table
            warnings.simplefilter("ignore")
            values = load_workbook(io.BytesIO(data), data_only=True)
            formulas = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file; the user needs one sentence
        raise UserError(
            f"{name}: geen leesbare spreadsheet: het bestand is beschadigd of geen .xlsx. Open het in Excel of "
            "LibreOffice Calc en sla het opnieuw op als .xlsx."
        ) from None
    return values, {sheet.title: sheet for sheet in formulas.worksheets}


def _grid(sheet, formula_sheet, name: str) -> list[list[Cell]]:
    """The sheet's cells row by row; a formula without a computed value is refused, never read as its text."""
    if sheet.max_row * sheet.max_column > MAX_CELLS:
        raise UserError(
            f"{name}, werkblad ‘{sheet.title}’: {sheet.max_row} rijen en {sheet.max_column} kolommen; dat is "
            "geen Tabel 1. Bewaar alleen de tabel in een nieuw bestand."
        )
    grid = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            value = cell.value
            if value is None:
                source = formula_sheet.cell(cell.row, cell.column)
                if source.data_type == "f":
                    raise UserError(
                        f"{name}, werkblad ‘{sheet.title}’: in cel {cell.coordinate} staat een formule zonder "
                        "uitkomst. Open het bestand in Excel of LibreOffice Calc en sla het op, zodat de uitkomst "
                        "erin komt, of typ de tekst zelf in de cel."
                    )
            cells.append(Cell(cell.row, cell.column, value))
        grid.append(cells)
    return grid


def _refuse_merged(sheet, header_row: int, where: str) -> None:
    """Merged cells in the headings or below: whose action point a merged cell holds is not ours to guess."""
    for merged in sheet.merged_cells.ranges:
        if merged.max_row >= header_row:
            raise UserError(
                f"{where}: de cellen {merged.coord} zijn samengevoegd. Maak het samenvoegen ongedaan en zet in "
                "elke cel wat erin hoort, zodat elk actiepunt een eigen rij heeft."
            )


def _table2(values, table1_sheet, formulas, name: str, content: Content) -> list[tuple[str, str]]:
    text = content.tables
    labels = {"question": text.question, "answer": text.answer}
    questions = {question.key: question.label for question in text.questions}
    for sheet in values.worksheets:
        if sheet is table1_sheet or sheet.sheet_state != "visible":
            continue
        grid = _grid(sheet, formulas[sheet.title], name)
        where = f"{name}, werkblad ‘{sheet.title}’"
        headings = find_headings(grid, labels, where, cell_names=True)
        if headings is not None:
            _refuse_merged(sheet, headings.row, where)
            return agreements(grid, headings, questions, text.own_label)
    return []


def _properties(workbook) -> dict[str, str]:
    found = {}
    for prop in getattr(workbook, "custom_doc_props", None) or []:
        if prop.name in PROPERTIES:
            found[prop.name] = cell_text(prop.value)
    return found
