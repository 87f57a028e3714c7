"""Hostile input: every profile field with strings an attacker or a clumsy paste would give.

Each value is accepted, and then drawn in full on a kit that passes our own preflight, or refused
with a Dutch message (exit 1 or 2) and no folder. Validation is cheap and checked broadly; whole
kits, which take a second or two each, for a smaller sample.
"""

import csv
import html
import io
import re
import string
import tempfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROGRAMME_LENGTHS, TODAY, kit_for
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pdfcheck import page_text, pages, squash

from waardenkaart.actionlist import FilledTables, action_list
from waardenkaart.cli import cli
from waardenkaart.intake.content import default_content
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.layout import default_print_standard
from waardenkaart.intake.profile import KEYS, build_profile, drawable, read_profile_file
from waardenkaart.prepress.preflight import check_pdf
from waardenkaart.text.merge import emphasised
from waardenkaart.text.schedule import long_session_warnings

NASTY = [
    "R&D",
    "&amp;",
    "<b>vet</b>",
    "</para><para>",
    "<font size=80>x</font>",
    "{{ school }}",
    "{% raw %}",
    '=HYPERLINK("http://x")',
    "+31 6 12345678",
    "-1",
    "@SUM(A1)",
    "Zoë\u0301 Ångström",
    "Łódź Ærø Øresund",
    "e\u0301e\u0301n",  # combining marks
    "q\u0303",  # a mark that has no composed form
    "soft\u00adhyphen",
    "zero\u200dwidth\u200bspace\ufeff",
    "\u202eomgekeerd",
    "😀 emoji",
    "中文",
    "مدرسة",
    "שלום",
    "tab\there",
    "new\nline",
    "nul\x00byte",
    "\x85next line",
    "\ud800 lone surrogate",
    "   ",
    "",
    "W" * 70,
    "a" * 401,
    "'quoted' \"double\" \\back\\",
]
ALPHABET = st.sampled_from(list(string.printable + "éëïöüÉŁßøæ€–—‘’“”•·\u00ad\u200d\u0301\u0308😀中ש\u202e\x85"))
TEXT = st.one_of(st.sampled_from(NASTY), st.text(ALPHABET, max_size=70), st.text(max_size=30))
ANYTHING = st.one_of(
    TEXT,
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.lists(TEXT, max_size=12),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
PYTHON_WORDS = ("Traceback", "Error", "datetime", "None", "<class", "object at", "\\x", "self.")


def dutch_message(message: str, given: object = ()) -> None:
    """No Python in the message, but for words the user typed (a year given as 'None' is quoted back)."""
    message.encode("utf-8")  # printable: no lone surrogates
    for word in PYTHON_WORDS:
        assert word not in message or word in str(given), message


def user_texts(profile) -> list[str]:
    texts = [profile.school, profile.directeur, profile.krant, profile.toekomstperspectief]
    return [text for text in texts if text] + list(profile.waarden) + list(profile.waarden_ouders)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), ANYTHING, min_size=1, max_size=6))
# Cases hypothesis found, kept: a profile without a year (the cards keep "20__"), markup in a name.
@example({"school": "R&D"})
@example({"sessie1": "2027-01-12 15:00", "jaar": 2029})
def test_every_profile_value_is_accepted_whole_or_refused_in_dutch(values):
    try:
        profile = build_profile(values, file_name="profiel.toml", today=TODAY)
    except UserError as exc:
        assert str(exc).startswith("profiel.toml, veld '"), str(exc)
        dutch_message(str(exc), [value for value in values.values() if isinstance(value, str)])
        return
    for text in user_texts(profile):
        assert set(text) <= drawable(), text
        assert text == text.strip() and "  " not in text
    assert profile.jaar is None or 2000 <= profile.jaar <= 2099
    for warning in long_session_warnings(profile):
        dutch_message(warning)


def toml_string(text: str) -> str:
    return '"' + "".join(f"\\u{ord(c):04X}" if c in '"\\' or ord(c) < 32 or ord(c) == 127 else c for c in text) + '"'


# For whole kits: text the kit should accept (markup, quotes, formula starts, accents, marks, invisible
# characters), mostly; refusals are covered broadly above.
DRAWABLE_NASTY = [text for text in NASTY if text.strip() and set(text) <= set(string.printable[:-5]) | drawable()]
KIT_ALPHABET = st.sampled_from(list(string.printable[:-5] + "éëïöüÉŁßøæ€–—‘’“”•·\u00ad\u200d\u0301\u0308"))


