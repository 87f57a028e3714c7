"""The handbook's own words, checked both ways and exactly.

1. Every sentence of the handbook's session, programme and appendix texts is printed in the kit of a
   profile with values, or content/afwijkingen.toml lists it (as changed or dropped) with the reason.
2. Every sentence of content/ is the handbook's, or the `kit` text of a listed deviation, or marked
   `ours` in the data.
3. Every handbook sentence a content file held when tests/references/handboekzinnen.json was made is
   still in that file: deleting one names the file.

The comparison is exact: quote marks, dots and case count. Only these are normalised: whitespace (line
breaks, no-break spaces), a word hyphenated at the end of a printed line, the markers of a list at the start
of a line ("•", "1.", "a)", the handbook's "ll"), markup, and the merge fields: a handbook blank ("20__", a
dotted line, "[naam school]") stands for the profile's value, and so does a content field ({{ school }}).

The handbook text lies beside the clone in ../shared/seed/ (CI has it there); WAARDENKAART_HANDBOEK may
point elsewhere. Without it these tests are skipped, with that reason in the summary.
"""

import html
import io
import json
import os
import re
import shutil
import tomllib
from functools import cache
from pathlib import Path

import pytest
from conftest import kit_for
from openpyxl import load_workbook
from pdfcheck import lines, page_text, pages, squash

from waardenkaart.intake.content import default_content
from waardenkaart.intake.resources import data_dir

PAGE_MARKS = re.compile(r"Draaiboek sessie \d+ · .*|\d+ / \d+")  # a run-sheet's page furniture
HANDBOOK_NAME = "handleiding-waarden-werken-voor-welbevinden.txt"
REPO = Path(__file__).resolve().parents[1]
CONTENT = data_dir("content")
SENTENCE_MAP = Path(__file__).parent / "references" / "handboekzinnen.json"
DEVIATIONS = "afwijkingen.toml"
# Files that hold no text a reader reads: the deviations themselves, and where words may be hyphenated.
NOT_TEXT = {DEVIATIONS, "afbreken.toml"}
# Keys whose values name things (card kinds, block types, quantity rules, card ids, babel patterns).
IDENTIFIERS = {"kind", "type", "per", "key", "repeat", "requires", "each", "side", "follow_up", "card", "maker"}

# The profile whose kit is read back, and the value each merge field takes in it.
PROFILE = {
    "school": "de Regenboog",
    "directeur": "Anna de Vries",
    "jaar": 2028,
    "team": 20,
    "waarden": ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid"],
    "waarden_ouders": ["rust", "humor", "moed", "zorg", "trots", "geduld", "eerlijk", "open", "vrij", "sterk"],
}
VALUES = {
    "school": "de Regenboog",
    "directeur": "Anna de Vries",
    "jaar": "2028",
    "krant": "de Volkskrant",
    "aantal_waarden": "5",
    "aantal": "5",
    "aantal_woord": "vijf",
    "aantal_ouderwaarden": "10",
    "waarde": "veiligheid",
}
# Fields whose value is a number the kit computes: the overview cards' minutes.
NUMBERS = {"minutes", "minutes_per_group", "session"}

