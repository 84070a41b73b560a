"""The characters text and ids may hold. Topic sources, site values and translations are
held to one rule, so that what is refused in one is refused in all; a topic id has one
pattern, for the source model and for `allprint new`; a language tag one reading, for
catalogues and for a site's per-language tables.
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

# A BCP 47 language tag: language, script, region, variants (`es`, `pt-BR`, `zh-Hant`).
LANGUAGE_TAG = re.compile(
    r"([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?((?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*)",
    re.IGNORECASE,
)


def language_code(name: str) -> str | None:
    """`name` as a BCP 47 tag in its usual case (gettext's `es_MX` is `es-MX`), or None."""
    found = LANGUAGE_TAG.fullmatch(name.strip().replace("_", "-"))
    if found is None:
        return None
    language, script, region, variants = found.groups()
    parts = (language.lower(), (script or "").title(), (region or "").upper(), variants[1:])
    return "-".join(part for part in parts if part)
