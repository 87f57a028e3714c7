"""Fill a card's texts with a profile: Jinja2 with strict variables, every user value escaped.

The result is ReportLab paragraph markup in a flat list of units, ready to lay out.
"""

import html
import re
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup
from markupsafe import escape as escape_markup

from ..intake.content import Block, Card, Content, Part
from ..intake.data import PLACEHOLDER
from ..intake.profile import Profile

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


_PLAIN_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
# The size of the team's top in words, for the handbook's "deze vijf waarden".
NUMBER_WORDS = {5: "vijf", 6: "zes"}
# A word the user marks for emphasis: *veilig* or _respecteren_, the marks next to the word.
_EMPHASIS = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*|_([^_\s](?:[^_]*[^_\s])?)_")


@cache
def _template(source: str, markup: bool = True) -> jinja2.Template:
    return (_ENV if markup else _PLAIN_ENV).from_string(source)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def escape(text: str) -> str:
    """&, < and > as paragraph markup needs them: xml.sax.saxutils.escape, without its import of urllib and ssl."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@cache
def _placeholders(source: str) -> tuple[str, ...] | None:
    """Text and variable names in turn when `source` holds no tag but {{ name }}, else None.

    Most texts are of this kind; filling them directly spares compiling a template for each.
    """
    parts = PLACEHOLDER.split(source)
    if any("{" in text for text in parts[::2]):
        return None
    texts = ["\n".join(_NEWLINE.split(text)) for text in parts[::2]]
    if texts[-1].endswith("\n"):  # Jinja drops one trailing line end
        texts[-1] = texts[-1][:-1]
    parts[::2] = texts
    return tuple(parts)


def _render(source: str, variables: dict, markup: bool) -> str:
    """What Jinja would render, without Jinja for a text with nothing but {{ name }} tags."""
    parts = _placeholders(source)
    if parts is None or not all(name in variables for name in parts[1::2]):
        return _template(source, markup).render(variables)
    value = escape_markup if markup else str
    return "".join(part if index % 2 == 0 else value(variables[part]) for index, part in enumerate(parts))


def fill(source: str, variables: dict) -> str:
    """Render a text for paragraph markup: user values arrive escaped, the content's own markup stays.

    Typeset as a Dutch reader expects: a number keeps its unit on its line ("10 min."), apostrophes
    are typographic ("pagina’s")."""
    return typeset(_render(source, variables, markup=True))


_UNIT = re.compile(r"(\d) (min\.?|minuten|minuut|uur|%|mm|pt)(?!\w)")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<![\w=])'(?=s\b)")


# A number that names a session, step or group stays on the line of its word: "sessie / 2" reads badly.
_NAMED_NUMBER = re.compile(r"\b(sessie|stap|deel|groep|groepen|top|week|tabel|t/m) (\d)", re.IGNORECASE)


def typeset(text: str) -> str:
    """A no-break space between a number and its unit; a typographic apostrophe (’) for a straight one."""
    return _APOSTROPHE.sub("\u2019", _UNIT.sub("\\1\u00a0\\2", text))


def numbers_kept(markup: str) -> str:
    """Paragraph markup with a no-break space between "sessie", "stap", "top" and the like and their number:
    for laying out a card's text only, so a title in a message or a list keeps its plain space."""
    return _NAMED_NUMBER.sub("\\1\u00a0\\2", markup)


def fill_text(source: str, variables: dict) -> str:
    """Render a plain text (a line drawn as is, a CSV cell, a calendar entry): nothing is escaped."""
    return _render(source, variables, markup=False)


