"""A school's profile: read from a TOML file and command-line options, checked, then frozen.

Every value a user gives passes through here; what leaves is valid, so the kit maker needs no checks.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase.ttfonts import TTFError

from .content import Content, default_content
from .data import Record, load_toml, parse_toml
from .errors import UserError
from .usertext import invisible, text_problem, visible

# Profile keys as a user writes them in a file and, with two dashes, as options.
KEYS = (
    "school",
    "directeur",
    "jaar",
    "krant",
    "team",
    "groepsgrootte",
    "procesleiders",
    "sessie1",
    "sessie2",
    "snijtekens",
    "verschuif_x",
    "verschuif_y",
    "waarden",
    "toekomstperspectief",
    "waarden_ouders",
)
# Keys an older version wrote that no longer do anything: a profile with them still loads, and the
# key is skipped with a one-line notice (retired_notices). "sector" (po/vo) never changed a card.
RETIRED = {"sector": "soort onderwijs"}
# The team's top values (the handbook: a top 5, sometimes 6) and the values put to parents and pupils
# (up to 10): how many, and how long one may be to fit its poster and card.
VALUE_LISTS = {"waarden": ("de top", 5, 6), "waarden_ouders": ("de lijst voor ouders en leerlingen", 1, 10)}
VALUE_MAX_LENGTH = 24
# Options whose name is not the key: --waarde is given once per value.
OPTION_NAMES = {"waarden": "--waarde"}
WHOLE_NUMBERS = {
    "team": ("het aantal teamleden", 1, 500, 20),
    # the dream step's groups: their number sets the presentation time and the count of cards and sheets
    "groepsgrootte": ("de grootte van de groepjes", 2, 10, 4),
    "procesleiders": ("het aantal procesleiders", 1, 20, 1),
    "jaar": ("het jaartal", 2000, 2099, None),
}
# Dutch people write a clock time as 15.00 as often as 15:00.
DATE_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H.%M",
    "%Y-%m-%d",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H.%M",
    "%d-%m-%Y",
)
# Session years: the dream year (default: session 1 plus two) must stay within the range of `jaar`.
SESSION_YEARS = (2000, 2097)
DREAM_AHEAD = 20  # years: a dream further from session 1 than this is a typo
MAX_PROFILE_BYTES = 1_000_000  # a profile is a few lines; this keeps a device or a huge file from being read
# mm: a larger duplex error is a printer setting, not an offset. Across, the A4 sheet's margin holds 7.5 mm:
# a back shifted further takes its bleed off the paper's edge (tests/test_nothing_lost.py checks both).
MAX_OFFSET = {"verschuif_x": 7.5, "verschuif_y": 10.0}
LONG_TEAM = 60  # members: above this the presentations make a session run well over its two hours
SESSION_MINUTES = 120  # the handbook's two hours per session
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WHOLE = re.compile(r"-?[0-9]+")  # ASCII digits only: isdigit() also takes '²', which int() refuses
_WHOLE_DIGITS = 18  # more digits than this is beyond every range; int() is not asked to read thousands


@dataclass(frozen=True)
class Profile:
    """A validated profile. Text fields are None when left open: the card then shows a write-in line."""

    jaar: int | None  # the year of the dream; None: unknown, the cards keep the handbook's "20__"
    team: int
    procesleiders: int
    groepsgrootte: int = 4
    school: str | None = None
    directeur: str | None = None
    krant: str | None = None
    sessie1: datetime | None = None
    sessie2: datetime | None = None
    snijtekens: bool = False
    verschuif_x: float = 0.0  # mm: moves the backs on the A4 sheets to correct a printer's duplex offset
    verschuif_y: float = 0.0
    waarden: tuple[str, ...] = ()  # the team's top 5 or 6; empty: write-in lines
    toekomstperspectief: str | None = None
    waarden_ouders: tuple[str, ...] = ()


def current_date() -> date:
    """Today, for the default year; a function so that tests can freeze it."""
    return date.today()


def read_profile_file(path: Path) -> dict[str, Any]:
    """The raw values of a profile file; an unknown key is refused, it is most likely a typo."""
    try:
        size = path.stat().st_size if path.is_file() else None
    except OSError:
        size = 0  # load_toml says why it cannot be read
    if size is None or size > MAX_PROFILE_BYTES:
        raise UserError(f"{path.name}: dit is geen profielbestand; een profiel is een klein tekstbestand (TOML).")
    return _known_keys(load_toml(path, path.name))


def read_profile_bytes(data: bytes, name: str) -> dict[str, Any]:
    """The raw values of a profile file that came as bytes, e.g. uploaded; same checks as read_profile_file."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise UserError(f"{name}: geen tekstbestand in UTF-8.") from None
    return _known_keys(parse_toml(text, name))


