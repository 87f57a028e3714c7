"""One kit made on two cores: a forked copy of this process makes part of the documents.

For a command that makes one kit and then exits (`maak` for one school). Content, layouts and fonts
are loaded once, before the fork; the two processes then take the kit's documents from one queue,
and each document is made by `make_documents`, so the kit is byte for byte the kit `make_kit` makes.
Where there is no fork (Windows), a single core, or another thread (the web app) that a fork would
not copy, the kit is made in this process alone. The forked copy only ever saves time: when it fails
in any way but a message for the user, this process makes its documents too.
"""

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable

from .intake.documentlist import Document
from .intake.errors import UserError
from .intake.profile import Profile
from .kit import Kit, Maker, default_maker, kit_name, make_documents


def make_kit_forked(profile: Profile, maker: Maker | None = None) -> Kit:
    """The kit `make_kit` makes, made by this process and a forked copy of it."""
    maker = maker or default_maker()
    documents = maker.documents.for_profile(profile)
    alone = not hasattr(os, "fork") or usable_cores() < 2 or threading.active_count() > 1
    if alone or not 2 <= len(documents) <= 256:
        return Kit(kit_name(profile, maker.session2_only), make_documents(profile, maker))
    parent, opened = os.getpid(), []
    try:
        queue = os.pipe()
        opened += queue
        results = os.pipe()
        opened += results
        # The queue: one byte per document, its place in the list. A read of one byte from a pipe is
        # atomic, so each document is taken by exactly one of the two processes.
        os.write(queue[1], bytes(range(len(documents))))
        child = os.fork()
    except OSError:  # no pipe or no process to spare (a limit on processes, too little memory): alone
        for descriptor in opened:
            os.close(descriptor)
        return Kit(kit_name(profile, maker.session2_only), make_documents(profile, maker))
    os.close(queue[1])
    if child == 0:
        os.close(results[0])
        _make_in_child(profile, maker, _taker(queue[0], documents, parent), results[1])
    os.close(results[1])
    try:
        try:
            files = make_documents(profile, maker, only=_taker(queue[0], documents))
        finally:
            os.close(queue[0])
        with os.fdopen(results[0], "rb") as reader:
            outcome = reader.read()
        _, status = os.waitpid(child, 0)
    except BaseException:
        with contextlib.suppress(OSError):  # it may have ended and been reaped already
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        raise
    kind, made = pickle.loads(outcome) if status == 0 and outcome else ("lost", {})
    if kind == "error":
        raise UserError(made)
    files.update(made)
    missing = {d.file for d in documents} - files.keys()
    if missing:  # the copy stopped without its documents: make them here
        files.update(make_documents(profile, maker, only=lambda document: document.file in missing))
    return Kit(kit_name(profile, maker.session2_only), {document.file: files[document.file] for document in documents})


def usable_cores() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _taker(queue: int, documents: tuple[Document, ...], parent: int | None = None) -> Callable[[Document], bool]:
    """For `make_documents(only=...)`: true for each document this process takes from the queue.

    Both processes go through the list in order and the queue hands out its places in order, so a
    process meets each place it took on its way through the list. The copy (`parent` given) stops
    before its next document once the process that forked it is gone: nobody would read its work.
    """
    places = {id(document): place for place, document in enumerate(documents)}
    taken: list[int] = []

    def take(document: Document) -> bool:
        place = places[id(document)]
        if not taken or taken[-1] < place:
            if parent is not None and os.getppid() != parent:
                os._exit(1)
            byte = os.read(queue, 1)
            taken.append(byte[0] if byte else len(documents))
        return taken[-1] == place

    return take


def _make_in_child(profile: Profile, maker: Maker, only: Callable[[Document], bool], results: int) -> None:
    """The forked copy: its documents, or the user's message, pickled to `results`; it never returns."""
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        try:
            outcome = ("files", make_documents(profile, maker, only=only))
        except UserError as exc:
            outcome = ("error", str(exc))
        with os.fdopen(results, "wb") as writer:
            writer.write(pickle.dumps(outcome))
        status = 0
    finally:
        os._exit(status)  # no exit handlers, no flushing of the parent's buffers
