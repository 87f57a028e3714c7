"""The one error type a user sees: a Dutch sentence, never a traceback."""


class UserError(Exception):
    """Bad input, bad data or an impossible request, explained in Dutch for the person who can fix it.

    `option` names the command-line option at fault, so a command line can report a usage error;
    `field` names the profile field at fault and `problem` says what is wrong with it without saying
    where it came from, so a form can show the message next to that field.
    """

    def __init__(self, message: str, option: str | None = None, field: str | None = None, problem: str | None = None):
        super().__init__(message)
        self.option = option
        self.field = field
        self.problem = problem or message
