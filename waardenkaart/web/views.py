"""The routes: the form, the made kit on a page of its own, downloads and views of each document.

Everything after the form is a POST of the typed fields, so a kit is made anew from what the request
carries and nothing about a school is kept between requests. The result page holds no form fields:
every download and view on it is the kit it names, and "Wijzig" carries the values back to the form.
"""

import io
import re
import zipfile
from functools import cache
from pathlib import Path, PurePath

from flask import Blueprint, Response, abort, current_app, render_template, request

from ..bundle import print_shop_zip
from ..intake.errors import UserError
from ..intake.profile import read_profile_bytes, retired_notices
from ..intake.profiletoml import profile_toml
from ..kit import CARD_FILE, Kit, Maker, default_maker, kit_name, kit_slug, make_documents, make_kit, session2_maker
from ..kitdocuments import school_name
from ..text.programmelength import length_lines, session_lengths
from . import previews
from .colours import deck_css
from .form import FormState, check, raw_values

blueprint = Blueprint("kit", __name__)
_TIMESTAMP = (2000, 1, 1, 0, 0, 0)  # in every zip: the same kit gives the same bytes
_STYLESHEET = Path(__file__).parent / "static" / "stijl.css"
SESSION2 = "sessie2"  # the `soort` a button posts for the kit of only what is new for session 2
NOT_A_PROFILE = "Dit is geen profiel van waardenkaart. Kies het .toml-bestand dat u na de vorige keer bewaarde."
_UNKNOWN_FIELD = re.compile(r"onbekend veld '([^']*)'")
_VIEWED = {".pdf": "application/pdf", ".csv": "text/plain; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


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
    return _form(FormState(state.values, state.errors, notices=retired_notices(values, name)))


@blueprint.post("/kit.zip")
def kit_zip():
    profile, typed, maker = _posted()
    with _slot():
        kit = make_kit(profile, maker)
    return _download(_zip(kit.files, folder=kit.name), f"{kit.name}.zip", "application/zip")


@blueprint.post("/voor-de-drukker.zip")
def print_shop():
    profile, typed, maker = _posted()
    with _slot():
        kit = Kit("", make_documents(profile, maker, only=lambda document: document.audience == "drukker"))
    name = kit_name(profile, maker.session2_only).replace("waardenkaart-", "voor-de-drukker-", 1)
    return _download(print_shop_zip(kit), f"{name}.zip", "application/zip")


@blueprint.post("/profiel.toml")
def profile_file():
    profile, typed, _ = _posted()
    name = f"{kit_slug(profile)}.toml"
    return _download(profile_toml(profile, name, typed).encode("utf-8"), name, "application/toml")


@blueprint.post("/bekijk")
def view():
    """One document of the kit, whole, in the browser's own viewer: `bestand` names a file of the list."""
    profile, typed, maker = _posted()
    document = _document(profile, maker, request.form.get("bestand", ""))
    with _slot():
        data = make_documents(profile, maker, only=lambda candidate: candidate == document)[document.file]
    return Response(
        data,
        mimetype=_VIEWED[PurePath(document.file).suffix],
        headers={"Content-Disposition": f'inline; filename="{document.file}"'},
    )


@blueprint.post("/voorbeeld")
def larger():
    """One page larger: `pagina` names a file of the document list and a page number, nothing else."""
    profile, typed, maker = _posted()
    file, _, number = request.form.get("pagina", "").rpartition(":")
    document = _document(profile, maker, file)
    if not file.endswith(".pdf") or not re.fullmatch(r"[0-9]{1,4}", number):
        abort(404)
    with _slot():
        pdf = make_documents(profile, maker, only=lambda candidate: candidate == document)[document.file]
        if int(number) >= previews.page_count(pdf):
            abort(404)
        png = previews.render_pages(pdf, [int(number)], previews.LARGE_WIDTH)[0]
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
        with _slot():
            kit = make_kit(profile, maker)
            cards = previews.card_previews(kit, profile, maker)
            pages = previews.first_pages(kit)
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
        "sizes": {name: len(data) for name, data in kit.files.items()},
    }
    return render_template("kit.html", result=result, documents=maker.documents)


def _posted() -> tuple:
    """The profile a button of the result page posts, the keys that were typed, and the maker of the kit it
    names (the whole kit, or with `soort` sessie2 only what is new); a tampered one gets the form."""
    state = check(raw_values(request.form))
    if state.profile is None:
        abort(Response(_form(state)[0], 422))
    session2 = request.form.get("soort") == SESSION2 and bool(state.profile.waarden)
    maker: Maker = session2_maker() if session2 else default_maker()
    return state.profile, set(state.values), maker


def _document(profile, maker: Maker, file: str):
    """A document of this kit by its file name; any other name is a page that does not exist."""
    document = next((d for d in maker.documents.for_profile(profile) if d.file == file), None)
    if document is None or PurePath(document.file).suffix not in _VIEWED:
        abort(404)
    return document


def _slot():
    return current_app.extensions["waardenkaart.slots"].taken()


def _zip(files: dict[str, bytes], folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _download(data: bytes, name: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
