"""Reading a filled Tabel 1 (and Tabel 2) back: the action points as a CSV for Excel and the
follow-up moments as calendar events. A date that cannot be read is reported, never guessed."""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pypdf import PdfReader
from pypdf.errors import DependencyError

from .intake.content import Content, TablesText
from .intake.errors import UserError
from .intake.filledtables import YEARS, FilledTables, iso_date
from .prepress.pdfread import dictionary
from .render.spreadsheet import excel_csv
from .text.dutch import day_month_year, day_name, read_date, stated_weekday
from .text.merge import fill_text
from .text.untrusted import cleaned

_ROW = re.compile(r"^tabel1\.r(\d{3})\.(\w+)$")
MAX_FILE_BYTES = 100_000_000  # a filled table is about 2 MB; pypdf scans a damaged file this size in seconds
MAX_FIELDS = 50_000  # a table for 500 people has about 3,000
# A cell of Tabel 1 holds a sentence or two; its field on paper takes some 150 characters, and a card
# continues a long text on its back and on a next card (1,800 characters take two cards). Beyond this a
# cell is no action point, and its cards would take minutes to set.
MAX_CELL_CHARS = 2_000
QUOTED_CHARS = 60  # of a cell quoted in a warning
# What the kit wrote in the tables' document information: session 2's date, the school, the dream's year.
INFO_KEYS = ("/WaardenkaartSessie2", "/WaardenkaartSchool", "/WaardenkaartJaar")
CSV_FILE, AGREEMENTS_FILE, CALENDAR_FILE = "actielijst.csv", "afspraken.csv", "terugkommomenten.ics"
FILES = (CSV_FILE, AGREEMENTS_FILE, CALENDAR_FILE)


@dataclass(frozen=True)
class ActionList:
    files: dict[str, bytes]
    actions: int
    events: int
    warnings: list[str]
    dates: dict[int, date] = field(default_factory=dict)  # row → its follow-up date, as in the calendar


def read_filled_tables(data: bytes, name: str, content: Content, today: date) -> FilledTables:
    """The filled rows and agreements; a file that is no readable, unlocked table gets a Dutch message."""
    if len(data) > MAX_FILE_BYTES:
        raise UserError(
            f"{name}: het bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB; dat is geen ingevulde tabel."
        )
    try:
        try:
            reader = PdfReader(io.BytesIO(data))
        except DependencyError:  # AES: pypdf needs an extra package to open it; locked either way
            reader = None
        if reader is None or reader.is_encrypted:
            raise UserError(
                f"{name}: het bestand is beveiligd (versleuteld), zodat ik de tabel niet kan lezen. Bewaar het "
                "zonder beveiliging en probeer het opnieuw."
            )
        fields_array = dictionary(dictionary(reader.trailer.get("/Root")).get("/AcroForm")).get("/Fields")
        if fields_array is not None and len(fields_array.get_object()) > MAX_FIELDS:
            raise UserError(f"{name}: meer dan {MAX_FIELDS} formuliervelden; dat is geen tabel van waardenkaart.")
        fields = reader.get_fields() or {}
        info = dictionary(reader.trailer.get("/Info"))
        session, school, year = (str(info.get(key, "") or "") for key in INFO_KEYS)
    except UserError:
        raise
    except RecursionError:
        raise UserError(f"{name}: de formuliervelden zijn te diep genest; het bestand is beschadigd.") from None
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged file; the user needs one sentence
        raise UserError(
            f"{name}: geen leesbaar PDF-bestand: het is beschadigd of volgt de PDF-norm niet. Bewaar het "
            "opnieuw als PDF vanuit uw PDF-lezer."
        ) from None
    text = content.tables
    if f"tabel1.r001.{text.columns[0].key}" not in fields:
        raise UserError(
            f"{name}: dit is geen Tabel 1 van waardenkaart; er staan geen tabelvelden in. Gebruik "
            "tabellen-sessie2-A4.pdf uit de kit, ingevuld in een PDF-lezer."
        )
    values = {key: _text(field.get("/V")) for key, field in fields.items()}
    rows: dict[int, dict[str, str]] = {}
    for key, value in values.items():
        match = _ROW.match(key)
        if match:
            rows.setdefault(int(match[1]), {})[match[2]] = value
    filled = [
        (number, {c.key: row.get(c.key, "") for c in text.columns})
        for number, row in sorted(rows.items())
        if any(row.values())
    ]
    agreements = _agreements(values, text)
    _check_lengths(name, filled, agreements, text)
    reference = iso_date(session) or today
    return FilledTables(filled, agreements, reference, _school(school, name), _year(year))


def _check_lengths(name: str, rows, agreements, text: TablesText) -> None:
    """A cell longer than MAX_CELL_CHARS is refused by row and column: no team writes an action point so long."""
    labels = {column.key: column.label for column in text.columns}
    long = [(f"rij {number}, ‘{labels[key]}’", len(value)) for number, row in rows for key, value in row.items()]
    long += [(f"{text.table2_title.rstrip('.')}, ‘{quoted(question)}’", len(answer)) for question, answer in agreements]
    long = [(where, length) for where, length in long if length > MAX_CELL_CHARS]
    if long:
        where, length = long[0]
        more = f" (en nog {len(long) - 1} andere cellen)" if len(long) > 1 else ""
        raise UserError(
            f"{name}: {where} telt {thousands(length)} tekens{more}; een cel van de tabel mag er hoogstens "
            f"{thousands(MAX_CELL_CHARS)} hebben. Maak de tekst korter en probeer het opnieuw."
        )


