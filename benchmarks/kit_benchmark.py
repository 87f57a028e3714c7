"""Wall time, peak memory and file sizes of a 40-person kit, beside the import floor.

The floor is a process that only imports the dependencies and writes one page; the goal is the
whole kit within 1.5 × the floor and the print-shop file below 1.5 MB. Each figure is the best of
a few fresh processes. Run: python benchmarks/kit_benchmark.py
"""

import json
import subprocess
import sys

FLOOR = """
import io, reportlab, jinja2, click, pypdf, babel, pyphen
from reportlab.pdfgen.canvas import Canvas
c = Canvas(io.BytesIO()); c.drawString(100, 100, "x"); c.showPage(); c.save()
"""

KIT = """
import json, sys
from waardenkaart.kit import make_kit
from waardenkaart.profile import build_profile
kit = make_kit(build_profile({"school": "de Regenboog", "team": 40}))
sys.stdout.write(json.dumps({name: len(data) for name, data in kit.files.items()}))
"""

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run([sys.executable, "-c", sys.argv[1]], capture_output=True, text=True, check=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{wall} {peak} {done.stdout}")
"""


def measure(code: str, runs: int = 3) -> tuple[float, int, str]:
    """Best wall time and its peak RSS (KiB) over `runs` fresh interpreters."""
    best = None
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", MEASURE, code], capture_output=True, text=True, check=True).stdout
        wall, peak, rest = out.split(" ", 2)
        if best is None or float(wall) < best[0]:
            best = (float(wall), int(peak), rest.strip())
    return best


def main() -> None:
    floor_wall, floor_peak, _ = measure(FLOOR)
    kit_wall, kit_peak, sizes = measure(KIT)
    print(f"import floor: {floor_wall:.2f} s, peak {floor_peak / 1024:.0f} MiB")
    print(
        f"40-person kit: {kit_wall:.2f} s, peak {kit_peak / 1024:.0f} MiB "
        f"({kit_wall / floor_wall:.2f} × the floor; goal ≤ 1.5 ×)"
    )
    for name, size in json.loads(sizes).items():
        print(f"  {name}: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
