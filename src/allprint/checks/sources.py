"""Checks on what a topic's facts rest on: a source never cited, and a text that cites
only sources marked `kind: secondary` (a blog, a summary of unknown authorship), which a
clinical reviewer would send back. One warning per source, naming where."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from allprint.checks.fit import Finding
from allprint.source.model import Topic

Place = Callable[[tuple, str], tuple[int | None, int | None]]


def cited_refs(topic: Topic) -> Iterator[tuple[tuple, tuple[str, ...]]]:
    """Every list of source ids in the topic, with its data path."""
    for i, section in enumerate(topic.sections):
        yield ("sections", i, "sources"), section.sources
        for j, item in enumerate(section.items):
            yield ("sections", i, "items", j, "sources"), item.sources
    if topic.urgent:
        yield ("urgent", "sources"), topic.urgent.sources
    for i, faq in enumerate(topic.faqs):
        yield ("faqs", i, "sources"), faq.sources
    for i, card in enumerate(topic.cards):
        yield ("cards", i, "sources"), card.sources


def source_findings(topic: Topic, place: Place | None = None) -> list[Finding]:
    return [*_unused(topic), *_secondary(topic, place)]


def _unused(topic: Topic) -> Iterator[Finding]:
    cited = {ref for _, refs in cited_refs(topic) for ref in refs}
    for source in topic.sources:
        if source.id not in cited:
            yield Finding(
                "warning",
                "unused-source",
                None,
                f"source {source.id!r} is never cited (cite it or remove it)",
            )


def _secondary(topic: Topic, place: Place | None) -> list[Finding]:
    secondary = {s.id for s in topic.sources if s.kind == "secondary"}
    alone: dict[str, list[tuple]] = {s: [] for s in secondary}
    for loc, refs in cited_refs(topic):
        if refs and set(refs) <= secondary:
            for ref in dict.fromkeys(refs):
                alone[ref].append(loc)
    return [_finding(ref, locs, place) for ref, locs in sorted(alone.items()) if locs]


def _finding(ref: str, locs: list[tuple], place: Place | None) -> Finding:
    lines = sorted(n for n in (place(loc, "")[0] for loc in locs) if n) if place else []
    shown = [str(n) for n in lines][:5]
    more = ", ..." if len(locs) > len(shown) else ""
    where = f" (lines {', '.join(shown)}{more})" if shown else ""
    line = lines[0] if lines else None
    return Finding(
        "warning",
        "secondary-source",
        None,
        f"{len(locs)} texts rest only on source {ref!r}, which is marked `kind: secondary`"
        f"{where}: cite a primary source that states the same (a national health institute, "
        "a children's hospital, a guideline), or leave the claim out",
        line,
    )
