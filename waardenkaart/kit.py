"""Making a kit: a pure function of a validated profile that returns named files in memory.

Writing them to a folder, a zip or an HTTP response is left to thin layers on top.
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from reportlab.lib.units import mm

from .calibration import calibration_file
from .cardface import CardFace, Deck
from .cardfile import card_file
from .content import Content, default_content
from .forms import add_text_fields
from .hyphenation import protected_words
from .layout import (
    CardLayout,
    DocumentLayout,
    LabelLayout,
    PosterLayout,
    PrintStandard,
    SheetLayout,
    TablesLayout,
    default_card_layout,
    default_document_layout,
    default_label_layout,
    default_poster_layout,
    default_print_standard,
    default_sheet_layout,
    default_tables_layout,
)
from .marbles import marble_file
from .merge import merge_all
from .orderlist import OrderLine, order_csv
from .packing import packing_file
from .pdfx import finish_pdfx
from .poster import poster_file
from .printorder import print_order_file
from .profile import Profile
from .quantities import copies, rule_text
from .resources import data_dir
from .runsheet import runsheet_file
from .sheets import sheet_file
from .tables import tables_file
from .valueposters import future_poster_file, value_posters_file

CARD_FILE = "kaarten-A6-drukbestand.pdf"
SHEET_FILE = "kaarten-A4-vellen.pdf"
CALIBRATION_FILE = "kalibratievel-A4.pdf"
PRINT_ORDER_FILE = "drukopdracht.pdf"
TABLES_FILE = "tabellen-sessie2-A4.pdf"
RUNSHEET_FILE = "draaiboek-sessie{number}-A4.pdf"
PACKING_FILE = "paklijst-A4.pdf"
POSTER_FILE = "poster-cyclus-A3.pdf"
VALUE_POSTERS_FILE = "posters-waarden-A3.pdf"
FUTURE_POSTER_FILE = "poster-toekomstperspectief-A3.pdf"
MARBLES_FILE = "knikkerstemming-A4.pdf"
ORDER_FILE = "bestellijst.csv"


@dataclass(frozen=True)
class Kit:
    name: str
    files: dict[str, bytes]


@dataclass(frozen=True)
class Maker:
    """Content, layouts and the renderer built on them: made once per process, used for every kit."""

    content: Content
    layout: CardLayout
    sheet: SheetLayout
    standard: PrintStandard
    tables: TablesLayout
    document: DocumentLayout
    poster: PosterLayout
    labels: LabelLayout
    face: CardFace


@cache
def default_maker() -> Maker:
    """The bundled content and layouts, loaded once per process."""
    content, layout = default_content(), default_card_layout()
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
    )


def kit_name(profile: Profile) -> str:
    """The kit's folder name: waardenkaart-<school>-<year>, in plain lowercase ASCII."""
    if not profile.school:
        return f"waardenkaart-{profile.jaar}"
    ascii_name = unicodedata.normalize("NFKD", profile.school.replace("ł", "l").replace("Ł", "L"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    if len(slug) > 50:
        slug = slug[:51].rsplit("-", 1)[0]
    return f"waardenkaart-{slug}-{profile.jaar}" if slug else f"waardenkaart-{profile.jaar}"


def make_kit(profile: Profile, maker: Maker | None = None) -> Kit:
    maker = maker or default_maker()
    content = maker.content
    merged = merge_all(profile, content)
    counts = [math.ceil(copies(card.card.quantity, profile, content) / card.share) for card in merged]
    lines = [
        OrderLine(
            f"{2 * i + 1}-{2 * i + 2}",
            card.title + (f" – {card.subtitle}" if card.subtitle else ""),
            content.kinds[card.card.kind].label,
            card.card.session,
            count,
            rule_text(card.card.quantity, profile, content),
        )
        for i, (card, count) in enumerate(zip(merged, counts))
    ]
    # The user's own words (school, director, newspaper, values) are never hyphenated.
    own = (profile.school, profile.directeur, profile.krant, *profile.waarden, *profile.waarden_ouders)
    with protected_words(text for text in own if text):
        return _make_kit(profile, maker, merged, counts, lines)


def _make_kit(profile: Profile, maker: Maker, merged, counts, lines) -> Kit:
    content, layout, face = maker.content, maker.layout, maker.face
    school = profile.school or content.print_order.neutral_school
    title = f"Waarden Werken voor Welbevinden op School: kaarten voor {school}, {profile.jaar}"

    def pdfx(data: bytes, document_title: str) -> bytes:
        return finish_pdfx(data, document_title, maker.standard.intent)

    fitted = [
        face.fit(card, Deck(profile.school or "", profile.jaar, number, len(merged)))
        for number, card in enumerate(merged, 1)
    ]
    cards_pdf = card_file(
        fitted,
        face,
        marks=profile.snijtekens,
        title=title,
        subject=f"{len(merged)} kaarten A6, voor- en achterkant, 3 mm afloop",
    )
    sheets_pdf = sheet_file(
        list(zip(fitted, counts)),
        face,
        maker.sheet,
        (profile.verschuif_x, profile.verschuif_y),
        title=title,
        subject=f"{sum(counts)} kaarten op A4, dubbelzijdig",
        kit=f"{school}, {profile.jaar}",
    )
    order_variables = {
        "school": school,
        "jaar": profile.jaar,
        "file": CARD_FILE,
        "pages": 2 * len(merged),
        "trim": f"{layout.width / mm:.0f} × {layout.height / mm:.0f}",
        "bleed": f"{layout.bleed / mm:g}",
        "marks": profile.snijtekens,
        "intent": maker.standard.intent.identifier,
    }
    order_pdf = print_order_file(lines, face, maker.document, order_variables, title=f"Drukopdracht: {title}")
    runsheets = {
        RUNSHEET_FILE.format(number=number): pdfx(
            runsheet_file(number, profile, merged, face, maker.document, title=f"Draaiboek sessie {number}: {school}"),
            f"Draaiboek sessie {number}: {school}",
        )
        for number in sorted(content.programme.sessions)
    }
    packing_pdf = packing_file(profile, lines, face, maker.document, title=f"Paklijst: {school}")
    poster_pdf = poster_file(face, maker.poster, profile.school, title=f"Poster: {content.poster['centre']}")
    tables = tables_file(
        profile,
        content,
        maker.tables,
        face.fonts,
        face.black,
        title=f"Tabellen voor sessie 2: {school}, {profile.jaar}",
    )
    tables_pdf = add_text_fields(
        tables.pdf,
        tables.fields,
        data_dir("fonts") / layout.fonts.regular,
        maker.tables.field_size,
        info={
            "/WaardenkaartJaar": str(profile.jaar),
            "/WaardenkaartSessie2": profile.sessie2.date().isoformat() if profile.sessie2 else "",
        },
    )
    extra = {}
    if profile.waarden:
        extra[VALUE_POSTERS_FILE] = pdfx(
            value_posters_file(profile, face, maker.poster, f"Waarden: {school}"), f"Waarden: {school}"
        )
        extra[FUTURE_POSTER_FILE] = pdfx(
            future_poster_file(profile, face, maker.poster, f"Toekomstperspectief: {school}"),
            f"Toekomstperspectief: {school}",
        )
    if profile.waarden_ouders:
        extra[MARBLES_FILE] = pdfx(
            marble_file(profile, face, maker.sheet, maker.labels, maker.document, f"Knikkerstemming: {school}"),
            f"Knikkerstemming: {school}",
        )
    return Kit(
        kit_name(profile),
        {
            CARD_FILE: pdfx(cards_pdf, title),
            SHEET_FILE: pdfx(sheets_pdf, title),
            CALIBRATION_FILE: pdfx(calibration_file(face, maker.sheet, maker.document), content.calibration.title),
            PRINT_ORDER_FILE: pdfx(order_pdf, f"Drukopdracht: {title}"),
            TABLES_FILE: tables_pdf,
            **runsheets,
            PACKING_FILE: pdfx(packing_pdf, f"Paklijst: {school}"),
            POSTER_FILE: pdfx(poster_pdf, f"Poster: {content.poster['centre']}"),
            **extra,
            ORDER_FILE: order_csv(lines),
        },
    )
