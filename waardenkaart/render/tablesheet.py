"""Tabel 1 and 2 as a spreadsheet (tabel1-sessie2.xlsx), for a school that keeps its lists in Excel: the
handbook's columns and intro text, a row per team member, the headings frozen, a date format for the
follow-up moment; Tabel 2 on a second sheet. `actielijst` reads it back filled (with openpyxl).

The workbook is written here as the few XML parts of Office Open XML that it needs: a kit makes it in
a few milliseconds instead of importing and running openpyxl (some 60 ms a kit, more at start-up), and
the same profile gives the same bytes by construction: fixed document dates and zip entry times.
"""

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ..intake.content import Content
from ..intake.profile import Profile
from ..text.dutch import long_date
from ..text.merge import fill_text

FILE = "tabel1-sessie2.xlsx"
CHARACTERS_PER_WIDTH = 14  # a column's relative width in content/tabellen.toml, in characters of Calibri 11
DATE_FORMAT = "d-m-yyyy"  # shown the same in every language, and written the same in a CSV: 12-3-2027
FIXED_TIME = "2000-01-01T00:00:00Z"  # the document's creation and change date, as in every zip the kit makes
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FILL = "DCE9E2"  # the headings' background: a light tint of the action colour, black text on it
GRID = "808080"
HEADER_ROW = 5  # below the meta line, the title, the intro and a blank row
INTRO_HEIGHT, HEADER_HEIGHT = 48, 32  # points
BODY_HEIGHT = 30  # points: two lines typed, or room to write by hand on a printed sheet
TABLE2_HEIGHT = 45
TABLE2_WIDTHS = (50, 70)
# Cell formats of xl/styles.xml, by the index a cell names in its `s`.
META, TITLE, INTRO, HEADING, BODY, DATE = 1, 2, 3, 4, 5, 6


@dataclass(frozen=True)
class _Sheet:
    name: str
    widths: tuple[float, ...]
    rows: list[tuple[int, float | None, list[tuple[int, int, str]]]]  # (row, height, [(column, format, text)])
    merged: str
    title_rows: str


def table_sheet_file(profile: Profile, content: Content) -> bytes:
    """The workbook as bytes, the same for the same profile."""
    text = content.tables
    school = profile.school or content.fields["school"].blank
    datum = long_date(profile.sessie2, content.labels) if profile.sessie2 else ""
    year = profile.jaar or content.fields["jaar"].blank  # "20__" when the year is not known, as on paper
    meta = fill_text(text.meta, {"school": school, "jaar": year, "datum": datum})
    sheets = [_table1(text, meta, profile.team), _table2(text, meta)]
    properties = {
        "WaardenkaartSessie2": profile.sessie2.date().isoformat() if profile.sessie2 else "",
        "WaardenkaartSchool": profile.school or "",
        "WaardenkaartJaar": str(profile.jaar or ""),
    }
    title = f"Tabel 1 en 2 voor sessie 2: {school}, {year}"
    return _package(sheets, title, {name: value for name, value in properties.items() if value})


def _intro(text_title: str, intro: str, meta: str, last_column: int) -> list:
    return [
        (1, None, [(1, META, meta)]),
        (2, None, [(1, TITLE, text_title)]),
        (3, INTRO_HEIGHT, [(1, INTRO, intro)] + [(column, INTRO, "") for column in range(2, last_column + 1)]),
    ]


def _table1(text, meta: str, team: int) -> _Sheet:
    columns = len(text.columns)
    rows = _intro(text.table1_title, text.table1_intro, meta, columns)
    rows.append((HEADER_ROW, HEADER_HEIGHT, [(n, HEADING, c.label) for n, c in enumerate(text.columns, 1)]))
    formats = [DATE if column.key == text.follow_up else BODY for column in text.columns]
    for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + team):
        rows.append((row, BODY_HEIGHT, [(n, style, "") for n, style in enumerate(formats, 1)]))
    widths = tuple(round(column.width * CHARACTERS_PER_WIDTH, 1) for column in text.columns)
    return _Sheet(
        text.table1_title.rstrip("."), widths, rows, f"A3:{_letter(columns)}3", f"${HEADER_ROW}:${HEADER_ROW}"
    )


def _table2(text, meta: str) -> _Sheet:
    rows = _intro(text.table2_title, text.table2_intro, meta, 2)
    rows.append((HEADER_ROW, None, [(1, HEADING, text.question), (2, HEADING, text.answer)]))
    labels = [question.label for question in text.questions]
    labels += [f"{text.own_label} {number}" for number in range(1, text.own_items + 1)]
    for row, label in enumerate(labels, HEADER_ROW + 1):
        rows.append((row, TABLE2_HEIGHT, [(1, BODY, label), (2, BODY, "")]))
    return _Sheet(text.table2_title.rstrip("."), TABLE2_WIDTHS, rows, "A3:B3", f"${HEADER_ROW}:${HEADER_ROW}")


