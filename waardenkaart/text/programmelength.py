"""How long each session runs for this team, in a line the coordinator reads before deciding.

The handbook plans two hours per session, but its presentations take minutes per group: with many
groups a session runs longer. The line says the clock times and minutes, and past the handbook's
time by how much and what shortens it (larger groups, or two rooms when the groups cannot grow).
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from ..intake.content import Content
from ..intake.data import read_file, template_variables
from ..intake.profile import WHOLE_NUMBERS, Profile
from ..intake.resources import data_dir
from .merge import fill_text
from .quantities import groups
from .schedule import schedule, session_start, total_minutes

_LARGER = 2  # people per group more, at most, that the line suggests: a change a dream group can still bear


@dataclass(frozen=True)
class SessionLength:
    session: int
    start: datetime | None
    end: datetime | None
    minutes: int
    stated: int  # the handbook's minutes for this session
    groups: int  # groups that present in this session (0: no presentations)
    per_group: int  # minutes per group's presentation

    @property
    def over(self) -> int:
        return max(0, self.minutes - self.stated)


@cache
def _texts() -> dict[str, str]:
    """content/programmaduur.toml, checked once: every text and the variables it may use."""
    root = read_file(data_dir("content"), "programmaduur.toml")
    allowed = {
        "line": {"session", "times", "minutes"},
        "times": {"start", "end"},
        "over": {"over", "stated"},
        "why": {"groups", "per_group", "remedy"},
        "larger": {"size", "fewer"},
        "split": set(),
    }
    root.only("ours", *allowed)
    root.get("ours", bool, True)
    texts = {key: root.get(key, str) for key in allowed}
    for key, text in texts.items():
        template_variables(root, key, text, allowed[key])
    return texts


def session_lengths(profile: Profile, content: Content) -> list[SessionLength]:
    """Each session of the programme: clock times when a start is known, minutes, and the handbook's minutes."""
    lengths = []
    for number, session in sorted(content.programme.sessions.items()):
        slots = schedule(number, profile, content)
        per_group = sum(slot.part.minutes_per_group or 0 for slot in slots)
        start = session_start(profile, number)
        lengths.append(
            SessionLength(
                number,
                start,
                slots[-1].end if start else None,
                total_minutes(slots),
                session.stated_total,
                groups(profile.team, profile.groepsgrootte) if per_group else 0,
                per_group,
            )
        )
    return lengths


def length_lines(profile: Profile, content: Content) -> list[str]:
    """A line per session, e.g. "Sessie 1: 15.00–17.07, 127 minuten: 7 langer dan de 120 van het handboek
    (6 groepjes presenteren 2 minuten; met groepjes van 6 zijn het er 4)"."""
    texts = _texts()
    lines = []
    for length in session_lengths(profile, content):
        times = (
            fill_text(texts["times"], {"start": _clock(length.start), "end": _clock(length.end)})
            if length.start
            else ""
        )
        line = fill_text(texts["line"], {"session": length.session, "times": times, "minutes": length.minutes})
        if length.over:
            line += fill_text(texts["over"], {"over": length.over, "stated": length.stated})
        if length.over and length.groups:
            remedy = _remedy(profile, length, texts)
            line += fill_text(texts["why"], {"groups": length.groups, "per_group": length.per_group, "remedy": remedy})
        lines.append(line)
    return lines


def _remedy(profile: Profile, length: SessionLength, texts: dict[str, str]) -> str:
    """Larger groups, by one or two people (the first that keeps to the handbook's time, else two); two rooms
    when the groups are as large as they may be."""
    largest = WHOLE_NUMBERS["groepsgrootte"][2]
    fixed = length.minutes - length.groups * length.per_group
    sizes = range(profile.groepsgrootte + 1, min(profile.groepsgrootte + _LARGER, largest) + 1)
    fits = [s for s in sizes if fixed + groups(profile.team, s) * length.per_group <= length.stated]
    size = (fits or list(sizes) or [profile.groepsgrootte])[0 if fits else -1]
    fewer = groups(profile.team, size)
    if fewer >= length.groups:
        return texts["split"]
    return fill_text(texts["larger"], {"size": size, "fewer": fewer})


def _clock(moment: datetime | None) -> str:
    """15.00, as a Dutch programme writes the time."""
    return f"{moment.hour}.{moment.minute:02d}" if moment else ""
