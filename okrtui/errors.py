"""The errors every layer raises, with the exit code each one means (CLI.md)."""

from __future__ import annotations


class OkrError(Exception):
    """Base of the errors a user sees as one line; ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(OkrError):
    """Input that can't be accepted: unknown id, not a number, bad date, start equal to target."""

    exit_code = 2

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        """The input field at fault, when known, so a form can show the error beside it."""


class NotFound(BadInput):
    """An id or key that names no record."""


class Conflict(OkrError):
    """The record changed (its ``rev`` moved) since the editor read it."""

    exit_code = 1

    def __init__(self, message: str, current: dict | None = None) -> None:
        super().__init__(message)
        self.current = current


class DataFileError(OkrError):
    """The data file can't be used: corrupt, newer schema, locked, no permission, disk full."""

    exit_code = 1


class EmptyDataFile(DataFileError):
    """The data file holds nothing (cut short, or made by hand): ``okrtui init`` starts it anew."""


class Busy(DataFileError):
    """Another writer held the lock for longer than this one would wait."""


class ReadOnlyError(DataFileError):
    """A write was attempted in read-only mode."""
