"""Cut a topic down to what one tier's reader gets: plain strings, no other tier's text.

Templates receive only this view, so a child handout cannot show clinician text by
accident: the text is simply not there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from allprint.editions.dates import format_date
from allprint.editions.timeline import TimelineView, timeline_view
from allprint.editions.words import UI, Words, english
from allprint.source.fields import Tiered, TierText
from allprint.source.model import TIERS, Section, Tier, Topic
from allprint.source.pictures import ICONS, STEP_PICTURES, Step
from allprint.source.wallet_card import WalletCard

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "ku", "yi", "dv"}


TIER_LABELS: dict[str, str] = {
    "child": "For children",
    "parent": "For parents and carers",
    "clinician": "For clinicians",
}


@dataclass(frozen=True)
class Reference:
    number: int
    title: str
    publisher: str
    url: str | None
    cited_in: int | None = None  # the number of the source that cites this one
    short: str = ""  # its short name, where space is short (one-sheet handouts)


@dataclass(frozen=True)
class ItemView:
    title: str
    paragraphs: list[str]
    facts: list[tuple[str, str]]
    cites: list[int]
    id: str = ""
    icon: tuple[str, str] | None = None  # (file stem, alt text)
    picture: tuple[Step, ...] = ()  # numbered drawings of how to do it


@dataclass(frozen=True)
class ToolsView:
    """What the parent's fill-in pages print of the topic; `None` is the template's own
    default (generic) words."""

    care_team_lines: list[str]
    medicine_columns: list[str] | None
    log_heading: str | None
    log_columns: list[str] | None
    watch_for: list[str]


def _tools(topic: Topic) -> ToolsView:
    tools, log = topic.tools, topic.tools.log
    return ToolsView(
        care_team_lines=list(tools.care_team_lines),
        medicine_columns=list(tools.medicine_columns) if tools.medicine_columns else None,
        log_heading=log.heading,
        log_columns=list(log.columns) if log.columns else None,
        watch_for=list(log.watch_for),
    )


@dataclass(frozen=True)
class SectionView:
    id: str
    heading: str
    paragraphs: list[str]
    items: list[ItemView]
    after: list[str]
    cites: list[int]
    fact_labels: list[str]  # non-empty: show the items as a table with these columns
    kind: str = "info"  # "actions": a checklist of things to do; "steps": numbered, in order
    icon: tuple[str, str] | None = None  # (file stem, alt text)
    timeline: TimelineView | None = None
    fact_keys: list[str] = field(default_factory=list)  # the labels as the source names them


@dataclass(frozen=True)
class UrgentGroupView:
    level: str
    label: str
    lines: list[str]


@dataclass(frozen=True)
class UrgentView:
    heading: str
    intro: list[str]
    groups: list[UrgentGroupView]
    cites: list[int]


@dataclass(frozen=True)
class ListView:
    heading: str
    intro: list[str]
    items: list[str]


@dataclass(frozen=True)
class QAView:
    question: str
    answer: list[str]
    cites: list[int]


@dataclass
class HandoutView:
    """Everything one tier's template needs, as plain text."""

    tier: str
    tier_label: str
    topic_id: str
    title: str
    short_title: str
    subtitle: str | None
    language: str
    version: str
    updated: str
    publisher: str
    author: str
    licence: str
    status: str  # "draft" or "reviewed"
    marks: list[str]  # printed at the top of every page, e.g. "DRAFT — not for distribution"
    review_line: str  # for the footer
    reviewers: list[tuple[str, str]]
    reviewed_on: str | None
    next_review: str | None
    key_points_heading: str | None
    key_points: list[str]
    urgent: UrgentView | None
    sections: list[SectionView]
    faq_heading: str
    faqs: list[QAView]
    teach_back: ListView | None
    glossary_heading: str
    glossary: list[tuple[str, str]]
    disclaimer: list[str]
    references: list[Reference] = field(default_factory=list)
    wallet_card: WalletCard | None = None  # the parent's: what the topic puts on the card
    tools: ToolsView | None = None  # the parent's: what the fill-in pages ask
    fever_rule: bool = True  # the site's fever rule is printed (call box, log, card)
    translation_review: str | None = None  # a translation's own review, in its language
    words: Words = english  # the handout's own words, in its language

    def ui(self, text: str) -> str:
        return self.words(UI, text)

    @property
    def direction(self) -> str:
        """`rtl` for languages written right to left (the layout is mirrored)."""
        return "rtl" if self.language.split("-")[0] in RTL_LANGUAGES else "ltr"


def paragraphs(text: str | None) -> list[str]:
    """Split text on blank lines; single line breaks inside a paragraph become spaces."""
    if not text:
        return []
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


DRAFT_MARK = "DRAFT — not for distribution"


OVERDUE_MARK = "Review overdue — check with the care team before use"


def status_marks(topic: Topic, today: dt.date) -> list[str]:
    """The warnings printed on every page: unreviewed or past its review date."""
    marks = []
    if topic.review.status == "draft":
        marks.append(DRAFT_MARK)
    if topic.review.overdue(today):
        marks.append(OVERDUE_MARK)
    return marks


