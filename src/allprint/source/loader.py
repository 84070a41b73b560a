"""Read and validate a topic source: YAML file -> typed `Topic`, or every problem at once."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from allprint.errors import Problem, SourceError
from allprint.source.fields import HINT_MARK
from allprint.source.model import Topic
from allprint.source.places import place_name
from allprint.source.suggest import suggest
from allprint.source.topic_checks import ID_HINT, check_topic, raw_source_refs
from allprint.source.yaml_reader import Document, Loc, Positions, read_document


def load_topic(path: Path) -> Topic:
    """Load `path` into a `Topic`; raise `SourceError` listing every problem found."""
    return load_located(path)[0]


def load_located(path: Path) -> tuple[Topic, Positions]:
    """The topic at `path` and where each of its values is written (for later findings)."""
    document = read_document(path)
    return validate(document), document.positions


def validate(document: Document) -> Topic:
    """The topic a source's data holds; `SourceError` listing every problem found."""
    path, data, positions = document.path, document.data, document.positions
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
        problems += [_locate(path, positions, *f) for f in raw_source_refs(data)]
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
    return topic


def sentence_place(document: Document):
    """A function giving the (line, column) of a sentence written in the value at a data path.

    The value's own place is known; the sentence is then found from that line on, by its
    first words (a block of text may wrap it over lines).
    """
    positions, lines = document.positions, document.text.splitlines()

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
    name = place_name(loc)
    within = f" in {place_name(loc[:-1])}" if loc[:-1] else ""
    hint = None
    if kind == "extra_forbidden":
        message = f"unknown key {loc[-1]!r}{within}"
        allowed = _allowed_keys(loc[:-1])
        hint = suggest(str(loc[-1]), allowed) or f"allowed here: {', '.join(sorted(allowed))}"
    elif kind == "missing":
        message = f"missing required key {loc[-1]!r}{within}"
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
    elif kind == "model_type" and err.get("ctx", {}).get("class_name") == "WalletCard":
        message = f"{name}: expected text"
        hint = "write the card's warning (in quotes if it looks like a number), or a mapping "
        hint += "with `warning:`, `note_for_staff:` and/or `diagnosis:`"
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
    "greater_than": "write a larger number",
    "less_than_equal": "write a smaller number",
    "too_long": "leave some entries out: no more fit where it is printed",
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
