"""Which strings of a topic are translated, and the context that names each: its place by
ids, never by position, so that it survives reordering."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from allprint.source.text_keys import block_name, not_text


@dataclass(frozen=True)
class Entry:
    context: str
    text: str
    line: int | None


def with_defaults(data: dict) -> dict:
    """`data` with the printed defaults it leaves out ("Questions and answers"...) written
    in, so that they are translated like the rest."""
    from allprint.source.model import CardsFromFacts, Topic

    data = dict(data)
    for key in ("faq_heading", "glossary_heading"):
        data.setdefault(key, Topic.model_fields[key].default)
    sections = []
    for section in data.get("sections") or []:
        spec = section.get("cards_from_facts") if isinstance(section, dict) else None
        if isinstance(spec, dict) and "question" not in spec:
            default = CardsFromFacts.model_fields["question"].default
            section = {**section, "cards_from_facts": {**spec, "question": default}}
        sections.append(section)
    if sections:
        data["sections"] = sections
    return data


def entries(data: dict, positions) -> list[Entry]:
    """Every translatable string of a topic's data, in source order."""
    found: dict[tuple[str, str], Entry] = {}
    data = with_defaults(data)
    for loc, context, text in _strings(data, (), ()):
        line = positions.get(loc, (None, None))[0] if positions else None
        found.setdefault((context, text), Entry(context, text, line))
    for label in _fact_labels(data):
        found.setdefault((f"fact-label/{label}", label), Entry(f"fact-label/{label}", label, None))
    return list(found.values())


def _strings(value: Any, loc: tuple, ctx: tuple) -> Iterator[tuple[tuple, str, str]]:
    if isinstance(value, str):
        if value.strip():
            yield loc, context_of(ctx), value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if not not_text(ctx, key, inner):
                yield from _strings(inner, (*loc, key), (*ctx, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            if not block_name(ctx, inner):
                yield from _strings(inner, (*loc, index), (*ctx, element_name(inner, index)))


def context_of(ctx: tuple) -> str:
    """An entry's context from its data path; a sub-deck's name is one entry however many
    cards name it."""
    if ctx and ctx[-1] == "deck" and len(ctx) > 1:
        return SUB_DECK
    return "/".join(map(str, ctx))


SUB_DECK = "sub-deck"


def element_name(value: Any, index: int) -> str:
    """An element's stable name in a context: its id (or level), else its position."""
    if isinstance(value, dict):
        for key in ("id", "level", "section", "block"):
            if isinstance(value.get(key), str):
                return value[key]
    return str(index)


def _fact_labels(data: dict) -> list[str]:
    labels: list[str] = []
    sections = [s for s in data.get("sections") or [] if isinstance(s, dict)]
    items = [i for s in sections for i in s.get("items") or [] if isinstance(i, dict)]
    for item in items:
        facts = item.get("facts")
        if isinstance(facts, dict):
            labels += [k for k in facts if isinstance(k, str) and k not in labels]
    return labels


def names_at(data: Any, loc: tuple) -> tuple[str, ...]:
    """The names of a place in a topic's data (by ids, as entries' contexts name it), as
    far as `loc` leads into `data`."""
    names: list[str] = []
    for part in loc:
        if isinstance(data, list) and isinstance(part, int) and part < len(data):
            names.append(element_name(data[part], part))
        elif isinstance(data, dict) and part in data:
            names.append(str(part))
        else:
            break
        data = data[part]
    return tuple(names)
