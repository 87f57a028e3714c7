"""Text with nothing visible, and accents with no letter under them (issue 22).

A profile's text field (and a schools-table row, a web form field, a Tabel 1 cell) that is only
invisible characters is refused, naming the field; so is a combining mark with no letter before it,
shown by its look and its Dutch name. Every line that reaches paper is measured as it is drawn.
"""

import unicodedata

import pytest
from conftest import TODAY
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from waardenkaart.batch import read_rows
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.layout import default_print_standard
from waardenkaart.intake.profile import Profile, build_profile
from waardenkaart.intake.usertext import invisible, loose_mark, text_problem, visible
from waardenkaart.kit import default_maker, make_kit
from waardenkaart.prepress.preflight import check_pdf
from waardenkaart.text.measure import fits, overrun
from waardenkaart.text.paragraph import Paragraph

LOOSE_AFTER_SPACE = (
    "het accent aigu ‘◌\u0301’ staat los na een spatie, zonder letter ervoor. Typ het direct achter zijn letter "
    "(é, ë, ç) of laat het weg."
)
LOOSE_AFTER_INVISIBLE = (
    "het accent aigu ‘◌\u0301’ staat los na een onzichtbaar teken (zoals een zachte afbreekstreep of een "
    "verbindingsteken), zonder letter ervoor. Typ het direct achter zijn letter (é, ë, ç) of laat het weg."
)
NOTHING_VISIBLE = (
    "er staat geen zichtbare letter in, alleen onzichtbare tekens (zoals een zachte afbreekstreep of een "
    "verbindingsteken). Typ de tekst opnieuw of laat hem weg."
)
# The two reproducers of the issue: a school of joiners only, and a line that ran to 4.8 mm of the trim.
JOINERS_ONLY = "\u034f \u034f \u200d"
CAFE = {
    "school": "Anna de Vries Café \u034f \u0301",
    "krant": "samen leren <para> mmmmmmmmmmm",
    "team": 2,
    "procesleiders": 20,
}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--school", JOINERS_ONLY], f"Fout: --school: {NOTHING_VISIBLE}"),
        (["--school", "\u00ad\u0301"], f"Fout: --school: {LOOSE_AFTER_INVISIBLE}"),
        (["--directeur", "\u0301Anna"], "Fout: --directeur: het accent aigu ‘◌\u0301’ staat los aan het begin,"),
        (["--krant", "het Parool \u0327"], "Fout: --krant: de cedille ‘◌\u0327’ staat los na een spatie,"),
        (["--toekomstperspectief", "\u200b\u2060\ufeff"], f"Fout: --toekomstperspectief: {NOTHING_VISIBLE}"),
        (
            ["--waarde", "respect", "--waarde", "\u200d", *["--waarde", "b", "--waarde", "c", "--waarde", "d"]],
            f"Fout: --waarde: de 2e waarde: {NOTHING_VISIBLE}",
        ),
        (["--school", "de Zon \u1dc0"], "Fout: --school: het accentteken ‘◌\u1dc0’ staat los na een spatie,"),
        (
            ["--toekomstperspectief", "wij *\u0301* samen"],
            "Fout: --toekomstperspectief: het accent aigu ‘◌\u0301’ staat los na ‘*’,",
        ),
    ],
)
def test_nothing_visible_or_a_loose_accent_is_refused_naming_the_field(run, tmp_path, args, message):
    result = run("maak", "--uitvoer", "kit", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output, result.output
    assert "U+" not in result.output and "Traceback" not in result.output
    assert not (tmp_path / "kit").exists()


def test_the_cafe_profile_file_is_refused_naming_file_and_field(run, tmp_path):
    text = "".join(f"{key} = {value!r}\n".replace("'", '"') for key, value in CAFE.items())
    (tmp_path / "p.toml").write_text(text.replace("\u034f", "\\u034F").replace("\u0301", "\\u0301"), encoding="utf-8")
    result = run("maak", "p.toml", "--uitvoer", "kit")
    assert result.exit_code == 1
    assert result.output == f"Fout: p.toml, veld 'school': {LOOSE_AFTER_SPACE}\n"
    assert not (tmp_path / "kit").exists()


def test_marks_on_letters_and_spaces_of_every_kind_are_kept_as_text():
    profile = build_profile(
        {
            "school": "de\u00a0Re\u0301gen\u2009boog\u3000",
            "directeur": "Zoe\u0308 q\u0303\u0323 Ðe\u200d",
            "krant": "het\u202fParool\u200b",
        },
        today=TODAY,
    )
    assert (profile.school, profile.directeur, profile.krant) == ("de Régen boog", "Zoë q\u0323\u0303 Ðe", "het Parool")
    assert "\u034f" not in visible("e\u034f\u0301") and invisible("\u034f") and invisible("\U000e0001")


def test_a_schools_table_row_is_refused_naming_row_and_field(tmp_path):
    table = tmp_path / "scholen.csv"
    table.write_text("school;team\nde Regenboog;20\n\u200d\u00ad;20\nDe Zon \u0308;12\n", encoding="utf-8")
    rows = list(read_rows(table))
    assert rows[0].profile and rows[0].profile.school == "de Regenboog"
    assert rows[1].error == f"regel 3, veld 'school': {NOTHING_VISIBLE}"
    assert rows[2].error.startswith("regel 4, veld 'school': het trema ‘◌\u0308’ staat los na een spatie")


def test_the_web_form_names_the_field():
    from waardenkaart.web.form import check

    state = check({"school": "de Regenboog \u0301", "team": "20"}, today=TODAY)
    assert state.errors == {"school": "H" + LOOSE_AFTER_SPACE[1:]} and state.profile is None


def test_the_joiners_profile_that_slipped_past_the_checks_still_makes_a_print_ready_kit():
    """The guard in the card back: a name that measures nothing keeps its size instead of dividing by it."""
    kit = make_kit(Profile(jaar=2028, team=20, procesleiders=1, school=JOINERS_ONLY))
    report = check_pdf(kit.files["kaarten-A6-drukbestand.pdf"], default_print_standard())
    assert report.ready, report.findings[:3]


def test_the_cafe_profile_that_slipped_past_the_checks_is_refused_by_the_fitting_naming_card_and_field():
    """Measured as drawn, the line with the loose accents does not fit: the card says so, not the preflight."""
    profile = Profile(jaar=2028, team=2, procesleiders=20, school=CAFE["school"], krant=CAFE["krant"])
    with pytest.raises(UserError) as caught:
        make_kit(profile)
    assert str(caught.value).startswith(
        "De kaart ‘Sessie 1: Droomfase’ (content/kaarten/s1-5-droom-opdracht.toml) past "
    )
    assert "de krant (30 tekens), de naam van de school (22 tekens)" in str(caught.value)


def test_a_word_of_no_width_is_measured_with_the_space_reportlab_draws_before_it():
    font = default_maker().face.fonts.regular
    style = ParagraphStyle("t", fontName=font, fontSize=10)
    plain = Paragraph("wordt het <b>team</b> van Café geroemd", style)
    plain.wrap(1000, 1000)
    width = 1000 - plain.blPara.lines[0].extraSpace  # as ReportLab counts it, and draws it
    assert fits(plain) and overrun(plain.blPara.lines[0]) == pytest.approx(-(1000 - width))
    paragraph = Paragraph("wordt het <b>team</b> van Café \u0301 \u0301 \u0301 geroemd", style)
    paragraph.wrap(width + 1, 1000)
    (line,) = paragraph.blPara.lines
    spaces = 3 * stringWidth(" ", font, 10)  # drawn before each accent, not counted
    assert line.extraSpace == pytest.approx(1) and overrun(line) == pytest.approx(spaces - 1) and not fits(paragraph)


# -- the property: never a traceback, every made kit passes controleer, every refusal names its field

MARKS = "\u0300\u0301\u0302\u0303\u0308\u030a\u030c\u0327\u0328\u0331\u1dc0\u20dd\u034f"
INVISIBLES = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\ufeff\ufe0f\u202a\u202e\u061c\u180e\U000e0020"
SPACES = " \u00a0\u1680\u2000\u2002\u2003\u2007\u2009\u200a\u202f\u205f\u3000\t"
LETTERS = "aeiouyWmlIjfĳßøÆŁΩжю0*_"  # * and _ mark emphasis in the future sentence
CHARACTERS = st.sampled_from(MARKS + INVISIBLES + SPACES + LETTERS)
TEXT_FIELDS = ("school", "directeur", "krant", "toekomstperspectief")
# A letter with what may follow it: most such texts are accepted, so most examples make a kit.
CLUSTER = st.tuples(
    st.sampled_from(LETTERS), st.text(st.sampled_from(MARKS + INVISIBLES), max_size=2), st.sampled_from(["", " "])
).map("".join)
# For whole kits: letters with their accents, invisible characters after them, spaces of every kind between.
KIT_CLUSTER = st.tuples(
    st.sampled_from(LETTERS),
    st.text(st.sampled_from(MARKS[:-2]), max_size=2),
    st.text(st.sampled_from(INVISIBLES), max_size=1),
    st.sampled_from(["", "", " ", SPACES[1:-1]]).flatmap(lambda spaces: st.sampled_from(spaces or [""])),
).map("".join)
FIELD_TEXT = st.one_of(
    st.text(CHARACTERS, min_size=1, max_size=12), st.lists(CLUSTER, min_size=1, max_size=8).map("".join)
)


def _refusal(values: dict) -> str | None:
    try:
        build_profile(values, file_name="profiel.toml", today=TODAY)
    except UserError as exc:
        return str(exc)
    return None


@settings(max_examples=150, derandomize=True, deadline=None)
@given(st.dictionaries(st.sampled_from(TEXT_FIELDS + ("waarden",)), FIELD_TEXT | st.lists(FIELD_TEXT, max_size=6)))
@example({"school": JOINERS_ONLY})
@example({"school": "\u00ad\u0301"})
@example({"school": CAFE["school"], "krant": CAFE["krant"]})
@example({"directeur": "a\u200d\u0301", "krant": "\u2061"})
@example({"waarden": "0\t0\u2000"})  # found: the tab's message showed the en quad as U+2000
def test_any_text_is_accepted_as_measurable_or_refused_naming_its_field(values):
    values = {
        key: value if key == "waarden" or isinstance(value, str) else " ".join(value) for key, value in values.items()
    }
    refusal = _refusal(values)
    if refusal is not None:
        assert refusal.startswith("profiel.toml, veld '") and "U+" not in refusal or "lettertype" in refusal, refusal
        field = refusal.split("'")[1]
        assert _refusal({field: values[field]}) is not None, (field, refusal)  # the field named is the one at fault
        return
    profile = build_profile(values, today=TODAY)
    faces = [getFont(name).face for name in vars(default_maker().face.fonts).values()]
    for key in TEXT_FIELDS:
        text = getattr(profile, key)
        if text is None:
            assert not visible(values.get(key, "")), key
            continue
        assert text == visible(text) and loose_mark(text) is None and text_problem(text) is None
        for word in text.split():  # a word of no width is what ReportLab mismeasures
            assert all(sum(face.charWidths.get(ord(c), 0) for c in word) > 0 for face in faces), (key, word)
        assert not any(unicodedata.category(char) == "Cf" for char in text)


def _kit_profile(school, directeur, krant, waarden, perspectief):
    values = {"school": school, "directeur": directeur, "krant": krant, "toekomstperspectief": perspectief}
    return {key: value for key, value in values.items() if value} | ({"waarden": waarden} if waarden else {})


@settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    school=st.lists(KIT_CLUSTER, min_size=1, max_size=30).map("".join),
    directeur=st.lists(KIT_CLUSTER, max_size=14).map("".join),
    krant=st.lists(KIT_CLUSTER, max_size=14).map("".join) | FIELD_TEXT,
    waarden=st.lists(st.lists(KIT_CLUSTER, min_size=1, max_size=6).map("".join), min_size=5, max_size=5) | st.just([]),
    perspectief=st.lists(KIT_CLUSTER, max_size=60).map("".join),
)
@example(school=CAFE["school"], directeur="", krant=CAFE["krant"], waarden=[], perspectief="")
@example(
    school="Café\u0301 \u0327x mmmmmmmmmmmmmmmmmmmmmmmmm\u0308\u0308",
    directeur="ĳ\u200dß",
    krant="",
    waarden=[],
    perspectief="",
)
def test_every_kit_made_from_such_text_passes_controleer(school, directeur, krant, waarden, perspectief):
    values = _kit_profile(school, directeur, krant, waarden, perspectief)
    refusal = _refusal(values)
    if refusal is not None:
        field = refusal.split("'")[1]
        assert field in values and _refusal({field: values[field]}) is not None, refusal
        return
    try:
        kit = make_kit(build_profile(values, today=TODAY))
    except UserError as exc:  # a card the text makes too long: the message names card and field
        assert str(exc).startswith("De kaart ‘") and "Deze kaart toont" in str(exc), str(exc)
        return
    standard = default_print_standard()
    for name, data in kit.files.items():
        if name.endswith(".pdf"):
            report = check_pdf(data, standard)
            assert report.ready, (name, report.findings[:3])


