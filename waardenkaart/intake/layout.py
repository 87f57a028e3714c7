"""Card geometry, type and colour as data from layouts/, converted to points once per process."""

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from reportlab.lib.units import mm

from .data import Record, load_toml
from .resources import data_dir, shown

CMYK = tuple[float, float, float, float]


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str


@dataclass(frozen=True)
class CardLayout:
    """One card format. Lengths are in points; colours are CMYK fractions (0..1)."""

    name: str
    source: str
    width: float
    height: float
    bleed: float
    safe: float
    margin: float  # the text's distance from the trim left and right: wider than the safe zone, as on a card
    fonts: Fonts
    sizes: dict[str, float]  # body size per card kind
    leading: float
    list_indent: float
    space_after: float
    hyphenation: str
    hyphen_minimum: int
    black: CMYK
    rule_width: float
    write_line_gap: float
    write_line_width: float
    write_line_ink: CMYK  # a light grey: ballpoint shows on it, and it does not shout
    read_aloud_extra: float
    read_aloud_minimum: float  # points: a read-aloud text too long for its front steps down to this, never split
    programme_extra: float  # points: an overview card's programme is set larger, to be read at arm's length
    programme_leading: float
    read_aloud_tint: float
    title_size: float
    subtitle_size: float
    key_size: float
    header_min_height: float
    header_padding: float
    header_gap: float
    label_size: float
    back_sizes: dict[str, float]  # school, year, step, kind, line, number
    back_mark: float
    back_mark_width: float
    back_band: float
    colours: dict[str, CMYK]
    mark_length: float
    mark_width: float

    @property
    def page_size(self) -> tuple[float, float]:
        return self.width + 2 * self.bleed, self.height + 2 * self.bleed

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        return self.bleed, self.bleed, self.bleed + self.width, self.bleed + self.height

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        return 0.0, 0.0, *self.page_size


BACK_SIZES = ("school_size", "year_size", "step_size", "kind_size", "line_size", "number_size")


def load_card_layout(path: Path, kinds) -> CardLayout:
    """Read a card layout; every card kind of the content must have a colour and a body size."""
    root = load_toml(path, shown(path, path.parent))
    root.only("name", "trim", "bleed", "safe", "margin", "fonts", "text", "header", "back", "colours", "marks")
    width, height = root.size("trim")
    fonts, text, header, back = root.sub("fonts"), root.sub("text"), root.sub("header"), root.sub("back")
    fonts.only("regular", "bold", "italic", "bold_italic")
    text.only(
        "size",
        "leading",
        "list_indent",
        "space_after",
        "hyphenation",
        "hyphen_minimum",
        "black",
        "rule_width",
        "write_line_gap",
        "write_line_width",
        "write_line_ink",
        "read_aloud_extra",
        "read_aloud_minimum",
        "programme_extra",
        "programme_leading",
        "read_aloud_tint",
    )
    header.only("title_size", "subtitle_size", "key_size", "min_height", "padding", "gap", "label_size")
    back.only(*BACK_SIZES, "mark", "mark_width", "band")
    marks = root.sub("marks")
    marks.only("length", "width")
    colours_rec = root.sub("colours")
    colours = {key: colours_rec.cmyk(key) for key in colours_rec.data}
    for needed in (*kinds, "white"):
        if needed not in colours:
            raise colours_rec.fail(needed, "ontbreekt: elke kaartsoort heeft een kleur.")
    sizes_rec = text.sub("size")
    sizes_rec.only(*kinds)
    # The standard's floor for body text on a card: 9.5 pt.
    sizes = {kind: sizes_rec.number(kind, minimum=9.5) for kind in kinds}
    return CardLayout(
        name=root.get("name", str),
        source=root.source,
        width=width,
        height=height,
        bleed=root.number("bleed", minimum=0) * mm,
        safe=root.number("safe", minimum=0) * mm,
        margin=root.number("margin", minimum=root.number("safe", minimum=0)) * mm,
        fonts=Fonts(*(fonts.get(key, str) for key in ("regular", "bold", "italic", "bold_italic"))),
        sizes=sizes,
        leading=text.number("leading", minimum=1),
        list_indent=text.number("list_indent", minimum=0),
        space_after=text.number("space_after", minimum=0),
        hyphenation=text.get("hyphenation", str),
        hyphen_minimum=text.get("hyphen_minimum", int),
        black=text.cmyk("black"),
        rule_width=text.number("rule_width", minimum=0.2),
        write_line_gap=text.number("write_line_gap", minimum=4) * mm,
        write_line_width=text.number("write_line_width", minimum=0.2),
        write_line_ink=text.cmyk("write_line_ink"),
        read_aloud_extra=text.number("read_aloud_extra", minimum=0),
        read_aloud_minimum=text.number("read_aloud_minimum", minimum=9.5),
        programme_extra=text.number("programme_extra", minimum=0),
        programme_leading=text.number("programme_leading", minimum=1),
        read_aloud_tint=text.number("read_aloud_tint", minimum=0),
        title_size=header.number("title_size", minimum=8),
        subtitle_size=header.number("subtitle_size", minimum=8),
        key_size=header.number("key_size", minimum=8),
        header_min_height=header.number("min_height", minimum=10) * mm,
        header_padding=header.number("padding", minimum=0) * mm,
        header_gap=header.number("gap", minimum=0) * mm,
        label_size=header.number("label_size", minimum=8),
        back_sizes={key.removesuffix("_size"): back.number(key, minimum=8) for key in BACK_SIZES},
        back_mark=back.number("mark", minimum=5) * mm,
        back_mark_width=back.number("mark_width", minimum=0.2),
        back_band=back.number("band", minimum=5) * mm,
        colours=colours,
        mark_length=marks.number("length", minimum=2) * mm,
        mark_width=marks.number("width", minimum=0.2),
    )


