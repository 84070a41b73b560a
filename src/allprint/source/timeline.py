"""A section's timeline: the phases of a treatment in order, drawn as a bar of phases."""

from __future__ import annotations

from pydantic import Field

from allprint.source.fields import Id, Strict, Tiered


class Phase(Strict):
    """One phase of the timeline, in order."""

    id: Id
    name: Tiered
    """The phase's name, per reader, e.g. `Induction`; a reader without one does not see it."""
    length: Tiered | None = Field(
        default=None,
        description="How long it lasts, in words, per reader, e.g. `about 4 weeks`, "
        "`the longest phase`. Leave it out when the sources do not say.",
    )
    width: float = Field(
        default=1,
        gt=0,
        le=10,
        description="How wide it is drawn, relative to the other phases (default 1): "
        "a rough picture of which phase is longer, never a scale. Not printed.",
    )


class Timeline(Strict):
    """Phases in order, drawn as a bar of numbered parts with each one's name under it."""

    total: Tiered | None = Field(
        default=None,
        description="How long it lasts in all, per reader, e.g. `About 2 to 3 years`; "
        "printed above the bar.",
    )
    phases: tuple[Phase, ...] = Field(min_length=1, max_length=8)
    """The phases, in the order they come."""
