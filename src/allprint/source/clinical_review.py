"""The `review:` block of a topic: who checked the content clinically, when, and when it
must be checked again. (When a review is overdue is `review.py`'s, which a build that
has nothing to make reads without loading pydantic.)"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import model_validator

from allprint.source.fields import NonEmpty, Strict, invalid
from allprint.source.review import overdue

MAX_REVIEW_YEARS = 3


class Reviewer(Strict):
    name: NonEmpty
    """The reviewer's name."""
    role: NonEmpty
    """Their role, e.g. `Pediatric oncologist`."""


class Review(Strict):
    """Who checked the content clinically, when, and when it must be checked again."""

    status: Literal["draft", "reviewed"]
    """`draft` until a clinician has reviewed the topic, then `reviewed`."""
    reviewers: tuple[Reviewer, ...] = ()
    """Who reviewed it (name, role). Never invent a reviewer."""
    reviewed_on: dt.date | None = None
    """The day of the review (YYYY-MM-DD)."""
    next_review: dt.date | None = None
    """When it must be reviewed again: at most 3 years later."""

    @model_validator(mode="after")
    def _complete_when_reviewed(self) -> Review:
        complete = self.reviewers and self.reviewed_on and self.next_review
        if self.status == "reviewed" and not complete:
            raise invalid(
                "a reviewed topic needs `reviewers`, `reviewed_on` and `next_review`",
                "add them, or set `status: draft` until a clinician has reviewed it",
            )
        if self.reviewed_on and self.next_review:
            if self.next_review <= self.reviewed_on:
                raise invalid("`next_review` must come after `reviewed_on`", "check the dates")
            if self.next_review > _add_years(self.reviewed_on, MAX_REVIEW_YEARS):
                raise invalid(
                    f"`next_review` may be at most {MAX_REVIEW_YEARS} years after `reviewed_on`",
                    "plan the next review sooner",
                )
        return self

    def overdue(self, today: dt.date) -> bool:
        return overdue(self.next_review, today)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
