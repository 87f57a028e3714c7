"""The handbook's texts as data: every appendix card is there, and broken data is named precisely."""

import shutil

import pytest

from waardenkaart.intake.content import default_content, load_content
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.layout import load_card_layout
from waardenkaart.intake.resources import data_dir

CONTENT = default_content()


def test_every_card_of_the_appendices_is_there():
    # Every card has one front: a handbook card that does not fit one A6 front at the deck's body size is
    # several cards here, in the handbook's order (the dream step's facilitator card three, its group card
    # two, the future perspective two, the value card two: questions 1-3, then question 4 with its horizons).
    dream = ("Sessie 1: Droomfase", "Waar willen we naartoe?")
    future = ("Sessie 1: Toekomstperspectief en top {{ aantal_waarden }} waarden", "")
    values = ("Sessie 2: Aan de slag met de waarden", "Waarde: {{ waarde }}")
    assert [(card.kind, card.session, card.title, card.subtitle) for card in CONTENT.cards] == [
        ("procesleider", 1, "Sessie 1: Overzicht", ""),
        ("deelnemer", 1, "Sessie 1: Waarderend gesprek “Beste ervaring”", "Wat is er al?"),
        ("deelnemer", 1, "Sessie 1: Waarderend gesprek “Beste ervaring”", "Wat is er al?"),
        ("procesleider", 1, *dream),
        ("procesleider", 1, *dream),
        ("procesleider", 1, *dream),
        ("deelnemer", 1, *dream),
        ("deelnemer", 1, *dream),
        ("procesleider", 1, *future),
        ("procesleider", 1, *future),
        ("procesleider", 2, "Sessie 2: Overzicht", ""),
        ("procesleider", 2, "Sessie 2: Aan de slag met de waarden", ""),
        ("deelnemer", 2, *values),
        ("deelnemer", 2, *values),
        ("procesleider", 2, "Sessie 2: Pitchen van acties", ""),
        ("ja-en", 2, "Ja, en:", ""),
        ("ouders", 2, "Ouderavond", ""),
        ("ouders", 2, "Ouderavond", ""),
        ("ouders", 2, "Ouderavond", ""),
        ("leerlingen", 2, "Onze waarden", ""),
        ("ouders-leerlingen", 2, "Knikkerstemming", ""),
    ]
    assert [card.id for card in CONTENT.cards if card.requires] == [
        "s2-6-ouderavond",
        "s2-6b-ouderavond-vragen",
        "s2-6c-ouderavond-actieplan",
        "s2-7-leerlingen",
        "s2-8-knikkerstemming",
    ]


def test_the_read_aloud_texts_and_the_numbered_questions_are_whole_on_their_cards():
    """A card that goes on from the one before it numbers on: question 4 of the value card is "4."."""
    plans = [card for card in CONTENT.cards if card.id.endswith("-actieplan")]
    assert len(plans) == 2
    for card in plans:
        numbered = next(block for block in card.blocks if block.type == "numbered")
        horizons = next(block for block in card.blocks if block.type == "lettered")
        assert numbered.start == 4 and numbered.items[0].startswith("Actiepunten formuleren.")
        assert horizons.lines >= 2 and horizons.fill


def test_the_programme_agrees_with_the_handbook_after_its_fixes():
    sessions = CONTENT.programme.sessions
    titles = [part.title for part in sessions[2].parts]
    assert "Stap 4: opleveren" in titles and "Stap 4: organiseren" not in titles
    step3 = sessions[2].parts[1]
    assert [sub.title for sub in step3.parts] == [
        "Deel 1: actiepunten formuleren",
        "Pauze",
        "Deel 2: pitchen van acties",
    ]
    fixed = sum(part.minutes or 0 for session in (1,) for part in sessions[session].parts)
    fixed += sum(sub.minutes or 0 for part in sessions[1].parts for sub in part.parts)
    assert fixed == 115  # plus 2 minutes per group for the presentations


