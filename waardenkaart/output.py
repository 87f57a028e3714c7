"""Writing a kit to a folder so that nothing is lost.

A kit folder carries a manifest of the files the program wrote, with their checksums, bound to the
folder it was written in (its inode) and to the kind of output (a kit or an action list). Only such
a folder is ever replaced, by output of its own kind, and only while it holds nothing but those files,
unchanged, each named as the program names its files and of the kind its name says (a PDF, a zip, a
text). A folder of the user's own, a manifest copied or edited into another folder, a file added to a
kit or a table filled in and saved in place is never touched.

The new kit is written in a hidden work folder beside the target (`.<naam>.waardenkaart-werk.*`) and
swapped in with two renames while Ctrl-C and SIGTERM wait. A run that is killed outright (SIGKILL, power)
leaves that work folder; the next run for the same folder finishes or undoes the swap before it looks:
the old kit goes back in place if the new one never got there, and the work folder goes.
"""

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__
from .intake.errors import UserError
from .kit import Kit

MANIFEST = ".waardenkaart-kit.json"
KIT, ACTION_LIST = "kit", "actielijst"  # the kinds of output folder; one never replaces the other
WORK_INFIX = ".waardenkaart-werk."  # a work folder: .<target name>.waardenkaart-werk.<random>
_MARKER = "in-gebruik"  # locked by the run that owns the work folder for as long as it runs
_NEW, _OLD = "nieuw", "oud"
_MAX_MANIFEST_BYTES = 1_000_000
_RANDOM = re.compile(r"[a-z0-9_]{8}")  # the end of a name tempfile.mkdtemp makes
_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def write_kit(kit: Kit, target: Path, overwrite: bool = False, *, kind: str = KIT, names: Iterable[str] = ()) -> Path:
    """Write every file of `kit` into the folder `target`: all of them, or none.

    With `overwrite`, a folder of the same `kind` is replaced when it holds only files the program
    wrote there: the new kit's names and `names` (the other files this kind of output may hold).
    """
    target = Path(target)
    allowed = frozenset(kit.files) | frozenset(names)
    try:
        _refuse_working_folder(target)
        parent = target.parent
        _refuse_file_on_path(parent)
        if parent.is_dir():
            with _parent_lock(parent), _signals_held():
                recover(parent, target.name)
        before = _state(target, overwrite, kind, allowed)
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Kan de map {target} niet gebruiken: {reason(exc)}.") from None
    work: Path | None = None
    marker = None
    with interrupt_on_sigterm():
        try:
            try:
                with _parent_lock(parent), _signals_held():  # a recovering run never sees it half made
                    work = Path(tempfile.mkdtemp(prefix=f".{target.name}{WORK_INFIX}", dir=parent))
                    marker = open(work / _MARKER, "xb")  # noqa: SIM115 - held open, locked, until the end
                    _lock(marker.fileno(), wait=True)
            except OSError as exc:
                raise UserError(f"Kan niet schrijven in de map {_shown(parent)}: {reason(exc)}.") from None
            _fill(work / _NEW, kit, kind)
            with _parent_lock(parent), _signals_held():
                if _state(target, overwrite, kind, allowed) != before:
                    raise UserError(
                        f"Een andere opdracht heeft intussen in de map {target} geschreven. "
                        f"Deze {kind} is niet weggeschreven; probeer het opnieuw."
                    )
                _swap(work, target)
        except OSError as exc:
            raise UserError(f"Kan de {kind} niet schrijven naar {target}: {reason(exc)}.") from None
        finally:  # a signal held back above arrives when the hold ends: still inside this block
            with _signals_held():
                if work is not None:
                    _remove_work(work, marker)
    return target


def recover(parent: Path, name: str) -> None:
    """Finish or undo the swap of a run into `parent / name` that was killed before it cleaned up.

    The old kit goes back in place when the new one never got there; then the work folder goes. A work
    folder whose run still holds its lock is left alone, and so is anything that is not a work folder.
    Called with the parent folder locked.
    """
    target = parent / name
    prefix = f".{name}{WORK_INFIX}"
    with os.scandir(parent) as entries:  # the prefix, then mkdtemp's eight characters and nothing else
        found = sorted(
            Path(entry.path)
            for entry in entries
            if entry.name.startswith(prefix) and _RANDOM.fullmatch(entry.name[len(prefix) :])
        )
    for work in found:
        if work.is_symlink() or not work.is_dir():
            continue
        try:
            handle = os.open(work / _MARKER, os.O_RDWR)
        except FileNotFoundError:  # killed right after the folder was made: nothing in it yet
            with contextlib.suppress(OSError):
                work.rmdir()
            continue
        if not _lock(handle, wait=False):
            os.close(handle)
            continue  # its run is still going
        old = work / _OLD
        marker = os.fdopen(handle, "rb")
        if old.is_dir() and not old.is_symlink():
            if not os.path.lexists(target):
                old.rename(target)  # killed between the two renames: the old kit back in its place
            elif not _written_here(target):  # not the new kit either: someone put it there since
                marker.close()
                continue  # the old kit stays where it is; nothing is removed
        _remove_work(work, marker)
    _recover_legacy(parent, name)


