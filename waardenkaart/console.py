"""The console script's first step: Ctrl-C while the program is still loading says "Afgebroken.", as it
does later on, instead of a traceback. Loading the command line (click, ReportLab, the content) takes
some tenths of a second; this module imports nothing of it until it has taken charge of the interrupt."""

import sys


def main(argv: list[str] | None = None) -> None:
    try:
        from .cli import main as command_line

        command_line(argv)
    except KeyboardInterrupt:  # click answers Ctrl-C itself once it runs; this is the time before
        sys.stderr.write("\nAfgebroken.\n")
        sys.stderr.flush()
        raise SystemExit(1) from None