@pytest.fixture
def content_copy(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(data_dir("content"), folder)
    return folder


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        (
            "kaarten/s1-1-overzicht.toml",
            'kind = "procesleider"',
            'kind = "leider"',
            "content/kaarten/s1-1-overzicht.toml: veld 'kind': onbekende waarde 'leider'; "
            "kies uit 'procesleider', 'deelnemer', 'ja-en', 'ouders', 'leerlingen', 'ouders-leerlingen'.",
        ),
        (
            "kaarten/s1-1-overzicht.toml",
            "session = 1\n",
            "",
            "content/kaarten/s1-1-overzicht.toml: veld 'session': ontbreekt.",
        ),
        (
            "kaarten/s1-1-overzicht.toml",
            'quantity = { per = "procesleider" }',
            'quantity = { per = "klas" }',
            "content/kaarten/s1-1-overzicht.toml: veld 'quantity.per': onbekende waarde 'klas'; kies uit 'deelnemer', "
            "'tweetal', 'groepje', 'waarde', 'procesleider', 'vast'.",
        ),
        (
            "kaarten/s1-4-droomfase.toml",
            "{{ school }}.",
            "{{ schoolnaam }}.",
            "content/kaarten/s1-4-droomfase.toml: veld 'block[1].text': onbekende variabele 'schoolnaam'; "
            "bekend zijn: aantal_ouderwaarden, aantal_waarden, aantal_woord, directeur, jaar, krant, school, "
            "toekomstperspectief, waarde, waarden, waarden_tekst.",
        ),
        (
            "kaarten/s1-4-droomfase.toml",
            "{{ school }}.",
            "{{ school }.",
            "content/kaarten/s1-4-droomfase.toml: veld 'block[1].text': fout in sjabloon: unexpected '}'.",
        ),
        (
            "kaarten/s1-3-quote.toml",
            'label = "Quote 1"',
            'label = "Quote 1"\nside = "back"',
            "content/kaarten/s1-3-quote.toml: veld 'block[2].side': onbekend veld; bekende velden: type, label, "
            "lines, each, fill.",
        ),
        (
            "kaarten/s2-3b-waardengroep-actieplan.toml",
            "lines = 2\nfill = true",
            "fill = true",
            "content/kaarten/s2-3b-waardengroep-actieplan.toml: veld 'block[2].fill': werkt alleen met lines: de "
            "regels onder elk punt lopen door tot onderaan de kaart.",
        ),
        (
            "kaarten/s2-3b-waardengroep-actieplan.toml",
            "start = 4",
            "start = 0",
            "content/kaarten/s2-3b-waardengroep-actieplan.toml: veld 'block[1].start': moet minstens 1 zijn.",
        ),
        (
            "kaarten/s1-3-quote.toml",
            "lines = 5",
            "lines = 0",
            "content/kaarten/s1-3-quote.toml: veld 'block[2].lines': moet minstens 1 zijn.",
        ),
        (
            "kaarten/s1-3-quote.toml",
            'type = "write_lines"',
            'type = "lines"',
            "content/kaarten/s1-3-quote.toml: veld 'block[2].type': onbekende waarde 'lines'; kies uit 'paragraph', "
            "'read_aloud', 'numbered', 'lettered', 'bullets', 'write_lines', 'programme'.",
        ),
        (
            "kaarten/s1-3-quote.toml",
            'label = "Quote 1"',
            'label = "Quote 1"\ncolour = 1',
            "content/kaarten/s1-3-quote.toml: veld 'block[2].colour': onbekend veld; bekende velden: type, label, "
            "lines, each, fill.",
        ),
        (
            "kaarten/s1-3-quote.toml",
            'ours = true\nlabel = "Quote 1"',
            'ours = ["label", "titel"]\nlabel = "Quote 1"',
            "content/kaarten/s1-3-quote.toml: veld 'block[2].ours': noemt 'titel', maar die tekst staat niet in deze "
            "tabel.",
        ),
        (
            "kaarten/s2-3-waardengroep.toml",
            'ours = ["subtitle"]',
            'ours = "ja"',
            "content/kaarten/s2-3-waardengroep.toml: veld 'ours': moet true zijn of een lijst met namen van velden van "
            'deze tabel, zoals ["title"].',
        ),
        (
            "programma.toml",
            'card = "s2-4-pitchen"',
            'card = "s2-4-pitchen"\nnote = "Doen."',
            "content/programma.toml: veld 'session[2].part[2].part[3].script[1].say': geef precies één van 'say', "
            "'note', 'director', 'card', 'heading'.",
        ),
        (
            "programma.toml",
            'card = "s2-4-pitchen"',
            'card = "s2-4-pitch"',
            "content/programma.toml: onderdeel 'Deel 2: pitchen van acties' noemt kaart 's2-4-pitch', maar die staat "
            "niet in content/kaarten/.",
        ),
        (
            "afwijkingen.toml",
            'reden = "Tikfout: “verschillende”."',
            'reden = " "',
            "content/afwijkingen.toml: veld 'afwijking[8].reden': is leeg.",
        ),
        (
            "programma.toml",
            "minutes_per_group = 2",
            "minutes = 5\nminutes_per_group = 2",
            "content/programma.toml: veld 'session[1].part[4].part[2].minutes': geef precies één van 'minutes' en "
            "'minutes_per_group'.",
        ),
        (
            "profiel.toml",
            "max_length = 60",
            'max_length = "zestig"',
            "content/profiel.toml: veld 'school.max_length': moet een geheel getal zijn, niet 'zestig'.",
        ),
        (
            "soorten.toml",
            'label = "Procesleiderkaartje"',
            'label = "Procesleiderkaartje',
            "content/soorten.toml: geen geldige TOML: regel 6, kolom 29: ongeldig teken "
            "(een tekst zonder sluitend aanhalingsteken?).",
        ),
    ],
)
def test_broken_content_is_refused_with_file_and_field(content_copy, file, old, new, message):
    _edit(content_copy / file, old, new)
    with pytest.raises(UserError) as caught:
        load_content(content_copy)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "ja-en = [90, 20, 100, 40]\n",
            "",
            "layouts/a6-kaart.toml: veld 'colours.ja-en': ontbreekt: elke kaartsoort heeft een kleur.",
        ),
        (
            "deelnemer = [0, 75, 100, 35]",
            "deelnemer = [100, 100, 100, 100]",
            "layouts/a6-kaart.toml: veld 'colours.deelnemer': totale inktdekking 400% is meer dan 300%.",
        ),
        (
            "procesleider = 11\n",
            "procesleider = 9\n",
            "layouts/a6-kaart.toml: veld 'text.size.procesleider': moet minstens 9.5 zijn, niet 9.",
        ),
        (
            "leerlingen = 11\n",
            "",
            "layouts/a6-kaart.toml: veld 'text.size.leerlingen': ontbreekt.",
        ),
    ],
)
def test_a_broken_layout_is_refused_with_file_and_field(tmp_path, old, new, message):
    layout = tmp_path / "layouts" / "a6-kaart.toml"
    layout.parent.mkdir()
    shutil.copy(data_dir("layouts") / "a6-kaart.toml", layout)
    _edit(layout, old, new)
    with pytest.raises(UserError) as caught:
        load_card_layout(layout, CONTENT.kinds)
    assert str(caught.value) == message
