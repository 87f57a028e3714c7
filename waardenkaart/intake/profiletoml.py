"""A validated profile written back as a profile file (TOML), so a coordinator can keep it and come back.

Only what the coordinator typed is written: a value the program worked out (the year of the dream
from session 1, the default team size) is worked out again when the file is read, so moving
session 1 to January after reloading moves the year too. Reading the text with read_profile_bytes
and build_profile gives the same profile again.
"""

import json
from collections.abc import Collection
from datetime import datetime

from .profile import KEYS, Profile

HEADER = "# Profiel voor waardenkaart: laad het in 'waardenkaart web', of maak de kit met 'waardenkaart maak {file}'.\n"


def profile_toml(profile: Profile, file: str = "profiel.toml", typed: Collection[str] | None = None) -> str:
    """Every field that has a value, in the order of the profile's keys; with `typed`, only those keys."""
    lines = [HEADER.format(file=file)]
    for key in KEYS:
        value = getattr(profile, key)
        if value is None or value == () or (typed is not None and key not in typed):
            continue
        lines.append(f"{key} = {_value(value)}\n")
    return "".join(lines)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _string(value.strftime("%Y-%m-%d %H:%M"))
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_string(item) for item in value) + "]"
    return _string(value)


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are valid TOML, and non-ASCII letters stay readable."""
    return json.dumps(text, ensure_ascii=False)
