"""The handbook's texts as data: card kinds, cards, the programme and the profile's text fields.

Everything is read from content/ and checked once per process; the code knows no card by name.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..text.documenttexts import (
    Calibration,
    PrintOrderText,
    TablesText,
    checked_texts,
    load_calibration,
    load_marbles,
    load_poster,
    load_print_order,
    load_runsheet,
    load_tables,
)
from ..text.hyphenation import exception_positions
from .data import OURS, Record, load_toml, read_file, template_variables
from .errors import UserError
from .resources import data_dir, shown

BLOCK_TYPES = ("paragraph", "read_aloud", "numbered", "lettered", "bullets", "write_lines", "programme")
# What a run-sheet part holds, in the order the facilitator meets it: text to read aloud, what to do,
# the director's part, a card whose texts belong here, and the handbook's own sub-heading of a passage.
SCRIPT_KINDS = ("say", "note", "director", "card", "heading")
QUANTITY_RULES = ("deelnemer", "tweetal", "groepje", "waarde", "procesleider", "vast")
# Variables a card text may use besides the text fields of content/profiel.toml: the team's values as
# a list and as Dutch text ("veiligheid, respect en plezier"), how many there are (5 until the team has
# chosen; in figures and as a word, "vijf" or "zes").
COMPUTED_VARIABLES = (
    "jaar",
    "waarden",
    "waarden_tekst",
    "aantal_waarden",
    "aantal_woord",
    "aantal_ouderwaarden",
)
# The profile's lists a card can be made per item of, or require.
PROFILE_LISTS = ("waarden", "waarden_ouders")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    back_line: str
    where: str = ""  # where a card of this kind is used, instead of its session and step (parents, pupils)


@dataclass(frozen=True)
class Quantity:
    per: str
    count: int


@dataclass(frozen=True)
class Block:
    type: str
    text: str = ""
    items: tuple[str, ...] = ()
    label: str = ""
    lines: int = 0
    indent: int = 0
    session: int = 0
    each: str = ""  # write_lines: repeat per item of this profile list (waarden)
    fill: bool = False  # write_lines (and a list's lines): rule the rest of the front, at least `lines` of them
    start: int = 1  # numbered: the number of the first item (a list that goes on on the next card)


@dataclass(frozen=True)
class Card:
    id: str
    source: str
    kind: str
    session: int
    step: int | None
    title: str
    subtitle: str
    quantity: Quantity
    blocks: tuple[Block, ...]
    variables: frozenset[str]
    repeat: str = ""  # made once per item of this profile list (waarden) when it is given
    requires: str = ""  # only made when this profile list is given


@dataclass(frozen=True)
class ScriptItem:
    """One paragraph of a run-sheet part: `kind` is one of SCRIPT_KINDS, `text` a template or a card id."""

    kind: str
    text: str


@dataclass(frozen=True)
class Part:
    title: str
    who: str
    minutes: int | None
    minutes_per_group: int | None
    parts: tuple["Part", ...]
    script: tuple[ScriptItem, ...] = ()
    card_title: str = ""  # the name on the overview card where the handbook's card names the part otherwise
    line: str = ""  # a template printed under the title in the run-sheet's programme, as in the handbook's table


@dataclass(frozen=True)
class Session:
    number: int
    stated_total: int
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Programme:
    top_values: int
    formats: dict[str, str]
    sessions: dict[int, Session]


@dataclass(frozen=True)
class TextField:
    key: str
    label: str
    max_length: int | None
    blank: str | None
    default: str | None


@dataclass(frozen=True)
class Deviation:
    """A deliberate change to the handbook's words: its original, the kit's text and why."""

    original: str
    text: str
    reason: str


@dataclass(frozen=True)
class Content:
    kinds: dict[str, Kind]
    cards: tuple[Card, ...]
    programme: Programme
    fields: dict[str, TextField]
    labels: "Labels"
    calibration: "Calibration"
    print_order: "PrintOrderText"
    tables: "TablesText"
    runsheet: dict  # content/draaiboek.toml: texts by key, and per session its preparation list
    packing: dict  # content/paklijst.toml: texts by key, and "items": PackItems
    poster: dict  # content/poster.toml: "centre", "footer", "steps": Steps, "value", "future" texts
    marbles: dict  # content/knikkers.toml: labels and tally sheet for the marble vote
    hyphenation: dict[str, tuple[int, ...]]  # content/afbreken.toml: word → where it may break
    deviations: tuple[Deviation, ...] = ()  # content/afwijkingen.toml


@dataclass(frozen=True)
class Labels:
    session: str
    session_step: str
    sheet_front: str
    sheet_back: str
    date_format: str
    time_format: str
    quantity: dict[str, str]
    card_number: str  # "3 / 14" on a card's back
    step_name: str  # "Stap 2 · Dromen" on a card's back
    continued: str  # the band of a back that carries the rest of the card's text
    back_year: str  # "toekomstbeeld 2029" under the school on a card's back: the year of the dream, not of the kit


@dataclass(frozen=True)
class PackItem:
    session: int
    label: str
    quantity: tuple[Quantity, ...]  # summed


def _load_kinds(folder: Path) -> dict[str, Kind]:
    root = read_file(folder, "soorten.toml")
    kinds = {}
    for key in root.data:
        if key == OURS:
            continue
        rec = root.sub(key)
        rec.only("label", "back_line", "where")
        kinds[key] = Kind(key, rec.get("label", str), rec.get("back_line", str), rec.get("where", str, ""))
    return kinds


def _load_fields(folder: Path) -> dict[str, TextField]:
    root = read_file(folder, "profiel.toml")
    root.ours()
    fields = {}
    for key in root.data:
        if key == OURS:
            continue
        rec = root.sub(key)
        rec.only("label", "max_length", "blank", "default")
        blank, default = rec.get("blank", str, None), rec.get("default", str, None)
        if blank is not None and default is not None:
            raise rec.fail("blank", "geef 'blank' (invulregel) of 'default' (standaardwaarde), niet allebei.")
        fields[key] = TextField(key, rec.get("label", str), rec.get("max_length", int, None), blank, default)
    return fields


def _load_labels(folder: Path) -> Labels:
    root = read_file(folder, "labels.toml")
    root.only(
        "session",
        "session_step",
        "sheet_front",
        "sheet_back",
        "date_format",
        "time_format",
        "quantity",
        "card_number",
        "step_name",
        "continued",
        "back_year",
    )
    card_number, step_name = root.get("card_number", str), root.get("step_name", str)
    template_variables(root, "card_number", card_number, {"number", "total"})
    template_variables(root, "step_name", step_name, {"step", "name"})
    back_year = root.get("back_year", str)
    template_variables(root, "back_year", back_year, {"jaar"})
    session, session_step = root.get("session", str), root.get("session_step", str)
    template_variables(root, "session", session, {"session"})
    template_variables(root, "session_step", session_step, {"session", "step"})
    sheet_front, sheet_back = root.get("sheet_front", str), root.get("sheet_back", str)
    for key, text in (("sheet_front", sheet_front), ("sheet_back", sheet_back)):
        template_variables(root, key, text, {"sheet", "sheets", "kit"})
    rules = root.sub("quantity")
    rules.only(*QUANTITY_RULES)
    quantity = {rule: rules.get(rule, str) for rule in QUANTITY_RULES}
    for rule, text in quantity.items():
        template_variables(rules, rule, text, {"count", "group_size", "top_values"})
    return Labels(
        session,
        session_step,
        sheet_front,
        sheet_back,
        root.get("date_format", str),
        root.get("time_format", str),
        quantity,
        card_number,
        step_name,
        root.get("continued", str),
        back_year,
    )


def _load_packing(folder: Path, sessions: dict) -> dict:
    root = read_file(folder, "paklijst.toml")
    root.only(
        "title", "subtitle", "intro", "session_heading", "cards_heading", "materials_heading", "card", "after_heading",
        "item",
    )
    texts = checked_texts(
        root,
        {
            "title": set(),
            "subtitle": {"school"},
            "intro": {"team", "groups", "group_size"},
            "session_heading": {"session"},
            "cards_heading": set(),
            "materials_heading": set(),
            "card": {"kind", "title"},
            "after_heading": set(),
        },
    )
    items = []
    for rec in root.subs("item"):
        rec.only("session", "label", "quantity")
        rules = []
        for rule in rec.subs("quantity"):
            rule.only("per", "count")
            rules.append(Quantity(rule.get("per", str, choices=QUANTITY_RULES), rule.get("count", int, 1)))
        if not rules:
            raise rec.fail("quantity", 'geef minstens één regel, zoals { per = "deelnemer" }.')
        items.append(PackItem(rec.get("session", int, choices=tuple(sessions)), rec.get("label", str), tuple(rules)))
    texts["items"] = tuple(items)
    return texts


def _load_script_item(rec: Record, allowed: set[str]) -> ScriptItem:
    rec.only(*SCRIPT_KINDS)
    given = [key for key in SCRIPT_KINDS if key in rec.data]
    if len(given) != 1:
        raise rec.fail("say", f"geef precies één van {', '.join(repr(key) for key in SCRIPT_KINDS)}.")
    kind = given[0]
    text = rec.get(kind, str)
    if kind != "card":
        template_variables(rec, kind, text, allowed)
    return ScriptItem(kind, text)


def _load_deviations(folder: Path) -> tuple[Deviation, ...]:
    root = read_file(folder, "afwijkingen.toml")
    root.only("afwijking")
    found = []
    for rec in root.subs("afwijking"):
        rec.only("handboek", "kit", "reden")
        original, text, reason = (rec.get(key, str) for key in ("handboek", "kit", "reden"))
        for key, value in (("handboek", original), ("reden", reason)):
            if not value.strip():
                raise rec.fail(key, "is leeg.")
        template_variables(rec, "kit", text, None)
        found.append(Deviation(original, text, reason))
    if not found:
        raise root.fail("afwijking", "geef minstens één afwijking, of laat het bestand weg.")
    return tuple(found)


def _load_part(rec: Record, allowed: set[str]) -> Part:
    rec.only("title", "card_title", "line", "who", "minutes", "minutes_per_group", "part", "script")
    minutes = rec.get("minutes", int, None)
    per_group = rec.get("minutes_per_group", int, None)
    if (minutes is None) == (per_group is None):
        raise rec.fail("minutes", "geef precies één van 'minutes' en 'minutes_per_group'.")
    return Part(
        rec.get("title", str),
        rec.get("who", str),
        minutes,
        per_group,
        tuple(_load_part(sub, allowed) for sub in rec.subs("part")),
        tuple(_load_script_item(item, allowed) for item in rec.subs("script")),
        rec.get("card_title", str, ""),
        _checked_line(rec, allowed),
    )


def _checked_line(rec: Record, allowed: set[str]) -> str:
    line = rec.get("line", str, "")
    template_variables(rec, "line", line, allowed)
    return line


def _load_programme(folder: Path, allowed: set[str]) -> Programme:
    root = read_file(folder, "programma.toml")
    root.only("top_values", "format", "session")
    fmt = root.sub("format")
    fmt.only("part", "part_with_intro", "part_per_group")
    formats = {key: fmt.get(key, str) for key in ("part", "part_with_intro", "part_per_group")}
    for key, text in formats.items():
        template_variables(fmt, key, text, {"title", "minutes", "minutes_per_group"})
    sessions = {}
    for rec in root.subs("session"):
        rec.only("number", "stated_total", "part")
        number = rec.get("number", int)
        sessions[number] = Session(
            number, rec.get("stated_total", int), tuple(_load_part(sub, allowed) for sub in rec.subs("part"))
        )
    return Programme(root.get("top_values", int), formats, sessions)


def _load_block(rec: Record, allowed: set[str], sessions: dict) -> tuple[Block, set[str]]:
    return _read_block(rec.get("type", str, choices=BLOCK_TYPES), rec, allowed, sessions)


def _read_block(kind: str, rec: Record, allowed: set[str], sessions: dict) -> tuple[Block, set[str]]:
    used: set[str] = set()
    if kind in ("paragraph", "read_aloud"):
        rec.only("type", "text", "label", "indent")
        text = rec.get("text", str)
        used |= template_variables(rec, "text", text, allowed)
        label = rec.get("label", str, "")
        used |= template_variables(rec, "label", label, allowed)
        block = Block(kind, text=text, label=label, indent=rec.get("indent", int, 0))
    elif kind in ("numbered", "lettered", "bullets"):
        rec.only("type", "items", "indent", "lines", "start", "fill")
        items = tuple(rec.strings("items"))
        if not items:
            raise rec.fail("items", "de lijst is leeg.")
        for index, item in enumerate(items, 1):
            used |= template_variables(rec, f"items[{index}]", item, allowed)
        lines = rec.get("lines", int, 0)  # write-in lines under each item
        if lines < 0:
            raise rec.fail("lines", "moet 0 of meer zijn.")
        start = rec.get("start", int, 1) if kind == "numbered" else 1
        if start < 1:
            raise rec.fail("start", "moet minstens 1 zijn.")
        fill = rec.get("fill", bool, False)
        if fill and not lines:
            raise rec.fail("fill", "werkt alleen met lines: de regels onder elk punt lopen door tot onderaan de kaart.")
        block = Block(kind, items=items, indent=rec.get("indent", int, 0), lines=lines, start=start, fill=fill)
    elif kind == "write_lines":
        rec.only("type", "label", "lines", "each", "fill")
        label = rec.get("label", str, "")
        used |= template_variables(rec, "label", label, allowed)
        lines = rec.get("lines", int)
        if lines < 1:
            raise rec.fail("lines", "moet minstens 1 zijn.")
        each = rec.get("each", str, "", choices=PROFILE_LISTS)
        block = Block(kind, label=label, lines=lines, each=each, fill=rec.get("fill", bool, False))
    else:
        rec.only("type", "session")
        session = rec.get("session", int)
        if session not in sessions:
            raise rec.fail("session", f"het programma kent geen sessie {session}.")
        block = Block(kind, session=session)
    return block, used


def _load_card(path: Path, folder: Path, kinds: dict, allowed: set[str], sessions: dict) -> Card:
    rec = load_toml(path, shown(path, folder))
    rec.only("kind", "session", "step", "title", "subtitle", "quantity", "block", "repeat", "requires")
    kind = rec.get("kind", str, choices=tuple(kinds))
    session = rec.get("session", int)
    if session not in sessions:
        raise rec.fail("session", f"het programma kent geen sessie {session}.")
    quantity = rec.sub("quantity", None)
    if not quantity.data:
        raise rec.fail("quantity", "ontbreekt: hoeveel exemplaren zijn er nodig?")
    quantity.only("per", "count")
    count = quantity.get("count", int, 1)
    if count < 1:
        raise quantity.fail("count", "moet minstens 1 zijn.")
    used: set[str] = set()
    blocks = []
    for sub in rec.subs("block"):
        block, names = _load_block(sub, allowed, sessions)
        blocks.append(block)
        used |= names
    if not blocks:
        raise rec.fail("block", "een kaart heeft minstens één blok tekst.")
    title = rec.get("title", str)
    subtitle = rec.get("subtitle", str, "")
    used |= template_variables(rec, "title", title, allowed) | template_variables(rec, "subtitle", subtitle, allowed)
    return Card(
        id=path.stem,
        source=rec.source,
        kind=kind,
        session=session,
        step=rec.get("step", int, None),
        title=title,
        subtitle=subtitle,
        quantity=Quantity(quantity.get("per", str, choices=QUANTITY_RULES), count),
        blocks=tuple(blocks),
        variables=frozenset(used),
        repeat=rec.get("repeat", str, "", choices=PROFILE_LISTS),
        requires=rec.get("requires", str, "", choices=PROFILE_LISTS),
    )


def _all_parts(parts: tuple[Part, ...]):
    for part in parts:
        yield part
        yield from _all_parts(part.parts)


def load_content(folder: Path) -> Content:
    """Read and check every file of a content folder."""
    kinds = _load_kinds(folder)
    fields = _load_fields(folder)
    allowed = set(fields) | set(COMPUTED_VARIABLES)
    programme = _load_programme(folder, allowed)
    paths = sorted((folder / "kaarten").glob("*.toml"))
    cards = tuple(_load_card(path, folder, kinds, allowed, programme.sessions) for path in paths)
    known = {card.id for card in cards}
    for session in programme.sessions.values():
        for part in _all_parts(session.parts):
            for card_id in (item.text for item in part.script if item.kind == "card"):
                if card_id not in known:
                    raise UserError(
                        f"content/programma.toml: onderdeel '{part.title}' noemt kaart '{card_id}', "
                        "maar die staat niet in content/kaarten/."
                    )
    return Content(
        kinds,
        cards,
        programme,
        fields,
        _load_labels(folder),
        load_calibration(folder),
        load_print_order(folder),
        load_tables(folder),
        load_runsheet(folder, programme.sessions),
        _load_packing(folder, programme.sessions),
        load_poster(folder),
        load_marbles(folder),
        _load_hyphenation(folder),
        _load_deviations(folder),
    )


def _load_hyphenation(folder: Path) -> dict[str, tuple[int, ...]]:
    root = read_file(folder, "afbreken.toml")
    root.only("woorden")
    result = {}
    for index, spelled in enumerate(root.strings("woorden"), 1):
        if not spelled or not all(piece.isalpha() for piece in spelled.split("-")):
            raise root.fail(f"woorden[{index}]", f"'{spelled}' is geen woord met alleen letters en '-'.")
        word, positions = exception_positions(spelled)
        result[word] = positions
    return result


@cache
def default_content() -> Content:
    """The bundled content, read once per process."""
    return load_content(data_dir("content"))