def _letter(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _worksheet(sheet: _Sheet) -> str:
    last = max(row for row, _, _ in sheet.rows)
    parts = [
        _XML,
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
        f'<dimension ref="A1:{_letter(len(sheet.widths))}{last}"/>',
        '<sheetViews><sheetView workbookViewId="0">',
        f'<pane ySplit="{HEADER_ROW}" topLeftCell="A{HEADER_ROW + 1}" activePane="bottomLeft" state="frozen"/>',
        f'<selection pane="bottomLeft" activeCell="A{HEADER_ROW + 1}" sqref="A{HEADER_ROW + 1}"/>',
        "</sheetView></sheetViews>",
        '<sheetFormatPr defaultRowHeight="15"/>',
        "<cols>",
        *(f'<col min="{n}" max="{n}" width="{width:g}" customWidth="1"/>' for n, width in enumerate(sheet.widths, 1)),
        "</cols><sheetData>",
    ]
    for row, height, cells in sheet.rows:
        size = f' ht="{height:g}" customHeight="1"' if height else ""
        parts.append(f'<row r="{row}"{size}>')
        for column, style, value in cells:
            reference = f"{_letter(column)}{row}"
            if value:
                inline = f'<is><t xml:space="preserve">{escape(value)}</t></is>'
                parts.append(f'<c r="{reference}" s="{style}" t="inlineStr">{inline}</c>')
            else:
                parts.append(f'<c r="{reference}" s="{style}"/>')
        parts.append("</row>")
    parts += [
        "</sheetData>",
        f'<mergeCells count="1"><mergeCell ref="{sheet.merged}"/></mergeCells>',
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>',
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
        "</worksheet>",
    ]
    return "".join(parts)


def _package(sheets: list[_Sheet], title: str, properties: dict[str, str]) -> bytes:
    names = [sheet.name for sheet in sheets]
    workbook = "".join(
        [
            _XML,
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>',
            *(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)),
            "</sheets><definedNames>",
            *(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
                f"{escape(_quoted(sheet.name))}!{sheet.title_rows}</definedName>"
                for n, sheet in enumerate(sheets)
            ),
            "</definedNames></workbook>",
        ]
    )
    workbook_rels = _relationships(
        [(f"rId{n}", f"{_OFFICE}/worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(sheets) + 1)]
        + [(f"rId{len(sheets) + 1}", f"{_OFFICE}/styles", "styles.xml")]
    )
    root_rels = _relationships(
        [
            ("rId1", f"{_OFFICE}/officeDocument", "xl/workbook.xml"),
            ("rId2", f"{_PACKAGE}/metadata/core-properties", "docProps/core.xml"),
            ("rId3", f"{_OFFICE}/extended-properties", "docProps/app.xml"),
            ("rId4", f"{_OFFICE}/custom-properties", "docProps/custom.xml"),
        ]
    )
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPE}.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    content_types = (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.spreadsheetml.sheet.main+xml"/>'
        f"{sheet_types}"
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_TYPE}.extended-properties+xml"/>'
        f'<Override PartName="/docProps/custom.xml" ContentType="{_TYPE}.custom-properties+xml"/>'
        "</Types>"
    )
    core = (
        f'{_XML}<cp:coreProperties xmlns:cp="{_PACKAGE}/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>waardenkaart</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    app = (
        f'{_XML}<Properties xmlns="{_OFFICE_DOC}/extended-properties">'
        "<Application>waardenkaart</Application></Properties>"
    )
    custom = "".join(
        [
            f'{_XML}<Properties xmlns="{_OFFICE_DOC}/custom-properties" xmlns:vt="{_OFFICE_DOC}/docPropsVTypes">',
            *(
                f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" name={quoteattr(name)}>'
                f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
                for pid, (name, value) in enumerate(properties.items(), 2)
            ),
            "</Properties>",
        ]
    )
    parts = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": root_rels,
        "docProps/app.xml": app,
        "docProps/core.xml": core,
        "docProps/custom.xml": custom,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": workbook_rels,
        "xl/styles.xml": _STYLES,
        **{f"xl/worksheets/sheet{n}.xml": _worksheet(sheet) for n, sheet in enumerate(sheets, 1)},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()


def _quoted(name: str) -> str:
    """A sheet's name in a formula: in single quotes, a quote in it doubled."""
    return "'" + name.replace("'", "''") + "'"


def _relationships(items: list[tuple[str, str, str]]) -> str:
    return "".join(
        [
            _XML,
            f'<Relationships xmlns="{_PACKAGE}/relationships">',
            *(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items),
            "</Relationships>",
        ]
    )


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE = _REL
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument"
_WRAP = '<alignment vertical="top" wrapText="1"/>'
# Fonts: 0 the sheet's, 1 bold, 2 the title, 3 the meta line. Fills: 0 and 1 as Excel requires them,
# 2 the headings'. Borders: 0 none, 1 the grid. The cell formats, in the order of META ... DATE above.
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="4">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>'
    '<font><sz val="9"/><color rgb="FF404040"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{FILL}"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>'
    + "".join(f'<{side} style="thin"><color rgb="FF{GRID}"/></{side}>' for side in ("left", "right", "top", "bottom"))
    + "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">{_WRAP}</xf>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    f'applyAlignment="1">{_WRAP}</xf>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1">{_WRAP}</xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" '
    f'applyAlignment="1">{_WRAP}</xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
