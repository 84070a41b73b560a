"""When a topic's review is overdue: one rule for the pages' mark, the check, and the
build record (which keeps the date as text, and must not load the source model)."""

from __future__ import annotations

import datetime as dt


def overdue(next_review: dt.date | str | None, today: dt.date) -> bool:
    """Past its `next_review` day (the day itself is still in date)."""
    if next_review is None:
        return False
    if isinstance(next_review, str):
        next_review = dt.date.fromisoformat(next_review)
    return next_review < today
