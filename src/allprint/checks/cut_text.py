"""Text that YAML cut short: an unquoted value followed by ` #` ends there, and the
rest of the line is read as a comment, with no message from YAML.

A comment after a value is also how people annotate a topic (`level: emergency  # act
now`), so only a likely cut is named:

- the `#` is followed directly by a character other than a space (`crisis #1 trigger`,
  `#hashtag`): people write comments as `# words`;
- or the value is text a reader reads (not an id, a setting or an address, see
  `text_keys`): a comment there is almost always the rest of a sentence.
"""

from __future__ import annotations

import re

import yaml

from allprint.checks.fit import Finding
from allprint.source.text_keys import NOT_PRINTED, block_name, not_text

_COMMENT_AFTER = re.compile(r"[ \t]+#")
_RESOLVER = yaml.resolver.Resolver()


def cut_text(text: str) -> list[Finding]:
    """A warning at each plain value on whose line a likely-cut comment follows."""
    lines = text.splitlines()
    findings = []
    for ctx, event in _plain_values(text):
        line = lines[event.end_mark.line] if event.end_mark.line < len(lines) else ""
        match = _COMMENT_AFTER.match(line, event.end_mark.column)
        if match is None:
            continue
        comment = line[match.end() - 1 :]
        glued = len(comment) > 1 and not comment[1].isspace()
        key = next((k for k in reversed(ctx) if isinstance(k, str)), "")
        printed = _is_text(event.value) and not (
            key in NOT_PRINTED or not_text(ctx[:-1], key, event.value) or block_name(ctx, "")
        )
        if glued or printed:
            findings.append(_finding(ctx, event.value, comment, event.end_mark.line, match))
    return findings


def _is_text(value: str) -> bool:
    """A plain value YAML reads as a string, not `true`, `3` or `2026-01-10`: a comment
    after a setting is a comment."""
    return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"


def _finding(ctx: tuple, value: str, comment: str, line: int, match: re.Match) -> Finding:
    key = next((k for k in reversed(ctx) if isinstance(k, str)), "text")
    whole = f"{value} {comment}"
    whole = whole if len(whole) <= 40 else whole[:37] + "..."
    example = f'- "{whole}"' if ctx and isinstance(ctx[-1], int) else f'{key}: "{whole}"'
    return Finding(
        "warning",
        "cut-text",
        None,
        f"text under `{key}` is cut at {comment[:20]!r}: after a space, # starts a YAML "
        "comment, and the rest of the line is not printed (put the whole text in quotes: "
        f"{example}; a comment goes on a line of its own)",
        line=line + 1,
        column=match.end(),
    )


def _plain_values(text: str):
    """(data path, event) of each unquoted scalar that is a value, not a key."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[list] = []  # [is a mapping, entries seen, data path]
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                ctx = _place(stack)
                _advance(stack)
                stack.append([isinstance(event, yaml.MappingStartEvent), 0, ctx, None])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                is_key = bool(stack) and stack[-1][0] and stack[-1][1] % 2 == 0
                ctx = _place(stack)
                _advance(stack, event.value if is_key else None)
                if not is_key and not event.style and event.value:
                    yield ctx, event
    except yaml.YAMLError:  # a broken file is reported by the loader, not here
        return


def _place(stack: list[list]) -> tuple:
    """The data path of the node about to come."""
    if not stack:
        return ()
    is_mapping, seen, ctx, key = stack[-1]
    return (*ctx, key) if is_mapping else (*ctx, seen)


def _advance(stack: list[list], key: str | None = None) -> None:
    if stack:
        stack[-1][1] += 1
        if key is not None:
            stack[-1][3] = key
