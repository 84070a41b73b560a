"""What the terminal is told: paths as the user gave them, errors one line each."""

from __future__ import annotations

import sys

from allprint.errors import UserError, shown

__all__ = ["print_error", "shown"]


def print_error(exc: UserError) -> None:
    for line in exc.text.splitlines():
        print(f"error: {line}", file=sys.stderr)