def _school(value, name: str) -> str:
    """The school's name as the kit wrote it, checked as the profile checks it; a name that would not
    pass (a file edited by hand) is left off, and the cards get the blank line for it."""
    from .intake.profile import build_profile  # the profile's checks; imported here: profile imports much

    try:
        school = build_profile({"school": _text(value)}, file_name=name).school or ""
    except UserError:
        return ""
    return school if any(char.isalnum() for char in school) else ""


def _year(value) -> str:
    text = _text(value)
    return text if re.fullmatch(r"[0-9]{4}", text) and YEARS[0] <= int(text) <= YEARS[1] else ""


def quoted(text: str) -> str:
    """A cell as a message quotes it: the first QUOTED_CHARS characters."""
    return text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1].rstrip() + "…"


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def read_tables_file(data: bytes, name: str, content: Content, today: date) -> FilledTables:
    """The filled tables from the kit's PDF form, a spreadsheet (.xlsx) or a CSV file, by what the file
    holds rather than its name; a table without action points is refused, nothing is made from it."""
    if b"%PDF-" in data[:1024]:
        filled = read_filled_tables(data, name, content, today)
    elif data.startswith(b"PK\x03\x04"):
        from .intake.tablexlsx import read_sheet_tables

        filled = read_sheet_tables(data, name, content, today)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):  # the old .xls format, or an .xlsx locked with a password
        raise UserError(
            f"{name}: dit is een oud Excel-bestand (.xls) of een spreadsheet met een wachtwoord. Sla de tabel "
            "in Excel op als ‘Excel-werkmap (.xlsx)’ zonder wachtwoord en probeer het opnieuw."
        )
    else:
        from .intake.tablecsv import read_csv_tables

        filled = read_csv_tables(data, name, content, today)
    if not filled.rows:
        raise UserError(
            f"{name}: de tabel bevat geen actiepunten: alle rijen van Tabel 1 zijn leeg. Waarschijnlijk is hij "
            "wel ingevuld maar niet opgeslagen. Open het bestand, kijk of de actiepunten erin staan, sla het op "
            "(in een PDF-lezer met ‘Opslaan’, niet alleen sluiten) en probeer het opnieuw."
        )
    return filled


def _text(value) -> str:
    """A field's or an entry's value as one line of text, without control characters (see text/untrusted.py)."""
    return cleaned(str(value)) if value is not None else ""


def _agreements(values: dict[str, str], text: TablesText) -> list[tuple[str, str]]:
    found = [(q.label, values.get(f"tabel2.{q.key}", "")) for q in text.questions]
    for number in range(1, text.own_items + 1):
        topic = values.get(f"tabel2.eigen{number}.onderwerp", "")
        found.append((topic or f"{text.own_label} {number}", values.get(f"tabel2.eigen{number}.antwoord", "")))
    return [(question, answer) for question, answer in found if answer]


def action_list(filled: FilledTables, content: Content, stamp: datetime) -> ActionList:
    """The CSV files and the calendar; `stamp` is the calendar's creation moment (UTC)."""
    text = content.tables
    files = {
        CSV_FILE: excel_csv(
            [c.label for c in text.columns], [[row[c.key] for c in text.columns] for _, row in filled.rows]
        )
    }
    if filled.agreements:
        files[AGREEMENTS_FILE] = excel_csv([text.question, text.answer], [list(pair) for pair in filled.agreements])
    events, warnings, dates = [], [], {}
    follow_up_label = next(c.label for c in text.columns if c.key == text.follow_up)
    for number, row in filled.rows:
        written = row[text.follow_up]
        if not written:
            continue
        when = read_date(written, filled.reference)
        if when is not None and not YEARS[0] <= when.year <= YEARS[1]:
            when = None
        if when is None:
            warnings.append(
                f"rij {number}: ‘{quoted(written)}’ in ‘{follow_up_label}’ is geen datum die ik kan lezen; "
                "zet dit terugkommoment zelf in de agenda."
            )
            continue
        stated = stated_weekday(written)
        if stated is not None and stated != when.weekday():  # which of the two is meant is not ours to guess
            warnings.append(
                f"rij {number}: ‘{quoted(written)}’ in ‘{follow_up_label}’: {day_month_year(when)} is een "
                f"{day_name(when.weekday())}, geen {day_name(stated)}; zet dit terugkommoment zelf in de agenda."
            )
            continue
        events.append((when, fill_text(text.event_summary, row), fill_text(text.event_description, row)))
        dates[number] = when
    if filled.agreements:
        question, answer = filled.agreements[0]
        when = read_date(answer, filled.reference) if question == text.questions[0].label else None
        if when and YEARS[0] <= when.year <= YEARS[1] and stated_weekday(answer) in (None, when.weekday()):
            events.append((when, text.follow_up_summary, answer))
    if events:
        files[CALENDAR_FILE] = _calendar(events, stamp)
    return ActionList(files, len(filled.rows), len(events), warnings, dates)


def _calendar(events: list[tuple[date, str, str]], stamp: datetime) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//waardenkaart//actielijst//NL", "CALSCALE:GREGORIAN"]
    for when, summary, description in events:
        uid = hashlib.sha1(f"{when}|{summary}|{description}".encode()).hexdigest()
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@waardenkaart",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{when:%Y%m%d}",
            f"DTEND;VALUE=DATE:{when + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _escape(value: str) -> str:
    """TEXT as RFC 5545 writes it; control characters, which it forbids, are left out."""
    value = "".join(char for char in value if char in "\r\n" or unicodedata.category(char) != "Cc")
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545: lines of at most 75 octets, continued with a space, never splitting a character."""
    parts, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not parts else 74):
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)
