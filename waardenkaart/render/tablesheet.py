"""Tabel 1 and 2 as a spreadsheet (tabel1-sessie2.xlsx), for a school that keeps its lists in Excel: the
handbook's columns and intro text, a row per team member, the headings frozen, a date format for the
follow-up moment; Tabel 2 on a second sheet. `actielijst` reads it back filled.

Same profile, same bytes: the document's dates and the zip's entry times are fixed.
"""

import io
import zipfile
from datetime import datetime

from ..intake.content import Content
from ..intake.profile import Profile
from ..text.dutch import long_date
from ..text.merge import fill_text

FILE = "tabel1-sessie2.xlsx"
CHARACTERS_PER_WIDTH = 14  # a column's relative width in content/tabellen.toml, in characters of Calibri 11
DATE_FORMAT = "d-m-yyyy"  # shown the same in every language, and written the same in a CSV: 12-3-2027
FIXED_TIME = datetime(2000, 1, 1)  # the document's creation and change date, as in every zip the kit makes
FILL = "DCE9E2"  # the headings' background: a light tint of the action colour, black text on it
HEADING_COLUMNS = ("A", "B")
BODY_HEIGHT = 30  # points: two lines typed, or room to write by hand on a printed sheet


def table_sheet_file(profile: Profile, content: Content) -> bytes:
    """The workbook as bytes, the same for the same profile."""
    from openpyxl import Workbook  # only a kit needs to write a spreadsheet

    text = content.tables
    school = profile.school or content.fields["school"].blank
    datum = long_date(profile.sessie2, content.labels) if profile.sessie2 else ""
    meta = fill_text(text.meta, {"school": school, "jaar": profile.jaar, "datum": datum})
    book = Workbook()
    _table1(book.active, text, meta, profile.team)
    _table2(book.create_sheet(), text, meta)
    _properties(book, profile, f"Tabel 1 en 2 voor sessie 2: {school}, {profile.jaar}")
    return _fixed_zip(book)


def _table1(sheet, text, meta: str, team: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = text.table1_title.rstrip(".")
    columns = len(text.columns)
    last = get_column_letter(columns)
    sheet["A1"] = meta
    sheet["A1"].font = Font(size=9, color="404040")
    sheet["A2"] = text.table1_title
    sheet["A2"].font = Font(size=14, bold=True)
    sheet["A3"] = text.table1_intro
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"A3:{last}3")
    sheet.row_dimensions[3].height = 48
    # Named once, given to every cell by name: setting a style's parts per cell takes openpyxl long.
    body, dated = _cell_style("tabelcel"), _cell_style("tabeldatum")
    dated.number_format = DATE_FORMAT
    header = _cell_style("tabelkop")
    header.font, header.fill = Font(bold=True), PatternFill("solid", fgColor=FILL)
    header.alignment = Alignment(wrap_text=True, vertical="top")
    header_row = 5
    for number, column in enumerate(text.columns, 1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = round(column.width * CHARACTERS_PER_WIDTH, 1)
        sheet.cell(header_row, number, column.label).style = header
        style = dated if column.key == text.follow_up else body
        for row in range(header_row + 1, header_row + 1 + team):
            sheet.cell(row, number).style = style
    sheet.row_dimensions[header_row].height = 32
    for row in range(header_row + 1, header_row + 1 + team):
        sheet.row_dimensions[row].height = BODY_HEIGHT
    sheet.freeze_panes = f"A{header_row + 1}"
    _for_printing(sheet, f"{header_row}:{header_row}")


def _cell_style(name: str):
    """A cell of the table: a thin grey grid, text wrapped and at the top."""
    from openpyxl.styles import Alignment, Border, NamedStyle, Side

    thin = Side(style="thin", color="808080")
    return NamedStyle(
        name,
        border=Border(left=thin, right=thin, top=thin, bottom=thin),
        alignment=Alignment(wrap_text=True, vertical="top"),
    )


def _table2(sheet, text, meta: str) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = text.table2_title.rstrip(".")
    sheet["A1"] = meta
    sheet["A1"].font = Font(size=9, color="404040")
    sheet["A2"] = text.table2_title
    sheet["A2"].font = Font(size=14, bold=True)
    sheet["A3"] = text.table2_intro
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A3:B3")
    sheet.row_dimensions[3].height = 48
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 70
    header_row = 5
    for letter, label in zip(HEADING_COLUMNS, (text.question, text.answer)):
        cell = sheet[f"{letter}{header_row}"]
        cell.value = label
        cell.style = "tabelkop"
    rows = [question.label for question in text.questions]
    rows += [f"{text.own_label} {number}" for number in range(1, text.own_items + 1)]
    for row, label in enumerate(rows, header_row + 1):
        sheet[f"A{row}"] = label
        for letter in HEADING_COLUMNS:
            sheet[f"{letter}{row}"].style = "tabelcel"
        sheet.row_dimensions[row].height = 45
    sheet.freeze_panes = f"A{header_row + 1}"
    _for_printing(sheet, f"{header_row}:{header_row}")


def _for_printing(sheet, title_rows: str) -> None:
    """A4 landscape, as wide as the page, the headings on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def _properties(book, profile: Profile, title: str) -> None:
    """What the kit knows that a filled table needs back: session 2's date (for a date without a year),
    the school and the year of the dream, as the PDF form carries them."""
    from openpyxl.packaging.custom import StringProperty

    book.properties.title = title
    book.properties.creator = "waardenkaart"
    book.properties.created = book.properties.modified = FIXED_TIME
    book.properties.lastModifiedBy = None
    values = {
        "WaardenkaartSessie2": profile.sessie2.date().isoformat() if profile.sessie2 else "",
        "WaardenkaartSchool": profile.school or "",
        "WaardenkaartJaar": str(profile.jaar),
    }
    for name, value in values.items():
        if value:
            book.custom_doc_props.append(StringProperty(name=name, value=value))


def _fixed_zip(book) -> bytes:
    """openpyxl's package, its entries in the same order with a fixed time: the same bytes every run."""
    from openpyxl.writer.excel import ExcelWriter

    made = io.BytesIO()
    with zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    fixed = io.BytesIO()
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()
