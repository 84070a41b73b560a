"""The typed model of a topic source: what a YAML file may say, and nothing more.

Every model forbids unknown keys, so a misspelt key is an error rather than
silently ignored. Text that differs per reader is a `Tiered` value: either one
string for every tier or a mapping `{child: ..., parent: ..., clinician: ...}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    model_validator,
)

from allprint.source.clinical_review import Review
from allprint.source.essentials import Essentials
from allprint.source.fields import (
    CLOZE_RE,
    Id,
    NonEmpty,
    SourceRefs,
    Strict,
    Tiered,
    invalid,
)
from allprint.source.pictures import ICON_FIELD, PICTURE_FIELD, IconName, PictureName
from allprint.source.pictures import ICONS as ICONS
from allprint.source.readers import TIERS as TIERS
from allprint.source.readers import Tier as Tier
from allprint.source.timeline import Timeline
from allprint.source.tools import Tools
from allprint.source.wallet_card import WalletCardField


class Source(Strict):
    id: Id
    title: NonEmpty = Field(
        description="The source's own title; where only a site is named, the site's name."
    )
    publisher: NonEmpty
    """Who publishes it."""
    short: NonEmpty | None = Field(
        default=None,
        max_length=40,
        description="A short name for flashcards' one-line Source, e.g. `Cancer.gov` "
        "(default: the title).",
    )
    url: NonEmpty | None = None
    """Where it can be found."""
    note: NonEmpty | None = None
    """A note for authors; not printed."""
    cited_in: Id | None = Field(
        default=None,
        description="Id of the source that cites this one (when only its name is known): "
        'the reference then says "cited in [n]".',
    )
    kind: Literal["primary", "secondary"] = Field(
        default="primary",
        description="`secondary` for a source that is not itself an authority (a blog, a "
        "review of unknown authorship): `check` warns where a text rests on it, and flashcards "
        "name it after the primary sources.",
    )


class Titles(Strict):
    child: NonEmpty
    """The child handout's title."""
    parent: NonEmpty
    """The parent handout's title."""
    clinician: NonEmpty
    """The clinician handout's title."""


class Item(Strict):
    """An entry in a section's list: a symptom, a test, a medicine..."""

    id: Id
    title: Tiered
    """The item's name, e.g. a symptom or medicine."""
    icon: IconName | None = ICON_FIELD
    text: Tiered | None = None
    """What to know about it, per reader."""
    picture: PictureName | None = PICTURE_FIELD
    facts: dict[NonEmpty, NonEmpty] = Field(
        default_factory=dict,
        description="Labelled clinical facts (e.g. Mechanism, Route); clinician tier only.",
    )
    sources: SourceRefs = ()


class CardsFromFacts(Strict):
    """Make one flashcard per item and named fact, e.g. each medicine's mechanism."""

    deck: NonEmpty
    """Sub-deck of the cards made, e.g. `Medicines`."""
    facts: tuple[NonEmpty, ...] = Field(min_length=1)
    """Which fact labels become cards, e.g. `[How it works, Monitoring]`."""
    question: NonEmpty = Field(
        default="{item}: {fact}?",
        description="Front of the card; {item} and {fact} are filled in.",
    )
    questions: dict[NonEmpty, NonEmpty] = Field(
        default_factory=dict,
        description="A front per fact label, e.g. `How it works: How does {item} work?` "
        "(default: `question`).",
    )
    skip: dict[Id, tuple[NonEmpty, ...]] = Field(
        default_factory=dict,
        description="Facts of an item that make no card (they still print), by item id, "
        "e.g. `anti-infectives: [Monitoring]`.",
    )


class Section(Strict):
    id: Id
    heading: Tiered
    """The section's heading, per reader; a reader without one does not see the section."""
    icon: IconName | None = ICON_FIELD
    kind: Literal["info", "actions", "steps"] = Field(
        default="info",
        description="`actions`: the items are things the reader can do, printed as a checklist; "
        "`steps`: the items are steps to take in order, printed numbered.",
    )
    text: Tiered | None = None
    """Paragraphs, per reader (a blank line between paragraphs)."""
    timeline: Timeline | None = None
    """Phases in order (of a treatment), drawn as a timeline under the heading, for every
    reader who has names for them."""
    items: tuple[Item, ...] = ()
    """A list of entries: symptoms, tests, medicines, steps..."""
    after: Tiered | None = Field(default=None, description="Text shown after the list.")
    sources: SourceRefs = ()
    cards_from_facts: CardsFromFacts | None = None
    """Make flashcards from the items' facts."""


