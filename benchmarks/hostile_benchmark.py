"""How long `controleer` takes on the slowest PDFs that stay just inside its reading limits, and on
the hostile corpus of the tests, beside the largest kit file it must pass.

The limits in waardenkaart/prepress/pdfread.py aim at an answer within a few seconds for any file. Run from
the repository root: python benchmarks/hostile_benchmark.py
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_hostile_pdfs import CORPUS, page  # noqa: E402

from waardenkaart.intake.layout import default_print_standard  # noqa: E402
from waardenkaart.intake.profile import build_profile  # noqa: E402
from waardenkaart.kit import make_kit  # noqa: E402
from waardenkaart.prepress.preflight import check_pdf  # noqa: E402

FONT = b"<< /Font << /F1 5 0 R >> >>"
WIDTHS = {5: b"<< /Type /Font /Subtype /TrueType /FirstChar 0 /Widths [500] >>"}
EDGE = {
    "just under the token limit: short operators": page(b"n\n" * 495_000, compress=True),
    "just under the token limit: numbers": page((b"0 " * 19 + b"n\n") * 24_900, compress=True),
    "just under the token limit: text": page(
        b"BT /F1 12 Tf 20 200 Td (AB) Tj ET\n" * 45_000, FONT, compress=True, extra=WIDTHS
    ),
}


def timed(data: bytes) -> float:
    standard = default_print_standard()
    best = None
    for _ in range(3):
        start = time.perf_counter()
        check_pdf(data, standard)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main() -> None:
    kit = make_kit(build_profile({"school": "de Regenboog", "team": 500}))
    print(f"{timed(kit.files['kaarten-A4-vellen.pdf']):6.2f} s  A4 sheets for a team of 500 (the largest kit file)")
    for name, data in EDGE.items():
        print(f"{timed(data):6.2f} s  {name}")
    slowest = max(CORPUS, key=lambda name: timed(CORPUS[name]))
    print(f"{timed(CORPUS[slowest]):6.2f} s  slowest of the {len(CORPUS)} hostile test files ({slowest})")


if __name__ == "__main__":
    main()
