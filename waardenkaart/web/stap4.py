"""Step 4 in the browser: the filled Tabel 1 and 2 in, the action cards, the poster, the action list and
the calendar out, three ways: the filled PDF form, the table as a spreadsheet (.xlsx or .csv), or typed
in a form with the handbook's columns.

Nothing is stored: the result page carries the table back in hidden fields, and each download makes
its file again from what the request holds.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePath

from flask import Blueprint, Response, abort, current_app, render_template, request

from ..actionkit import CARDS_FILE, POSTER_FILE, SHEETS_FILE
from ..actionlist import read_tables_file
from ..bundle import zipped
from ..intake.errors import UserError
from ..intake.filledtables import FilledTables
from ..intake.tableform import MAX_ROWS, filled_from_fields, own_fields, row_field, table_fields
from ..kit import default_maker, kit_name
from ..stepfour import StepFour, step_four
from . import previews
from .downloads import attachment
from .form import check

blueprint = Blueprint("stap4", __name__, url_prefix="/stap4")
MAX_UPLOAD = 25 * 1024 * 1024  # bytes: a filled tables PDF for a large team is a few MB
MAX_PARTS = 8 * MAX_ROWS + 50  # the typed form: six columns per row, Tabel 2, the school
FIRST_ROWS, MORE_ROWS = 10, 5
PREVIEW_CARDS = 12  # cards shown on the page; the files hold them all
CARD_WIDTH, POSTER_WIDTH = 360, 560  # pixels: text on a card and on the poster is readable at this width
_STYLESHEET = Path(__file__).parent / "static" / "verder.css"
# The downloads a request may name, each with its type; the name it gets adds the school and year.
DOWNLOADS = {
    CARDS_FILE: "application/pdf",
    SHEETS_FILE: "application/pdf",
    POSTER_FILE: "application/pdf",
    "actielijst.csv": "text/csv",
    "afspraken.csv": "text/csv",
    "terugkommomenten.ics": "text/calendar",
}
PURPOSES = {
    CARDS_FILE: "De actiekaartjes voor de drukker: A6 met 3 mm afloop, PDF/X.",
    SHEETS_FILE: "Dezelfde kaartjes om zelf af te drukken, vier per A4, dubbelzijdig.",
    POSTER_FILE: "De poster voor de teamkamer: alle actiepunten op datum, om af te vinken, op A3.",
    "actielijst.csv": "Alle actiepunten als tabel; opent in Excel.",
    "afspraken.csv": "De afspraken uit Tabel 2; opent in Excel.",
    "terugkommomenten.ics": "Een agenda-afspraak voor elk terugkommoment met een datum.",
}


@dataclass
class TableForm:
    """What the typed form shows: school, year and session 2, the rows as typed, a message per field."""

    values: dict[str, str] = field(default_factory=dict)
    rows: int = FIRST_ROWS
    errors: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        return self.values.get(name, "")


@blueprint.before_request
def larger_requests():
    """An upload or a typed table for a whole team is larger than the kit's form allows."""
    request.max_content_length = MAX_UPLOAD
    request.max_form_parts = MAX_PARTS


@blueprint.errorhandler(413)
def too_large(error):
    message = f"Het bestand is groter dan {MAX_UPLOAD // (1024 * 1024)} MB; een ingevulde tabel is kleiner."
    return _page(TableForm(), upload_error=message), 413


@blueprint.get("")
def start():
    return _page(TableForm())


@blueprint.get("/stijl.css")
def stylesheet():
    """The tables and previews of step 4 and many schools, beside the kit's own stylesheet."""
    return Response(
        _STYLESHEET.read_text(encoding="utf-8"), mimetype="text/css", headers={"Cache-Control": "max-age=3600"}
    )


@blueprint.post("/bestand")
def upload():
    """The filled PDF form, the spreadsheet or the CSV file: read, then the result."""
    sent = request.files.get("tabel")
    if sent is None or not sent.filename:
        return _page(TableForm(), upload_error="Kies eerst de ingevulde tabel op uw computer."), 422
    name = PurePath(sent.filename.replace("\\", "/")).name[:80] or "tabel"  # only shown in messages
    data = sent.read(MAX_UPLOAD + 1)
    content = default_maker().content
    try:
        with _slot():
            filled = read_tables_file(data, name, content, date.today())
    except UserError as exc:
        return _page(TableForm(), upload_error=str(exc)), 422
    school = request.form.get("school", "").strip()
    if school and not filled.school:
        state = check({"school": school})
        if state.errors:
            return _page(TableForm(), upload_error=next(iter(state.errors.values()))), 422
        filled = FilledTables(filled.rows, filled.agreements, filled.reference, school, filled.year)
    return _result(filled)


@blueprint.post("")
def typed():
    """The typed form: more rows, back to the form from a result, or the result."""
    form = _typed_form()
    if request.form.get("actie") == "meer":
        form.rows = min(MAX_ROWS, form.rows + MORE_ROWS)
        return _page(form, anchor="rij-meer")
    if request.form.get("actie") == "aanpassen":
        return _page(form)
    filled, form = _typed_tables(form)
    if form.errors:
        return _page(form), 422
    if not filled.rows:
        form.errors[""] = "Tabel 1 is nog leeg: vul voor elk actiepunt minstens het actiepunt en wie in."
        return _page(form), 422
    return _result(filled)


