"""YAML syntax errors in plain words, at the line to fix, with the key they belong to.

PyYAML says what its parser expected ("expected <block end>, but found '?'"); a person
needs to hear what is wrong with the line: it is indented differently from the lines
above it, it holds a tab, a quote or a bracket is never closed, a key has no colon, a
list entry sits among keys. Each case is recognised from PyYAML's own words and the
lines around the place it names; anything else keeps PyYAML's words, with a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from allprint.errors import Problem

_KEY = re.compile(r"^(\s*)((?:-\s+)*)([^\s\-#'\"][^:#]*?)\s*:(?:\s|$)")
_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#"'][^:#]*:\s+)?(["'])""")
_GENERIC_HINT = "check quotes, colons and indentation (spaces only, no tabs)"


@dataclass(frozen=True)
class _Said:
    line: int  # 1-based
    column: int | None
    message: str
    hint: str


def syntax_problem(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The one line that tells a person what is wrong, for PyYAML's error `exc`."""
    lines = text.splitlines()
    said = _explain(lines, exc)
    if said is None:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = f"YAML syntax error: {what}"
        return Problem(path, message, line=line, column=column, hint=_GENERIC_HINT)
    return Problem(path, said.message, line=said.line, column=said.column, hint=said.hint)


def _explain(lines: list[str], exc: yaml.MarkedYAMLError) -> _Said | None:
    what = str(exc.problem or exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    number = mark.line if mark else len(lines)  # 0-based
    # The parser notices an unclosed quote only lines later; point at the quote instead.
    opened = _unclosed_quote(lines, number + 1)
    if opened is not None:
        hint = "add the closing quote at the end of the text"
        return _Said(*opened, "this quote is never closed", hint)
    if "another document" in what:
        return _Said(
            number + 1,
            None,
            "a file holds one topic, but this one has a second YAML document",
            "remove the `---` line and what follows, or move it to its own file",
        )
    if "'\\t'" in what or "tab" in what:
        return _Said(
            number + 1,
            mark.column + 1 if mark else None,
            "a tab character: YAML indents with spaces only",
            "replace the tab with spaces, as many as the lines above use",
        )
    if mark is None:
        return None
    line = _line(lines, number)
    if re.search(r":\s+\{\{", line):
        return _Said(
            number + 1,
            None,
            "text starting with {{ (a cloze) must be in quotes",
            'write cloze: "{{c1::...}} ..."',
        )
    if _after_quote(exc, line):
        return _Said(
            number + 1,
            mark.column + 1,
            "the text goes on after its closing quote",
            'put the whole text in quotes; inside "..." write a quote as \\"',
        )
    if exc.context and "flow" in exc.context and exc.context_mark:
        return _unclosed_bracket(lines, exc.context_mark)
    if "mapping values are not allowed" in what and _colon_in_text(line, mark.column):
        return _Said(
            number + 1,
            mark.column + 1,
            "text holding ': ' must be in quotes",
            'write front: "Fever: what to do?"',
        )
    if "could not find expected ':'" in what and exc.context_mark:
        return _no_colon(lines, exc.context_mark.line)
    if "expected <block end>" in what or "mapping values are not allowed" in what:
        return _indentation(lines, number, what)
    return None


def _after_quote(exc: yaml.MarkedYAMLError, line: str) -> bool:
    """Text after a quoted value on its line: `deck: "Blood" basics`."""
    quoted = _QUOTED_VALUE.match(line)
    mark = exc.problem_mark
    return (
        "but found '<scalar>'" in str(exc.problem)
        and quoted is not None
        and mark is not None
        and line.find(quoted.group(1), quoted.end()) < mark.column
    )


def _colon_in_text(line: str, column: int) -> bool:
    """The `: ` PyYAML stopped at comes after a key's own colon on the same line."""
    key = _KEY.match(line)
    return key is not None and key.end() <= column


def _no_colon(lines: list[str], number: int) -> _Said:
    written = _line(lines, number).strip()
    written = written if len(written) <= 30 else written[:27] + "..."
    return _Said(
        number + 1,
        _indent(_line(lines, number)) + 1,
        f"`{written}` has no colon: a key is followed by `: `",
        "write `key: value`; text that goes on from the line above is indented under its key",
    )


def _unclosed_bracket(lines: list[str], opened: yaml.Mark) -> _Said | None:
    bracket = _line(lines, opened.line)[opened.column : opened.column + 1]
    if bracket not in ("[", "{"):
        return None
    closing = {"[": "]", "{": "}"}[bracket]
    return _Said(
        opened.line + 1,
        opened.column + 1,
        f"this {bracket} is never closed",
        f"add the closing {closing}, or put text holding {bracket} in quotes",
    )


def _indentation(lines: list[str], number: int, what: str) -> _Said:
    """A line whose indentation matches no block above it; named with its parent key."""
    # The parser may stop on the line after the one to fix (a key left without a colon).
    if "mapping values are not allowed" in what:
        before = _previous(lines, number)
        if before is not None and _keyless(lines, before, number):
            return _no_colon(lines, before)
    here = _line(lines, number)
    sibling = _previous(lines, number)
    parent = _parent(lines, number, sibling)
    where = f" (key `{parent[1]}` started at line {parent[0] + 1})" if parent else ""
    if here.lstrip().startswith("- ") and "'-'" in what:
        return _Said(
            number + 1,
            _indent(here) + 1,
            f"a list entry (`- `) among the keys of a mapping{where}",
            "a list goes under its own `key:`, indented; or remove the `- `",
        )
    hint = "use the same number of spaces as the lines it belongs with"
    if sibling is not None and lines[sibling].lstrip().startswith("- "):
        hint = "start it with `- ` if it is one more entry of the list above"
    if sibling is not None and (key := _KEY.match(lines[sibling])):
        column = len(key.group(1)) + len(key.group(2))
        same = f"use the same number of spaces as `{key.group(3)}:` on line {sibling + 1}: {column}"
        hint = same + (f"; or {hint}" if key.group(2) else "")
    return _Said(
        number + 1,
        _indent(here) + 1,
        f"this line is indented differently from the lines above it{where}",
        hint,
    )


def _parent(lines: list[str], number: int, sibling: int | None) -> tuple[int, str] | None:
    """The nearest key above, less indented than this line and its neighbour above (an
    entry's keys counted from after its `- `)."""
    limit = _indent(_line(lines, number))
    if sibling is not None:
        limit = min(limit, _key_column(lines[sibling]))
    for above in range(min(number, len(lines)) - 1, -1, -1):
        if _content(lines[above]) and _key_column(lines[above]) < limit:
            key = _KEY.match(lines[above])
            return (above, key.group(3)) if key else None
    return None


def _keyless(lines: list[str], before: int, number: int) -> bool:
    """Line `before` holds no key, at the indentation of the key after it."""
    return (
        _KEY.match(lines[before]) is None
        and _indent(lines[before]) == _indent(_line(lines, number))
        and not _continues(lines, before)
    )


def _continues(lines: list[str], number: int) -> bool:
    """Whether line `number` goes on a text begun above (a plain text over lines)."""
    above = _previous(lines, number)
    if above is None or _indent(lines[above]) >= _indent(_line(lines, number)):
        return False
    key = _KEY.match(lines[above])
    return key is None or bool(lines[above][key.end() :].split("#")[0].strip())


def _previous(lines: list[str], number: int) -> int | None:
    for above in range(min(number, len(lines)) - 1, -1, -1):
        if _content(lines[above]):
            return above
    return None


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _line(lines: list[str], number: int) -> str:
    """Line `number` (0-based); nothing past the end (a mark may point there)."""
    return lines[number] if 0 <= number < len(lines) else ""


def _key_column(line: str) -> int:
    """Where a line's key (or text) starts: after its indentation and any `- `."""
    return len(re.match(r"\s*(?:-\s+)*", line).group(0))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unclosed_quote(lines: list[str], upto_line: int) -> tuple[int, int] | None:
    """The first line (up to `upto_line`) whose quoted value has no closing quote."""
    for number, line in enumerate(lines[:upto_line], start=1):
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote, rest = match.group(1), line[match.end() :]
        closing = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote not in closing:
            return number, match.start(1) + 1
    return None
