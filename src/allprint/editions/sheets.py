"""A one-sheet ("essentials") handout: the parts of a reader's view it holds, in order."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from allprint.editions.tiers import HandoutView, SectionView, paragraphs
from allprint.source.essentials import EssentialsPick
from allprint.source.model import Topic


@dataclass(frozen=True)
class SheetPart:
    """One part of an essentials sheet, in print order."""

    kind: str  # key_points, urgent, teach_back, glossary, draw, questions, or section
    section: SectionView | None = None
    lines: list[str] = field(default_factory=list)  # key points, questions
    heading: str | None = None


@dataclass(frozen=True)
class Sheet:
    parts: list[SheetPart]
    missing: list[str]  # picks this tier has no text for: named in a warning

    @property
    def cited(self) -> list[int]:
        """The reference numbers its sections cite (only the clinician's print them), in
        order: the sheet lists those references, so that every number it prints resolves."""
        sections = [p.section for p in self.parts if p.section is not None]
        numbers = {n for s in sections for n in (*s.cites, *(n for i in s.items for n in i.cites))}
        return sorted(numbers)


def default_picks(tier: str, view: HandoutView) -> list[EssentialsPick]:
    """What a sheet holds when the source does not say: the main message, the call box,
    what to do, and (per reader) teach-back questions or space to draw and ask."""
    doing = ("steps", "actions")
    actions = [EssentialsPick(section=s.id) for s in view.sections if s.kind in doing]
    key_points = [_block("key_points")] if view.key_points else []
    urgent = [_block("urgent")] if view.urgent else []
    if tier == "child":
        first = [EssentialsPick(section=view.sections[0].id)] if view.sections else []
        return [*first, *urgent, *actions, _block("draw"), _block("questions")]
    if tier == "parent":
        teach_back = [_block("teach_back", 3)] if view.teach_back else []
        return [*key_points, *urgent, *actions, *teach_back]
    first = [EssentialsPick(section=s.id) for s in view.sections[:3]]
    return [*key_points, *urgent, *first]


def _block(name: str, limit: int | None = None) -> EssentialsPick:
    return EssentialsPick(block=name, limit=limit)


def essentials_sheet(topic: Topic, view: HandoutView) -> Sheet:
    """The parts of `view`'s tier's one-sheet handout, as the source (or the default) picks."""
    picks = topic.essentials.picks(view.tier)
    picks = list(picks) if picks is not None else default_picks(view.tier, view)
    sections = {s.id: s for s in view.sections}
    parts: list[SheetPart] = []
    missing: list[str] = []
    for pick in picks:
        part = _sheet_part(pick, view, sections)
        if part is None:
            missing.append(pick.section or pick.block or "?")
        else:
            parts.append(part)
    return Sheet(parts, missing)


def _sheet_part(pick: EssentialsPick, view: HandoutView, sections: dict) -> SheetPart | None:
    limit = pick.limit
    if pick.section is not None:
        section = sections.get(pick.section)
        if section is None:
            return None
        items = section.items
        if pick.items is not None:
            by_id = {item.id: item for item in section.items}
            items = [by_id[i] for i in pick.items if i in by_id]
        # The columns the source keeps, by the labels it names them by.
        keys = [k for k in section.fact_keys if pick.facts is None or k in pick.facts]
        named = zip(section.fact_labels, section.fact_keys, strict=True)
        shown = {printed for printed, key in named if key in keys}
        if pick.facts is not None:
            items = [replace(i, facts=[(k, v) for k, v in i.facts if k in shown]) for i in items]
        section = replace(
            section,
            fact_labels=[f for f in section.fact_labels if f in shown],
            fact_keys=keys,
            heading=pick.heading or section.heading,
            paragraphs=paragraphs(pick.text) if pick.text else section.paragraphs,
            items=items[:limit] if limit else items,
            after=[] if pick.text else section.after,
        )
        return SheetPart("section", section=section)
    block = pick.block
    if block == "key_points":
        lines = view.key_points[:limit] if limit else view.key_points
        return SheetPart(block, lines=lines, heading=view.key_points_heading) if lines else None
    if block == "urgent":
        return SheetPart(block) if view.urgent else None
    if block == "teach_back":
        if not view.teach_back:
            return None
        lines = view.teach_back.items[:limit] if limit else view.teach_back.items
        return SheetPart(block, lines=lines, heading=view.teach_back.heading)
    if block == "glossary":
        return SheetPart(block) if view.glossary else None
    return SheetPart(block or "")  # draw, questions: the template draws them