# The handbook's texts that the kit prints: between these lines (first and last, as they begin), both
# included. The introduction before "Randvoorwaarden" is about the handbook itself, not part of a session.
SCOPE = [
    ("Om het actieonderzoek optimaal", "als het VO ingezet worden."),  # Randvoorwaarden
    ("Sessie 1\nFlip-overs", "klokjes of \ntimers."),  # Benodigdheden
    ("voordat je start de deelnemerskaartjes", "procesleiderkaartjes van tevoren"),  # Hoe gebruik je deze handleiding
    ("Welkom en inleiding (10 min.)", "vervolgens meteen een actiepunt aan."),  # sessie 1 and 2, to Ja, en
    ("Pitchen van acties\n", "en leerlingenraad vragen."),  # sessie 2 from the pitch to the end
    ("Tabel 1. \n", "heeft elk \nteamlid een actiepunt."),  # Tabel 1's introduction; its heads: TABLES
    ("Tabel 2. \n", "is zijn/haar rol in het proces?"),  # Tabel 2
    (" BIJLAGEN \n", None),  # the cards, to the end
]
# Lines in the scope that are page furniture, not text: page numbers and running heads.
FURNITURE = re.compile(r"(?m)^\s*(?:\d{1,2}|SESSIE [12]|Vervolg SESSIE 2\s*(?:››)?|BIJLAGEN|Sessie [12])\s*$")
# The handbook's tables, whose cells its text runs together on a line: cell by cell, as printed.
TABLES = [
    # Programmaoverzicht, sessie 1 and 2
    "Onderdeel", "Wie", "Tijd",
    "1. Welkom en inleiding", "Procesbegeleider(s)", "10 min",
    "2. Stap 1: ontdekken", "Deel 1: interviews", "Deel 2: bespreken quotes",
    "Uitleg door procesbegeleider(s)", "Deelnemers", "Procesbegeleider(s) bevragen deelnemers",
    "5 min", "15 min", "15 min",
    "3. Pauze", "Iedereen", "15 min",
    "4. Stap 2: dromen", "Deel 1: de droom", "Deel 2: presentaties",
    "Uitleg door procesbegeleider(s)", "Deelnemers", "Deelnemers", "5 min", "30 min", "2 min per groepje",
    "5. Resultaat en afsluiting sessie 1", "Formuleren top 5 waarden.",
    "De waarden worden verwerkt in een toekomstperspectief over welbevinden op school",
    "Procesbegeleider(s) bevragen Deelnemers", "Directie/MT", "20 min", "Tussen bijeenkomst 1 en 2",
    "Totaal 120 minuten",
    "1. Terugkoppeling sessie 1 en inleiding sessie 2", "Procesbegeleider(s)", "10 min",
    "2. Stap 3: organiseren", "Deel 1: actiepunten formuleren", "Pauze", "Deel 2: pitchen van acties",
    "Uitleg door procesbegeleider(s)", "Deelnemers", "Iedereen",
    "Deelnemers pitchen en procesbegeleider(s) vragen door en noteren in schema",
    "10 min", "30 min", "15 min", "30 min",
    "3. Stap 4: opleveren", "Procesbegeleider(s)/Directie/MT", "10 min",
    "4. Evaluatie en afsluiting", "Procesbegeleider(s)", "10 min",
    "Totaal 120 minuten",
    # Tabel 1's column heads
    "Actiepunt", "Wie", "Wanneer ga je dat doen?", "Wie vertel je het zodra je het hebt gedaan?",
    "Wat ga je MORGEN al doen?", "Wanneer komen we er op terug?",
]  # fmt: skip
# A line of the handbook that is a heading: it ends a sentence though it has no full stop. Found by its
# shape: a short line without closing punctuation, after which a new line starts with a capital.
HEADING_LINE = 52


def handbook_path() -> Path:
    given = os.environ.get("WAARDENKAART_HANDBOEK")
    if given:
        return Path(given)
    beside = [folder / "shared" / "seed" / HANDBOOK_NAME for folder in (REPO.parent, REPO.parent.parent)]
    return next((path for path in beside if path.is_file()), beside[0])  # a clone, or a worktree beside it


@cache
def raw_handbook() -> str:
    path = handbook_path()
    if not path.is_file():
        pytest.skip(f"de tekst van het handboek ontbreekt ({path}); zet WAARDENKAART_HANDBOEK op het bestand")
    text = path.read_text(encoding="utf-8")
    # A line that ends in "/" or ")" without a space runs on into the next: "ouders/" "verzorgers".
    return re.sub(r"(?<=[/)])\n\s*(?=[a-z])(?![a-z][.)]\s)", "", text)


# --- normalising -----------------------------------------------------------------------------------------

HYPHEN = "\u00ac"  # a hyphen at the end of a printed line: a word's hyphenation, or a hyphen that stays
LIST_MARK = re.compile(r"(?m)^[ \t]*(?:ll|•|\d{1,2}[.)]|[a-z][.)])[ \t]+")
DOTS = "[.…]"


