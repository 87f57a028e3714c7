"""What the speed-ups must not change: the same texts, the same hyphenation, the same bytes."""

import hashlib
import json
import re
import subprocess
import sys

import jinja2
import pyphen
import pytest
from conftest import TODAY, kit_for
from markupsafe import Markup

from waardenkaart.intake.content import default_content
from waardenkaart.intake.profile import build_profile
from waardenkaart.text import hyphenpatterns
from waardenkaart.text.merge import _placeholders, escape, fill, fill_text, typeset, variables


def every_text(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from every_text(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from every_text(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from every_text(getattr(value, name))


@pytest.mark.parametrize("markup", [True, False])
def test_a_text_is_filled_as_jinja_would_render_it(markup):
    """Texts with no tag but {{ name }} are filled without Jinja: the result must be Jinja's."""
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=markup)
    content = default_content()
    profile = build_profile({"school": "De <Kleine> & Prins", "directeur": "Jan 'JJ' Smit", "team": 12})
    values = {
        **variables(profile, content),
        "waarde": Markup("<b>veiligheid</b>"),
        "session": 2,
        "step": 3,
        "sheet": 1,
        "sheets": 9,
        "kit": "a & b",
        "aantal": 5,
    }
    texts = [text for text in every_text(content) if "{" not in text or _placeholders(text)]
    texts += [
        "a\nb\n",
        "a\r\nb\r\n\r\n",
        "x\r",
        "",
        "\n",
        "a & <b>é</b> ' \"",
        "{{ school }}\r\n",
        "{{school}}-{{ jaar }}",
    ]
    filled = [text for text in texts if all(name in values for name in (_placeholders(text) or ())[1::2])]
    assert len(filled) > 100 and sum("{{" in text for text in filled) > 10
    for text in filled:
        rendered = environment.from_string(text).render(values)
        assert (fill if markup else fill_text)(text, values) == (typeset(rendered) if markup else rendered), text


def test_escape_is_what_xml_sax_would_make():
    assert escape("Tom & Jerry <3 > 'x' \"y\"") == "Tom &amp; Jerry &lt;3 &gt; 'x' \"y\""


def test_the_patterns_read_and_kept_are_pyphens_own(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = pyphen.LANGUAGES["nl_NL"]
    expected = pyphen.HyphDict(path).patterns
    assert hyphenpatterns.read_patterns(path) == expected
    assert hyphenpatterns.cached_patterns(path) == expected  # read, then kept
    kept = hyphenpatterns.cache_file(path)
    assert kept.parent == tmp_path / "waardenkaart" and kept.exists()
    assert hyphenpatterns.cached_patterns(path) == expected  # from the cache
    kept.write_bytes(b"\x00broken")
    assert hyphenpatterns.cached_patterns(path) == expected  # a broken cache is read past and renewed
    assert hyphenpatterns.cached_patterns(path) == expected


FRESH = """
import hashlib, json, sys
from datetime import date
from waardenkaart.kit import make_kit
from waardenkaart.intake.profile import build_profile
kit = make_kit(build_profile(json.loads(sys.argv[1]), today=date.fromisoformat(sys.argv[2])))
print(json.dumps({name: hashlib.sha256(data).hexdigest() for name, data in kit.files.items()}))
"""


def test_a_kit_made_after_others_is_the_kit_a_fresh_process_makes():
    """Fitted cards, font subsets and the calibration sheet are kept between kits: that must not show."""
    kit_for({"school": "OBS Het Palet", "directeur": "Jan Smit", "waarden": ["a", "b", "c", "d", "e"]})
    profile = {"school": "de Regenboog", "team": 24}
    later = {name: hashlib.sha256(data).hexdigest() for name, data in kit_for(profile).files.items()}
    fresh = subprocess.run(
        [sys.executable, "-c", FRESH, json.dumps(profile), TODAY.isoformat()], capture_output=True, check=True
    )
    assert json.loads(fresh.stdout) == later


def test_every_pdf_has_an_exact_cross_reference_table(long_kit):
    """The PDF/X keys and the form fields are spliced in: every offset must still point at its object."""
    for name, data in long_kit.files.items():
        if not name.endswith(".pdf"):
            continue
        start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data)[1])
        count = int(re.match(rb"xref\n0 (\d+)\n", data[start:])[1])
        rows = data[start:].split(b"\n")[2 : 2 + count]
        assert rows[0] == b"0000000000 65535 f "
        for number, row in enumerate(rows[1:], 1):
            assert data[int(row[:10]) :].startswith(b"%d 0 obj\n" % number), (name, number)
        identifier = re.search(rb"/ID \[<([0-9a-f]{32})><\1>\]", data[start:])
        assert identifier and identifier[1] == hashlib.md5(data[:start]).hexdigest().encode()


def test_a_font_parsed_once_is_the_font_reportlab_makes_itself():
    """The registered fonts skip TTFont's own parse of the file: every attribute must still be TTFont's."""
    from reportlab.pdfbase.ttfonts import TTFont

    from waardenkaart.intake.resources import data_dir
    from waardenkaart.prepress.fonts import ParsedFont, face

    path = data_dir("fonts") / "NotoSans-Regular.ttf"
    own, parsed = vars(TTFont("Proef", str(path))), vars(ParsedFont("Proef", face(path)))
    assert sorted(own) == sorted(parsed)
    assert {key: value for key, value in own.items() if key not in ("face", "encoding", "state")} == {
        key: value for key, value in parsed.items() if key not in ("face", "encoding", "state")
    }
    assert vars(own["encoding"]) == vars(parsed["encoding"])
    assert own["face"].charWidths == parsed["face"].charWidths
    assert own["face"].charToGlyph == parsed["face"].charToGlyph


@pytest.mark.parametrize(
    "text",
    [
        "{{ school }}",
        "In {{jaar}} staat {{ school }} in {{ krant }}.",
        "{{ a }}{{ a }}",
        "{% if x %}{{ y }}{% endif %}",
        "{{ true }} {{ none }} {{ False }}",
        "{{ range }} en {{ self }}",
    ],
)
def test_the_variables_of_a_text_are_those_jinja_finds(text):
    """Texts with nothing but {{ name }} are not parsed by Jinja on load: their names must be Jinja's."""
    import jinja2.meta

    from waardenkaart.intake.data import Record, template_variables

    record = Record({}, "content/proef.toml")
    expected = jinja2.meta.find_undeclared_variables(jinja2.Environment().parse(text))
    assert template_variables(record, "tekst", text, None) == expected
    known = {"school", "jaar", "krant", "a", "x", "y", "true", "none", "False", "range", "self"}
    assert template_variables(record, "tekst", text, known) == expected


def test_every_content_text_has_the_variables_jinja_finds():
    import jinja2.meta

    from waardenkaart.intake.data import Record, template_variables

    record = Record({}, "content/proef.toml")
    for text in {text for text in every_text(default_content()) if "{" in text}:
        expected = jinja2.meta.find_undeclared_variables(jinja2.Environment().parse(text))
        assert template_variables(record, "tekst", text, None) == expected, text


def test_a_paragraph_parsed_once_is_reportlabs_own_and_its_own():
    """Kept parses must give every paragraph ReportLab's fragments, in copies no other paragraph touches."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import paragraph as reportlab_paragraph

    from waardenkaart.text.paragraph import Paragraph

    style = ParagraphStyle("proef", fontName="Helvetica", fontSize=10, leading=12, hyphenationLang="")
    markup = "Een <b>vette</b> zin &amp; een <i>schuine</i> zin die over meer dan één regel loopt, " * 3
    own = reportlab_paragraph.Paragraph(markup, style)
    first, second = Paragraph(markup, style), Paragraph(markup, style)
    assert [vars(frag) for frag in first.frags] == [vars(frag) for frag in own.frags]
    assert not {id(frag) for frag in first.frags} & {id(frag) for frag in second.frags}
    assert first.wrap(120, 1000) == own.wrap(120, 1000)
    top, rest = first.split(120, 30)  # a split changes the fragments of the paragraph it splits
    assert rest.wrap(120, 1000)[1] > 0
    assert second.wrap(120, 1000) == own.wrap(120, 1000)

    def lines(paragraph):
        return [(line.extraSpace, [vars(word) for word in line.words]) for line in paragraph.blPara.lines]

    assert lines(second) == lines(own)


def test_a_paragraph_asked_again_at_its_width_keeps_its_lines():
    from reportlab.lib.styles import ParagraphStyle

    from waardenkaart.text.paragraph import Paragraph

    style = ParagraphStyle("proef", fontName="Helvetica", fontSize=10, leading=12, hyphenationLang="")
    text = Paragraph("Een zin die over meer dan één regel loopt, en nog een stuk verder. " * 4, style)
    narrow = text.wrap(100, 1000)
    wide = text.wrap(300, 1000)
    assert narrow[1] > wide[1] and text.wrap(300, 50) == wide
    assert text.wrap(100, 1000) == narrow and len(text.blPara.lines) * 12 == narrow[1]
    assert text.wrap(0, 1000) == (0, 0x7FFFFFFF) and text.wrap(100, 1000) == narrow
    del text.blPara  # as ReportLab's split does when it moves the whole paragraph on
    assert text.wrap(100, 1000) == narrow and len(text.blPara.lines) * 12 == narrow[1]


def test_kept_lines_respect_the_users_words_of_each_kit():
    """Lines are kept per width and per user word in the text: a school's name is never hyphenated in
    its own kit, and the same text in another kit may be."""
    from reportlab.lib.styles import ParagraphStyle

    from waardenkaart.kit import default_maker
    from waardenkaart.text.hyphenation import protected_words
    from waardenkaart.text.paragraph import Paragraph

    face = default_maker().face
    style = ParagraphStyle(
        "proef-afbreken", fontName=face.fonts.regular, fontSize=10, leading=12, hyphenationLang=face.hyphenator
    )
    text = "Welkom op basisschool Zonnebloemveld vandaag"

    def last_words(protected):
        with protected_words(protected):
            paragraph = Paragraph(text, style)
            paragraph.wrap(95, 1000)
            lines = paragraph.blPara.lines  # one style: (space left, words) per line
            return [" ".join(line[1]) for line in lines]

    free = last_words([])
    assert any(line.endswith("Zonne-") for line in free), free  # the long name is broken here
    for _ in range(2):  # in either order, from the kept lines or anew
        assert "Zonnebloemveld" in last_words(["Zonnebloemveld"])
        assert last_words([]) == free
        assert last_words(["de Regenboog"]) == free  # a user word not in the text changes nothing


def test_font_subsets_made_in_threads_at_once_are_the_subsets_made_alone():
    """The web app makes kits in threads; ReportLab reads a font file through one position per face."""
    import random
    import sys
    import threading

    from reportlab.pdfbase.ttfonts import TTFontFace

    from waardenkaart.intake.layout import default_card_layout
    from waardenkaart.intake.resources import data_dir
    from waardenkaart.prepress import fonts

    face = fonts.face(data_dir("fonts") / default_card_layout().fonts.regular)
    pool = list(range(32, 127)) + list(range(0xC0, 0x180))
    sets = [tuple(sorted(random.Random(n).sample(pool, 60))) for n in range(48)]
    alone = {characters: TTFontFace.makeSubset(face, list(characters)) for characters in sets}
    fonts._subset.cache_clear()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    made: dict = {}

    def subset(part):
        for characters in sets[part::4]:
            made[characters] = face.makeSubset(list(characters))

    try:
        threads = [threading.Thread(target=subset, args=(part,)) for part in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert made == alone


def test_kept_lines_respect_a_users_word_after_a_line_break():
    """ "klas<br/>Lachen": the fragments' texts run on without a space, the hyphenation sees two words."""
    from reportlab.platypus import paragraph as reportlab_paragraph

    from waardenkaart.kit import default_maker
    from waardenkaart.text.hyphenation import protected_words
    from waardenkaart.text.paragraph import Paragraph

    style = default_maker().face.style("body", 10)
    text = "Rust in de klas<br/>Lachen en vriendelijkheid<br/>Ouders zijn betrokken."

    def lines(paragraph):
        return [[getattr(word, "text", word) for word in line.words] for line in paragraph.blPara.lines]

    for width in range(40, 140, 2):  # a width at which ReportLab breaks the long word
        Paragraph(text, style).wrap(width, 1000)  # another kit's layout, without the user's word
        with protected_words(["Vriendelijkheid"]):
            own = reportlab_paragraph.Paragraph(text, style)
            own.wrap(width, 1000)
            kept = Paragraph(text, style)
            kept.wrap(width, 1000)
            assert lines(kept) == lines(own), width