def _known_keys(record: Record) -> dict[str, Any]:
    for key in record.data:
        if key not in KEYS and key not in RETIRED:
            raise UserError(f"{record.source}: onbekend veld '{key}'. Bekende velden: {', '.join(KEYS)}.")
    return dict(record.data)


def retired_notices(values: dict[str, Any], source: str) -> list[str]:
    """A line for each key of `values` that no longer does anything; build_profile skips them."""
    return [
        f"{source}: het veld ‘{key}’ ({what}) doet niets meer en is overgeslagen."
        for key, what in RETIRED.items()
        if key in values
    ]


@cache
def drawable() -> frozenset[str]:
    """The characters every bundled style of the card font can draw; user text must keep to them.

    Read once from the fonts' character maps, so nothing a user types is silently left out of a card.
    """
    from .layout import default_card_layout
    from .resources import data_dir, font_face

    folder = data_dir("fonts")
    maps = []
    for file_name in vars(default_card_layout().fonts).values():
        try:
            face = font_face(folder / file_name)
        except (OSError, TTFError) as exc:
            raise UserError(f"fonts/{file_name}: lettertype niet te laden ({exc}).") from None
        # A character of no width that is no accent (U+2E3C in Noto Sans) would be a word the lines cannot measure.
        maps.append(
            {
                chr(code)
                for code in face.charToGlyph
                if face.charWidths.get(code) or unicodedata.category(chr(code)).startswith("M")
            }
        )
    return frozenset(char for char in frozenset.intersection(*map(frozenset, maps)) if char.isprintable())