def fill_blanks(text: str) -> str:
    """The handbook's blanks as the profile's values: "20__" the year, a dotted line or "[naam school]"
    the school's name, "[..naam van de directeur..]" the director's. A dotted line that ends a sentence
    ("op .......... In het artikel") ends it with a full stop once filled in."""
    text = re.sub(r"20__(?:\s*\[noem jaartal over 2 jaar\])?", VALUES["jaar"], text)

    def blank(match: re.Match) -> str:
        found = match.group(0)
        value = VALUES["directeur"] if "directeur" in found else VALUES["school"]
        return value + (". " if match.group("next") else " ")

    piece = rf"(?:{DOTS}+|\[[^\]\n]*\]|<naam van de school>|naam\s+school)"
    return re.sub(
        rf"(?<!\S){piece}(?:\s*{piece})*\s*(?=(?P<next>[A-Z])?)",
        lambda m: blank(m) if re.search(r"naam|\.{5}|…{2}|\.\.\s*\[", m.group(0)) else m.group(0),
        text,
    )


def flatten(text: str) -> str:
    """Whitespace as one space; a hyphen at a line's end marked; list markers at a line's start gone."""
    text = LIST_MARK.sub("", text)
    text = re.sub(r"-[ \t]*\n\s*(?=(?:en|of)\s)", "- ", text)  # "ouder- en leerlingenraad" across a line
    text = re.sub(r"-[ \t]*\n\s*", HYPHEN, text)
    return " ".join(text.split())


def markup_free(text: str) -> str:
    """Paragraph markup and the poster's *emphasis* marks gone, a <br/> a line break."""
    text = re.sub(r"\*([^*\s](?:[^*]*[^*\s])?)\*", r"\1", text)
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def matcher(piece: str) -> re.Pattern:
    """A piece of text as a pattern: exact, but a word may be hyphenated at a line's end. It stands on its
    own: no letter or dot runs on before or after it ("waarde …" is not "waarde…." and "min" not "min.")."""
    parts = [r"(?<![\w.…" + HYPHEN + "])"]
    for char in piece:
        if char == HYPHEN:  # the handbook's own hyphen at a line's end: hyphenation or a hyphen
            parts.append(f"[-{HYPHEN}]?")
        elif char == "-":
            parts.append(f"[-{HYPHEN}]")
        elif char.isalpha():
            parts.append(re.escape(char) + f"{HYPHEN}?")
        else:
            parts.append(re.escape(char))
    # a full stop may follow a word (the piece was a clause of a sentence), but never extend a run of dots
    parts.append(r"(?![\w…" + HYPHEN + "])" + (r"(?!\.)" if piece[-1:] in ".…" else ""))
    return re.compile("".join(parts))


def split_pieces(text: str) -> list[str]:
    """The sentences and clauses of a flattened text: split after . ? ! : and …"""
    pieces = re.split(r"(?<=[.?!:…])\s+|(?<=[.?!:…][”’])\s+", text)
    return [piece.strip() for piece in pieces if re.search(r"[^\W\d_]", piece)]


# --- the handbook -------------------------------------------------------------------------------------------


def scope_texts() -> list[str]:
    """The handbook's texts in scope, each as its paragraphs (split at blank lines and after headings)."""
    raw = raw_handbook()
    found = []
    for first, last in SCOPE:
        start = raw.index(first)
        end = raw.index(last, start) + len(last) if last else len(raw)
        found.append(raw[start:end])
    return found


def paragraphs(text: str) -> list[str]:
    text = LIST_MARK.sub("", FURNITURE.sub("", text))
    result, current = [], []
    lines_ = text.split("\n")
    for index, line in enumerate(lines_):
        if not line.strip():
            result.append("\n".join(current))
            current = []
            continue
        current.append(line)
        stripped = line.strip()
        following = lines_[index + 1].strip() if index + 1 < len(lines_) else ""
        heading = (stripped.endswith(")") and re.match(r"[A-Z]", following or "x")) or (
            len(stripped) < HEADING_LINE
            and not re.search(r"[.,;:?!…\-]$|[“‘(]$", stripped)
            and re.match(r"[A-Z“‘\d]", following or "x") is not None
            and not re.search(r"\b(?:de|het|een|op|van|en|met|naar|in|is|dat|die|je)$", stripped)
        )
        if heading:
            result.append("\n".join(current))
            current = []
    result.append("\n".join(current))
    return [paragraph for paragraph in result if paragraph.strip()]


