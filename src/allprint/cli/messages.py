"""What the terminal is told: errors one line each; paths by `errors.shown` (one rule)."""

from __future__ import annotations

import sys

from allprint.errors import UserError, shown

__all__ = ["print_error", "shown"]


def print_error(exc: UserError) -> None:
    for line in exc.text.splitlines():
        print(f"error: {line}", file=sys.stderr)