def shown(value: Any) -> str:
    """A value as the user wrote it, for a message: TOML spelling, never Python's."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):  # what a terminal cannot show by its name, or else by its code (bytes not UTF-8)
        text = value[:60] + "…" if len(value) > 60 else value
        return "'" + "".join(char if char.isprintable() else _unseen(char) for char in text) + "'"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (date, time)):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(shown(item) for item in value[:10]) + (", …" if len(value) > 10 else "") + "]"
    if isinstance(value, dict):
        return "een tabel"
    if isinstance(value, (int, float)):
        return str(value)
    return "niets" if value is None else "een waarde van een ander soort"


def _unseen(char: str) -> str:
    if char == "\t":
        return "[tab]"
    if char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
        return "[regeleinde]"
    if char.isspace():
        return "[spatie]"
    return "[onzichtbaar teken]" if invisible(char) else f"[U+{ord(char):04X}]"


def build_profile(
    file_values: dict[str, Any] | None = None,
    options: dict[str, Any] | None = None,
    *,
    file_name: str = "profiel",
    today: date | None = None,
    content: Content | None = None,
) -> Profile:
    """Merge file values with options (an option wins) and check every value.

    A message names where the bad value came from: the option (`--team`) or the file and its field.
    """
    content = content or default_content()
    today = today or current_date()
    raw: dict[str, _Raw] = {}
    for key, value in (file_values or {}).items():
        if key in RETIRED:
            continue
        raw[key] = _Raw(value, f"{file_name}, veld '{key}'", None, key)
    for key, value in (options or {}).items():
        if value is not None:
            option = OPTION_NAMES.get(key, "--" + key.replace("_", "-"))
            raw[key] = _Raw(value, option, option, key)
    for key, item in raw.items():
        if key not in KEYS:
            raise item.fail(f"onbekend profielveld '{key}'. Bekende velden: {', '.join(KEYS)}.")
        if _not_utf8(item.value):
            raise item.fail("de waarde bevat tekens die geen geldige UTF-8 zijn. Typ de waarde opnieuw.")

    values: dict[str, Any] = {}
    for key, field in content.fields.items():
        if key in KEYS and key not in WHOLE_NUMBERS:
            values[key] = (raw[key].text(field.max_length) if key in raw else None) or field.default
    for key in ("team", "groepsgrootte", "procesleiders"):
        values[key] = raw[key].whole(key) if key in raw else WHOLE_NUMBERS[key][3]
    for key in ("sessie1", "sessie2"):
        values[key] = raw[key].moment() if key in raw else None
    if values["sessie1"] and values["sessie2"] and values["sessie2"] <= values["sessie1"]:
        raise raw["sessie2"].fail("sessie 2 moet na sessie 1 vallen.")
    values["snijtekens"] = raw["snijtekens"].boolean() if "snijtekens" in raw else False
    for key in ("verschuif_x", "verschuif_y"):
        values[key] = raw[key].millimetres(MAX_OFFSET[key]) if key in raw else 0.0
    for key in VALUE_LISTS:
        values[key] = raw[key].value_list(key) if key in raw else ()
    base_year = values["sessie1"].year if values["sessie1"] else today.year
    # Two years after session 1; without its date no year can be known (a session may fall after New Year).
    values["jaar"] = raw["jaar"].whole("jaar") if "jaar" in raw else base_year + 2 if values["sessie1"] else None
    if "jaar" in raw and values["sessie1"] and not base_year <= values["jaar"] <= base_year + DREAM_AHEAD:
        raise raw["jaar"].fail(
            f"het jaar van de droom moet tussen {base_year} (het jaar van sessie 1) en {base_year + DREAM_AHEAD} "
            f"liggen, niet {values['jaar']}."
        )
    return Profile(**values)


def _not_utf8(value: Any) -> bool:
    """Bytes that were not UTF-8 reach Python as lone surrogates (a command line on Linux decodes so)."""
    if isinstance(value, (list, tuple)):
        return any(_not_utf8(item) for item in value)
    return isinstance(value, str) and any("\ud800" <= char <= "\udfff" for char in value)


@dataclass(frozen=True)
class _Raw:
    """One value as the user gave it, with where it came from."""

    value: Any
    origin: str
    option: str | None
    key: str

    def fail(self, problem: str) -> UserError:
        return UserError(f"{self.origin}: {problem}", option=self.option, field=self.key, problem=problem)

    def text(self, max_length: int | None) -> str | None:
        if not isinstance(self.value, str):
            raise self.fail(f"verwacht tekst, niet {shown(self.value)}.")
        if _CONTROL.search(self.value.strip()):
            raise self.fail(f"de tekst mag geen {_control_name(self.value.strip())} bevatten.")
        text = self.printable(self.value)
        if max_length is not None and len(text) > max_length:
            raise self.fail(
                f"te lang ({len(text)} tekens); op de kaarten past hoogstens {max_length} tekens. "
                "Kies een kortere vorm."
            )
        return text or None

    def printable(self, value: str, which: str = "") -> str:
        """Tidied text: NFC, single spaces, no invisible characters (soft hyphens, joiners, selectors).

        A loose accent, or text of invisible characters only, is refused (see usertext.py); so is a character
        the card font cannot draw, by name: it would otherwise vanish from the print.
        """
        if _not_utf8(value):
            raise self.fail("de waarde bevat tekens die geen geldige UTF-8 zijn. Typ de waarde opnieuw.")
        problem = text_problem(value)
        if problem:
            raise self.fail(which + problem)
        text = visible(value)
        missing = list(dict.fromkeys(char for char in text if char not in drawable()))  # in order of appearance
        if missing:
            names = ", ".join(f"‘{char}’ (U+{ord(char):04X})" for char in missing[:8])
            more = f" en nog {len(missing) - 8}" if len(missing) > 8 else ""
            one = len(missing) == 1
            raise self.fail(
                f"{'het teken' if one else 'de tekens'} {names}{more} {'staat' if one else 'staan'} niet in het "
                f"lettertype van de kit en {'zou' if one else 'zouden'} op papier ontbreken. Laat u "
                f"{'het' if one else 'ze'} weg of gebruik letters uit het Latijnse, Griekse of Cyrillische schrift."
            )
        return text

    def whole(self, key: str) -> int:
        what, low, high, _ = WHOLE_NUMBERS[key]
        value = self.value
        if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
            if len(value.strip().lstrip("-0")) > _WHOLE_DIGITS:
                digits = value.strip()
                written = digits if len(digits) <= 40 else digits[:40] + "…"
                raise self.fail(f"{what} moet tussen {low} en {high} liggen, niet {written}.")
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{what} moet een geheel getal zijn, niet {shown(self.value)}.")
        if not low <= value <= high:
            raise self.fail(f"{what} moet tussen {low} en {high} liggen, niet {value}.")
        return value

    def value_list(self, key: str) -> tuple[str, ...]:
        what, low, high = VALUE_LISTS[key]
        items = [self.value] if isinstance(self.value, str) else self.value
        if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
            raise self.fail(f'verwacht een lijst met tekst, zoals ["veiligheid", "respect"], niet {shown(self.value)}.')
        for item in items:
            if _CONTROL.search(item.strip()):
                raise self.fail(f"de waarde {shown(item)} bevat een {_control_name(item.strip())}.")
        cleaned = [self.printable(item, f"de {n}e waarde: ") for n, item in enumerate(items, 1)]
        cleaned = [text for text in cleaned if text]
        if not low <= len(cleaned) <= high:
            wanted = f"{low} of {high}" if high == low + 1 else f"{low} tot en met {high}"
            raise self.fail(f"{what} telt {wanted} waarden, niet {len(cleaned)}.")
        seen: dict[str, str] = {}
        for item in cleaned:
            if len(item) > VALUE_MAX_LENGTH:
                raise self.fail(
                    f"de waarde ‘{item}’ is te lang ({len(item)} tekens); op poster en kaart past "
                    f"hoogstens {VALUE_MAX_LENGTH} tekens."
                )
            if item.casefold() in seen:
                raise self.fail(f"de waarde ‘{item}’ staat er twee keer in (ook als ‘{seen[item.casefold()]}’).")
            seen[item.casefold()] = item
        return tuple(cleaned)

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail(f"verwacht true of false, niet {shown(self.value)}.")
        return self.value

    def millimetres(self, limit: float) -> float:
        value = self.value
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", "."))
            except ValueError:
                raise self.fail(
                    f"verwacht een aantal millimeter, zoals 1,5 of -0,5, niet {shown(self.value)}."
                ) from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise self.fail(f"verwacht een aantal millimeter, zoals 1,5 of -0,5, niet {shown(self.value)}.")
        if abs(value) > limit:
            most, given = (f"{number:g}".replace(".", ",") for number in (limit, value))
            raise self.fail(
                f"hoogstens {most} mm naar elke kant, niet {given}. Kijk bij zo'n grote afwijking "
                "de instellingen van de printer na."
            )
        return float(value)

    def moment(self) -> datetime:
        moment = self._read_moment()
        low, high = SESSION_YEARS
        if not low <= moment.year <= high:
            raise self.fail(f"het jaar {moment.year} ligt niet tussen {low} en {high}. Kijk de datum na.")
        return moment

    def _read_moment(self) -> datetime:
        if isinstance(self.value, datetime):
            return self.value.replace(tzinfo=None)
        if isinstance(self.value, date):
            return datetime.combine(self.value, time())
        if isinstance(self.value, str):
            for pattern in DATE_FORMATS:
                try:
                    return datetime.strptime(self.value.strip(), pattern)
                except ValueError:
                    continue
        hint = " Geef ook de datum, niet alleen de tijd." if isinstance(self.value, time) else ""
        raise self.fail(
            f'geen datum die ik kan lezen: {shown(self.value)}.{hint} Schrijf bijvoorbeeld "2027-01-12 15:00".'
        )


def _control_name(text: str) -> str:
    """The first control character of `text` by what a user calls it: a line break, a tab, or else a
    character that a keyboard does not type (pasted from another program)."""
    char = _CONTROL.search(text)[0]
    return {"\n": "regeleinde", "\r": "regeleinde", "\t": "tab"}.get(
        char, "onzichtbaar stuurteken (uit een geplakte tekst)"
    )
