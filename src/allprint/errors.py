"""The two kinds of failure: a user's mistake (shown as a message) and a bug (traceback kept).

Library code raises these; only the command line turns them into output and exit codes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def shown(path: Path | str) -> str:
    """A path as every message prints it: relative to the current folder when inside it
    (as the user would type it), else absolute."""
    try:
        here = Path.cwd()
    except OSError:  # the current folder was removed: no folder to be relative to
        return str(path)
    absolute = Path(os.path.abspath(path))
    for candidate in (absolute, absolute.resolve()):
        if candidate.is_relative_to(here):
            return str(candidate.relative_to(here))
    return str(absolute)


@dataclass(frozen=True)
class Problem:
    """One mistake in a source file, with where it is and how to fix it."""

    path: Path
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    hint: str | None = None

    def __str__(self) -> str:
        where = shown(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class UserError(Exception):
    """Something the user can fix: bad input, a missing file. Shown without a traceback."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            self.text = problems
        else:
            self.problems = list(problems)
            self.text = "\n".join(str(p) for p in self.problems)
        super().__init__(self.text)


class SourceError(UserError):
    """A topic source cannot be read or does not validate; carries every problem found."""


class FitError(UserError):
    """A topic that validates but is not fit to print (reading level, missing blocks...)."""

    def __init__(self, path: Path, findings: list, hint: str) -> None:
        # Each at its line in the source, when it has one (a Finding's `where`).
        lines = [f"{finding.where(shown(path))}: {finding}" for finding in findings]
        lines.append(f"{shown(path)}: not fit to print: {hint}")
        super().__init__("\n".join(lines))
        self.findings = findings
