"""Step 4 from a filled Tabel 1 and 2, all at once: the action list, the calendar, the action cards and
the poster, counted, as the web page and the command show them. A pure function of what was read."""

from dataclasses import dataclass
from datetime import datetime

from .actionkit import action_papers
from .actionlist import FilledTables, action_list
from .kit import Maker, default_maker


@dataclass(frozen=True)
class StepFour:
    files: dict[str, bytes]
    actions: int  # filled rows of Tabel 1
    events: int  # follow-up moments in the calendar
    cards: int  # action cards to cut
    undated: int  # action points without a follow-up date
    warnings: list[str]


def step_four(filled: FilledTables, stamp: datetime, maker: Maker | None = None) -> StepFour:
    """Every file of step 4; `stamp` is the calendar's creation moment (UTC)."""
    maker = maker or default_maker()
    listed = action_list(filled, maker.content, stamp)
    papers = action_papers(filled, listed.dates, maker.face, maker.sheet, maker.standard)
    return StepFour(
        {**listed.files, **papers.files}, listed.actions, listed.events, papers.cards, papers.undated, listed.warnings
    )
