"""The routes: the form, the made kit on a page of its own, downloads and views of each document.

Everything after the form is a POST of the typed fields, so a kit is made anew from what the request
carries and nothing about a school is kept between requests. The result page holds no form fields:
every download and view on it is the kit it names, and "Wijzig" carries the values back to the form.
"""

import re
from functools import cache
from html import unescape
from pathlib import Path, PurePath

from flask import Blueprint, Response, abort, render_template, request

from ..bundle import print_shop_zip, zipped
from ..intake.errors import UserError
from ..intake.profile import read_profile_bytes, retired_notices
from ..intake.profiletoml import profile_toml
from ..kit import CARD_FILE, Kit, Maker, default_maker, kit_name, kit_slug, make_documents, make_kit, session2_maker
from ..kitdocuments import prepared, school_name
from ..text.programmelength import length_lines, session_lengths
from . import previews
from .colours import deck_css
from .downloads import attachment
from .form import FormState, check, raw_values
from .workers import in_worker

blueprint = Blueprint("kit", __name__)
_STYLESHEET = Path(__file__).parent / "static" / "stijl.css"
SESSION2 = "sessie2"  # the `soort` a button posts for the kit of only what is new for session 2
NOT_A_PROFILE = "Dit is geen profiel van waardenkaart. Kies het .toml-bestand dat u na de vorige keer bewaarde."
_UNKNOWN_FIELD = re.compile(r"onbekend veld '([^']*)'")
_VIEWED = {
    ".pdf": "application/pdf",
    ".csv": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_OPENED_BY_A_PROGRAM = {".xlsx"}  # no browser shows a spreadsheet: it is downloaded, for Excel or Calc


@blueprint.get("/")
def form_page():
    return _form(FormState())


@blueprint.post("/")
def submit():
    state = check(raw_values(request.form))
    return _form(state) if state.profile is None else _result(state)


@blueprint.post("/wijzig")
def change():
    """Back from a kit to the form, with every value as it was typed."""
    state = check(raw_values(request.form))
    return _form(FormState(state.values, state.errors))


@blueprint.post("/profiel")
def upload():
    sent = request.files.get("profiel")
    if sent is None or not sent.filename:
        return _form(FormState(errors={"profiel": "Kies eerst een profielbestand (.toml) op uw computer."}))
    # the name only appears in messages; it is never opened
    name = PurePath(sent.filename.replace("\\", "/")).name[:80] or "profiel.toml"
    try:
        values = read_profile_bytes(sent.read(), name)
    except UserError as exc:
        unknown = _UNKNOWN_FIELD.search(str(exc))
        if unknown:
            message = (
                f"{name} heeft een regel die waardenkaart niet kent: ‘{unknown.group(1)}’. Kies het .toml-bestand "
                "dat u na de vorige keer bewaarde, zonder wijzigingen."
            )
        else:
            message = f"{name}: {NOT_A_PROFILE}"
        return _form(FormState(errors={"profiel": message}))
    state = check(values)
    # a profile without the team's values comes back after session 1: the values are what comes next
    opened = ("waarden",) if not state.values.get("waarden") else ()
    return _form(FormState(state.values, state.errors, notices=retired_notices(values, name), opened=opened))


@blueprint.post("/kit.zip")
def kit_zip():
    profile, typed, session2 = _posted()
    name, data = _run(_kit_zip, profile, session2)
    return attachment(data, f"{name}.zip", "application/zip")


@blueprint.post("/voor-de-drukker.zip")
def print_shop():
    profile, typed, session2 = _posted()
    data = _run(_print_shop_zip, profile, session2)
    name = "voor-de-drukker" + kit_name(profile, session2).removeprefix("waardenkaart")
    return attachment(data, f"{name}.zip", "application/zip")


@blueprint.post("/profiel.toml")
def profile_file():
    profile, typed, _ = _posted()
    name = f"{kit_slug(profile) or 'profiel'}.toml"  # a neutral kit has neither school nor year
    return attachment(profile_toml(profile, name, typed).encode("utf-8"), name, "application/toml")


@blueprint.post("/bekijk")
def view():
    """One document of the kit, whole, in the browser's own viewer: `bestand` names a file of the list."""
    profile, typed, session2 = _posted()
    file = _listed(profile, session2, request.form.get("bestand", ""))
    suffix = PurePath(file).suffix
    shown = "attachment" if suffix in _OPENED_BY_A_PROGRAM else "inline"
    return Response(
        _run(_one_document, profile, session2, file),
        mimetype=_VIEWED[suffix],
        headers={"Content-Disposition": f'{shown}; filename="{file}"'},
    )


@blueprint.post("/kaart")
def card():
    """One card, front and back side by side, large enough to read its smallest text: `kaart` is its place."""
    profile, typed, _ = _posted()
    place = request.form.get("kaart", "")
    if not re.fullmatch(r"[0-9]{1,4}", place):
        abort(404)
    sides = _run(_card_sides, profile, int(place))
    if sides is None:
        abort(404)
    title, number, total, front, back = sides
    return render_template("kaart.html", title=title, number=number, total=total, front=front, back=back)


@blueprint.post("/voorbeeld")
def larger():
    """One page larger: `pagina` names a file of the document list and a page number, nothing else."""
    profile, typed, session2 = _posted()
    file, _, number = request.form.get("pagina", "").rpartition(":")
    file = _listed(profile, session2, file)
    if not file.endswith(".pdf") or not re.fullmatch(r"[0-9]{1,4}", number):
        abort(404)
    png = _run(_larger_page, profile, session2, file, int(number))
    if png is None:
        abort(404)
    return Response(png, mimetype="image/png")


@blueprint.get("/stijl.css")
def stylesheet():
    return Response(_css(), mimetype="text/css", headers={"Cache-Control": "max-age=3600"})


@cache
def _css() -> str:
    """The deck's colours from the layout, then the stylesheet that uses them."""
    return deck_css(default_maker().layout) + _STYLESHEET.read_text(encoding="utf-8")


def _form(state: FormState):
    """The form: on its own, with the documents a kit holds beside it."""
    status = 422 if state.errors else 200
    return render_template("pagina.html", state=state, documents=default_maker().documents), status


def _result(state: FormState):
    """The made kit on a page of its own: what it is for, the programme's length, downloads and views."""
    profile, maker = state.profile, default_maker()
    try:
        kit, cards, pages = _run(_kit_page, profile)
    except UserError as exc:
        state.errors[""] = str(exc)
        return _form(state)
    result = {
        "kit": kit,
        "profile": profile,
        "school": school_name(profile, maker),
        "listing": maker.documents.by_audience(maker.documents.for_profile(profile)),
        "left_out": maker.documents.left_out(profile),
        "session2": session2_maker(maker).documents.for_profile(profile) if profile.waarden else (),
        "lengths": list(zip(session_lengths(profile, maker.content), length_lines(profile, maker.content))),
        "cards": cards,
        "pages": {CARD_FILE: cards[0].front, **{page.file: page for page in pages}},
        "hidden": state.hidden(),
    }
    return render_template("kit.html", result=result, documents=maker.documents)


def _posted() -> tuple:
    """The profile a button of the result page posts, the keys that were typed, and whether it asks for
    only what is new for session 2 (`soort` sessie2, with values); a tampered profile gets the form."""
    state = check(raw_values(request.form))
    if state.profile is None:
        abort(Response(_form(state)[0], 422))
    return state.profile, set(state.values), request.form.get("soort") == SESSION2 and bool(state.profile.waarden)


def _listed(profile, session2: bool, file: str) -> str:
    """A file of this kit's document list; any other name is a page that does not exist."""
    if file not in {document.file for document in _maker(session2).documents.for_profile(profile)}:
        abort(404)
    if PurePath(file).suffix not in _VIEWED:
        abort(404)
    return file


def _run(work, *args):
    """The work of a kit, while a slot is free, in one of the app's worker processes where it has them:
    `work` is a module-level function of a profile and plain values."""
    return in_worker(work, *args)


def _maker(session2: bool) -> Maker:
    return session2_maker() if session2 else default_maker()


# The work of a kit, each a function of the profile and plain values, run by `_run`.


def _kit_page(profile) -> tuple:
    """The kit and its previews for the result page."""
    maker = default_maker()
    kit = make_kit(profile, maker)
    return kit, previews.card_previews(kit, profile, maker), previews.first_pages(kit)


def _kit_zip(profile, session2: bool) -> tuple[str, bytes]:
    kit = make_kit(profile, _maker(session2))
    return kit.name, zipped(kit.files, folder=kit.name)


def _print_shop_zip(profile, session2: bool) -> bytes:
    maker = _maker(session2)
    return print_shop_zip(Kit("", make_documents(profile, maker, only=lambda document: document.audience == "drukker")))


def _one_document(profile, session2: bool, file: str) -> bytes:
    return make_documents(profile, _maker(session2), only=lambda document: document.file == file)[file]


def _larger_page(profile, session2: bool, file: str, number: int) -> bytes | None:
    """One page of one document, large; None when the document has fewer pages."""
    pdf = _one_document(profile, session2, file)
    if number >= previews.page_count(pdf):
        return None
    return previews.render_pages(pdf, [number], previews.LARGE_WIDTH)[0]


def _card_sides(profile, place: int) -> tuple | None:
    """(title, number, total, front, back) of the card at `place` in the whole kit's card file, or None."""
    maker = default_maker()
    cards = prepared(profile, maker).merged
    if place >= len(cards):
        return None
    pdf = _one_document(profile, False, CARD_FILE)
    front, back = previews.render_pages(pdf, [2 * place, 2 * place + 1], previews.LARGE_WIDTH)
    card = cards[place]
    return unescape(card.title + (f" – {card.subtitle}" if card.subtitle else "")), place + 1, len(cards), front, back
