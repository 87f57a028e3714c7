"""Text never overflows: for any plausible profile every card, front and back, fits inside the safe zone at
its kind's body size (labels 8 pt or more), or the kit is refused with a Dutch message naming the card and
the user value; it never prints past the margin."""

from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfcheck import pages

from waardenkaart.errors import UserError
from waardenkaart.kit import CARD_FILE, make_kit
from waardenkaart.layout import default_card_layout
from waardenkaart.profile import build_profile

LAYOUT = default_card_layout()
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëïöüçłıễÉ'&<>-"
word = st.text(alphabet=LETTERS, min_size=1, max_size=14)


def phrase(max_length: int):
    return st.lists(word, min_size=1, max_size=12).map(" ".join).filter(lambda s: len(s) <= max_length)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    school=phrase(60),
    directeur=phrase(40),
    krant=phrase(30),
    waarden=st.lists(phrase(24), min_size=5, max_size=6, unique_by=lambda value: " ".join(value.split()).casefold()),
)
def test_any_plausible_profile_fits_or_is_refused_by_name(school, directeur, krant, waarden):
    values = {"school": school, "directeur": directeur, "krant": krant, "waarden": waarden, "waarden_ouders": waarden}
    profile = build_profile(values, today=TODAY)
    try:
        kit = make_kit(profile)
    except UserError as refused:
        assert str(refused).startswith("De kaart ‘") and "Kies een kortere vorm." in str(refused)
        return
    trim_left, trim_bottom = LAYOUT.bleed, LAYOUT.bleed
    for page in pages(kit.files[CARD_FILE]):
        for run in page.runs:
            assert run.size >= 8
            assert trim_left + LAYOUT.safe - 0.01 <= run.x0 and run.x1 <= trim_left + LAYOUT.width - LAYOUT.safe + 0.01
            assert (
                trim_bottom + LAYOUT.safe - 0.01 <= run.y0
                and run.y1 <= trim_bottom + LAYOUT.height - LAYOUT.safe + 0.01
            )
