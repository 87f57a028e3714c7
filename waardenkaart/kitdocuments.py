"""The functions that make the kit's documents, each of one shape: (profile, maker) in, bytes out.

content/documenten.toml names them; `make_kit` calls them in its order. What several documents
share (the merged and fitted cards, the order lines) is worked out once per profile in `prepared`.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.units import mm

from .intake.profile import Profile
from .intake.resources import data_dir
from .maker import Maker
from .prepress.forms import add_text_fields
from .prepress.pdfx import finish_pdfx
from .render.calibration import calibration_file
from .render.cardface import Deck, FittedCard
from .render.cardfile import card_file as render_card_file
from .render.kitshare import shared
from .render.marbles import marble_file
from .render.orderlist import OrderLine, order_csv
from .render.packing import packing_file
from .render.poster import poster_file
from .render.printorder import print_order_file
from .render.runsheet import runsheet_file
from .render.sheets import sheet_file as render_sheet_file
from .render.tables import tables_file
from .render.tablesheet import table_sheet_file
from .render.valueposters import future_poster_file, value_posters_file
from .text.merge import MergedCard, merge_all
from .text.newcards import changed_by_values
from .text.quantities import copies, rule_text


@dataclass(frozen=True)
class Prepared:
    """What several documents of one kit need: worked out once per profile."""

    merged: list[MergedCard]  # the cards this kit prints
    every: list[MergedCard]  # every card of the profile: what the run-sheets read aloud from
    counts: list[int]
    lines: list[OrderLine]
    fitted: list[FittedCard]
    school: str  # the school's name, or the neutral wording of the order sheet
    title: str  # the print files' document title
    subjects: tuple[str, str]  # the card file's and the sheets' PDF subject


def prepared(profile: Profile, maker: Maker) -> Prepared:
    """The shared work of the kit in the making, or made afresh for a document made on its own."""
    return shared(("prepared", profile, id(maker)), lambda: _prepare(profile, maker))


def _prepare(profile: Profile, maker: Maker) -> Prepared:
    content = maker.content
    every = merge_all(profile, content)
    merged = changed_by_values(profile, content, every) if maker.session2_only else every
    counts = [math.ceil(copies(card.card.quantity, profile, content) / card.share) for card in merged]
    lines = [
        OrderLine(
            i + 1,
            len(merged),
            f"{2 * i + 1}-{2 * i + 2}",
            card.title + (f" – {card.subtitle}" if card.subtitle else ""),
            content.kinds[card.card.kind].label,
            card.card.session,
            count,
            rule_text(card.card.quantity, profile, content),
        )
        for i, (card, count) in enumerate(zip(merged, counts))
    ]
    school = school_name(profile, maker)
    title, card_subject = info(profile, maker, "card_file", count=len(merged))
    sheet_subject = info(profile, maker, "sheet_file", count=sum(counts))[1]
    fitted = [
        maker.face.fit(card, Deck(profile.school or "", profile.jaar, number, len(merged)))
        for number, card in enumerate(merged, 1)
    ]
    return Prepared(merged, every, counts, lines, fitted, school, title, (card_subject, sheet_subject))


def info(profile: Profile, maker: Maker, made_by: str, **variables) -> tuple[str, str]:
    """A document's PDF title and subject, from content/documenten.toml."""
    return maker.documents.info(made_by, school=school_name(profile, maker), jaar=profile.jaar, **variables)


def school_name(profile: Profile, maker: Maker) -> str:
    """The school's name, or for a neutral kit the order sheet's wording for any school."""
    return profile.school or maker.content.print_order.neutral_school


def _pdfx(data: bytes, title: str, maker: Maker) -> bytes:
    return finish_pdfx(data, title, maker.standard.intent)


def card_file(profile: Profile, maker: Maker) -> bytes:
    p = prepared(profile, maker)
    pdf = render_card_file(
        p.fitted,
        maker.face,
        marks=profile.snijtekens,
        title=p.title,
        subject=p.subjects[0],
    )
    return _pdfx(pdf, p.title, maker)


def sheet_file(profile: Profile, maker: Maker) -> bytes:
    p = prepared(profile, maker)
    pdf = render_sheet_file(
        list(zip(p.fitted, p.counts)),
        maker.face,
        maker.sheet,
        (profile.verschuif_x, profile.verschuif_y),
        title=p.title,
        subject=p.subjects[1],
        kit=f"{p.school}, {profile.jaar}" if profile.jaar else p.school,
    )
    return _pdfx(pdf, p.title, maker)


def calibration_sheet(profile: Profile, maker: Maker) -> bytes:
    """The same for every profile: made once per maker."""
    return _calibration_sheet(maker)


@lru_cache(maxsize=2)
def _calibration_sheet(maker: Maker) -> bytes:
    title, subject = maker.documents.info("calibration_sheet")
    pdf = calibration_file(maker.face, maker.sheet, maker.document, title, subject)
    return _pdfx(pdf, title, maker)


