"""Writing a kit to a folder so that nothing is lost: all files or none, and no silent overwrite."""

import errno
import os
import shutil
import tempfile
from pathlib import Path

from .errors import UserError
from .kit import Kit


def write_kit(kit: Kit, target: Path, overwrite: bool = False) -> Path:
    """Write every file into a hidden folder beside `target`, then move it into place in one step.

    A crash or a full disk leaves the old kit (or nothing) in place, never a half-written PDF.
    """
    target = Path(target)
    if target.exists() and not overwrite:
        raise UserError(
            f"De map {target} bestaat al. Kies een andere map met --uitvoer, of vervang de kit met --overschrijf."
        )
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is een bestand, geen map. Kies een andere map met --uitvoer.")
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise UserError(f"Kan de map {parent} niet maken of er niet in schrijven ({_reason(exc)}).") from None
    try:
        for name, data in kit.files.items():
            with open(staging / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        staging.chmod(0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.oud.", dir=parent))
            target.rename(old / target.name)
            staging.rename(target)
            shutil.rmtree(old)
        else:
            staging.rename(target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserError(f"Kan de kit niet schrijven naar {target} ({_reason(exc)}).") from None
    return target


def _reason(exc: OSError) -> str:
    return {
        errno.EACCES: "geen toegang",
        errno.EPERM: "geen toegang",
        errno.ENOSPC: "de schijf is vol",
        errno.EROFS: "alleen-lezen",
        errno.ENOTDIR: "een deel van het pad is geen map",
        errno.ENAMETOOLONG: "de naam is te lang",
        errno.EEXIST: "er staat al een bestand met die naam",
    }.get(exc.errno, exc.strerror or str(exc))