def kit_text(longest: int):
    return st.one_of(
        st.sampled_from([text[:longest] for text in DRAWABLE_NASTY]),
        st.text(KIT_ALPHABET, min_size=1, max_size=longest),
    ).filter(lambda text: text.strip("\u00ad\u200d "))


def value_list(low: int, high: int):
    return st.lists(kit_text(24), min_size=low, max_size=high, unique_by=lambda text: " ".join(text.split()).casefold())


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(
    school=kit_text(60),
    directeur=kit_text(40),
    krant=kit_text(30),
    # about one in four examples refused, on an option given after the others were accepted
    team=st.integers(1, 25).map(str) | st.integers(1, 25).map(str) | st.sampled_from(["²", "١٢", "0", "1e3", "20.0"]),
    waarden=value_list(5, 6),
    ouders=value_list(1, 3),
    perspectief=kit_text(300),
)
def test_a_hostile_profile_gives_a_kit_that_passes_preflight_or_a_dutch_refusal(
    school, directeur, krant, team, waarden, ouders, perspectief
):
    with tempfile.TemporaryDirectory(prefix="waardenkaart-test-") as folder:
        home = Path(folder)
        (home / "p.toml").write_text(f"waarden_ouders = [{', '.join(map(toml_string, ouders))}]\n", encoding="utf-8")
        args = ["maak", str(home / "p.toml"), "--uitvoer", str(home / "kit"), "--team", team]
        for option, value in (("--school", school), ("--directeur", directeur), ("--krant", krant)):
            args += [option, value]
        args += ["--toekomstperspectief", perspectief] + [arg for value in waarden for arg in ("--waarde", value)]
        result = CliRunner().invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        if result.exit_code != 0:
            assert result.exit_code in (1, 2) and "Fout: " in result.output, result.output
            dutch_message(result.output)
            assert not (home / "kit").exists()
            return
        profile = build_profile(
            {"waarden_ouders": ouders},
            {
                "school": school,
                "directeur": directeur,
                "krant": krant,
                "team": team,
                "waarden": waarden,
                "toekomstperspectief": perspectief,
            },
        )
        standard = default_print_standard()
        shown = ""
        for path in sorted((home / "kit").glob("*.pdf")):
            data = path.read_bytes()
            report = check_pdf(data, standard)
            assert report.ready, (path.name, report.findings[:3])
            shown += "".join(page_text(page) for page in pages(data))
        for text in user_texts(profile):
            if text == profile.toekomstperspectief:  # *word* and _word_ mark emphasis: the marks do not print
                text = re.sub(r"<[^>]+>", "", html.unescape(emphasised(text)))
            missing = set(squash(html.escape(text))) - set(shown)  # plain text: "&lt" is shown as typed
            assert not missing, (text, missing)
        for path in (home / "kit").glob("*.csv"):
            for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"):
                assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--team", "²"], 2, "Fout: --team: het aantal teamleden moet een geheel getal zijn, niet '²'."),
        (["--team", "١٢"], 2, "Fout: --team: het aantal teamleden moet een geheel getal zijn, niet '١٢'."),
        (
            ["--team", "9" * 5000],
            2,
            f"Fout: --team: het aantal teamleden moet tussen 1 en 500 liggen, niet {'9' * 40}….",
        ),
        (["--sessie1", "9999-12-31 23:00"], 2, "Fout: --sessie1: het jaar 9999 ligt niet tussen 2000 en 2097."),
        (["--sessie1", "0001-01-01"], 2, "Fout: --sessie1: het jaar 1 ligt niet tussen 2000 en 2097."),
        (
            ["--sessie1", "2027-01-12", "--jaar", "2099"],
            2,
            "Fout: --jaar: het jaar van de droom moet tussen 2027 (het jaar van sessie 1) en 2047 liggen, niet 2099.",
        ),
        (["--school", "de Regen\udcffboog"], 2, "Fout: --school: de waarde bevat tekens die geen geldige UTF-8 zijn."),
        (["--team", "\udcff"], 2, "Fout: --team: de waarde bevat tekens die geen geldige UTF-8 zijn."),
        (
            ["--school", "De Zon ☀️ 😀"],
            2,
            "Fout: --school: de tekens ‘☀’ (U+2600), ‘😀’ (U+1F600) staan niet in het lettertype van de kit en "
            "zouden op papier ontbreken. Laat u ze weg of gebruik letters uit het Latijnse, Griekse of Cyrillische "
            "schrift.",
        ),
        (["--krant", "הארץ"], 2, "Fout: --krant: de tekens ‘ה’ (U+05D4), ‘א’ (U+05D0), ‘ר’ (U+05E8), ‘ץ’ (U+05E5)"),
        (["--directeur", "王小明"], 2, "Fout: --directeur: de tekens ‘王’ (U+738B), ‘小’ (U+5C0F), ‘明’ (U+660E)"),
        (["--waarde", "رحمة"] + ["--waarde", "b"] * 4, 2, "Fout: --waarde: de tekens"),
    ],
)
def test_bad_options_get_a_dutch_message_and_no_folder(run, tmp_path, args, code, message):
    result = run("maak", "--uitvoer", "kit", *args)
    assert (result.exit_code, result.exception is None or isinstance(result.exception, SystemExit)) == (code, True)
    assert message in result.output, result.output
    dutch_message(result.output)
    assert not (tmp_path / "kit").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "verschuif_x = 1,5\n",
            "regel 1, kolom 16: na een waarde hoort een nieuwe regel. Schrijf een kommagetal in "
            "een profiel met een punt: 1.5 in plaats van 1,5.",
        ),
        (
            "team = 20\nverschuif_y = -0,25 # achter\n",
            "Schrijf een kommagetal in een profiel met een punt: -0.25 in plaats van -0,25.",
        ),
        (
            "sessie1 = 15:00:00\n",
            "veld 'sessie1': geen datum die ik kan lezen: 15:00. Geef ook de datum, niet alleen de tijd.",
        ),
        ("sessie1 = 9999-12-31\n", "veld 'sessie1': het jaar 9999 ligt niet tussen 2000 en 2097."),
        ('snijtekens = "ja"\n', "veld 'snijtekens': verwacht true of false, niet 'ja'."),
        ("waarden = [1, 2]\n", 'verwacht een lijst met tekst, zoals ["veiligheid", "respect"], niet [1, 2].'),
        ('school = {naam = "x"}\n', "veld 'school': verwacht tekst, niet een tabel."),
        ("team = true\n", "het aantal teamleden moet een geheel getal zijn, niet true."),
        (
            "school = " + "[" * 50_000 + "]" * 50_000 + "\n",
            "geen geldige TOML: lijsten of tabellen staan te diep in elkaar.",
        ),
        ("school = " + "{a=" * 5_000 + "1" + "}" * 5_000 + "\n", "lijsten of tabellen staan te diep in elkaar."),
    ],
)
def test_profile_files_get_dutch_hints(run, tmp_path, text, message):
    (tmp_path / "p.toml").write_text(text, encoding="utf-8")
    result = run("maak", "p.toml", "--uitvoer", "kit")
    assert result.exit_code == 1 and message in result.output, result.output
    dutch_message(result.output)


