"""Dates as the reader's language writes them, from the catalogue: the handout's own words
hold a date pattern (`{day} de {month} de {year}`) and the months' names. English keeps
the unambiguous 2026-11-25."""

from __future__ import annotations

import datetime as dt

from allprint.editions.words import UI, Words, english

DATE_PATTERN = "{year}-{mm}-{dd}"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Printed in the catalogue beside the pattern, for its translator.
DATE_NOTE = (
    "How a date is written: {day} the day (7), {dd} the day in two digits (07), {month} the "
    "month's name (as translated below), {mm} the month in two digits, {year} the year."
)


def format_date(day: dt.date | None, words: Words = english) -> str:
    """`day` in the form and words of `words`' language; "" for no date."""
    if day is None:
        return ""
    pattern = words(UI, DATE_PATTERN)
    month = words(UI, MONTHS[day.month - 1]) if "{month}" in pattern else ""
    values = {
        "day": day.day,
        "dd": f"{day.day:02d}",
        "month": month,
        "mm": f"{day.month:02d}",
        "year": day.year,
    }
    try:
        return pattern.format(**values)
    except (KeyError, IndexError, ValueError):  # a pattern with another {name}: never crash
        return day.isoformat()


def format_iso(text: str | None, words: Words = english) -> str:
    """A date written as YYYY-MM-DD (a catalogue's review header), in the reader's form."""
    try:
        return format_date(dt.date.fromisoformat(text or ""), words)
    except ValueError:
        return text or ""
