"""An A6 card per person per action point, drawn by the deck's own CardFace: same band, type, bleed and
PDF/X finishing as the cards of the sessions.

The team's text is never shortened or shrunk below the deck's floor: what does not fit on the front
continues on the back (and, in the rare case that is not enough, on a next card).
"""

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, partial
from xml.sax.saxutils import escape

from babel.dates import get_day_names, get_month_names

from .actionpoints import ActionPoint, ActionTexts
from .cardface import CardFace, FittedCard
from .content import Card, Content, Kind, Quantity
from .dutch import long_date, read_date
from .errors import UserError
from .layout import CMYK
from .merge import MergedCard, Unit, fill_text

KIND = "actie"
SESSION, STEP = 2, 4  # the action points are made in session 2 and carried out in step 4
_ANY_DAY = date(2000, 1, 1)  # a reference for reading single words as dates; the year does not matter


@dataclass(frozen=True)
class PhysicalCard:
    """One card to cut: its front, and its back when the text continues there."""

    front: FittedCard
    back: FittedCard | None


def action_face(face: CardFace, texts: ActionTexts, colour: CMYK, school: str) -> CardFace:
    """The deck's face with one more card kind: the action card, labelled with the school's name."""
    layout = replace(face.layout, colours={**face.layout.colours, KIND: colour})
    content = replace(face.content, kinds={**face.content.kinds, KIND: Kind(KIND, school, texts.handbook["motto"])})
    return CardFace(layout, content)


def printable(text: str) -> str:
    """The team's text as paragraph markup: escaped, so nothing in it is read as markup, and without
    invisible format characters (joiners, soft hyphens) that would only clutter the text layer."""
    return escape("".join(char for char in text if unicodedata.category(char) != "Cf"))


def card_units(point: ActionPoint, content: Content, texts: ActionTexts) -> list[Unit]:
    """The action, then each other column of Tabel 1 with its label; an empty one gets a line to write on."""
    units: list[Unit] = []
    for column in content.tables.columns:
        written = point.fields.get(column.key, "")
        if column.key == texts.action:
            units += [Unit("body", printable(written))] if written else [Unit("write_lines", lines=2)]
            continue
        units.append(Unit("label", escape(column.label), ends_block=False))
        if column.key == content.tables.follow_up:
            units += _follow_up(point, written, content, texts)
        elif written:
            units.append(Unit("body", printable(written)))
        else:
            units.append(Unit("write_lines", lines=1))
    return units


def _follow_up(point: ActionPoint, written: str, content: Content, texts: ActionTexts) -> list[Unit]:
    """The Dutch date; the team's words too when they say more than the date; a write-in line otherwise."""
    if point.follow_up:
        when = f"<b>{escape(long_date(point.follow_up, content.labels))}</b>"
        if _only_a_date(written):
            return [Unit("body", when)]
        return [Unit("body", when, ends_block=False), Unit("body", printable(written))]
    units = [Unit("body", printable(written), ends_block=False)] if written else []
    return units + [Unit("label", escape(texts.ours["write_date"]), ends_block=False), Unit("write_lines", lines=1)]


def _only_a_date(written: str) -> bool:
    """True when the text is a date and nothing more ("12-3-2027", "di 12 mrt", "week 12"): then the
    card prints the Dutch date alone; otherwise the team's words follow it."""
    words = [word.lower().rstrip(".") for word in written.replace(",", " ").split()]
    return all(word in _date_words() or word.isdigit() or read_date(word, _ANY_DAY) for word in words)


@cache
def _date_words() -> frozenset[str]:
    """Dutch names of days and months, long and short, and the words around a week number."""
    names = {"week", "van"}
    for width in ("wide", "abbreviated"):
        for table in (get_day_names(width, locale="nl_NL"), get_month_names(width, locale="nl_NL")):
            names |= {name.lower().rstrip(".") for name in table.values()}
    names |= {name.lower() for name in get_day_names("short", locale="nl_NL").values()}
    return frozenset(names)


