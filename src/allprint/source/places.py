"""A place in a topic in words, as people count: `level` of the 2nd group of `urgent`.

Data paths count list entries from zero (`urgent.groups.1.level` is the second group);
a message names the entry by its ordinal, from 1, and by what it is (a group, a section).
"""

from __future__ import annotations

from collections.abc import Sequence

# What one entry of each list of the format is called; any other list's are "entries".
_ENTRY = {
    "groups": "group",
    "sections": "section",
    "items": "item",
    "faqs": "question",
    "cards": "card",
    "sources": "source",
    "reviewers": "reviewer",
    "phases": "phase",
    "glossary": "glossary entry",
    "retired_cards": "retired card",
    "known_words": "known word",
    "steps": "step",
}


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, ... 21st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def place_name(loc: Sequence[str | int]) -> str:
    """`loc` (a data path, list entries counted from 0) in words, entries counted from 1."""
    entries: list[str] = []  # outermost first
    keys: list[str] = []
    for part in loc:
        if not isinstance(part, int):
            keys.append(str(part))
            continue
        noun = _ENTRY.get(keys[-1]) if keys else None
        if noun is not None:
            keys.pop()
        entry = f"the {ordinal(part + 1)} {noun or 'entry'}"
        entries.append(f"{entry} of `{'.'.join(keys)}`" if keys else entry)
        keys = []
    text = f"`{'.'.join(keys)}`" if keys else ""
    for entry in reversed(entries):
        text = f"{text} of {entry}" if text else entry
    return text or "the topic"