def test_a_tabel_1_cell_is_held_to_the_same_rule():
    from datetime import date

    from waardenkaart.actionlist import FilledTables
    from waardenkaart.intake.content import default_content
    from waardenkaart.text.actionpoints import action_points, check_printable, default_action_texts

    content = default_content()
    keys = [column.key for column in content.tables.columns]
    labels = [column.label for column in content.tables.columns]

    def refusal(rows, agreements=()):
        filled = FilledTables(rows, list(agreements), date(2027, 2, 9), "de Regenboog", "2029")
        points = action_points(filled, default_action_texts(), {})
        try:
            check_printable(filled, points, content, lambda char: True)
        except UserError as exc:
            return str(exc)
        return None

    good = {keys[0]: "Taart\u00ad bakken", keys[1]: "Anna e\u0301n Bram"}
    assert refusal([(1, good)]) is None
    points = action_points(FilledTables([(1, good)], [], date(2027, 2, 9)), default_action_texts(), {})
    assert (points[0].fields[keys[0]], points[0].fields[keys[1]]) == ("Taart bakken", "Anna \u00e9n Bram")
    assert (
        refusal([(1, good), (2, {keys[0]: "\u200d\u2060"})]) == f"in de tabel, rij 2, ‘{labels[0]}’: {NOTHING_VISIBLE}"
    )
    assert refusal([(3, {keys[0]: "koffie \u0301", keys[1]: "\u0301"})]) == (
        f"in de tabel, rij 3, ‘{labels[0]}’ (en nog 1 cel zo): {LOOSE_AFTER_SPACE}"
    )
    assert "‘Hoe vieren we uitgevoerde acties?’" in refusal([], [("Hoe vieren we uitgevoerde acties?", "\u00ad\u0301")])


def test_the_alphabets_hold_what_the_issue_names():
    assert {unicodedata.category(c) for c in MARKS} == {"Mn", "Me"}
    assert all(invisible(c) for c in INVISIBLES) and all(c.isspace() for c in SPACES)
