"""The cards the team's values change or add: what a school that printed session 1 still has to print.

Found by comparing, not by name: every card merged with the values against the same card merged
without them. A card that only exists with values (one per value, the parents' and pupils' cards)
or reads differently with them is new; the others lie ready from session 1.
"""

from dataclasses import replace

from ..intake.content import Content
from ..intake.profile import VALUE_LISTS, Profile
from .merge import MergedCard, merge_all


def changed_by_values(profile: Profile, content: Content, merged: list[MergedCard]) -> list[MergedCard]:
    """Those of `merged` (the profile's cards) that differ from, or are missing in, the kit without values."""
    without = replace(profile, toekomstperspectief=None, **{key: () for key in VALUE_LISTS})
    before = {card.key: _printed(card) for card in merge_all(without, content)}
    return [card for card in merged if before.get(card.key) != _printed(card)]


def _printed(card: MergedCard) -> tuple:
    return card.title, card.subtitle, card.units, card.back_units
