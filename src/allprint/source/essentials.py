"""What a one-sheet ("essentials") handout may pick: blocks of the topic, or its sections."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    model_validator,
)

from allprint.source.fields import Id, NonEmpty, Strict, invalid
from allprint.source.readers import TIERS as TIERS
from allprint.source.readers import Tier as Tier

ESSENTIALS_BLOCKS = ("key_points", "urgent", "teach_back", "glossary", "draw", "questions")
EssentialsBlock = Literal["key_points", "urgent", "teach_back", "glossary", "draw", "questions"]


def _pick_shorthand(value: Any) -> Any:
    # `- urgent` names a block; `- care-at-home` names a section.
    if isinstance(value, str):
        return {"block": value} if value in ESSENTIALS_BLOCKS else {"section": value}
    return value


class EssentialsPick(Strict):
    """One part of an essentials sheet: a block of the topic, or one of its sections."""

    block: EssentialsBlock | None = Field(
        default=None,
        description="`key_points`, `urgent`, `teach_back`, `glossary`, or for children "
        "`draw` (space to draw) and `questions` (lines to write questions on).",
    )
    section: Id | None = Field(default=None, description="Id of a section of this topic.")
    items: tuple[Id, ...] | None = Field(
        default=None, description="Only these items of the section, in this order."
    )
    heading: NonEmpty | None = Field(default=None, description="A shorter heading for the sheet.")
    text: NonEmpty | None = Field(
        default=None, description="Shorter wording for the sheet, instead of the section's text."
    )
    limit: int | None = Field(
        default=None, ge=1, description="At most this many entries (points, questions, items)."
    )
    facts: tuple[NonEmpty, ...] | None = Field(
        default=None, description="Only these fact columns of the section's table (clinician)."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> EssentialsPick:
        if (self.block is None) == (self.section is None):
            raise invalid(
                "each entry names either a `block` or a `section`",
                f"write a section id, or one of: {', '.join(ESSENTIALS_BLOCKS)}",
            )
        if self.block is not None and (self.items is not None or self.text is not None):
            raise invalid(
                "`items` and `text` go with a `section`", "remove them, or name a section"
            )
        return self


Pick = Annotated[
    EssentialsPick, BeforeValidator(_pick_shorthand, json_schema_input_type=str | EssentialsPick)
]


class Essentials(Strict):
    """What each reader's one-sheet handout holds, in order; a missing tier gets the default."""

    child: tuple[Pick, ...] | None = None
    """The child's sheet, in order."""
    parent: tuple[Pick, ...] | None = None
    """The parent's sheet, in order."""
    clinician: tuple[Pick, ...] | None = None
    """The clinician's sheet, in order."""

    def picks(self, tier: str) -> tuple[EssentialsPick, ...] | None:
        return getattr(self, tier)
