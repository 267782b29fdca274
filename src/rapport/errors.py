"""One exception hierarchy for every user mistake; only the CLI prints them.

Each error carries *where* (file, line, column or row), *what* (the message,
including the offending value) and *what to do* (a hint). ``str(error)`` gives
the full one-paragraph message the CLI shows after ``Error:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in a user file: line and column are 1-based; row is a data row."""

    file: str | Path | None = None
    line: int | None = None
    column: int | None = None
    row: int | None = None

    def __str__(self) -> str:
        parts = [str(self.file)] if self.file else []
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        if self.row is not None:
            text = f"{text}, row {self.row}" if text else f"row {self.row}"
        return text


class RapportError(Exception):
    """Base of every error a user can cause. Exit code 1 unless a subclass says so."""

    exit_code = 1

    def __init__(
        self, message: str, *, location: Location | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        where = str(self.location) if self.location else ""
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(RapportError):
    """The command line itself is wrong (exit code 2)."""

    exit_code = 2


class ProjectError(RapportError):
    """The report project (definition file, chapters, references) is wrong."""


class TemplateError(ProjectError):
    """A ``{{ … }}`` expression in chapter text cannot be evaluated."""


class LayoutError(RapportError):
    """A layout file is invalid. May bundle several problems found in one pass."""

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        hint: str | None = None,
        problems: tuple[RapportError, ...] = (),
    ) -> None:
        super().__init__(message, location=location, hint=hint)
        self.problems = problems

    def __str__(self) -> str:
        if not self.problems:
            return super().__str__()
        lines = [self.message] + [str(p) for p in self.problems]
        return "\n".join(lines)


class FontError(RapportError):
    """A font is missing, unreadable, or cannot draw a character that is used."""


class RenderError(RapportError):
    """The pages cannot be laid out, e.g. pagination never settles."""


class DataError(RapportError):
    """Input data (aggregated results, respondent file, metadata) is wrong."""


class ChartError(RapportError):
    """A figure specification cannot be drawn from the data."""


class DisclosureError(RapportError):
    """A template asked to print a cell that disclosure control suppressed."""


class DeliveryError(RapportError):
    """Bursting or sending tailored copies failed."""
