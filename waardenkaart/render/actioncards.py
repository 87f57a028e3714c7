"""An A6 card per person per action point, drawn by the deck's own CardFace: same band, type, bleed and
PDF/X finishing as the cards of the sessions.

The team's text is never shortened or shrunk below the deck's floor: what does not fit on the front
continues on the back (and, in the rare case that is not enough, on a next card).
"""

import html
import unicodedata
from dataclasses import replace
from datetime import date
from functools import cache

from babel.dates import get_day_names, get_month_names
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..intake.content import Card, Content, Kind, Quantity
from ..intake.errors import UserError
from ..intake.layout import CMYK
from ..text.actionpoints import INVISIBLE, TEXTS_FILE, ActionPoint, ActionTexts
from ..text.dutch import long_date, read_date
from ..text.merge import MergedCard, Unit, escape, fill_text
from ..text.paragraph import Paragraph
from .cardface import CardFace, tint
from .cardparts import Ruled, cmyk_of

KIND = "actie"
ACTION = "action"  # the style of the unit that holds the action itself
SESSION, STEP = 2, 4  # the action points are made in session 2 and carried out in step 4
_ANY_DAY = date(2000, 1, 1)  # a reference for reading single words as dates; the year does not matter


class ActionFace(CardFace):
    """The deck's face for the action cards. The team's text may hold a word wider than the card (a web
    address): it is broken over two lines rather than refused."""

    read_aloud_steps_down = False  # the action goes on over the back, at the deck's size

    def style(self, role: str, size: float, indent: int = 0, **changes):
        return super().style(role, size, indent, **{"splitLongWords": 1, **changes})

    def __init__(self, layout, content, action_size: float):
        """The action leads: it is set in bold at `action_size`, the deck's title size, on the tint and
        bar of the deck's read-aloud text; the band's label ("Actiepunt") and the person's name stay at
        the subtitle's size above it."""
        super().__init__(layout, content)
        self.action_size = action_size

    def flowable(self, unit: Unit, size: float, kind_colour, *args):
        if unit.style != ACTION:
            return super().flowable(unit, size, kind_colour, *args)
        lay, action = self.layout, self.action_size
        style = self.style(ACTION, action, fontName=self.fonts.bold, leading=action * 1.2, splitLongWords=0)
        ground = tint(cmyk_of(kind_colour), lay.read_aloud_tint)
        return ActionText(unit.markup, style, kind_colour, ground, 3 * lay.rule_width, size * 0.4)


class ActionText(Ruled):
    """The action on the tint and bar of the deck's read-aloud text. A word wider than the card (a web
    address) is broken over lines of its own at the width it is set to: ReportLab's splitLongWords
    leaves the rest of such a word running past the margin at larger sizes."""

    def __init__(self, markup: str, style, bar, ground, bar_width: float, pad: float):
        super().__init__(None, bar, ground, bar_width, pad)  # the paragraph is made at the width it gets
        self.markup, self.style = markup, style

    def wrap(self, avail_width, avail_height):
        inner = avail_width - self.bar_width - 2 * self.pad
        self.paragraph = Paragraph(_broken_long_words(self.markup, self.style, inner), self.style)
        return super().wrap(avail_width, avail_height)


def _broken_long_words(markup: str, style, width: float) -> str:
    """`markup` (escaped text, no tags) with each word wider than `width` on lines of its own, cut where
    a line is full; the text itself is unchanged."""
    words = []
    for word in markup.split(" "):
        plain = html.unescape(word)
        if stringWidth(plain, style.fontName, style.fontSize) <= width:
            words.append(word)
            continue
        lines, line = [], ""
        for char in plain:
            if line and stringWidth(line + char, style.fontName, style.fontSize) > width:
                lines.append(line)
                line = ""
            line += char
        words.append("<br/>" + "<br/>".join(escape(part) for part in [*lines, line]) + "<br/>")
    joined = " ".join(words).replace("<br/> ", "<br/>").replace(" <br/>", "<br/>")
    return joined.removeprefix("<br/>").removesuffix("<br/>")


def action_face(face: CardFace, texts: ActionTexts, colour: CMYK, size: float) -> CardFace:
    """The deck's face with one more card kind: the action card, in its own colour at its own body size."""
    layout = replace(
        face.layout,
        colours={**face.layout.colours, KIND: colour},
        sizes={**face.layout.sizes, KIND: size},
        title_size=face.layout.subtitle_size,  # "Actiepunt" in the band: a label, below the action
    )
    kind = Kind(KIND, texts.ours["card_kind"], texts.handbook["motto"])
    return ActionFace(layout, replace(face.content, kinds={**face.content.kinds, KIND: kind}), face.layout.title_size)


