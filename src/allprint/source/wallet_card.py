"""What the cut-out wallet card says: one warning, or a mapping with a note for emergency
staff, the diagnosis and the topic's own lines to fill in. The card's other lines (the
child's name, the site's fever rule and number) come from the family and the site."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from allprint.source.fields import NonEmpty, Strict

WALLET_KEYS = ("warning", "note_for_staff", "diagnosis", "lines")


class WalletCard(Strict):
    """What the topic puts on the wallet card; every key is optional.

    The card is cut out of the parent's fill-in tools and shown at an emergency
    department. What a topic leaves out prints as a blank to fill in, or not at all."""

    warning: NonEmpty | None = Field(
        default=None,
        description="The warning in a heavy frame on the card's front, e.g. `Fever is an "
        "emergency for this child.`",
    )
    note_for_staff: NonEmpty | None = Field(
        default=None,
        description="A short note for emergency staff (two or three short sentences), on "
        "the card's back, above the care team's number.",
    )
    diagnosis: NonEmpty | None = Field(
        default=None,
        description="The diagnosis printed on the card (default: a blank to write it on).",
    )
    lines: tuple[NonEmpty, ...] = Field(
        default=(),
        max_length=3,
        description="Lines to fill in on the card's front after the allergies, at most 3, "
        "each a label ending in a colon, e.g. `Type of cast:` (default: none).",
    )


def _warning_only(value: Any) -> Any:
    # The first form of the key, one text, is the warning alone: topics written so still build.
    return {"warning": value} if isinstance(value, str) else value


WalletCardField = Annotated[
    WalletCard,
    BeforeValidator(_warning_only, json_schema_input_type=NonEmpty | WalletCard),
]