@cache
def handbook_pieces() -> tuple[str, ...]:
    """Every sentence of the handbook's texts in scope, blanks filled in, flattened."""
    found = []
    for text in scope_texts():
        for paragraph in paragraphs(text):
            found += split_pieces(flatten(fill_blanks(paragraph)))
    found += [flatten(fill_blanks(cell)) for cell in TABLES if flatten(LIST_MARK.sub("", cell))]
    return tuple(found)


@cache
def handbook_stream() -> str:
    """The whole handbook as one line, blanks filled in: where a sentence of content/ is looked up."""
    return flatten(fill_blanks(FURNITURE.sub("", raw_handbook())))


# --- content/ -----------------------------------------------------------------------------------------------


def variants(template: str) -> list[str]:
    """Every text a template can print: each branch of an {% if %} apart."""
    match = re.search(r"\{%-?\s*if\b.*?%\}(.*?)(?:\{%-?\s*else\s*-?%\}(.*?))?\{%-?\s*endif\s*-?%\}", template, re.S)
    if match:
        before, after = template[: match.start()], template[match.end() :]
        branches = [match.group(1), match.group(2) or ""]
        return [text for branch in branches for text in variants(before + branch + after)]
    return [template]


NUMBER_MARK = "\ue000"
TITLE_MARK = "\ue001"


@cache
def part_titles() -> str:
    """The programme's part names, as a pattern: what {{ title }} in the overview's line format stands for."""
    data = tomllib.loads((CONTENT / "programma.toml").read_text(encoding="utf-8"))
    names = set()

    def walk(parts):
        for part in parts:
            names.update(part[key] for key in ("title", "card_title") if key in part)
            walk(part.get("part", []))

    for session in data["session"]:
        walk(session["part"])
    return "(?:" + "|".join(matcher(name).pattern for name in sorted(names, key=len, reverse=True)) + ")"


def filled(template: str, where: str) -> str:
    """A template with the profile's values in its merge fields (a computed number as NUMBER_MARK)."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name in NUMBERS:
            return NUMBER_MARK
        if name == "title":
            return TITLE_MARK
        if name not in VALUES:
            raise AssertionError(f"{where}: onbekend veld {{{{ {name} }}}} in een tekst van het handboek")
        return VALUES[name]

    return re.sub(r"\{\{\s*(\w+)\s*\}\}", value, template)


def content_pieces(template: str, where: str) -> list[tuple[str, str]]:
    """(piece, as written) for each sentence of a content text, in each of its variants."""
    found = []
    for text in variants(template):
        for line in markup_free(filled(text, where)).split("\n"):
            for piece in split_pieces(flatten(line)):
                found.append((piece, piece.replace(NUMBER_MARK, "{{…}}").replace(TITLE_MARK, "{{ title }}")))
    return found


def piece_pattern(piece: str) -> re.Pattern:
    pattern = matcher(piece).pattern.replace(re.escape(NUMBER_MARK), r"\d+")
    return re.compile(pattern.replace(re.escape(TITLE_MARK), part_titles()))


def texts(data, where: str):
    """(field, text) for every text in a content file's data that is not marked as the kit's own."""
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, list):
        for index, item in enumerate(data, 1):
            yield from texts(item, f"{where}[{index}]")
    elif isinstance(data, dict):
        ours = data.get("ours", False)
        if ours is True:
            return
        for key, value in data.items():
            if key == "ours" or key in IDENTIFIERS or key in (ours or ()):
                continue
            yield from texts(value, f"{where}.{key}" if where else key)


def content_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.toml") if path.name not in NOT_TEXT)


def relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def deviations(folder: Path = CONTENT) -> list[dict]:
    return tomllib.loads((folder / DEVIATIONS).read_text(encoding="utf-8"))["afwijking"]


def deviation_kit_pieces(folder: Path) -> set[str]:
    return {
        piece
        for item in deviations(folder)
        for piece, _ in content_pieces(item["kit"], f"content/{DEVIATIONS}: kit")
    }


def deviation_originals(folder: Path) -> str:
    """The handbook's texts that the deviations list, blanks filled in, as one line to look pieces up in."""
    return " \n ".join(flatten(fill_blanks(item["handboek"])) for item in deviations(folder))


