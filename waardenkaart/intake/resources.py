"""Where content/, layouts/ and fonts/ live: beside the package in a checkout, inside it when installed."""

from functools import cache
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFontFace

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder `name` (content, layouts or fonts), installed copy first."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"map {name}/ niet gevonden bij {_PACKAGE}")


def shown(path: Path, folder: Path) -> str:
    """A data file's name as maintainers know it, e.g. content/kaarten/s1-1-overzicht.toml."""
    return f"{folder.name}/{path.relative_to(folder).as_posix()}"


@cache
def font_face(path: Path) -> TTFontFace:
    """A bundled font file, parsed once per process: the profile's character check and the fonts registered
    for drawing share it. Raises OSError or reportlab's TTFError for a missing or broken file."""
    return TTFontFace(str(path))
