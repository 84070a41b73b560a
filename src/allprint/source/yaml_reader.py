"""Read a YAML source into plain data, remembering where every value came from.

Why not `yaml.safe_load`: it silently keeps the last of two equal keys, expands
aliases (a few lines can expand to gigabytes) and forgets line numbers. Here the
file is composed into nodes by PyYAML's safe composer (stopping at any alias) and
turned into data by a small walk that rejects duplicate keys and unsafe tags and
records each value's line and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from allprint.errors import Problem, SourceError
from allprint.files import MAX_SOURCE_BYTES, FileProblem, read_regular
from allprint.source.yaml_errors import syntax_problem

MAX_DEPTH = 40  # the format nests at most ~8 levels

Loc = tuple[str | int, ...]
Positions = dict[Loc, tuple[int, int]]

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_SAFE_SCALARS = {
    _STR,
    _BOOL,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True)
class Document:
    """A source read once: its plain data, where each value is written, and its text (to
    place a sentence inside a value). Validation and every translation start from it."""

    path: Path
    data: Any
    positions: Positions
    text: str
    raw: bytes  # the file's bytes, for the build record's key
    # Each unquoted value: its place, its text, where it ends (0-based line and column)
    # and whether YAML reads it as a string; for the check of text cut short at ` #`.
    plain: tuple[PlainValue, ...] = ()


@dataclass(frozen=True)
class PlainValue:
    loc: Loc
    value: str
    line: int
    column: int
    is_text: bool


def read_document(path: Path, raw: bytes | None = None) -> Document:
    """Read the file at `path` into a `Document`; `raw`: its bytes, already read."""
    if raw is None:
        try:
            raw = read_regular(path, MAX_SOURCE_BYTES, "YAML topic file")
        except FileProblem as exc:
            raise SourceError(exc.problems) from None
    text = _text(path, raw)
    node = _compose_fast(text)
    if node is None:  # something is wrong: the careful composer finds and explains it
        node = _compose_checked(path, text)
    walker = _Walker(path)
    data = walker.value(node, ())
    return Document(path, data, walker.positions, text, raw, tuple(walker.plain))


def read_yaml(path: Path) -> tuple[Any, Positions]:
    """Return the document at `path` as plain data plus a map from data path to (line, column)."""
    document = read_document(path)
    return document.data, document.positions


def _compose_checked(path: Path, text: str) -> yaml.Node:
    """Compose with PyYAML's own (slower) parser, turning each failure into a `SourceError`."""
    try:
        node = yaml.compose(text, Loader=_NoAliasLoader)
    except _AliasUsed as exc:
        mark = exc.mark
        raise SourceError(
            [
                Problem(
                    path,
                    "aliases (*name) are not allowed",
                    line=mark.line + 1,
                    column=mark.column + 1,
                    hint="write the text out in full",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise SourceError([syntax_problem(path, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise SourceError([Problem(path, f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise SourceError(
            [Problem(path, "the YAML is nested far too deeply", hint="look for unclosed brackets")]
        ) from None
    if node is None:
        raise SourceError(
            [Problem(path, "the file is empty", hint="start from content/pediatric-all.yaml")]
        )
    return node


def _text(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            [
                Problem(
                    path,
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                    line=line,
                    hint="save the file as UTF-8 in your editor",
                )
            ]
        ) from None
    if "\x00" in text:
        raise SourceError([Problem(path, "contains NUL bytes: not a text file")])
    return text


class _AliasUsed(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _NoAliasLoader(yaml.SafeLoader):
    """Stop at the first alias, where it is written: a few of them can expand to gigabytes."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise _AliasUsed(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _compose_fast(text: str) -> yaml.Node | None:
    """Nodes built from libyaml's parser events, or None when anything looks wrong.

    Why: PyYAML's pure-Python scanner was a third of a build's own time. libyaml's
    parser is a loop, not a recursion, so deep nesting cannot overflow it; nodes are
    built here without recursion. Aliases, a second document, nesting past the limit
    and every syntax error return None, and the careful composer explains them.
    """
    parser = getattr(yaml, "CSafeLoader", None)
    if parser is None:
        return None
    resolver = yaml.resolver.Resolver()
    stack: list[tuple[yaml.Node, list]] = []
    root: yaml.Node | None = None
    documents = 0
    try:
        for event in yaml.parse(text, Loader=parser):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return None
            elif isinstance(event, yaml.AliasEvent):
                return None
            elif isinstance(event, yaml.ScalarEvent):
                kind = yaml.ScalarNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolver.resolve(kind, event.value, event.implicit)
                node = kind(tag, event.value, event.start_mark, event.end_mark, event.style)
                root = _attach(stack, node) or root
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) > MAX_DEPTH:
                    return None
                kind = (
                    yaml.SequenceNode
                    if isinstance(event, yaml.SequenceStartEvent)
                    else yaml.MappingNode
                )
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolver.resolve(kind, None, event.implicit)
                node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
                root = _attach(stack, node) or root
                stack.append((node, []))
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node, pending = stack.pop()
                node.end_mark = event.end_mark
                if isinstance(node, yaml.MappingNode):
                    node.value = list(zip(pending[::2], pending[1::2], strict=True))
                else:
                    node.value = pending
    except (yaml.YAMLError, ValueError):
        return None
    return root


def _attach(stack: list[tuple[yaml.Node, list]], node: yaml.Node) -> yaml.Node | None:
    """Add `node` to the open collection; return it when it is the document itself."""
    if not stack:
        return node
    stack[-1][1].append(node)
    return None


class _Walker:
    """Turn composed nodes into dicts, lists and scalars; record positions; refuse tricks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.positions: Positions = {}
        self.plain: list[PlainValue] = []
        self._constructor = yaml.SafeLoader("")

    def _fail(self, node: yaml.Node, message: str, hint: str | None = None) -> SourceError:
        mark = node.start_mark
        return SourceError(
            [Problem(self.path, message, line=mark.line + 1, column=mark.column + 1, hint=hint)]
        )

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            raise self._fail(
                node, "the YAML is nested far too deeply", "look for unclosed brackets"
            )
        self.positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq")
            return [self.value(item, (*loc, i)) for i, item in enumerate(node.value)]
        if not node.style and node.value:
            end = node.end_mark
            # What `_scalar` makes a string: text, and the words yes/no/on/off.
            text = node.tag == "tag:yaml.org,2002:str" or (
                node.tag == _BOOL and node.value.lower() not in ("true", "false")
            )
            self.plain.append(PlainValue(loc, node.value, end.line, end.column, text))
        return self._scalar(node)

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise self._fail(node, f"YAML tag {node.tag!r} is not allowed", hint="remove the tag")

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        self._check_tag(node, "tag:yaml.org,2002:map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self._fail(key_node, "merge keys (<<) are not allowed")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "a key must be a plain word")
            key = str(key_node.value)
            if key in result:
                first = self.positions[(*loc, key)][0]
                raise self._fail(
                    key_node,
                    f"duplicate key {key!r}, first given on line {first}",
                    hint="keep one of them",
                )
            mark = key_node.start_mark
            self.positions[(*loc, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.value(value_node, (*loc, key))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SAFE_SCALARS:
            raise self._fail(node, f"YAML tag {node.tag!r} is not allowed", hint="remove the tag")
        # YAML 1.1 reads yes/no/on/off as booleans; in a handout they are words.
        if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
            return node.value
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise self._fail(node, f"cannot read value {node.value!r}: {exc}") from None