def emphasised(text: str) -> str:
    """A user's sentence as paragraph markup: each marked word bold and underlined, as the handbook marks the
    values in its example, without the marks; everything else escaped, so no markup gets in."""
    pieces, last = [], 0
    for match in _EMPHASIS.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<b><u>{escape(match.group(1) or match.group(2))}</u></b>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def plain(markup: str) -> str:
    """Paragraph markup as the reader sees it, for a CSV cell: tags gone, entities back to characters."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup)).replace("\u200d", "")  # joiners that keep a name whole


@dataclass(frozen=True)
class Unit:
    """One paragraph-like piece of a card: body text, a read-aloud text, a label or write-in lines (whose
    `markup` is the label on their first line, and which with `fill` rule the rest of the side)."""

    style: str
    markup: str = ""
    bullet: str = ""
    indent: int = 0
    lines: int = 0
    ends_block: bool = True
    fill: bool = False


@dataclass(frozen=True)
class MergedCard:
    card: Card
    title: str
    subtitle: str
    units: tuple[Unit, ...]
    filled: tuple[tuple[str, str], ...]  # (field label, value) of the user values this card shows
    key: str = ""  # unique in a kit: the card's id, with the value's number for a card made per value
    share: int = 1  # a card made per value carries 1/share of the card's copies
    back_units: tuple[Unit, ...] = ()  # text on the card's back: only the action cards have it
    in_order: tuple[Unit, ...] = ()  # the card's text in the content's order: the run-sheet reads it


def _listed(values: list[str]) -> str:
    """ "a, b en c": babel only when a kit has values to list."""
    from babel.lists import format_list

    return format_list(values, locale="nl_NL")


def variables(profile: Profile, content: Content, waarde: str | None = None) -> dict:
    """Template variables: a given value as text (escaped on output), an open one as its write-in line.

    `waarde` is the value a card made once per value is about.
    """
    given = {key: getattr(profile, key) for key in content.fields if hasattr(profile, key)}
    given["waarde"] = waarde
    result = {}
    for key, field in content.fields.items():
        value = given.get(key)
        if value is None:
            value = Markup(field.blank) if field.blank is not None else ""
        result[key] = value
    result["waarden"] = list(profile.waarden)
    result["aantal_waarden"] = len(profile.waarden) or content.programme.top_values
    result["aantal_woord"] = NUMBER_WORDS[result["aantal_waarden"]]
    result["waarden_tekst"] = (
        _listed(list(profile.waarden)) if profile.waarden else Markup(content.fields["waarden_tekst"].blank)
    )
    result["aantal_ouderwaarden"] = len(profile.waarden_ouders)
    return result


def merge_all(profile: Profile, content: Content) -> list["MergedCard"]:
    """Every card this profile asks for: a card about values once per value when they are given, and the
    cards that need values (parents, pupils) only then."""
    merged = []
    for card in content.cards:
        if card.requires and not getattr(profile, card.requires):
            continue
        repeat = getattr(profile, card.repeat) if card.repeat else ()
        for index, value in enumerate(repeat or (None,)):
            merged.append(
                merge(
                    card,
                    profile,
                    content,
                    value,
                    f"{card.id}-{index + 1}" if repeat else card.id,
                    share=len(repeat) or 1,
                )
            )
    return merged


def merge(
    card: Card, profile: Profile, content: Content, waarde: str | None = None, key: str | None = None, share: int = 1
) -> MergedCard:
    values = variables(profile, content, waarde)
    units = tuple(unit for block in card.blocks for unit in _units(block, values, content, profile))
    shown = {**{k: getattr(profile, k) for k in content.fields if hasattr(profile, k)}, "waarde": waarde}
    filled = tuple(
        (content.fields[name].label, str(shown[name]))
        for name in sorted(card.variables)
        if shown.get(name) is not None and name in content.fields and content.fields[name].max_length
    )
    return MergedCard(
        card,
        fill(card.title, values),
        fill(card.subtitle, values),
        units,
        filled,
        key or card.id,
        share,
        (),
        units,
    )


def _list(items, bullets, indent: int, lines: int = 0, fill: bool = False) -> list[Unit]:
    """A list's items; with `lines`, each item is the label of that many write-in lines, for its answer."""
    style = "write_lines" if lines else "body"
    units = [
        Unit(style, markup, bullet=bullet, indent=indent, lines=lines, ends_block=False, fill=fill)
        for markup, bullet in zip(items, bullets)
    ]
    last = units[-1]
    units[-1] = Unit(style, last.markup, bullet=last.bullet, indent=indent, lines=lines, fill=fill)
    return units


def _units(block: Block, values: dict, content: Content, profile: Profile) -> list[Unit]:
    if block.type in ("paragraph", "read_aloud"):
        label = [Unit("label", fill(block.label, values), indent=block.indent, ends_block=False)] if block.label else []
        return label + [
            Unit("body" if block.type == "paragraph" else "read_aloud", fill(block.text, values), indent=block.indent)
        ]
    if block.type in ("numbered", "lettered", "bullets"):
        items = [fill(item, values) for item in block.items]
        marks = {
            "numbered": lambda i: f"{i + block.start - 1}.",
            "lettered": lambda i: f"{'abcdefghijklmnopqrstuvwxyz'[i - 1]})",
            "bullets": lambda i: "•",
        }[block.type]
        return _list(items, [marks(i) for i in range(1, len(items) + 1)], block.indent + 1, block.lines, block.fill)
    if block.type == "write_lines":
        if block.each:  # one labelled set of lines per value, or one set with a write-in label
            units = []
            for value in getattr(profile, block.each) or (None,):
                each = {**values, "waarde": value if value else Markup(content.fields["waarde"].blank)}
                units.append(Unit("write_lines", fill(block.label, each), lines=block.lines, ends_block=False))
            return units
        label = fill(block.label, values) if block.label else ""
        return [Unit("write_lines", label, lines=block.lines, fill=block.fill)]
    return _programme_units(content.programme.sessions[block.session].parts, content)


def _part_text(part: Part, content: Content) -> str:
    formats = content.programme.formats
    key = "part_per_group" if part.minutes_per_group else "part_with_intro" if part.parts else "part"
    return fill(
        formats[key],
        {"title": part.card_title or part.title, "minutes": part.minutes, "minutes_per_group": part.minutes_per_group},
    )


def _programme_units(parts: tuple[Part, ...], content: Content) -> list[Unit]:
    units: list[Unit] = []
    for number, part in enumerate(parts, 1):
        units.append(Unit("programme", _part_text(part, content), bullet=f"{number})", indent=1, ends_block=False))
        if part.parts:
            letters = [f"{'abcdefghijklmnopqrstuvwxyz'[i]}." for i in range(len(part.parts))]
            units.extend(
                Unit("programme", _part_text(sub, content), bullet=letter, indent=2, ends_block=False)
                for sub, letter in zip(part.parts, letters)
            )
    last = units[-1]
    units[-1] = Unit(last.style, last.markup, bullet=last.bullet, indent=last.indent)
    return units
