"""The one error type a user sees: a Dutch sentence, never a traceback."""


class UserError(Exception):
    """Bad input, bad data or an impossible request, explained in Dutch for the person who can fix it."""
