"""The command line: a thin layer over the library, in Dutch.

Usage errors (a bad option) exit with 2, every other problem with 1, each with a Dutch message.
Each command imports what only it needs when it runs: `maak` for one school starts faster without
the PDF reader, the preflight and the worker processes.
"""

import sys
from datetime import UTC, date, datetime
from pathlib import Path

import click

from . import __version__
from .bundle import with_print_shop_zip
from .click_nl import install
from .forked import make_kit_forked
from .intake.content import default_content
from .intake.errors import UserError
from .intake.layout import default_print_standard
from .intake.profile import build_profile, read_profile_file, retired_notices
from .intake.profile import shown as shown_value
from .kit import Kit, default_maker, session2_maker
from .output import ACTION_LIST, kit_file_names, reason, write_kit
from .text.programmelength import length_lines
from .text.untrusted import for_terminal

install()


def quiet_pypdf() -> None:
    """pypdf reports damaged files in English on stderr; our own Dutch message says what matters."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)


def shown(exc: UserError) -> str:
    """The message, with bytes of a file name that were not UTF-8 shown as � instead of Python's escapes."""
    return str(exc).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(
    "waardenkaart", context_settings=CONTEXT, options_metavar="[OPTIES]", subcommand_metavar="OPDRACHT [ARGUMENTEN]..."
)
@click.version_option(__version__, "--version", prog_name="waardenkaart", message="%(prog)s %(version)s")
def cli():
    """Maak de papieren kit voor "Waarden Werken voor Welbevinden op School" voor één school:
    kaartjes, tabellen, draaiboeken en posters, drukklaar en ingevuld."""