def file_stream(path: Path) -> str:
    """The handbook texts of one content file, merged with the profile's values, as one line."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    parts = []
    for field, template in texts(data, ""):
        for text in variants(template):
            parts.append(flatten(markup_free(filled(text, f"{path.name}: {field}"))))
    return " ".join(parts)


def unlisted_sentences(folder: Path) -> list[str]:
    """Every sentence of content/ that is neither the handbook's nor a listed deviation's nor marked ours."""
    handbook, allowed = handbook_stream(), deviation_kit_pieces(folder)
    problems = []
    for path in content_files(folder):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for field, template in texts(data, ""):
            for piece, written in content_pieces(template, f"content/{relative(path, folder)}: {field}"):
                if piece not in allowed and not piece_pattern(piece).search(handbook):
                    problems.append(f"content/{relative(path, folder)}: {field}: {written!r}")
    return problems


def sentences_by_file(folder: Path) -> dict[str, list[str]]:
    """For each content file, the handbook's sentences in it."""
    found = {}
    for path in content_files(folder):
        stream = file_stream(path)
        held = [piece for piece in handbook_pieces() if matcher(piece).search(stream)]
        if held:
            found[relative(path, folder)] = sorted(set(held))
    return found


def lost_sentences(folder: Path) -> list[str]:
    """Every handbook sentence that a content file held (by the map in tests/references) and lost."""
    recorded = json.loads(SENTENCE_MAP.read_text(encoding="utf-8"))
    problems = []
    for name, held in recorded.items():
        path = folder / name
        stream = file_stream(path) if path.is_file() else ""
        lost = [piece for piece in held if not matcher(piece).search(stream)]
        problems += [f"content/{name}: de zin van het handboek ontbreekt: {piece!r}" for piece in lost]
    return problems


# --- the kit ------------------------------------------------------------------------------------------------


def kit_stream(kit) -> str:
    """All text the kit prints, page by page and line by line, flattened."""
    parts = []
    for name, data in kit.files.items():
        if name.endswith(".pdf"):  # a run-sheet's running header and page number may stand inside a sentence
            parts += ["\n".join(line for line in lines(page) if not PAGE_MARKS.fullmatch(line)) for page in pages(data)]
        elif name.endswith(".xlsx"):  # Tabel 1 and 2 as a spreadsheet: its cells, row by row
            book = load_workbook(io.BytesIO(data))
            parts += [
                " ".join(str(cell) for cell in row if cell is not None)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
            ]
        else:
            parts.append(data.decode("utf-8-sig"))
    return flatten("\n".join(parts))


def unprinted_sentences(kit) -> list[str]:
    printed, listed = kit_stream(kit), deviation_originals(CONTENT)
    return [
        piece
        for piece in dict.fromkeys(handbook_pieces())
        if not matcher(piece).search(printed) and not matcher(piece).search(listed)
    ]


# --- the tests ----------------------------------------------------------------------------------------------


def test_every_sentence_of_the_handbook_is_printed_or_listed():
    missing = unprinted_sentences(kit_for(PROFILE))
    assert not missing, "niet gedrukt in de kit en niet in content/afwijkingen.toml:\n" + "\n".join(map(repr, missing))


