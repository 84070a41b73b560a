""" "Did you mean": the nearest of the accepted names, for messages about a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The nearest choice; among near ones, the one sharing the longest start with `word`
    (ids are built from words: `bone-pain` is nearer `bone-pains` than `one-pain`)."""
    close = difflib.get_close_matches(word, sorted(choices), n=5, cutoff=0.6)
    if not close:
        return None
    best = max(close, key=lambda c: _shared_start(c, word))
    return f"did you mean {best!r}?"


def _shared_start(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
