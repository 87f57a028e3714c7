"""The facilitator's run-sheet (draaiboek), one per session: programme with clock times,
preparation and preconditions to tick, and the read-aloud texts with the school's details filled in.

A run-sheet is read standing, in a room, its read-aloud texts aloud: larger type than the other A4
documents in a column of about 70 characters, read-aloud text never hyphenated, a list item hanging
from its bullet, a lead-in ("… vooruitblikken:") kept on the page of what it leads to, and on every
page the session, the school and the page number, so loose sheets find their order again.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from ..intake.layout import DocumentLayout
from ..intake.profile import Profile
from ..prepress.pdf import print_document
from ..text.dutch import clock, long_date
from ..text.merge import MergedCard, fill, fill_text, variables
from ..text.paragraph import Paragraph
from ..text.quantities import groups
from ..text.schedule import schedule, session_start, total_minutes
from .cardface import CardFace, colour, tint
from .cardparts import Ruled
from .checklist import checklist
from .documents import DocumentStyles, before_table, document_styles, ruled_table

BULLET = "• "  # a list item in the content's texts: a line of its own, starting with a bullet
_TAGS = re.compile(r"<[^>]+>")


def kept_with_next(flowable):
    """A heading, label or lead-in that never stands alone at the foot of a page."""
    flowable.keepWithNext = 1
    return flowable


class ReadAloud(Ruled):
    """Text to read aloud: its paragraphs on a light tint of the facilitator's colour with a bar on the
    left, as on the facilitator's cards."""

    def __init__(self, paragraphs: list[Paragraph], bar, ground, bar_width: float, pad: float):
        super().__init__(None, bar, ground, bar_width, pad)
        self.paragraphs = paragraphs

    def wrap(self, avail_width, avail_height):
        inner = avail_width - self.bar_width - 2 * self.pad
        self.heights = [paragraph.wrap(inner, avail_height)[1] for paragraph in self.paragraphs]
        self.width, self.height = avail_width, sum(self.heights) + 2 * self.pad
        return self.width, self.height

    def draw(self):
        self.draw_ground()
        y = self.height - self.pad
        for paragraph, height in zip(self.paragraphs, self.heights):
            y -= height
            paragraph.drawOn(self.canv, self.bar_width + self.pad, y)


@dataclass(frozen=True)
class Sheet:
    """What every part of one run-sheet draws with."""

    number: int
    profile: Profile
    face: CardFace
    layout: DocumentLayout  # at the run-sheet's sizes
    styles: DocumentStyles
    start: object  # the session's start as a datetime, or None
    values: dict
    table: DocumentStyles  # the programme's table: a grid to look things up in, set as in the other A4 documents

    @property
    def texts(self) -> dict:
        return self.face.content.runsheet

    def lines(self, markup: str, style) -> list[Paragraph]:
        """`markup` as paragraphs: each "<br/>• " item its own, hanging from its bullet."""
        paragraphs = []
        for line in markup.split("<br/>"):
            if line.startswith(BULLET):
                paragraphs.append(Paragraph(line[len(BULLET) :], _hanging(style), bulletText="•"))
            else:
                paragraphs.append(Paragraph(line, style))
        return paragraphs

    def read_aloud(self, markup: str, ink) -> ReadAloud:
        """Read-aloud text at its size, unhyphenated: a reader must not stumble over a broken word."""
        size = self.layout.read_aloud_size
        style = self.face.style("runsheet-read-aloud", size, leading=size * 1.35, hyphenationLang="")
        flowable = ReadAloud(self.lines(markup, style), ink, self._ground(ink), 1.5, size * 0.45)
        return kept_with_next(flowable) if _leads_in(markup) else flowable

    def _ground(self, ink):
        lay = self.face.layout
        return tint((ink.cyan, ink.magenta, ink.yellow, ink.black), lay.read_aloud_tint)


@lru_cache(maxsize=16)
def _hanging(style: ParagraphStyle) -> ParagraphStyle:
    """`style` for a list item: the text indented, the bullet in the margin it leaves. Made once per
    style, so that its texts meet their kept parses (text/paragraph.py)."""
    return ParagraphStyle(
        f"{style.name}-item",
        parent=style,
        leftIndent=style.fontSize * 1.2,
        bulletIndent=0,
        bulletFontName=style.fontName,
        bulletFontSize=style.fontSize,
    )


def _leads_in(markup: str) -> bool:
    """A text that ends in a colon leads in to what follows it, and stays on its page."""
    return _TAGS.sub("", markup).rstrip().endswith(":")


def runsheet_file(
    number: int, profile: Profile, cards: list[MergedCard], face: CardFace, layout: DocumentLayout, title: str
) -> bytes:
    lay = replace(layout, text_size=layout.runsheet_size)
    sheet = Sheet(
        number,
        profile,
        face,
        lay,
        document_styles(lay, face),
        session_start(profile, number),
        variables(profile, face.content),
        document_styles(layout, face),
    )
    story = [*_opening(sheet), *_programme(sheet), *_script(sheet, cards)]
    heading = fill_text(sheet.texts["title"], {"session": number})
    return print_document(
        story,
        lay.page,
        face.fonts.regular,
        title=title,
        subject=heading,
        margin=lay.margin,
        right_margin=lay.page[0] - lay.margin - lay.runsheet_width,
        furnish=_furniture(sheet, heading),
    )


