"""What the documents of one kit share: worked out once per kit in the making, not once per document.

Kept in a context variable, so that kits made at the same time in different threads (the web app)
never draw the same laid-out paragraphs at once, and never share what depends on one profile's words.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_KIT: ContextVar[dict | None] = ContextVar("kit_in_the_making", default=None)


@contextmanager
def one_kit() -> Iterator[None]:
    """While the block runs, the documents made share what `shared` keeps."""
    token = _KIT.set({})
    try:
        yield
    finally:
        _KIT.reset(token)


def shared(key: Hashable, make: Callable[[], T]) -> T:
    """What `make` returns, made once per kit in the making; made afresh for a document made on its own."""
    kept = _KIT.get()
    if kept is None:
        return make()
    if key not in kept:
        kept[key] = make()
    return kept[key]
