"""Text from outside the program: what a PDF says (form fields, document information, strings on a
page), before it goes into one of our files or onto the user's terminal.

Such text may hold anything a file can: control characters that a calendar or a spreadsheet forbids
(NUL, BEL, ESC, DEL), escape sequences that recolour or clear a terminal or set its window title,
direction overrides that show a line in another order than it reads, and an accent with no letter to
sit on. `cleaned` makes it fit to write into a file; `for_terminal` shows what it holds without
letting it act.
"""

import unicodedata

# Characters that reorder what a terminal shows: embeddings, overrides and isolates (Unicode bidi).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def cleaned(text: str) -> str:
    """NFC, without control characters (C0, DEL, C1), each run of white space one space, no space at the ends.

    A line break becomes a space: a cell of a form is one text, and every file we write it into (a CSV
    cell, a calendar line) has its own way of breaking it.
    """
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return "".join(char for char in text if unicodedata.category(char) != "Cc").strip()


def for_terminal(text: str) -> str:
    """`text` with every control character but the line break, and every direction control, shown by its
    code ([U+001B]), so that a terminal prints it instead of obeying it."""
    return "".join(
        f"[U+{ord(char):04X}]"
        if (char != "\n" and unicodedata.category(char) == "Cc") or char in _BIDI_CONTROLS
        else char
        for char in text
    )


def starts_invisibly(text: str) -> int:
    """How many characters at the start of `text` a reader does not see (control and format characters:
    NUL, a zero-width space, a byte-order mark), which a spreadsheet may pass over to what follows."""
    count = 0
    while count < len(text) and unicodedata.category(text[count]) in ("Cc", "Cf"):
        count += 1
    return count
