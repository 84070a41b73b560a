"""The characters text and ids may hold. Topic sources, site values and translations are
held to one rule, so that what is refused in one is refused in all; a topic id has one
pattern, for the source model and for `allprint new`.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, the bidirectional embeddings and
# overrides U+202A-U+202E (an override prints `evil.exe` as `exe.live`), and lone
# surrogates (not text at all). The marks that right-to-left languages need (U+200E,
# U+200F, U+061C, the isolates U+2066-U+2069, ZWJ, ZWNJ) are kept.
HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]")


def hidden_character(text: str) -> str | None:
    """The first character of `text` that no printed text may hold, or None."""
    match = HIDDEN.search(text)
    return match.group(0) if match else None


# Ids end up in file names, note GUIDs and tags: a safe alphabet.
ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
