"""Text a topic still holds from its scaffold or a first draft: `[square bracket]`
placeholders, example.org and example.com addresses, TODO, TBD and lorem ipsum. Each is
named at its line: a warning in a draft, an error in a reviewed topic (and `--strict`
makes the warnings blocking too)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from allprint.checks.fit import Finding
from allprint.source.topic_checks import strings_in

Place = Callable[[tuple, str], tuple[int | None, int | None]]

# What each kind of placeholder looks like, and what the author should do about it.
PATTERNS = (
    (re.compile(r"\[[^\[\]\n]*[^\W\d_][^\[\]\n]*\]"), "text in [square brackets]"),
    (re.compile(r"(?i)\b(?:[\w-]+\.)*example\.(?:org|com|net)\b\S*"), "an example address"),
    (re.compile(r"\b(?:TODO|TBD)\b"), "a note left to do"),
    (re.compile(r"(?i)\blorem\b"), "filler text"),
)


# A source's `note:` is for authors and never printed: a TODO there is theirs to keep.
UNPRINTED = frozenset({"note"})


def placeholder_findings(data: Any, reviewed: bool, place: Place | None = None) -> list[Finding]:
    """Each placeholder in the values of a source's `data` (comments and notes are never
    printed)."""
    severity = "error" if reviewed else "warning"
    findings = []
    for loc, text in strings_in(data, (), UNPRINTED):
        for pattern, kind in PATTERNS:
            for match in pattern.finditer(text):
                line, column = place(loc, match.group()) if place else (None, None)
                findings.append(
                    Finding(
                        severity,
                        "placeholder",
                        None,
                        f"{kind} still in the topic: {_shown(match.group())} (write the "
                        "real text, or take it out)",
                        line,
                        column,
                    )
                )
    return findings


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
