"""Kits for many schools as one zip, for the web page: a folder per school, byte for byte what `maak
--scholen` writes, and samenvatting.txt naming each refused row by its line number and the reason.

The table is checked first (`plan`), so a page can show what the zip will hold before it is made; the
zip's summary says what was made in the end.
"""

import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .batch import Failure, make_batch, read_rows
from .bundle import add_file
from .intake.errors import UserError
from .kit import kit_name
from .output import MANIFEST

MAX_SCHOOLS = 200  # per upload: some 200 MB of kits and a few minutes of work
SUMMARY = "samenvatting.txt"


@dataclass(frozen=True)
class Plan:
    kits: list[tuple[int, str]]  # (line, kit folder) of each good row
    failures: list[Failure]  # each refused row, with its line number and the reason


def plan(table: Path, limit: int = MAX_SCHOOLS) -> Plan:
    """The kits the table makes and the rows it refuses; more than `limit` schools is refused whole."""
    kits: list[tuple[int, str]] = []
    failures: list[Failure] = []
    first: dict[str, int] = {}
    for count, row in enumerate(read_rows(table), 1):
        if count > limit:
            raise UserError(
                f"{table.name} heeft meer dan {limit} scholen; hier kunnen er hoogstens {limit} per keer. "
                f"Verdeel de tabel over meer bestanden van elk hoogstens {limit} scholen."
            )
        if row.error:
            failures.append(Failure(row.line, row.error))
            continue
        name = kit_name(row.profile)
        if name in first:  # as make_batch refuses it: two rows must not make one kit
            failures.append(
                Failure(
                    row.line,
                    f"regel {row.line}: dezelfde kit als regel {first[name]} ({name}). "
                    "Geef de school een andere naam of een ander jaar.",
                )
            )
            continue
        first[name] = row.line
        kits.append((row.line, name))
    if not kits and not failures:
        raise UserError(f"{table.name} heeft geen scholen: onder de kolomnamen staat geen regel.")
    return Plan(kits, failures)


def summary(table_name: str, kits: list[tuple[int, str]], failures: list[Failure]) -> str:
    """The summary in words, as the page shows it and samenvatting.txt holds it."""
    lines = [f"Kits voor veel scholen uit {table_name}", ""]
    lines.append(f"{len(kits)} {'kit' if len(kits) == 1 else 'kits'}, een map per school:")
    lines += [f"  {name} (regel {line})" for line, name in kits]
    if failures:
        lines += ["", f"{len(failures)} {'regel' if len(failures) == 1 else 'regels'} zonder kit:"]
        lines += [f"  {failure.message}" for failure in sorted(failures, key=lambda failure: failure.line)]
    return "\n".join(lines) + "\n"


def write_schools_zip(table: Path, out: BinaryIO, limit: int = MAX_SCHOOLS) -> Plan:
    """Every kit of the table in one zip written to `out` (200 kits are some 100 MB: a file, not memory),
    with samenvatting.txt; the kits are made one after another in this process. Returns what was made."""
    planned = plan(table, limit)
    with tempfile.TemporaryDirectory(prefix="waardenkaart-scholen-") as folder:
        target = Path(folder) / "kits"
        result = make_batch(table, target, processes=1)
        failed = {failure.line for failure in result.failures}
        made = Plan([(line, name) for line, name in planned.kits if line not in failed], result.failures)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            text = summary(table.name, made.kits, made.failures).replace("\n", "\r\n")  # opened in Notepad
            add_file(archive, SUMMARY, text.encode("utf-8"))
            for _, name in made.kits:
                for path in sorted((target / name).rglob("*")):
                    # the manifest is bound to the folder made here, which is gone: it has no use in a zip
                    if path.is_file() and path.name != MANIFEST:
                        add_file(archive, f"{name}/{path.relative_to(target / name).as_posix()}", path.read_bytes())
    return made
