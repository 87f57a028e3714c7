"""The facilitator's run-sheets, the packing list and the cycle poster."""

import csv
import io
import re
from datetime import datetime

import pytest
from conftest import SESSIONS_PROFILE, TODAY, kit_for
from pdfcheck import page_text, pages, reader, squash
from reportlab.lib.units import mm

from waardenkaart.intake.content import default_content
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.profile import build_profile
from waardenkaart.text.schedule import schedule, total_minutes

CONTENT = default_content()


def text_of(data: bytes) -> str:
    return " ".join(page_text(page) for page in pages(data))


@pytest.mark.parametrize("team, groups, total", [(1, 1, 117), (7, 2, 119), (20, 5, 125), (41, 11, 137)])
def test_every_part_starts_when_the_one_before_ends(team, groups, total):
    profile = build_profile({"sessie1": "2027-01-12 15:00", "team": team}, today=TODAY)
    slots = schedule(1, profile, CONTENT)
    assert slots[0].start == datetime(2027, 1, 12, 15, 0)
    for before, after in zip(slots, slots[1:]):
        assert after.start == before.end
    presentations = next(slot for slot in slots if slot.title == "Deel 2: presentaties")
    assert presentations.minutes == 2 * groups
    assert total_minutes(slots) == total
    assert (slots[-1].end - slots[0].start).total_seconds() == total * 60


def test_the_run_sheet_shows_clock_times_in_dutch_and_says_when_it_runs_over():
    kit = kit_for(SESSIONS_PROFILE)
    one, two = text_of(kit.files["draaiboek-sessie1-A4.pdf"]), text_of(kit.files["draaiboek-sessie2-A4.pdf"])
    assert "de Regenboog · dinsdag 12 januari 2027, 15.00 uur" in one
    for piece in (
        "15.00 uur 1. Welkom en inleiding",
        "Procesbegeleider(s) 10 min. 15.10 uur",
        "16.35 uur 4b. Deel 2: presentaties",
        "Deelnemers 10 min. 16.45 uur",
    ):
        assert piece in one, piece
    assert "Totaal 125 minuten, klaar om 17.05 uur." in one
    assert squash(
        "Let op: dit programma duurt 125 minuten, 5 minuten langer dan het programmaoverzicht van het handboek zegt "
        "(“Totaal 120 minuten”)."
    ) in squash(one)
    assert squash("Gerekend met 5 groepjes van ongeveer 4 deelnemers.") in squash(one)
    assert "Totaal 115 minuten, klaar om 17.25 uur." in two
    assert squash("het programmaoverzicht van het handboek zegt “Totaal 120 minuten”") in squash(two)
    assert "dinsdag 9 februari 2027, 15.30 uur" in two


def test_without_a_start_time_the_run_sheet_gives_durations_only():
    text = text_of(kit_for().files["draaiboek-sessie1-A4.pdf"])
    assert "Onderdeel Wie Duur" in text and "Begin Onderdeel" not in text and not re.search(r"\d\.\d\d uur", text)
    assert squash("Er is nog geen begintijd: hier staan alleen de duur en het totaal.") in squash(text)
    assert "Totaal 125 minuten." in text


def test_the_read_aloud_texts_are_the_handbooks_with_the_profile_in_its_blanks():
    kit = kit_for({"school": "OBS Het Palet", "directeur": "Anna de Vries", "krant": "het Parool", "jaar": 2028})
    one = squash(text_of(kit.files["draaiboek-sessie1-A4.pdf"]))
    # The handbook's read-aloud text of the dream step, with the director's blank filled in.
    assert (
        squash(
            "Stel, het is 2028 en jullie komen ’s ochtends op school. Anna de Vries loopt binnen "
            "met het Parool van die dag. Daarin staat een paginagroot artikel over de bijzondere schoolsfeer op "
            "OBS Het Palet. In het artikel wordt het team van OBS Het Palet geroemd om haar bijzondere aanpak."
        )
        in one
    )
    assert squash("Belangrijk is om te praten in de tegenwoordige tijd, dus alsof het nu 2028 is.") in one
    assert squash("We zullen in deze ‘droomfase’ twee jaar vooruitblikken:") in one
    # "onze school" is the handbook's own wording there, no blank to fill
    assert squash("het bevorderen van welbevinden op onze school. Dit kan gaan om een ervaring") in one
    assert squash("Kies hiervoor een creatieve vorm.") in one
    assert squash("schrijf de naam van jullie school") not in one.casefold()
    neutral = squash(text_of(kit_for().files["draaiboek-sessie1-A4.pdf"]))
    # neither year nor school known: the handbook's two lines, word for word
    assert squash(
        "Schrijf op de deelnemerskaartjes van deze sessie en je eigen voorleesteksten het jaartal dat op dit moment "
        "2 jaar in de toekomst ligt. (Daar staat steeds “20__”)."
    ) in neutral
    assert squash("Schrijf ook de naam van jullie school op deze kaartjes daar waar veel puntjes staan") in neutral
    # the year known, the school not: the second line alone, naming the cards
    year_only = squash(text_of(kit_for({"jaar": 2028}).files["draaiboek-sessie1-A4.pdf"]))
    assert squash("Schrijf de naam van jullie school op de deelnemerskaartjes van deze sessie") in year_only
    assert squash("het jaartal dat op dit moment") not in year_only
    assert squash("op school. ............................ loopt binnen met de Volkskrant van die dag.") in neutral


