"""Making a kit: a pure function of a validated profile that returns named files in memory.

Writing them to a folder, a zip or an HTTP response is left to thin layers on top.
"""

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from .intake.content import default_content
from .intake.documentlist import Document, load_document_list
from .intake.layout import (
    default_card_layout,
    default_document_layout,
    default_label_layout,
    default_poster_layout,
    default_print_standard,
    default_sheet_layout,
    default_tables_layout,
)
from .intake.profile import Profile
from .intake.resources import data_dir
from .kitdocuments import MAKERS
from .maker import Maker
from .render.cardface import CardFace
from .render.kitshare import one_kit
from .text import hyphenpatterns
from .text.hyphenation import protected_words

# Files other modules and tests refer to; content/documenten.toml lists them all.
CARD_FILE = "kaarten-A6-drukbestand.pdf"
SHEET_FILE = "kaarten-A4-vellen.pdf"
PRINT_ORDER_FILE = "drukopdracht.pdf"
TABLES_FILE = "tabellen-sessie2-A4.pdf"
ORDER_FILE = "bestellijst.csv"


@dataclass(frozen=True)
class Kit:
    name: str
    files: dict[str, bytes]


@cache
def default_maker() -> Maker:
    """The bundled content and layouts, loaded once per process."""
    content, layout = default_content(), default_card_layout()
    hyphenpatterns.load(layout.hyphenation)
    return Maker(
        content,
        layout,
        default_sheet_layout(),
        default_print_standard(),
        default_tables_layout(),
        default_document_layout(),
        default_poster_layout(),
        default_label_layout(),
        CardFace(layout, content),
        load_document_list(data_dir("content"), MAKERS),
    )


@cache
def session2_maker(maker: Maker | None = None) -> Maker:
    """The maker of the kit for a school that printed session 1: only the documents and cards that the
    team's values change or add, each card document holding just those cards."""
    maker = maker or default_maker()
    return replace(maker, documents=maker.documents.for_session2(), session2_only=True)


def kit_slug(profile: Profile) -> str:
    """<school>-<year> in plain lowercase ASCII, what every file name of this kit says; without a school or a
    year (the cards then say "20__") that part is left out, so a neutral kit's slug may be empty."""
    year = str(profile.jaar) if profile.jaar else ""
    if not profile.school:
        return year
    name = profile.school.translate(_LATIN_LETTERS)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    if len(slug) > 50:
        slug = slug[:51].rsplit("-", 1)[0]
    if any(char.isalpha() and not unicodedata.normalize("NFKD", char)[0].isascii() for char in name):
        # a Greek or Cyrillic letter has no ASCII form: a short mark of the whole name keeps "Школа" and
        # "Гимназия" (or "Straße" and "Strae") from sharing one folder
        slug = "-".join(part for part in (slug, hashlib.sha256(profile.school.encode()).hexdigest()[:6]) if part)
    return "-".join(part for part in (slug, year) if part)


# Latin letters that Unicode does not decompose into a plain letter, written as Dutch readers would.
_LATIN_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "Oe",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


def kit_name(profile: Profile, session2_only: bool = False) -> str:
    """The kit's folder name: waardenkaart-<school>-<year>, with -sessie2 once it holds the team's values
    and -alleen-sessie2 for only what they change or add, so no kit takes another's name."""
    stage = "-alleen-sessie2" if session2_only else "-sessie2" if profile.waarden else ""
    slug = kit_slug(profile)
    return f"waardenkaart{'-' + slug if slug else ''}{stage}"


def own_words(profile: Profile):
    """While the block runs, the user's own words (school, director, newspaper, values) are never hyphenated:
    around every document made for this profile, a whole kit or one file of it."""
    own = (profile.school, profile.directeur, profile.krant, *profile.waarden, *profile.waarden_ouders)
    return protected_words(text for text in own if text)


def make_kit(profile: Profile, maker: Maker | None = None) -> Kit:
    """Every document of content/documenten.toml that this profile calls for, in the list's order."""
    maker = maker or default_maker()
    return Kit(kit_name(profile, maker.session2_only), make_documents(profile, maker))


def make_documents(profile: Profile, maker: Maker | None = None, only: Callable[[Document], bool] | None = None):
    """The documents of the kit (those `only` accepts), each byte for byte as in the whole kit."""
    maker = maker or default_maker()
    with own_words(profile), one_kit():
        return {
            document.file: MAKERS[document.maker](profile, maker)
            for document in maker.documents.for_profile(profile)
            if only is None or only(document)
        }
