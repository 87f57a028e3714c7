"""A school's profile: read from a TOML file and command-line options, checked, then frozen.

Every value a user gives passes through here; what leaves is valid, so the kit maker needs no checks.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .content import Content, default_content
from .data import load_toml
from .errors import UserError

# Profile keys as a user writes them, with how each is read.
KEYS = ("school", "directeur", "jaar", "krant", "team", "procesleiders", "sessie1", "sessie2")
LIMITS = {"team": (1, 500), "procesleiders": (1, 20), "jaar": (2000, 2099)}
DEFAULTS = {"team": 20, "procesleiders": 1}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Profile:
    """A validated profile. Text fields are None when left open: the card then shows a write-in line."""

    jaar: int
    team: int
    procesleiders: int
    school: str | None = None
    directeur: str | None = None
    krant: str | None = None
    sessie1: datetime | None = None
    sessie2: datetime | None = None


def read_profile_file(path: Path) -> tuple[dict[str, Any], str]:
    """The raw values of a profile file, and the name to use for it in messages."""
    record = load_toml(path, path.name)
    for key in record.data:
        if key not in KEYS:
            raise UserError(f"{path.name}: onbekend veld '{key}'. Bekende velden: {', '.join(KEYS)}.")
    return dict(record.data), path.name


def build_profile(file_values: dict[str, Any] | None = None, options: dict[str, Any] | None = None, *,
                  file_name: str = "profiel", today: date | None = None, content: Content | None = None) -> Profile:
    """Merge file values with options (an option wins) and check every value.

    Messages name where a bad value came from: the option (`--team`) or the file and its field.
    """
    content = content or default_content()
    today = today or date.today()
    raw: dict[str, tuple[Any, str]] = {}
    for key, value in (file_values or {}).items():
        raw[key] = (value, f"{file_name}, veld '{key}'")
    for key, value in (options or {}).items():
        if value is not None:
            raw[key] = (value, f"--{key}")
    for key in raw:
        if key not in KEYS:
            raise UserError(f"onbekend profielveld '{key}'. Bekende velden: {', '.join(KEYS)}.")

    values: dict[str, Any] = {}
    for key, field in content.fields.items():
        if key not in LIMITS:
            values[key] = (_text(*raw[key], max_length=field.max_length) if key in raw else None) or field.default
    for key in ("team", "procesleiders"):
        values[key] = _whole(*raw[key], key) if key in raw else DEFAULTS[key]
    for key in ("sessie1", "sessie2"):
        values[key] = _moment(*raw[key]) if key in raw else None
    if values["sessie1"] and values["sessie2"] and values["sessie2"] <= values["sessie1"]:
        raise UserError(f"{raw['sessie2'][1]}: sessie 2 moet na sessie 1 vallen.")
    base_year = values["sessie1"].year if values["sessie1"] else today.year
    values["jaar"] = _whole(*raw["jaar"], "jaar") if "jaar" in raw else base_year + 2
    return Profile(**{key: value for key, value in values.items() if value is not None})


def _text(value: Any, origin: str, max_length: int | None) -> str | None:
    if not isinstance(value, str):
        raise UserError(f"{origin}: verwacht tekst, niet {value!r}.")
    text = " ".join(value.split()) if not _CONTROL.search(value.strip()) else None
    if text is None:
        raise UserError(f"{origin}: de tekst mag geen regeleinde of tab bevatten.")
    if max_length is not None and len(text) > max_length:
        raise UserError(f"{origin}: te lang ({len(text)} tekens); het past op de kaarten tot {max_length} tekens."
                        " Kies een kortere vorm.")
    return text or None


def _whole(value: Any, origin: str, key: str) -> int:
    what = {"team": "het aantal teamleden", "procesleiders": "het aantal procesleiders", "jaar": "het jaartal"}[key]
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise UserError(f"{origin}: {what} moet een geheel getal zijn, niet {value!r}.")
    low, high = LIMITS[key]
    if not low <= value <= high:
        raise UserError(f"{origin}: {what} moet tussen {low} en {high} liggen, niet {value}.")
    return value


def _moment(value: Any, origin: str) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d-%m-%Y %H:%M", "%d-%m-%Y"):
            try:
                return datetime.strptime(value.strip(), pattern)
            except ValueError:
                continue
    raise UserError(f"{origin}: geen datum die ik kan lezen: {value!r}. Schrijf bijvoorbeeld \"2027-01-12 15:00\".")