def _written_here(folder: Path) -> bool:
    """Whether `folder` holds a manifest that this version wrote into this very folder."""
    try:
        with open(folder / MANIFEST, "rb") as handle:
            document = _manifest(handle.read(_MAX_MANIFEST_BYTES + 1))
        return document is not None and document["map"] == folder.stat().st_ino
    except OSError:
        return False


def _remove_work(work: Path, marker) -> None:
    """Remove a work folder, its marker last: a run killed on the way leaves a marked folder or an empty one."""
    try:
        with os.scandir(work) as entries:
            for entry in list(entries):
                if entry.name != _MARKER:
                    shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) else os.unlink(entry.path)
    except OSError:  # the marked folder stays for the next run to remove
        if marker is not None:
            marker.close()
        return
    if marker is not None:
        marker.close()  # the lock goes with it; Windows removes no file that is open
    with contextlib.suppress(OSError):
        os.unlink(work / _MARKER)
    with contextlib.suppress(OSError):
        work.rmdir()


def _recover_legacy(parent: Path, name: str) -> None:
    """Versions up to 0.1.0 moved the old kit to `.<name>.oud.*/<name>` during the swap: put it back."""
    target = parent / name
    if os.path.lexists(target):
        return
    with os.scandir(parent) as entries:
        found = sorted(Path(entry.path) for entry in entries if entry.name.startswith(f".{name}.oud."))
    for holder in found:
        old = holder / name
        if not holder.is_symlink() and old.is_dir() and not old.is_symlink() and (old / MANIFEST).is_file():
            old.rename(target)
            with contextlib.suppress(OSError):
                holder.rmdir()
            return


def kit_file_names() -> frozenset[str]:
    """Every file a kit folder of the bundled document list may hold: for `write_kit(names=...)`, so that a
    kit replaces an older kit of the same school with other documents (a zip, session 2's lists)."""
    from .kit import default_maker

    documents = default_maker().documents
    return frozenset([*(document.file for document in documents.documents), documents.zip_file])


def _refuse_working_folder(target: Path) -> None:
    """Replacing the folder one stands in (or one above it) would move the ground under one's feet."""
    try:
        here, resolved = Path.cwd().resolve(), target.resolve()
    except RuntimeError:  # Python 3.11 and 3.12 raise this for a link that leads to itself
        raise UserError(
            f"{target} is een snelkoppeling die naar zichzelf verwijst. Kies een andere map met --uitvoer."
        ) from None
    if resolved == here or resolved in here.parents:
        raise UserError(
            f"U staat zelf in de map {target} (of in een map daarbinnen). Kies een nieuwe map met --uitvoer."
        )


def _refuse_file_on_path(folder: Path) -> None:
    for path in (folder, *folder.parents):
        if path.is_file():
            raise UserError(f"{path} is een bestand, geen map. Kies een andere map met --uitvoer.")


