"""waardenkaart: the handbook "Waarden Werken voor Welbevinden op School" as a personalised, print-ready kit."""

__version__ = "0.1.0"
