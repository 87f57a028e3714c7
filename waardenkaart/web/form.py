"""The web form and the profile: form fields carry the profile's names, and the library checks them.

The library stops at the first bad value; to show every error next to its field at once, the form
asks again without each field that was refused, until the rest passes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..intake.errors import UserError
from ..intake.profile import KEYS, VALUE_LISTS, Profile, build_profile

LISTS = tuple(VALUE_LISTS)  # waarden, waarden_ouders: one input per value
SLOTS = {key: high for key, (_, _, high) in VALUE_LISTS.items()}  # how many inputs each list gets
CHECKBOXES = ("snijtekens",)
FORM_NAME = "formulier"  # how a message names the form when it names its origin


@dataclass
class FormState:
    """What the form shows: the values as typed (or canonical once valid) and a message per field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    profile: Profile | None = None

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return "" if value is None else str(value)

    def items(self, key: str) -> list[str]:
        value = self.values.get(key) or []
        given = [str(item) for item in ([value] if not isinstance(value, list | tuple) else value)]
        return given + [""] * max(0, SLOTS[key] - len(given))


def raw_values(form) -> dict[str, Any]:
    """The values of a submitted form (a MultiDict), as a profile file would give them; empty ones left out."""
    values: dict[str, Any] = {}
    for key in KEYS:
        if key in LISTS:
            items = [item for item in form.getlist(key) if item.strip()]
            if items:
                values[key] = items
        elif key in CHECKBOXES:
            values[key] = key in form
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
                return FormState(dict(values), {"": str(exc)})
            errors[exc.field] = _sentence(exc.problem)
            del remaining[exc.field]
    shown = {key: _shown(values[key] if key in errors else getattr(profile, key)) for key in values}
    return FormState(shown, errors, None if errors else profile)


def profile_fields(profile: Profile) -> list[tuple[str, str]]:
    """The profile as (name, value) pairs for hidden inputs: posting them back gives the same profile."""
    pairs = []
    for key in KEYS:
        value = getattr(profile, key)
        if key in LISTS:
            pairs += [(key, item) for item in value]
        elif key in CHECKBOXES:
            pairs += [(key, "aan")] if value else []
        elif value is not None:
            pairs.append((key, _shown(value)))
    return pairs


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
