"""Making a kit: a pure function of a validated profile that returns named files in memory.

Writing them to a folder, a zip or an HTTP response is left to thin layers on top.
"""

import io
import re
import unicodedata
from dataclasses import dataclass

from .cardface import CardFace
from .content import Content, default_content
from .layout import CardLayout, default_card_layout
from .merge import merge
from .orderlist import OrderLine, order_csv
from .pdf import print_canvas
from .profile import Profile
from .quantities import copies, rule_text

CARD_FILE = "kaarten-A6-drukbestand.pdf"
ORDER_FILE = "bestellijst.csv"


@dataclass(frozen=True)
class Kit:
    name: str
    files: dict[str, bytes]


@dataclass(frozen=True)
class Maker:
    """Content, layout and the renderer built on them: made once per process, used for every kit."""

    content: Content
    layout: CardLayout
    face: CardFace


_MAKER: Maker | None = None


def default_maker() -> Maker:
    global _MAKER
    if _MAKER is None:
        content, layout = default_content(), default_card_layout()
        _MAKER = Maker(content, layout, CardFace(layout, content))
    return _MAKER


def kit_name(profile: Profile) -> str:
    """The kit's folder name: waardenkaart-<school>-<year>, in plain lowercase ASCII."""
    if not profile.school:
        return f"waardenkaart-{profile.jaar}"
    ascii_name = unicodedata.normalize("NFKD", profile.school.replace("ł", "l").replace("Ł", "L"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")
    if len(slug) > 50:
        slug = slug[:51].rsplit("-", 1)[0]
    return f"waardenkaart-{slug}-{profile.jaar}" if slug else f"waardenkaart-{profile.jaar}"


def make_kit(profile: Profile, maker: Maker | None = None) -> Kit:
    maker = maker or default_maker()
    content, layout, face = maker.content, maker.layout, maker.face
    merged = [merge(card, profile, content) for card in content.cards]

    buffer = io.BytesIO()
    school = profile.school or "neutrale kit"
    canv = print_canvas(buffer, layout.page_size, layout.trim_box, layout.bleed_box, face.fonts.regular,
                        title=f"Waarden Werken voor Welbevinden op School: kaarten voor {school}, {profile.jaar}",
                        subject=f"{len(merged)} kaarten A6, voor- en achterkant, 3 mm afloop")
    backs: dict[tuple[str, int], str] = {}
    lines = []
    for number, card in enumerate(merged):
        canv.translate(layout.bleed, layout.bleed)
        face.draw_front(canv, card)
        canv.showPage()
        key = (card.card.kind, card.card.session)
        if key not in backs:
            backs[key] = f"back-{card.card.kind}-{card.card.session}"
            canv.beginForm(backs[key])
            canv.translate(layout.bleed, layout.bleed)
            face.draw_back(canv, *key)
            canv.endForm()
        canv.doForm(backs[key])
        canv.showPage()
        kind = content.kinds[card.card.kind]
        lines.append(OrderLine(f"{2 * number + 1}-{2 * number + 2}", card.title, kind.label, card.card.session,
                               copies(card.card.quantity, profile, content), rule_text(card.card.quantity, content)))
    canv.save()
    return Kit(kit_name(profile), {CARD_FILE: buffer.getvalue(), ORDER_FILE: order_csv(lines)})