def test_a_device_or_a_huge_file_is_no_profile(run, tmp_path):
    (tmp_path / "groot.toml").write_bytes(b"# " + b"x" * 2_000_000 + b"\n")
    for name in ("/dev/zero", "groot.toml"):
        result = run("maak", name, "--uitvoer", "kit")
        assert result.exit_code == 1 and "geen profielbestand" in result.output, result.output
    assert not (tmp_path / "kit").exists()


def test_a_profile_with_a_byte_order_mark_is_read(run, tmp_path):
    (tmp_path / "p.toml").write_bytes('\ufeffschool = "de Regenboog"\nsessie1 = "12-1-2027 15.00"\n'.encode())
    result = run("maak", "p.toml", "--uitvoer", "kit")
    assert result.exit_code == 0, result.output
    profile = build_profile({"school": "de Regenboog", "sessie1": "12-1-2027 15.00"}, today=TODAY)
    assert profile.sessie1 == datetime(2027, 1, 12, 15, 0)
    assert build_profile({"sessie1": "2027-01-12 9.30"}, today=TODAY).sessie1 == datetime(2027, 1, 12, 9, 30)


def test_invisible_characters_go_and_marks_join_their_letter():
    profile = build_profile({"school": "de Re\u00adgen\u200dboog\u202e", "directeur": "Zoe\u0308 q\u0303"}, today=TODAY)
    assert (profile.school, profile.directeur) == ("de Regenboog", "Zoë q\u0303")


