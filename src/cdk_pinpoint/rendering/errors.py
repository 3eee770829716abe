"""The one exception the engine raises for a template it cannot accept."""

from __future__ import annotations


class TemplateError(ValueError):
    """A template that cannot be compiled (or, rarely, rendered).

    ``message`` is the bare reason; ``line`` and ``column`` are 1-based positions in the
    template source, or None where the position is unknown. ``str(error)`` starts with
    ``line:column:`` when the position is known. ``errors`` holds every error found in the
    template, this one first: after the first syntax error nothing more is known, but unknown
    helpers and partials and bad helper arguments are all reported from one compile.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.errors: tuple[TemplateError, ...] = (self,)
        super().__init__(f"{line}:{column}: {message}" if line is not None else message)

    # keep the position when pickled (multiprocessing, Lambda layers)
    def __reduce__(self) -> tuple[type[TemplateError], tuple[str, int | None, int | None]]:
        return (type(self), (self.message, self.line, self.column))


def position_of(source: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of a character offset in ``source``."""
    line = source.count("\n", 0, offset) + 1
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column
