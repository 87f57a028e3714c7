"""The handbook's texts as data: card kinds, cards, the programme and the profile's text fields.

Everything is read from content/ and checked once per process; the code knows no card by name.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import jinja2.meta

from .data import Record, load_toml
from .errors import UserError
from .resources import data_dir, shown

BLOCK_TYPES = ("paragraph", "read_aloud", "numbered", "lettered", "bullets", "write_lines", "programme")
QUANTITY_RULES = ("deelnemer", "tweetal", "groepje", "waarde", "procesleider", "vast")
# Variables a card text may use besides the text fields of content/profiel.toml: the team's values as
# a list and as Dutch text ("veiligheid, respect en plezier"), how many there are, and the sector.
COMPUTED_VARIABLES = ("jaar", "waarden", "waarden_tekst", "aantal_waarden", "aantal_ouderwaarden", "sector")
# The profile's lists a card can be made per item of, or require.
PROFILE_LISTS = ("waarden", "waarden_ouders")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    plural: str
    back_line: str


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
    repeat: str = ""    # made once per item of this profile list (waarden) when it is given
    requires: str = ""  # only made when this profile list is given


@dataclass(frozen=True)
class Part:
    title: str
    who: str
    minutes: int | None
    minutes_per_group: int | None
    parts: tuple["Part", ...]
    say: str = ""        # read aloud by the facilitator (template)
    note: str = ""       # what the facilitator does
    director: str = ""   # the director's part
    cards: tuple[str, ...] = ()  # facilitator cards whose texts belong to this part


@dataclass(frozen=True)
class Session:
    number: int
    stated_total: int
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Programme:
    group_size: int
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
class Content:
    kinds: dict[str, Kind]
    cards: tuple[Card, ...]
    programme: Programme
    fields: dict[str, TextField]
    labels: "Labels"
    calibration: "Calibration"
    print_order: "PrintOrderText"
    tables: "TablesText"
    runsheet: dict          # content/draaiboek.toml: texts by key, and per session its preparation list
    packing: dict           # content/paklijst.toml: texts by key, and "items": PackItems
    poster: dict            # content/poster.toml: "centre", "footer", "steps": Steps, "value", "future" texts
    marbles: dict           # content/knikkers.toml: labels and tally sheet for the marble vote


@dataclass(frozen=True)
class Labels:
    session: str
    session_step: str
    sheet_front: str
    sheet_back: str
    date_format: str
    time_format: str
    quantity: dict[str, str]


@dataclass(frozen=True)
class PrintOrderText:
    title: str
    subtitle: str
    neutral_school: str
    intro: str
    spec: tuple[tuple[str, str], ...]
    header: tuple[str, ...]
    total: str
    closing: str


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: float


@dataclass(frozen=True)
class TablesText:
    """Tabel 1, Tabel 2 and the opening sheet of session 2."""

    meta: str
    page: str
    table1_title: str
    table1_intro: str
    columns: tuple[Column, ...]
    follow_up: str
    table2_title: str
    table2_intro: str
    questions: tuple[Column, ...]
    own_label: str
    own_items: int
    opening_title: str
    opening_text: str
    opening_prompt: str
    opening_closing: str
    event_summary: str
    event_description: str
    follow_up_summary: str
    question: str
    answer: str


@dataclass(frozen=True)
class PackItem:
    session: int
    label: str
    quantity: tuple[Quantity, ...]  # summed


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    question: str


@dataclass(frozen=True)
class Calibration:
    title: str
    front: str
    back: str
    command: str


_TEMPLATE_ENV = jinja2.Environment()


def template_variables(record: Record, key: str, text: str, allowed: set[str]) -> set[str]:
    """The profile variables a text uses; a syntax error or an unknown variable names the field."""
    try:
        names = jinja2.meta.find_undeclared_variables(_TEMPLATE_ENV.parse(text))
    except jinja2.TemplateSyntaxError as exc:
        raise record.fail(key, f"fout in sjabloon: {exc.message}.") from None
    unknown = sorted(names - allowed)
    if unknown:
        raise record.fail(key, f"onbekende variabele '{unknown[0]}'; bekend zijn: {', '.join(sorted(allowed))}.")
    return names


def _read(folder: Path, name: str) -> Record:
    path = folder / name
    return load_toml(path, shown(path, folder))


def _load_kinds(folder: Path) -> dict[str, Kind]:
    root = _read(folder, "soorten.toml")
    kinds = {}
    for key in root.data:
        rec = root.sub(key)
        rec.only("label", "plural", "back_line")
        kinds[key] = Kind(key, rec.get("label", str), rec.get("plural", str), rec.get("back_line", str))
    return kinds


def _load_fields(folder: Path) -> dict[str, TextField]:
    root = _read(folder, "profiel.toml")
    fields = {}
    for key in root.data:
        rec = root.sub(key)
        rec.only("label", "max_length", "blank", "default")
        blank, default = rec.get("blank", str, None), rec.get("default", str, None)
        if blank is not None and default is not None:
            raise rec.fail("blank", "geef 'blank' (invulregel) of 'default' (standaardwaarde), niet allebei.")
        fields[key] = TextField(key, rec.get("label", str), rec.get("max_length", int, None), blank, default)
    return fields


def _load_labels(folder: Path) -> Labels:
    root = _read(folder, "labels.toml")
    root.only("session", "session_step", "sheet_front", "sheet_back", "date_format", "time_format", "quantity")
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
    return Labels(session, session_step, sheet_front, sheet_back, root.get("date_format", str),
                  root.get("time_format", str), quantity)


PRINT_ORDER_VARIABLES = {"school", "jaar", "file", "pages", "trim", "bleed", "marks", "intent", "cards", "total"}


def _load_print_order(folder: Path) -> PrintOrderText:
    root = _read(folder, "drukopdracht.toml")
    root.only("title", "subtitle", "neutral_school", "intro", "spec", "table", "closing")
    spec = []
    for rec in root.subs("spec"):
        rec.only("label", "value")
        value = rec.get("value", str)
        template_variables(rec, "value", value, PRINT_ORDER_VARIABLES)
        spec.append((rec.get("label", str), value))
    subtitle = root.get("subtitle", str)
    template_variables(root, "subtitle", subtitle, PRINT_ORDER_VARIABLES)
    table = root.sub("table")
    table.only("header", "total")
    header = tuple(table.strings("header"))
    if len(header) != 4:
        raise table.fail("header", "vier kolomkoppen: pagina's, kaart, soort, aantal.")
    return PrintOrderText(root.get("title", str), subtitle, root.get("neutral_school", str), root.get("intro", str),
                          tuple(spec), header, table.get("total", str), root.get("closing", str))


def _load_tables(folder: Path) -> TablesText:
    root = _read(folder, "tabellen.toml")
    root.only("meta", "page", "tabel1", "tabel2", "actielijst", "opening")
    meta, page = root.get("meta", str), root.get("page", str)
    template_variables(root, "meta", meta, {"school", "jaar", "datum"})
    template_variables(root, "page", page, {"page", "pages"})
    one, two, opening = root.sub("tabel1"), root.sub("tabel2"), root.sub("opening")
    one.only("title", "intro", "follow_up", "column")
    two.only("title", "intro", "own_label", "own_items", "question")
    opening.only("title", "text", "prompt", "closing")
    template_variables(opening, "closing", opening.get("closing", str), {"aantal"})

    def columns(rec: Record, key: str, with_width: bool) -> tuple[Column, ...]:
        items = []
        for sub in rec.subs(key):
            sub.only("key", "label", *(("width",) if with_width else ()))
            items.append(Column(sub.get("key", str), sub.get("label", str),
                                sub.number("width", minimum=0.1) if with_width else 1.0))
        keys = [item.key for item in items]
        if not items or len(set(keys)) != len(keys):
            raise rec.fail(key, "geef minstens één kolom, elk met een eigen 'key'.")
        return tuple(items)

    table_columns = columns(one, "column", True)
    follow_up = one.get("follow_up", str, choices=tuple(c.key for c in table_columns))
    actions = root.sub("actielijst")
    actions.only("event_summary", "event_description", "follow_up_summary", "question", "answer")
    for key in ("event_summary", "event_description"):
        template_variables(actions, key, actions.get(key, str), {c.key for c in table_columns})
    return TablesText(meta, page, one.get("title", str), one.get("intro", str), table_columns, follow_up,
                      two.get("title", str), two.get("intro", str), columns(two, "question", False),
                      two.get("own_label", str), two.get("own_items", int), opening.get("title", str),
                      opening.get("text", str), opening.get("prompt", str), opening.get("closing", str),
                      *(actions.get(key, str) for key in ("event_summary", "event_description", "follow_up_summary",
                                                          "question", "answer")))


RUNSHEET_TEXTS = {
    "title": {"session"}, "subtitle": {"school", "when"}, "programme_heading": set(), "minutes": {"minutes"},
    "total": {"minutes", "end"}, "over_time": {"minutes", "over", "stated"}, "under_time": {"minutes", "stated"},
    "no_start": {"session"}, "groups": {"groups", "group_size"}, "preparation_heading": set(),
    "script_heading": set(), "say_label": set(), "note_label": set(), "director_label": set(),
    "preconditions_heading": set(), "preconditions_intro": set(), "date_time": {"date", "time"},
    "intro": {"title"},
}


def _texts(root: Record, spec: dict[str, set[str]]) -> dict:
    """Every key of `spec` as a template text that uses only the variables `spec` names."""
    texts = {}
    for key, variables in spec.items():
        texts[key] = root.get(key, str)
        template_variables(root, key, texts[key], variables)
    return texts


def _load_runsheet(folder: Path, sessions: dict) -> dict:
    root = _read(folder, "draaiboek.toml")
    root.only(*RUNSHEET_TEXTS, "columns", "columns_without_time", "session", "preconditions")
    texts = _texts(root, RUNSHEET_TEXTS)
    texts["columns"] = tuple(root.strings("columns"))
    texts["columns_without_time"] = tuple(root.strings("columns_without_time"))
    if len(texts["columns"]) != 5 or len(texts["columns_without_time"]) != 3:
        raise root.fail("columns", "vijf kolomkoppen met begintijd (begin, onderdeel, wie, duur, einde), drie zonder.")
    texts["preparation"] = {}
    for rec in root.subs("session"):
        rec.only("number", "preparation")
        number = rec.get("number", int, choices=tuple(sessions))
        items = tuple(rec.strings("preparation"))
        for index, item in enumerate(items, 1):
            template_variables(rec, f"preparation[{index}]", item, {"filled"})
        texts["preparation"][number] = items
    preconditions = root.sub("preconditions")
    preconditions.only("items")
    texts["preconditions"] = tuple(preconditions.strings("items"))
    return texts


def _load_packing(folder: Path, sessions: dict) -> dict:
    root = _read(folder, "paklijst.toml")
    root.only("title", "subtitle", "intro", "session_heading", "cards_heading", "materials_heading", "item")
    texts = _texts(root, {"title": set(), "subtitle": {"school"}, "intro": {"team", "groups", "group_size"}, "session_heading": {"session"},
                          "cards_heading": set(), "materials_heading": set()})
    items = []
    for rec in root.subs("item"):
        rec.only("session", "label", "quantity")
        rules = []
        for rule in rec.subs("quantity"):
            rule.only("per", "count")
            rules.append(Quantity(rule.get("per", str, choices=QUANTITY_RULES), rule.get("count", int, 1)))
        if not rules:
            raise rec.fail("quantity", "geef minstens één regel, zoals { per = \"deelnemer\" }.")
        items.append(PackItem(rec.get("session", int, choices=tuple(sessions)), rec.get("label", str), tuple(rules)))
    texts["items"] = tuple(items)
    return texts


def _load_poster(folder: Path) -> dict:
    root = _read(folder, "poster.toml")
    root.only("centre", "footer", "step", "value", "future")
    steps = []
    for rec in root.subs("step"):
        rec.only("number", "name", "question")
        steps.append(Step(rec.get("number", int), rec.get("name", str), rec.get("question", str)))
    if len(steps) != 4:
        raise root.fail("step", "de cyclus heeft vier stappen.")
    value, future = root.sub("value"), root.sub("future")
    value.only("heading", "question", "step1", "step2", "step3")
    future.only("heading", "example_label", "example_note", "example", "values_heading")
    return {"centre": root.get("centre", str), "footer": root.get("footer", str), "steps": tuple(steps),
            "value": _texts(value, {key: {"waarde"} for key in ("heading", "question", "step1", "step2", "step3")}),
            "future": _texts(future, {"heading": set(), "example_label": set(), "example_note": set(),
                                      "example": {"school", "jaar"}, "values_heading": set()})}


def _load_marbles(folder: Path) -> dict:
    root = _read(folder, "knikkers.toml")
    root.only("label_footer", "tally_title", "tally_intro", "tally_columns")
    texts = _texts(root, {"label_footer": {"school"}, "tally_title": set(), "tally_intro": {"school"}})
    texts["tally_columns"] = tuple(root.strings("tally_columns"))
    if len(texts["tally_columns"]) != 3:
        raise root.fail("tally_columns", "drie kolomkoppen: waarde, turven, totaal.")
    return texts


def _load_calibration(folder: Path) -> Calibration:
    root = _read(folder, "kalibratie.toml")
    root.only("title", "front", "back", "command")
    return Calibration(*(root.get(key, str) for key in ("title", "front", "back", "command")))


def _load_part(rec: Record, allowed: set[str]) -> Part:
    rec.only("title", "who", "minutes", "minutes_per_group", "part", "say", "note", "director", "cards")
    minutes = rec.get("minutes", int, None)
    per_group = rec.get("minutes_per_group", int, None)
    if (minutes is None) == (per_group is None):
        raise rec.fail("minutes", "geef precies één van 'minutes' en 'minutes_per_group'.")
    texts = {key: rec.get(key, str, "") for key in ("say", "note", "director")}
    for key, text in texts.items():
        template_variables(rec, key, text, allowed)
    return Part(rec.get("title", str), rec.get("who", str), minutes, per_group,
                tuple(_load_part(sub, allowed) for sub in rec.subs("part")), **texts,
                cards=tuple(rec.strings("cards", [])))


def _load_programme(folder: Path, allowed: set[str]) -> Programme:
    root = _read(folder, "programma.toml")
    root.only("group_size", "top_values", "format", "session")
    fmt = root.sub("format")
    fmt.only("part", "part_with_intro", "part_per_group")
    formats = {key: fmt.get(key, str) for key in ("part", "part_with_intro", "part_per_group")}
    for key, text in formats.items():
        template_variables(fmt, key, text, {"title", "minutes", "minutes_per_group"})
    sessions = {}
    for rec in root.subs("session"):
        rec.only("number", "stated_total", "part")
        number = rec.get("number", int)
        sessions[number] = Session(number, rec.get("stated_total", int),
                                   tuple(_load_part(sub, allowed) for sub in rec.subs("part")))
    return Programme(root.get("group_size", int), root.get("top_values", int), formats, sessions)


def _load_block(rec: Record, allowed: set[str], sessions: dict) -> tuple[Block, set[str]]:
    kind = rec.get("type", str, choices=BLOCK_TYPES)
    used: set[str] = set()
    if kind in ("paragraph", "read_aloud"):
        rec.only("type", "text", "label", "indent")
        text = rec.get("text", str)
        used |= template_variables(rec, "text", text, allowed)
        block = Block(kind, text=text, label=rec.get("label", str, ""), indent=rec.get("indent", int, 0))
    elif kind in ("numbered", "lettered", "bullets"):
        rec.only("type", "items", "indent")
        items = tuple(rec.strings("items"))
        if not items:
            raise rec.fail("items", "de lijst is leeg.")
        for index, item in enumerate(items, 1):
            used |= template_variables(rec, f"items[{index}]", item, allowed)
        block = Block(kind, items=items, indent=rec.get("indent", int, 0))
    elif kind == "write_lines":
        rec.only("type", "label", "lines", "each")
        label = rec.get("label", str, "")
        used |= template_variables(rec, "label", label, allowed)
        lines = rec.get("lines", int)
        if lines < 1:
            raise rec.fail("lines", "moet minstens 1 zijn.")
        block = Block(kind, label=label, lines=lines, each=rec.get("each", str, "", choices=PROFILE_LISTS))
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
    return Card(id=path.stem, source=rec.source, kind=kind, session=session, step=rec.get("step", int, None),
                title=title, subtitle=subtitle, quantity=Quantity(quantity.get("per", str, choices=QUANTITY_RULES), count),
                blocks=tuple(blocks), variables=frozenset(used),
                repeat=rec.get("repeat", str, "", choices=PROFILE_LISTS),
                requires=rec.get("requires", str, "", choices=PROFILE_LISTS))


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
            for card_id in part.cards:
                if card_id not in known:
                    raise UserError(f"content/programma.toml: onderdeel '{part.title}' noemt kaart '{card_id}', "
                                    "maar die staat niet in content/kaarten/.")
    return Content(kinds, cards, programme, fields, _load_labels(folder), _load_calibration(folder),
                   _load_print_order(folder), _load_tables(folder), _load_runsheet(folder, programme.sessions),
                   _load_packing(folder, programme.sessions), _load_poster(folder), _load_marbles(folder))


@cache
def default_content() -> Content:
    """The bundled content, read once per process."""
    return load_content(data_dir("content"))
