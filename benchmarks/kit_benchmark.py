"""How fast a kit is made, measured against the cost of merely importing the libraries it builds on.

Three figures, each against the targets of issue 13:

1. Paired CLI ratio. A fresh process that only imports reportlab.platypus, jinja2, click, pypdf and
   babel.dates (the import floor) and a fresh `waardenkaart maak` for a 40-person team run in
   alternation, so that both see the same machine load; the figure is the median of the per-pair
   ratios (target: at most 2x, aim 1.5x).
2. Warm kit: the median time of one kit in a process that has made one before (target: 100 ms).
3. Batch: `waardenkaart maak --scholen` for a CSV of distinct schools, from the command line, whole
   wall time including starting the workers (target: 10 kits per second on 2 cores).

It also prints the size of a kit with and without the team's values (target: under 1 MB).

Wall-clock figures need a quiet machine; CPU-time figures, printed beside them, suffer less from other
work on the machine. The package's bytecode is compiled first, as an installed package has it.

Run from the repository root, after `pip install -e '.[test]'`:

    python benchmarks/kit_benchmark.py            # 9 pairs, 20 warm kits, a batch of 60 schools
    python benchmarks/kit_benchmark.py --pairs 15 --warm 40 --rows 120 --processes 2
"""

import argparse
import compileall
import csv
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = "import reportlab.platypus, jinja2, click, pypdf, babel.dates"
WITH_VALUES = {
    "school": "de Regenboog",
    "team": 40,
    "waarden": ["veiligheid", "respect", "samen leren", "vieren", "zelfstandigheid"],
    "waarden_ouders": ["veiligheid", "respect", "creativiteit", "eerlijkheid", "vertrouwen", "humor"],
    "toekomstperspectief": "In 2028 is de Regenboog een school waar iedereen zich veilig voelt.",
}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user and system) of a fresh process running `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def paired_ratio(pairs: int, work: Path) -> dict[str, float]:
    """Medians of the floor and the CLI run, and of the per-pair ratios, in wall-clock and CPU time."""
    floors, runs = [], []
    for number in range(pairs):
        cli = [sys.executable, "-m", "waardenkaart", "maak", "--school", "de Regenboog", "--team", "40"]
        cli += ["--uitvoer", str(work / f"kit-{number}")]
        floor = [sys.executable, "-c", FLOOR]
        if number % 2:  # alternate which goes first, so neither always meets a warmer disk cache
            run, base = timed(cli), timed(floor)
        else:
            base, run = timed(floor), timed(cli)
        floors.append(base)
        runs.append(run)
    return {
        "floor": statistics.median(wall for wall, _ in floors),
        "run": statistics.median(wall for wall, _ in runs),
        "ratio": statistics.median(run[0] / base[0] for run, base in zip(runs, floors)),
        "cpu ratio": statistics.median(run[1] / base[1] for run, base in zip(runs, floors)),
    }


def warm_kit(kits: int) -> tuple[float, float, dict[str, int], dict[str, int]]:
    """Median wall-clock and CPU seconds per kit in a warm process, each for another school, and the file
    sizes of a kit without and with values."""
    from waardenkaart.intake.profile import build_profile
    from waardenkaart.kit import make_kit

    profiles = [build_profile({"school": f"Basisschool nummer {n}", "team": 40}) for n in range(kits + 1)]
    plain = make_kit(profiles[0])
    walls, cpus = [], []
    for profile in profiles[1:]:
        start, cpu = time.perf_counter(), time.process_time()
        make_kit(profile)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    full = make_kit(build_profile(WITH_VALUES))
    sizes = {name: len(data) for name, data in plain.files.items()}
    return statistics.median(walls), statistics.median(cpus), sizes, {n: len(d) for n, d in full.files.items()}


def batch(rows: int, processes: int, work: Path) -> tuple[float, float]:
    """Kits per second of the command-line batch, start to finish, and CPU seconds per kit (all processes)."""
    table = work / "scholen.csv"
    with open(table, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(["school", "directeur", "team"])
        for number in range(rows):
            writer.writerow([f"Basisschool De Linde {number}", f"Directeur {number}", 20 + number % 30])
    command = [sys.executable, "-m", "waardenkaart", "maak", "--scholen", str(table)]
    command += ["--uitvoer", str(work / "batch"), "--processen", str(processes)]
    wall, cpu = timed(command)
    return rows / wall, cpu / rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=9, help="floor/CLI pairs (at least 7)")
    parser.add_argument("--warm", type=int, default=20, help="kits timed in one warm process")
    parser.add_argument("--rows", type=int, default=60, help="schools in the batch (0: no batch)")
    parser.add_argument("--processes", type=int, default=2, help="worker processes of the batch")
    args = parser.parse_args()
    if args.pairs < 7:
        parser.error("use at least 7 pairs")
    # An installed package has its bytecode compiled; a checkout may not (PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "waardenkaart", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pair = paired_ratio(args.pairs, work)
        print(
            f"import floor: {pair['floor'] * 1000:.0f} ms, CLI kit (40 persons): {pair['run'] * 1000:.0f} ms (medians)"
        )
        print(
            f"paired ratio CLI/floor: {pair['ratio']:.2f}x wall-clock, {pair['cpu ratio']:.2f}x CPU time, "
            f"over {args.pairs} pairs (target <= 2x, aim 1.5x)"
        )
        wall, cpu, plain, full = warm_kit(args.warm)
        print(
            f"warm kit: {wall * 1000:.0f} ms wall-clock, {cpu * 1000:.0f} ms CPU "
            f"(median of {args.warm}; target <= 100 ms)"
        )
        if args.rows:
            rate, cpu = batch(args.rows, args.processes, work)
            print(
                f"batch: {rate:.1f} kits/s, {args.rows} kits on {args.processes} processes (target >= 10); "
                f"{cpu * 1000:.0f} ms CPU per kit, start-up included: at most {args.processes / cpu:.1f} kits/s "
                f"on {args.processes} idle cores"
            )
    for label, sizes in (("kit", plain), ("kit with values", full)):
        print(f"{label}: {sum(sizes.values()) / 1024:.0f} KiB in {len(sizes)} files (target < 1024 KiB)")
        for name, size in sizes.items():
            print(f"  {name}: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