def test_session_2_settles_step_4_and_gives_the_director_a_part():
    two = squash(text_of(kit_for().files["draaiboek-sessie2-A4.pdf"]))
    assert squash("Wanneer vindt er een follow-up plaats en wie voert dit uit?") in two
    assert squash("Hoe vieren we uitgevoerde acties? Vul dit in in Tabel 2.") in two
    assert squash("De rol van de directie: Directie (of MT) licht toe hoe het vervolg gefaciliteerd wordt.") in two
    # the "Ja, en" cards are introduced by the facilitator, in the handbook's words
    assert squash("Introduceer deze kaartjes als volgt:") in two
    assert squash("Ja, en dat betekent dat we met een aantal andere projecten moeten stoppen.") in two


@pytest.mark.parametrize("team, stickers, pens", [(1, 3, 1), (7, 21, 7), (20, 60, 20), (41, 123, 41)])
def test_the_packing_list_counts_agree_with_the_order_list(team, stickers, pens):
    kit = kit_for(team=team)
    text = squash(text_of(kit.files["paklijst-A4.pdf"]))
    rows = list(csv.reader(io.StringIO(kit.files["bestellijst.csv"].decode("utf-8-sig")), delimiter=";"))[1:]
    for number, _, title, kind, _, count, _ in rows:  # the number as on the card's back tells equal titles apart
        # a title that only repeats the card's kind ("Ja, en:" of the ‘Ja, en’-kaartje) is left out
        name = kind if title.rstrip(":") in kind.replace("‘", "").replace("’", "") else f"{kind}: {title}"
        assert squash(f"{count} {number} / {len(rows)} {name}") in text, (title, count)
    assert "Ja,en’kaartje:Ja,en:" not in text
    # the handbook lists the stickers with the materials of session 2; its sticker vote is in session 1
    first, second = text.index(squash(f"{stickers} stickertjes")), text.rindex(squash(f"{stickers} stickertjes"))
    assert first < text.index(squash("Sessie 2")) < second
    assert text.count(squash(f"{pens} pennen")) == 2


def test_the_poster_is_a3_with_the_four_steps_around_the_theme():
    data = kit_for(SESSIONS_PROFILE).files["poster-cyclus-A3.pdf"]
    page = reader(data).pages[0]
    assert [round(float(v) / mm, 1) for v in page.trimbox] == [3, 3, 300, 423]
    assert [round(float(v) / mm, 1) for v in page.mediabox] == [0, 0, 303, 426]
    text = text_of(data)
    for piece in (
        "Welbevinden op school",
        "1. Ontdekken Wat is er al?",
        "2. Dromen Waar willen we naar toe?",
        "3. Organiseren Wat staat ons te doen?",
        "4. Opleveren Doen wat afgesproken is!",
        "de Regenboog",
    ):
        assert piece in text, piece


@pytest.mark.parametrize("size, groups", [(4, 5), (5, 4), (3, 7)])
def test_the_group_size_sets_the_presentation_time_and_the_counts(size, groups):
    kit = kit_for({"team": 20, "groepsgrootte": size, "sessie1": "2027-01-12 15:00"})
    one = squash(text_of(kit.files["draaiboek-sessie1-A4.pdf"]))
    assert squash(f"Gerekend met {groups} groepjes van ongeveer {size} deelnemers.") in one
    assert squash(f"4b. Deel 2: presentaties 2 min per groepje Deelnemers {2 * groups} min.") in one
    rows = list(csv.reader(io.StringIO(kit.files["bestellijst.csv"].decode("utf-8-sig")), delimiter=";"))[1:]
    dream = next(row for row in rows if row[3] == "Deelnemerskaartje" and "Droomfase" in row[2])
    assert dream[5:] == [str(groups), f"1 per groepje van {size}"]


@pytest.mark.parametrize("size", [1, 11, "vier"])
def test_a_group_size_out_of_range_is_refused_in_dutch(size):
    with pytest.raises(UserError) as caught:
        build_profile({"groepsgrootte": size}, file_name="profiel.toml", today=TODAY)
    assert str(caught.value).startswith("profiel.toml, veld 'groepsgrootte': de grootte van de groepjes moet ")


def test_overview_cards_name_the_parts_as_the_handbooks_cards_and_session_2_closes_with_the_parents():
    kit = kit_for({"school": "de Regenboog", "waarden": ["a", "b", "c", "d", "e", "f"]})
    cards = squash(" ".join(page_text(page) for page in pages(kit.files["kaarten-A6-drukbestand.pdf"])))
    for name in ("Stap1ontdekken(uitleg5min.)", "Stap2dromen(uitleg5min.)", "a.Actiepuntenformuleren(30min.)"):
        assert name in cards, name
    assert "Afsluitingenevaluatie(10min.)" in cards and "(10min)" not in cards
    first = squash(text_of(kit.files["draaiboek-sessie1-A4.pdf"]))
    assert "Resultaatenafsluitingsessie1Formulerentop6waarden." in first
    second = squash(text_of(kit.files["draaiboek-sessie2-A4.pdf"]))
    closing = second[second.rindex("4.Evaluatieenafsluiting") :]  # the script, after the table
    assert closing.startswith("4.EvaluatieenafsluitingOudersDoen:Ineersteinstantiezetjedezetool")
    assert "ouderenleerlingenraadvragen" in closing and "actiepuntendoordeleerlingenhieraanverbinden" in closing
