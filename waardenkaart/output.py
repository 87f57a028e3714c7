"""Writing a kit to a folder so that nothing is lost.

A kit folder carries a manifest of the files the program wrote, with their checksums. Only such a
folder is ever replaced, and only while it holds nothing but those files, unchanged: a folder of the
user's own, a file added to a kit or a table filled in and saved in place is never touched. The new
kit is written in a hidden folder beside the target and swapped in with two renames while Ctrl-C and
SIGTERM wait, so an interrupted run leaves the old kit or nothing, and no hidden folder behind.
"""

import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .intake.errors import UserError
from .kit import Kit

MANIFEST = ".waardenkaart-kit.json"
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def write_kit(kit: Kit, target: Path, overwrite: bool = False) -> Path:
    """Write every file of `kit` into the folder `target`: all of them, or none."""
    target = Path(target)
    try:
        _refuse_working_folder(target)
        parent = target.parent
        _refuse_file_on_path(parent)
        before = _state(target, overwrite)
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Kan de map {target} niet gebruiken: {reason(exc)}.") from None
    staging: Path | None = None
    with _interrupt_on_sigterm():
        try:
            try:
                with _signals_held():  # an interrupt now would leave the folder without its name
                    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
            except OSError as exc:
                raise UserError(f"Kan niet schrijven in de map {_shown(parent)}: {reason(exc)}.") from None
            _fill(staging, kit)
            with _parent_lock(parent), _signals_held():
                if _state(target, overwrite) != before:
                    raise UserError(
                        f"Een andere opdracht heeft intussen in de map {target} geschreven. "
                        "Deze kit is niet weggeschreven; probeer het opnieuw."
                    )
                _swap(staging, target)
        except OSError as exc:
            raise UserError(f"Kan de kit niet schrijven naar {target}: {reason(exc)}.") from None
        finally:  # a signal held back above arrives when the hold ends: still inside this block
            with _signals_held():
                if staging is not None:
                    shutil.rmtree(staging, ignore_errors=True)
    return target


def _refuse_working_folder(target: Path) -> None:
    """Replacing the folder one stands in (or one above it) would move the ground under one's feet."""
    here, resolved = Path.cwd().resolve(), target.resolve()
    if resolved == here or resolved in here.parents:
        raise UserError(
            f"U staat zelf in de map {target} (of in een map daarbinnen). Kies een nieuwe map met --uitvoer."
        )


def _refuse_file_on_path(folder: Path) -> None:
    for path in (folder, *folder.parents):
        if path.is_file():
            raise UserError(f"{path} is een bestand, geen map. Kies een andere map met --uitvoer.")


def _state(target: Path, overwrite: bool) -> tuple[int, bytes] | None:
    """What stands at `target` now: None if nothing, else the folder's identity and its manifest.

    Anything but an empty folder or an unchanged kit, replaceable only with `overwrite`, is refused.
    """
    if target.is_symlink():
        raise UserError(f"{target} is een snelkoppeling naar een andere plek. Kies een andere map met --uitvoer.")
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is een bestand, geen map. Kies een andere map met --uitvoer.")
    if not target.exists():
        return None
    identity = target.stat().st_ino
    manifest = target / MANIFEST
    if not manifest.is_file():
        if not any(target.iterdir()):
            return identity, b""
        raise UserError(
            f"De map {target} bestaat al en is geen kit van waardenkaart. Er verandert niets aan; "
            "kies een andere map met --uitvoer."
        )
    if not overwrite:
        raise UserError(
            f"De map {target} bestaat al. Kies een andere map met --uitvoer, of vervang de kit met --overschrijf."
        )
    recorded = manifest.read_bytes()
    foreign = _foreign_files(target, recorded)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" en nog {len(foreign) - 5}" if len(foreign) > 5 else "")
        raise UserError(
            f"De map {target} bevat bestanden die waardenkaart niet zo heeft gemaakt: {shown}. "
            "Er verandert niets aan; zet ze eerst ergens anders of kies een andere map met --uitvoer."
        )
    return identity, recorded


def _foreign_files(target: Path, recorded: bytes) -> list[str]:
    """Names in `target` that the manifest does not list, or whose contents changed since."""
    try:
        listed = json.loads(recorded)["bestanden"]
        assert isinstance(listed, dict)
    except (ValueError, KeyError, TypeError, AssertionError):
        return [MANIFEST]
    foreign = []
    for path in sorted(target.iterdir()):
        if path.name == MANIFEST:
            continue
        if path.name not in listed or not path.is_file() or path.is_symlink() or _digest(path) != listed[path.name]:
            foreign.append(path.name)
    return foreign


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_bytes(kit: Kit) -> bytes:
    files = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(kit.files.items())}
    document = {"programma": "waardenkaart", "versie": __version__, "kit": kit.name, "bestanden": files}
    return json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"


def _fill(staging: Path, kit: Kit) -> None:
    """Every file written and on disk before the swap; the disk is asked for all of them at once, so that
    the file system can commit them together (a quarter of the time of one file after another)."""
    with contextlib.ExitStack() as files:
        handles = []
        for name, data in [*kit.files.items(), (MANIFEST, manifest_bytes(kit))]:
            handle = files.enter_context(open(staging / name, "xb"))
            handle.write(data)
            handle.flush()
            handles.append(handle)
        _on_disk(handles)
    staging.chmod(0o755)


def _on_disk(handles: list) -> None:
    """fsync of every file, each in its own thread (fsync lets other threads run); the first error is raised."""
    errors: list[OSError] = []

    def sync(handle) -> None:
        try:
            os.fsync(handle.fileno())
        except OSError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sync, args=(handle,)) for handle in handles]
    try:
        for thread in threads:
            thread.start()
    finally:  # also on an interrupt: no file is closed while a thread still syncs it
        for thread in threads:
            if thread.ident is not None:
                thread.join()
    if errors:
        raise errors[0]


def _swap(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is; the old kit goes only once the new one stands."""
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.oud.", dir=target.parent))
    try:
        target.rename(old / target.name)
        try:
            staging.rename(target)
        except OSError:
            (old / target.name).rename(target)
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done, so a rename pair is never cut in half."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _interrupt_on_sigterm() -> Iterator[None]:
    """SIGTERM ends the run as Ctrl-C does, through the clean-up below, instead of on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _parent_lock(parent: Path) -> Iterator[None]:
    """Two runs that write into one folder take turns for the final check and swap."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; the state check still catches most races
        yield
        return
    descriptor = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _shown(path: Path) -> str:
    return str(path) if str(path) else "."


def reason(exc: OSError) -> str:
    """The operating system's complaint in Dutch words."""
    return {
        errno.EACCES: "geen toegang",
        errno.EPERM: "geen toegang",
        errno.ENOSPC: "de schijf is vol",
        errno.EDQUOT: "de schijf is vol (quotum bereikt)",
        errno.EROFS: "de schijf is alleen-lezen",
        errno.ENOENT: "de map bestaat niet",
        errno.ENOTDIR: "een deel van het pad is geen map",
        errno.ENAMETOOLONG: "de naam is te lang",
        errno.EEXIST: "er staat al iets met die naam",
        errno.ENOTEMPTY: "er staat al een map met die naam",
        errno.EBUSY: "de map is in gebruik",
        errno.EIO: "de schijf gaf een leesfout of schrijffout",
        errno.ELOOP: "het pad verwijst naar zichzelf",
        errno.EXDEV: "de map staat op een andere schijf",
    }.get(exc.errno, f"systeemfout {errno.errorcode.get(exc.errno, exc.errno)}")
