"""The handbook's own words: every sentence of content/ is found in the handbook text, unless
content/afwijkingen.toml lists it as a deliberate deviation or the data marks it as the kit's own.

The handbook text lies beside the clone in ../shared/seed/ (CI has it there); WAARDENKAART_HANDBOEK may
point elsewhere. Without it these tests are skipped, with that reason in the summary.
"""

import io
import os
import re
import tomllib
from functools import cache
from pathlib import Path

import pytest
from conftest import kit_for
from openpyxl import load_workbook
from pdfcheck import page_text, pages, squash

from waardenkaart.intake.content import default_content
from waardenkaart.intake.resources import data_dir

HANDBOOK_NAME = "handleiding-waarden-werken-voor-welbevinden.txt"
REPO = Path(__file__).resolve().parents[1]
CONTENT = data_dir("content")
DEVIATIONS = "afwijkingen.toml"
# Files that hold no text a reader reads: the deviations themselves, and where words may be hyphenated.
NOT_TEXT = {DEVIATIONS, "afbreken.toml"}
# Keys whose values name things (card kinds, block types, quantity rules, card ids) rather than say them.
IDENTIFIERS = {"kind", "type", "per", "key", "repeat", "requires", "each", "side", "follow_up", "card"}
FIELD = "\ue000"  # a merge field, after normalising: it stands for a dotted blank, "20__" or a name
# What a merge field may stand for in the handbook: a dotted blank with "[naam school]" in it, "20__",
# "de Volkskrant", "5". Short, and never across a question or an exclamation.
BLANK = r"[^?!]{1,60}?"


def handbook_path() -> Path:
    given = os.environ.get("WAARDENKAART_HANDBOEK")
    return Path(given) if given else REPO.parent / "shared" / "seed" / HANDBOOK_NAME


@cache
def handbook() -> str:
    path = handbook_path()
    if not path.is_file():
        pytest.skip(f"de tekst van het handboek ontbreekt ({path}); zet WAARDENKAART_HANDBOEK op het bestand")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"-[ \t]*\n\s*(?=(?:en|of)\s)", "- ", text)  # "ouder- en leerlingenraad" across a line
    text = re.sub(r"-[ \t]*\n\s*", "", text)  # a word hyphenated at the end of a printed line
    return normalise(text)


def normalise(text: str) -> str:
    """The same sentence in both texts reads the same after this: no markup, line breaks, hyphens,
    quote marks, emphasis marks or bullets; runs of dots as one ellipsis; lower case."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&amp;", "&").replace("20__", "…")  # the year to fill in: a blank like the dotted ones
    text = re.sub(r"[-\u2011\u00ad]", "", text)
    text = re.sub(r"[“”„‘’'\"`´‚*_•]", "", text)
    text = text.replace("…", "...")
    text = re.sub(r"\s*\.{2,}\s*", " … ", text)
    text = re.sub(r"/\s+", "/", text)  # "ouders/" at the end of a printed line
    return " ".join(text.split()).casefold()


def variants(template: str) -> list[str]:
    """Every text a template can print, its merge fields as FIELD: each branch of an {% if %} apart."""
    match = re.search(r"\{%-?\s*if\b.*?%\}(.*?)(?:\{%-?\s*else\s*-?%\}(.*?))?\{%-?\s*endif\s*-?%\}", template, re.S)
    if match:
        before, after = template[: match.start()], template[match.end() :]
        branches = [match.group(1), match.group(2) or ""]
        return [text for branch in branches for text in variants(before + branch + after)]
    return [re.sub(r"\{\{.*?\}\}", FIELD, template, flags=re.S)]


def sentences(text: str) -> list[str]:
    """The sentences and clauses of a text, as the test looks them up: split after . ? ! : and at line
    breaks, without the closing full stop or colon."""
    return [normalised for normalised, _ in pieces(text)]


def pieces(text: str) -> list[tuple[str, str]]:
    """(normalised, as written) for each sentence or clause of a text."""
    text = re.sub(r"<br\s*/?>", "\n", text)
    found = []
    for line in re.sub(r"<[^>]+>", "", text).split("\n"):
        for piece in re.split(r"(?<=[.?!:…])\s+", line):
            normalised = normalise(piece).rstrip(".:;, ").strip()
            if re.search(r"[a-zà-ÿ]", normalised.replace(FIELD, "")):
                found.append((normalised, piece.replace(FIELD, "{{…}}").strip()))
    return found


def in_handbook(sentence: str) -> bool:
    pattern = BLANK.join(re.escape(part) for part in sentence.split(FIELD))
    return re.search(pattern, handbook()) is not None


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


def content_files() -> list[Path]:
    return sorted(path for path in CONTENT.rglob("*.toml") if path.name not in NOT_TEXT)


def deviations() -> list[dict]:
    return tomllib.loads((CONTENT / DEVIATIONS).read_text(encoding="utf-8"))["afwijking"]


def corrected() -> set[str]:
    """The sentences as the kit prints them where it deliberately differs from the handbook."""
    return {sentence for item in deviations() for text in variants(item["kit"]) for sentence in sentences(text)}


def test_every_sentence_of_the_content_is_the_handbooks_or_a_listed_deviation_or_marked_ours():
    handbook()
    allowed = corrected()
    missing = []
    for path in content_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for field, template in texts(data, ""):
            for text in variants(template):
                for sentence, written in pieces(text):
                    if sentence not in allowed and not in_handbook(sentence):
                        missing.append(f"content/{path.relative_to(CONTENT)}: {field}: {written!r}")
    assert not missing, "niet in het handboek, niet in afwijkingen.toml en niet als eigen tekst gemarkeerd:\n" + (
        "\n".join(missing)
    )


def test_every_listed_original_occurs_in_the_handbook_and_every_deviation_says_why():
    handbook()
    for item in deviations():
        assert set(item) == {"handboek", "kit", "reden"}, item
        assert item["reden"].strip(), item
        for sentence in sentences(item["handboek"]):
            assert in_handbook(sentence), (item["handboek"], sentence)


def test_the_deviations_file_is_read_and_checked_with_the_content():
    loaded = default_content().deviations
    assert len(loaded) == len(deviations()) and all(item.reason for item in loaded)


def test_the_sentence_test_finds_a_paraphrase_and_accepts_the_handbooks_words():
    assert in_handbook(sentences("Vertel over je meest waardevolle ervaring als het gaat om een goede schoolsfeer.")[0])
    assert in_handbook(sentences(variants("Stel, het is {{ jaar }} en jullie komen ’s ochtends op school.")[0])[0])
    assert in_handbook(sentences(variants("De schoolsfeer op {{ school }} optimaal is.")[0])[0])
    assert not in_handbook(sentences("Vertel over je mooiste ervaring als het gaat om een goede schoolsfeer.")[0])
    assert not in_handbook(sentences("Kies een creatieve vorm: een flap, een tekening, een klein toneelstukje.")[1])


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
    lines = [paint for paint in page.paints if paint.stroke and paint.box[3] - paint.box[1] < 2]
    for word in ("veilig", "respecteren"):
        run = next(run for run in page.runs if run.text.strip() == word)
        assert any(line.box[0] <= run.x0 + 1 and line.box[2] >= run.x1 - 1 for line in lines), word
