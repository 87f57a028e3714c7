"""The command line: a thin layer over the library, in Dutch.

Usage errors (a bad option) exit with 2, every other problem with 1, each with a Dutch message.
"""

import logging
from datetime import UTC, date, datetime
from pathlib import Path

import click

from . import __version__
from .actionlist import action_list, read_filled_tables
from .bundle import ZIP_FILE, with_print_shop_zip
from .click_nl import install
from .content import default_content
from .errors import UserError
from .kit import CARD_FILE, PRINT_ORDER_FILE, SHEET_FILE, TABLES_FILE, Kit, make_kit
from .layout import default_print_standard
from .output import write_kit
from .preflight import check_pdf, format_report
from .profile import build_profile, read_profile_file

install()
# pypdf reports damaged files in English on stderr; our own Dutch message says what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)

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
@click.option("--sector", metavar="po|vo", help="Basisonderwijs (po, standaard) of voortgezet onderwijs (vo).")
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
    "--uitvoer",
    metavar="MAP",
    type=click.Path(file_okay=False, path_type=Path),
    help="Map voor de kit (standaard: ./waardenkaart-<school>-<jaar>).",
)
@click.option("--overschrijf", is_flag=True, help="Vervang een bestaande kit in die map.")
@click.pass_context
def maak(ctx, profiel: Path | None, uitvoer: Path | None, overschrijf: bool, make_zip: bool, **options):
    """Maak de kit voor één school, eventueel uit een profielbestand (TOML).

    Een optie gaat voor een veld uit het profiel. Zonder gegevens komt er een neutrale kit met
    invulregels.
    """
    options["waarden"] = options["waarden"] or None  # no --waarde: the file decides
    try:
        file_values = read_profile_file(profiel) if profiel else {}
        profile = build_profile(file_values, options, file_name=profiel.name if profiel else "profiel")
    except UserError as exc:
        if exc.option:
            raise click.UsageError(str(exc), ctx) from None
        raise click.ClickException(str(exc)) from None
    try:
        kit = make_kit(profile)
        if make_zip:
            kit = with_print_shop_zip(kit)
        target = write_kit(kit, uitvoer or Path(kit.name), overwrite=overschrijf)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Kit gemaakt in {target}{'' if str(target).endswith('/') else '/'}")
    for name in kit.files:
        click.echo(f"  {name}")
    click.echo(
        f"Voor de drukker: {ZIP_FILE if make_zip else f'{CARD_FILE} en {PRINT_ORDER_FILE}'}. "
        f"Zelf afdrukken: {SHEET_FILE}, dubbelzijdig (lange zijde), op ware grootte."
    )
    click.echo(f"Voor sessie 2: {TABLES_FILE}, op papier of in te vullen in een PDF-lezer.")
    click.echo("Voor de procesbegeleider: de draaiboeken, de paklijst en de posters.")


@cli.command("controleer", options_metavar="[OPTIES]")
@click.argument(
    "bestanden",
    nargs=-1,
    required=True,
    metavar="BESTAND.pdf...",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
def controleer(bestanden: tuple[Path, ...]):
    """Controleer PDF-bestanden zoals een drukker dat doet (preflight).

    Per bestand en pagina: formaat en snijkaders, afloop, ingesloten lettertypen, kleurruimten,
    transparantie, OutputIntent (PDF/X), inktdekking, kleinste tekst en tekst buiten de veilige
    zone. Stopt met 0 als alles drukklaar is, anders met 1.
    """
    standard = default_print_standard()
    ready = True
    for path in bestanden:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise click.ClickException(f"Kan {path} niet lezen ({exc.strerror}).") from None
        report = check_pdf(data, standard)
        ready &= report.ready
        click.echo(format_report(str(path), report))
    if not ready:
        raise SystemExit(1)


@cli.command("actielijst", options_metavar="[OPTIES]")
@click.argument("ingevuld", metavar="INGEVULD.pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--uitvoer",
    metavar="MAP",
    type=click.Path(file_okay=False, path_type=Path),
    help="Map voor de actielijst (standaard: ./actielijst-<bestandsnaam>).",
)
@click.option("--overschrijf", is_flag=True, help="Vervang een bestaande actielijst in die map.")
def actielijst(ingevuld: Path, uitvoer: Path | None, overschrijf: bool):
    """Lees een ingevulde Tabel 1 (en Tabel 2) en maak er een actielijst van.

    Schrijft actielijst.csv (opent in Excel), afspraken.csv als Tabel 2 is ingevuld, en
    terugkommomenten.ics met een afspraak voor elke datum bij ‘Wanneer komen we er op terug?’.
    """
    content = default_content()
    try:
        filled = read_filled_tables(ingevuld.read_bytes(), ingevuld.name, content, date.today())
        result = action_list(filled, content, datetime.now(UTC))
        target = write_kit(
            Kit(f"actielijst-{ingevuld.stem}", result.files),
            uitvoer or Path(f"actielijst-{ingevuld.stem}"),
            overwrite=overschrijf,
        )
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"Actielijst gemaakt in {target}/: {result.actions} actiepunt{'en' if result.actions != 1 else ''}, "
        f"{result.events} terugkommoment{'en' if result.events != 1 else ''} in de agenda."
    )
    for name in result.files:
        click.echo(f"  {name}")
    for warning in result.warnings:
        click.echo(f"Let op, {warning}", err=True)


def main(argv: list[str] | None = None) -> None:
    """The console script; `argv` lets tests and other programs call it directly."""
    cli.main(args=argv, prog_name="waardenkaart")