@blueprint.post("/download")
def download():
    """One file of the result, or all of them in a zip, made again from the hidden fields."""
    wanted = request.form.get("bestand", "")
    if wanted != "zip" and wanted not in DOWNLOADS:
        abort(404)
    filled, form = _typed_tables(_typed_form())
    if form.errors or not filled.rows:
        abort(400)
    try:
        with _slot():
            made = step_four(filled, datetime.now(UTC))
    except UserError:
        abort(400)
    stem = _name(filled)
    if wanted == "zip":
        return attachment(zipped(made.files, f"stap4-{stem}"), f"stap4-{stem}.zip", "application/zip")
    if wanted not in made.files:
        abort(404)
    path = PurePath(wanted)
    return attachment(made.files[wanted], f"{path.stem}-{stem}{path.suffix}", DOWNLOADS[wanted])


def _typed_form() -> TableForm:
    values = {name: value for name, value in request.form.items() if name.startswith(("tabel1.", "tabel2."))}
    values.update({key: request.form.get(key, "") for key in ("school", "jaar", "sessie2")})
    rows = request.form.get("rijen", "")
    count = int(rows) if rows.isdecimal() and len(rows) < 5 else FIRST_ROWS
    typed_rows = [int(name[8:11]) for name in values if name.startswith("tabel1.r") and name[8:11].isdecimal()]
    return TableForm(values, max(FIRST_ROWS, min(MAX_ROWS, max([count, *typed_rows]))))


def _typed_tables(form: TableForm) -> tuple[FilledTables, TableForm]:
    """The tables the form holds, checked: the school, year and date as a profile checks them."""
    given = {key: form.values[key].strip() for key in ("school", "jaar", "sessie2") if form.values.get(key, "").strip()}
    state = check(given)
    errors = dict(state.errors)
    profile = state.profile
    reference = profile.sessie2.date() if profile and profile.sessie2 else date.today()
    school = (profile.school or "") if profile else ""
    year = str(profile.jaar) if profile and "jaar" in given else ""
    try:
        filled, cell_errors = filled_from_fields(form.values, default_maker().content, reference, school, year)
    except UserError as exc:
        errors[""] = str(exc)
        filled, cell_errors = FilledTables([], [], reference), {}
    errors.update(cell_errors)
    return filled, TableForm(form.values, form.rows, errors)


def _result(filled: FilledTables):
    """The result view: counts, warnings, readable previews, downloads; the table in hidden fields."""
    content = default_maker().content
    try:
        with _slot():
            made = step_four(filled, datetime.now(UTC))
            cards = _card_previews(made)
            poster = previews.render_pages(
                made.files[POSTER_FILE], range(previews.page_count(made.files[POSTER_FILE])), POSTER_WIDTH
            )
    except UserError as exc:
        form = TableForm(dict(table_fields(filled, content)), _rows_for(filled))
        form.values.update({"school": filled.school, "jaar": filled.year})
        form.errors[""] = str(exc)
        return _page(form), 422
    hidden = [*table_fields(filled, content), ("school", filled.school), ("jaar", filled.year)]
    hidden += [("sessie2", filled.reference.isoformat())] if filled.reference != date.today() else []
    hidden.append(("rijen", str(_rows_for(filled))))
    result = {
        "made": made,
        "school": filled.school,
        "counts": _counts(made),
        "files": [(name, PURPOSES[name], len(data)) for name, data in made.files.items()],
        "cards": cards,
        "poster": poster,
        "hidden": hidden,
        "stem": _name(filled),
    }
    return render_template("stap4.html", form=None, result=result, columns=content.tables.columns)


def _card_previews(made: StepFour) -> list[tuple[bytes, bytes]]:
    """Front and back of the first cards, wide enough to read."""
    shown = min(PREVIEW_CARDS, made.cards)
    pages = previews.render_pages(made.files[CARDS_FILE], range(2 * shown), CARD_WIDTH)
    return [(pages[2 * i], pages[2 * i + 1]) for i in range(shown)]


def _counts(made: StepFour) -> str:
    """E.g. "14 actiekaartjes, 2 punten zonder datum"."""
    parts = [
        f"{made.actions} actiepunt{'en' if made.actions != 1 else ''}",
        f"{made.cards} actiekaartje{'s' if made.cards != 1 else ''}",
        f"{made.undated} punt{'en' if made.undated != 1 else ''} zonder datum",
        f"{made.events} terugkommoment{'en' if made.events != 1 else ''} in de agenda",
    ]
    return ", ".join(parts)


def _rows_for(filled: FilledTables) -> int:
    last = max((number for number, _ in filled.rows), default=0)
    return min(MAX_ROWS, max(FIRST_ROWS, last))


def _name(filled: FilledTables) -> str:
    """The school and the year in a file name: de-regenboog-2029, as the kit's folder has them."""
    values = {"school": filled.school} if filled.school else {}
    if filled.year.isdecimal():
        values["jaar"] = filled.year
    state = check(values)
    name = kit_name(state.profile) if state.profile else "waardenkaart"
    return name.removeprefix("waardenkaart-")


def _page(form: TableForm, upload_error: str = "", anchor: str = "") -> str:
    content = default_maker().content
    return render_template(
        "stap4.html",
        form=form,
        result=None,
        columns=content.tables.columns,
        questions=content.tables.questions,
        own=[own_fields(number) for number in range(1, content.tables.own_items + 1)],
        own_label=content.tables.own_label,
        row_field=row_field,
        upload_error=upload_error,
        anchor=anchor,
        max_rows=MAX_ROWS,
        more_rows=MORE_ROWS,
    )


def _slot():
    return current_app.extensions["waardenkaart.slots"].taken()