@pytest.mark.parametrize(
    "team, lines",
    PROGRAMME_LENGTHS,
)
def test_the_summary_says_each_sessions_times_and_what_runs_past_two_hours(run, team, lines):
    sessions = ["--sessie1", "2027-01-12 15:00", "--sessie2", "2027-02-09 15:00"]
    result = run("maak", "--uitvoer", "kit", "--team", str(team), *sessions)
    assert result.exit_code == 0
    programme = result.output.split(f"\nHet programma voor {team} teamleden:\n", 1)[1]
    assert programme == "".join(f"  {line}\n" for line in lines)


def test_markup_characters_stay_plain_in_the_csv_and_on_the_posters():
    kit = kit_for(
        {
            "school": "R&D <b>college</b>",
            "waarden": ["amp", "lt", "R&D", "b", "samen"],
            "toekomstperspectief": "Bij R&D & <b>amp</b> lt; b vieren we samen",
        }
    )
    order = kit.files["bestellijst.csv"].decode("utf-8-sig")
    assert "&amp;" not in order and "&lt;" not in order
    future = "".join(page_text(page) for page in pages(kit.files["poster-toekomstperspectief-A3.pdf"]))
    assert "Bij R&D & <b>amp</b> lt; b vieren we samen" in future
    for name, data in kit.files.items():
        if name.endswith(".pdf"):
            text = "".join(page_text(page) for page in pages(data))
            assert "&amp;" not in text and "&lt;" not in text and "&gt;" not in text, name


