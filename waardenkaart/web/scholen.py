"""Many schools in the browser: the schools table in (CSV as `maak --scholen` reads it, or .xlsx), its
summary on the page, then one zip with a folder per school and samenvatting.txt.

Nothing is stored: the table lives in a temporary folder while a request reads it, and the summary
page carries it back in a hidden field for the download, which makes every kit anew.
"""

import base64
import binascii
import re
import tempfile
from pathlib import Path, PurePath

from flask import Blueprint, current_app, render_template, request, send_file

from ..batch import LIST_SEPARATOR
from ..intake.errors import UserError
from ..intake.profile import KEYS
from ..intake.schoolsheet import is_spreadsheet
from ..schoolzip import MAX_SCHOOLS, plan, summary, write_schools_zip

blueprint = Blueprint("scholen", __name__, url_prefix="/scholen")
MAX_TABLE = 5 * 1024 * 1024  # bytes: 200 schools are some 50 kB as CSV; 10,000 rows still fit, to be refused by count
MAX_REQUEST = MAX_TABLE * 4 // 3 + 64 * 1024  # the table again, base64 in the download's hidden field


@blueprint.before_request
def larger_requests():
    request.max_content_length = MAX_REQUEST
    request.max_form_memory_size = MAX_REQUEST  # the hidden field with the table


@blueprint.errorhandler(413)
def too_large(error):
    return _page(
        error=f"Het bestand is groter dan {MAX_TABLE // (1024 * 1024)} MB; dat is geen tabel met "
        f"hoogstens {MAX_SCHOOLS} scholen."
    ), 413


@blueprint.get("")
def start():
    return _page()


@blueprint.post("")
def upload():
    """The table checked: the kits it makes and the rows it refuses, and a button for the zip."""
    sent = request.files.get("tabel")
    if sent is None or not sent.filename:
        return _page(error="Kies eerst de tabel met scholen op uw computer."), 422
    name = _name(sent.filename)
    data = sent.read(MAX_TABLE + 1)
    if len(data) > MAX_TABLE:
        return too_large(None)
    try:
        with _table_file(data, name) as table:
            planned = plan(table)
    except UserError as exc:
        return _page(error=str(exc)), 422
    return _page(
        planned=planned,
        text=summary(name, planned.kits, planned.failures),
        table=base64.b64encode(data).decode("ascii"),
        name=name,
    )


@blueprint.post("/kits.zip")
def kits_zip():
    """Every kit, made anew from the table the summary page carried back."""
    name = _name(request.form.get("naam", ""))
    try:
        data = base64.b64decode(request.form.get("tabel", ""), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        return _page(error="De tabel kwam niet mee. Kies het bestand opnieuw."), 422
    out = tempfile.TemporaryFile()  # some 100 MB for 200 schools: on disk while it is sent, then gone
    try:
        with _table_file(data, name) as table, _slot():
            write_schools_zip(table, out)
    except UserError as exc:
        out.close()
        return _page(error=str(exc)), 422
    out.seek(0)
    return send_file(out, mimetype="application/zip", as_attachment=True, download_name=f"{Path(name).stem}-kits.zip")


def _name(filename: str) -> str:
    """The file's own name, for messages and the summary; it is never opened."""
    name = PurePath(filename.replace("\\", "/")).name[:80]
    return "".join(char for char in name if char.isprintable()) or "scholen.csv"


class _table_file:
    """The uploaded table as a file in a temporary folder, as the batch reads it; removed afterwards."""

    def __init__(self, data: bytes, name: str):
        self.data, self.name = data, name

    def __enter__(self) -> Path:
        self.folder = tempfile.TemporaryDirectory(prefix="waardenkaart-tabel-")
        suffix = ".xlsx" if is_spreadsheet(self.data[:4]) else ".csv"
        stem = re.sub(r"[^\w\- ]", "_", PurePath(self.name).stem)[:60].strip() or "scholen"
        path = Path(self.folder.name) / f"{stem}{suffix}"
        path.write_bytes(self.data)
        return path

    def __exit__(self, *exc) -> None:
        self.folder.cleanup()


def _page(**context):
    return render_template(
        "scholen.html",
        columns=KEYS,
        separator=LIST_SEPARATOR,
        max_schools=MAX_SCHOOLS,
        **{"planned": None, "error": "", "text": "", "table": "", "name": "", **context},
    )


def _slot():
    return current_app.extensions["waardenkaart.slots"].taken()