def test_every_sentence_of_the_content_is_the_handbooks_or_a_listed_deviation_or_marked_ours():
    problems = unlisted_sentences(CONTENT)
    assert not problems, "niet in het handboek, niet in afwijkingen.toml en niet als eigen tekst gemarkeerd:\n" + (
        "\n".join(problems)
    )


def test_every_content_file_still_holds_the_handbook_sentences_it_held(regenerate):
    if regenerate:
        found = sentences_by_file(CONTENT)
        SENTENCE_MAP.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    problems = lost_sentences(CONTENT)
    assert not problems, "\n".join(problems)


def test_the_sentence_map_covers_every_file_with_handbook_text():
    recorded = json.loads(SENTENCE_MAP.read_text(encoding="utf-8"))
    assert set(recorded) == set(sentences_by_file(CONTENT)), "pytest --regenerate-references maakt de lijst opnieuw"


def mutable_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def file_texts(path: Path) -> list[str]:
    return [template for _, template in texts(tomllib.loads(path.read_text(encoding="utf-8")), "")]


MAPPED = sorted(json.loads(SENTENCE_MAP.read_text(encoding="utf-8"))) if SENTENCE_MAP.is_file() else []


@pytest.mark.parametrize("name", MAPPED)
def test_deleting_a_sentence_from_a_content_file_fails_naming_the_file(tmp_path, name):
    folder = mutable_copy(tmp_path)
    path = folder / name
    raw = path.read_text(encoding="utf-8")
    held = json.loads(SENTENCE_MAP.read_text(encoding="utf-8"))[name]
    # the last sentence of the handbook's that the file writes out literally (no field, no markup in it)
    sentence = next(
        s
        for text in reversed(file_texts(path))
        for s in reversed(re.split(r"(?<=[.?!])\s+", text))
        if "{" not in s and "<" not in s and s in raw and any(p in flatten(s) or flatten(s) in p for p in held)
    )
    path.write_text(outside_comments(raw, sentence, ""), encoding="utf-8")
    problems = lost_sentences(folder) + unlisted_sentences(folder)
    assert any(problem.startswith(f"content/{name}:") for problem in problems), (sentence, problems)


def outside_comments(raw: str, old: str, new: str) -> str:
    """The TOML text with the first `old` in a line that is no comment replaced."""
    lines_ = raw.split("\n")
    index = next(i for i, line in enumerate(lines_) if old in line and not line.lstrip().startswith("#"))
    lines_[index] = lines_[index].replace(old, new, 1)
    return "\n".join(lines_)


QUOTED = [
    name
    for name in MAPPED
    if any("“" in text for text in file_texts(CONTENT / name))
]


@pytest.mark.parametrize("name", QUOTED)
def test_changing_a_quote_mark_in_a_content_file_fails_naming_the_file(tmp_path, name):
    folder = mutable_copy(tmp_path)
    path = folder / name
    raw = path.read_text(encoding="utf-8")
    text = next(text for text in file_texts(path) if "“" in text and text in raw)
    path.write_text(outside_comments(raw, text, text.replace("“", "‘", 1)), encoding="utf-8")
    problems = unlisted_sentences(folder) + lost_sentences(folder)
    assert any(problem.startswith(f"content/{name}:") for problem in problems), problems


def test_the_comparison_is_exact_but_for_whitespace_hyphenation_and_fields():
    stream = handbook_stream()
    assert matcher("Je hebt per persoon 3 minuten de tijd.").search(stream)
    assert not matcher("Je hebt per persoon 3 minuten de tijd!").search(stream)
    assert not matcher("je hebt per persoon 3 minuten de tijd.").search(stream)
    assert matcher("“Voor welke waarde loop je nou het meest warm?”.").search(stream)
    assert not matcher("‘Voor welke waarde loop je nou het meest warm?’.").search(stream)
    assert matcher("vervuld….hoe").search(stream) and not matcher("vervuld… hoe").search(stream)
    # a word hyphenated at a printed line's end, on either side
    assert matcher("markeringspunt/omslagpunt").search(stream)
    assert matcher("Welbevin\u00acden").pattern and matcher("post-its").search(flatten("post-\nits"))
    # merge fields are the profile's values, nothing else
    sentence = "Uit citaten van personeel, ouders en leerlingen wordt duidelijk dat de schoolsfeer op {{ school }} optimaal is."
    school = content_pieces(sentence, "test")[0][0]
    assert piece_pattern(school).search(stream)
    other = school.replace(VALUES["school"], "de Zonnebloem")
    assert not piece_pattern(other).search(stream)