def test_page_ranges_in_the_order_list_are_not_dates_in_dutch_excel(neutral_kit):
    rows = list(csv.reader(io.StringIO(neutral_kit.files["bestellijst.csv"].decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "1\u20132" and all("-" not in row[1] for row in rows[1:])


def test_cells_that_a_spreadsheet_would_run_are_defused():
    content = default_content()
    columns = [c.key for c in content.tables.columns]
    hostile = ['=HYPERLINK("http://x";"klik")', "+31 6 1234", "-2", "@SUM(A1)", "\tx", "\rx", "gewoon"]
    rows = [
        (number, {key: hostile[(number + i) % len(hostile)] for i, key in enumerate(columns)}) for number in range(7)
    ]
    result = action_list(FilledTables(rows, [("=1+1", "@x")], date(2027, 2, 9)), content, datetime(2027, 2, 9))
    for name in ("actielijst.csv", "afspraken.csv"):
        for row in list(csv.reader(io.StringIO(result.files[name].decode("utf-8-sig")), delimiter=";"))[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
                assert cell in hostile + ["=1+1", "@x"] or cell[1:] in hostile + ["=1+1", "@x"], cell


def test_a_follow_up_date_out_of_range_is_reported_not_written():
    content = default_content()
    key = content.tables.follow_up
    rows = [(1, {c.key: ("31-12-9999" if c.key == key else "x") for c in content.tables.columns})]
    result = action_list(FilledTables(rows, [], date(9999, 12, 30)), content, datetime(2027, 2, 9, tzinfo=None))
    assert "terugkommomenten.ics" not in result.files and "31-12-9999" in result.warnings[0]


def test_every_message_about_a_profile_value_avoids_python_names():
    for value in (time(15, 0), datetime(2027, 1, 1), [1, 2], {"a": 1}, None, 3.5, b"x"):
        try:
            build_profile({"school": value, "team": value}, file_name="p.toml", today=TODAY)
        except UserError as exc:
            dutch_message(str(exc))


def test_a_folder_name_that_is_not_utf8_works_and_is_shown_without_python_escapes(run, tmp_path):
    assert run("maak", "--uitvoer", "kit\udcff", "--team", "3").exit_code == 0
    assert (tmp_path / "kit\udcff" / "bestellijst.csv").is_file()
    again = run("maak", "--uitvoer", "kit\udcff", "--team", "3")
    assert again.exit_code == 1 and "Fout: De map kit\ufffd bestaat al." in again.output, again.output
    (tmp_path / "bestand\udcff").write_bytes(b"van de gebruiker")
    inside = run("maak", "--uitvoer", "bestand\udcff/kit")
    assert inside.exit_code == 1 and "Fout: bestand\ufffd is een bestand, geen map." in inside.output
    assert (tmp_path / "bestand\udcff").read_bytes() == b"van de gebruiker"


def test_controleer_answers_a_device_and_goes_on_to_the_next_file(run, tmp_path, neutral_kit):
    (tmp_path / "poster.pdf").write_bytes(neutral_kit.files["poster-cyclus-A3.pdf"])
    result = run("controleer", "/dev/zero", "poster.pdf")
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "/dev/zero: niet drukklaar",
        "  bestand: geen gewoon bestand (maar bijvoorbeeld een apparaat of een pijp).",
    ]
    assert result.output.splitlines()[2].startswith("poster.pdf: drukklaar")
    assert run("actielijst", "/dev/zero").output == "Fout: /dev/zero is geen gewoon bestand.\n"


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.text(max_size=40) | st.from_regex(r"\d{1,4}[-/. ]\d{1,4}([-/. ]\d{1,6})?|week \d{1,3}( \d{1,5})?"),
        min_size=1,
        max_size=4,
    )
)
def test_any_follow_up_text_gives_an_event_or_a_warning(texts):
    content = default_content()
    key = content.tables.follow_up
    rows = [
        (n, {c.key: (text if c.key == key else "actie") for c in content.tables.columns})
        for n, text in enumerate(texts, 1)
    ]
    result = action_list(FilledTables(rows, [], TODAY), content, datetime(2026, 11, 24, 12, 0))
    assert result.events + len(result.warnings) == sum(1 for text in texts if text)
    calendar = result.files.get("terugkommomenten.ics", b"").decode("utf-8")
    assert all(
        line.startswith(
            (
                " ",
                "BEGIN",
                "END",
                "VERSION",
                "PRODID",
                "CALSCALE",
                "UID",
                "DTSTAMP",
                "DTSTART",
                "DTEND",
                "SUMMARY",
                "DESCRIPTION",
            )
        )
        for line in calendar.split("\r\n")
        if line
    )


def test_the_widest_allowed_values_stay_inside_the_safe_zone_everywhere():
    letters = "ABCDEFGHIJ"
    kit = kit_for(
        {
            "school": "OBS WWWWWWWWWWWWWWWW Wolfswinkel-Hoogeveen Maximiliaanschool",  # 60 characters
            "directeur": "Zoe\u0308 Ðe\u0301\u00adsire\u0301e Wolfs\u00adwinkel-Hoogeveen q\u0303",
            "krant": "de Leeuwarder Courant Weekblad",
            "sessie1": "2027-09-01 15:00",
            "sessie2": "2027-09-30 15:00",  # donderdag 30 september 2027: the longest date in the tables' header
            "team": 61,
            "waarden": ["W" * 23 + letter for letter in letters[:6]],
            "waarden_ouders": ["W" * 23 + letter for letter in letters],
        }
    )
    standard = default_print_standard()
    for name, data in kit.files.items():
        if name.endswith(".pdf"):
            report = check_pdf(data, standard)
            assert report.ready, (name, report.findings[:3])
    cards = "".join(page_text(page) for page in pages(kit.files["kaarten-A6-drukbestand.pdf"]))
    assert "\u00ad" not in cards and squash("OBS WWWWWWWWWWWWWWWW Wolfswinkel-Hoogeveen Maximiliaanschool") in squash(
        cards
    )
    # The director is named where the handbook leaves the blank: in the dream step's read-aloud text.
    script = "".join(page_text(page) for page in pages(kit.files["draaiboek-sessie1-A4.pdf"]))
    assert "\u00ad" not in script and squash("Zoë Ðésirée Wolfswinkel-Hoogeveen q\u0303") in squash(script)
    labels = "".join(page_text(page) for page in pages(kit.files["knikkerstemming-A4.pdf"]))
    assert all("W" * 23 + letter in labels for letter in letters)


TOML_PIECES = st.sampled_from(
    [
        "school = ",
        "team = ",
        "sessie1 = ",
        "waarden = ",
        '"',
        "'",
        "[",
        "]",
        "{",
        "}",
        "=",
        ",",
        "1,5",
        "1.5",
        "\n",
        "\ufeff",
        "#",
        "2027-01-12",
        "15:00",
        "T",
        "true",
        "x",
        "ë",
        "\\",
        "\\u00",
        "\x00",
        "\r",
        "inf",
        "nan",
        "0x1F",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(TOML_PIECES, max_size=25).map("".join) | st.binary(max_size=200))
def test_any_profile_file_is_read_or_refused_in_dutch(tmp_path_factory, contents):
    path = tmp_path_factory.mktemp("profiel") / "profiel.toml"
    path.write_bytes(contents if isinstance(contents, bytes) else contents.encode("utf-8", "surrogatepass"))
    try:
        build_profile(read_profile_file(path), file_name="profiel.toml", today=TODAY)
    except UserError as exc:
        assert str(exc).startswith("profiel.toml"), str(exc)
        dutch_message(str(exc))
