"""Read and validate a topic source: YAML file -> typed `Topic`, or every problem at once."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from allprint.errors import Problem, SourceError
from allprint.model import HINT_MARK, TIERS, Topic
from allprint.text_rules import hidden_character
from allprint.yaml_reader import Loc, Positions, read_yaml


def load_topic(path: Path) -> Topic:
    """Load `path` into a `Topic`; raise `SourceError` listing every problem found."""
    return load_located(path)[0]


def load_located(path: Path) -> tuple[Topic, Positions]:
    """The topic at `path` and where each of its values is written (for later findings)."""
    data, positions = read_yaml(path)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise SourceError(
            [
                Problem(
                    path,
                    f"the file holds {kind}; a topic is a mapping with keys like `id:`",
                    line=1,
                    hint="start from content/pediatric-all.yaml",
                )
            ]
        )
    if not set(data) & set(Topic.model_fields):
        # Some other file (a link to the wrong place, say): say so once, echo none of it.
        raise SourceError(
            [
                Problem(
                    path,
                    "this is not a topic: none of its keys is a topic key",
                    line=1,
                    hint="a topic starts with `id:`; check that this is the right file",
                )
            ]
        )
    try:
        topic = Topic.model_validate(data)
    except ValidationError as exc:
        errors = _drop_explained_missing(exc.errors())
        problems = [_problem_from_pydantic(path, positions, err) for err in errors]
        # Go on to the next kind of mistake, so that one run lists them all.
        problems += [_locate(path, positions, *f) for f in _raw_source_refs(data)]
        raise SourceError(_by_line(_dedupe(problems))) from None
    problems = [_locate(path, positions, loc, msg, hint) for loc, msg, hint in check_topic(topic)]
    if topic.id != path.stem:
        problems.append(
            _locate(
                path,
                positions,
                ("id",),
                f"topic id {topic.id!r} does not match the file name {path.name!r}",
                f"rename the file to {topic.id}.yaml or change the id",
            )
        )
    if problems:
        raise SourceError(_by_line(problems))
    return topic, positions


def sentence_place(path: Path, positions: Positions):
    """A function giving the (line, column) of a sentence written in the value at a data path.

    The value's own place is known; the sentence is then found from that line on, by its
    first words (a block of text may wrap it over lines).
    """
    lines = path.read_text(encoding="utf-8-sig").splitlines()

    def place(loc: Loc, sentence: str) -> tuple[int | None, int | None]:
        line, column = _position(positions, loc)
        if line is None:
            return None, None
        words = sentence.split()[:4]
        pattern = re.compile(r"\s+".join(map(re.escape, words)))
        for number in range(line - 1, min(len(lines), line + 200)):
            match = pattern.search(lines[number])
            if match:
                return number + 1, match.start() + 1
        return line, column

    return place


# --- cross-reference checks the schema alone cannot express ---------------------------------

Finding = tuple[Loc, str, str | None]
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
    from allprint.cards import id_collisions, note_specs

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


def _raw_source_refs(data: dict) -> Iterator[Finding]:
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
                _suggest(ref, known) or "add it to `sources:` or fix the id",
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
                    _suggest(pick.section, sections) or "use the id of a section",
                )
                continue
            known = {item.id for item in section.items}
            for j, item in enumerate(pick.items or ()):
                if item not in known:
                    yield (
                        (*loc, "items", j),
                        f"essentials: section {pick.section!r} has no item {item!r}",
                        _suggest(item, known) or "use the id of one of its items",
                    )


# Words about how the content was made never belong in a handout or on a card.
_PROCESS_WORDS = re.compile(
    r"\b(?:source review|the (?:source )?article|this article|the source text|"
    r"(?:given|listed|named|mentioned|stated) in the sources?)\b",
    re.IGNORECASE,
)
_NOT_PRINTED = {"sources", "id", "url", "note", "cited_in", "tags", "deck"}


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
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in _NOT_PRINTED:
                yield from printed_strings(inner, (*loc, key))
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            yield from printed_strings(inner, (*loc, index))


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
                _suggest(label, present) or "add the fact to the items or remove it here",
            )


# --- turning errors into "file:line: message (hint)" ----------------------------------------


def _locate(path: Path, positions: Positions, loc: Loc, message: str, hint: str | None) -> Problem:
    line, column = _position(positions, loc)
    return Problem(path, message, line=line, column=column, hint=hint)


def _position(positions: Positions, loc: Loc) -> tuple[int | None, int | None]:
    # Values expanded by the model (a plain string becoming all tiers) have no place of
    # their own: use the nearest enclosing one.
    for end in range(len(loc), -1, -1):
        if loc[:end] in positions:
            return positions[loc[:end]]
    return None, None


def _problem_from_pydantic(path: Path, positions: Positions, err: Any) -> Problem:
    loc = _data_loc(err["loc"])
    kind = err["type"]
    name = ".".join(str(p) for p in loc) or "the topic"
    hint = None
    if kind == "extra_forbidden":
        message = f"unknown key {loc[-1]!r}"
        allowed = _allowed_keys(loc[:-1])
        hint = _suggest(str(loc[-1]), allowed) or f"allowed here: {', '.join(sorted(allowed))}"
    elif kind == "missing":
        message = f"missing required key {loc[-1]!r}"
        hint = f"add `{loc[-1]}:`"
    elif kind in ("string_type", "int_type", "date_type", "date_from_datetime_parsing"):
        message = f"{name}: {err['msg'].lower()}"
        hint = "put text in quotes if it looks like a number, date or yes/no"
        if kind.startswith("date"):
            hint = "write dates as YYYY-MM-DD"
    elif kind == "string_pattern_mismatch" and loc[-1:] == ("language",):
        message = f"{name}: {err['input']!r} is not a language code"
        hint = "use a code such as `en`, `fr` or `pt-BR`"
    elif kind == "string_pattern_mismatch":
        message = f"{name}: {err['input']!r} has characters not allowed here"
        hint = "no spaces" if "\\S" in err["ctx"]["pattern"] else ID_HINT
    elif kind == "model_type" and err.get("ctx", {}).get("class_name") == "TierText":
        message = f"{name}: expected text"
        hint = "write one text, or a mapping with `child:`, `parent:` and/or `clinician:`"
    elif kind == "model_type":
        message = f"{name}: expected a mapping of keys"
    elif kind == "too_short":
        message = f"{name}: needs at least one entry"
        hint = _HINTS[kind]
    elif kind in ("tuple_type", "list_type"):
        message = f"{name}: expected a list"
        hint = _HINTS[kind]
    elif kind == "value_error":
        message, _, hint = str(err["ctx"]["error"]).partition(HINT_MARK)
        message = f"{name}: {message}"
    else:
        message = f"{name}: {err['msg']}"
        hint = _HINTS.get(kind, "see 'Writing a topic' in the README")
    line, column = _position(positions, loc)
    return Problem(path, message, line=line, column=column, hint=hint)


_HINTS = {
    "literal_error": "use one of the values named",
    "tuple_type": "write a list: one entry per line, each starting with `- `",
    "list_type": "write a list: one entry per line, each starting with `- `",
    "dict_type": "write `key: value` lines",
    "too_short": "add at least one entry",
    "string_too_short": "write some text, or remove the key",
    "string_too_long": "shorten it: it is printed where there is room for no more",
    "float_parsing": "write a number, or nothing for no limit",
    "float_type": "write a number, or nothing for no limit",
}


# Pydantic adds validator steps such as "function-after[_not_empty(), TierText]" to paths.
_VALIDATOR_STEP = re.compile(r"^function-(?:before|after|wrap|plain)\[")


def _data_loc(loc: Iterable[Any]) -> Loc:
    """The data path of a pydantic error: its own validator steps dropped, user keys kept.

    Why not drop every part holding "[": a user's key may (`i[d`), and dropping it left
    an empty path that crashed the hints.
    """
    return tuple(p for p in loc if not (isinstance(p, str) and _VALIDATOR_STEP.match(p)))


def _allowed_keys(loc: Loc) -> set[str]:
    """The keys the model accepts at data path `loc` (for "did you mean" hints)."""
    model: Any = Topic
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if _is_model(model) else None
        if field is None:
            return set()
        model = _inner_model(field.annotation)
    return set(model.model_fields) if _is_model(model) else set()


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _inner_model(origin) if origin is not None and origin is not annotation else None


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _suggest(word: str, choices: Iterable[str]) -> str | None:
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


def _drop_explained_missing(errors: list[Any]) -> list[Any]:
    """Skip "missing `deck`" when the same mapping has a misspelt `dekc`: one mistake, one line."""
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = _data_loc(err["loc"])
            near = difflib.get_close_matches(str(loc[-1]), _allowed_keys(loc[:-1]), n=1)
            if near:
                misspelt.add((*loc[:-1], near[0]))
    errors = [e for e in errors if not (e["type"] == "missing" and _data_loc(e["loc"]) in misspelt)]
    # A list whose entries failed also reports "too short after validation": noise.
    failed = [_data_loc(e["loc"]) for e in errors]
    return [e for e in errors if not (e["type"] == "too_short" and _has_inner(e, failed))]


def _has_inner(err: Any, failed: list[Loc]) -> bool:
    loc = _data_loc(err["loc"])
    return any(len(f) > len(loc) and f[: len(loc)] == loc for f in failed)


def _by_line(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[str] = set()
    unique = []
    for p in problems:
        if str(p) not in seen:
            seen.add(str(p))
            unique.append(p)
    return unique
