"""The command line: a thin layer over the library, in Dutch.

Usage errors (a bad option) exit with 2, every other problem with 1, each with a Dutch message.
"""

from pathlib import Path

import click

from . import __version__
from .click_nl import install
from .errors import UserError
from .kit import CARD_FILE, make_kit
from .output import write_kit
from .profile import build_profile, read_profile_file

install()

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group("waardenkaart", context_settings=CONTEXT, options_metavar="[OPTIES]", subcommand_metavar="OPDRACHT [ARGUMENTEN]...")
@click.version_option(__version__, "--version", prog_name="waardenkaart", message="%(prog)s %(version)s")
def cli():
    """Maak de papieren kit voor "Waarden Werken voor Welbevinden op School": persoonlijke,
    drukklare kaartjes voor één school."""


@cli.command("maak", options_metavar="[OPTIES]")
@click.argument("profiel", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--school", metavar="TEKST",
              help='Naam van de school zoals die in een zin staat: "de Regenboog", "OBS Het Palet".')
@click.option("--directeur", metavar="TEKST", help="Naam van de directeur.")
@click.option("--jaar", metavar="JAAR", help="Het jaar van de droom (standaard: over twee jaar).")
@click.option("--krant", metavar="TEKST", help='De krant in de droom, met lidwoord (standaard: "de Volkskrant").')
@click.option("--team", metavar="AANTAL", help="Aantal teamleden dat meedoet (standaard: 20).")
@click.option("--procesleiders", metavar="AANTAL", help="Aantal procesleiders (standaard: 1).")
@click.option("--sessie1", metavar="DATUM", help='Begin van sessie 1, bijvoorbeeld "2027-01-12 15:00".')
@click.option("--sessie2", metavar="DATUM", help="Begin van sessie 2.")
@click.option("--uitvoer", metavar="MAP", type=click.Path(file_okay=False, path_type=Path),
              help="Map voor de kit (standaard: ./waardenkaart-<school>-<jaar>).")
@click.option("--overschrijf", is_flag=True, help="Vervang een bestaande kit in die map.")
@click.pass_context
def maak(ctx, profiel: Path | None, uitvoer: Path | None, overschrijf: bool, **options):
    """Maak de kit voor één school, eventueel uit een profielbestand (TOML).

    Een optie gaat voor een veld uit het profiel. Zonder gegevens komt er een neutrale kit met
    invulregels.
    """
    try:
        file_values = read_profile_file(profiel) if profiel else {}
        profile = build_profile(file_values, options, file_name=profiel.name if profiel else "profiel")
    except UserError as exc:
        if exc.option:
            raise click.UsageError(str(exc), ctx) from None
        raise click.ClickException(str(exc)) from None
    try:
        kit = make_kit(profile)
        target = write_kit(kit, uitvoer or Path(kit.name), overwrite=overschrijf)
    except UserError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Kit gemaakt in {target}{'' if str(target).endswith('/') else '/'}")
    for name in kit.files:
        click.echo(f"  {name}")
    click.echo(f"Stuur {CARD_FILE} naar de drukker; bestellijst.csv zegt hoeveel van elke kaart.")


def main(argv: list[str] | None = None) -> None:
    """The console script; `argv` lets tests and other programs call it directly."""
    cli.main(args=argv, prog_name="waardenkaart")
