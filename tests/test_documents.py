"""The one list of the kit's documents: checked on load, followed by make_kit, LEESMIJ.txt and the zip."""

import pytest
from conftest import LONG_PROFILE, TODAY, kit_for

from waardenkaart.bundle import ZIP_FILE
from waardenkaart.intake.documentlist import load_document_list
from waardenkaart.intake.errors import UserError
from waardenkaart.intake.profile import build_profile
from waardenkaart.intake.resources import data_dir
from waardenkaart.kit import CARD_FILE, ORDER_FILE, PRINT_ORDER_FILE, SHEET_FILE, TABLES_FILE, default_maker
from waardenkaart.kitdocuments import MAKERS

SOURCE = (data_dir("content") / "documenten.toml").read_text(encoding="utf-8")
DOCUMENTS = default_maker().documents


def test_the_list_names_every_maker_once_and_the_files_other_modules_use():
    assert sorted(d.maker for d in DOCUMENTS.documents) == sorted(MAKERS)
    files = [d.file for d in DOCUMENTS.documents]
    assert len(set(files)) == len(files)
    assert {CARD_FILE, ORDER_FILE, PRINT_ORDER_FILE, SHEET_FILE, TABLES_FILE, "LEESMIJ.txt"} <= set(files)
    assert DOCUMENTS.zip_file == ZIP_FILE
    assert {d.file for d in DOCUMENTS.documents if d.audience == "drukker"} == {CARD_FILE, PRINT_ORDER_FILE}


@pytest.mark.parametrize(
    "values, extra",
    [
        ({}, []),
        ({"waarden": LONG_PROFILE["waarden"]}, ["posters-waarden-A3.pdf", "poster-toekomstperspectief-A3.pdf"]),
        ({"waarden_ouders": ["rust"]}, ["knikkerstemming-A4.pdf"]),
    ],
)
def test_a_kit_holds_the_documents_its_profile_calls_for_in_the_lists_order(values, extra):
    kit = kit_for(values)
    expected = [d.file for d in DOCUMENTS.documents if d.when == "altijd" or d.file in extra]
    assert list(kit.files) == expected
    readme = kit.files["LEESMIJ.txt"].decode("utf-8")
    for document in DOCUMENTS.documents:
        assert f"  {document.file}\r\n      {document.purpose}" in readme


def test_leesmij_names_the_school_groups_by_audience_and_says_what_more_can_come():
    profile = build_profile({"school": "de Regenboog", "jaar": 2029}, today=TODAY)
    text = DOCUMENTS.listing(profile)
    readme = kit_for({"school": "de Regenboog", "jaar": 2029}).files["LEESMIJ.txt"].decode("utf-8")
    lines = readme.split("\r\n")
    assert lines[0] == "Waarden Werken voor Welbevinden op School: de kit voor de Regenboog, 2029"
    assert lines[2:3] == ["Voor de drukker:"] and lines[2 : 2 + len(text)] == text
    assert [line for line in lines if line.endswith(":")] == [
        "Voor de drukker:",
        "Voor de school:",
        "Voor de procesbegeleider:",
        "Nog niet in deze kit:",
    ]
    assert (
        "      Een A3-poster voor elke waarde van het team. "
        "Komt erbij als u de waarden van het team invult (de top 5 of 6 uit sessie 1)." in lines
    )
    assert readme.endswith("\r\n") and "\n" not in readme.replace("\r\n", "")


def test_the_same_profile_gives_the_same_bytes_twice():
    assert kit_for({"school": "de Regenboog"}).files == kit_for({"school": "de Regenboog"}).files


BROKEN = [
    ('maker = "card_file"', 'maker = "kaartjes"', "veld 'document[1].maker': onbekende waarde 'kaartjes'"),
    ('for = "drukker"', 'for = "ouders"', "veld 'document[1].for': onbekende waarde 'ouders'"),
    ('when = "altijd"', 'when = "later"', "veld 'document[1].when': onbekende waarde 'later'"),
    (
        'file = "kaarten-A4-vellen.pdf"',
        'file = "kaarten-A6-drukbestand.pdf"',
        "veld 'document[2].file': 'kaarten-A6-drukbestand.pdf' staat al eerder in de lijst.",
    ),
    (
        'file = "kaarten-A6-drukbestand.pdf"',
        'file = "../kaarten.pdf"',
        "veld 'document[1].file': '../kaarten.pdf' is geen eenvoudige bestandsnaam op .pdf, .csv, .txt of .zip.",
    ),
    (
        'maker = "sheet_file"',
        'maker = "card_file"',
        "veld 'document[2].maker': 'card_file' maakt al een ander document.",
    ),
    (
        "op ware grootte.",
        "op ware grootte",
        "veld 'document[2].purpose': moet een zin zijn die met een punt eindigt.",
    ),
    ('maker = "readme"', 'maker = "readme"\ncolour = "red"', "veld 'document[15].colour': onbekend veld"),
    (
        'ours = true\nfile = "kaarten-A6',
        'ours = "ja"\nfile = "kaarten-A6',
        "veld 'document[1].ours': moet true zijn of een lijst met namen van velden van deze tabel",
    ),
    ("{{ school }}", "{{ schoolnaam }}", "veld 'readme.title': onbekende variabele 'schoolnaam'"),
    ('drukker = "Voor de drukker"', "", "veld 'audience.drukker': ontbreekt."),
]


@pytest.mark.parametrize("old, new, message", BROKEN)
def test_a_broken_list_is_refused_naming_file_and_field(tmp_path, old, new, message):
    assert old in SOURCE
    (tmp_path / "documenten.toml").write_text(SOURCE.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UserError) as refused:
        load_document_list(tmp_path, MAKERS)
    assert str(refused.value).startswith(f"{tmp_path.name}/documenten.toml: {message}")


def test_a_maker_without_a_document_is_refused(tmp_path):
    (tmp_path / "documenten.toml").write_text(SOURCE, encoding="utf-8")
    with pytest.raises(UserError) as refused:
        load_document_list(tmp_path, [*MAKERS, "brochure"])
    assert str(refused.value) == f"{tmp_path.name}/documenten.toml: veld 'document': geen document voor 'brochure'."
