"""Reading TOML data files with checks that name the file and the field."""

import re
import tomllib
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from .errors import UserError
from .resources import shown

MM = 72 / 25.4
# The key that marks a table's texts, or some of them, as the kit's own wording rather than the handbook's.
OURS = "ours"
_TYPE_NAMES = {str: "tekst", int: "geheel getal", float: "getal", list: "lijst", dict: "tabel", bool: "ja/nee"}


def load_toml(path: Path, shown_as: str | None = None) -> "Record":
    """Parse a TOML file into a Record; a syntax error names the file and the line."""
    shown = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad starts a UTF-8 file with a byte-order mark
    except FileNotFoundError:
        raise UserError(f"{shown}: bestand bestaat niet.") from None
    except UnicodeDecodeError:
        raise UserError(f"{shown}: geen tekstbestand in UTF-8.") from None
    except OSError as exc:
        raise UserError(f"{shown}: kan het bestand niet lezen ({exc.strerror}).") from None
    return parse_toml(text, shown)


def parse_toml(text: str, shown: str) -> "Record":
    """Parse TOML text, e.g. an uploaded file, into a Record named `shown` in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{shown}: geen geldige TOML: {_dutch_toml_error(exc)}{_comma_hint(text, exc)}") from None
    except RecursionError:
        raise UserError(f"{shown}: geen geldige TOML: lijsten of tabellen staan te diep in elkaar.") from None
    return Record(data, shown)


_DECIMAL_COMMA = re.compile(r"=\s*[-+]?\d+,\d+\s*(#.*)?$")


def _comma_hint(text: str, exc: tomllib.TOMLDecodeError) -> str:
    """A Dutch decimal comma is the likeliest cause of an error on a line like `verschuif_x = 1,5`."""
    lines = text.splitlines()
    found = getattr(exc, "lineno", None) or re.search(r"at line (\d+)", str(exc))
    number = int(found if isinstance(found, int) else found.group(1)) if found else 0
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    match = _DECIMAL_COMMA.search(line)
    if not match:
        return ""
    number = match.group(0).lstrip("= \t").split("#")[0].strip()
    return f" Schrijf een kommagetal in een profiel met een punt: {number.replace(',', '.')} in plaats van {number}."


# tomllib's messages, by their opening words, in Dutch; an unknown one is left out of the message.
_TOML_MESSAGES = {
    "Illegal character": "ongeldig teken (een tekst zonder sluitend aanhalingsteken?)",
    "Unterminated string": "een tekst zonder sluitend aanhalingsteken",
    "Expected '=' after a key": "'=' verwacht na de naam van het veld",
    "Invalid value": "ongeldige waarde (staat tekst tussen aanhalingstekens?)",
    "Cannot overwrite a value": "dit veld staat er al",
    "Cannot declare": "deze tabel staat er al",
    "Invalid initial character for a key part": "ongeldige naam van een veld",
    "Expected newline or end of document after a statement": "na een waarde hoort een nieuwe regel",
}


def _dutch_toml_error(exc: tomllib.TOMLDecodeError) -> str:
    detail, _, where = str(exc).partition(" (at ")
    explanation = next((dutch for english, dutch in _TOML_MESSAGES.items() if detail.startswith(english)), None)
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    place = (
        f"regel {line}, kolom {column}"
        if line
        else where.rstrip(")").replace("line", "regel").replace("column", "kolom")
    )
    return f"{place}: {explanation}." if explanation else f"{place}."


class Record:
    """A TOML table with typed, named access: every problem becomes a UserError naming file and field."""

    def __init__(self, data: dict, source: str, prefix: str = ""):
        self.data = data
        self.source = source
        self.prefix = prefix

    def field(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str, problem: str) -> UserError:
        return UserError(f"{self.source}: veld '{self.field(key)}': {problem}")

    def get(self, key: str, kind: type | tuple, default: Any = ..., choices=None) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "ontbreekt.")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
            if float in kinds and isinstance(value, int) and not isinstance(value, bool):
                return float(value)
            wanted = " of ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)
            raise self.fail(key, f"moet een {wanted} zijn, niet {value!r}.")
        if choices is not None and value not in choices:
            raise self.fail(key, f"onbekende waarde {value!r}; kies uit {', '.join(map(repr, choices))}.")
        return value

    def number(self, key: str, default: Any = ..., minimum: float | None = None) -> float:
        value = self.get(key, (int, float), default)
        if minimum is not None and value is not None and value < minimum:
            raise self.fail(key, f"moet minstens {minimum} zijn, niet {value}.")
        return value

    def sub(self, key: str, default: Any = ...) -> "Record":
        table = self.get(key, dict, {} if default is not ... else default)
        return Record(table, self.source, f"{self.field(key)}.")

    def subs(self, key: str) -> list["Record"]:
        items = self.get(key, list, [])
        records = []
        for index, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{index}]", "moet een tabel zijn.")
            records.append(Record(item, self.source, f"{self.field(key)}[{index}]."))
        return records

    def strings(self, key: str, default: Any = ...) -> list[str]:
        items = self.get(key, list, default)
        for index, item in enumerate(items, 1):
            if not isinstance(item, str):
                raise self.fail(f"{key}[{index}]", f"moet tekst zijn, niet {item!r}.")
        return items

    def size(self, key: str) -> tuple[float, float]:
        """[width, height] in millimetres, returned in points."""
        value = self.get(key, list)
        if len(value) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value):
            raise self.fail(key, "moet [breedte, hoogte] in millimeter zijn.")
        return value[0] * MM, value[1] * MM

    def cmyk(self, key: str) -> tuple[float, float, float, float]:
        value = self.get(key, list)
        if len(value) != 4 or not all(isinstance(v, (int, float)) and 0 <= v <= 100 for v in value):
            raise self.fail(key, "moet vier CMYK-percentages van 0 tot 100 zijn.")
        if sum(value) > 300:
            raise self.fail(key, f"totale inktdekking {sum(value)}% is meer dan 300%.")
        return tuple(v / 100 for v in value)

    def only(self, *keys: str) -> None:
        """Refuse keys this record does not know: a typo must not pass silently.

        Every table may also say which of its texts are ours rather than the handbook's (see `ours`).
        """
        unknown = sorted(set(self.data) - set(keys) - {OURS})
        if unknown:
            raise self.fail(unknown[0], f"onbekend veld; bekende velden: {', '.join(keys)}.")
        self.ours()

    def ours(self) -> bool | tuple[str, ...]:
        """The marker for text the kit needs and the handbook lacks: `ours = true` for the whole table,
        or `ours = ["title", ...]` for some of its fields. The handbook test skips what is marked."""
        value = self.data.get(OURS, False)
        if isinstance(value, bool):
            return value
        if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
            raise self.fail(OURS, 'moet true zijn of een lijst met namen van velden van deze tabel, zoals ["title"].')
        for item in value:
            if item not in self.data or item == OURS:
                raise self.fail(OURS, f"noemt '{item}', maar die tekst staat niet in deze tabel.")
        return tuple(value)


_TEMPLATE_ENV = jinja2.Environment()
# Names Jinja reads itself (literals, globals, its own), never as a variable of the text.
_JINJA_OWN = frozenset(_TEMPLATE_ENV.globals) | {"true", "false", "none", "True", "False", "None", "self", "loop"}
# A tag that only prints a variable: most templated texts have no other kind.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def template_variables(record: Record, key: str, text: str, allowed: set[str] | None) -> set[str]:
    """The profile variables a text uses; a syntax error or an unknown variable names the field.

    With `allowed` None any variable passes: the text quotes templates of several files."""
    if "{" not in text:  # no tag, nothing to parse: most texts, and a noticeable part of a start-up
        return set()
    parts = PLACEHOLDER.split(text)
    names = set(parts[1::2])
    # Nothing but {{ name }} with known names: those are what Jinja's parse would find. Anything else
    # (other tags, a literal such as {{ true }}, an unknown name) is left to Jinja and its messages.
    if any("{" in literal for literal in parts[::2]) or allowed is None or not names <= allowed - _JINJA_OWN:
        try:
            names = jinja2.meta.find_undeclared_variables(_TEMPLATE_ENV.parse(text))
        except jinja2.TemplateSyntaxError as exc:
            raise record.fail(key, f"fout in sjabloon: {exc.message}.") from None
    unknown = sorted(names - allowed) if allowed is not None else []
    if unknown:
        raise record.fail(key, f"onbekende variabele '{unknown[0]}'; bekend zijn: {', '.join(sorted(allowed))}.")
    return names


def read_file(folder: Path, name: str) -> "Record":
    """A file of a data folder, named in messages as e.g. content/programma.toml."""
    path = folder / name
    return load_toml(path, shown(path, folder))
