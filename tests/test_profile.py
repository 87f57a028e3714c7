"""The school profile: defaults, merging file and options, and the checks on every value."""

from datetime import date, datetime

import pytest
from conftest import TODAY

from waardenkaart.intake.errors import UserError
from waardenkaart.intake.profile import Profile, build_profile, read_profile_file, retired_notices


def test_defaults_make_the_neutral_profile():
    assert build_profile(today=TODAY) == Profile(jaar=None, team=20, procesleiders=1, krant="de Volkskrant")


def test_the_year_follows_session_1_when_it_is_given():
    profile = build_profile({"sessie1": datetime(2027, 1, 12, 15, 0)}, today=TODAY)
    assert (profile.jaar, profile.sessie1) == (2029, datetime(2027, 1, 12, 15, 0))
    assert build_profile(options={"sessie1": "12-1-2027 15:00"}, today=TODAY).sessie1 == datetime(2027, 1, 12, 15, 0)
    assert build_profile({"sessie1": date(2027, 1, 12)}, today=TODAY).sessie1 == datetime(2027, 1, 12)


def test_an_option_wins_over_the_file_and_spaces_are_tidied():
    profile = build_profile(
        {"school": "de Regenboog", "team": 12}, {"school": "  het  Stedelijk Gymnasium ", "team": "30"}, today=TODAY
    )
    assert (profile.school, profile.team) == ("het Stedelijk Gymnasium", 30)


def test_empty_text_means_a_write_in_line_or_the_default():
    profile = build_profile({"school": "   ", "krant": ""}, today=TODAY)
    assert (profile.school, profile.krant) == (None, "de Volkskrant")


@pytest.mark.parametrize(
    "values, message",
    [
        ({"team": 0}, "profiel.toml, veld 'team': het aantal teamleden moet tussen 1 en 500 liggen, niet 0."),
        ({"team": 2.5}, "profiel.toml, veld 'team': het aantal teamleden moet een geheel getal zijn, niet 2.5."),
        ({"team": True}, "profiel.toml, veld 'team': het aantal teamleden moet een geheel getal zijn, niet true."),
        (
            {"procesleiders": 21},
            "profiel.toml, veld 'procesleiders': het aantal procesleiders moet tussen 1 en 20 liggen, niet 21.",
        ),
        ({"school": 12}, "profiel.toml, veld 'school': verwacht tekst, niet 12."),
        ({"school": "de\nRegenboog"}, "profiel.toml, veld 'school': de tekst mag geen regeleinde bevatten."),
        ({"school": "de\tRegenboog"}, "profiel.toml, veld 'school': de tekst mag geen tab bevatten."),
        (
            {"school": "de\x07Regenboog"},
            "profiel.toml, veld 'school': de tekst mag geen onzichtbaar stuurteken (uit een geplakte tekst) bevatten.",
        ),
        (
            {"directeur": "x" * 41},
            "profiel.toml, veld 'directeur': te lang (41 tekens); op de kaarten past hoogstens 40 "
            "tekens. Kies een kortere vorm.",
        ),
        (
            {"sessie1": "2027-01-12 15:00", "sessie2": "2027-01-12 15:00"},
            "profiel.toml, veld 'sessie2': sessie 2 moet na sessie 1 vallen.",
        ),
        (
            {"sessie1": "2027-01-12 15:00", "sessie2": "2027-01-12"},  # midnight of the same day: before
            "profiel.toml, veld 'sessie2': sessie 2 moet na sessie 1 vallen.",
        ),
        (
            {"sessie1": datetime(2027, 2, 9, 15, 0), "sessie2": datetime(2027, 1, 12, 15, 0)},
            "profiel.toml, veld 'sessie2': sessie 2 moet na sessie 1 vallen.",
        ),
        (
            {"sessie2": "volgende week"},
            "profiel.toml, veld 'sessie2': geen datum die ik kan lezen: 'volgende week'. "
            'Schrijf bijvoorbeeld "2027-01-12 15:00".',
        ),
    ],
)
def test_bad_values_name_the_file_and_the_field(values, message):
    with pytest.raises(UserError) as caught:
        build_profile(values, file_name="profiel.toml", today=TODAY)
    assert str(caught.value) == message
    assert caught.value.option is None


def test_session_2_a_minute_after_session_1_is_accepted():
    profile = build_profile({"sessie1": "2027-01-12 15:00", "sessie2": "2027-01-12 15:01"}, today=TODAY)
    assert profile.sessie2 == datetime(2027, 1, 12, 15, 1)


def test_a_bad_option_is_marked_as_a_usage_error():
    with pytest.raises(UserError) as caught:
        build_profile(options={"team": "nul"}, today=TODAY)
    assert caught.value.option == "--team"


def test_a_profile_file_with_an_unknown_field_is_refused(tmp_path):
    path = tmp_path / "school.toml"
    path.write_text('school = "de Regenboog"\nteamgrootte = 20\n', encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_profile_file(path)
    assert str(caught.value) == (
        "school.toml: onbekend veld 'teamgrootte'. Bekende velden: school, directeur, jaar, "
        "krant, team, groepsgrootte, procesleiders, sessie1, sessie2, snijtekens, verschuif_x, verschuif_y, "
        "waarden, toekomstperspectief, waarden_ouders."
    )


def test_an_old_profile_with_sector_loads_and_the_field_is_skipped_with_a_notice(tmp_path):
    path = tmp_path / "oud.toml"
    path.write_text('school = "de Regenboog"\nsector = "vo"\n', encoding="utf-8")
    values = read_profile_file(path)
    assert build_profile(values) == build_profile({"school": "de Regenboog"})
    assert retired_notices(values, "oud.toml") == [
        "oud.toml: het veld ‘sector’ (soort onderwijs) doet niets meer en is overgeslagen."
    ]
    assert retired_notices({"school": "de Regenboog"}, "nieuw.toml") == []


def test_a_profile_file_in_another_encoding_is_refused(tmp_path):
    path = tmp_path / "school.toml"
    path.write_bytes('school = "Sint-Jozef Bergeijk ë"\n'.encode("latin-1"))
    with pytest.raises(UserError) as caught:
        read_profile_file(path)
    assert str(caught.value) == "school.toml: geen tekstbestand in UTF-8."
