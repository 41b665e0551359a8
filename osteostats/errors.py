"""Error and warning classes shared across osteostats.

User-facing failures (bad input files, bad flags) raise :class:`InputError`. The CLI turns
it into a readable message on stderr and a non-zero exit code, never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a user input: where it is and what was expected."""

    file: str
    row: str | int | None
    column: str | None
    value: object
    expected: str
    #: Line in a text file (YAML, config) where there are no rows; shown as "line N".
    line: int | None = None
    #: What to do about it, when that is more than "give the expected value".
    fix: str = ""
    #: Key path in a YAML/JSON document (e.g. ``links[0].a``), shown as "key '...'".
    key: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.row is not None and self.row != "":
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        if self.key:
            where += f", key '{self.key}'"
        text = f"{where}: got {self.value!r}; expected {self.expected}"
        return f"{text}. Fix: {self.fix}" if self.fix else text


class InputError(Exception):
    """Bad user input. Carries every problem found, so they can be reported at once."""

    def __init__(self, problems: list[Problem] | str, header: str | None = None):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            message = problems
        else:
            self.problems = list(problems)
            head = header or f"{len(self.problems)} problem(s) in the input"
            message = head + ":\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(message)


class OsteostatsWarning(UserWarning):
    """Base class of osteostats warnings."""


class SmallExpectedCountWarning(OsteostatsWarning):
    """A χ² test was computed although an expected cell count is below 5."""