@dataclass(frozen=True)
class SheetLayout:
    """Cards imposed on a sheet for a desktop printer. Lengths in points."""

    name: str
    width: float
    height: float
    columns: int
    rows: int
    scale: float
    gutter: float
    bleed: float
    printable: float
    mark_length: float
    mark_gap: float
    mark_width: float
    footer_size: float
    footer_baseline: float
    target: float
    target_width: float
    scale_reach: int


def load_sheet_layout(path: Path) -> SheetLayout:
    root = load_toml(path, shown(path, path.parent))
    root.only(
        "name",
        "sheet",
        "columns",
        "rows",
        "scale",
        "gutter",
        "bleed",
        "printable",
        "mark_length",
        "mark_gap",
        "mark_width",
        "footer_size",
        "footer_baseline",
        "target",
        "target_width",
        "scale_reach",
    )
    columns, rows = root.get("columns", int), root.get("rows", int)
    if columns < 1 or rows < 1:
        raise root.fail("columns", "een vel heeft minstens één kolom en één rij.")
    scale = root.number("scale", minimum=0.5)
    if scale > 1:
        raise root.fail("scale", f"hoogstens 1, niet {scale}.")
    gutter, bleed = root.number("gutter", minimum=0) * mm, root.number("bleed", minimum=0) * mm
    if gutter < 2 * bleed:
        raise root.fail("gutter", "minstens twee keer de afloop (bleed): anders overlappen de kaarten.")
    return SheetLayout(
        root.get("name", str),
        *root.size("sheet"),
        columns,
        rows,
        scale,
        gutter,
        bleed,
        root.number("printable", minimum=0) * mm,
        root.number("mark_length", minimum=1) * mm,
        root.number("mark_gap", minimum=0) * mm,
        root.number("mark_width", minimum=0.2),
        root.number("footer_size", minimum=8),
        root.number("footer_baseline", minimum=0) * mm,
        root.number("target", minimum=2) * mm,
        root.number("target_width", minimum=0.2),
        root.get("scale_reach", int),
    )


@dataclass(frozen=True)
class TablesLayout:
    """The A4 sheets of session 2. Lengths in points."""

    name: str
    portrait: tuple[float, float]
    landscape: tuple[float, float]
    margin: float
    title_size: float
    text_size: float
    header_size: float
    meta_size: float
    field_size: float
    rule_width: float
    header_fill: CMYK
    header_height: float
    row_height: float
    intro_height: float
    question_width: float
    answer_height: float
    own_height: float
    value_line_gap: float
    value_size: float  # the team's values on the opening sheet


def load_tables_layout(path: Path) -> TablesLayout:
    root = load_toml(path, shown(path, path.parent))
    root.only(
        "name",
        "portrait",
        "landscape",
        "margin",
        "title_size",
        "text_size",
        "header_size",
        "meta_size",
        "field_size",
        "rule_width",
        "header_fill",
        "tabel1",
        "tabel2",
        "opening",
    )
    sizes = {key: root.size(key) for key in ("portrait", "landscape")}
    one, two, opening = root.sub("tabel1"), root.sub("tabel2"), root.sub("opening")
    one.only("header_height", "row_height", "intro_height")
    two.only("question_width", "answer_height", "own_height")
    opening.only("value_line_gap", "value_size")
    return TablesLayout(
        root.get("name", str),
        sizes["portrait"],
        sizes["landscape"],
        root.number("margin", minimum=5) * mm,
        *(root.number(key, minimum=6) for key in ("title_size", "text_size", "header_size", "meta_size", "field_size")),
        root.number("rule_width", minimum=0.2),
        root.cmyk("header_fill"),
        *(one.number(key, minimum=5) * mm for key in ("header_height", "row_height", "intro_height")),
        *(two.number(key, minimum=5) * mm for key in ("question_width", "answer_height", "own_height")),
        opening.number("value_line_gap", minimum=5) * mm,
        opening.number("value_size", minimum=8),
    )