def _state(target: Path, overwrite: bool, kind: str, allowed: frozenset[str]) -> tuple[int, bytes] | None:
    """What stands at `target` now: None if nothing, else the folder's identity and its manifest.

    Anything but an empty folder or an unchanged output of this kind, replaceable only with `overwrite`,
    is refused.
    """
    if target.is_symlink():
        raise UserError(f"{target} is een snelkoppeling naar een andere plek. Kies een andere map met --uitvoer.")
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} is een bestand, geen map. Kies een andere map met --uitvoer.")
    if not target.exists():
        return None
    identity = target.stat().st_ino
    manifest = target / MANIFEST
    if manifest.is_symlink() or not manifest.is_file():
        if not any(target.iterdir()):
            return identity, b""
        raise UserError(
            f"De map {target} bestaat al en is geen {kind} van waardenkaart. Er verandert niets aan; "
            "kies een andere map met --uitvoer."
        )
    with open(manifest, "rb") as handle:
        recorded = handle.read(_MAX_MANIFEST_BYTES + 1)
    document = _manifest(recorded)
    if document is None or document["map"] != identity:
        raise UserError(
            f"De map {target} bevat een lijst van waardenkaart ({MANIFEST}) die niet bij deze map hoort: "
            "gekopieerd, bewerkt of gemaakt door een oudere versie. Er verandert niets aan; kies een andere "
            "map met --uitvoer, of zet de bestanden die u wilt houden ergens anders en maak de map leeg."
        )
    if document["soort"] != kind:
        raise UserError(
            f"De map {target} bevat een {document['soort']} van waardenkaart, geen {kind}: een {kind} vervangt "
            f"nooit een {document['soort']}. Er verandert niets aan; kies een andere map met --uitvoer."
        )
    if not overwrite:
        raise UserError(
            f"De map {target} bestaat al. Kies een andere map met --uitvoer, of vervang de {kind} met --overschrijf."
        )
    foreign = _foreign_files(target, document["bestanden"], allowed)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" en nog {len(foreign) - 5}" if len(foreign) > 5 else "")
        raise UserError(
            f"De map {target} bevat bestanden die waardenkaart niet zo heeft gemaakt: {shown}. "
            "Er verandert niets aan; zet ze eerst ergens anders of kies een andere map met --uitvoer."
        )
    return identity, recorded


def _manifest(recorded: bytes) -> dict | None:
    """The manifest's fields when it is one this version writes, else None."""
    try:
        document = json.loads(recorded)
    except ValueError:
        return None
    if not (
        isinstance(document, dict)
        and document.get("programma") == "waardenkaart"
        and document.get("soort") in (KIT, ACTION_LIST)
        and isinstance(document.get("map"), int)
        and not isinstance(document.get("map"), bool)
        and isinstance(document.get("bestanden"), dict)
        and all(isinstance(digest, str) for digest in document["bestanden"].values())
    ):
        return None
    return document


def _foreign_files(target: Path, listed: dict[str, str], allowed: frozenset[str]) -> list[str]:
    """Names in `target` the program cannot show it wrote there: not listed in the manifest, not a name
    of this kind of output, not of the kind its name says, or changed since."""
    foreign = []
    for path in sorted(target.iterdir()):
        if path.name == MANIFEST:
            continue
        if path.name not in listed or path.name not in allowed or path.is_symlink() or not path.is_file():
            foreign.append(path.name)
            continue
        data = path.read_bytes()
        if not of_its_kind(path.name, data) or hashlib.sha256(data).hexdigest() != listed[path.name]:
            foreign.append(path.name)
    return foreign


def of_its_kind(name: str, data: bytes) -> bool:
    """Whether `data` is what a file of the program's with this name holds: a PDF, a zip or UTF-8 text."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "pdf":
        return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]
    if suffix in ("zip", "xlsx"):
        return data.startswith(b"PK\x03\x04")
    if suffix in ("csv", "ics", "toml", "txt", "md"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in data
    return False


def manifest_bytes(kit: Kit, kind: str, folder: int) -> bytes:
    """The manifest of `kit` written into the folder with inode `folder`."""
    files = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(kit.files.items())}
    document = {
        "programma": "waardenkaart",
        "versie": __version__,
        "soort": kind,
        "kit": kit.name,
        "map": folder,
        "bestanden": files,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"


def _fill(staging: Path, kit: Kit, kind: str) -> None:
    """Every file written and on disk before the swap; the disk is asked for all of them at once, so that
    the file system can commit them together (a quarter of the time of one file after another)."""
    staging.mkdir()
    manifest = manifest_bytes(kit, kind, staging.stat().st_ino)  # a rename keeps the folder's inode
    with contextlib.ExitStack() as files:
        handles = []
        for name, data in [*kit.files.items(), (MANIFEST, manifest)]:
            handle = files.enter_context(open(staging / name, "xb"))
            handle.write(data)
            handle.flush()
            handles.append(handle)
        _on_disk(handles)


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


def _swap(work: Path, target: Path) -> None:
    """Put the work folder's new kit where `target` is; the old kit goes only once the new one stands.

    Between the two renames the old kit waits in the work folder, where `recover` finds it.
    """
    staging = work / _NEW
    if not os.path.lexists(target):
        staging.rename(target)
        return
    target.rename(work / _OLD)
    try:
        staging.rename(target)
    except OSError:
        (work / _OLD).rename(target)
        raise


def _lock(descriptor: int, wait: bool) -> bool:
    """An exclusive lock on an open file, held until it is closed; False when another run holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


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
def interrupt_on_sigterm() -> Iterator[None]:
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
