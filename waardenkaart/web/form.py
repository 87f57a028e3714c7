"""The web form and the profile: form fields carry the profile's names, and the library checks them.

The library stops at the first bad value; to show every error next to its field at once, the form
asks again without each field that was refused, until the rest passes. What the coordinator typed is
kept apart from what the library worked out, so a saved profile and the "Wijzig" way back to the
form carry only the typed values.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..intake.errors import UserError
from ..intake.profile import KEYS, VALUE_LISTS, Profile, build_profile

LISTS = tuple(VALUE_LISTS)  # waarden, waarden_ouders: one input per value
SLOTS = {key: high for key, (_, _, high) in VALUE_LISTS.items()}  # how many inputs each list gets
CHECKBOXES = ("snijtekens",)
FORM_NAME = "formulier"  # how a message names the form when it names its origin
# The fields a school needs for session 1: the first screen. The others are folded away in groups.
FIRST = ("school", "directeur", "team", "sessie1")
GROUPS = {
    "meer": ("krant", "groepsgrootte", "procesleiders", "sessie2", "jaar"),
    "waarden": ("waarden", "toekomstperspectief", "waarden_ouders"),
    "drukken": ("snijtekens", "verschuif_x", "verschuif_y"),
}


@dataclass
class FormState:
    """What the form shows: the values as typed (canonical once valid), a message per field, notices."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    profile: Profile | None = None
    notices: list[str] = field(default_factory=list)
    opened: tuple[str, ...] = ()  # folded groups shown open: where the coordinator goes next

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return "" if value is None else str(value)

    def items(self, key: str) -> list[str]:
        value = self.values.get(key) or []
        given = [str(item) for item in ([value] if not isinstance(value, list | tuple) else value)]
        return given + [""] * max(0, SLOTS[key] - len(given))

    def group_open(self, group: str) -> bool:
        return group in self.opened or any(key in self.errors for key in GROUPS[group])

    def group_filled(self, group: str) -> bool:
        return any(self.values.get(key) not in (None, "", [], False) for key in GROUPS[group])

    def hidden(self) -> list[tuple[str, str]]:
        """The typed values as (name, value) pairs for hidden inputs: posting them back gives the same profile."""
        pairs = []
        for key in KEYS:
            value = self.values.get(key)
            if key in LISTS:
                pairs += [(key, str(item)) for item in value or ()]
            elif key in CHECKBOXES:
                pairs += [(key, "aan")] if value else []
            elif value not in (None, ""):
                pairs.append((key, str(value)))
        return pairs


def raw_values(form) -> dict[str, Any]:
    """The values of a submitted form (a MultiDict), as a profile file would give them; empty ones left out."""
    values: dict[str, Any] = {}
    for key in KEYS:
        if key in LISTS:
            items = [item for item in form.getlist(key) if item.strip()]
            if items:
                values[key] = items
        elif key in CHECKBOXES:
            if key in form:
                values[key] = True
        else:
            text = form.get(key, "")
            if key == "toekomstperspectief":
                text = " ".join(text.split())  # a text area: an Enter there is only a line break on screen
            if text.strip():
                values[key] = text
    return values


def check(values: dict[str, Any], today: date | None = None) -> FormState:
    """Check the values with the library; every refused field gets its message, the others their canonical form."""
    errors: dict[str, str] = {}
    remaining = dict(values)
    while True:
        try:
            profile = build_profile(remaining, file_name=FORM_NAME, today=today)
            break
        except UserError as exc:
            if exc.field not in remaining:  # not about one field: the library's whole message
                return FormState(dict(values), {"": for_people(str(exc))})
            errors[exc.field] = _sentence(for_people(exc.problem))
            del remaining[exc.field]
    shown = {key: _shown(values[key] if key in errors else getattr(profile, key)) for key in values if key in KEYS}
    return FormState(shown, errors, None if errors else profile)


# What a message of the library says in a programmer's words, and what a person reads instead.
_CODE = re.compile(r"(het teken )?‘(.)’ \(U\+[0-9A-F]{4,6}\)")  # ‘🌞’ (U+1F31E): the character itself says enough
_HIDDEN = re.compile(r"\[U\+[0-9A-F]{4,6}\]")  # a character that shows nothing on screen
_PEOPLE = (
    ("de waarde bevat tekens die geen geldige UTF-8 zijn", "de waarde bevat tekens die niet goed zijn aangekomen"),
    ("verwacht true of false", "verwacht aan of uit"),
)


def for_people(message: str) -> str:
    """A library message as the web app shows it: no character codes, no file-format words."""
    message = _HIDDEN.sub("(een onzichtbaar teken)", _CODE.sub(_named, message))
    for technical, plain in _PEOPLE:
        message = message.replace(technical, plain)
    return message


def _named(match: re.Match) -> str:
    """The character itself, or where it shows nothing, that it is there unseen."""
    before, char = match.group(1) or "", match.group(2)
    return f"{before}‘{char}’" if char.isprintable() and not char.isspace() else "een onzichtbaar teken"


def _shown(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")  # what <input type="datetime-local"> shows
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, tuple):
        return list(value)
    return value


def _sentence(problem: str) -> str:
    return problem[:1].upper() + problem[1:]
