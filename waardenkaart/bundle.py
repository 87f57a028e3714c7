"""Zips with fixed timestamps and modes, so the same kit gives the same bytes: the print shop's zip, a kit
in a folder, and the entries of a larger zip written to a file."""

import io

from .kit import CARD_FILE, PRINT_ORDER_FILE, Kit

ZIP_FILE = "voor-de-drukker.zip"
_TIMESTAMP = (2000, 1, 1, 0, 0, 0)


def add_file(archive, name: str, data: bytes) -> None:
    """One entry of `archive` (a zipfile.ZipFile open for writing), compressed, dated as every entry is."""
    import zipfile

    info = zipfile.ZipInfo(name, date_time=_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def zipped(files: dict[str, bytes], folder: str = "") -> bytes:
    """`files` in a zip, inside `folder` when one is given."""
    import zipfile  # only when a zip is asked for: a start of `maak` without it is quicker

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            add_file(archive, f"{folder}/{name}" if folder else name, data)
    return buffer.getvalue()


def print_shop_zip(kit: Kit) -> bytes:
    return zipped({name: kit.files[name] for name in (CARD_FILE, PRINT_ORDER_FILE)})


def with_print_shop_zip(kit: Kit) -> Kit:
    return Kit(kit.name, {**kit.files, ZIP_FILE: print_shop_zip(kit)})