def printable(text: str) -> str:
    """The team's text as paragraph markup: escaped, so nothing in it is read as markup, and without
    invisible control and format characters (joiners, soft hyphens) that would only clutter the text layer."""
    return escape("".join(char for char in text if unicodedata.category(char) not in INVISIBLE))


def card_units(point: ActionPoint, content: Content, texts: ActionTexts) -> list[Unit]:
    """The action, then each other column of Tabel 1 with its label; an empty one gets a line to write on."""
    units: list[Unit] = []
    for column in content.tables.columns:
        written = point.fields.get(column.key, "")
        if column.key == texts.action:
            units += [Unit(ACTION, printable(written))] if written else [Unit("write_lines", lines=2)]
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


def action_cards(point: ActionPoint, face: CardFace, texts: ActionTexts) -> list[MergedCard]:
    """A card for each person named in "Wie" (one when nobody is named); its text continues on the back,
    and on a next card when even that is not enough."""
    units = card_units(point, face.content, texts)
    cards = []
    for number, person in enumerate(point.people or ("",), 1):
        cards += _split_over_cards(face, texts, units, f"actie-r{point.row:03d}-{number}", person, point)
    return cards


def _split_over_cards(face, texts: ActionTexts, units: list[Unit], key: str, person: str, point) -> list[MergedCard]:
    ours = texts.ours
    names = {"naam": person}
    title = printable(fill_text(ours["card_title"], names))
    on_back = Unit("label", escape(ours["continued"]))
    on_next = Unit("label", escape(ours["continued_next"]))
    cards: list[MergedCard] = []
    remaining = list(units)
    while remaining:
        subtitle = printable(fill_text(ours["continued_subtitle" if cards else "card_subtitle"], names))
        card_key = f"{key}-{len(cards) + 1}" if cards else key
        if subtitle and not _fits(face, _merged(title, subtitle, [Unit("body", "")], [], card_key, point)):
            subtitle = ""  # a name too long for the band: it is on the card under "Wie" already

        def card(front: list[Unit], back: list[Unit], subtitle=subtitle, card_key=card_key) -> MergedCard:
            return _merged(title, subtitle, front, back, card_key, point)

        front, remaining = _take(remaining, on_back, lambda chunk: _fits(face, card(chunk, [])), point.row)
        if remaining:
            front = front + [on_back]
            back, remaining = _take(
                remaining, on_next, lambda chunk, front=front: _fits(face, card(front, chunk)), point.row
            )
            cards.append(card(front, back + [on_next] if remaining else back))
        else:
            cards.append(card(front, []))
    return cards


def _merged(title: str, subtitle: str, front: list[Unit], back: list[Unit], key: str, point) -> MergedCard:
    card = Card(
        id=key,
        source=f"content/{TEXTS_FILE}",
        kind=KIND,
        session=SESSION,
        step=STEP,
        title=title,
        subtitle=subtitle,
        quantity=Quantity("vast", 1),
        blocks=(),
        variables=frozenset(),
    )
    return MergedCard(card, title, subtitle, tuple(front), (), key, 1, tuple(back))


def _fits(face: CardFace, merged: MergedCard) -> bool:
    try:
        face.fit(merged)
    except UserError:
        return False
    return True


def _take(units: list[Unit], marker: Unit, fits, row: int) -> tuple[list[Unit], list[Unit]]:
    """The units for one side and the rest: all of them when they fit, else as many as fit with
    `marker` after them; a paragraph longer than a side is split between two words."""
    if fits(units):
        return units, []
    count = _largest_prefix(units, lambda n: fits(units[:n] + [marker]))
    if count:
        return units[:count], units[count:]
    lead = next((index for index, unit in enumerate(units) if unit.style != "label"), len(units) - 1)
    labels = units[:lead]  # a label stays with the start of its text
    parts = _split_unit(units[lead], lambda unit: fits([*labels, unit, marker]))
    if parts is None:
        raise UserError(
            f"rij {row}: een woord in de tabel is langer dan een hele kant van een actiekaartje. Zet er spaties "
            "in, en probeer het opnieuw."
        )
    return [*labels, parts[0]], [parts[1], *units[lead + 1 :]]


def _largest_prefix(units: list[Unit], fits) -> int:
    """The most units that fit, ending where a block ends (a label with its text, a date with its line)
    when such an end fits, and never on a label that belongs with the next unit."""
    low, high = 0, len(units) - 1  # all of them do not fit
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    whole = next((n for n in range(low, 0, -1) if units[n - 1].ends_block), 0)
    if whole:
        return whole
    while low and units[low - 1].style == "label":
        low -= 1
    return low


def _split_unit(unit: Unit, fits) -> tuple[Unit, Unit] | None:
    """Split a paragraph of the team's text between two words: the longest head that fits a side."""
    words = unit.markup.split(" ")
    if unit.style not in ("body", ACTION) or "<" in unit.markup or len(words) < 2:
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
