"""Tabel 1 and 2 as named fields, the names of the kit's PDF form (tabel1.r001.actiepunt,
tabel2.followup, tabel2.eigen1.onderwerp): what a web form types and what a page carries back in hidden
fields, so a table read once from a file is made again from the request alone, nothing kept between.
"""

import re
import unicodedata
from collections.abc import Mapping
from datetime import date

from .content import Content
from .errors import UserError
from .filledtables import FilledTables

MAX_ROWS = 500  # a row per team member, as the profile's largest team
MAX_CELL = 1000  # characters in one cell: a long action point is some 300
_ROW = re.compile(r"^tabel1\.r(\d{3})\.(\w+)$")


def cleaned(text: str) -> str:
    """What a person typed, without characters nobody sees (control characters), whitespace as one space."""
    kept = "".join(char for char in text if char.isspace() or unicodedata.category(char) != "Cc")
    return " ".join(kept.split())


def row_field(number: int, key: str) -> str:
    return f"tabel1.r{number:03d}.{key}"


def own_fields(number: int) -> tuple[str, str]:
    return f"tabel2.eigen{number}.onderwerp", f"tabel2.eigen{number}.antwoord"


def filled_from_fields(
    values: Mapping[str, str], content: Content, reference: date, school: str = "", year: str = ""
) -> tuple[FilledTables, dict[str, str]]:
    """The tables the fields hold, and a Dutch message per field that is too long; rows in their order,
    empty ones left out, numbered as typed."""
    text = content.tables
    keys = [column.key for column in text.columns]
    errors: dict[str, str] = {}

    def value(name: str) -> str:
        typed = cleaned(values.get(name, "") or "")
        if len(typed) > MAX_CELL:
            errors[name] = f"Hoogstens {MAX_CELL} tekens in een vak; hier staan er {len(typed)}."
        return typed

    numbers = sorted({int(m[1]) for name in values if (m := _ROW.match(name)) and m[2] in keys})
    if numbers and numbers[-1] > MAX_ROWS:
        raise UserError(f"Tabel 1 heeft hoogstens {MAX_ROWS} rijen, een per teamlid.")
    rows = []
    for number in numbers:
        row = {key: value(row_field(number, key)) for key in keys}
        if any(row.values()):
            rows.append((number, row))
    found = [(question.label, value(f"tabel2.{question.key}")) for question in text.questions]
    for number in range(1, text.own_items + 1):
        topic_name, answer_name = own_fields(number)
        topic = value(topic_name)
        found.append((topic or f"{text.own_label} {number}", value(answer_name)))
    agreements = [(question, answer) for question, answer in found if answer]
    return FilledTables(rows, agreements, reference, school, year), errors


def table_fields(filled: FilledTables, content: Content) -> list[tuple[str, str]]:
    """The filled tables as (field name, value): read back by `filled_from_fields` as the same tables."""
    text = content.tables
    pairs = [(row_field(number, key), value) for number, row in filled.rows for key, value in row.items() if value]
    labels = {question.label: question.key for question in text.questions}
    own = 0
    for question, answer in filled.agreements:
        if question in labels:
            pairs.append((f"tabel2.{labels[question]}", answer))
        elif own < text.own_items:
            own += 1
            topic_name, answer_name = own_fields(own)
            default = f"{text.own_label} {own}"
            pairs += [(topic_name, "" if question == default else question), (answer_name, answer)]
    return pairs
