"""What the terminal is told: paths as the user gave them, errors one line each."""

from __future__ import annotations

import sys
from pathlib import Path

from allprint.errors import UserError


def shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def print_error(exc: UserError) -> None:
    for line in exc.text.splitlines():
        print(f"error: {line}", file=sys.stderr)
