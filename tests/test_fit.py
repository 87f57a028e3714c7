"""Text never overflows: for any plausible profile every card, front and back, fits inside the safe zone at
its kind's body size (labels 8 pt or more), or the kit is refused with a Dutch message naming the card and
the user value; it never prints past the margin."""

import pytest
from conftest import TODAY
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pdfcheck import pages

from waardenkaart.intake.errors import UserError
from waardenkaart.intake.layout import default_card_layout
from waardenkaart.intake.profile import build_profile
from waardenkaart.kit import CARD_FILE, make_kit

LAYOUT = default_card_layout()
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëïöüçłıễÉ'&<>-"
# Words as people write them; one in 25 too wide for a line of a card, which must be refused.
word = st.integers(1, 25).flatmap(
    lambda n: (
        st.text(alphabet=LETTERS, min_size=1, max_size=14)
        if n > 1
        else st.text(alphabet="MW", min_size=30, max_size=40)
    )
)
FIELDS = {"school": "de naam van de school", "directeur": "de naam van de directeur", "krant": "de krant"}


def phrase(max_length: int):
    return st.lists(word, min_size=1, max_size=12).map(lambda words: " ".join(words)[:max_length])


def assert_inside_the_safe_zone(kit):
    """Every line of every page, fronts and backs, at the smallest size or more and inside the safe zone."""
    trim_left, trim_bottom = LAYOUT.bleed, LAYOUT.bleed
    for page in pages(kit.files[CARD_FILE]):
        assert page.runs, page.number
        for run in page.runs:
            assert run.size >= 8
            assert trim_left + LAYOUT.safe - 0.01 <= run.x0 and run.x1 <= trim_left + LAYOUT.width - LAYOUT.safe + 0.01
            assert (
                trim_bottom + LAYOUT.safe - 0.01 <= run.y0
                and run.y1 <= trim_bottom + LAYOUT.height - LAYOUT.safe + 0.01
            )


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    school=phrase(60),
    directeur=phrase(40),
    krant=phrase(30),
    waarden=st.lists(phrase(24), min_size=5, max_size=6, unique_by=lambda value: " ".join(value.split()).casefold()),
)
@example(school="W" * 60, directeur="M", krant="de Krant", waarden=["a", "b", "c", "d", "e"])  # refused
@example(school="W " * 30, directeur="M " * 20, krant="K " * 15, waarden=["x " * 12, "a", "b", "c", "d"])  # fits
def test_any_plausible_profile_fits_or_is_refused_by_name(school, directeur, krant, waarden):
    values = {"school": school, "directeur": directeur, "krant": krant, "waarden": waarden, "waarden_ouders": waarden}
    profile = build_profile(values, today=TODAY)
    try:
        kit = make_kit(profile)
    except UserError as refused:
        event("refused")
        message = str(refused)
        assert message.startswith("De kaart ‘") and message.endswith("Kies een kortere vorm.")
        assert "(content/kaarten/" in message and "past niet op de A6-kaart" in message
        named = [f"{label} ({len(getattr(profile, key))} tekens)" for key, label in FIELDS.items()]
        assert any(field in message for field in named) or "de waarde (" in message, message
        return
    event("fits")
    assert_inside_the_safe_zone(kit)


DREAM = "De kaart ‘Sessie 1: Droomfase’ (content/kaarten/s1-4-droomfase.toml) past niet op de A6-kaart: "


@pytest.mark.parametrize(
    "values, message",
    [
        (
            {"school": "W" * 60},
            DREAM + "de tekst op de voorkant is bij 11 pt te lang. Deze kaart toont de krant (13 tekens), de naam van "
            "de school (60 tekens). Kies een kortere vorm.",
        ),
        (
            {"krant": "W" * 30},
            DREAM + "de tekst op de voorkant is bij 11 pt te lang. Deze kaart toont de krant (30 tekens). Kies een "
            "kortere vorm.",
        ),
    ],
    ids=["school", "newspaper"],
)
def test_text_that_cannot_fit_is_refused_with_the_card_and_the_field_named(values, message):
    with pytest.raises(UserError) as caught:
        make_kit(build_profile(values, today=TODAY))
    assert str(caught.value) == message


def test_the_widest_allowed_value_steps_down_on_its_card_and_stays_the_key():
    """A value is one unbreakable name: 24 wide letters print whole, smaller than 20 pt, never below the title."""
    kit = make_kit(build_profile({"waarden": ["W" * 24, "respect", "rust", "vieren", "samen"]}, today=TODAY))
    layout = default_card_layout()
    runs = [run for page in pages(kit.files[CARD_FILE]) for run in page.runs if run.text == "W" * 24]
    assert runs, "the value is not printed whole on one line"
    key = max(run.size for run in runs)
    assert layout.subtitle_size <= key < layout.key_size
    inner = (layout.bleed + layout.safe, layout.bleed + layout.width - layout.safe)
    assert all(inner[0] <= run.x0 and run.x1 <= inner[1] for run in runs)
