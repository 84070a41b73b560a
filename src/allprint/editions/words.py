"""The handouts' and cards' own words ("Key points", "Page", "Source:") in the language
of a build. English is the words themselves; a translation looks them up in its catalogue
(see `translate.py`), under the context `ui`."""

from __future__ import annotations

from collections.abc import Callable

Words = Callable[[str, str], str]  # (context, English) -> the words printed
UI = "ui"


def english(context: str, text: str) -> str:
    return text
