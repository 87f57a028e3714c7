"""Tabel 1 and 2 from a grid of cells, as a spreadsheet or a CSV file holds them: found by their
column headings, not by position, so a table that Excel or LibreOffice Calc saved (with its intro text
above it, its columns moved) reads the same as the PDF form.

A cell is text, a number or a date; a date becomes "12-3-2027", text the action list reads as a date.
"""

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from .errors import UserError

MAX_ROWS = 500  # filled rows: Tabel 1 has one per team member, and a team has at most 500
HEADER_SEARCH = 30  # the headings are in one of the first rows, below the title and the intro


@dataclass(frozen=True)
class Cell:
    """Where a cell is, as the user sees it (row number, column letter or number), and its value."""

    row: int
    column: int  # from 1
    value: object


def cell_text(value: object) -> str:
    """A cell as the table's text: whitespace as the PDF form reads it, a date as "d-m-yyyy"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value.day}-{value.month}-{value.year}"
        return f"{value.day}-{value.month}-{value.year} {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.day}-{value.month}-{value.year}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}".replace(".", ",")
    return " ".join(str(value).split())


def heading_key(text: str) -> str:
    """A heading as compared: letters and digits only, lowercase, accents kept apart ("Wie?" is "wie")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())


def column_name(number: int) -> str:
    """A spreadsheet's column letters: 1 is A, 27 is AA."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


@dataclass(frozen=True)
class Headings:
    """Where the headings are: their row and, per column key, the column number."""

    row: int
    columns: dict[str, int]


def find_headings(
    rows: Sequence[Sequence[Cell]], labels: dict[str, str], where: str, cell_names: bool
) -> Headings | None:
    """The first row of the first few that holds at least two of the headings (label → key), checked whole:
    every heading there, none twice and none unknown. None when no row looks like the table's."""
    known = {heading_key(label): key for key, label in labels.items()}
    known.update({heading_key(key): key for key in labels})  # the CSV column's key, as actielijst.csv's keys
    for row in rows[:HEADER_SEARCH]:
        found = [(cell, known.get(heading_key(cell_text(cell.value)))) for cell in row if cell_text(cell.value)]
        if sum(1 for _, key in found if key) < 2:
            continue
        columns: dict[str, int] = {}
        for cell, key in found:
            place = _place(cell, cell_names)
            if key is None:
                raise UserError(
                    f"{where}: de kolom ‘{cell_text(cell.value)[:60]}’ ({place}) hoort niet bij de tabel. "
                    f"De kolommen heten: {_listed(labels.values())}. Haal de kolom weg of geef hem zijn naam terug."
                )
            if key in columns:
                raise UserError(f"{where}: de kolom ‘{labels[key]}’ staat er twee keer in ({place}).")
            columns[key] = cell.column
        missing = [label for key, label in labels.items() if key not in columns]
        line = f"{'rij' if cell_names else 'regel'} {row[0].row}"
        if missing:
            raise UserError(
                f"{where}: de kolom{'men' if len(missing) > 1 else ''} {_listed(missing)} "
                f"ontbre{'ken' if len(missing) > 1 else 'ekt'} ({line}). Zet de kolomnamen terug "
                "zoals ze in de tabel uit de kit staan."
            )
        return Headings(row[0].row, columns)
    return None


def table_rows(
    rows: Sequence[Sequence[Cell]], headings: Headings, labels: dict[str, str], where: str, cell_names: bool
) -> list[tuple[int, dict[str, str]]]:
    """The filled rows under the headings, numbered as rows of the table (1 is the first under the
    headings); a filled cell outside the table's columns is refused, never dropped unseen."""
    inside = set(headings.columns.values())
    filled = []
    for row in rows:
        if not row or row[0].row <= headings.row:
            continue
        for cell in row:
            if cell.column not in inside and cell_text(cell.value):
                raise UserError(
                    f"{where}: in {_place(cell, cell_names)} staat ‘{cell_text(cell.value)[:60]}’, naast de tabel, "
                    "in een kolom zonder kolomnaam. Zet het in een kolom van de tabel of haal het weg."
                )
        by_column = {cell.column: cell_text(cell.value) for cell in row}
        values = {key: by_column.get(number, "") for key, number in headings.columns.items()}
        if any(values.values()):
            filled.append((row[0].row - headings.row, {key: values[key] for key in labels}))
            if len(filled) > MAX_ROWS:
                raise UserError(
                    f"{where}: meer dan {MAX_ROWS} ingevulde rijen. Tabel 1 heeft een rij per teamlid, en een team "
                    f"heeft er hoogstens {MAX_ROWS}: is dit de goede tabel?"
                )
    return filled


def agreements(
    rows: Sequence[Sequence[Cell]],
    headings: Headings,
    questions: dict[str, str],
    own_label: str,
) -> list[tuple[str, str]]:
    """Tabel 2's answers: the handbook's questions in their order, then the team's own points."""
    known = {heading_key(label): label for label in questions.values()}
    answers: dict[str, str] = {}
    own: list[tuple[str, str]] = []
    question_column, answer_column = headings.columns["question"], headings.columns["answer"]
    for row in rows:
        if not row or row[0].row <= headings.row:
            continue
        by_column = {cell.column: cell_text(cell.value) for cell in row}
        question, answer = by_column.get(question_column, ""), by_column.get(answer_column, "")
        label = known.get(heading_key(question)) if question else None
        if label:
            answers[label] = answer
        elif question or answer:
            own.append((question, answer))
    found = [(label, answers.get(label, "")) for label in questions.values()]
    found += [(topic or f"{own_label} {number}", answer) for number, (topic, answer) in enumerate(own, 1)]
    return [(question, answer) for question, answer in found if answer]


def _place(cell: Cell, cell_names: bool) -> str:
    return f"cel {column_name(cell.column)}{cell.row}" if cell_names else f"regel {cell.row}, kolom {cell.column}"


def _listed(labels: Iterable[str]) -> str:
    quoted = [f"‘{label}’" for label in labels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " en " + quoted[-1]
