"""Kits for many schools at once, from a CSV table as Excel writes it, in worker processes.

Rows are read one at a time and at most two per worker are in the making, so memory stays flat however
long the table is. Each worker loads content, layouts and fonts once and writes its kits itself, with
the same safe writer as a single kit: a kit folder is complete or absent. A bad row is reported with its
line number and never stops the others.

The table: one row per school, a header row with the profile's field names (school, directeur, team,
...), separated by `;` (Excel with Dutch settings), `,` or a tab; or the same as a spreadsheet (.xlsx).
A list (`waarden`, `waarden_ouders`) is one cell with the values separated by `|`. UTF-8 with or without
BOM, or Windows-1252.
"""

import codecs
import csv
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from .bundle import with_print_shop_zip
from .forked import usable_cores
from .intake.errors import UserError
from .intake.profile import KEYS, RETIRED, VALUE_LISTS, Profile, build_profile
from .kit import default_maker, kit_name, make_kit
from .output import interrupt_on_sigterm, kit_file_names, write_kit
from .text.programmelength import length_lines, session_lengths

LIST_SEPARATOR = "|"
DELIMITERS = ";,\t"
PARENT_CHECK_SECONDS = 0.2  # how soon a worker notices that the batch that started it is gone
TRUE_WORDS, FALSE_WORDS = {"ja", "waar", "true", "1"}, {"nee", "onwaar", "false", "0", ""}
_BOMS = {codecs.BOM_UTF16_LE: "UTF-16", codecs.BOM_UTF16_BE: "UTF-16", codecs.BOM_UTF32_LE: "UTF-32"}


@dataclass(frozen=True)
class Row:
    """One school: its line in the file and either its profile or what is wrong with it."""

    line: int
    profile: Profile | None = None
    error: str | None = None


@dataclass(frozen=True)
class Failure:
    line: int
    message: str  # names the line: "regel 4: ..." or "regel 4, veld 'team': ..."


@dataclass
class BatchResult:
    """What a batch made: the number of kits, the rows that failed, and whether Ctrl-C stopped it."""

    target: Path
    made: int = 0
    failures: list[Failure] = field(default_factory=list)
    long: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (line, kit, lengths) past the handbook
    interrupted: bool = False


def file_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the file is valid UTF-8, else Windows-1252, Excel's other choice."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(4)
            for bom, name in _BOMS.items():
                if start.startswith(bom):
                    raise UserError(
                        f"{path.name} is opgeslagen als {name}. Sla de tabel in Excel op als "
                        "‘CSV UTF-8 (door lijstscheidingsteken gescheiden)’."
                    )
            if start.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
    except OSError as exc:
        raise UserError(f"Kan {path} niet lezen ({exc.strerror}).") from None


def read_rows(path: Path) -> Iterator[Row]:
    """The rows of the table, one at a time, each checked as a profile; empty rows are skipped."""
    if _spreadsheet(path):
        from .intake.schoolsheet import sheet_lines

        yield from lines_to_rows(path, sheet_lines(path.read_bytes(), path.name))
        return
    encoding = file_encoding(path)
    try:
        with open(path, encoding=encoding, newline="") as handle:
            first = handle.readline()
            delimiter = max(DELIMITERS, key=first.count)
            header = next(csv.reader([first], delimiter=delimiter), [])
            columns = [name.strip().lower() for name in header]
            _check_header(path, columns)
            reader = csv.reader(handle, delimiter=delimiter)
            line = 2
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield _row(line, columns, cells)
                line = reader.line_num + 2  # the next record starts after the header and what was read
    except UnicodeDecodeError:
        raise UserError(
            f"{path.name} bevat tekens die ik niet kan lezen. Sla de tabel in Excel op als "
            "‘CSV UTF-8 (door lijstscheidingsteken gescheiden)’."
        ) from None
    except csv.Error as exc:
        raise UserError(f"{path.name} is geen leesbare CSV-tabel ({exc}).") from None


def _spreadsheet(path: Path) -> bool:
    from .intake.schoolsheet import is_spreadsheet

    try:
        with open(path, "rb") as handle:
            return is_spreadsheet(handle.read(4))
    except OSError as exc:
        raise UserError(f"Kan {path} niet lezen ({exc.strerror}).") from None


def lines_to_rows(path: Path, lines: Iterator[tuple[int, list[str]]]) -> Iterator[Row]:
    """The rows of a table given as (line, cells), the header first: a spreadsheet's, or an upload's."""
    first = next(lines, None)
    columns = [name.strip().lower() for name in (first[1] if first else [])]
    while columns and not columns[-1]:
        columns.pop()  # a spreadsheet's empty columns right of the table
    _check_header(path, columns)
    for line, cells in lines:
        if any(cell.strip() for cell in cells):
            yield _row(line, columns, cells)


def count_rows(path: Path) -> int:
    """How many schools the table holds, read without keeping them (for a progress bar)."""
    return sum(1 for _ in read_rows(path))


def _check_header(path: Path, columns: list[str]) -> None:
    if not any(columns):
        raise UserError(f"{path.name} is leeg: de eerste regel moet de kolomnamen geven, zoals school;directeur;team.")
    unknown = [name for name in columns if name and name not in KEYS and name not in RETIRED]
    if unknown:
        raise UserError(f"{path.name}, regel 1: onbekende kolom ‘{unknown[0]}’. Bekende kolommen: {', '.join(KEYS)}.")
    doubled = {name for name in columns if name and columns.count(name) > 1}
    if doubled:
        raise UserError(f"{path.name}, regel 1: de kolom ‘{sorted(doubled)[0]}’ staat er twee keer in.")