@dataclass(frozen=True)
class PosterLayout:
    """The A3 poster. Lengths in points, type sizes in points, colours CMYK fractions."""

    name: str
    width: float
    height: float
    bleed: float
    safe: float
    ring_radius: float
    ring_height: float
    ring_width: float
    step_radius: float
    centre_radius: float
    centre_size: float
    number_size: float
    name_size: float
    question_size: float
    footer_size: float
    school_size: float
    background: CMYK
    ring: CMYK
    centre: CMYK
    steps: tuple[CMYK, ...]
    white: CMYK
    value_size: float
    text_size: float
    heading_size: float
    box_rule: float
    future_size: float
    band: float
    boxes: tuple[float, float, float]
    box_gap: float
    prompt_size: float
    future_min_size: float
    future_values_size: float
    value_step: int  # the step whose colour the posters per value carry
    future_step: int  # and the future-perspective poster


def load_poster_layout(path: Path) -> PosterLayout:
    root = load_toml(path, shown(path, path.parent))
    lengths = ("bleed", "safe", "ring_radius", "ring_height", "ring_width", "step_radius", "centre_radius")
    sizes = ("centre_size", "number_size", "name_size", "question_size", "footer_size", "school_size")
    text_sizes = ("value_size", "text_size", "heading_size")
    colours = ("background", "ring", "centre", "white")
    root.only(
        "name",
        "trim",
        *lengths,
        *sizes,
        *colours,
        "steps",
        *text_sizes,
        "box_rule",
        "future_size",
        "band",
        "boxes",
        "box_gap",
        "prompt_size",
        "future_min_size",
        "future_values_size",
        "value_step",
        "future_step",
    )
    steps = root.get("steps", list)
    step_colours = []
    for index, value in enumerate(steps, 1):
        holder = Record({"kleur": value}, root.source, f"steps[{index}].")
        step_colours.append(holder.cmyk("kleur"))
    if len(step_colours) != 4:
        raise root.fail("steps", "vier kleuren, één per stap.")
    return PosterLayout(
        root.get("name", str),
        *root.size("trim"),
        *(root.number(key, minimum=0) * mm for key in lengths),
        *(root.number(key, minimum=6) for key in sizes),
        *(root.cmyk(key) for key in colours[:3]),
        tuple(step_colours),
        root.cmyk("white"),
        *(root.number(key, minimum=8) for key in text_sizes),
        root.number("box_rule", minimum=0.2),
        root.number("future_size", minimum=8),
        root.number("band", minimum=0.05),
        _shares(root, "boxes", 3),
        root.number("box_gap", minimum=0) * mm,
        root.number("prompt_size", minimum=16),
        root.number("future_min_size", minimum=16),
        root.number("future_values_size", minimum=16),
        *(_step(root, key) for key in ("value_step", "future_step")),
    )


def _step(root: Record, key: str) -> int:
    value = root.get(key, int)
    if not 1 <= value <= 4:
        raise root.fail(key, "een stap van 1 tot en met 4.")
    return value


def _shares(root: Record, key: str, count: int) -> tuple[float, ...]:
    """`count` fractions of a whole that add up to 1."""
    value = root.get(key, list)
    if (
        len(value) != count
        or not all(isinstance(v, (int, float)) and v > 0 for v in value)
        or abs(sum(value) - 1) > 1e-6
    ):
        raise root.fail(key, f"{count} delen die samen 1 zijn, zoals [0.42, 0.29, 0.29].")
    return tuple(float(v) for v in value)


@dataclass(frozen=True)
class DocumentLayout:
    """Flowing A4 documents. Lengths in points."""

    page: tuple[float, float]
    margin: float
    text_size: float
    leading: float
    title_size: float
    heading_size: float
    small_size: float
    rule: CMYK
    padding: float  # above and below the text in a table row
    tight_margin: float  # for a document that nearly fits on a page fewer: see documents.fitted
    tight_leading: float
    tight_padding: float
    runsheet_size: float  # the run-sheets' body, read standing in a room
    read_aloud_size: float  # and their read-aloud texts
    runsheet_width: float  # the run-sheets' text column, from the left margin

    def tightened(self) -> "DocumentLayout":
        return replace(self, margin=self.tight_margin, leading=self.tight_leading, padding=self.tight_padding)


