"""What allprint reads from its own files, remembered for one build.

A build reads its templates, style sheets, fonts and code once, and keys its outputs on
them. `--watch` builds again in the same process, so before each round it calls
`forget()`: an edited template, style sheet or font is read again, and the outputs
keyed on it are made again. A single build never calls it, so it pays nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)

_REMEMBERED: list = []


def per_build(function: F) -> F:
    """`functools.cache`, forgotten by `forget()`: for a function of allprint's own files."""
    cached = functools.cache(function)
    _REMEMBERED.append(cached)
    return cached  # type: ignore[return-value]


def forget() -> None:
    """Forget everything remembered from files, so that the next build reads them again."""
    for cached in _REMEMBERED:
        cached.cache_clear()
