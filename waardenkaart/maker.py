"""What every document of a kit is made with: content, layouts and the renderer built on them.

Its own module, so that the kit (which lists the document makers) and the document makers (which
take a Maker) import it without importing each other.
"""

from dataclasses import dataclass

from .intake.content import Content
from .intake.documentlist import DocumentList
from .intake.layout import (
    CardLayout,
    DocumentLayout,
    LabelLayout,
    PosterLayout,
    PrintStandard,
    SheetLayout,
    TablesLayout,
)
from .render.cardface import CardFace


@dataclass(frozen=True, eq=False)
class Maker:
    """Content, layouts and the renderer built on them: made once per process, used for every kit.

    Compared and hashed by identity, so that what a kit's documents share can be cached per maker.
    """

    content: Content
    layout: CardLayout
    sheet: SheetLayout
    standard: PrintStandard
    tables: TablesLayout
    document: DocumentLayout
    poster: PosterLayout
    labels: LabelLayout
    face: CardFace
    documents: DocumentList
    session2_only: bool = False  # makes only what the team's values change or add (see kit.session2_maker)
