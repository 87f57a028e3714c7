"""The facilitator's run-sheet (draaiboek), one per session: programme with clock times,
preparation and preconditions to tick, and the read-aloud texts with the school's details filled in."""

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from ..intake.layout import DocumentLayout
from ..intake.profile import Profile
from ..prepress.pdf import print_document
from ..text.dutch import clock, long_date
from ..text.merge import MergedCard, Unit, fill, fill_text, variables
from ..text.paragraph import Paragraph
from ..text.quantities import groups
from ..text.schedule import schedule, session_start, total_minutes
from .cardface import CardFace, colour
from .checklist import checklist
from .documents import before_table, document_styles, ruled_table


def kept_with_next(flowable):
    """A heading or label that never stands alone at the foot of a page."""
    flowable.keepWithNext = 1
    return flowable


def runsheet_file(
    number: int, profile: Profile, cards: list[MergedCard], face: CardFace, layout: DocumentLayout, title: str
) -> bytes:
    content = face.content
    texts, labels, programme = content.runsheet, content.labels, content.programme
    styles = document_styles(layout, face)
    slots = schedule(number, profile, content)
    start = session_start(profile, number)
    moment = getattr(profile, f"sessie{number}")
    when = ""
    if start:
        when = fill_text(texts["date_time"], {"date": long_date(start, labels), "time": clock(start, labels)})
    elif moment:
        when = long_date(moment, labels)
    school = profile.school or content.fields["school"].blank
    story = [
        Paragraph(fill(texts["title"], {"session": number}), styles.title),
        Paragraph(fill(texts["subtitle"], {"school": school, "when": when}), styles.bold),
    ]

    if number == min(programme.sessions):
        story += [
            *before_table(texts["preconditions_heading"], styles.heading),
            Paragraph(texts["preconditions_intro"], styles.body),
            Spacer(0, 2),
            checklist([[item] for item in texts["preconditions"]], styles.body, face.black, [None]),
        ]
    values = variables(profile, content)
    known = {"filled": bool(profile.school), "year": profile.jaar is not None, "jaar": values["jaar"]}
    preparation = [fill(item, known).strip() for item in texts["preparation"][number]]
    story += [
        *before_table(texts["preparation_heading"], styles.heading),
        checklist(
            [[text] for text in preparation if text],  # an item for a neutral kit only is empty here
            styles.body,
            face.black,
            [None],
        ),
    ]

    story += before_table(texts["programme_heading"], styles.heading)
    header = texts["columns"] if start else texts["columns_without_time"]
    rows = [[Paragraph(cell, styles.bold) for cell in header]]
    for slot in slots:
        title = fill(texts["intro"], {"title": slot.title}) if slot.intro else slot.title
        if slot.part.line:  # the handbook's line under the part's name in its programme table
            title += "<br/>" + fill(slot.part.line, values)
        name = Paragraph(f"{slot.label}. {title}", styles.body if len(slot.label) == 1 else styles.small)
        duration = fill_text(texts["minutes"], {"minutes": slot.minutes})
        who = Paragraph(slot.part.who, styles.small)
        rows.append(
            [clock(slot.start, labels), name, who, duration, clock(slot.end, labels)]
            if start
            else [name, who, duration]
        )
    for part, who, time in texts["rows"].get(number, ()):  # the handbook's rows outside the session
        cells = [Paragraph(part, styles.body), Paragraph(who, styles.small), Paragraph(time, styles.small)]
        rows.append(["", *cells, ""] if start else cells)
    minutes = total_minutes(slots)
    end = clock(slots[-1].end, labels) if start else ""
    # The total as the table's last row: the sentence in the first wide column, the minutes under the minutes.
    sentence = Paragraph(fill_text(texts["total"], {"minutes": minutes, "end": end}), styles.bold)
    total = [sentence, "", fill_text(texts["minutes"], {"minutes": minutes})]
    rows.append(["", *total, end] if start else total)
    widths = [22 * mm, None, 52 * mm, 18 * mm, 22 * mm] if start else [None, 60 * mm, 20 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1, style=ruled_table(layout, face, header=True))
    duration = 3 if start else 2  # the column of the minutes: right-aligned, its total under it
    table.setStyle(
        [
            ("ALIGN", (duration, 1), (duration, -1), "RIGHT"),
            ("LINEABOVE", (0, -1), (-1, -1), 1, face.black),
            ("FONT", (0, -1), (-1, -1), face.fonts.bold, layout.text_size),
            # Split, if at all, with at least three rows above the total on the next page.
            ("NOSPLIT", (0, max(1, len(rows) - 4)), (-1, -1)),
        ]
    )
    story.append(table)
    stated = programme.sessions[number].stated_total
    story.append(Spacer(0, 4))
    if minutes != stated:
        key = "over_time" if minutes > stated else "under_time"
        story.append(
            Paragraph(fill(texts[key], {"minutes": minutes, "over": minutes - stated, "stated": stated}), styles.body)
        )
    if any(slot.part.minutes_per_group for slot in slots):
        story.append(
            Paragraph(
                fill(
                    texts["groups"],
                    {"groups": groups(profile.team, profile.groepsgrootte), "group_size": profile.groepsgrootte},
                ),
                styles.small,
            )
        )
    if not start:
        story.append(Paragraph(fill(texts["no_start"], {"session": number}), styles.small))

    story.append(Paragraph(texts["script_heading"], styles.heading))
    facilitator = colour(face.layout.colours[next(iter(content.kinds))])  # the first kind: the facilitator's
    by_id = {card.card.id: card for card in cards}
    for slot in slots:
        part = slot.part
        block = [
            Paragraph(
                ("" if not start else clock(slot.start, labels) + " · ") + f"{slot.label}. {slot.title}", styles.bold
            )
        ]
        before = None
        for item in part.script:
            if item.kind == "card":
                card = by_id[item.text]
                for unit in card.in_order:  # front and back, in the content's order
                    flowable = face.flowable(unit, layout.text_size, colour(face.layout.colours[card.card.kind]))
                    block.append(kept_with_next(flowable) if unit.style == "label" else flowable)
                    if unit.ends_block:
                        block.append(Spacer(0, 4))
            elif item.kind == "heading":  # the handbook's sub-heading, as it has it: no label, no full stop
                block.append(kept_with_next(Paragraph(f"<b>{fill(item.text, values)}</b>", styles.body)))
            elif item.kind == "say":  # a run of paragraphs to read aloud carries the label once
                if before != "say":
                    block.append(kept_with_next(Paragraph(f"<b>{texts['say_label']}</b>", styles.body)))
                else:  # the handbook's paragraphs stay paragraphs
                    block.append(Spacer(0, 4))
                # set as on the facilitator's cards: upright, larger, on a tint
                block.append(face.flowable(Unit("read_aloud", fill(item.text, values)), layout.text_size, facilitator))
            else:
                label = texts["note_label" if item.kind == "note" else "director_label"]
                lead = f"<b>{label}</b> " if before != item.kind else ""
                block.append(Paragraph(lead + fill(item.text, values), styles.body))
            before = item.kind
        if len(block) > 1:
            story += [kept_with_next(block[0]), *block[1:], Spacer(0, 6)]
    return print_document(
        story,
        layout.page,
        face.fonts.regular,
        title=title,
        subject=fill_text(texts["title"], {"session": number}),
        margin=layout.margin,
    )
