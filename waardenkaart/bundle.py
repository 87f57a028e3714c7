"""The zip for the print shop: the card file and the order sheet, with fixed timestamps so the
same kit gives the same bytes."""

import io

from .kit import CARD_FILE, PRINT_ORDER_FILE, Kit

ZIP_FILE = "voor-de-drukker.zip"
_TIMESTAMP = (2000, 1, 1, 0, 0, 0)


def print_shop_zip(kit: Kit) -> bytes:
    import zipfile  # only when the zip is asked for: a start of `maak` without it is quicker

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in (CARD_FILE, PRINT_ORDER_FILE):
            info = zipfile.ZipInfo(name, date_time=_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, kit.files[name])
    return buffer.getvalue()


def with_print_shop_zip(kit: Kit) -> Kit:
    return Kit(kit.name, {**kit.files, ZIP_FILE: print_shop_zip(kit)})
