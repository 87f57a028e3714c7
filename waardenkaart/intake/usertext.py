"""What of a user's text shows on paper: one rule for the profile's fields, the schools table and Tabel 1.

Invisible characters (soft hyphens, joiners, direction marks, variation selectors, the combining
grapheme joiner) print nothing, so they are dropped. A combining mark (an accent typed on its own)
belongs on the letter before it; with none there (at the start, after a space, after a dropped
character) ReportLab measures it as a word of no width yet draws it with a space before it, and the
line runs past the margin. Such a mark is refused, by its look and its Dutch name. A text with
nothing visible in it is refused too: it would print as nothing, or as a loose accent.
"""

import unicodedata

# Unicode's default-ignorable code points (DerivedCoreProperties.txt): nothing to print, ever.
_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_MARKS = ("Mn", "Mc", "Me")
_DOTTED_CIRCLE = "\u25cc"  # how a mark is shown on its own: on a dotted circle, as in a character table
# The marks a Dutch reader can name; any other is "het accentteken".
MARK_NAMES = {
    "\u0300": "het accent grave",
    "\u0301": "het accent aigu",
    "\u0302": "het accent circonflexe",
    "\u0303": "de tilde",
    "\u0304": "het streepje boven de letter",
    "\u0306": "het boogje boven de letter",
    "\u0307": "de punt boven de letter",
    "\u0308": "het trema",
    "\u030a": "het rondje boven de letter",
    "\u030b": "het dubbele accent aigu",
    "\u030c": "het dakje (hatsjek)",
    "\u0323": "de punt onder de letter",
    "\u0327": "de cedille",
    "\u0328": "het haakje onder de letter (ogonek)",
    "\u0331": "het streepje onder de letter",
    "\u0335": "het streepje door de letter",
    "\u0336": "de streep door de letter",
    "\u0338": "de schuine streep door de letter",
}
INVISIBLE_EXAMPLES = "zoals een zachte afbreekstreep of een verbindingsteken"


def invisible(char: str) -> bool:
    """A format character or a default-ignorable one: it has no look, so it is left off the paper."""
    code = ord(char)
    return unicodedata.category(char) == "Cf" or any(low <= code <= high for low, high in _IGNORABLE)


def visible(text: str) -> str:
    """`text` as it is printed: composed (NFC), without invisible characters, with single spaces."""
    return " ".join("".join(char for char in unicodedata.normalize("NFC", text) if not invisible(char)).split())


def shown_mark(char: str) -> str:
    """A combining mark as a reader can see it, with its name: het accent aigu ‘◌́’."""
    return f"{MARK_NAMES.get(char, 'het accentteken')} ‘{_DOTTED_CIRCLE}{char}’"


def loose_mark(text: str) -> str | None:
    """The first combining mark in `text` with no letter or digit to sit on, said in Dutch; None when there is none.

    A mark may follow another mark (ǘ typed as u, trema, accent): its letter is the one before them all. A mark
    on a sign is refused too: on *, the emphasis of the future sentence, it would be left on its own.
    """
    before = "aan het begin"  # where the next mark would stand, when not on a letter
    for char in unicodedata.normalize("NFC", text):
        if invisible(char):
            before = f"na een onzichtbaar teken ({INVISIBLE_EXAMPLES})"
        elif unicodedata.category(char) in _MARKS:
            if before:
                return (
                    f"{shown_mark(char)} staat los {before}, zonder letter ervoor. Typ het direct achter zijn "
                    "letter (é, ë, ç) of laat het weg."
                )
        elif char.isspace():
            before = "na een spatie"
        else:
            before = "" if unicodedata.category(char)[0] in "LN" else f"na ‘{char}’"
    return None


def text_problem(text: str) -> str | None:
    """Why `text` cannot be printed as given, in Dutch, or None. Blank text is no problem: it is empty."""
    loose = loose_mark(text)
    if loose:
        return loose
    if text.strip() and not visible(text):
        return (
            f"er staat geen zichtbare letter in, alleen onzichtbare tekens ({INVISIBLE_EXAMPLES}). "
            "Typ de tekst opnieuw of laat hem weg."
        )
    return None