def test_every_listed_original_occurs_in_the_handbook_and_every_deviation_says_why():
    stream = handbook_stream()
    for item in deviations():
        assert set(item) == {"handboek", "kit", "reden"}, item
        assert item["reden"].strip(), item
        for line in item["handboek"].split("\n"):
            for piece in split_pieces(flatten(fill_blanks(line))):
                assert matcher(piece).search(stream), (item["handboek"], piece)


def test_the_deviations_file_is_read_and_checked_with_the_content():
    loaded = default_content().deviations
    assert len(loaded) == len(deviations()) and all(item.reason for item in loaded)


def test_the_neutral_kit_prints_the_handbooks_blank_year():
    kit = kit_for()
    text = kit_stream(kit)
    assert "Stel, het is 20__ en jullie komen ’s ochtends op school." in text
    assert "alsof het nu 20__ is." in text
    assert "“Hoe ziet de schoolsfeer op " in text and " er in 20__ uit?”" in text
    # no year anywhere, but in the example of how to give a date ("--sessie1 \"2027-01-12 15:00\"")
    assert not re.search(r"\b20[2-9]\d\b(?!-)", text.replace("20__", "")), "een jaartal in een kit zonder jaar"
    runsheet = flatten("\n".join("\n".join(lines(page)) for page in pages(kit.files["draaiboek-sessie1-A4.pdf"])))
    assert "het jaartal dat op dit moment 2 jaar in de toekomst ligt. (Daar staat steeds “20__”)." in runsheet
    assert "het jaartal dat op dit moment" not in kit_stream(kit_for(PROFILE))


SIX = ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid", "plezier"]


def test_a_kit_with_six_values_never_says_top_5_or_five():
    kit = kit_for({"school": "de Regenboog", "waarden": SIX, "waarden_ouders": SIX, "team": 20})
    for name, data in kit.files.items():
        if name.endswith(".pdf"):
            text = squash(" ".join(page_text(page) for page in pages(data))).casefold()
        elif name.endswith(".xlsx"):
            book = load_workbook(io.BytesIO(data))
            cells = (cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row)
            text = squash(" ".join(str(cell) for cell in cells if cell)).casefold()
        else:
            text = squash(data.decode("utf-8-sig")).casefold()
        text = text.replace("top5oftop6", "")  # the handbook's "een definitieve top 5 of top 6" holds for six
        assert "top5" not in text and "vijf" not in text, name
        assert "top6" in text or name not in ("draaiboek-sessie1-A4.pdf", "tabellen-sessie2-A4.pdf"), name


def test_the_future_poster_prints_marked_words_emphasised_without_the_marks():
    sentence = "In 2028 is R&D <b>College</b> een school waar iedereen zich *veilig* voelt en we elkaar _respecteren_."
    kit = kit_for({"waarden": SIX[:5], "toekomstperspectief": sentence})
    page = pages(kit.files["poster-toekomstperspectief-A3.pdf"])[0]
    text = page_text(page)
    assert "*" not in text and "_" not in text
    assert squash("In 2028 is R&D <b>College</b> een school waar iedereen zich veilig voelt") in squash(text)
    bold = [run.text.strip() for run in page.runs if run.font.endswith("Bold")]
    assert "veilig" in bold and "respecteren" in bold
    assert not any("College" in run or "iedereen" in run for run in bold)
    lines_ = [paint for paint in page.paints if paint.stroke and paint.box[3] - paint.box[1] < 2]
    for word in ("veilig", "respecteren"):
        run = next(run for run in page.runs if run.text.strip() == word)
        assert any(line.box[0] <= run.x0 + 1 and line.box[2] >= run.x1 - 1 for line in lines_), word
