"""The team's action points as the paper of step 4 needs them: one per filled row of Tabel 1, with the
people named in "Wie", the follow-up moment read as a date, and the texts the cards and poster add.

The team's words are kept exactly as written; a follow-up moment that is not a date stays as written
and gets a line to write the date on.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from ..intake.content import Content, default_content
from ..intake.data import read_file
from ..intake.errors import UserError
from ..intake.filledtables import FilledTables
from ..intake.resources import data_dir
from ..intake.usertext import invisible, text_problem
from .documenttexts import checked_texts

TEXTS_FILE = "actiekaarten.toml"
# Unicode categories of characters nobody sees (control and format characters): left off the paper.
INVISIBLE = ("Cc", "Cf")
# Where one name in "Wie" ends and the next begins: a comma, semicolon, slash, ampersand, plus or "en".
_NAME_SEPARATOR = re.compile(r"\s*(?:[,;/&+\n]|\ben\b)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ActionTexts:
    """content/actiekaarten.toml: texts from the handbook and texts of our own, each by key."""

    action: str  # the column keys of Tabel 1 with the action, the people and when they do it
    people: str
    when: str
    handbook: dict[str, str]
    ours: dict[str, str]


HANDBOOK_TEXTS = {"motto": set()}
OUR_TEXTS = {
    "card_kind": set(),
    "card_title": {"naam"},
    "card_subtitle": {"naam"},
    "continued_subtitle": {"naam"},
    "continued": set(),
    "continued_next": set(),
    "write_date": set(),
    "poster_title": {"school", "jaar"},
    "poster_subtitle": {"school", "jaar"},
    "agreements": set(),
    "poster_who": set(),
    "poster_when": set(),
    "poster_page": {"page", "pages"},
}


def load_action_texts(folder: Path, content: Content) -> ActionTexts:
    """Read and check the file; the columns it names must be columns of Tabel 1."""
    root = read_file(folder, TEXTS_FILE)
    root.only("kolommen", "handboek", "eigen")
    columns, handbook, ours = root.sub("kolommen"), root.sub("handboek"), root.sub("eigen")
    columns.only("action", "people", "when")
    handbook.only(*HANDBOOK_TEXTS)
    ours.only("ours", *OUR_TEXTS)
    if ours.get("ours", bool, False) is not True:
        raise ours.fail("ours", "ontbreekt: zet ours = true, want deze teksten staan niet in het handboek.")
    keys = tuple(column.key for column in content.tables.columns)
    return ActionTexts(
        *(columns.get(key, str, choices=keys) for key in ("action", "people", "when")),
        checked_texts(handbook, HANDBOOK_TEXTS),
        checked_texts(ours, OUR_TEXTS),
    )


@cache
def default_action_texts() -> ActionTexts:
    return load_action_texts(data_dir("content"), default_content())


@dataclass(frozen=True)
class ActionPoint:
    """One filled row of Tabel 1."""

    row: int
    fields: dict[str, str]  # column key → the team's text, as written
    people: tuple[str, ...]  # the names in "Wie", each as written; empty when nobody is named
    follow_up: date | None  # the follow-up moment, when it reads as a date


def split_names(who: str) -> tuple[str, ...]:
    """The people in a "Wie" cell: "Anna en Bram", "Anna, Bram" or "Anna; Bram" are two.

    Only split when every part has a letter, so "groep 5 en 6" stays one entry.
    """
    if not who.strip():
        return ()
    parts = [part for part in _NAME_SEPARATOR.split(who.strip()) if part]
    if len(parts) > 1 and all(re.search(r"[^\W\d_]", part) for part in parts):
        return tuple(parts)
    return (who.strip(),)


def action_points(filled: FilledTables, texts: ActionTexts, dates: dict[int, date]) -> list[ActionPoint]:
    """The filled rows in table order (a row is left out only when it is empty), each with the follow-up
    date the action list put in the calendar: what it doubts is no date on paper either."""
    points = []
    for number, row in filled.rows:
        fields = {key: _shown(value) for key, value in row.items()}
        points.append(ActionPoint(number, fields, split_names(fields.get(texts.people, "")), dates.get(number)))
    return points


def _shown(text: str) -> str:
    """A cell as it is printed: composed (NFC), without the characters that print nothing (intake/usertext.py)."""
    return "".join(char for char in unicodedata.normalize("NFC", text) if not invisible(char))


def by_follow_up(points: list[ActionPoint]) -> list[ActionPoint]:
    """The order of the poster: by follow-up date, then the undated ones, each group in table order."""
    return sorted(points, key=lambda point: (point.follow_up is None, point.follow_up or date.min, point.row))


def check_printable(filled: FilledTables, points: list[ActionPoint], content: Content, covers) -> None:
    """Refuse text the font cannot print, naming row, column and characters: paper never drops a letter.

    `covers(char)` says whether the bundled font has the character. A loose accent or a cell of invisible
    characters only is refused first, by the profile's rule (intake/usertext.py).
    """
    labels = {column.key: column.label for column in content.tables.columns}
    _check_visible(filled, labels, content)
    problems = []
    for point in points:
        for key, value in point.fields.items():
            missing = _missing(value, covers)
            if missing:
                problems.append(f"rij {point.row}, ‘{labels.get(key, key)}’: {missing}")
    for question, answer in filled.agreements:
        missing = _missing(question + answer, covers)
        if missing:
            problems.append(f"{content.tables.table2_title.rstrip('.')}, ‘{question}’: {missing}")
    missing = _missing(filled.school, covers)
    if missing:
        problems.append(f"{content.fields['school'].label}: {missing}")
    if problems:
        raise UserError(
            "deze tekens kan het lettertype van de kaartjes en de poster niet drukken: "
            + "; ".join(problems)
            + ". Haal ze weg uit de tabel of vervang ze door woorden, en probeer het opnieuw."
        )


def _check_visible(filled: FilledTables, labels: dict[str, str], content: Content) -> None:
    table2 = content.tables.table2_title.rstrip(".")
    cells = [(f"rij {n}, ‘{labels.get(key, key)}’", text) for n, row in filled.rows for key, text in row.items()]
    for question, answer in filled.agreements:
        cells += [(f"{table2}, ‘{question}’", question), (f"{table2}, ‘{question}’", answer)]
    cells.append((content.fields["school"].label, filled.school))
    problems = [(where, problem) for where, value in cells if (problem := text_problem(value))]
    if problems:
        where, problem = problems[0]
        others = len(problems) - 1
        more = f" (en nog {others} {'cel' if others == 1 else 'cellen'} zo)" if others else ""
        raise UserError(f"in de tabel, {where}{more}: {problem}")


def _missing(text: str, covers) -> str:
    """The visible characters of `text` the font lacks, each once; invisible ones (an emoji's joiner and
    variation selector) are left off the paper anyway, and skin tones go with their emoji."""
    seen = []
    for char in text:
        if char.isspace() or covers(char) or char in seen or unicodedata.category(char) in INVISIBLE:
            continue
        if "\ufe00" <= char <= "\ufe0f" or "\U0001f3fb" <= char <= "\U0001f3ff":
            continue
        seen.append(char)
    return " ".join(seen)