def tier_view(topic: Topic, tier: Tier, today: dt.date, words: Words = english) -> HandoutView:
    """Everything `tier` reads; `today` decides whether the review is overdue; `words`
    gives the handout's own words in the topic's language."""
    cites = _Citations(topic)
    review = topic.review

    def pick(value: Tiered | TierText | None) -> str | None:
        return value.get(tier) if value is not None else None

    urgent = _urgent(topic, pick, cites)  # before the sections: it is printed first
    sections = [
        v for s in topic.sections if (v := _section(s, tier, pick, cites, words)) is not None
    ]
    key_points = [t for p in topic.key_points.items if (t := pick(p))] if topic.key_points else []
    return HandoutView(
        tier=tier,
        tier_label=words(UI, TIER_LABELS[tier]),
        topic_id=topic.id,
        title=getattr(topic.titles, tier),
        short_title=topic.short_title or getattr(topic.titles, tier),
        subtitle=pick(topic.subtitle),
        language=topic.language,
        version=topic.version,
        updated=topic.updated.isoformat(),
        publisher=topic.publisher,
        author=topic.author,
        licence=topic.licence,
        status=review.status,
        marks=[words(UI, mark) for mark in status_marks(topic, today)],
        review_line=_review_line(topic, words),
        reviewers=[(r.name, r.role) for r in review.reviewers],
        reviewed_on=_iso(review.reviewed_on),
        next_review=_iso(review.next_review),
        key_points_heading=pick(topic.key_points.heading) if key_points else None,
        key_points=key_points,
        urgent=urgent,
        sections=sections,
        faq_heading=pick(topic.faq_heading) or "",
        faqs=[
            QAView(q, paragraphs(a), cites(f.sources))
            for f in topic.faqs
            if (q := pick(f.question)) and (a := pick(f.answer))
        ],
        teach_back=_teach_back(topic, pick),
        glossary_heading=pick(topic.glossary_heading) or "",
        glossary=[(g.term, d) for g in topic.glossary if (d := pick(g.definition))],
        disclaimer=paragraphs(pick(topic.disclaimer)),
        references=cites.references(),
        wallet_card=topic.wallet_card if tier == "parent" else None,
        tools=_tools(topic) if tier == "parent" else None,
        fever_rule=topic.tools.fever_rule,
        words=words,
    )


def tier_views(topic: Topic, today: dt.date, words: Words = english) -> dict[str, HandoutView]:
    """The view of every tier, made once per run and shared by checks and renderers."""
    return {tier: tier_view(topic, tier, today, words) for tier in TIERS}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _review_line(topic: Topic, words: Words) -> str:
    review = topic.review
    if review.status == "draft" or review.reviewed_on is None:
        return words(UI, "Not yet clinically reviewed")
    return words(UI, "Reviewed {date}").format(date=format_date(review.reviewed_on, words))


def _teach_back(topic: Topic, pick) -> ListView | None:
    block = topic.teach_back
    if block is None:
        return None
    items = [t for i in block.items if (t := pick(i))]
    heading = pick(block.heading)
    if not items or not heading:
        return None
    return ListView(heading, paragraphs(pick(block.intro)), items)


def _section(
    section: Section, tier: str, pick, cites: _Citations, words: Words
) -> SectionView | None:
    heading = pick(section.heading)
    if not heading:
        return None
    show_facts = tier == "clinician"
    items = []
    for item in section.items:
        title = pick(item.title)
        facts = list(item.facts.items()) if show_facts else []
        text = paragraphs(pick(item.text))
        # An item with no text for any reader is a plain entry (a name, say): every reader
        # with a title sees it. One with text for other readers only is not for this one.
        plain = item.text is None and not item.facts
        if title and (text or facts or plain):
            icon, picture = _icon(item.icon, tier), _picture(item.picture, tier)
            items.append(ItemView(title, text, facts, cites(item.sources), item.id, icon, picture))
    body = paragraphs(pick(section.text))
    timeline = timeline_view(section.timeline, pick, words)
    if not body and not items and timeline is None:
        return None
    keys: list[str] = []
    for item in items:
        keys += [label for label, _ in item.facts if label not in keys]
    # A table's labels in the handout's language, as the fact cards ask them.
    labels = {key: words(f"fact-label/{key}", key) for key in keys}
    items = [replace(i, facts=[(labels[k], v) for k, v in i.facts]) for i in items]
    return SectionView(
        id=section.id,
        heading=heading,
        paragraphs=body,
        items=items,
        after=paragraphs(pick(section.after)),
        cites=cites(section.sources),
        fact_labels=list(labels.values()),
        kind=section.kind,
        icon=_icon(section.icon, tier),
        timeline=timeline,
        fact_keys=keys,
    )


def _icon(name: str | None, tier: str) -> tuple[str, str] | None:
    # Pictures help families; the dense clinician handout has no room for them.
    return ICONS[name] if name and tier != "clinician" else None


def _picture(name: str | None, tier: str) -> tuple[Step, ...]:
    # Steps to do at home are for families; clinicians read the text.
    return STEP_PICTURES[name] if name and tier != "clinician" else ()


def _urgent(topic: Topic, pick, cites: _Citations) -> UrgentView | None:
    box = topic.urgent
    if box is None or not (heading := pick(box.heading)):
        return None
    groups = []
    for group in box.groups:
        lines = [t for i in group.items if (t := pick(i))]
        if lines:
            groups.append(UrgentGroupView(group.level, pick(group.label) or "", lines))
    if not groups:
        return None
    return UrgentView(heading, paragraphs(pick(box.intro)), groups, cites(box.sources))


class _Citations:
    """Number sources in order of first citation, as a reference list does."""

    def __init__(self, topic: Topic) -> None:
        self._sources = {s.id: s for s in topic.sources}
        self._numbers: dict[str, int] = {}

    def __call__(self, ids: tuple[str, ...]) -> list[int]:
        for ident in ids:
            self._numbers.setdefault(ident, len(self._numbers) + 1)
        return sorted({self._numbers[i] for i in ids})

    def references(self) -> list[Reference]:
        refs = []
        for ident, number in sorted(self._numbers.items(), key=lambda kv: kv[1]):
            source = self._sources[ident]
            cited_in = self._numbers.get(source.cited_in) if source.cited_in else None
            short = source.short or source.title
            refs.append(
                Reference(number, source.title, source.publisher, source.url, cited_in, short)
            )
        return refs
