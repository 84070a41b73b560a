"""Which keys of a topic hold text that a reader reads: one table. The loader's check of
printed words, the strings a catalogue translates and the reading grades all walk a topic
by it, so that a new key is text (or not) for all of them at once."""

from __future__ import annotations

from typing import Any

# Keys whose values are ids, settings, names of works and people, or addresses: never
# text to read, to check for wording or to translate.
NOT_TEXT = frozenset({
    "id", "sources", "url", "note", "cited_in", "tags", "icon", "kind", "level", "section",
    "block", "limit", "items_limit", "skip", "language", "version", "updated", "review",
    "reading_level", "publisher", "author", "licence", "retired_cards", "status", "picture",
    "width",
})  # fmt: skip
# Keys never printed on a handout: ids and addresses, sources (printed only in the list of
# references, as written), sub-deck names (shown in Anki only). Names of people and of
# the publisher are printed, so their characters are checked, but never translated.
NOT_PRINTED = frozenset({"sources", "id", "url", "note", "cited_in", "tags", "deck"})
LISTS_OF_IDS = frozenset({"items", "facts"})  # under `essentials:` and `cards_from_facts:`


def not_text(ctx: tuple, key: str, value: Any) -> bool:
    """Ids, settings, names and addresses; sources (names of works); and the lists of
    item ids and fact labels in `essentials:` and `cards_from_facts:`."""
    if key in NOT_TEXT or ctx[:1] == ("sources",):
        return True
    picks = "essentials" in ctx or "cards_from_facts" in ctx
    return picks and key in LISTS_OF_IDS and isinstance(value, list)


def block_name(ctx: tuple, value: Any) -> bool:
    """`urgent`, `draw`... in an `essentials:` list name blocks: they are not text."""
    return ctx[:1] == ("essentials",) and isinstance(value, str)