@cli.command("maak", options_metavar="[OPTIES]")
@click.argument("profiel", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--school", metavar="TEKST", help='Naam van de school zoals die in een zin staat: "de Regenboog", "OBS Het Palet".'
)
@click.option("--directeur", metavar="TEKST", help="Naam van de directeur.")
@click.option("--jaar", metavar="JAAR", help="Het jaar van de droom (standaard: over twee jaar).")
@click.option("--krant", metavar="TEKST", help='De krant in de droom, met lidwoord (standaard: "de Volkskrant").')
@click.option("--team", metavar="AANTAL", help="Aantal teamleden dat meedoet (standaard: 20).")
@click.option("--groepsgrootte", metavar="AANTAL", help="Deelnemers per groepje in de droomfase (standaard: 4).")
@click.option("--procesleiders", metavar="AANTAL", help="Aantal procesleiders (standaard: 1).")
@click.option("--sessie1", metavar="DATUM", help='Begin van sessie 1, bijvoorbeeld "2027-01-12 15:00".')
@click.option("--sessie2", metavar="DATUM", help="Begin van sessie 2.")
@click.option(
    "--waarde",
    "waarden",
    metavar="TEKST",
    multiple=True,
    help="Een waarde uit de top 5 van sessie 1; herhaal de optie voor elke waarde (5 of 6 keer).",
)
@click.option("--toekomstperspectief", metavar="TEKST", help="De zin met het toekomstperspectief van het team.")
@click.option(
    "--snijtekens",
    is_flag=True,
    default=None,
    help="Snijtekens in het drukbestand (de meeste online drukkers willen ze niet).",
)
@click.option(
    "--verschuif-x",
    "verschuif_x",
    metavar="MM",
    help="Verschuif de achterkanten op de A4-vellen naar rechts (negatief: links); zie het kalibratievel.",
)
@click.option("--verschuif-y", "verschuif_y", metavar="MM", help="Verschuif de achterkanten omhoog (negatief: omlaag).")
@click.option(
    "--zip", "make_zip", is_flag=True, help="Zet drukbestand en drukopdracht ook samen in een zip voor de drukker."
)
@click.option(
    "--alleen-sessie2",
    "session2_only",
    is_flag=True,
    help="Alleen wat de waarden van het team veranderen of toevoegen, voor een school die sessie 1 al drukte.",
)
@click.option(
    "--uitvoer",
    metavar="MAP",
    type=click.Path(file_okay=False, path_type=Path),
    help="Map voor de kit (standaard: ./waardenkaart-<school>-<jaar>); met --scholen de map waarin elke "
    "kit een eigen map krijgt (standaard: de huidige map).",
)
@click.option("--overschrijf", is_flag=True, help="Vervang een bestaande kit in die map.")
@click.option(
    "--scholen",
    metavar="TABEL.csv|.xlsx",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Maak een kit per school uit een tabel (CSV zoals Excel die opslaat, of .xlsx), elk in een eigen map in "
    "--uitvoer.",
)
@click.option(
    "--processen",
    metavar="AANTAL",
    type=click.IntRange(min=1),
    help="Aantal kits tegelijk bij --scholen (standaard: één per processorkern).",
)
@click.pass_context
def maak(
    ctx,
    profiel: Path | None,
    uitvoer: Path | None,
    overschrijf: bool,
    make_zip: bool,
    session2_only: bool,
    scholen: Path | None,
    processen: int | None,
    **options,
):
    """Maak de kit voor één school, eventueel uit een profielbestand (TOML), of met --scholen een kit
    voor elke school in een tabel.

    Een optie gaat voor een veld uit het profiel. Zonder gegevens komt er een neutrale kit met
    invulregels.
    """
    options["waarden"] = options["waarden"] or None  # no --waarde: the file decides
    if scholen:
        given = [name for name, value in options.items() if value is not None]
        if profiel or given or session2_only:
            raise click.UsageError(
                "--scholen gaat niet samen met een profiel of met opties als --school en --team: "
                "zet die gegevens in de tabel.",
                ctx,
            )
        _batch(scholen, uitvoer or Path("."), processen, overschrijf, make_zip)
        return
    if processen:
        raise click.UsageError("--processen hoort bij --scholen.", ctx)
    try:
        file_values = read_profile_file(profiel) if profiel else {}
        file_name = click.format_filename(profiel.name) if profiel else "profiel"
        profile = build_profile(file_values, options, file_name=file_name)
    except UserError as exc:
        if exc.option:
            raise click.UsageError(shown(exc), ctx) from None
        raise click.ClickException(shown(exc)) from None
    for notice in retired_notices(file_values, file_name):
        click.echo(f"Let op, {notice}", err=True)
    if session2_only and not profile.waarden:
        raise click.UsageError(
            "--alleen-sessie2 maakt wat de waarden van het team veranderen: geef de top 5 met --waarde "
            "of in het profiel.",
            ctx,
        )
    maker = session2_maker() if session2_only else default_maker()
    try:
        kit = make_kit_forked(profile, maker)  # both cores: the kit is made in about half the time
        if make_zip:
            kit = with_print_shop_zip(kit)
        target = write_kit(kit, uitvoer or Path(kit.name), overwrite=overschrijf, names=kit_file_names())
    except UserError as exc:
        raise click.ClickException(shown(exc)) from None
    click.echo(f"Kit gemaakt in {click.format_filename(target)}{'' if str(target).endswith('/') else '/'}\n")
    for line in maker.documents.listing(profile, with_zip=make_zip):
        click.echo(line)
    click.echo(f"\nHet programma voor {profile.team} teamleden:")
    for line in length_lines(profile, default_maker().content):
        click.echo(f"  {line}")


def _batch(table: Path, target: Path, processes: int | None, overwrite: bool, zipped: bool) -> None:
    """A kit per row, a progress bar on a terminal, a Dutch summary; exit 1 when a row failed."""
    from .batch import count_rows, make_batch

    try:
        if sys.stderr.isatty():
            with click.progressbar(length=count_rows(table), label="Kits maken", file=sys.stderr) as bar:
                result = make_batch(
                    table, target, processes=processes, overwrite=overwrite, zipped=zipped, progress=bar.update
                )
        else:
            result = make_batch(table, target, processes=processes, overwrite=overwrite, zipped=zipped)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    if not (result.made or result.failures or result.interrupted):
        raise click.ClickException(f"{table.name} heeft geen scholen: onder de kolomnamen staat geen regel.")
    folder = f"{target}{'' if str(target).endswith('/') else '/'}"
    click.echo(f"{result.made} {'kit' if result.made == 1 else 'kits'} gemaakt in {folder}, een map per school.")
    if result.failures:
        count = len(result.failures)
        click.echo(f"{count} {'regel' if count == 1 else 'regels'} zonder kit:")
        for failure in result.failures:
            click.echo(f"  {failure.message}")
    if result.long:
        click.echo("Langer dan de twee uur per sessie van het handboek:")
        for line, name, lengths in result.long:
            click.echo(f"  regel {line}, {name}:")
            click.echo("".join(f"    {length}\n" for length in lengths), nl=False)
    if result.interrupted:
        click.echo("Onderbroken: de kits die af waren staan er; de overige regels zijn niet gemaakt.", err=True)
        raise SystemExit(130)
    if result.failures:
        raise SystemExit(1)


