"""pyphen's hyphenation patterns, read in a fraction of pyphen's own time.

pyphen parses its 16,000 Dutch patterns on first use, about 60 ms of every start of the program.
Here they are read in one pass per line (half the time) and kept, once read, in the user's cache
folder (~/.cache/waardenkaart/, free to delete) as marshal data, which loads in a few milliseconds.
The result is pyphen's own dictionary, put in pyphen's cache, which every later
`pyphen.Pyphen(lang=...)` (ReportLab's or our own hyphenator) then uses.
"""

import marshal
import os
import re
import sys
import tempfile
from pathlib import Path

import pyphen

_DIGITS = frozenset("0123456789")
_NO_DIGITS = str.maketrans("", "", "0123456789")
_UNUSUAL = re.compile(r"[/\s]|\^\^|\d\d")


def load(language: str) -> None:
    """Put the patterns of `language` in pyphen's cache, unless they are there or the file is unusual."""
    known = pyphen.language_fallback(language)
    path = pyphen.LANGUAGES.get(known)
    if path is None or path in pyphen.hdcache:
        return
    patterns = cached_patterns(path)
    if patterns is None:
        return  # alternatives or escapes: pyphen reads the file itself
    dictionary = pyphen.HyphDict.__new__(pyphen.HyphDict)
    dictionary.patterns, dictionary.cache = patterns, {}
    dictionary.maxlen = max(len(key) for key in patterns)
    pyphen.hdcache[path] = dictionary


def cache_file(path: Path) -> Path:
    """Where the patterns of `path` are kept: named after the file's size and time, and this Python."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "waardenkaart"
    stat = path.stat()
    python = "".join(map(str, sys.version_info[:2]))
    return folder / f"{path.stem}-{stat.st_size}-{stat.st_mtime_ns}-py{python}.marshal"


def cached_patterns(path: Path) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    """The patterns from the cache folder, or read and put there; the cache is only ever a shortcut."""
    try:
        kept = cache_file(path)
    except OSError:
        return read_patterns(path)
    try:
        patterns = marshal.loads(kept.read_bytes())
        if isinstance(patterns, dict) and patterns:
            return patterns
    except (OSError, EOFError, ValueError, TypeError):
        pass
    patterns = read_patterns(path)
    if patterns is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=kept.parent, prefix=".", delete=False) as handle:
                handle.write(marshal.dumps(patterns))
            os.replace(handle.name, kept)  # whole or not at all, also with two processes at once
        except OSError:
            pass  # a read-only home: read the patterns again next time
    return patterns


def read_patterns(path) -> dict[str, tuple[int, tuple[int, ...]]] | None:
    """Pattern letters → (offset of the first non-zero value, the values from there to the last).

    None for a file with what only pyphen reads: alternatives, escapes, two digits in a row, spaces.
    """
    with path.open("rb") as handle:
        encoding = handle.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    patterns = {}
    for line in path.read_text(encoding).split("\n")[1:]:
        line = line.strip()
        if not line or line.startswith(pyphen.ignored):
            continue
        if _UNUSUAL.search(line):
            return None
        letters = line.translate(_NO_DIGITS)
        if len(letters) == len(line):
            continue  # no digit: no break point
        values = [0] * (len(letters) + 1)
        digits = 0
        for index, char in enumerate(line):
            if char in _DIGITS:
                values[index - digits] = int(char)
                digits += 1
        start, end = 0, len(values)
        while start < end and not values[start]:
            start += 1
        if start == end:
            continue  # only zeros
        while not values[end - 1]:
            end -= 1
        patterns[letters] = start, tuple(values[start:end])
    return patterns