def _row(line: int, columns: list[str], cells: list[str]) -> Row:
    if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
        return Row(line, error=f"regel {line}: meer cellen ({len(cells)}) dan kolommen ({len(columns)}).")
    values: dict[str, object] = {}
    for name, cell in zip(columns, cells):
        cell = cell.strip()
        if not name or not cell:
            continue
        if name in VALUE_LISTS:
            values[name] = [value.strip() for value in cell.split(LIST_SEPARATOR)]
        elif name == "snijtekens" and cell.lower() in TRUE_WORDS | FALSE_WORDS:
            values[name] = cell.lower() in TRUE_WORDS
        else:
            values[name] = cell
    try:
        return Row(line, profile=build_profile(values, file_name=f"regel {line}"))
    except UserError as exc:
        return Row(line, error=str(exc))


def _start_worker() -> None:
    """Load content, layouts and fonts once per worker; Ctrl-C is the parent's to handle, and a worker
    whose parent is gone (killed outright) stops at once: nobody would collect its kits, and a caller
    waiting for the end of the output would wait for it. A kit cut short that way is finished or undone
    by the next run into its folder (see output.py)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker inherits the parent's handler
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="waardenkaart-ouder", daemon=True).start()
    default_maker()


def make_and_write(profile: Profile, target: Path, overwrite: bool, zipped: bool) -> None:
    """One kit into target/<kit name>/: what each worker does per row."""
    kit = make_kit(profile)
    if zipped:
        kit = with_print_shop_zip(kit)
    write_kit(kit, target / kit.name, overwrite=overwrite, names=kit_file_names())


@interrupt_on_sigterm()
def make_batch(
    table: Path,
    target: Path,
    *,
    processes: int | None = None,
    overwrite: bool = False,
    zipped: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """A kit per row of `table` in target/<kit name>/, made by `processes` workers (one per core).

    `progress(n)` is called as n more rows are done. Ctrl-C or SIGTERM lets the kits in the making
    finish and starts no others; the result then says it was interrupted.
    """
    processes = processes or usable_cores()  # one worker per core
    result = BatchResult(target)
    rows = read_rows(table)
    first_line: dict[str, int] = {}  # kit name → the row that makes it: two rows must not make one kit
    long: dict[int, tuple[int, str, list[str]]] = {}  # line → its sessions' lengths, when one runs long

    def planned(row: Row) -> Row:
        if row.error:
            return row
        name = kit_name(row.profile)
        if name in first_line:
            return Row(
                row.line,
                error=f"regel {row.line}: dezelfde kit als regel {first_line[name]} ({name}). "
                "Geef de school een andere naam of een ander jaar.",
            )
        first_line[name] = row.line
        content = default_maker().content
        if any(length.over for length in session_lengths(row.profile, content)):
            long[row.line] = (row.line, name, length_lines(row.profile, content))
        return row

    def done(line: int, error: str | None) -> None:
        if error:
            result.failures.append(Failure(line, error))
        else:
            result.made += 1
            if line in long:
                result.long.append(long[line])
        if progress:
            progress(1)

    if processes == 1:
        try:
            for row in map(planned, rows):
                done(row.line, row.error or _attempt(row.line, row.profile, target, overwrite, zipped))
        except KeyboardInterrupt:
            result.interrupted = True
        result.failures.sort(key=lambda failure: failure.line)
        result.long.sort()
        return result

    from concurrent.futures import ProcessPoolExecutor  # imports multiprocessing: only a batch needs it
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    context = get_context()
    if context.get_start_method() == "fork":
        default_maker()  # loaded once here, shared with every worker
    running: dict[Future, int] = {}
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_start_worker) as pool:
        try:
            for row in map(planned, rows):
                if row.error:
                    done(row.line, row.error)
                    continue
                if len(running) >= 2 * processes:
                    _collect(running, done, wait(running, return_when=FIRST_COMPLETED).done)
                running[pool.submit(_attempt, row.line, row.profile, target, overwrite, zipped)] = row.line
            _collect(running, done, list(running))
        except KeyboardInterrupt:
            result.interrupted = True
            for future in running:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            _collect(running, done, [future for future in running if future.done() and not future.cancelled()])
        except BrokenProcessPool:
            raise UserError(
                f"De processen die de kits maakten, zijn onverwacht gestopt (te weinig geheugen?). {result.made} "
                f"kits zijn af; probeer het opnieuw met minder processen (--processen 1)."
            ) from None
    result.failures.sort(key=lambda failure: failure.line)
    result.long.sort()
    return result


def _attempt(line: int, profile: Profile, target: Path, overwrite: bool, zipped: bool) -> str | None:
    """None when the kit is written, else the Dutch message of what went wrong, with the row's line.

    An error in the program itself is reported for its row too: the other schools still get their kit.
    """
    try:
        make_and_write(profile, target, overwrite, zipped)
    except UserError as exc:
        return f"regel {line}: {exc}"
    except Exception as exc:  # one school's bug must not cost the others their kit
        return f"regel {line}: onverwachte fout in waardenkaart ({type(exc).__name__}: {exc}). Meld dit alstublieft."
    return None


def _collect(running: dict[Future, int], done: Callable[[int, str | None], None], finished) -> None:
    for future in finished:
        line = running.pop(future)
        done(line, future.result())
