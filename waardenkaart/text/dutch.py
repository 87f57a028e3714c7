"""Dates and times in Dutch, with babel: written in the patterns of content/labels.toml, and read back
from what people type in a table.

babel is imported where a date is first written or read: a kit without dates starts without it.
"""

import re
from datetime import date, datetime, time, timedelta
from functools import cache

from ..intake.content import Labels


def long_date(value: date, labels: Labels) -> str:
    """E.g. "dinsdag 12 januari 2027"."""
    from babel.dates import format_date

    return format_date(value, labels.date_format, locale="nl_NL")


def clock(value: time | datetime, labels: Labels) -> str:
    """E.g. "15.10 uur"."""
    from babel.dates import format_time

    return format_time(value, labels.time_format, locale="nl_NL")


@cache
def _month_words() -> dict[str, int]:
    """Made on first use: babel's Dutch locale data takes a noticeable part of a start-up."""
    from babel.dates import get_month_names

    words = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="nl_NL").items():
            words[name.lower().rstrip(".")] = number
    return words


@cache
def _named_pattern() -> re.Pattern:
    months = "|".join(sorted((re.escape(word) for word in _month_words()), key=len, reverse=True))
    return re.compile(rf"\b(\d{{1,2}})\s+({months})[a-z]*\.?(?:\s+(\d{{4}}))?", re.IGNORECASE)


# A date of digits stands alone: no digit or separator right before it, and no digit (as in "12-3-99999")
# or letter right after it, so a part of a longer number is never read as a date.
_NUMERIC = re.compile(
    r"(?<![\d/.-])(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{4}|\d{2}))?(?!\s*[-/.]?\s*\d)(?![^\W\d_])"
)
_ISO = re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/.-])(?![^\W\d_])")  # 2027-03-12
_WEEK = re.compile(r"\bweek\s*(\d{1,2})(?:\s+(?:van\s+)?(\d{4}))?\b", re.IGNORECASE)


@cache
def _day_words() -> dict[str, int]:
    """Made on first use, as the month names are."""
    from babel.dates import get_day_names

    return {
        name.lower().rstrip("."): number
        for width in ("wide", "abbreviated")
        for number, name in get_day_names(width, locale="nl_NL").items()
    }


@cache
def _stated_day_pattern() -> re.Pattern:
    days = "|".join(sorted((re.escape(word) for word in _day_words()), key=len, reverse=True))
    return re.compile(rf"\b({days})\.?,?\s+(?=\d)", re.IGNORECASE)


def read_date(text: str, reference: date) -> date | None:
    """The first date in `text` as a Dutch user writes it, or None.

    "12-3-2027", "12/3/27", "2027-03-12", "12 maart 2027", "di 12 mrt", "week 12" (its Monday). Without a year the
    date is the first such day on or after `reference` (the day of session 2, or today).
    """
    for pattern, build in ((_ISO, _iso), (_named_pattern(), _named), (_NUMERIC, _numeric), (_WEEK, _week)):
        match = pattern.search(text)
        if match:
            try:
                return build(match, reference)
            except ValueError:
                return None
    return None


def stated_weekday(text: str) -> int | None:
    """The day of the week written just before a date, as in "di 12 mrt" (0 is Monday), or None."""
    match = _stated_day_pattern().search(text)
    return _day_words()[match[1].lower()] if match else None


def day_month_year(value: date) -> str:
    """E.g. "12 maart 2027"."""
    from babel.dates import format_date

    return format_date(value, "d MMMM y", locale="nl_NL")


def day_name(weekday: int) -> str:
    """E.g. "dinsdag" for 1."""
    from babel.dates import get_day_names

    return get_day_names("wide", locale="nl_NL")[weekday]


def _with_year(day: int, month: int, year: str | None, reference: date) -> date:
    if year:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    candidate = date(reference.year, month, day)
    return candidate if candidate >= reference else date(reference.year + 1, month, day)


def _named(match, reference: date) -> date:
    return _with_year(int(match[1]), _month_words()[match[2].lower()], match[3], reference)


def _iso(match, reference: date) -> date:
    return date(int(match[1]), int(match[2]), int(match[3]))


def _numeric(match, reference: date) -> date:
    return _with_year(int(match[1]), int(match[2]), match[3], reference)


def _week(match, reference: date) -> date:
    week = int(match[1])
    if match[2]:
        return date.fromisocalendar(int(match[2]), week, 1)
    monday = date.fromisocalendar(reference.year, week, 1)
    return monday if monday >= reference - timedelta(days=6) else date.fromisocalendar(reference.year + 1, week, 1)
