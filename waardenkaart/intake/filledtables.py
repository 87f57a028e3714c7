"""Tabel 1 and 2 as read back after session 2, from whichever file the school filled in (the PDF form,
a spreadsheet or a CSV): the readers make it, the action list and the action cards read it."""

import re
from dataclasses import dataclass
from datetime import date

YEARS = (2000, 2099)  # a follow-up date outside these is a typo, and a calendar cannot hold year 10000


@dataclass(frozen=True)
class FilledTables:
    rows: list[tuple[int, dict[str, str]]]  # (row number, column key → text), filled rows only
    agreements: list[tuple[str, str]]  # (question, answer) of Tabel 2, filled ones only
    reference: date  # session 2, or the day the file was read
    school: str = ""  # as the kit that made the tables had it; empty for a neutral kit
    year: str = ""  # the year of the dream


def iso_date(text: str) -> date | None:
    """A date written as 2027-03-12, within YEARS; None for anything else."""
    try:
        found = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None
    return found if found and YEARS[0] <= found.year <= YEARS[1] else None