def _furniture(sheet: Sheet, heading: str):
    """The running header (from the second page: the first has the title) and the page number."""
    lay, face = sheet.layout, sheet.face
    school = sheet.profile.school or face.content.fields["school"].blank
    header = f"{heading} · {school}"
    right = lay.margin + lay.runsheet_width

    def furnish(canv, page: int, pages: int) -> None:
        canv.saveState()
        canv.setFillColor(face.black)
        canv.setFont(face.fonts.regular, lay.small_size)
        baseline = lay.margin / 2
        if page > 1:
            canv.drawString(lay.margin, lay.page[1] - baseline - lay.small_size, header)
        number = fill_text(face.content.labels.card_number, {"number": page, "total": pages})
        canv.drawRightString(right, baseline, number)
        canv.restoreState()

    return furnish


def _opening(sheet: Sheet) -> list:
    """Title, school and moment; the preconditions before the first session; the preparation."""
    texts, styles, labels = sheet.texts, sheet.styles, sheet.face.content.labels
    moment = getattr(sheet.profile, f"sessie{sheet.number}")
    when = ""
    if sheet.start:
        date = long_date(sheet.start, labels)
        when = fill_text(texts["date_time"], {"date": date, "time": clock(sheet.start, labels)})
    elif moment:
        when = long_date(moment, labels)
    school = sheet.profile.school or sheet.face.content.fields["school"].blank
    story = [
        Paragraph(fill(texts["title"], {"session": sheet.number}), styles.title),
        Paragraph(fill(texts["subtitle"], {"school": school, "when": when}), styles.bold),
    ]
    black = sheet.face.black
    if sheet.number == min(sheet.face.content.programme.sessions):
        story += [
            *before_table(texts["preconditions_heading"], styles.heading),
            Paragraph(texts["preconditions_intro"], styles.body),
            Spacer(0, 2),
            checklist([[item] for item in texts["preconditions"]], styles.body, black, [None]),
        ]
    profile = sheet.profile
    known = {"filled": bool(profile.school), "year": profile.jaar is not None, "jaar": sheet.values["jaar"]}
    preparation = [fill(item, known).strip() for item in texts["preparation"][sheet.number]]
    story += [
        *before_table(texts["preparation_heading"], styles.heading),
        # an item for a neutral kit only is empty here
        checklist([[text] for text in preparation if text], styles.body, black, [None]),
    ]
    return story


