"""A download as every page of the app sends it: a file name that the routes make of plain ASCII."""

from flask import Response


def attachment(data: bytes, name: str, mimetype: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
