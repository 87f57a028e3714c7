"""The packing list (paklijst): per session, every card in the order list's numbers and every
material from the handbook's lists, counted for this team, with tick boxes."""

import re
from functools import partial

from markupsafe import Markup
from reportlab.platypus import Table

from ..intake.content import Content, PackItem
from ..intake.layout import DocumentLayout
from ..intake.profile import Profile
from ..text.merge import escape, fill, fill_text
from ..text.paragraph import Paragraph
from ..text.quantities import copies, groups
from .cardface import CardFace
from .checklist import checklist
from .documents import before_table, document_styles, fitted
from .orderlist import OrderLine


def item_count(item: PackItem, profile: Profile, content: Content) -> int:
    return sum(copies(rule, profile, content) for rule in item.quantity)


def packing_file(profile: Profile, lines: list[OrderLine], face: CardFace, layout: DocumentLayout, title: str) -> bytes:
    story = partial(_packing, profile, lines, face)
    return fitted(story, layout, face.fonts.regular, title=title, subject=face.content.packing["title"])


def _packing(profile: Profile, lines: list[OrderLine], face: CardFace, layout: DocumentLayout) -> list:
    content = face.content
    texts = content.packing
    styles = document_styles(layout, face)
    school = profile.school or content.fields["school"].blank
    story = [
        Paragraph(texts["title"], styles.title),
        Paragraph(fill(texts["subtitle"], {"school": school}), styles.bold),
        Paragraph(
            fill(
                texts["intro"],
                {
                    "team": profile.team,
                    "groups": groups(profile.team, profile.groepsgrootte),
                    "group_size": profile.groepsgrootte,
                },
            ),
            styles.body,
        ),
    ]
    count_width = layout.text_size * 3.5
    number = content.labels.card_number
    # Cards used outside the sessions (a kind with a place of its own: parents' evening, the classroom).
    later = {kind.label for kind in content.kinds.values() if kind.where}

    def card_list(chosen: list[OrderLine]):
        # The card's number as on its back: two cards of a session may carry the same title.
        cards = [
            [
                Paragraph(str(line.copies), styles.number),
                Paragraph(fill_text(number, {"number": line.number, "total": line.total}), styles.small),
                _card_name(line, texts["card"]),
            ]
            for line in chosen
        ]
        widths = [count_width, layout.text_size * 5, None]
        return checklist(cards, styles.body, face.black, widths, layout.padding * 0.75)

    for session in sorted({line.session for line in lines}):  # a kit for session 2 alone has no session 1
        story += before_table(fill(texts["session_heading"], {"session": session}), styles.heading, rows=5)
        chosen = [line for line in lines if line.session == session and line.kind not in later]
        story += [*before_table(texts["cards_heading"], styles.subheading), card_list(chosen)]
        materials = [
            [Paragraph(str(item_count(item, profile, content)), styles.number), item.label]
            for item in texts["items"]
            if item.session == session
        ]
        # The materials are short words: two columns, read down the left one first.
        half = (len(materials) + 1) // 2
        columns = [
            checklist(part, styles.body, face.black, [count_width, None], layout.padding * 0.75)
            for part in (materials[:half], materials[half:])
            if part
        ]
        story += [
            *before_table(texts["materials_heading"], styles.subheading),
            Table(
                [columns],
                style=[
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONT", (0, 0), (-1, -1), face.fonts.regular),
                    *_no_padding(),
                ],
            ),
        ]
    after = [line for line in lines if line.kind in later]
    if after:
        story += [*before_table(texts["after_heading"], styles.heading, rows=5), card_list(after)]
    return story


def _card_name(line: OrderLine, template: str) -> str:
    """The card as the list names it: kind and title, or the kind alone when the title only repeats it."""
    bare = re.sub(r"[‘’“”:]", "", line.title).strip().casefold()
    if bare and bare in re.sub(r"[‘’“”]", "", line.kind).casefold():
        return escape(line.kind)
    return fill(template, {"kind": line.kind, "title": Markup(line.title)})


def _no_padding() -> list:
    return [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]