@cli.command("controleer", options_metavar="[OPTIES]")
@click.argument(
    "bestanden",
    nargs=-1,
    required=True,
    metavar="BESTAND.pdf...",
    type=click.Path(path_type=Path),  # a missing file is reported in its turn, the others still checked
)
def controleer(bestanden: tuple[Path, ...]):
    """Controleer PDF-bestanden zoals een drukker dat doet (preflight).

    Per bestand en pagina: formaat en snijkaders, afloop, ingesloten lettertypen, kleurruimten,
    transparantie, OutputIntent (PDF/X), inktdekking, kleinste tekst en tekst buiten de veilige
    zone. Stopt met 0 als alles drukklaar is, anders met 1.
    """
    from .prepress.preflight import Finding, Report, check_file, format_report

    quiet_pypdf()

    standard = default_print_standard()
    ready = True
    for path in bestanden:  # each file gets its answer; one that cannot be read does not stop the rest
        try:
            report = check_file(path, standard)
        except OSError as exc:
            report = Report(findings=[Finding(None, f"kan het bestand niet lezen: {reason(exc)}.")])
        ready &= report.ready
        click.echo(for_terminal(format_report(click.format_filename(path), report)))  # a PDF's text, shown inert
    if not ready:
        raise SystemExit(1)


@cli.command("actielijst", options_metavar="[OPTIES]")
@click.argument(
    "ingevuld", metavar="INGEVULD.pdf|.xlsx|.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--uitvoer",
    metavar="MAP",
    type=click.Path(file_okay=False, path_type=Path),
    help="Map voor de actielijst (standaard: ./actielijst-<bestandsnaam>).",
)
@click.option("--overschrijf", is_flag=True, help="Vervang een bestaande actielijst in die map.")
def actielijst(ingevuld: Path, uitvoer: Path | None, overschrijf: bool):
    """Lees een ingevulde Tabel 1 (en Tabel 2) en maak er een actielijst van: tabellen-sessie2-A4.pdf
    of tabel1-sessie2.xlsx uit de kit, of Tabel 1 als CSV.

    Schrijft actielijst.csv (opent in Excel), afspraken.csv als Tabel 2 is ingevuld,
    terugkommomenten.ics met een afspraak voor elke datum bij ‘Wanneer komen we er op terug?’, en voor
    stap 4 op papier: een actiekaartje per persoon per actiepunt (A6 voor de drukker en A4 om zelf af
    te drukken) en een poster met alle actiepunten (A3).
    """
    from .actionkit import CARDS_FILE, POSTER_FILE, SHEETS_FILE, action_papers
    from .actionlist import FILES, MAX_FILE_BYTES, action_list, read_tables_file

    quiet_pypdf()

    def say(text: str, err: bool = False) -> None:
        """Every line may quote the table's cells: control characters are shown, not obeyed."""
        click.echo(for_terminal(text), err=err)

    content = default_content()
    try:
        try:
            if not ingevuld.is_file():
                raise UserError(f"{click.format_filename(ingevuld)} is geen gewoon bestand.")
            with open(ingevuld, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise UserError(f"Kan {click.format_filename(ingevuld)} niet lezen: {reason(exc)}.") from None
        filled = read_tables_file(data, click.format_filename(ingevuld.name), content, date.today())
        result = action_list(filled, content, datetime.now(UTC))
        maker = default_maker()
        papers = action_papers(filled, result.dates, maker.face, maker.sheet, maker.standard)
        target = write_kit(
            Kit(f"actielijst-{ingevuld.stem}", {**result.files, **papers.files}),
            uitvoer or Path(f"actielijst-{ingevuld.stem}"),
            overwrite=overschrijf,
            kind=ACTION_LIST,
            names=[*FILES, CARDS_FILE, SHEETS_FILE, POSTER_FILE],
        )
    except UserError as exc:
        raise click.ClickException(for_terminal(shown(exc))) from None
    say(
        f"Actielijst gemaakt in {click.format_filename(target)}/: "
        f"{result.actions} actiepunt{'en' if result.actions != 1 else ''}, "
        f"{result.events} terugkommoment{'en' if result.events != 1 else ''} in de agenda."
    )
    for name in [*result.files, *papers.files]:
        say(f"  {name}")
    if papers.files:
        say(
            f"Voor stap 4: {papers.cards} actiekaart{'jes' if papers.cards != 1 else 'je'} "
            f"({CARDS_FILE} voor de drukker, {SHEETS_FILE} om zelf af te drukken) en de poster {POSTER_FILE}."
        )
    if papers.undated:
        say(
            f"{papers.undated} actiepunt{'en' if papers.undated != 1 else ''} zonder datum om op terug te komen: "
            "op de kaartjes en de poster staat een regel om de datum in te vullen."
        )
    for warning in result.warnings:
        say(f"Let op, {warning}", err=True)


def _port(ctx, param, value: str) -> int:
    """The port in the same words as the profile's whole numbers."""
    if not (value.strip().isascii() and value.strip().isdecimal()):
        raise click.UsageError(f"--poort: het poortnummer moet een geheel getal zijn, niet {shown_value(value)}.", ctx)
    if not 1 <= int(value) <= 65535:
        raise click.UsageError(f"--poort: het poortnummer moet tussen 1 en 65535 liggen, niet {int(value)}.", ctx)
    return int(value)


def _processes(ctx, param, value: str | None) -> int | None:
    """--processen in the same words as the port."""
    if value is None:
        return None
    if not (value.strip().isascii() and value.strip().isdecimal()):
        raise click.UsageError(f"--processen: het aantal moet een geheel getal zijn, niet {shown_value(value)}.", ctx)
    if not 1 <= int(value) <= 64:
        raise click.UsageError(f"--processen: het aantal moet tussen 1 en 64 liggen, niet {int(value)}.", ctx)
    return int(value)


@cli.command("web", options_metavar="[OPTIES]")
@click.option(
    "--poort", metavar="NUMMER", default="8000", show_default=True, callback=_port, help="De poort om op te luisteren."
)
@click.option(
    "--host",
    metavar="ADRES",
    default="127.0.0.1",
    show_default=True,
    help="Het adres om op te luisteren; 127.0.0.1 is alleen deze computer (of een proxy op deze computer).",
)
@click.option(
    "--processen",
    metavar="AANTAL",
    callback=_processes,
    help="Zoveel kits tegelijk, elk in een eigen proces (standaard: één per processorkern).",
)
@click.option(
    "--proxy",
    is_flag=True,
    help="Er staat één reverse proxy voor (zoals nginx): vertrouw zijn X-Forwarded-kopregels.",
)
@click.option("--geen-browser", "no_browser", is_flag=True, help="Open geen browser.")
def web(poort: int, host: str, processen: int | None, proxy: bool, no_browser: bool):
    """Start het programma als website op deze computer en open het in de browser.

    Vul daar de gegevens van de school in, bekijk de kaartjes en download de kit. Stop met Ctrl-C.
    """
    from .web.serve import serve  # Flask and waitress only for this command

    def announce(url: str) -> None:
        click.echo(f"waardenkaart draait op {url}\nStop met Ctrl-C.")

    try:
        serve(poort, open_browser=not no_browser, announce=announce, host=host, processes=processen, proxy=proxy)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("waardenkaart is gestopt.")


def main(argv: list[str] | None = None) -> None:
    """The console script; `argv` lets tests and other programs call it directly."""
    cli.main(args=argv, prog_name="waardenkaart")