def print_order(profile: Profile, maker: Maker) -> bytes:
    p = prepared(profile, maker)
    layout = maker.layout
    variables = {
        "school": p.school,
        "jaar": profile.jaar,
        "file": maker.documents.file_made_by("card_file"),
        "pages": 2 * len(p.merged),
        "trim": f"{layout.width / mm:.0f} × {layout.height / mm:.0f}",
        "bleed": f"{layout.bleed / mm:g}",
        "marks": profile.snijtekens,
        "intent": maker.standard.intent.identifier,
    }
    title = info(profile, maker, "print_order")[0]
    return _pdfx(print_order_file(p.lines, maker.face, maker.document, variables, title=title), title, maker)


def tables(profile: Profile, maker: Maker) -> bytes:
    """A fillable form: not PDF/X, which allows no form fields."""
    made = tables_file(
        profile,
        maker.content,
        maker.tables,
        maker.face.fonts,
        maker.face.black,
        info=info(profile, maker, "tables"),
    )
    return add_text_fields(
        made.pdf,
        made.fields,
        data_dir("fonts") / maker.layout.fonts.regular,
        maker.tables.field_size,
        info={
            "/WaardenkaartJaar": str(profile.jaar or ""),
            "/WaardenkaartSchool": profile.school or "",
            "/WaardenkaartSessie2": profile.sessie2.date().isoformat() if profile.sessie2 else "",
        },
    )


def table_sheet(profile: Profile, maker: Maker) -> bytes:
    """Tabel 1 and 2 as a spreadsheet, for a school that fills them in Excel."""
    return table_sheet_file(profile, maker.content)


def _runsheet(number: int) -> Callable[[Profile, Maker], bytes]:
    def runsheet(profile: Profile, maker: Maker) -> bytes:
        p = prepared(profile, maker)
        title = info(profile, maker, f"runsheet_session{number}", session=number)[0]
        return _pdfx(runsheet_file(number, profile, p.every, maker.face, maker.document, title=title), title, maker)

    runsheet.__doc__ = f"The run-sheet of session {number}."
    return runsheet


runsheet_session1 = _runsheet(1)
runsheet_session2 = _runsheet(2)


def packing_list(profile: Profile, maker: Maker) -> bytes:
    p = prepared(profile, maker)
    title = info(profile, maker, "packing_list")[0]
    return _pdfx(packing_file(profile, p.lines, maker.face, maker.document, title=title), title, maker)


def cycle_poster(profile: Profile, maker: Maker) -> bytes:
    title = info(profile, maker, "cycle_poster")[0]
    return _pdfx(poster_file(maker.face, maker.poster, profile.school, title=title), title, maker)


def value_posters(profile: Profile, maker: Maker) -> bytes:
    title = info(profile, maker, "value_posters")[0]
    return _pdfx(value_posters_file(profile, maker.face, maker.poster, title), title, maker)


def future_poster(profile: Profile, maker: Maker) -> bytes:
    title = info(profile, maker, "future_poster")[0]
    return _pdfx(future_poster_file(profile, maker.face, maker.poster, title), title, maker)


def marble_vote(profile: Profile, maker: Maker) -> bytes:
    title = info(profile, maker, "marble_vote")[0]
    pdf = marble_file(profile, maker.face, maker.sheet, maker.labels, maker.document, title)
    return _pdfx(pdf, title, maker)


def order_list(profile: Profile, maker: Maker) -> bytes:
    return order_csv(prepared(profile, maker).lines)


def readme(profile: Profile, maker: Maker) -> bytes:
    """LEESMIJ.txt: every file of this kit under its audience with what it is for, and what more can come."""
    documents = maker.documents
    lines = [documents.readme_heading(prepared(profile, maker).school, profile.jaar)]
    lines += [documents.session2_note] if maker.session2_only else []
    lines += ["", *documents.listing(profile)]
    left_out = documents.left_out(profile)
    if left_out:
        lines += ["", documents.more_heading]
        for document, condition in left_out:
            lines += [f"  {document.file}", f"      {document.purpose} {condition}"]
    # CRLF: the coordinator most likely opens it in Notepad.
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


MAKERS: dict[str, Callable[[Profile, Maker], bytes]] = {
    "card_file": card_file,
    "sheet_file": sheet_file,
    "calibration_sheet": calibration_sheet,
    "print_order": print_order,
    "tables": tables,
    "table_sheet": table_sheet,
    "runsheet_session1": runsheet_session1,
    "runsheet_session2": runsheet_session2,
    "packing_list": packing_list,
    "cycle_poster": cycle_poster,
    "value_posters": value_posters,
    "future_poster": future_poster,
    "marble_vote": marble_vote,
    "order_list": order_list,
    "readme": readme,
}
