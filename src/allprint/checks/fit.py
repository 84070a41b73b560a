"""Fit to print: the checks a clinic relies on before it prints 500 copies.

- reading level per tier (limits from the source, defaults child 4, parent 6);
- the blocks each tier must have (a checklist after AHRQ PEMAT and the CDC Clear
  Communication Index);
- clinical review: draft, or past its next-review date;
- sources that nothing cites.

Blocking findings ("error") fail `check` and stop a build unless `--allow-draft`.
Warnings are shown; `--strict` makes every warning blocking too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

from allprint.checks.readability import Score, essentials_score, hard_sentences, reading_scores
from allprint.memo import per_build
from allprint.paths import TEMPLATES_DIR
from allprint.source.readers import TIERS

if TYPE_CHECKING:  # only named in annotations: a build with nothing to do loads none of them
    from allprint.editions.sheets import Sheet
    from allprint.editions.tiers import HandoutView
    from allprint.project.config import Site
    from allprint.source.model import Topic


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str  # stable, for machines: "reading-level", "missing-block", "draft", ...
    tier: str | None
    message: str
    line: int | None = None  # where in the source, when the finding has a place
    column: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def where(self, source: str) -> str:
        """`source`, with `:line:column` when the finding has a place."""
        if self.line is None:
            return source
        return f"{source}:{self.line}" + (f":{self.column}" if self.column else "")

    def __str__(self) -> str:
        return f"{self.tier} handout: {self.message}" if self.tier else self.message


@dataclass(frozen=True)
class FitReport:
    scores: list[Score]
    findings: list[Finding]

    def blocking(self, strict: bool = False, allow_draft: bool = False) -> list[Finding]:
        """What stops a build: errors (unless `allow_draft`), and warnings when `strict`."""
        return [
            f
            for f in self.findings
            if (f.severity == "error" and not allow_draft) or (f.severity == "warning" and strict)
        ]


def fit_to_print(
    topic: Topic,
    views: dict[str, HandoutView],
    sheets: dict[str, Sheet],
    today: dt.date,
    place: Callable[[tuple, str], tuple[int | None, int | None]] | None = None,
) -> FitReport:
    """Every check of one topic, on the tier views and sheets the handouts are made from."""
    from allprint.checks.sources import source_findings  # it builds on this module's Finding

    scores = [score for tier in TIERS for score in reading_scores(topic, views[tier])]
    scores += [essentials_score(topic, views[tier], sheets[tier]) for tier in TIERS]
    findings = [
        *_missing_glyphs(topic, place),
        *_sentence_findings(topic, place),
        *_sheet_findings(sheets),
        *_reading_findings(scores),
        *_required_blocks(views),
        *_review_findings(topic, today),
        *source_findings(topic, place),
    ]
    return FitReport(scores, findings)


def reach_findings(
    topic: Topic,
    views: dict[str, HandoutView],
    carded: set[tuple],
    place: Callable[[tuple, str], tuple[int | None, int | None]] | None = None,
) -> list[Finding]:
    """Nothing silently lost: each section and item that reaches no handout and no card,
    and each reader left without a block the others get. `carded`: the data paths
    (`("sections", i, "items", j)`) of items that make a card."""
    shown = {(s.id, i.id) for v in views.values() for s in v.sections for i in s.items}
    shown_sections = {s.id for v in views.values() for s in v.sections}
    findings = []

    def lost(loc: tuple, ident: str, message: str) -> None:
        line, column = place(loc, ident) if place else (None, None)
        findings.append(Finding("warning", "not-printed", None, message, line, column))

    for i, section in enumerate(topic.sections):
        items_carded = any(loc[:2] == ("sections", i) for loc in carded)
        if section.id not in shown_sections and not items_carded:
            lost(
                ("sections", i, "id"),
                section.id,
                f"section {section.id!r} is in no handout and on no card (give it a heading "
                "and text or items for at least one reader)",
            )
            continue
        for j, item in enumerate(section.items):
            if (section.id, item.id) in shown or ("sections", i, "items", j) in carded:
                continue
            lost(
                ("sections", i, "items", j, "id"),
                item.id,
                f"item {item.id!r} of section {section.id!r} is in no handout and on no card "
                "(give it a title and text for the same reader)",
            )
    if topic.urgent and not views["clinician"].urgent:
        findings.append(
            Finding(
                "warning",
                "missing-block",
                "clinician",
                "no when-to-call box: the other readers have one (give the `urgent:` "
                "items clinician text)",
            )
        )
    return findings


def _reading_findings(scores: list[Score]) -> Iterator[Finding]:
    for s in scores:
        if s.over_limit:
            yield Finding(
                "error",
                "reading-level",
                s.tier,
                f"{s.part!r} reads at grade {s.fk:.1f}; the limit is {s.limit:g} "
                "(use shorter sentences and everyday words, or explain a term in the glossary "
                "and list it under `known_words`)",
            )


def _required_blocks(views: dict[str, HandoutView]) -> Iterator[Finding]:
    child, parent, clinician = (views[t] for t in TIERS)

    def missing(tier: str, block: str, how: str) -> Finding:
        return Finding("error", "missing-block", tier, f"missing required block: {block} ({how})")

    if not parent.key_points:
        yield missing(
            "parent", "key points", "add `key_points:` with parent text; first the main message"
        )
    if not any(s.kind == "actions" and s.items for s in parent.sections):
        yield missing(
            "parent", "action list", "add a section with `kind: actions` and parent items"
        )
    levels = {g.level for g in parent.urgent.groups} if parent.urgent else set()
    for level in ("emergency", "today", "next-visit"):
        if level not in levels:
            yield missing(
                "parent",
                f"when-to-call level {level!r}",
                f"add an `urgent:` group with `level: {level}` and parent items",
            )
    if not parent.teach_back:
        yield missing("parent", "teach-back questions", "add `teach_back:` with parent questions")
    if not child.urgent:
        yield missing("child", "tell-a-grown-up box", "give the `urgent:` box child text")
    if not any(s.kind == "actions" and s.items for s in child.sections):
        yield missing(
            "child", "you-can-help list", "add a section with `kind: actions` and child items"
        )
    for section in clinician.sections:
        if not section.cites and not any(item.cites for item in section.items):
            yield missing(
                "clinician",
                f"references for section {section.id!r}",
                "add `sources:` to the section or its items",
            )


def _missing_glyphs(topic: Topic, place) -> Iterator[Finding]:
    """Characters the shipped fonts cannot draw: they would print as empty boxes."""
    from allprint.source.topic_checks import printed_strings

    covered = font_coverage()
    for loc, text in printed_strings(topic.model_dump(), ()):
        missing = sorted({c for c in text if not c.isspace() and ord(c) not in covered})
        if missing:
            names = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in missing[:5])
            line, column = place(loc, text) if place else (None, None)
            yield Finding(
                "warning",
                "missing-glyph",
                None,
                f"the handout fonts cannot draw {names}: they would print as empty boxes "
                "(use other characters, or a language the fonts cover)",
                line,
                column,
            )


@per_build
def font_coverage() -> frozenset[int]:
    """Every character the shipped fonts (templates/fonts/*.ttf) can draw."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path in sorted((TEMPLATES_DIR / "fonts").glob("*.ttf")):
        with TTFont(path, lazy=True) as font:
            covered |= set(font.getBestCmap())
    return frozenset(covered)


def _sentence_findings(topic: Topic, place) -> Iterator[Finding]:
    """Each sentence over the reader's limits, at its line and column when `place` knows it
    (`place(data path, sentence)`)."""
    limits = topic.reading_level
    for s in hard_sentences(topic):
        reasons = []
        most = limits.sentence_words.get(s.tier)
        if most is not None and s.words > most:
            reasons.append(f"{s.words} words, more than {most}")
        if s.hard and (limits.sentence_hard_words.get(s.tier) or 0) < len(s.hard):
            reasons.append(f"hard words: {', '.join(s.hard)}")
        line, column = place(s.loc, s.sentence) if place else (None, None)
        yield Finding(
            "warning",
            "hard-sentence",
            s.tier,
            f'hard sentence ({"; ".join(reasons)}): "{s.sentence}" (split it, use everyday '
            "words, or teach a word in the glossary and list it under `known_words`)",
            line,
            column,
        )


def _sheet_findings(sheets: dict[str, Sheet]) -> Iterator[Finding]:
    for tier, sheet in sheets.items():
        for name in sheet.missing:
            yield Finding(
                "warning",
                "essentials-empty-part",
                tier,
                f"essentials: {name!r} has no text for this reader, so the sheet leaves it out "
                "(give it text for this reader, or remove it from `essentials:`)",
            )
        if not sheet.parts:
            yield Finding("error", "essentials-empty", tier, "the essentials sheet would be empty")


def site_findings(site: Site | None) -> list[Finding]:
    """A clinic's handouts need its own number; who approved the site's values is recorded."""
    if site is None or site.phone is None:
        return [
            Finding(
                "warning",
                "no-site-number",
                None,
                "no site phone number: handouts print blanks to fill in by hand "
                "(set [site] phone in allprint.toml, or build with --site FILE.toml)",
            )
        ]
    if site.approved_by is None or site.approved_on is None:
        return [
            Finding(
                "warning",
                "site-not-approved",
                None,
                f"{site.source}: [site] has no approved_by and approved_on: say who at the site "
                "checked these numbers, and when",
            )
        ]
    return []


def _review_findings(topic: Topic, today: dt.date) -> Iterator[Finding]:
    review = topic.review
    if review.status == "draft":
        yield Finding(
            "warning",
            "draft",
            None,
            "the topic is a draft: every page is marked DRAFT — not for distribution "
            "(set `review: status: reviewed` with reviewers once clinically reviewed)",
        )
    if review.overdue(today):
        yield Finding(
            "warning",
            "review-overdue",
            None,
            f"review overdue since {review.next_review}: pages are marked Review overdue",
        )
