"""The texts of the documents around the cards, as data: order sheet, tables, run-sheet, posters,
marble vote and calibration sheet. Each loader checks its file and the variables its templates use."""

from dataclasses import dataclass
from pathlib import Path

from ..intake.data import Record, read_file, template_variables


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


def checked_texts(root: Record, spec: dict[str, set[str]]) -> dict:
    """Every key of `spec` as a template text that uses only the variables `spec` names."""
    found = {}
    for key, variables in spec.items():
        found[key] = root.get(key, str)
        template_variables(root, key, found[key], variables)
    return found


PRINT_ORDER_VARIABLES = {"school", "jaar", "file", "pages", "trim", "bleed", "marks", "intent", "cards", "total"}


def load_print_order(folder: Path) -> PrintOrderText:
    root = read_file(folder, "drukopdracht.toml")
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
    if len(header) != 5:
        raise table.fail("header", "vijf kolomkoppen: nummer, pagina’s, kaart, soort, aantal.")
    return PrintOrderText(
        root.get("title", str),
        subtitle,
        root.get("neutral_school", str),
        root.get("intro", str),
        tuple(spec),
        header,
        table.get("total", str),
        root.get("closing", str),
    )


def load_tables(folder: Path) -> TablesText:
    root = read_file(folder, "tabellen.toml")
    root.only("meta", "page", "tabel1", "tabel2", "actielijst", "opening")
    meta, page = root.get("meta", str), root.get("page", str)
    template_variables(root, "meta", meta, {"school", "jaar", "datum"})
    template_variables(root, "page", page, {"page", "pages"})
    one, two, opening = root.sub("tabel1"), root.sub("tabel2"), root.sub("opening")
    one.only("title", "intro", "follow_up", "column")
    two.only("title", "intro", "own_label", "own_items", "question")
    opening.only("title", "text", "prompt", "closing")
    for key in ("text", "prompt", "closing"):  # the top counts 5 or 6 values: "top 5", "deze vijf waarden"
        template_variables(opening, key, opening.get(key, str), {"aantal", "aantal_woord", "filled"})

    def columns(rec: Record, key: str, with_width: bool) -> tuple[Column, ...]:
        items = []
        for sub in rec.subs(key):
            sub.only("key", "label", *(("width",) if with_width else ()))
            items.append(
                Column(
                    sub.get("key", str), sub.get("label", str), sub.number("width", minimum=0.1) if with_width else 1.0
                )
            )
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
    return TablesText(
        meta,
        page,
        one.get("title", str),
        one.get("intro", str),
        table_columns,
        follow_up,
        two.get("title", str),
        two.get("intro", str),
        columns(two, "question", False),
        two.get("own_label", str),
        two.get("own_items", int),
        opening.get("title", str),
        opening.get("text", str),
        opening.get("prompt", str),
        opening.get("closing", str),
        *(
            actions.get(key, str)
            for key in ("event_summary", "event_description", "follow_up_summary", "question", "answer")
        ),
    )


RUNSHEET_TEXTS = {
    "title": {"session"},
    "subtitle": {"school", "when"},
    "programme_heading": set(),
    "minutes": {"minutes"},
    "total": {"minutes", "end"},
    "over_time": {"minutes", "over", "stated"},
    "under_time": {"minutes", "stated"},
    "no_start": {"session"},
    "groups": {"groups", "group_size"},
    "preparation_heading": set(),
    "script_heading": set(),
    "say_label": set(),
    "note_label": set(),
    "director_label": set(),
    "preconditions_heading": set(),
    "preconditions_intro": set(),
    "date_time": {"date", "time"},
    "intro": {"title"},
}


def load_runsheet(folder: Path, sessions: dict) -> dict:
    root = read_file(folder, "draaiboek.toml")
    root.only(*RUNSHEET_TEXTS, "columns", "columns_without_time", "session", "preconditions")
    texts = checked_texts(root, RUNSHEET_TEXTS)
    texts["columns"] = tuple(root.strings("columns"))
    texts["columns_without_time"] = tuple(root.strings("columns_without_time"))
    if len(texts["columns"]) != 5 or len(texts["columns_without_time"]) != 3:
        raise root.fail("columns", "vijf kolomkoppen met begintijd (begin, onderdeel, wie, duur, einde), drie zonder.")
    texts["preparation"], texts["rows"] = {}, {}
    for rec in root.subs("session"):
        rec.only("number", "preparation", "row")
        number = rec.get("number", int, choices=tuple(sessions))
        items = tuple(rec.strings("preparation"))
        for index, item in enumerate(items, 1):
            template_variables(rec, f"preparation[{index}]", item, {"filled", "year", "jaar"})
        texts["preparation"][number] = items
        rows = []
        for row in rec.subs("row"):
            row.only("part", "who", "time")
            rows.append(tuple(row.get(key, str) for key in ("part", "who", "time")))
        texts["rows"][number] = tuple(rows)
    preconditions = root.sub("preconditions")
    preconditions.only("items")
    texts["preconditions"] = tuple(preconditions.strings("items"))
    return texts


def load_poster(folder: Path) -> dict:
    root = read_file(folder, "poster.toml")
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
    return {
        "centre": root.get("centre", str),
        "footer": root.get("footer", str),
        "steps": tuple(steps),
        "value": checked_texts(value, {key: {"waarde"} for key in ("heading", "question", "step1", "step2", "step3")}),
        "future": checked_texts(
            future,
            {
                "heading": set(),
                "example_label": set(),
                "example_note": set(),
                "example": {"school", "jaar"},
                "values_heading": set(),
            },
        ),
    }


def load_marbles(folder: Path) -> dict:
    root = read_file(folder, "knikkers.toml")
    root.only("label_footer", "tally_title", "tally_intro", "tally_columns")
    texts = checked_texts(
        root, {"label_footer": {"school"}, "tally_title": set(), "tally_intro": {"school", "aantal_waarden"}}
    )
    texts["tally_columns"] = tuple(root.strings("tally_columns"))
    if len(texts["tally_columns"]) != 3:
        raise root.fail("tally_columns", "drie kolomkoppen: waarde, turven, totaal.")
    return texts


def load_calibration(folder: Path) -> Calibration:
    root = read_file(folder, "kalibratie.toml")
    root.only("title", "front", "back", "command")
    return Calibration(*(root.get(key, str) for key in ("title", "front", "back", "command")))
