"""What the parent's fill-in pages ask for beyond what every topic's pages ask: the care
team page's extra lines, the medicine schedule's and the log's columns, the signs to log.
The defaults are a topic's own: none of them belongs to one disease."""

from __future__ import annotations

from pydantic import Field

from allprint.source.fields import NonEmpty, Strict

MAX_COLUMNS = 4  # beside the fixed ones, on a portrait page that is written on by hand


class Log(Strict):
    """The log families keep at home: a row per time they look, with what they did."""

    heading: NonEmpty | None = Field(
        default=None,
        description="The log's heading (default: `Temperature and symptom log`).",
    )
    columns: tuple[NonEmpty, ...] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_COLUMNS,
        description="The columns between `Date`, `Time` and `What I did`, at most 4 "
        "(default: `Temperature`, `Symptoms`), e.g. `[Peak flow, Symptoms]`.",
    )
    watch_for: tuple[NonEmpty, ...] = Field(
        default=(),
        description="The signs to write down, printed above the log, e.g. `[Cough, "
        "Wheezing]` (default: none).",
    )


class Tools(Strict):
    """The parent's fill-in pages (at the end of the parent guide and in the tools PDF)."""

    care_team_lines: tuple[NonEmpty, ...] = Field(
        default=(),
        description="Lines to fill in on the care team page, after the child's name, "
        "allergies and weight, each a label ending in a colon, e.g. `Type of cast:` "
        "(default: none).",
    )
    medicine_columns: tuple[NonEmpty, ...] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_COLUMNS,
        description="The medicine schedule's columns before the days of the week, at most "
        "4 (default: `Medicine`, `Dose`, `Times`).",
    )
    log: Log = Field(default_factory=Log)
    """The log of what families see at home."""
    fever_rule: bool = Field(
        default=True,
        description="Print the site's fever rule (in the call box, on the log and on the "
        "wallet card); `false` for a topic where fever is not the sign to act on.",
    )
