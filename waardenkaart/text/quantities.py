"""How many copies of a card a team needs, from the card's quantity rule and the profile."""

from math import ceil

from ..intake.content import Content, Quantity
from ..intake.profile import Profile
from .merge import fill_text


def groups(team: int, group_size: int) -> int:
    """Groups of about group_size people; a small team is one group."""
    return max(1, ceil(team / group_size))


def copies(quantity: Quantity, profile: Profile, content: Content) -> int:
    programme = content.programme
    units = {
        "deelnemer": profile.team,
        "tweetal": ceil(profile.team / 2),
        "groepje": groups(profile.team, profile.groepsgrootte),
        "waarde": min(len(profile.waarden) or programme.top_values, profile.team),
        "procesleider": profile.procesleiders,
        "vast": 1,
    }[quantity.per]
    return units * quantity.count


def rule_text(quantity: Quantity, profile: Profile, content: Content) -> str:
    """The rule in words, e.g. "1 per tweetal"."""
    return fill_text(
        content.labels.quantity[quantity.per],
        {
            "count": quantity.count,
            "group_size": profile.groepsgrootte,
            "top_values": len(profile.waarden) or content.programme.top_values,
        },
    )
