"""A simple line drawing per step of the cycle, so the four steps are recognisable at a glance on a
card's back: a magnifying glass (ontdekken), a star (dromen), building blocks (organiseren), a tick
(opleveren), and the four steps on a ring for a card that covers a whole session."""

import math


def draw_step_mark(canv, step: int | None, x: float, y: float, size: float, ink, width: float) -> None:
    """The mark of `step` centred on (x, y), `size` wide, in strokes of `width` points."""
    canv.saveState()
    canv.setStrokeColor(ink)
    canv.setFillColor(ink)
    canv.setLineWidth(width)
    canv.setLineCap(1)
    canv.setLineJoin(1)
    r = size / 2
    {1: _discover, 2: _dream, 3: _organise, 4: _deliver}.get(step, _cycle)(canv, x, y, r)
    canv.restoreState()


def _discover(canv, x, y, r):
    lens = r * 0.55
    cx, cy = x - r * 0.18, y + r * 0.18
    canv.circle(cx, cy, lens, stroke=1, fill=0)
    d = lens / math.sqrt(2)
    canv.setLineWidth(canv._lineWidth * 1.8)
    canv.line(cx + d, cy - d, x + r * 0.85, y - r * 0.85)


def _dream(canv, x, y, r):
    path = canv.beginPath()
    for i in range(10):
        radius = r * (0.95 if i % 2 == 0 else 0.4)
        angle = math.radians(90 + 36 * i)
        px, py = x + radius * math.cos(angle), y - r * 0.08 + radius * math.sin(angle)
        path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
    path.close()
    canv.drawPath(path, stroke=1, fill=0)


def _organise(canv, x, y, r):
    side = r * 0.78
    gap = r * 0.12
    for bx, by in (
        (x - side - gap / 2, y - side - gap / 2),
        (x + gap / 2, y - side - gap / 2),
        (x - side / 2, y + gap / 2),
    ):
        canv.rect(bx, by, side, side, stroke=1, fill=0)


def _deliver(canv, x, y, r):
    canv.circle(x, y, r * 0.9, stroke=1, fill=0)
    path = canv.beginPath()
    path.moveTo(x - r * 0.45, y)
    path.lineTo(x - r * 0.1, y - r * 0.35)
    path.lineTo(x + r * 0.5, y + r * 0.35)
    canv.drawPath(path, stroke=1, fill=0)


def _cycle(canv, x, y, r):
    canv.circle(x, y, r * 0.7, stroke=1, fill=0)
    for angle in (90, 0, 270, 180):
        a = math.radians(angle)
        canv.circle(x + r * 0.7 * math.cos(a), y + r * 0.7 * math.sin(a), r * 0.22, stroke=0, fill=1)