def _programme(sheet: Sheet) -> list:
    """The programme as a table, its total as the last row, and the notes on its time."""
    texts, styles, labels, start = sheet.texts, sheet.table, sheet.face.content.labels, sheet.start
    slots = schedule(sheet.number, sheet.profile, sheet.face.content)
    story = before_table(texts["programme_heading"], sheet.styles.heading)
    header = texts["columns"] if start else texts["columns_without_time"]
    rows = [[Paragraph(cell, styles.bold) for cell in header]]
    for slot in slots:
        title = fill(texts["intro"], {"title": slot.title}) if slot.intro else slot.title
        if slot.part.line:  # the handbook's line under the part's name in its programme table
            title += "<br/>" + fill(slot.part.line, sheet.values)
        name = Paragraph(f"{slot.label}. {title}", styles.body if len(slot.label) == 1 else styles.small)
        duration = fill_text(texts["minutes"], {"minutes": slot.minutes})
        who = Paragraph(slot.part.who, styles.small)
        rows.append(
            [clock(slot.start, labels), name, who, duration, clock(slot.end, labels)]
            if start
            else [name, who, duration]
        )
    for part, who, time in texts.get("rows", {}).get(sheet.number, ()):  # the handbook's rows outside the session
        cells = [Paragraph(part, styles.body), Paragraph(who, styles.small), Paragraph(time, styles.small)]
        rows.append(["", *cells, ""] if start else cells)
    minutes = total_minutes(slots)
    end = clock(slots[-1].end, labels) if start else ""
    # The total as the table's last row: the sentence in the first wide column, the minutes under the minutes.
    sentence = Paragraph(fill_text(texts["total"], {"minutes": minutes, "end": end}), styles.bold)
    total = [sentence, "", fill_text(texts["minutes"], {"minutes": minutes})]
    rows.append(["", *total, end] if start else total)
    # Narrow side padding, so that in the run-sheet's narrow column the clock times hold "15.00 uur" and
    # "Wie" its longest entry, "Procesbegeleider(s)/Directie/MT", which has no space to break at.
    widths = [18 * mm, None, 50 * mm, 17 * mm, 18 * mm] if start else [None, 50 * mm, 17 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1, style=ruled_table(sheet.layout, sheet.face, header=True))
    duration = 3 if start else 2  # the column of the minutes: right-aligned, its total under it
    table.setStyle(
        [
            ("ALIGN", (duration, 1), (duration, -1), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("LINEABOVE", (0, -1), (-1, -1), 1, sheet.face.black),
            ("FONT", (0, -1), (-1, -1), sheet.face.fonts.bold, styles.body.fontSize),
            # Split, if at all, with at least three rows above the total on the next page.
            ("NOSPLIT", (0, max(1, len(rows) - 4)), (-1, -1)),
        ]
    )
    return [*story, table, Spacer(0, 4), *_timing(sheet, slots, minutes)]


def _timing(sheet: Sheet, slots, minutes: int) -> list:
    """What the programme's length and groups mean, and how to give a start time when there is none."""
    texts, styles = sheet.texts, sheet.styles
    notes = []
    stated = sheet.face.content.programme.sessions[sheet.number].stated_total
    if minutes != stated:
        key = "over_time" if minutes > stated else "under_time"
        notes.append(
            Paragraph(fill(texts[key], {"minutes": minutes, "over": minutes - stated, "stated": stated}), styles.body)
        )
    if any(slot.part.minutes_per_group for slot in slots):
        size = sheet.profile.groepsgrootte
        counted = {"groups": groups(sheet.profile.team, size), "group_size": size}
        notes.append(Paragraph(fill(texts["groups"], counted), styles.small))
    if not sheet.start:
        notes.append(Paragraph(fill(texts["no_start"], {"session": sheet.number}), styles.small))
    return notes


def _script(sheet: Sheet, cards: list[MergedCard]) -> list:
    """Each part of the session with what to do and what to read aloud, in the programme's order."""
    content, labels = sheet.face.content, sheet.face.content.labels
    story: list = [Paragraph(sheet.texts["script_heading"], sheet.styles.heading)]
    facilitator = colour(sheet.face.layout.colours[next(iter(content.kinds))])  # the first kind: the facilitator's
    by_id = {card.card.id: card for card in cards}
    for slot in schedule(sheet.number, sheet.profile, content):
        moment = "" if not sheet.start else clock(slot.start, labels) + " · "
        block = [Paragraph(f"{moment}{slot.label}. {slot.title}", sheet.styles.bold)]
        before = None
        for item in slot.part.script:
            if item.kind == "card":
                block += _card(sheet, by_id[item.text])
            elif item.kind == "heading":  # the handbook's sub-heading, as it has it: no label, no full stop
                block.append(kept_with_next(Paragraph(f"<b>{fill(item.text, sheet.values)}</b>", sheet.styles.body)))
            elif item.kind == "say":  # a run of paragraphs to read aloud carries the label once
                if before != "say":
                    label = Paragraph(f"<b>{sheet.texts['say_label']}</b>", sheet.styles.body)
                    block.append(kept_with_next(label))
                else:  # the handbook's paragraphs stay paragraphs
                    block.append(Spacer(0, 4))
                block.append(sheet.read_aloud(fill(item.text, sheet.values), facilitator))
            else:
                block += _note(sheet, item, lead=before != item.kind)
            before = item.kind
        if len(block) > 1:
            story += [kept_with_next(block[0]), *_spaces_kept(block[1:]), Spacer(0, 6)]
    return story


def _spaces_kept(flowables: list) -> list:
    """A space after a flowable that keeps with the next keeps too: a lead-in and its quote have a
    space between them, and ReportLab's keep would otherwise end at the space."""
    for before, flowable in zip(flowables, flowables[1:]):
        if isinstance(flowable, Spacer) and before.getKeepWithNext():
            kept_with_next(flowable)
    return flowables


def _card(sheet: Sheet, card: MergedCard) -> list:
    """A card's text, front and back in the content's order, as the facilitator holds it."""
    ink = colour(sheet.face.layout.colours[card.card.kind])
    flowables: list = []
    for unit in card.in_order:
        if unit.style == "read_aloud":
            flowables.append(sheet.read_aloud(unit.markup, ink))
        else:
            flowable = sheet.face.flowable(unit, sheet.layout.text_size, ink)
            keep = unit.style == "label" or _leads_in(unit.markup)
            flowables.append(kept_with_next(flowable) if keep else flowable)
        if unit.ends_block:
            flowables.append(Spacer(0, 4))
    return flowables


def _note(sheet: Sheet, item, lead: bool) -> list:
    """What the facilitator does, or the director's part: its label on the first of a run."""
    label = sheet.texts["note_label" if item.kind == "note" else "director_label"]
    markup = fill(item.text, sheet.values)
    if lead:  # before a list the label stands on a line of its own
        markup = f"<b>{label}</b>" + ("<br/>" if markup.startswith(BULLET) else " ") + markup
    paragraphs = sheet.lines(markup, sheet.styles.body)
    if _leads_in(markup):
        kept_with_next(paragraphs[-1])
    for paragraph in paragraphs[:-1]:  # a list stays with its lead line where it can
        kept_with_next(paragraph)
    return paragraphs
