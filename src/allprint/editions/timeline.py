"""A section's timeline as one reader sees it: the phases that reader has names for, the
share of the bar each is drawn with, and the words that describe it to a reader who
cannot see the drawing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allprint.editions.words import UI, Words
from allprint.source.fields import TierText
from allprint.source.timeline import Timeline

# The drawing's own words, translated in the catalogues (context `ui`).
TIMELINE_WORDS = ("Timeline",)


@dataclass(frozen=True)
class PhaseView:
    number: int  # printed on its part of the bar: 1, 2, 3...
    name: str
    length: str | None
    share: float  # of the bar's width, from 0 to 1


@dataclass(frozen=True)
class TimelineView:
    total: str | None
    phases: list[PhaseView]
    description: str  # the drawing in words (its alt text), made from the same data


def timeline_view(
    timeline: Timeline | None, pick: Callable[[TierText | None], str | None], words: Words
) -> TimelineView | None:
    """What one reader sees of `timeline` (None: nothing); `pick` gives that reader's text."""
    if timeline is None:
        return None
    named = [(p, name) for p in timeline.phases if (name := pick(p.name))]
    if not named:
        return None
    shares = _shares([p.width for p, _ in named])
    phases = [
        PhaseView(n, name, pick(p.length), share)
        for n, ((p, name), share) in enumerate(zip(named, shares, strict=True), start=1)
    ]
    total = pick(timeline.total)
    return TimelineView(total, phases, _description(total, phases, words))


def _shares(widths: list[float]) -> list[float]:
    # Each part keeps at least half an even share, so that its name has room under it.
    floor = 0.5 / len(widths)
    clipped = [max(w / sum(widths), floor) for w in widths]
    return [c / sum(clipped) for c in clipped]


def _description(total: str | None, phases: list[PhaseView], words: Words) -> str:
    """`Timeline: About 2 to 3 years. 1. Induction. 2. Maintenance: the longest phase.`"""
    sentences = [_bare(total)] if total else []
    for phase in phases:
        length = f": {_bare(phase.length)}" if phase.length else ""
        sentences.append(f"{phase.number}. {_bare(phase.name)}{length}")
    return f"{words(UI, 'Timeline')}: " + " ".join(f"{s}." for s in sentences)


def _bare(text: str) -> str:
    return " ".join(text.split()).rstrip(".")
