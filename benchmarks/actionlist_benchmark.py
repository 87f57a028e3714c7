"""How long `waardenkaart actielijst` takes, and how much memory, on the tables its limits allow and refuse,
paired against a team's ordinary table in the same run.

Issue 25 measured 101 s and 659 MB for a table with 100,000 characters in six cells (18,000 cards for
300 names in 20 rows). Each case runs in a fresh process, in alternation with the ordinary table, so
that both see the same machine load; CPU time and peak memory are the child's own.

Run from the repository root: python benchmarks/actionlist_benchmark.py [--rounds 3]
"""

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from pypdf import PdfReader, PdfWriter  # noqa: E402

from waardenkaart.actionkit import MAX_CARDS, MAX_PEOPLE  # noqa: E402
from waardenkaart.intake.profile import build_profile  # noqa: E402
from waardenkaart.kit import TABLES_FILE, make_kit  # noqa: E402

CHILD = """
import json, resource, sys, time
from waardenkaart.console import main
start, cpu = time.perf_counter(), time.process_time()
try:
    main(["actielijst", sys.argv[1], "--uitvoer", sys.argv[2]])
except SystemExit as stop:
    code = stop.code
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "rss_mb": usage.ru_maxrss / 1024, "code": code}), file=sys.stderr)
"""
COLUMNS = ("actiepunt", "wie", "wanneer", "vertellen", "morgen", "terugkomen")


def filled(values: dict[str, str], team: int) -> bytes:
    tables = make_kit(build_profile({"school": "de Regenboog", "team": team})).files[TABLES_FILE]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(tables)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cases() -> dict[str, bytes]:
    ordinary = {
        f"tabel1.r{row:03d}.{key}": value
        for row in range(1, 13)
        for key, value in zip(COLUMNS, ("Elke maandag een kringgesprek", "Anna en Bram", "vanaf maart", "Carla"))
    }
    names = ", ".join(f"{chr(65 + i // 26)}{chr(97 + i % 26)}" for i in range(MAX_PEOPLE))  # Aa, Ab, ...
    largest = {}
    for row in range(1, MAX_CARDS // MAX_PEOPLE + 1):
        largest |= {f"tabel1.r{row:03d}.actiepunt": "Kringgesprek", f"tabel1.r{row:03d}.wie": names}
    issue = {f"tabel1.r001.{key}": "woord " * 3_333 for key in COLUMNS}
    return {
        "ordinary table: 12 action points, 24 cards": filled(ordinary, 20),
        f"largest accepted: {MAX_CARDS // MAX_PEOPLE} rows x {MAX_PEOPLE} names = {MAX_CARDS} cards": filled(
            largest, 20
        ),
        "issue 25's table: 6 cells of 20,000 characters (refused)": filled(issue, 20),
    }


def measure(path: Path, folder: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(folder)], capture_output=True, text=True, check=False
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as scratch:
        paths = {}
        for number, (name, data) in enumerate(cases().items()):
            paths[name] = Path(scratch) / f"tabel-{number}.pdf"
            paths[name].write_bytes(data)
        baseline, *others = paths
        for name in others:
            pairs = []
            for round_ in range(rounds):
                pair = [
                    measure(paths[case], Path(scratch) / f"uit-{round_}-{i}") for i, case in enumerate((baseline, name))
                ]
                pairs.append(pair)
            base, case = (statistics.median(pair[i]["cpu"] for pair in pairs) for i in (0, 1))
            memory = max(pair[1]["rss_mb"] for pair in pairs)
            wall = statistics.median(pair[1]["wall"] for pair in pairs)
            print(
                f"{name}: exit {pairs[0][1]['code']}, {wall:.1f} s wall, {case:.1f} s CPU "
                f"({case / base:.1f}x the ordinary table's {base:.1f} s), {memory:.0f} MB peak"
            )


if __name__ == "__main__":
    main()
