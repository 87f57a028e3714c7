"""The bundled fonts, registered with ReportLab once per process under stable names."""

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .errors import UserError
from .layout import Fonts
from .resources import data_dir

FAMILY = "WaardenkaartSans"


@cache
def register(fonts: Fonts) -> Fonts:
    """Register the four styles as one family so paragraph markup <b> and <i> find them.

    Returns the registered names; ReportLab embeds and subsets each TrueType font it draws with.
    """
    folder = data_dir("fonts")
    names = {}
    for style, file_name in vars(fonts).items():
        name = f"{FAMILY}-{style}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        except (OSError, TTFError) as exc:
            raise UserError(f"fonts/{file_name}: lettertype niet te laden ({exc}).") from None
        names[style] = name
    for (bold, italic), style in {(0, 0): "regular", (1, 0): "bold", (0, 1): "italic", (1, 1): "bold_italic"}.items():
        addMapping(names["regular"], bold, italic, names[style])
    return Fonts(**names)