def load_document_layout(path: Path) -> DocumentLayout:
    root = load_toml(path, shown(path, path.parent))
    root.only(
        "name",
        "page",
        "margin",
        "text_size",
        "leading",
        "title_size",
        "heading_size",
        "small_size",
        "rule",
        "padding",
        "tight_margin",
        "tight_leading",
        "tight_padding",
        "runsheet_size",
        "read_aloud_size",
        "runsheet_width",
    )
    return DocumentLayout(
        root.size("page"),
        root.number("margin", minimum=5) * mm,
        root.number("text_size", minimum=8),
        root.number("leading", minimum=1),
        root.number("title_size", minimum=8),
        root.number("heading_size", minimum=8),
        root.number("small_size", minimum=6),
        root.cmyk("rule"),
        root.number("padding", minimum=0),
        root.number("tight_margin", minimum=5) * mm,
        root.number("tight_leading", minimum=1),
        root.number("tight_padding", minimum=0),
        root.number("runsheet_size", minimum=8),
        root.number("read_aloud_size", minimum=8),
        root.number("runsheet_width", minimum=50) * mm,
    )


@dataclass(frozen=True)
class LabelLayout:
    """Labels for the marble vote. Lengths in points."""

    width: float
    height: float
    value_size: float
    min_value_size: float
    footer_size: float
    safe: float
    printable: float  # the cut marks keep this far from the paper's edge, where an office printer prints
    colour: CMYK  # the colour of the step the vote belongs to


def load_label_layout(path: Path) -> LabelLayout:
    root = load_toml(path, shown(path, path.parent))
    root.only("name", "label", "value_size", "min_value_size", "footer_size", "safe", "printable", "colour")
    return LabelLayout(
        *root.size("label"),
        root.number("value_size", minimum=8),
        root.number("min_value_size", minimum=8),
        root.number("footer_size", minimum=8),
        root.number("safe", minimum=0) * mm,
        root.number("printable", minimum=0) * mm,
        root.cmyk("colour"),
    )


@dataclass(frozen=True)
class OutputIntent:
    identifier: str
    condition: str
    info: str
    registry: str


@dataclass(frozen=True)
class PrintStandard:
    """What print-ready means: the output intent to declare and the preflight's limits (points)."""

    intent: OutputIntent
    bleed: float
    safe: float
    min_text: float
    heading: float
    max_ink: float
    min_line: float


def load_print_standard(path: Path) -> PrintStandard:
    root = load_toml(path, shown(path, path.parent))
    root.only("output_intent", "preflight")
    intent, limits = root.sub("output_intent"), root.sub("preflight")
    intent.only("identifier", "condition", "info", "registry")
    limits.only("bleed", "safe", "min_text", "heading", "max_ink", "min_line")
    return PrintStandard(
        OutputIntent(*(intent.get(key, str) for key in ("identifier", "condition", "info", "registry"))),
        bleed=limits.number("bleed", minimum=0) * mm,
        safe=limits.number("safe", minimum=0) * mm,
        min_text=limits.number("min_text", minimum=1),
        heading=limits.number("heading", minimum=1),
        max_ink=limits.number("max_ink", minimum=100),
        min_line=limits.number("min_line", minimum=0),
    )


@cache
def default_card_layout() -> CardLayout:
    from .content import default_content

    return load_card_layout(data_dir("layouts") / "a6-kaart.toml", default_content().kinds)


@cache
def default_sheet_layout() -> SheetLayout:
    return load_sheet_layout(data_dir("layouts") / "a4-vel.toml")


@cache
def default_tables_layout() -> TablesLayout:
    return load_tables_layout(data_dir("layouts") / "a4-tabellen.toml")


@cache
def default_poster_layout() -> PosterLayout:
    return load_poster_layout(data_dir("layouts") / "a3-poster.toml")


@cache
def default_document_layout() -> DocumentLayout:
    return load_document_layout(data_dir("layouts") / "a4-document.toml")


@cache
def default_label_layout() -> LabelLayout:
    return load_label_layout(data_dir("layouts") / "knikkerlabels.toml")


@cache
def default_print_standard() -> PrintStandard:
    return load_print_standard(data_dir("layouts") / "drukwerk.toml")

