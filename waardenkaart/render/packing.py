"""The packing list (paklijst): per session, every card in the order list's numbers and every
material from the handbook's lists, counted for this team, with tick boxes."""

from functools import partial

from reportlab.platypus import Table

from ..intake.content import Content, PackItem
from ..intake.layout import DocumentLayout
from ..intake.profile import Profile
from ..text.merge import fill, fill_text
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
    for session in sorted({line.session for line in lines}):  # a kit for session 2 alone has no session 1
        story += before_table(fill(texts["session_heading"], {"session": session}), styles.heading, rows=5)
        # The card's number as on its back: two cards of a session may carry the same title.
        cards = [
            [
                Paragraph(str(line.copies), styles.number),
                Paragraph(fill_text(number, {"number": line.number, "total": line.total}), styles.small),
                f"{line.kind}: {line.title}",
            ]
            for line in lines
            if line.session == session
        ]
        story += [
            *before_table(texts["cards_heading"], styles.subheading),
            checklist(cards, styles.body, face.black, [count_width, layout.text_size * 5, None], layout.padding * 0.75),
        ]
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
    return story


def _no_padding() -> list:
    return [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]
