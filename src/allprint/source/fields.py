"""The building blocks of the source model: strict models, ids, text per reader.

Every model forbids unknown keys, so a misspelt key is an error rather than silently
ignored. Text that differs per reader is a `Tiered` value: either one string for every
tier or a mapping `{child: ..., parent: ..., clinician: ...}`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from allprint.source.characters import ID_PATTERN
from allprint.source.readers import TIERS as TIERS
from allprint.source.readers import Tier as Tier

CLOZE_RE = re.compile(r"\{\{c\d+::.+?\}\}")

# Ids end up in file names, note GUIDs and tags: keep them to a safe alphabet.
Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="Lower-case letters, digits and single dashes, e.g. `bone-pain`."),
]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    # Field docstrings become the schema's descriptions (what editors show on hover).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True
    )


class TierText(Strict):
    """One text per tier; a missing tier does not get this piece of text."""

    child: NonEmpty | None = None
    """Text for the child (about 6-11, read with a grown-up)."""
    parent: NonEmpty | None = None
    """Text for parents and carers."""
    clinician: NonEmpty | None = None
    """Text for nurses and doctors."""

    def get(self, tier: str) -> str | None:
        return getattr(self, tier)


HINT_MARK = " |hint| "


def invalid(message: str, hint: str) -> ValueError:
    """A validation error with a hint; the loader shows the hint in brackets."""
    return ValueError(f"{message}{HINT_MARK}{hint}")


def _expand_tiers(value: Any) -> Any:
    # One plain string means "the same text for every tier".
    if isinstance(value, str):
        return {tier: value for tier in TIERS}
    return value


def _not_empty(value: TierText) -> TierText:
    if all(value.get(t) is None for t in TIERS):
        raise invalid("no text for any tier", "give text for child, parent or clinician")
    return value


Tiered = Annotated[
    TierText,
    # The schema says what a source may hold: one text for every reader, or one per reader.
    BeforeValidator(_expand_tiers, json_schema_input_type=str | TierText),
    AfterValidator(_not_empty),
]
SourceRefs = Annotated[
    tuple[Id, ...],
    Field(description="Ids of entries under `sources:` that support this text."),
]