UrgentLevel = Literal["emergency", "today", "next-visit"]


class UrgentGroup(Strict):
    level: UrgentLevel = Field(
        description="`emergency` (act now), `today` (call the team today) or `next-visit`."
    )
    label: Tiered
    """E.g. `Emergency — call now`."""
    items: tuple[Tiered, ...] = Field(min_length=1)
    """The signs, per reader."""


class Urgent(Strict):
    """The "when to call" box: never split across pages, shown near the top."""

    heading: Tiered
    """E.g. `When to get help`."""
    intro: Tiered | None = None
    """A line before the groups."""
    groups: tuple[UrgentGroup, ...] = Field(min_length=1)
    """The levels, most urgent first."""
    sources: SourceRefs = ()


class KeyPoints(Strict):
    heading: Tiered
    """E.g. `Key points`."""
    items: tuple[Tiered, ...] = Field(min_length=1)
    """The points; the first is the main message."""


class Faq(Strict):
    id: Id
    question: Tiered
    """The question, per reader."""
    answer: Tiered
    """The answer, per reader."""
    sources: SourceRefs = ()


class TeachBack(Strict):
    """Questions the reader answers in their own words ("Can you tell me...?"), printed last."""

    heading: Tiered
    """E.g. `Check your understanding`."""
    intro: Tiered | None = None
    """A line before the questions."""
    items: tuple[Tiered, ...] = Field(min_length=1)
    """The questions, per reader."""


class GlossaryEntry(Strict):
    term: NonEmpty
    """The word, e.g. `Leukemia`."""
    definition: Tiered
    """What it means, per reader."""
    known_words: tuple[NonEmpty, ...] = Field(
        default=(),
        description="Word forms this entry teaches (e.g. leukemia); the reading-level check "
        "counts them as easy words for every tier that gets the definition.",
    )


class PerReader(Strict):
    """A number per reader; empty means no limit."""

    child: int | None = None
    """For the child."""
    parent: int | None = None
    """For parents and carers."""
    clinician: int | None = None
    """For clinicians."""

    def get(self, tier: str) -> int | None:
        return getattr(self, tier)


class ReadingLevel(Strict):
    """Highest Flesch-Kincaid grade allowed per tier; empty means no limit."""

    child: float | None = Field(default=4, description="AMA-style default for a child: grade 4.")
    parent: float | None = Field(default=6, description="AMA: grade 6 or lower.")
    clinician: float | None = None
    """No limit by default."""
    sentence_words: PerReader = PerReader(child=12, parent=20)
    """A sentence with more words than this is named in a warning (child 12, parent 20)."""
    sentence_hard_words: PerReader = PerReader(child=0, parent=2)
    """A sentence with more words of three or more syllables than this (not counting words
    the glossary teaches) is named in a warning (child 0, parent 2)."""

    ease: dict[str, PerReader] = Field(
        default_factory=lambda: {"es": PerReader(child=85, parent=70)},
        description="Lowest reading ease per language and reader, for translations scored "
        "with a formula made for that language (Spanish: Fernández-Huerta, 0-100, higher is "
        "easier; default child 85, parent 70).",
    )

    def limit(self, tier: str) -> float | None:
        return getattr(self, tier)