def cards_for(point: ActionPoint, face: CardFace, texts: ActionTexts, school: str) -> list[PhysicalCard]:
    """A card for each person named in "Wie" (or one card when nobody is named)."""
    content = face.content
    units = card_units(point, content, texts)
    cards = []
    for number, person in enumerate(point.people or ("",), 1):
        key = f"actie-r{point.row:03d}-{number}"
        sides = _sides(face, texts, units, key, {"naam": person, "school": school}, point)
        for index in range(0, len(sides), 2):
            back = sides[index + 1] if index + 1 < len(sides) else None
            cards.append(PhysicalCard(sides[index], back))
    return cards


def _merged(title: str, subtitle: str, units: list[Unit], key: str, point: ActionPoint, content: Content):
    card = Card(
        id=key,
        source="content/actiekaarten.toml",
        kind=KIND,
        session=SESSION,
        step=STEP,
        title=title,
        subtitle=subtitle,
        quantity=Quantity("vast", 1),
        blocks=(),
        variables=frozenset(),
    )
    labels = {column.key: column.label for column in content.tables.columns}
    shown = tuple((labels[key_], value) for key_, value in point.fields.items() if value and key_ in labels)
    return MergedCard(card, title, subtitle, tuple(units), shown, key)


def _sides(face: CardFace, texts: ActionTexts, units: list[Unit], key: str, names: dict, point) -> list[FittedCard]:
    """Lay the units out over as many sides as they need: front, back, next front …"""
    ours = texts.ours
    title = printable(fill_text(ours["card_title"], names))
    sides: list[FittedCard] = []
    remaining = list(units)
    while remaining:
        subtitle = printable(fill_text(ours["continued_subtitle" if sides else "card_subtitle"], names))
        side_key = f"{key}-{len(sides) + 1}" if sides else key
        if subtitle and _try_fit(face, title, subtitle, side_key, point, [Unit("body", "")]) is None:
            subtitle = ""  # a name too long for the band: it is on the card under "Wie" already
        fit = partial(_try_fit, face, title, subtitle, side_key, point)
        whole = fit(remaining)
        if whole:
            sides.append(whole)
            break
        marker = Unit("label", escape(ours["continued_next" if len(sides) % 2 else "continued"]))
        head, remaining = _take_side(remaining, marker, fit, point.row)
        sides.append(fit(head + [marker]))
    return sides


def _try_fit(face: CardFace, title: str, subtitle: str, key: str, point, body: list[Unit]) -> FittedCard | None:
    try:
        return face.fit(_merged(title, subtitle, body, key, point, face.content))
    except UserError:
        return None


def _take_side(units: list[Unit], marker: Unit, fit, row: int) -> tuple[list[Unit], list[Unit]]:
    """The units for one side (with `marker` after them) and the rest; a paragraph longer than a side
    is split between two words."""
    count = _largest_prefix(units, lambda n: fit(units[:n] + [marker]) is not None)
    if count:
        return units[:count], units[count:]
    parts = _split_unit(units[0], lambda unit: fit([unit, marker]) is not None)
    if parts is None:
        raise UserError(
            f"rij {row}: een woord in de tabel is breder dan een actiekaartje. Zet er spaties in of kort het "
            "in, en probeer het opnieuw."
        )
    return [parts[0]], [parts[1]] + units[1:]


def _largest_prefix(units: list[Unit], fits) -> int:
    """The most units that fit, never ending on a label that belongs with the next unit."""
    low, high = 0, len(units) - 1  # all of them do not fit
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    while low and not units[low - 1].ends_block and units[low - 1].style == "label":
        low -= 1
    return low


def _split_unit(unit: Unit, fits) -> tuple[Unit, Unit] | None:
    """Split a paragraph of the team's text between two words: the longest head that fits a side."""
    words = unit.markup.split(" ")
    if unit.style != "body" or "<" in unit.markup or len(words) < 2:
        return None
    low, high = 0, len(words) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fits(replace(unit, markup=" ".join(words[:middle]))):
            low = middle
        else:
            high = middle - 1
    if not low:
        return None
    return replace(unit, markup=" ".join(words[:low])), replace(unit, markup=" ".join(words[low:]))
