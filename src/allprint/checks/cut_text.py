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

from allprint.checks.fit import Finding
from allprint.source.text_keys import NOT_PRINTED, block_name, not_text
from allprint.source.yaml_reader import Document

_COMMENT_AFTER = re.compile(r"[ \t]+#")


def cut_text(document: Document) -> list[Finding]:
    """A warning at each plain value on whose line a likely-cut comment follows."""
    lines = document.text.splitlines()
    findings = []
    for plain in document.plain:
        ctx = plain.loc
        line = lines[plain.line] if plain.line < len(lines) else ""
        match = _COMMENT_AFTER.match(line, plain.column)
        if match is None:
            continue
        comment = line[match.end() - 1 :]
        glued = len(comment) > 1 and not comment[1].isspace()
        key = next((k for k in reversed(ctx) if isinstance(k, str)), "")
        # A comment after a setting (`true`, a number, a date) is a comment.
        printed = plain.is_text and not (
            key in NOT_PRINTED or not_text(ctx[:-1], key, plain.value) or block_name(ctx, "")
        )
        if glued or printed:
            findings.append(_finding(ctx, plain.value, comment, plain.line, match))
    return findings


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
