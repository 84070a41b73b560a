"""What the cut-out wallet card says: one warning, or a mapping with a note for emergency
staff and the diagnosis. The card's other lines (the child's name, the site's fever rule
and number) come from the family and the site, not from the topic."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from allprint.source.fields import NonEmpty, Strict

WALLET_KEYS = ("warning", "note_for_staff", "diagnosis")


class WalletCard(Strict):
    """What the topic puts on the wallet card; every key is optional.

    The card is cut out of the parent's fill-in tools and shown at an emergency
    department. What a topic leaves out prints as a blank to fill in, or not at all."""

    warning: NonEmpty | None = Field(
        default=None,
        description="The warning in a heavy frame on the card's front, e.g. `This child is on "
        "chemotherapy: fever is an emergency.`",
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


def _warning_only(value: Any) -> Any:
    # The first form of the key, one text, is the warning alone: topics written so still build.
    return {"warning": value} if isinstance(value, str) else value


WalletCardField = Annotated[
    WalletCard,
    BeforeValidator(_warning_only, json_schema_input_type=NonEmpty | WalletCard),
]
