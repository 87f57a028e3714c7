"""The routes: the form (GET and POST), a profile upload, three downloads and a larger preview.

Everything after the form is a POST of the profile's fields, so a kit is made anew from what the
request carries and nothing about a school is kept between requests.
"""

import io
import re
import zipfile
from functools import cache
from pathlib import Path, PurePath

from flask import Blueprint, Response, abort, render_template, request

from ..bundle import print_shop_zip
from ..intake.errors import UserError
from ..intake.profile import read_profile_bytes
from ..intake.profiletoml import profile_toml
from ..kit import Kit, default_maker, kit_name, make_documents, make_kit
from ..kitdocuments import school_name
from . import previews
from .colours import deck_css
from .form import FormState, check, profile_fields, raw_values
from .workers import in_worker

blueprint = Blueprint("kit", __name__)
_TIMESTAMP = (2000, 1, 1, 0, 0, 0)  # in every zip: the same kit gives the same bytes
_STYLESHEET = Path(__file__).parent / "static" / "stijl.css"


@blueprint.get("/")
def form_page():
    return _page(FormState())


@blueprint.post("/")
def submit():
    return _page(check(raw_values(request.form)))


@blueprint.post("/profiel")
def upload():
    sent = request.files.get("profiel")
    if sent is None or not sent.filename:
        return _page(FormState(errors={"profiel": "Kies eerst een profielbestand (.toml) op uw computer."}))
    # the name only appears in messages; it is never opened
    name = PurePath(sent.filename.replace("\\", "/")).name[:80] or "profiel.toml"
    try:
        values = read_profile_bytes(sent.read(), name)
    except UserError as exc:
        return _page(FormState(errors={"profiel": str(exc)}))
    return _page(check(values))


@blueprint.post("/kit.zip")
def kit_zip():
    name, data = in_worker(_kit_zip, _posted_profile())
    return _download(data, f"{name}.zip", "application/zip")


@blueprint.post("/voor-de-drukker.zip")
def print_shop():
    data = in_worker(_print_shop_zip, _posted_profile())
    return _download(data, default_maker().documents.zip_file, "application/zip")


@blueprint.post("/profiel.toml")
def profile_file():
    profile = _posted_profile()
    name = f"{make_name(profile)}.toml"
    return _download(profile_toml(profile, name).encode("utf-8"), name, "application/toml")


@blueprint.post("/voorbeeld")
def larger():
    """One page larger: `pagina` names a file of the document list and a page number, nothing else."""
    profile, maker = _posted_profile(), default_maker()
    file, _, number = request.form.get("pagina", "").rpartition(":")
    document = next((d for d in maker.documents.for_profile(profile) if d.file == file), None)
    if document is None or not file.endswith(".pdf") or not re.fullmatch(r"[0-9]{1,4}", number):
        abort(404)
    png = in_worker(_larger_page, profile, document.file, int(number))
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


def make_name(profile) -> str:
    """profiel-<school>-<jaar>: the kit's name, so the file says which school it is for."""
    return kit_name(profile).replace("waardenkaart-", "profiel-", 1)


def _page(state: FormState):
    """The form, and once the profile is valid, the kit: documents, previews and downloads."""
    maker = default_maker()
    context = {"state": state, "documents": maker.documents, "result": None}
    if state.profile is not None:
        profile = state.profile
        try:
            kit, cards, pages = in_worker(_kit_page, profile)
        except UserError as exc:
            state.errors[""] = str(exc)
        else:
            context["result"] = {
                "kit": kit,
                "school": school_name(profile, maker),
                "jaar": profile.jaar,
                "listing": maker.documents.by_audience(maker.documents.for_profile(profile)),
                "left_out": maker.documents.left_out(profile),
                "cards": cards,
                "pages": pages,
                "hidden": profile_fields(profile),
                "sizes": {name: len(data) for name, data in kit.files.items()},
            }
    status = 422 if state.errors else 200
    return render_template("pagina.html", **context), status


def _posted_profile():
    """The profile the download and preview buttons post; a tampered one gets the form with its errors."""
    state = check(raw_values(request.form))
    if state.profile is None:
        page = render_template("pagina.html", state=state, documents=default_maker().documents, result=None)
        abort(Response(page, 422))
    return state.profile


# The work of a kit, each a function of the profile that `in_worker` runs in a worker process.


def _kit_page(profile):
    """The kit and its previews for the page."""
    maker = default_maker()
    kit = make_kit(profile, maker)
    return kit, previews.card_previews(kit, profile, maker), previews.first_pages(kit)


def _kit_zip(profile) -> tuple[str, bytes]:
    kit = make_kit(profile, default_maker())
    return kit.name, _zip(kit.files, folder=kit.name)


def _print_shop_zip(profile) -> bytes:
    kit = Kit("", make_documents(profile, default_maker(), only=lambda document: document.audience == "drukker"))
    return print_shop_zip(kit)


def _larger_page(profile, file: str, number: int) -> bytes | None:
    """One page of one document, large; None when the document has fewer pages."""
    maker = default_maker()
    pdf = make_documents(profile, maker, only=lambda candidate: candidate.file == file)[file]
    if number >= previews.page_count(pdf):
        return None
    return previews.render_pages(pdf, [number], previews.LARGE_WIDTH)[0]


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
