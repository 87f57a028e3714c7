"""A school's profile: read from a TOML file and command-line options, checked, then frozen.

Every value a user gives passes through here; what leaves is valid, so the kit maker needs no checks.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from .content import Content, default_content
from .data import load_toml
from .errors import UserError

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
    "sector",
)
# The team's top values (the handbook: a top 5, sometimes 6) and the values put to parents and pupils
# (up to 10): how many, and how long one may be to fit its poster and card.
VALUE_LISTS = {"waarden": ("de top", 5, 6), "waarden_ouders": ("de lijst voor ouders en leerlingen", 1, 10)}
VALUE_MAX_LENGTH = 24
SECTORS = ("po", "vo")
# Options whose name is not the key: --waarde is given once per value.
OPTION_NAMES = {"waarden": "--waarde"}
WHOLE_NUMBERS = {
    "team": ("het aantal teamleden", 1, 500, 20),
    # the dream step's groups: their number sets the presentation time and the count of cards and sheets
    "groepsgrootte": ("de grootte van de groepjes", 2, 10, 4),
    "procesleiders": ("het aantal procesleiders", 1, 20, 1),
    "jaar": ("het jaartal", 2000, 2099, None),
}
DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d-%m-%Y %H:%M", "%d-%m-%Y")
MAX_OFFSET = 10  # mm: a larger duplex error is a printer setting, not an offset
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Profile:
    """A validated profile. Text fields are None when left open: the card then shows a write-in line."""

    jaar: int
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
    sector: str = "po"


def current_date() -> date:
    """Today, for the default year; a function so that tests can freeze it."""
    return date.today()


def read_profile_file(path: Path) -> dict[str, Any]:
    """The raw values of a profile file; an unknown key is refused, it is most likely a typo."""
    record = load_toml(path, path.name)
    for key in record.data:
        if key not in KEYS:
            raise UserError(f"{path.name}: onbekend veld '{key}'. Bekende velden: {', '.join(KEYS)}.")
    return dict(record.data)


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
        raw[key] = _Raw(value, f"{file_name}, veld '{key}'", None)
    for key, value in (options or {}).items():
        if value is not None:
            option = OPTION_NAMES.get(key, "--" + key.replace("_", "-"))
            raw[key] = _Raw(value, option, option)
    for key, item in raw.items():
        if key not in KEYS:
            raise item.fail(f"onbekend profielveld '{key}'. Bekende velden: {', '.join(KEYS)}.")

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
        values[key] = raw[key].millimetres(MAX_OFFSET) if key in raw else 0.0
    for key in VALUE_LISTS:
        values[key] = raw[key].value_list(key) if key in raw else ()
    values["sector"] = raw["sector"].choice(SECTORS) if "sector" in raw else SECTORS[0]
    base_year = values["sessie1"].year if values["sessie1"] else today.year
    values["jaar"] = raw["jaar"].whole("jaar") if "jaar" in raw else base_year + 2
    return Profile(**values)


@dataclass(frozen=True)
class _Raw:
    """One value as the user gave it, with where it came from."""

    value: Any
    origin: str
    option: str | None

    def fail(self, problem: str) -> UserError:
        return UserError(f"{self.origin}: {problem}", option=self.option)

    def text(self, max_length: int | None) -> str | None:
        if not isinstance(self.value, str):
            raise self.fail(f"verwacht tekst, niet {self.value!r}.")
        if _CONTROL.search(self.value.strip()):
            raise self.fail("de tekst mag geen regeleinde of tab bevatten.")
        text = " ".join(self.value.split())
        if max_length is not None and len(text) > max_length:
            raise self.fail(
                f"te lang ({len(text)} tekens); op de kaarten past hoogstens {max_length} tekens. "
                "Kies een kortere vorm."
            )
        return text or None

    def whole(self, key: str) -> int:
        what, low, high, _ = WHOLE_NUMBERS[key]
        value = self.value
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{what} moet een geheel getal zijn, niet {self.value!r}.")
        if not low <= value <= high:
            raise self.fail(f"{what} moet tussen {low} en {high} liggen, niet {value}.")
        return value

    def value_list(self, key: str) -> tuple[str, ...]:
        what, low, high = VALUE_LISTS[key]
        items = [self.value] if isinstance(self.value, str) else self.value
        if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) for item in items):
            raise self.fail(f'verwacht een lijst met tekst, zoals ["veiligheid", "respect"], niet {self.value!r}.')
        cleaned = [" ".join(item.split()) for item in items if item.strip()]
        if not low <= len(cleaned) <= high:
            wanted = f"{low} of {high}" if high == low + 1 else f"{low} tot en met {high}"
            raise self.fail(f"{what} telt {wanted} waarden, niet {len(cleaned)}.")
        seen: dict[str, str] = {}
        for item in cleaned:
            if _CONTROL.search(item):
                raise self.fail(f"de waarde {item!r} bevat een regeleinde of tab.")
            if len(item) > VALUE_MAX_LENGTH:
                raise self.fail(
                    f"de waarde ‘{item}’ is te lang ({len(item)} tekens); op poster en kaart past "
                    f"hoogstens {VALUE_MAX_LENGTH} tekens."
                )
            if item.casefold() in seen:
                raise self.fail(f"de waarde ‘{item}’ staat er twee keer in (ook als ‘{seen[item.casefold()]}’).")
            seen[item.casefold()] = item
        return tuple(cleaned)

    def choice(self, choices: tuple[str, ...]) -> str:
        value = self.value.strip().lower() if isinstance(self.value, str) else self.value
        if value not in choices:
            raise self.fail(f"kies uit {' of '.join(choices)}, niet {self.value!r}.")
        return value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail(f"verwacht true of false, niet {self.value!r}.")
        return self.value

    def millimetres(self, limit: float) -> float:
        value = self.value
        if isinstance(value, str):
            try:
                value = float(value.strip().replace(",", "."))
            except ValueError:
                raise self.fail(f"verwacht een aantal millimeter, zoals 1,5 of -0,5, niet {self.value!r}.") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise self.fail(f"verwacht een aantal millimeter, zoals 1,5 of -0,5, niet {self.value!r}.")
        if abs(value) > limit:
            raise self.fail(
                f"hoogstens {limit} mm naar elke kant, niet {value:g}. Kijk bij zo'n grote afwijking "
                "de instellingen van de printer na."
            )
        return float(value)

    def moment(self) -> datetime:
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
        raise self.fail(f'geen datum die ik kan lezen: {self.value!r}. Schrijf bijvoorbeeld "2027-01-12 15:00".')
