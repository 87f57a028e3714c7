"""Step 4's paper from a filled Tabel 1 and 2: the action cards for the print shop and for the school
printer, and the poster for the team room. A pure function of what was read, like a kit."""

from dataclasses import dataclass
from datetime import date

from reportlab.pdfbase import pdfmetrics

from .actionlist import FilledTables, thousands
from .intake.errors import UserError
from .intake.layout import PrintStandard, SheetLayout
from .prepress.pdfx import finish_pdfx
from .render.actioncards import action_cards, action_face
from .render.actionposter import ActionPosterLayout, action_poster_file, default_action_poster_layout
from .render.cardface import CardFace, Deck
from .render.cardfile import card_file
from .render.sheets import sheet_file
from .text.actionpoints import ActionTexts, action_points, by_follow_up, check_printable, default_action_texts
from .text.hyphenation import protected_words

CARDS_FILE = "actiekaarten-A6.pdf"
SHEETS_FILE = "actiekaarten-A4-vellen.pdf"
POSTER_FILE = "actiepunten-A3.pdf"
# A card per person per action point: a team of 500 that names each member once needs 500. Past these
# a run takes minutes (1,000 cards take some 10 seconds, 18,000 took 100) and the print shop a box of
# cards nobody ordered.
MAX_PEOPLE = 50  # names in one cell of "Wie"
MAX_CARDS = 1_000  # cards in one run, before a long text continues on a next card
MAX_CARD_TEXT = 400_000  # characters of the team's text over all cards: the cards to set, long texts counted


@dataclass(frozen=True)
class ActionPapers:
    files: dict[str, bytes]
    cards: int  # cards to cut: one per person per action point, more when a text needs more than one
    undated: int  # action points printed with a line to write the follow-up date on


def action_papers(
    filled: FilledTables,
    dates: dict[int, date],
    face: CardFace,
    sheet: SheetLayout,
    standard: PrintStandard,
    texts: ActionTexts | None = None,
    poster: ActionPosterLayout | None = None,
) -> ActionPapers:
    """The three PDFs, none when the table has no action points; `dates` are the follow-up dates the
    action list read (row → date)."""
    texts = texts or default_action_texts()
    poster = poster or default_action_poster_layout()
    content = face.content
    points = action_points(filled, texts, dates)
    if not points:
        return ActionPapers({}, 0, 0)
    _check_counts(points, content, texts)
    glyphs = pdfmetrics.getFont(face.fonts.regular).face.charWidths
    check_printable(filled, points, content, lambda char: ord(char) in glyphs)
    names = [filled.school, *(person for point in points for person in point.people)]
    with protected_words(name for name in names if name):  # a school's or a person's name is never broken
        return _papers(filled, face, sheet, standard, texts, poster, points)


def _check_counts(points, content, texts: ActionTexts) -> None:
    """Refuse a cell that names more than MAX_PEOPLE people, and a table that asks for more than MAX_CARDS cards."""
    label = next(column.label for column in content.tables.columns if column.key == texts.people)
    crowded = [point for point in points if len(point.people) > MAX_PEOPLE]
    if crowded:
        point = crowded[0]
        raise UserError(
            f"rij {point.row}, ‘{label}’ noemt {len(point.people)} namen; een actiepunt krijgt een kaartje per naam, "
            f"voor hoogstens {MAX_PEOPLE} namen. Schrijf bij een grote groep de groep op (‘het hele team’, "
            "‘de bovenbouw’) in plaats van ieders naam, en probeer het opnieuw."
        )
    cards = sum(max(len(point.people), 1) for point in points)
    if cards > MAX_CARDS:
        raise UserError(
            f"de tabel vraagt {thousands(cards)} actiekaartjes (een per naam per actiepunt); in één keer kunnen "
            f"er hoogstens {thousands(MAX_CARDS)}. Schrijf bij een grote groep de groep op in plaats van ieders "
            "naam, en probeer het opnieuw."
        )
    text = sum(max(len(point.people), 1) * sum(map(len, point.fields.values())) for point in points)
    if text > MAX_CARD_TEXT:
        raise UserError(
            f"op de actiekaartjes komen samen {thousands(text)} tekens (de tekst van elk actiepunt op het "
            f"kaartje van ieder die het doet); in één keer kunnen er hoogstens {thousands(MAX_CARD_TEXT)}. Maak lange "
            "teksten korter of schrijf bij een grote groep de groep op in plaats van ieders naam, en probeer het "
            "opnieuw."
        )


def _papers(filled, face, sheet, standard, texts, poster, points) -> ActionPapers:
    school = filled.school or face.content.fields["school"].blank
    year = int(filled.year) if filled.year.isdigit() else None
    cards_face = action_face(face, texts, poster.card_colour, poster.card_size)
    merged = [card for point in points for card in action_cards(point, cards_face, texts)]
    fitted = [
        cards_face.fit(card, Deck(filled.school, year, number, len(merged))) for number, card in enumerate(merged, 1)
    ]
    title = f"Actiekaartjes: {school}"
    print_file = card_file(
        fitted,
        cards_face,
        marks=False,
        title=title,
        subject=f"{len(fitted)} actiekaartjes A6, voor- en achterkant, 3 mm afloop",
    )
    sheets = sheet_file(
        [(card, 1) for card in fitted],
        cards_face,
        sheet,
        (0.0, 0.0),
        title=title,
        subject=f"{len(fitted)} actiekaartjes op A4, dubbelzijdig",
        kit=f"{school}, {filled.year}" if filled.year else school,
    )
    poster_title = f"Actiepunten: {school}"
    poster_pdf = action_poster_file(
        by_follow_up(points), filled.agreements, face, poster, texts, school, filled.year, poster_title
    )
    return ActionPapers(
        {
            CARDS_FILE: finish_pdfx(print_file, title, standard.intent),
            SHEETS_FILE: finish_pdfx(sheets, title, standard.intent),
            POSTER_FILE: finish_pdfx(poster_pdf, poster_title, standard.intent),
        },
        len(fitted),
        sum(1 for point in points if point.follow_up is None),
    )
