"""Clock times for a session: every part starts when the one before it ends.

The handbook's programme tables are the source; the presentations take 2 minutes per group, so
the real total follows from the team size and may differ from the handbook's two hours.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..intake.content import Content, Part, default_content
from ..intake.profile import LONG_TEAM, SESSION_MINUTES, Profile
from .quantities import groups


@dataclass(frozen=True)
class Slot:
    label: str  # "2" for a part, "2a" for one of its sub-parts
    part: Part
    title: str
    minutes: int
    start: datetime | None
    end: datetime | None
    intro: bool  # the explanation that opens a part with sub-parts


def session_start(profile: Profile, number: int) -> datetime | None:
    """The start of session `number`, or None when no clock time is known (a date alone is no time)."""
    moment = getattr(profile, f"sessie{number}")
    return moment if moment is not None and (moment.hour, moment.minute) != (0, 0) else None


def schedule(number: int, profile: Profile, content: Content) -> list[Slot]:
    programme = content.programme
    team_groups = groups(profile.team, profile.groepsgrootte)
    clock = session_start(profile, number)
    slots: list[Slot] = []

    def add(label: str, part: Part, title: str, minutes: int, intro: bool = False) -> None:
        nonlocal clock
        end = clock + timedelta(minutes=minutes) if clock else None
        slots.append(Slot(label, part, title, minutes, clock, end, intro))
        clock = end

    for index, part in enumerate(programme.sessions[number].parts, 1):
        minutes = part.minutes if part.minutes is not None else part.minutes_per_group * team_groups
        add(str(index), part, part.title, minutes, intro=bool(part.parts))
        for letter, sub in zip("abcdefghij", part.parts):
            sub_minutes = sub.minutes if sub.minutes is not None else sub.minutes_per_group * team_groups
            add(f"{index}{letter}", sub, sub.title, sub_minutes)
    return slots


def total_minutes(slots: list[Slot]) -> int:
    return sum(slot.minutes for slot in slots)


def long_session_warnings(profile: Profile, content: Content | None = None) -> list[str]:
    """Sessions that a large team makes run long: the presentations take minutes per group."""
    content = content or default_content()
    if profile.team <= LONG_TEAM:
        return []
    warnings = []
    for number in sorted(content.programme.sessions):
        minutes = total_minutes(schedule(number, profile, content))
        if minutes > SESSION_MINUTES:
            warnings.append(
                f"met {profile.team} teamleden duurt sessie {number} {minutes} minuten ({minutes // 60} uur en "
                f"{minutes % 60} minuten), {minutes - SESSION_MINUTES} minuten langer dan de twee uur van het "
                "handboek: de presentaties van de groepjes kosten meer tijd. Plan de sessie langer, of werk in "
                "twee groepen met elk een eigen procesleider."
            )
    return warnings