class Card(Strict):
    """A flashcard written by hand: Basic (front/back) or Cloze (text with {{c1::...}})."""

    id: Id
    deck: NonEmpty = Field(description="Sub-deck, e.g. `Medicines`.")
    front: NonEmpty | None = None
    """The question (a Basic card)."""
    back: NonEmpty | None = None
    """The short answer (a Basic card)."""
    cloze: NonEmpty | None = None
    """A sentence with the answer marked, e.g. `Blood is made in the {{c1::bone marrow}}.`"""
    extra: NonEmpty | None = None
    """An extra line shown on the back."""
    tags: tuple[Annotated[str, StringConstraints(pattern=r"^\S+$")], ...] = ()
    """Anki tags, e.g. `[urgent, infection]`."""
    sources: SourceRefs = Field(min_length=1)

    @model_validator(mode="after")
    def _one_kind(self) -> Card:
        basic = self.front is not None or self.back is not None
        if self.cloze is not None and basic:
            raise invalid(
                "a card has either `cloze` or `front` and `back`, not both",
                "keep `cloze` for a fill-in card, or `front` and `back` for a question",
            )
        if self.cloze is None and (self.front is None or self.back is None):
            raise invalid(
                "a card needs `front` and `back`, or `cloze`", "add the missing side of the card"
            )
        if self.cloze is not None and not CLOZE_RE.search(self.cloze):
            raise invalid(
                "a `cloze` card has no deletion", "mark the answer like {{c1::bone marrow}}"
            )
        return self

    @property
    def is_cloze(self) -> bool:
        return self.cloze is not None


class Topic(Strict):
    id: Id
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")]
    """Language code of the text, e.g. `en`."""
    version: NonEmpty
    """The content version, in quotes, e.g. `"1.2.0"`; printed on every page."""
    updated: dt.date
    """The day of the last change (YYYY-MM-DD); printed on every page and dates the files."""
    titles: Titles
    """The title of each reader's handout."""
    short_title: NonEmpty | None = Field(
        default=None,
        max_length=40,
        description="Topic name for page footers, e.g. `Pediatric ALL`.",
    )
    subtitle: Tiered | None = None
    """A line under the title, per reader."""
    publisher: NonEmpty
    """Who publishes the handouts."""
    author: NonEmpty
    """Who wrote them."""
    licence: NonEmpty
    """The licence the handouts are published under, e.g. `CC BY 4.0`."""
    review: Review
    """The clinical review."""
    reading_level: ReadingLevel = Field(default_factory=ReadingLevel)
    """The highest reading grade per reader."""
    deck: NonEmpty = Field(description="Name of the Anki deck, e.g. `Pediatric ALL`.")
    sources: tuple[Source, ...] = Field(min_length=1)
    """Every source the facts come from; cited by id."""
    key_points: KeyPoints | None = None
    """A summary box at the top."""
    urgent: Urgent | None = None
    """The call-for-help box, with levels emergency / today / next-visit; on page 1."""
    sections: tuple[Section, ...] = Field(min_length=1)
    """The body of the handouts, in order."""
    faqs: tuple[Faq, ...] = ()
    """Questions and answers."""
    faq_heading: Tiered = Field(default="Questions and answers", validate_default=True)
    """Heading of the questions and answers."""
    glossary: tuple[GlossaryEntry, ...] = ()
    """Words to know."""
    glossary_heading: Tiered = Field(default="Words to know", validate_default=True)
    """Heading of the glossary."""
    teach_back: TeachBack | None = None
    """Questions the reader answers in their own words ("Can you tell me...?")."""
    wallet_card: WalletCardField | None = Field(
        default=None,
        description="The cut-out wallet card of the parent's fill-in tools: one text (its "
        "warning, e.g. `Fever is an emergency for this child.`), or a mapping with `warning`, "
        "`note_for_staff`, `diagnosis` and `lines`.",
    )
    tools: Tools = Field(default_factory=Tools)
    """The parent's fill-in pages: the topic's own lines, columns and signs to log."""
    essentials: Essentials = Field(
        default_factory=Essentials,
        description="What the one-sheet handout of each reader holds (defaults when absent).",
    )
    disclaimer: Tiered
    """Printed on the last page."""
    cards: tuple[Card, ...] = ()
    """Flashcards written by hand."""
    retired_cards: tuple[Id, ...] = ()
    """Ids of cards taken out of the deck. Anki never deletes a note on import, so each
    ships once more, tagged `allprint::retired`, for nurses to find and delete. Only a
    card once built into the deck of the reviewed topic needs it: a draft's may just go."""

    @property
    def timestamp(self) -> int:
        """Noon UTC on `updated`: the fixed time stamped into outputs, so builds repeat."""
        noon = dt.datetime.combine(self.updated, dt.time(12), tzinfo=dt.UTC)
        return int(noon.timestamp())
