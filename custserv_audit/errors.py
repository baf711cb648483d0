"""One exception hierarchy; `cli` turns it into exit codes in one place."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .i18n import _


class ExitCode(IntEnum):
    """The exit codes every command uses (documented in docs/reference.md)."""

    OK = 0
    INPUT = 1  # an input rejected (the others still processed), or an I/O error
    USAGE = 2  # a usage error, including `run` without a terminal
    INTERRUPTED = 130  # Ctrl-C; a `run` keeps its answers on disk


@dataclass(frozen=True)
class Location:
    """Where in an input a problem is: line, or CSV row and column, and the item."""

    line: int | None = None
    row: int | None = None
    column: str | None = None
    section: str | None = None
    item: str | None = None

    def as_dict(self) -> dict[str, object]:
        """Stable JSON form: every key always present."""
        return {
            "line": self.line,
            "row": self.row,
            "column": self.column,
            "section": self.section,
            "item": self.item,
        }


class AuditError(Exception):
    """Root of every error the tool reports to the user."""

    exit_code = ExitCode.INPUT


class UsageError(AuditError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = ExitCode.USAGE


class InputError(AuditError):
    """An input (file, row, stream) that cannot be used, with its place."""

    def __init__(self, source: str, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.source = source
        self.message = message
        self.location = location or Location()

    def __str__(self) -> str:
        loc = self.location
        if loc.row is not None and loc.column is not None:
            return _("{source}: row {row}, column {column}: {message}").format(
                source=self.source, row=loc.row, column=loc.column, message=self.message
            )
        if loc.row is not None:
            return _("{source}: row {row}: {message}").format(
                source=self.source, row=loc.row, message=self.message
            )
        if loc.line is not None:
            return f"{self.source}:{loc.line}: {self.message}"
        return f"{self.source}: {self.message}"


class QuestionnaireError(AuditError):
    """A questionnaire definition with one or more problems."""

    def __init__(self, problems: list[InputError]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class OutputError(AuditError):
    """An output that cannot be written (exists without --force, I/O error)."""
