"""The deck's colours on screen: the card kinds' CMYK from layouts/, as CSS custom properties.

Each colour also gets a darker shade for text and lines on white that meets WCAG AA (4.5:1).
"""

from ..intake.layout import CardLayout


def rgb(cmyk: tuple[float, float, float, float]) -> tuple[int, int, int]:
    """A plain conversion without a colour profile: close enough for a screen preview of print colours."""
    c, m, y, k = cmyk
    return tuple(round(255 * (1 - part) * (1 - k)) for part in (c, m, y))


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    lighter, darker = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: tuple[int, int, int], minimum: float = 4.5) -> tuple[int, int, int]:
    """The colour, darkened in small steps until text in it on white reaches `minimum`."""
    shade = colour
    while contrast(shade, (255, 255, 255)) < minimum:
        shade = tuple(max(0, round(part * 0.92)) for part in shade)
    return shade


def deck_css(layout: CardLayout) -> str:
    lines = [":root {"]
    for kind, cmyk in layout.colours.items():
        if kind == "white":
            continue
        colour = rgb(cmyk)
        lines.append(f"  --{kind}: {_hex(colour)};")
        lines.append(f"  --{kind}-tekst: {_hex(readable(colour))};")
    lines.append("}\n")
    return "\n".join(lines)


def _hex(colour: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{part:02x}" for part in colour)


def _luminance(colour: tuple[int, int, int]) -> float:
    def linear(part: int) -> float:
        value = part / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(part) for part in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
