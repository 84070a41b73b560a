"""The checks on a topic that its schema cannot express: ids unique, references defined,
only printable characters, no words about how the content was made."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from allprint.source.characters import hidden_character
from allprint.source.model import TIERS, Topic
from allprint.source.suggest import suggest
from allprint.source.text_keys import NOT_PRINTED
from allprint.source.yaml_reader import Loc

Finding = tuple[Loc, str, str | None]  # (data path, message, hint)
ID_HINT = "use lower-case letters, digits and single dashes, e.g. `bone-pain`"


def check_topic(topic: Topic) -> list[Finding]:
    """Duplicate ids and references to undefined sources, with the data path of each."""
    findings: list[Finding] = []
    known = {s.id for s in topic.sources}
    findings += _duplicates(("sources",), (s.id for s in topic.sources), "source")
    findings += _duplicates(("sections",), (s.id for s in topic.sections), "section")
    findings += _duplicates(("faqs",), (f.id for f in topic.faqs), "question")
    findings += _duplicates(("cards",), (c.id for c in topic.cards), "card")
    for i, section in enumerate(topic.sections):
        loc = ("sections", i)
        findings += _duplicates((*loc, "items"), (it.id for it in section.items), "item")
        if section.timeline:  # a phase's id names its entries in the catalogues
            phases = (p.id for p in section.timeline.phases)
            findings += _duplicates((*loc, "timeline", "phases"), phases, "phase")
        findings += _refs((*loc, "sources"), section.sources, known)
        for j, item in enumerate(section.items):
            findings += _refs((*loc, "items", j, "sources"), item.sources, known)
        findings += _facts_exist(loc, section)
    for i, source in enumerate(topic.sources):
        if source.cited_in is not None:
            findings += _refs(("sources", i, "cited_in"), (source.cited_in,), known)
    findings += _essentials_refs(topic)
    data = topic.model_dump()  # once, for both walks over every string
    findings += _hidden_characters(data)
    findings += _process_words(data)
    if topic.urgent:
        findings += _refs(("urgent", "sources"), topic.urgent.sources, known)
    for i, faq in enumerate(topic.faqs):
        findings += _refs(("faqs", i, "sources"), faq.sources, known)
    for i, card in enumerate(topic.cards):
        findings += _refs(("cards", i, "sources"), card.sources, known)
    findings += _card_ids(topic)
    return findings


def _card_ids(topic: Topic) -> Iterator[Finding]:
    """Two notes with one id would be one Anki note (one GUID): each card would overwrite
    the other in every nurse's collection."""
    from allprint.editions.cards import id_collisions, note_specs

    specs = note_specs(topic)
    for later, first in id_collisions(specs):
        if later.loc[0] == first.loc[0] == "cards":
            continue  # two hand-written cards: reported as a duplicate id
        yield (
            later.loc,
            f"this makes card id {later.card_id!r}, which {_card_origin(first)} makes too "
            "(two cards with one id would be one note in Anki)",
            "change an item id or a fact label here, or the other card's id",
        )
    ids = {spec.card_id for spec in specs}
    for i, card_id in enumerate(topic.retired_cards):
        if card_id in ids:
            yield (
                ("retired_cards", i),
                f"card {card_id!r} is listed as retired but is still a card",
                "remove it from `retired_cards`, or remove the card",
            )


def _card_origin(spec) -> str:
    if spec.loc[0] == "cards":
        return f"the card at entry {spec.loc[1] + 1} of `cards`"
    return f"fact {spec.loc[-1]!r} of item {spec.loc[3] + 1} of section {spec.loc[1] + 1}"


def _duplicates(loc: Loc, ids: Iterable[str], what: str) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, ident in enumerate(ids):
        if ident in first:
            yield (
                (*loc, index, "id"),
                f"duplicate {what} id {ident!r}, also used by entry {first[ident] + 1}",
                "every id must be unique; ids never change once published",
            )
        else:
            first[ident] = index


def raw_source_refs(data: dict) -> Iterator[Finding]:
    """Citations of undefined sources, found in the raw data of a topic that did not validate."""
    sources = data.get("sources")
    if not isinstance(sources, list):
        return
    known = {s["id"] for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)}
    for loc, value in _walk(data, ()):
        if loc and loc[-1] == "sources" and len(loc) > 1 and isinstance(value, list):
            yield from _refs(loc, (r for r in value if isinstance(r, str)), known)


def _walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    yield loc, value
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _walk(inner, (*loc, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _walk(inner, (*loc, index))


def _refs(loc: Loc, refs: Iterable[str], known: set[str]) -> Iterator[Finding]:
    for index, ref in enumerate(refs):
        if ref not in known:
            yield (
                (*loc, index),
                f"source {ref!r} is not defined under `sources:`",
                suggest(ref, known) or "add it to `sources:` or fix the id",
            )


def _hidden_characters(data: dict) -> Iterator[Finding]:
    for loc, text in _walk(data, ()):
        found = hidden_character(text) if isinstance(text, str) else None
        if found:
            yield (
                loc,
                f"holds the invisible character U+{ord(found):04X}, which can "
                "change or hide what prints",
                "retype the text, or delete the character",
            )


def _essentials_refs(topic: Topic) -> Iterator[Finding]:
    sections = {s.id: s for s in topic.sections}
    for tier in TIERS:
        for index, pick in enumerate(topic.essentials.picks(tier) or ()):
            loc: Loc = ("essentials", tier, index)
            if pick.section is None:
                continue
            section = sections.get(pick.section)
            if section is None:
                yield (
                    (*loc, "section"),
                    f"essentials: no section {pick.section!r}",
                    suggest(pick.section, sections) or "use the id of a section",
                )
                continue
            known = {item.id for item in section.items}
            for j, item in enumerate(pick.items or ()):
                if item not in known:
                    yield (
                        (*loc, "items", j),
                        f"essentials: section {pick.section!r} has no item {item!r}",
                        suggest(item, known) or "use the id of one of its items",
                    )


# Words about how the content was made never belong in a handout or on a card.
_PROCESS_WORDS = re.compile(
    r"\b(?:source review|the (?:source )?article|this article|the source text|"
    r"(?:given|listed|named|mentioned|stated) in the sources?)\b",
    re.IGNORECASE,
)


def _process_words(data: dict) -> Iterator[Finding]:
    """Printed text that talks about how the content was written."""
    for loc, text in printed_strings(data, ()):
        match = _PROCESS_WORDS.search(text)
        if match:
            yield (
                loc,
                f"{match.group(0)!r} says how the content was made; readers need the facts only",
                "say the fact itself, or leave it out",
            )


def printed_strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    return strings_in(value, loc, NOT_PRINTED)


def strings_in(value: Any, loc: Loc, skip: frozenset[str]) -> Iterator[tuple[Loc, str]]:
    """Each string of a topic's data with its place, but those under the keys in `skip`."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in skip:
                yield from strings_in(inner, (*loc, key), skip)
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            yield from strings_in(inner, (*loc, index), skip)


def _facts_exist(loc: Loc, section: Any) -> Iterator[Finding]:
    spec = section.cards_from_facts
    if spec is None:
        return
    present = {label for item in section.items for label in item.facts}
    for index, label in enumerate(spec.facts):
        if label not in present:
            yield (
                (*loc, "cards_from_facts", "facts", index),
                f"no item in section {section.id!r} has a fact {label!r}",
                suggest(label, present) or "add the fact to the items or remove it here",
            )
