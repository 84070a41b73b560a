"""Characters no printed text may hold, whether written in a source or a catalogue.

C0 controls but tab and newline, DEL, C1 controls, the bidirectional embeddings and
overrides U+202A-U+202E (an override prints `evil.exe` as `exe.live`), and lone
surrogates (not text at all). The marks that right-to-left languages need (U+200E,
U+200F, U+061C, the isolates U+2066-U+2069, ZWJ, ZWNJ) are kept.
"""

from __future__ import annotations

import re

HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]")


def hidden_character(text: str) -> str | None:
    """The first character of `text` that may not be printed, if any."""
    match = HIDDEN.search(text)
    return match.group(0) if match else None
